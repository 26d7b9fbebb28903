/**
The library read against what the reader lists (issue 18): a whole scan compared with the rows the reader shows, the
heads of changed files read, or (no index yet, or its change log grown large) the whole load that writes the index
again. The comparison runs in this thread, a slice of 2 ms at a time, allocating next to nothing; the reads of many
heads and the whole load of a large library run in a worker thread (library-scan-entry.ts), so no scan holds the
reader's keys; the worker ends a quarter of a second after its last job, so a watched library costs no thread while
nothing changes.
*/
import fs from 'node:fs';
import path from 'node:path';
import type {ArticleMeta} from '../core/types.js';
import {loadLibrary, readMetas, visitLibrary, yieldToEventLoop} from './library.js';
import {packFilesInSlices, unpackFiles, WorkerJobs, type PackedFiles} from './worker-job.js';

export type LibraryChanges = {
	/** Rows new or changed (their metadata read fresh). */
	readonly upserts: readonly ArticleMeta[];
	/** Paths (relative) of rows gone. */
	readonly removed: readonly string[];
	/** Which of `upserts` are paths the reader did not have. */
	readonly added: readonly string[];
};

/** A scan's changes, and every folder it read (for the watcher to watch what it did not know). */
export type ScanResult = {readonly changes: LibraryChanges; readonly folders: readonly string[]};

type FileFact = {readonly path: string; readonly size: number; readonly mtimeMs: number};

export type ScanJob =
	/**
	A whole scan compared with `known` (the start-up comparison, `r`, a round of polling): packed for the worker, the
	list itself in this thread.
	*/
	| {readonly type: 'compare'; readonly root: string; readonly known: PackedFiles | readonly FileFact[]}
	/** The heads of these files (a batch of the watched library). */
	| {readonly type: 'read'; readonly root: string; readonly relatives: readonly string[]}
	/** The whole load (the index read with its change log, the heads of what differs, the index written whole). */
	| {readonly type: 'load'; readonly root: string; readonly cacheDir: string; readonly known: PackedFiles};

const same = (a: FileFact | undefined, b: FileFact) => a !== undefined && a.size === b.size && Math.trunc(a.mtimeMs) === Math.trunc(b.mtimeMs);

/** Rows sent back per message from the worker: each message is taken in by the reader's thread between keys. */
const rowsPerMessage = 1000;

/**
Runs one job in this thread (the worker runs the same function, with `send`: then the rows read go back in messages
of 1,000 ahead of the result, which holds the rest, so no one message holds the reader's keys while it is copied in).
*/
export async function runScanJob(job: ScanJob, send?: (rows: readonly ArticleMeta[]) => void): Promise<ScanResult> {
	const result = await scanJob(job);
	const {upserts} = result.changes;
	if (send === undefined || upserts.length <= rowsPerMessage) {
		return result;
	}

	let from = 0;
	for (; from + rowsPerMessage < upserts.length; from += rowsPerMessage) {
		send(upserts.slice(from, from + rowsPerMessage));
	}

	return {...result, changes: {...result.changes, upserts: upserts.slice(from)}};
}

async function scanJob(job: ScanJob): Promise<ScanResult> {
	const folders: string[] = [];
	const onFolder = (_absolute: string, relative: string) => {
		folders.push(relative);
	};

	if (job.type === 'read') {
		return {changes: {upserts: readMetas(job.root, job.relatives), removed: [], added: []}, folders};
	}

	if (job.type === 'load') {
		const known = new Map(unpackFiles(job.known).map(file => [file.path, file]));
		const upserts: ArticleMeta[] = [];
		const added: string[] = [];
		const seen = new Set<string>();
		for (const meta of await loadLibrary(job.root, {cacheDir: job.cacheDir, onFolder})) {
			seen.add(meta.path);
			const before = known.get(meta.path);
			if (!same(before, meta)) {
				upserts.push(meta);
				if (before === undefined) {
					added.push(meta.path);
				}
			}
		}

		return {changes: {upserts, removed: [...known.keys()].filter(path => !seen.has(path)), added}, folders};
	}

	const known = Array.isArray(job.known) ? job.known as readonly FileFact[] : unpackFiles(job.known as PackedFiles);
	const {changed, added, removed} = await compareWith(job.root, known, onFolder);
	// The heads in slices of 64 (a few ms each), with a turn of the event loop between them.
	const upserts: ArticleMeta[] = [];
	for (let from = 0; from < changed.length; from += 64) {
		upserts.push(...readMetas(job.root, changed.slice(from, from + 64)));
		await yieldToEventLoop();
	}

	return {changes: {upserts, removed, added}, folders};
}

/** Files looked ahead of the comparison's place in `known` for the one found (a file removed since, or a few moved). */
const lookAhead = 8;
/** Rows put in a map per turn of the event loop, after the scan, for the files found out of order. */
const mapSlice = 8192;

/**
A whole scan compared with `known`, before any head is read: the paths changed or new, those new, those gone.

It keeps no list of the files found and no map of the reader's (issue 14: peak RSS): the index is written in the
scan's order, so each file found is, nearly always, the next one in `known` (or one of the next few: a file removed
since), and is ticked off there. A file found elsewhere (new, or the rows in another order) waits in a list; after
the scan, only the rows not ticked off go into a map, a slice at a time between keys, and those files are looked up
there. So a library that changed, or rows in any order, cost a few ms per turn at most, never one long stretch.
*/
async function compareWith(root: string, known: readonly FileFact[], onFolder: (absolute: string, relative: string) => void): Promise<{changed: string[]; added: string[]; removed: string[]}> {
	const found = new Uint8Array(known.length);
	const changed: string[] = [];
	const added: string[] = [];
	const elsewhere: FileFact[] = [];
	let next = 0;
	const tick = (at: number, relative: string, size: number, mtimeMs: number) => {
		found[at] = 1;
		if (known[at]!.size !== size || Math.trunc(known[at]!.mtimeMs) !== mtimeMs) {
			changed.push(relative);
		}
	};

	await visitLibrary(root, onFolder, (relative, size, mtimeMs) => {
		for (let at = next; at < Math.min(known.length, next + lookAhead); at++) {
			if (found[at] === 0 && known[at]!.path === relative) {
				tick(at, relative, size, mtimeMs);
				next = at + 1;
				return;
			}
		}

		elsewhere.push({path: relative, size, mtimeMs});
	});

	if (elsewhere.length > 0) {
		const rest = new Map<string, number>();
		for (let from = 0; from < known.length; from += mapSlice) {
			for (let at = from; at < Math.min(known.length, from + mapSlice); at++) {
				if (found[at] === 0 && !rest.has(known[at]!.path)) {
					rest.set(known[at]!.path, at);
				}
			}

			await yieldToEventLoop();
		}

		for (const [index, file] of elsewhere.entries()) {
			const at = rest.get(file.path);
			if (at === undefined || found[at] === 1) {
				changed.push(file.path);
				added.push(file.path);
			} else {
				tick(at, file.path, file.size, file.mtimeMs);
			}

			if (index % mapSlice === mapSlice - 1) {
				await yieldToEventLoop();
			}
		}
	}

	const removed = new Set<string>();
	for (const [at, file] of known.entries()) {
		if (found[at] === 0) {
			removed.add(file.path);
		}
	}

	if (removed.size > 0) {
		// A path the reader listed twice is gone only if neither was found.
		for (const [at, file] of known.entries()) {
			if (found[at] === 1) {
				removed.delete(file.path);
			}
		}
	}

	return {changed, added, removed: [...removed]};
}

const jobs = new WorkerJobs<ScanJob, readonly ArticleMeta[], ScanResult>(
	() => new URL(import.meta.url.endsWith('.ts') ? './library-scan-entry.ts' : './library-scan.js', import.meta.url),
	// An 8 MB young generation: V8 collects a job's garbage as it goes instead of growing the heap for it. Ended a
	// quarter of a second after its job (a whole load, the heads of many changed files): a worker kept 5 s was still
	// there when the first keys grew the reader's heap (10k warm start, then the bench's keys: peak RSS 245 → 234 MB;
	// a later job starts it again in ~50 ms).
	{idleMs: 250, resourceLimits: {maxYoungGenerationSizeMb: 8}},
);

/** A whole load of at most this many files, or a read of at most this many heads, runs in the reader's own thread; more go to the worker. */
export const inThreadFiles = 5000;
export const inThreadReads = 64;

/** Where the jobs run: `thread` in this one, `worker` in the scan worker, `auto` by their size. */
export type ScanPlace = 'auto' | 'thread' | 'worker';

/** The scans and reads of one library, each run where it costs the reader's keys nothing. */
export class LibraryScanner {
	readonly #root: string;
	readonly #place: ScanPlace;

	constructor(root: string, place: ScanPlace = 'auto') {
		this.#root = root;
		this.#place = place;
	}

	/**
	The comparison runs in this thread at every size (issue 14: peak RSS). It keeps no list of the files it finds and
	looks each up in `known` as it goes, so it allocates next to nothing, and it yields every 2 ms (library.ts
	`visitLibrary`); a worker for it cost its own heap (~36 MB at 100,000 files), which V8 keeps in the process after
	the worker ends. The place `worker` (tests) still packs it for the worker.
	*/
	async compare(known: readonly FileFact[]): Promise<ScanResult> {
		if (this.#place === 'worker') {
			return this.#run({type: 'compare', root: this.#root, known: await packFilesInSlices(known)}, true);
		}

		// The heads of what changed are read as `read` reads them: in the worker when there are many (a head with its
		// front matter is ~0.5 ms: 64 of them held a key 30–40 ms at 100,000 files with a tenth changed).
		const folders: string[] = [];
		const {changed, added, removed} = await compareWith(this.#root, known, (_absolute, relative) => {
			folders.push(relative);
		});
		const upserts = changed.length === 0 ? [] : await this.read(changed);
		return {changes: {upserts, removed, added}, folders};
	}

	async read(relatives: readonly string[]): Promise<ArticleMeta[]> {
		const result = await this.#run({type: 'read', root: this.#root, relatives}, relatives.length > inThreadReads);
		return [...result.changes.upserts];
	}

	/** The whole load: in this thread for a small library (a first start of a few articles needs no worker's start). */
	async load(cacheDir: string, known: readonly FileFact[]): Promise<ScanResult> {
		return this.#run({type: 'load', root: this.#root, cacheDir, known: await packFilesInSlices(known)}, known.length > inThreadFiles || atLeast(this.#root, inThreadFiles));
	}

	/** Whether the scan worker is running now. */
	static get workerRunning(): boolean {
		return jobs.running;
	}

	async #run(job: ScanJob, large: boolean): Promise<ScanResult> {
		const inWorker = this.#place === 'worker' || (this.#place === 'auto' && large);
		if (!inWorker) {
			return runScanJob(job);
		}

		const early: ArticleMeta[] = [];
		const result = await jobs.run(job, rows => {
			early.push(...rows);
		});
		return early.length === 0 ? result : {...result, changes: {...result.changes, upserts: [...early, ...result.changes.upserts]}};
	}
}

/**
Whether the library holds more than `limit` names, counted folder by folder and stopped as soon as it does (a few
`readdir`s for a small library; at most ~`limit` names read for a large one).
*/
function atLeast(root: string, limit: number): boolean {
	let count = 0;
	const folders = [root];
	while (folders.length > 0) {
		const folder = folders.pop()!;
		let entries: fs.Dirent[];
		try {
			entries = fs.readdirSync(folder, {withFileTypes: true});
		} catch {
			continue;
		}

		count += entries.length;
		if (count > limit) {
			return true;
		}

		for (const entry of entries) {
			if (entry.isDirectory() && !entry.name.startsWith('.') && folders.length < 1000) {
				folders.push(path.join(folder, entry.name));
			}
		}
	}

	return false;
}

/** Ends the scan worker, if one runs (the reader's quit). */
export async function closeScanWorker(): Promise<void> {
	await jobs.close();
}
