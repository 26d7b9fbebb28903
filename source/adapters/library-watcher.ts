/**
The watched library (issue 18), as it runs in its worker thread (library-watch.ts starts it): one `fs.watch` per
folder (an inotify watch per folder on Linux, not per file), changes gathered for a moment and answered as one batch
of rows to add, change or drop. What a batch reads goes through the library's own reader (`readMetas`: the same
limits and the same neutralising as a scan). Where watching is not possible (no more inotify watches: ENOSPC; too
many open files; a file system without notifications) it falls back to scanning every few seconds, slower the larger
the library.

Why not chokidar: it watches every file with its own `fs.watch` as well as every folder, so a 100,000-article
library would take 100,000 inotify watches (the default limit on many systems is 8,192 or 65,536) and 100,000
watcher objects; @parcel/watcher is a native addon, which the bundle cannot carry. Per-folder `fs.watch` reports
every name created, changed, removed or renamed in the folder, which is all the list needs.
*/
import fs from 'node:fs';
import path from 'node:path';
import type {ArticleMeta} from '../core/types.js';
import {articleFile, readMetas, scanLibrary, shadowedConflictCopy} from './library.js';

export type LibraryChanges = {
	/** Rows new or changed (their metadata read fresh). */
	readonly upserts: readonly ArticleMeta[];
	/** Paths (relative) of rows gone. */
	readonly removed: readonly string[];
	/** Which of `upserts` are paths the library did not have. */
	readonly added: readonly string[];
};

export type WatcherEvent =
	| {readonly type: 'changes'; readonly changes: LibraryChanges; readonly id?: number}
	/** Something changed under `<library>/.tidings/devices/` (per-device state of a sync helper). */
	| {readonly type: 'shared-state-changed'}
	| {readonly type: 'mode'; readonly mode: 'watching' | 'polling'; readonly reason?: string; readonly files: number};

/** Quiet time before a batch is answered, and the longest a change waits in a burst. */
const quietMs = 80;
const longestMs = 400;
const sharedFolder = path.join('.tidings', 'devices');

const fingerprint = (size: number, mtimeMs: number) => `${size}:${Math.trunc(mtimeMs)}`;

export class LibraryWatcher {
	readonly #root: string;
	readonly #emit: (event: WatcherEvent) => void;
	/** Article files as last seen: relative path → size:mtime. */
	#known = new Map<string, string>();
	#watchers = new Map<string, fs.FSWatcher>();
	#pending = new Set<string>();
	#shared = false;
	#first = 0;
	#timer: NodeJS.Timeout | undefined;
	#poll: NodeJS.Timeout | undefined;
	#mode: 'watching' | 'polling' = 'watching';
	#closed = false;
	/** Stops the watching at the first error (ENOSPC …); set while starting. */
	#failure: string | undefined;

	constructor(root: string, emit: (event: WatcherEvent) => void) {
		this.#root = root;
		this.#emit = emit;
	}

	get mode(): 'watching' | 'polling' {
		return this.#mode;
	}

	/**
	`known`: the files the reader listed (path, size, mtime); each folder is watched before it is read, and what the
	scan finds different from `known` is told at once, so nothing that changed since the reader read the library is
	missed. `poll`: scan every few seconds instead of watching; `manual`: neither, only `rescan()` when asked.
	*/
	async start(options: {readonly poll?: boolean; readonly manual?: boolean; readonly known?: ReadonlyArray<{readonly path: string; readonly size: number; readonly mtimeMs: number}>} = {}): Promise<void> {
		const watch = options.poll !== true && options.manual !== true;
		if (options.known !== undefined) {
			this.#known = new Map(options.known.map(file => [file.path, fingerprint(file.size, file.mtimeMs)]));
			const changes = await this.rescan(watch ? relative => this.#watch(relative) : undefined);
			if (changes.upserts.length > 0 || changes.removed.length > 0) {
				this.#emit({type: 'changes', changes});
			}
		} else {
			const files = await scanLibrary(this.#root, watch ? (_absolute, relative) => this.#watch(relative) : undefined);
			this.#known = new Map(files.map(file => [file.path, fingerprint(file.size, file.mtimeMs)]));
		}

		if (options.manual === true) {
			return;
		}

		if (options.poll === true) {
			this.#startPolling('asked to poll');
			return;
		}

		this.#watchShared();
		if (this.#failure === undefined) {
			this.#emit({type: 'mode', mode: 'watching', files: this.#known.size});
		} else {
			this.#startPolling(this.#failure);
		}
	}

	close(): void {
		this.#closed = true;
		this.#closeWatchers();
		clearTimeout(this.#timer);
		clearTimeout(this.#poll);
	}

	/** A whole scan compared with what was seen (`r`, and each round of polling). */
	async rescan(onFolder?: (relative: string) => void): Promise<LibraryChanges> {
		const files = await scanLibrary(this.#root, onFolder === undefined ? undefined : (_absolute, relative) => onFolder(relative));
		const seen = new Set<string>();
		const changed: string[] = [];
		const added: string[] = [];
		for (const file of files) {
			seen.add(file.path);
			const print = fingerprint(file.size, file.mtimeMs);
			const before = this.#known.get(file.path);
			if (before !== print) {
				if (before === undefined) {
					added.push(file.path);
				}

				changed.push(file.path);
				this.#known.set(file.path, print);
			}
		}

		const removed = [...this.#known.keys()].filter(known => !seen.has(known));
		for (const gone of removed) {
			this.#known.delete(gone);
		}

		return {upserts: readMetas(this.#root, changed), removed, added};
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
		this.#emit({type: 'mode', mode: 'polling', reason: `${reason}; it is scanned every few seconds instead`, files: this.#known.size});
		const round = async () => {
			if (this.#closed) {
				return;
			}

			const started = Date.now();
			const changes = await this.rescan();
			if (changes.upserts.length > 0 || changes.removed.length > 0) {
				this.#emit({type: 'changes', changes});
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
			const watcher = fs.watch(path.join(this.#root, relative), {persistent: true}, (_event, name) => {
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
				const watcher = fs.watch(path.join(this.#root, folder), {persistent: true}, (_event, name) => {
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
			this.#flush();
		}, wait);
	}

	/** One batch: each named path looked at once; a folder without a name (or a new folder) is read whole. */
	#flush(): void {
		if (this.#closed) {
			return;
		}

		if (this.#shared) {
			this.#shared = false;
			this.#emit({type: 'shared-state-changed'});
		}

		const pending = [...this.#pending];
		this.#pending.clear();
		if (pending.length === 0) {
			return;
		}

		const changed = new Set<string>();
		const removed = new Set<string>();
		const added = new Set<string>();
		const upsert = (relative: string, stat: fs.Stats) => {
			const print = fingerprint(stat.size, stat.mtimeMs);
			const before = this.#known.get(relative);
			if (before !== print) {
				if (before === undefined) {
					added.add(relative);
				}

				this.#known.set(relative, print);
				changed.add(relative);
			}
		};

		const removeUnder = (relative: string) => {
			if (this.#known.delete(relative)) {
				removed.add(relative);
			}

			const prefix = relative === '' ? '' : `${relative}/`;
			for (const known of this.#known.keys()) {
				if (known.startsWith(prefix) && prefix !== '') {
					this.#known.delete(known);
					removed.add(known);
				}
			}

			for (const [folder, watcher] of this.#watchers) {
				if (folder === relative || (prefix !== '' && folder.startsWith(prefix))) {
					watcher.close();
					this.#watchers.delete(folder);
				}
			}
		};

		const addFolder = (relative: string) => {
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
					const stat = fs.statSync(path.join(this.#root, child), {throwIfNoEntry: false});
					if (stat?.isDirectory() && !this.#watchers.has(child)) {
						stack.push(child);
					} else if (stat?.isFile() && articleFile.test(entry.name) && !shadowedConflictCopy(path.join(this.#root, folder), entry.name)) {
						upsert(child, stat);
					}
				}
			}
		};

		const readWhole = (folder: string) => {
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

			addFolder(folder);
		};

		for (const item of pending) {
			if (item.endsWith('\u0000')) {
				readWhole(item.slice(0, -1));
				continue;
			}

			const stat = fs.statSync(path.join(this.#root, item), {throwIfNoEntry: false});
			if (stat === undefined) {
				removeUnder(item);
			} else if (stat.isDirectory()) {
				if (!this.#watchers.has(item)) {
					addFolder(item);
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

		this.#emit({type: 'changes', changes: {upserts: readMetas(this.#root, [...changed]), removed: [...removed], added: [...added]}});
	}
}
