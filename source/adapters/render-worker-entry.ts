// The render worker (see render-worker.ts): renders one article at a time, in its own thread, so that the reader's
// thread keeps answering keys and Ctrl-C whatever an article costs. Bundled as dist/render-worker.js.
import {parentPort, receiveMessageOnPort} from 'node:worker_threads';
import {renderArticle, type RenderOptions} from '../core/render/render-article.js';
import type {Article} from '../core/types.js';
import {neutralise, type SafeText} from '../core/text/neutralise.js';
import {setGrammarLoader} from '../core/render/highlight-grammar-loader.js';
import {grammarFromFile} from './highlight-grammars.js';

/** A render; RenderWorker sends it while the worker still loads when the reader is already waiting for it. */
export type RenderRequest = {readonly id: number; readonly article: Article; readonly options: RenderOptions};
export type RenderReply =
	| {readonly type: 'ready'}
	| {readonly type: 'rendered'; readonly id: number; readonly rendered: ReturnType<typeof renderArticle>}
	| {readonly type: 'failed'; readonly id: number; readonly message: string};

// The warm-up: small renders, each its own piece, so that a real render waits for one piece at most.
const warmUp = [
	['# Warm-up', '', 'Some *emphasis*, **strong**, `code`, a [link](https://example.com) and &amp; an entity.', '', '- a list', '  1. nested', '', '> a quote'],
	['| a | b |', '|---|---|', '| 1 | 2 |'],
	['```js', 'const x = 1; // comment', '```'],
	['مرحبا بالعالم '.repeat(20), '', '漢字かなカナ'.repeat(20)],
	['שָׁלוֹם e\u0301 👩‍👩‍👧'],
].map(lines => neutralise(lines.join('\n')));

const port = parentPort;
if (port) {
	// Bundled (dist/render-worker.js): the grammars are the files beside it; from the sources, node_modules' own.
	if (!import.meta.url.endsWith('.ts')) {
		setGrammarLoader(grammarFromFile);
	}

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

	// A render sent while this thread loaded (the reader opened an article meanwhile) goes first, with no warm-up at
	// all: it pays the first render's costs itself, within its deadline, which starts when this thread says ready.
	const waiting = receiveMessageOnPort(port)?.message as RenderRequest | undefined;
	port.on('message', (request: RenderRequest) => {
		render(request);
	});
	port.postMessage({type: 'ready'} satisfies RenderReply);
	if (waiting !== undefined) {
		render(waiting);
	}

	// While the worker is idle, small renders pay what the first real render would pay once (compiling the code paths,
	// loading grapheme and script data, a highlighting grammar), outside any deadline. One piece per turn of the event
	// loop: a render asked for meanwhile goes before the next piece (issue 14: a 1 MB article's first screen).
	const warm = (piece: number): void => {
		const body = warmUp[piece];
		if (waiting !== undefined || body === undefined) {
			return;
		}

		try {
			renderArticle({
				meta: {id: 'warm-up', path: 'warm-up.md', title: '' as SafeText, source: '' as SafeText, tags: [], kind: 'md', size: 0, mtimeMs: 0, words: 0},
				body,
				warnings: [],
			}, {width: 40, color: true});
		} catch {}

		setImmediate(() => {
			warm(piece + 1);
		});
	};

	setImmediate(() => {
		warm(0);
	});
}
