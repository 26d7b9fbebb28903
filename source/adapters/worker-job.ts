import {Worker, parentPort, type ResourceLimits} from 'node:worker_threads';

/**
Jobs in a worker thread (issue 18: nothing slow on the reader's thread): one request in, progress messages on the
way, one result out. The worker is started on first use and kept; it holds the process open only while a job runs.
The request and the messages are structured clones (plain data). A worker that dies fails its jobs with the reason and
is started again by the next job.

The worker's module: the .ts source under tsx (tests, development), the bundled .js next to the running chunk (each
entry in scripts/build.mjs).
*/

type Message<P, R> =
	| {readonly id: number; readonly kind: 'progress'; readonly value: P}
	| {readonly id: number; readonly kind: 'done'; readonly value: R}
	| {readonly id: number; readonly kind: 'error'; readonly message: string};

type Pending<P, R> = {
	readonly resolve: (value: R) => void;
	readonly reject: (error: Error) => void;
	readonly onProgress?: (value: P) => void;
	/** The worker the job was sent to: only its end fails the job (an idle worker ending while the next starts). */
	readonly worker: Worker;
};

export class WorkerJobs<Q, P, R> {
	#worker: Worker | undefined;
	#next = 1;
	readonly #pending = new Map<number, Pending<P, R>>();
	readonly #url: () => URL;
	readonly #idleMs: number | undefined;
	#idle: NodeJS.Timeout | undefined;

	readonly #resourceLimits: ResourceLimits | undefined;

	/**
	`idleMs`: end the worker when it has had no job for that long (its memory goes back; the next job starts it).
	`resourceLimits`: the worker's heap limits (a small young generation keeps a scan's garbage from growing it).
	*/
	constructor(url: () => URL, {idleMs, resourceLimits}: {idleMs?: number; resourceLimits?: ResourceLimits} = {}) {
		this.#url = url;
		this.#idleMs = idleMs;
		this.#resourceLimits = resourceLimits;
	}

	async run(request: Q, onProgress?: (value: P) => void): Promise<R> {
		clearTimeout(this.#idle);
		const worker = this.#start();
		const id = this.#next++;
		return new Promise<R>((resolve, reject) => {
			this.#pending.set(id, {resolve, reject, onProgress, worker});
			worker.ref();
			worker.postMessage({id, request});
		});
	}

	/** Whether a worker is running now (tests, the bench). */
	get running(): boolean {
		return this.#worker !== undefined;
	}

	/** Ends the worker (its jobs fail). */
	async close(): Promise<void> {
		clearTimeout(this.#idle);
		const worker = this.#worker;
		this.#worker = undefined;
		if (worker !== undefined) {
			await worker.terminate();
		}
	}

	#start(): Worker {
		if (this.#worker !== undefined) {
			return this.#worker;
		}

		const worker = new Worker(this.#url(), this.#resourceLimits === undefined ? undefined : {resourceLimits: this.#resourceLimits});
		worker.unref();
		worker.on('message', (message: Message<P, R>) => {
			const entry = this.#pending.get(message.id);
			if (entry === undefined) {
				return;
			}

			if (message.kind === 'progress') {
				entry.onProgress?.(message.value);
				return;
			}

			this.#pending.delete(message.id);
			if (this.#pending.size === 0) {
				worker.unref();
				if (this.#idleMs !== undefined) {
					clearTimeout(this.#idle);
					this.#idle = setTimeout(() => {
						if (this.#pending.size === 0 && this.#worker === worker) {
							void this.close();
						}
					}, this.#idleMs);
					this.#idle.unref();
				}
			}

			if (message.kind === 'done') {
				entry.resolve(message.value);
			} else {
				entry.reject(new Error(message.message));
			}
		});
		const fail = (reason: string) => {
			if (this.#worker === worker) {
				this.#worker = undefined;
			}

			for (const [id, entry] of this.#pending) {
				if (entry.worker === worker) {
					this.#pending.delete(id);
					entry.reject(new Error(reason));
				}
			}
		};

		worker.on('error', error => {
			fail(`the worker stopped (${error.message})`);
		});
		worker.on('exit', code => {
			fail(`the worker exited (${code})`);
		});
		this.#worker = worker;
		return worker;
	}
}

/** The worker's side: answers each job with `handle`, one at a time, in the order they came. */
export function serveJobs<Q, P, R>(handle: (request: Q, progress: (value: P) => void) => Promise<R>): void {
	const port = parentPort;
	if (port === null) {
		throw new Error('serveJobs runs in a worker thread');
	}

	let queue: Promise<unknown> = Promise.resolve();
	port.on('message', ({id, request}: {id: number; request: Q}) => {
		queue = queue.then(async () => {
			try {
				const value = await handle(request, progress => {
					port.postMessage({id, kind: 'progress', value: progress});
				});
				port.postMessage({id, kind: 'done', value});
			} catch (error) {
				port.postMessage({id, kind: 'error', message: error instanceof Error ? error.message : String(error)});
			}
		});
	});
}

/** Files (path, size, mtime) packed for a worker: one string and two arrays copy far faster than 100,000 objects. */
export type PackedFiles = {
	/** The paths joined by NUL (file names never hold NUL)… */
	readonly paths: string;
	/** …or, from `packFilesInSlices`, joined per slice of 8,192 (one join of 100,000 paths holds a thread ~12 ms). */
	readonly pathSlices?: readonly string[];
	readonly sizes: Float64Array;
	readonly mtimes: Float64Array;
};

export function packFiles(files: ReadonlyArray<{readonly path: string; readonly size: number; readonly mtimeMs: number}>): PackedFiles {
	const sizes = new Float64Array(files.length);
	const mtimes = new Float64Array(files.length);
	const paths: string[] = [];
	for (const [index, file] of files.entries()) {
		paths.push(file.path);
		sizes[index] = file.size;
		mtimes[index] = file.mtimeMs;
	}

	// File names never hold NUL.
	return {paths: paths.join('\u0000'), sizes, mtimes};
}

/**
`packFiles` with a turn of the event loop every 8,192 files, and the paths joined per slice: 100,000 at once hold the
reader's thread ~25 ms, and sending one 5 MB string ~5 ms more.
*/
export async function packFilesInSlices(files: ReadonlyArray<{readonly path: string; readonly size: number; readonly mtimeMs: number}>): Promise<PackedFiles> {
	const slice = 8192;
	const sizes = new Float64Array(files.length);
	const mtimes = new Float64Array(files.length);
	const pathSlices: string[] = [];
	for (let from = 0; from < files.length; from += slice) {
		const paths: string[] = [];
		for (let index = from; index < Math.min(files.length, from + slice); index++) {
			const file = files[index]!;
			paths.push(file.path);
			sizes[index] = file.size;
			mtimes[index] = file.mtimeMs;
		}

		pathSlices.push(paths.join('\u0000'));
		await new Promise(resolve => {
			setImmediate(resolve);
		});
	}

	return {paths: '', pathSlices, sizes, mtimes};
}

export function unpackFiles({paths, pathSlices, sizes, mtimes}: PackedFiles): Array<{path: string; size: number; mtimeMs: number}> {
	if (sizes.length === 0) {
		return [];
	}

	const names = pathSlices === undefined ? paths.split('\u0000') : pathSlices.flatMap(part => part.split('\u0000'));
	return names.map((relative, index) => ({path: relative, size: sizes[index]!, mtimeMs: mtimes[index]!}));
}
