/**
The feed parser's worker thread (see parse-in-worker.ts): receives `{id, text, url, contentType}`, answers `{id,
result}`. Parsing here means a feed that makes feedsmith (or anything else) run for long freezes only this thread,
which the main thread terminates at its deadline; keys, `q` and Ctrl-C stay answered.
*/
import {parentPort} from 'node:worker_threads';
import {parseFeedText} from '../../core/feeds/parse-feed.js';

export type ParseRequest = {readonly id: number; readonly text: string; readonly url: string; readonly contentType?: string};

parentPort?.on('message', (request: ParseRequest) => {
	let result: ReturnType<typeof parseFeedText>;
	try {
		result = parseFeedText(request.text, request.url, request.contentType);
	} catch (error) {
		result = {ok: false, error: {reason: `the parser failed (${error instanceof Error ? error.message : String(error)})`}};
	}

	parentPort?.postMessage({id: request.id, result});
});
