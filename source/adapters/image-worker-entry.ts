// The image worker (see image-worker.ts): checks, decodes, scales and encodes one picture at a time in its own thread,
// so a big or hostile file never holds the reader's keys. Bundled as dist/image-worker.js.
import {parentPort} from 'node:worker_threads';
import {preparePicture, type CellSize, type PictureBox, type PreparedPicture, type Protocol} from '../core/images/picture.js';

export type ImageRequest = {readonly id: number; readonly bytes: Uint8Array; readonly protocol: Protocol; readonly cell: CellSize; readonly box: PictureBox};
export type ImageReply =
	| {readonly type: 'ready'}
	| {readonly type: 'prepared'; readonly id: number; readonly picture: PreparedPicture}
	| {readonly type: 'refused'; readonly id: number; readonly reason: string};

const port = parentPort;
if (port) {
	const silent = () => {};
	for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
		console[method] = silent;
	}

	port.on('message', (request: ImageRequest) => {
		let reply: ImageReply;
		try {
			const result = preparePicture(request.bytes, {protocol: request.protocol, cell: request.cell, box: request.box});
			reply = result.ok ? {type: 'prepared', id: request.id, picture: result.value} : {type: 'refused', id: request.id, reason: result.error};
		} catch (error) {
			reply = {type: 'refused', id: request.id, reason: `it could not be decoded (${error instanceof Error ? error.message.slice(0, 80) : 'unknown error'})`};
		}

		port.postMessage(reply);
	});
	port.postMessage({type: 'ready'} satisfies ImageReply);
}
