/**
The feed parser's worker thread (see parse-in-worker.ts). `parse` requests get `parseFeedText`'s result; `bodies`
requests get each item's Markdown body (`itemBody`: HTML to Markdown, the slow part of storing an item). Doing both
here means a feed that makes feedsmith or the HTML converter run for long freezes only this thread, which the main
thread terminates at its deadline; keys, `q` and Ctrl-C stay answered.
*/
import {parentPort} from 'node:worker_threads';
import {itemBody} from '../../core/feeds/feed-item-to-article.js';
import {parseFeedText} from '../../core/feeds/parse-feed.js';
import type {FeedItem} from '../../core/feeds/types.js';

export type WorkerRequest =
	| {readonly id: number; readonly kind: 'parse'; readonly text: string; readonly url: string; readonly contentType?: string}
	| {readonly id: number; readonly kind: 'bodies'; readonly items: readonly FeedItem[]};

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error));

parentPort?.on('message', (request: WorkerRequest) => {
	let result: unknown;
	try {
		result = request.kind === 'parse'
			? parseFeedText(request.text, request.url, request.contentType)
			: {ok: true, value: request.items.map(item => itemBody(item))};
	} catch (error) {
		result = {ok: false, error: {reason: `the feed parser failed (${describe(error)})`}};
	}

	parentPort?.postMessage({id: request.id, result});
});
