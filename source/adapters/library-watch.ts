/**
The reader's side of the watched library (issue 18): starts the watcher in a worker thread (library-watcher.ts)
and hands its batches to the reader. `rescan()` compares a whole scan, made in the worker, with what it saw (`r`).
Set TIDINGS_WATCH=poll to scan every few seconds instead of watching, TIDINGS_WATCH=off for neither (`r` still
scans).
*/
import {Worker} from 'node:worker_threads';
import {packFiles} from './worker-job.js';
import type {LibraryChanges, WatcherEvent} from './library-watcher.js';

export type {LibraryChanges, WatcherEvent} from './library-watcher.js';

export class LibraryWatch {
	readonly #worker: Worker;
	#next = 1;
	readonly #waiting = new Map<number, (changes: LibraryChanges) => void>();
	#dead = false;

	private constructor(worker: Worker) {
		this.#worker = worker;
	}

	/**
	Starts watching `root`; `onEvent` gets every batch, the shared-state signal and the mode (watching or polling).
	`known`: what the reader listed (path, size, mtime), so what changed since it read the library is told at once.
	*/
	static start(root: string, onEvent: (event: WatcherEvent) => void, {poll = false, manual = false, known}: {poll?: boolean; manual?: boolean; known?: ReadonlyArray<{readonly path: string; readonly size: number; readonly mtimeMs: number}>} = {}): LibraryWatch {
		const url = new URL(import.meta.url.endsWith('.ts') ? './library-watch-entry.ts' : './library-watch.js', import.meta.url);
		const worker = new Worker(url, {
			workerData: {root, poll, manual, known: known === undefined ? undefined : packFiles(known)},
			// A small heap, grown with the library: V8 collects the scan's garbage instead of keeping it (at 100,000 files
			// the watcher then adds ~80 MB to the reader's memory instead of ~260 MB). A watcher that runs out says so.
			resourceLimits: {maxOldGenerationSizeMb: Math.min(512, 64 + Math.ceil((known?.length ?? 100_000) / 2500)), maxYoungGenerationSizeMb: 8},
		});
		// The reader's stdin keeps the process alive; the watcher never does.
		worker.unref();
		const watch = new LibraryWatch(worker);
		worker.on('message', (event: WatcherEvent) => {
			if (event.type === 'changes' && event.id !== undefined) {
				const resolve = watch.#waiting.get(event.id);
				watch.#waiting.delete(event.id);
				resolve?.(event.changes);
				return;
			}

			onEvent(event);
		});
		worker.on('error', error => {
			// Nothing watches any more; `r` still reads what it wrote itself, and a waiting `r` is answered.
			watch.#dead = true;
			for (const resolve of watch.#waiting.values()) {
				resolve({upserts: [], removed: [], added: []});
			}

			watch.#waiting.clear();
			onEvent({type: 'mode', mode: 'polling', reason: `the watcher stopped (${error.message}); restart Tidings to watch again`, files: 0});
		});
		return watch;
	}

	async rescan(): Promise<LibraryChanges> {
		if (this.#dead) {
			return {upserts: [], removed: [], added: []};
		}

		const id = this.#next++;
		return new Promise(resolve => {
			this.#waiting.set(id, resolve);
			this.#worker.ref();
			this.#worker.postMessage({type: 'rescan', id});
		}).finally(() => {
			if (this.#waiting.size === 0) {
				this.#worker.unref();
			}
		}) as Promise<LibraryChanges>;
	}

	async close(): Promise<void> {
		await this.#worker.terminate();
	}
}
