import fs from 'node:fs';
import http from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

export const fixturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'feeds');
export const fixture = (name: string): Buffer => fs.readFileSync(path.join(fixturesDir, name));

export type Handler = (request: http.IncomingMessage, response: http.ServerResponse) => void;

/**
A real HTTP server on 127.0.0.1 with routes the tests can change while it runs, and a log of the requests it saw, so
tests can assert on what the client sent (User-Agent, conditional headers) rather than only on what it got back.
*/
export type FeedServer = {
	readonly origin: string;
	readonly routes: Map<string, Handler>;
	readonly requests: Array<{readonly path: string; readonly headers: http.IncomingHttpHeaders}>;
	url(pathname: string): string;
	close(): Promise<void>;
};

export async function startFeedServer(): Promise<FeedServer> {
	const routes = new Map<string, Handler>();
	const requests: FeedServer['requests'] = [];
	const sockets = new Set<Socket>();
	const server = http.createServer((request, response) => {
		requests.push({path: request.url ?? '', headers: request.headers});
		const handler = routes.get(request.url ?? '');
		if (handler === undefined) {
			response.writeHead(404, {'Content-Type': 'text/plain'}).end('not found');
			return;
		}

		handler(request, response);
	});
	server.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	const origin = `http://127.0.0.1:${port}`;
	return {
		origin,
		routes,
		requests,
		url: pathname => `${origin}${pathname}`,
		async close() {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise<void>(resolve => {
				server.close(() => resolve());
			});
		},
	};
}

/** Serves `body` with `type`, answering 304 to a matching If-None-Match. */
export function serveFeed(body: Buffer | string, type = 'application/rss+xml; charset=utf-8', etag?: string): Handler {
	return (request, response) => {
		if (etag !== undefined && request.headers['if-none-match'] === etag) {
			response.writeHead(304, {ETag: etag}).end();
			return;
		}

		response.writeHead(200, {'Content-Type': type, ...(etag === undefined ? {} : {ETag: etag})}).end(body);
	};
}

export function temporaryDirectory(): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-'));
}

/** Every file under `directory`, relative, with forward slashes, sorted. */
export function listFiles(directory: string): string[] {
	const out: string[] = [];
	const walk = (folder: string) => {
		for (const entry of fs.readdirSync(folder, {withFileTypes: true})) {
			const full = path.join(folder, entry.name);
			if (entry.isDirectory()) {
				walk(full);
			} else {
				out.push(path.relative(directory, full).split(path.sep).join('/'));
			}
		}
	};

	walk(directory);
	return out.sort();
}
