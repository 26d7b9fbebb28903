import {Worker} from 'node:worker_threads';
import {Chalk} from 'chalk';
import type {RenderedArticle, RenderOptions} from '../core/render/render-article.js';
import {plainFallback, plainPage} from '../core/render/guard.js';
import {neutraliseLine, type SafeLine} from '../core/text/neutralise.js';
import type {Article} from '../core/types.js';
import type {RenderReply, RenderRequest} from './render-worker-entry.js';
import {holiday} from './nursery-cap.js';

/**
Renders articles in a worker thread with a deadline. marked, marked-terminal, highlight.js and the wrapping that
follows are bounded by the guard and the highlighter's budget for every shape anyone measured, but a shape nobody
measured must cost the reader one article's formatting, never a frozen screen or an ignored Ctrl-C. So the render
runs in a worker; when it takes longer than `deadlineMs`, or fails, or runs out of its memory limit, the worker is
ended and the article is shown as wrapped plain text under a one-line reason, computed here in 64 KB pieces for at
most `fallbackBudgetMs` (at least `fallbackChars`): real text wraps at ~60 ms a MB, so a 5 MB document is shown
whole, while hostile text (up to ~0.8 µs a character) is cut, and the reason says how much is shown. The next
render starts a fresh worker.

The reader's thread only copies the article to the worker and the lines back: it never runs Markdown.
*/
export type RenderLimits = {
	/** Milliseconds a render may take in the worker before the plain fallback is shown. */
	readonly deadlineMs: number;
	/** Milliseconds a fresh worker may take to load the renderer. */
	readonly startupMs: number;
	/** UTF-16 code units of the body the plain fallback shows at least, whatever the time it takes. */
	readonly fallbackChars: number;
	/** Milliseconds the plain fallback may spend wrapping more of the body than `fallbackChars`. */
	readonly fallbackBudgetMs: number;
	/** The worker's heap limit in MB: a render that needs more fails instead of exhausting the machine. */
	readonly memoryMb: number;
	/**
	The worker's young generation in MB (V8's default grows it to 8 MB and more in a long render, and keeps it). 3 MB,
	measured with the bench's driver (issue 14): 100k peak RSS 225.7 -> 220.2 MB (3 runs each), the 1 MB article's
	first screen 100 -> 90 ms and its session's peak 190 -> 164 MB (6 runs each, interleaved, load 1.7-1.9).
	*/
	readonly youngMb: number;
};

export const renderLimits: RenderLimits = {
	deadlineMs: 1400,
	startupMs: 15_000,
	fallbackChars: 65_536,
	fallbackBudgetMs: 250,
	memoryMb: 2048,
	youngMb: 3,
};

type Pending = {
	readonly id: number;
	readonly article: Article;
	readonly options: RenderOptions;
	readonly deadlineMs: number;
	readonly resolve: (rendered: RenderedArticle) => void;
};

/** Where the worker's code is: the bundle's dist/render-worker.js, or the TypeScript source under tsx (tests). */
function workerEntry(): URL {
	const here = import.meta.url;
	return here.endsWith('.ts') ? new URL('render-worker-entry.ts', here) : new URL('render-worker.js', here);
}

const fallbackPiece = 65_536;

/**
The article as wrapped plain text under a one-line reason: what a render that missed its deadline or failed shows.
The body is wrapped in pieces of whole lines until it ends, or until `fallbackChars` are done and `fallbackBudgetMs`
is spent; the reason line then says how much is shown.
*/
export function plainArticle(
	article: Article,
	options: RenderOptions,
	why: string,
	limits: Pick<RenderLimits, 'fallbackChars' | 'fallbackBudgetMs'> = renderLimits,
	now: () => number = () => performance.now(),
): RenderedArticle {
	const started = now();
	// A reason may quote a library's or the system's error message: outside text, so it is neutralised.
	const reason = neutraliseLine(why);
	const chalk = new Chalk({level: options.color ? 1 : 0});
	const width = Math.max(10, Math.floor(options.width));
	const {body} = article;
	const wrapped: SafeLine[] = [];
	let offset = 0;
	while (offset < body.length && (offset < limits.fallbackChars || now() - started < limits.fallbackBudgetMs)) {
		let end = Math.min(body.length, offset + fallbackPiece);
		if (end < body.length) {
			const lineEnd = body.lastIndexOf('\n', end - 1);
			// Whole lines when there is a line break in the piece; else a cut that does not split a surrogate pair.
			end = lineEnd >= offset ? lineEnd + 1 : (/[\uD800-\uDBFF]/u.test(body[end - 1]!) ? end - 1 : end);
		}

		const lines = plainFallback(body.slice(offset, end), width) as unknown as SafeLine[];
		// A piece that ends with its line break leaves an empty last line that the next piece's first line replaces.
		if (end < body.length && body[end - 1] === '\n') {
			lines.pop();
		}

		wrapped.push(...lines);
		offset = end;
	}

	const rest = offset < body.length ? ` (the first ${Math.round(offset / 1000)} of ${Math.round(body.length / 1000)} kB)` : '';
	const notes = article.warnings.map(warning => chalk.yellow(`Note: ${warning}`) as SafeLine);
	return plainPage([
		...notes,
		...(notes.length > 0 ? ['' as SafeLine] : []),
		chalk.yellow(`Shown as plain text: ${reason}${rest}`) as SafeLine,
		'' as SafeLine,
		...wrapped,
	], width, reason);
}

/** UTF-16 code units of a body from which a render lifts the nursery's ceiling while it runs. */
const longArticle = 256 * 1024;

/** One worker thread rendering one article at a time, in request order, each with its deadline. */
export class RenderWorker {
	readonly #limits: RenderLimits;
	#worker: Worker | undefined;
	#ready: Promise<Worker> | undefined;
	/** Whether #worker has loaded the renderer (said `ready`). */
	#loaded = false;
	readonly #queue: Pending[] = [];
	#current: {pending: Pending; timer?: NodeJS.Timeout} | undefined;
	#nextId = 1;

	constructor(limits: Partial<RenderLimits> = {}) {
		this.#limits = {...renderLimits, ...limits};
	}

	/**
	Renders `article` as `renderArticle` would, or returns the plain fallback with its reason; never rejects.
	`deadlineMs` overrides the worker's deadline for this render.
	*/
	async render(article: Article, options: RenderOptions, deadlineMs: number = this.#limits.deadlineMs): Promise<RenderedArticle> {
		const rendered = new Promise<RenderedArticle>(resolve => {
			this.#queue.push({id: this.#nextId++, article, options, deadlineMs, resolve});
			void this.#pump();
		});
		// A long article is a burst that survives (its lines are kept): rendered and taken in with V8's own nursery
		// growth, as it would be without the reader's ceiling (nursery-cap.ts; the 1 MB article's first screen).
		return article.body.length > longArticle ? holiday(rendered) : rendered;
	}

	/**
	Starts the worker and loads the renderer now (~0.1 s of CPU on a quiet machine, off the calling thread; then small
	warm-up renders while it is idle), so that the first render does not wait for it. Resolves when it is ready or
	could not start; never rejects.
	*/
	async warm(): Promise<void> {
		try {
			await this.#start();
		} catch {}
	}

	/** Ends the worker (idle workers do not keep the process alive; this is for tests and a tidy exit). */
	async close(): Promise<void> {
		const worker = this.#worker;
		this.#worker = undefined;
		this.#ready = undefined;
		this.#loaded = false;
		await worker?.terminate();
	}

	/** Starts a worker and waits for it to load the renderer; rejects when it cannot within `startupMs`. */
	async #start(): Promise<Worker> {
		// Booted and loaded under V8's default flags, so that Node's code caches are accepted (nursery-cap.ts).
		this.#ready ??= holiday(new Promise<Worker>((resolve, reject) => {
			const worker = new Worker(workerEntry(), {
				stdout: true,
				stderr: true,
				resourceLimits: {maxOldGenerationSizeMb: this.#limits.memoryMb, maxYoungGenerationSizeMb: this.#limits.youngMb},
			});
			this.#worker = worker;
			// Nothing a library prints in the worker may reach the terminal the reader draws on: its output goes to
			// these streams, which nobody reads (the worker silences its console too, so nothing piles up there).
			// Reading them would keep the process alive after the worker is unref'd.
			const timer = setTimeout(() => {
				reject(new Error(`the renderer did not start within ${this.#limits.startupMs / 1000} s`));
				void this.#discard(worker);
			}, this.#limits.startupMs);
			worker.on('message', (reply: RenderReply) => {
				if (reply.type === 'ready') {
					clearTimeout(timer);
					if (worker === this.#worker) {
						this.#loaded = true;
					}

					worker.unref();
					resolve(worker);
					return;
				}

				this.#settle(worker, reply);
			});
			worker.on('error', error => {
				clearTimeout(timer);
				reject(error);
				this.#fail(worker, `the renderer stopped (${error.message})`);
			});
			worker.on('exit', () => {
				clearTimeout(timer);
				reject(new Error('the renderer exited'));
				this.#fail(worker, 'the renderer exited');
			});
		}));
		return this.#ready;
	}

	async #pump(): Promise<void> {
		if (this.#current || this.#queue.length === 0) {
			return;
		}

		const pending = this.#queue.shift()!;
		// Claimed before the worker is ready, so that one render at a time is in flight.
		this.#current = {pending};
		const request: RenderRequest = {id: pending.id, article: pending.article, options: pending.options};
		let worker: Worker;
		let sent: Worker | undefined;
		try {
			const starting = this.#start();
			if (!this.#loaded && this.#worker) {
				// Still loading (or just started for this render): the request goes now, so that the worker renders it
				// the moment it has loaded, before any warm-up (issue 14); its deadline starts when it says ready.
				sent = this.#worker;
				sent.postMessage(request);
			}

			worker = await starting;
		} catch (error) {
			this.#finish(pending, plainArticle(pending.article, pending.options, error instanceof Error ? error.message : String(error), this.#limits));
			return;
		}

		if (this.#current?.pending !== pending) {
			return;
		}

		this.#current.timer = setTimeout(() => {
			void this.#discard(worker);
			this.#finish(pending, plainArticle(pending.article, pending.options, `formatting took longer than ${pending.deadlineMs / 1000} s`, this.#limits));
			// The next article should not wait for a worker to load: a fresh one starts, after the answer is given.
			setImmediate(() => {
				void this.warm();
			});
		}, pending.deadlineMs);
		if (sent !== worker) {
			worker.postMessage(request);
		}
	}

	#settle(worker: Worker, reply: Exclude<RenderReply, {type: 'ready'}>): void {
		const current = this.#current;
		if (worker !== this.#worker || current?.pending.id !== reply.id) {
			return;
		}

		this.#finish(current.pending, reply.type === 'rendered'
			? reply.rendered
			: plainArticle(current.pending.article, current.pending.options, `the Markdown could not be rendered (${reply.message})`, this.#limits));
	}

	/** The worker died (out of memory, a crash): the render in flight gets the plain fallback, the next a new worker. */
	#fail(worker: Worker, reason: string): void {
		if (worker !== this.#worker) {
			return;
		}

		this.#worker = undefined;
		this.#ready = undefined;
		this.#loaded = false;
		const current = this.#current;
		if (current) {
			this.#finish(current.pending, plainArticle(current.pending.article, current.pending.options, reason, this.#limits));
		}
	}

	async #discard(worker: Worker): Promise<void> {
		if (worker === this.#worker) {
			this.#worker = undefined;
			this.#ready = undefined;
			this.#loaded = false;
		}

		await worker.terminate();
	}

	/** Resolves `pending` if it is still the render in flight (a late reply or a second failure changes nothing). */
	#finish(pending: Pending, rendered: RenderedArticle): void {
		const current = this.#current;
		if (current?.pending !== pending) {
			return;
		}

		clearTimeout(current.timer);
		this.#current = undefined;
		current.pending.resolve(rendered);
		void this.#pump();
	}
}

let shared: RenderWorker | undefined;
/** The reader is quitting (`endRenderWorker`): no worker starts again. */
let ended = false;

/** Starts the shared worker ahead of the first article (call it once the reader's first frame is drawn). */
export async function warmRenderWorker(): Promise<void> {
	if (ended) {
		return;
	}

	shared ??= new RenderWorker();
	return shared.warm();
}

/**
What the reader calls instead of `renderArticle`: the same RenderedArticle, rendered in the shared worker thread,
or the plain fallback (`fallback` holds the one-line reason) when the render missed its deadline or failed. Never
rejects; never blocks the calling thread for more than copying the article and its lines. `deadlineMs` (1.4 s by
default) is the longest the render may take before the plain fallback is shown.
*/
export async function renderArticleInWorker(article: Article, options: RenderOptions, deadlineMs: number = renderLimits.deadlineMs): Promise<RenderedArticle> {
	if (ended) {
		return plainArticle(article, options, 'the reader is quitting');
	}

	shared ??= new RenderWorker();
	return shared.render(article, options, deadlineMs);
}

/** Ends the shared worker, if one was started. */
export async function closeRenderWorker(): Promise<void> {
	const worker = shared;
	shared = undefined;
	await worker?.close();
}

/**
Ends the shared worker for good (the reader's quit): a render asked for meanwhile (a frame drawn while the quit waits
for this) gets the plain text instead of starting a worker again. Resolves once the thread has ended: V8 keeps the
pages of its heap in the process, so what the quit's last save allocates next takes them rather than new ones (issue
14: at 100,000 articles the save and the shared-state merge on the way out were the session's peak, 12 MB over it).
*/
export async function endRenderWorker(): Promise<void> {
	ended = true;
	await closeRenderWorker();
}
