// The render worker (see render-worker.ts): renders one article at a time, in its own thread, so that the reader's
// thread keeps answering keys and Ctrl-C whatever an article costs. Bundled as dist/render-worker.js.
import {parentPort, receiveMessageOnPort} from 'node:worker_threads';
import {renderArticle, type RenderOptions} from '../core/render/render-article.js';
import type {Article} from '../core/types.js';
import {neutralise, type SafeText} from '../core/text/neutralise.js';

export type RenderRequest = {readonly id: number; readonly article: Article; readonly options: RenderOptions};
/** Sent while the worker loads when a render is already waiting for it: the warm-up is left out (issue 14). */
export type RenderHurry = {readonly type: 'hurry'};
export type RenderReply =
	| {readonly type: 'ready'}
	| {readonly type: 'rendered'; readonly id: number; readonly rendered: ReturnType<typeof renderArticle>}
	| {readonly type: 'failed'; readonly id: number; readonly message: string};

const warmUp = neutralise([
	'# Warm-up', '', 'Some *emphasis*, **strong**, `code`, a [link](https://example.com) and &amp; an entity.', '',
	'- a list', '  1. nested', '', '> a quote', '', '| a | b |', '|---|---|', '| 1 | 2 |', '',
	'```js', 'const x = 1; // comment', '```', '', 'مرحبا بالعالم '.repeat(20), '', '漢字かなカナ'.repeat(20), '', 'שָׁלוֹם e\u0301 👩‍👩‍👧',
].join('\n'));

const port = parentPort;
if (port) {
	// A library's warning (highlight.js prints deprecations with console.log) must not reach the reader's terminal.
	const silent = () => {};
	for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
		console[method] = silent;
	}

	const render = (request: RenderRequest): void => {
		let reply: RenderReply;
		try {
			reply = {type: 'rendered', id: request.id, rendered: renderArticle(request.article, request.options)};
		} catch (error) {
			reply = {type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error)};
		}

		port.postMessage(reply);
	};

	// A render already waiting (the reader opened an article while this thread loaded: RenderWorker sends `hurry`)
	// must not wait for the warm-up as well; it pays the first render's costs itself, within its deadline, which starts
	// once this thread is ready.
	const waiting = receiveMessageOnPort(port)?.message as RenderRequest | RenderHurry | undefined;
	port.on('message', (request: RenderRequest | RenderHurry) => {
		if (!('type' in request)) {
			render(request);
		}
	});
	// One small render before saying ready, so that what the first real render would pay once (compiling the code
	// paths, loading grapheme and script data, a highlighting grammar) is paid here, outside any deadline.
	if (waiting === undefined) {
		try {
			renderArticle({
				meta: {id: 'warm-up', path: 'warm-up.md', title: '' as SafeText, source: '' as SafeText, tags: [], kind: 'md', size: 0, mtimeMs: 0, words: 0},
				body: warmUp,
				warnings: [],
			}, {width: 40, color: true});
		} catch {}
	}

	port.postMessage({type: 'ready'} satisfies RenderReply);
	if (waiting !== undefined && !('type' in waiting)) {
		render(waiting);
	}
}
