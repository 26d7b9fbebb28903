// The render worker (see render-worker.ts): renders one article at a time, in its own thread, so that the reader's
// thread keeps answering keys and Ctrl-C whatever an article costs. Bundled as dist/render-worker.js.
import {parentPort} from 'node:worker_threads';
import {renderArticle, type RenderOptions} from '../core/render/render-article.js';
import type {Article} from '../core/types.js';

export type RenderRequest = {readonly id: number; readonly article: Article; readonly options: RenderOptions};
export type RenderReply =
	| {readonly type: 'ready'}
	| {readonly type: 'rendered'; readonly id: number; readonly rendered: ReturnType<typeof renderArticle>}
	| {readonly type: 'failed'; readonly id: number; readonly message: string};

const port = parentPort;
if (port) {
	port.on('message', (request: RenderRequest) => {
		let reply: RenderReply;
		try {
			reply = {type: 'rendered', id: request.id, rendered: renderArticle(request.article, request.options)};
		} catch (error) {
			reply = {type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error)};
		}

		port.postMessage(reply);
	});
	port.postMessage({type: 'ready'} satisfies RenderReply);
}
