import {Worker} from 'node:worker_threads';
import type {CellSize, PictureBox, PreparedPicture, Protocol} from '../core/images/picture.js';
import type {Result} from '../core/types.js';
import {err, ok} from '../core/types.js';
import type {ImageReply, ImageRequest} from './image-worker-entry.js';

/**
Decodes pictures in a worker thread, one at a time, each with a deadline: a file that takes longer (or runs the
worker out of its memory limit) is refused with a reason and the worker replaced. The reader's thread only copies
the bytes over and the encoded picture back.
*/
export type ImageWorkerLimits = {readonly deadlineMs: number; readonly memoryMb: number};
// jpeg-js decodes a 12-megapixel photograph in about 5 s on a busy 2-core machine (npx node --import=tsx bench/images.ts).
export const imageWorkerLimits: ImageWorkerLimits = {deadlineMs: 15_000, memoryMb: 768};

function workerEntry(): URL {
	const here = import.meta.url;
	return here.endsWith('.ts') ? new URL('image-worker-entry.ts', here) : new URL('image-worker.js', here);
}

type Job = {
	readonly request: Omit<ImageRequest, 'id'>;
	readonly resolve: (result: Result<PreparedPicture, string>) => void;
};

export class ImageWorker {
	#worker: Worker | undefined;
	#ready: Promise<Worker> | undefined;
	readonly #queue: Job[] = [];
	#busy = false;
	#nextId = 1;
	constructor(private readonly limits: ImageWorkerLimits = imageWorkerLimits) {}

	async prepare(bytes: Uint8Array, protocol: Protocol, cell: CellSize, box: PictureBox): Promise<Result<PreparedPicture, string>> {
		return new Promise(resolve => {
			this.#queue.push({request: {bytes, protocol, cell, box}, resolve});
			void this.#pump();
		});
	}

	async close(): Promise<void> {
		const worker = this.#worker;
		this.#worker = undefined;
		this.#ready = undefined;
		await worker?.terminate();
	}

	async #start(): Promise<Worker> {
		this.#ready ??= new Promise<Worker>((resolve, reject) => {
			const worker = new Worker(workerEntry(), {stdout: true, stderr: true, resourceLimits: {maxOldGenerationSizeMb: this.limits.memoryMb}});
			this.#worker = worker;
			worker.once('message', (reply: ImageReply) => {
				if (reply.type === 'ready') {
					worker.unref();
					resolve(worker);
				}
			});
			worker.once('error', reject);
			worker.once('exit', () => {
				reject(new Error('the image decoder exited'));
				if (this.#worker === worker) {
					this.#worker = undefined;
					this.#ready = undefined;
				}
			});
		});
		return this.#ready;
	}

	async #pump(): Promise<void> {
		if (this.#busy || this.#queue.length === 0) {
			return;
		}

		this.#busy = true;
		const job = this.#queue.shift()!;
		const result = await this.#run(job).catch((error: unknown) => err(`the image decoder failed (${error instanceof Error ? error.message : String(error)})`));
		this.#busy = false;
		job.resolve(result);
		void this.#pump();
	}

	async #run(job: Job): Promise<Result<PreparedPicture, string>> {
		const worker = await this.#start();
		const id = this.#nextId++;
		return new Promise(resolve => {
			const done = (result: Result<PreparedPicture, string>) => {
				clearTimeout(timer);
				worker.off('message', onMessage);
				worker.off('exit', onExit);
				resolve(result);
			};

			const onMessage = (reply: ImageReply) => {
				if (reply.type === 'prepared' && reply.id === id) {
					done(ok(reply.picture));
				} else if (reply.type === 'refused' && reply.id === id) {
					done(err(reply.reason));
				}
			};

			const onExit = () => {
				done(err('decoding it ran out of memory'));
			};

			const timer = setTimeout(() => {
				done(err(`decoding it took longer than ${this.limits.deadlineMs / 1000} s`));
				if (this.#worker === worker) {
					this.#worker = undefined;
					this.#ready = undefined;
				}

				void worker.terminate();
			}, this.limits.deadlineMs);
			worker.on('message', onMessage);
			worker.on('exit', onExit);
			worker.postMessage({id, ...job.request} satisfies ImageRequest);
		});
	}
}
