import {Worker} from 'node:worker_threads';
import type {FeedParseError} from '../../core/feeds/parse-feed.js';
import type {FeedItem, ParsedFeed} from '../../core/feeds/types.js';
import {err, type Result} from '../../core/types.js';

/**
Feed parsing with a deadline, off the main thread. The parser is linear by construction for every input we know of
(test/hostile/feed-bounds.test.ts), but it runs third-party code (feedsmith, fast-xml-parser) over hostile text: a
worker that overruns `deadlineMs` is terminated and the feed fails with a reason, and the main thread (the reader's
keys, `q`, Ctrl-C) never waits on it.

One worker is kept for all parses (started on first use, `unref`ed so it never keeps the process alive), one parse
at a time; a terminated worker is replaced on the next parse.
*/

/** Parsing time allowed for one feed. A 4 MB feed of 2,000 items parses in about 1 s on a busy two-core machine. */
export const feedParseDeadlineMs = 5000;

type Pending = {
	readonly resolve: (result: Result<unknown, FeedParseError>) => void;
	readonly timer: NodeJS.Timeout;
	readonly worker: Worker;
};

let worker: Worker | undefined;
let nextId = 1;
const pending = new Map<number, Pending>();
let queue: Promise<unknown> = Promise.resolve();

/** The worker's module: the .ts source under tsx (tests, development), the bundled .js next to the running chunk. */
const workerUrl = (): URL => new URL(import.meta.url.endsWith('.ts') ? './feed-parse-worker.ts' : './feed-parse-worker.js', import.meta.url);

function failAll(of: Worker, reason: string): void {
	for (const [id, entry] of pending) {
		if (entry.worker !== of) {
			continue;
		}

		clearTimeout(entry.timer);
		pending.delete(id);
		entry.resolve(err({reason}));
	}
}

function startWorker(): Worker {
	const started = new Worker(workerUrl());
	started.on('message', (message: {id: number; result: Result<unknown, FeedParseError>}) => {
		const entry = pending.get(message.id);
		if (entry !== undefined) {
			clearTimeout(entry.timer);
			pending.delete(message.id);
			entry.resolve(message.result);
		}
	});
	started.on('error', error => {
		if (worker === started) {
			worker = undefined;
		}

		failAll(started, `the feed parser stopped (${error.message})`);
	});
	started.on('exit', () => {
		if (worker === started) {
			worker = undefined;
		}

		failAll(started, 'the feed parser stopped');
	});
	// After the listeners: adding a message listener refs the worker again.
	started.unref();
	return started;
}

type Request = {readonly kind: 'parse'; readonly text: string; readonly url: string; readonly contentType?: string} | {readonly kind: 'bodies'; readonly items: readonly FeedItem[]};

async function requestOnce<T>(request: Request, deadlineMs: number, overrun: string): Promise<Result<T, FeedParseError>> {
	worker ??= startWorker();
	const current = worker;
	const id = nextId++;
	return new Promise(resolve => {
		const timer = setTimeout(() => {
			pending.delete(id);
			if (worker === current) {
				worker = undefined;
			}

			void current.terminate();
			resolve(err({reason: `${overrun} took longer than ${deadlineMs / 1000} s and was stopped (a hostile or broken feed?)`}));
		}, deadlineMs);
		pending.set(id, {resolve: resolve as (result: Result<unknown, FeedParseError>) => void, timer, worker: current});
		current.postMessage({id, ...request});
	});
}

/** One request at a time, so that each deadline measures that request's own work. */
async function queued<T>(request: Request, deadlineMs: number, overrun: string): Promise<Result<T, FeedParseError>> {
	const run = queue.then(async () => requestOnce<T>(request, deadlineMs, overrun));
	queue = run.catch(() => undefined);
	return run;
}

/**
`parseFeedText` in the worker, bounded by `deadlineMs`. Never throws: an overrun or a crashed worker is an error value.
Parses run one after another (a fetch of many feeds queues them), so each deadline measures that feed's own parse.
*/
export async function parseFeedInWorker(text: string, url: string, contentType?: string, {deadlineMs = feedParseDeadlineMs}: {deadlineMs?: number} = {}): Promise<Result<ParsedFeed, FeedParseError>> {
	return queued<ParsedFeed>({kind: 'parse', text, url, contentType}, deadlineMs, 'parsing');
}

/**
The Markdown body of each item (`itemBody`), made in the worker: HTML to Markdown is the slow part of storing a feed
(2 MB of hostile HTML cost turndown about 2 s), and on the main thread it froze the reader's `r`. The deadline grows
with the number of items: 5 s, plus 10 ms an item.
*/
export async function itemBodiesInWorker(items: readonly FeedItem[], {deadlineMs = feedParseDeadlineMs + 10 * items.length}: {deadlineMs?: number} = {}): Promise<Result<string[], FeedParseError>> {
	return queued<string[]>({kind: 'bodies', items}, deadlineMs, 'converting the items to Markdown');
}
