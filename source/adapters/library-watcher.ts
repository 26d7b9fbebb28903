/**
The watched library (issue 18), in the reader's own thread: one `fs.watch` per folder (an inotify watch per folder on
Linux, not per file: handles in the kernel, no thread, no memory to speak of), changes gathered for a moment and
answered as one batch of rows to add, change or drop. The slow parts run where they cost no key (library-scan.ts):
the whole scan that compares the disk with the reader's rows at start-up and for `r`, and reading the heads of many
changed files, go to a worker thread that ends when idle; a few changed files are read here. What a batch reads goes
through the library's own reader (`readMetas`: the same limits and the same neutralising as a scan). Where watching
is not possible (no more inotify watches: ENOSPC; too many open files; a file system without notifications) it falls
back to scanning every few seconds, slower the larger the library.

Why not chokidar: it watches every file with its own `fs.watch` as well as every folder, so a 100,000-article
library would take 100,000 inotify watches (the default limit on many systems is 8,192 or 65,536) and 100,000
watcher objects; @parcel/watcher is a native addon, which the bundle cannot carry. Per-folder `fs.watch` reports
every name created, changed, removed or renamed in the folder, which is all the list needs.
*/
import fs from 'node:fs';
import path from 'node:path';
import {articleFile, shadowedConflictCopy, yieldToEventLoop} from './library.js';
import {LibraryScanner, type LibraryChanges, type ScanResult} from './library-scan.js';

export type {LibraryChanges} from './library-scan.js';

export type WatcherEvent =
	| {readonly type: 'changes'; readonly changes: LibraryChanges; readonly id?: number}
	/** Something changed under `<library>/.tidings/devices/` (per-device state of a sync helper). */
	| {readonly type: 'shared-state-changed'}
	| {readonly type: 'mode'; readonly mode: 'watching' | 'polling'; readonly reason?: string; readonly files: number};

/** Quiet time before a batch is answered, and the longest a change waits in a burst. */
const quietMs = 80;
const longestMs = 400;
/** Paths looked at per turn of the event loop while a batch is gathered (a burst of thousands must not hold a key). */
const statSlice = 256;
const sharedFolder = path.join('.tidings', 'devices');

type FileFact = {readonly size: number; readonly mtimeMs: number};
type FileAt = FileFact & {readonly path: string};
/** `map` with the files `from` to `to` of `files` put in by path. */
function fillKnown(map: Map<string, FileFact>, files: readonly FileAt[], from: number, to: number): Map<string, FileFact> {
	for (let index = from; index < Math.min(files.length, to); index++) {
		map.set(files[index]!.path, files[index]!);
	}

	return map;
}

const sameFact = (a: FileFact | undefined, b: FileFact) => a !== undefined && a.size === b.size && Math.trunc(a.mtimeMs) === Math.trunc(b.mtimeMs);

export type StartOptions = {
	/** Scan every few seconds instead of watching. */
	readonly poll?: boolean;
	/** Neither: only `rescan()` when asked. */
	readonly manual?: boolean;
	/** The rows the reader lists (their size and mtime): what differs on disk is the start-up's changes. */
	readonly known?: ReadonlyArray<{readonly path: string; readonly size: number; readonly mtimeMs: number}>;
	/** No index yet, or its change log grown large: the whole load (in the worker), which writes the index again. */
	readonly load?: {readonly cacheDir: string};
};

export class LibraryWatcher {
	readonly #root: string;
	readonly #emit: (event: WatcherEvent) => void;
	readonly #scanner: LibraryScanner;
	/**
	Article files as last seen: relative path → size and mtime (the reader's own rows where it gave them). Made from
	`#seen` the first time something asks by path (a change on disk, a scan that found changes): at 100,000 files the
	map is 3.5 MB that a session in which nothing changes never reads (issue 14: peak RSS).
	*/
	#knownMap: Map<string, FileFact> | undefined = new Map();
	/** The files as the start was given them, while `#knownMap` is not made yet. */
	#seen: readonly FileAt[] = [];

	get #known(): Map<string, FileFact> {
		if (this.#knownMap === undefined) {
			this.#knownMap = fillKnown(new Map(), this.#seen, 0, this.#seen.length);
			this.#seen = [];
		}

		return this.#knownMap;
	}

	/** Makes `#known` a slice of 8,192 rows at a time between keys (100,000 at once held a key 20–40 ms). */
	async #knownInSlices(): Promise<void> {
		if (this.#knownMap !== undefined) {
			return;
		}

		const seen = this.#seen;
		const map = new Map<string, FileFact>();
		for (let from = 0; from < seen.length; from += 8192) {
			fillKnown(map, seen, from, from + 8192);
			await yieldToEventLoop();
			if (this.#seen !== seen) {
				// A new start meanwhile: its own rows.
				return;
			}
		}

		this.#knownMap ??= map;
		this.#seen = [];
	}

	/** The files as last seen, as a list (for a whole scan to compare with). */
	#knownFiles(): readonly FileAt[] {
		return this.#knownMap === undefined ? this.#seen : [...this.#knownMap].map(([relative, fact]) => ({path: relative, size: fact.size, mtimeMs: fact.mtimeMs}));
	}

	get #knownCount(): number {
		return this.#knownMap?.size ?? this.#seen.length;
	}
	#watchers = new Map<string, fs.FSWatcher>();
	#pending = new Set<string>();
	#shared = false;
	#first = 0;
	#timer: NodeJS.Timeout | undefined;
	#poll: NodeJS.Timeout | undefined;
	#flushing: Promise<void> | undefined;
	#starting: Promise<void> = Promise.resolve();
	#mode: 'watching' | 'polling' = 'watching';
	#closed = false;
	/** Stops the watching at the first error (ENOSPC …); set while starting. */
	#failure: string | undefined;

	constructor(root: string, emit: (event: WatcherEvent) => void, scanner = new LibraryScanner(root)) {
		this.#root = root;
		this.#emit = emit;
		this.#scanner = scanner;
	}

	get mode(): 'watching' | 'polling' {
		return this.#mode;
	}

	/**
	Starts watching, and gives back what differs between the disk and `known` (not emitted: the caller applies it).
	Every folder the known rows live in is watched before the scan reads it; a folder the scan finds that was not known
	is watched then and read again, so nothing that changes meanwhile is missed. Without `known` the scan only learns
	what is there (its changes are every file).
	*/
	async start(options: StartOptions = {}): Promise<LibraryChanges> {
		const starting = this.#start(options);
		// A rescan asked for meanwhile (`r` in the first moments) waits for it: it would compare with half the rows.
		this.#starting = starting.then(() => undefined, () => undefined);
		return starting;
	}

	async #start(options: StartOptions): Promise<LibraryChanges> {
		const watch = options.poll !== true && options.manual !== true;
		const known = options.known ?? [];
		// In slices: 100,000 rows at once would hold the reader's keys for tens of ms.
		this.#knownMap = undefined;
		this.#seen = known;
		const folders = new Set<string>();
		for (let index = 0; index < known.length; index++) {
			const file = known[index]!;
			let folder = path.posix.dirname(file.path);
			while (folder !== '.' && !folders.has(folder)) {
				folders.add(folder);
				folder = path.posix.dirname(folder);
			}

			if (index % 8192 === 8191) {
				await yieldToEventLoop();
			}
		}

		if (watch) {
			this.#watch('');
			for (const folder of folders) {
				this.#watch(folder);
			}
		}

		const result = options.load === undefined ? await this.#scanner.compare(known) : await this.#scanner.load(options.load.cacheDir, known);
		if (result.changes.upserts.length + result.changes.removed.length > 0) {
			await this.#knownInSlices();
		}

		this.#take(result, watch);
		if (options.manual === true || this.#closed) {
			return result.changes;
		}

		if (options.poll === true) {
			this.#startPolling('asked to poll');
			return result.changes;
		}

		this.#watchShared();
		if (this.#failure === undefined) {
			this.#emit({type: 'mode', mode: 'watching', files: this.#knownCount});
		} else {
			this.#startPolling(this.#failure);
		}

		return result.changes;
	}

	close(): void {
		this.#closed = true;
		this.#closeWatchers();
		clearTimeout(this.#timer);
		clearTimeout(this.#poll);
	}

	/** A whole scan compared with what was seen (`r`, and each round of polling). */
	async rescan(): Promise<LibraryChanges> {
		await this.#starting;
		const result = await this.#scanner.compare(this.#knownFiles());
		if (result.changes.upserts.length + result.changes.removed.length > 0) {
			await this.#knownInSlices();
		}

		this.#take(result, this.#mode === 'watching' && this.#watchers.size > 0);
		return result.changes;
	}

	/** A scan's result taken in: the rows seen updated, folders not watched yet watched and read again. */
	#take({changes, folders}: ScanResult, watch: boolean): void {
		for (const gone of changes.removed) {
			this.#known.delete(gone);
		}

		for (const meta of changes.upserts) {
			this.#known.set(meta.path, meta);
		}

		if (!watch) {
			return;
		}

		for (const folder of folders) {
			if (!this.#watchers.has(folder)) {
				this.#watch(folder);
				// Watched after the scan read it: whatever came between is found by reading it again.
				this.#pending.add(`${folder}\u0000`);
				this.#schedule();
			}
		}
	}

	#closeWatchers(): void {
		for (const watcher of this.#watchers.values()) {
			watcher.close();
		}

		this.#watchers.clear();
	}

	#startPolling(reason: string): void {
		this.#closeWatchers();
		this.#mode = 'polling';
		this.#emit({type: 'mode', mode: 'polling', reason: `${reason}; it is scanned every few seconds instead`, files: this.#knownCount});
		const round = async () => {
			if (this.#closed) {
				return;
			}

			const started = Date.now();
			try {
				const changes = await this.rescan();
				if (changes.upserts.length > 0 || changes.removed.length > 0) {
					this.#emit({type: 'changes', changes});
				}
			} catch {
				// A scan that failed (its worker stopped) is tried again next round.
			}

			// Every 2 s for a small library; a large one waits 20 times what a scan took, so polling stays a small load.
			this.#poll = setTimeout(() => void round(), Math.max(2000, 20 * (Date.now() - started)));
		};

		this.#poll = setTimeout(() => void round(), 2000);
	}

	#watch(relative: string): void {
		if (this.#watchers.has(relative) || this.#failure !== undefined || this.#closed) {
			return;
		}

		try {
			const watcher = fs.watch(path.join(this.#root, relative), {persistent: false}, (_event, name) => {
				this.#changed(relative, name === null ? undefined : String(name));
			});
			watcher.on('error', () => {
				// The folder went away (its parent's event says so) or the watch broke: drop it; a rescan of the parent
				// finds what is there.
				watcher.close();
				this.#watchers.delete(relative);
				this.#changed(path.dirname(relative) === '.' ? '' : path.dirname(relative), undefined);
			});
			this.#watchers.set(relative, watcher);
		} catch (error) {
			const code = (error as NodeJS.ErrnoException).code;
			if (code === 'ENOSPC' || code === 'EMFILE' || code === 'ENFILE' || code === 'ENOSYS' || code === 'EPERM' || code === 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM') {
				this.#failure = code === 'ENOSPC' ? 'no more inotify watches (fs.inotify.max_user_watches)' : `cannot watch (${code})`;
			}
		}
	}

	/** `<library>/.tidings/devices/`: only that it changed is told (a sync helper merges it). */
	#watchShared(): void {
		for (const folder of ['.tidings', sharedFolder]) {
			if (this.#watchers.has(folder) || !fs.existsSync(path.join(this.#root, folder))) {
				continue;
			}

			try {
				const watcher = fs.watch(path.join(this.#root, folder), {persistent: false}, (_event, name) => {
					if (folder === sharedFolder) {
						this.#shared = true;
						this.#schedule();
					} else if (String(name) === 'devices') {
						this.#watchShared();
						this.#shared = true;
						this.#schedule();
					}
				});
				watcher.on('error', () => {
					watcher.close();
					this.#watchers.delete(folder);
				});
				this.#watchers.set(folder, watcher);
			} catch {}
		}
	}

	#changed(folder: string, name: string | undefined): void {
		if (name !== undefined && (name.startsWith('.') || name.includes('/'))) {
			if (folder === '' && name === '.tidings') {
				this.#watchShared();
			}

			return;
		}

		this.#pending.add(name === undefined ? `${folder}\u0000` : (folder === '' ? name : `${folder}/${name}`));
		this.#schedule();
	}

	#schedule(): void {
		const now = Date.now();
		if (this.#timer === undefined) {
			this.#first = now;
		}

		clearTimeout(this.#timer);
		const wait = Math.max(0, Math.min(quietMs, this.#first + longestMs - now));
		this.#timer = setTimeout(() => {
			this.#timer = undefined;
			// One batch at a time: what comes while one is read waits for the next.
			if (this.#flushing === undefined) {
				this.#flushing = this.#flush().catch(() => undefined).finally(() => {
					this.#flushing = undefined;
					if (this.#pending.size > 0 || this.#shared) {
						this.#schedule();
					}
				});
			} else {
				this.#schedule();
			}
		}, wait);
	}

	/** One batch: each named path looked at once; a folder without a name (or a new folder) is read whole. */
	async #flush(): Promise<void> {
		if (this.#closed) {
			return;
		}

		if (this.#shared) {
			this.#shared = false;
			this.#emit({type: 'shared-state-changed'});
		}

		if (this.#pending.size === 0) {
			return;
		}

		await this.#knownInSlices();
		const pending = [...this.#pending];
		this.#pending.clear();
		if (pending.length === 0 || this.#closed) {
			return;
		}

		const changed = new Set<string>();
		const removed = new Set<string>();
		const added = new Set<string>();
		let looked = 0;
		const pause = async () => {
			if (++looked % statSlice === 0) {
				await yieldToEventLoop();
			}
		};

		const upsert = (relative: string, stat: fs.Stats) => {
			const before = this.#known.get(relative);
			const fact = {size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs)};
			if (!sameFact(before, fact)) {
				if (before === undefined) {
					added.add(relative);
				}

				this.#known.set(relative, fact);
				changed.add(relative);
			}
		};

		const removeUnder = (relative: string) => {
			if (this.#known.delete(relative)) {
				removed.add(relative);
			}

			const prefix = relative === '' ? '' : `${relative}/`;
			if (prefix !== '') {
				for (const known of this.#known.keys()) {
					if (known.startsWith(prefix)) {
						this.#known.delete(known);
						removed.add(known);
					}
				}
			}

			for (const [folder, watcher] of this.#watchers) {
				if (folder === relative || (prefix !== '' && folder.startsWith(prefix))) {
					watcher.close();
					this.#watchers.delete(folder);
				}
			}
		};

		const addFolder = async (relative: string) => {
			// A folder moved or copied in: every article under it, and a watch on each of its folders.
			const stack = [relative];
			while (stack.length > 0) {
				const folder = stack.pop()!;
				if (folder.split('/').length > 32) {
					continue;
				}

				this.#watch(folder);
				let entries: fs.Dirent[];
				try {
					entries = fs.readdirSync(path.join(this.#root, folder), {withFileTypes: true});
				} catch {
					continue;
				}

				for (const entry of entries) {
					if (entry.name.startsWith('.')) {
						continue;
					}

					const child = folder === '' ? entry.name : `${folder}/${entry.name}`;
					if (!entry.isDirectory() && !entry.isSymbolicLink() && !articleFile.test(entry.name)) {
						continue;
					}

					const stat = fs.statSync(path.join(this.#root, child), {throwIfNoEntry: false});
					await pause();
					if (stat?.isDirectory() && !this.#watchers.has(child)) {
						stack.push(child);
					} else if (stat?.isFile() && articleFile.test(entry.name) && !shadowedConflictCopy(path.join(this.#root, folder), entry.name)) {
						upsert(child, stat);
					}
				}
			}
		};

		const readWhole = async (folder: string) => {
			const present = new Set<string>();
			try {
				for (const entry of fs.readdirSync(path.join(this.#root, folder))) {
					present.add(folder === '' ? entry : `${folder}/${entry}`);
				}
			} catch {
				removeUnder(folder);
				return;
			}

			for (const known of this.#known.keys()) {
				if (path.posix.dirname(known) === (folder === '' ? '.' : folder) && !present.has(known)) {
					this.#known.delete(known);
					removed.add(known);
				}
			}

			await addFolder(folder);
		};

		for (const item of pending) {
			if (this.#closed) {
				return;
			}

			if (item.endsWith('\u0000')) {
				await readWhole(item.slice(0, -1));
				continue;
			}

			const stat = fs.statSync(path.join(this.#root, item), {throwIfNoEntry: false});
			await pause();
			if (stat === undefined) {
				removeUnder(item);
			} else if (stat.isDirectory()) {
				if (!this.#watchers.has(item)) {
					await addFolder(item);
				}
			} else if (stat.isFile() && articleFile.test(item) && !shadowedConflictCopy(path.dirname(path.join(this.#root, item)), path.basename(item))) {
				// A sync engine's conflict copy beside its original is not listed (issue 20), as in a scan.
				upsert(item, stat);
			}
		}

		if (this.#failure !== undefined && this.#mode === 'watching') {
			this.#startPolling(this.#failure);
		}

		for (const gone of removed) {
			changed.delete(gone);
			added.delete(gone);
		}

		if (changed.size === 0 && removed.size === 0) {
			return;
		}

		// The heads: a few here, many in the scan worker. A file gone meanwhile is left out (the next event removes it).
		const upserts = await this.#scanner.read([...changed]);
		if (this.#closed) {
			return;
		}

		const read = new Set(upserts.map(meta => meta.path));
		this.#emit({type: 'changes', changes: {upserts, removed: [...removed], added: [...added].filter(relative => read.has(relative))}});
	}
}
