import fs from 'node:fs';
import http from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import path from 'node:path';
import test from 'ava';
import {downloadFile} from '../../source/adapters/media/download.js';
import {DownloadQueue, downloadTarget, type EpisodeRef, type QueueItem} from '../../source/adapters/media/podcasts.js';
import {StateStore} from '../../source/adapters/state-store.js';
import {defaults, type Config} from '../../source/core/config/schema.js';
import {downloadName, sanitiseField} from '../../source/core/media/episode.js';
import type {SafeText} from '../../source/core/text/neutralise.js';
import type {ArticleMeta} from '../../source/core/types.js';
import {tempDir} from '../helpers/terminal.js';

type Route = (request: http.IncomingMessage, response: http.ServerResponse) => void;

async function server(routes: Record<string, Route>) {
	const sockets = new Set<Socket>();
	const seen: Array<{path: string; range?: string}> = [];
	const instance = http.createServer((request, response) => {
		seen.push({path: request.url ?? '', range: request.headers.range});
		const route = routes[request.url ?? ''];
		if (route === undefined) {
			response.writeHead(404).end();
			return;
		}

		route(request, response);
	});
	instance.on('connection', socket => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>(resolve => {
		instance.listen(0, '127.0.0.1', resolve);
	});
	const {port} = instance.address() as AddressInfo;
	return {
		seen,
		url: (pathname: string) => `http://127.0.0.1:${port}${pathname}`,
		async close() {
			for (const socket of sockets) {
				socket.destroy();
			}

			await new Promise(resolve => {
				instance.close(resolve);
			});
		},
	};
}

const body = (bytes: number) => Buffer.from(Array.from({length: bytes}, (_, n) => (n * 7) % 251));

/** Serves `data` with Range support (206 + Content-Range), as a podcast host does. */
function ranged(data: Buffer, type = 'audio/mpeg'): Route {
	return (request, response) => {
		const match = /^bytes=(\d+)-$/u.exec(request.headers.range ?? '');
		if (match) {
			const start = Number(match[1]);
			if (start >= data.length) {
				response.writeHead(416, {'Content-Range': `bytes */${data.length}`}).end();
				return;
			}

			response.writeHead(206, {'Content-Type': type, 'Content-Length': data.length - start, 'Content-Range': `bytes ${start}-${data.length - 1}/${data.length}`}).end(data.subarray(start));
			return;
		}

		response.writeHead(200, {'Content-Type': type, 'Content-Length': data.length}).end(data);
	};
}

test('an interrupted transfer resumes with Range from the .part file, and the file is whole', async t => {
	const data = body(400_000);
	let first = true;
	const host = await server({
		'/cut.mp3'(request, response) {
			if (first) {
				first = false;
				// Half the file, then the connection drops.
				response.writeHead(200, {'Content-Type': 'audio/mpeg', 'Content-Length': data.length});
				response.write(data.subarray(0, 150_000), () => {
					setTimeout(() => response.socket?.destroy(), 50);
				});
				return;
			}

			ranged(data)(request, response);
		},
	});
	t.teardown(async () => host.close());
	const folder = tempDir();
	const target = path.join(folder, 'show', 'episode.mp3');
	const cut = await downloadFile(host.url('/cut.mp3'), target);
	t.false(cut.ok);
	t.is(fs.statSync(`${target}.part`).size, 150_000, 'the bytes so far are kept');
	const progress: number[] = [];
	const resumed = await downloadFile(host.url('/cut.mp3'), target, {onProgress: event => progress.push(event.received)});
	t.true(resumed.ok);
	t.true(resumed.ok && resumed.resumed);
	t.is(resumed.ok ? resumed.type : undefined, 'audio/mpeg');
	t.is(host.seen.at(-1)?.range, 'bytes=150000-', 'asked only for the rest');
	t.deepEqual(fs.readFileSync(target), data);
	t.false(fs.existsSync(`${target}.part`));
	t.is(progress.at(-1), data.length);
});

test('a server without Range support (200 to a range request) starts the file again; a wrong Content-Range is not trusted', async t => {
	const data = body(50_000);
	const host = await server({
		'/plain.mp3': (_request, response) => response.writeHead(200, {'Content-Length': data.length}).end(data),
		'/liar.mp3'(request, response) {
			if (request.headers.range) {
				response.writeHead(206, {'Content-Range': `bytes 10-${data.length - 1}/${data.length}`}).end(data.subarray(10));
				return;
			}

			response.writeHead(200).end(data);
		},
	});
	t.teardown(async () => host.close());
	const folder = tempDir();
	for (const name of ['plain', 'liar']) {
		const target = path.join(folder, `${name}.mp3`);
		fs.writeFileSync(`${target}.part`, Buffer.alloc(1000, 0xFF));
		 
		const result = await downloadFile(host.url(`/${name}.mp3`), target);
		t.true(result.ok, name);
		t.deepEqual(fs.readFileSync(target), data, `${name}: the stale part is not glued to the front`);
	}
});

test('the size cap: a Content-Length over it is refused at once, a body over it (no length) is stopped and dropped', async t => {
	const data = body(200_000);
	const host = await server({
		'/big.mp3': ranged(data),
		'/stream.mp3'(_request, response) {
			response.writeHead(200, {'Content-Type': 'audio/mpeg'});
			response.end(data);
		},
		'/loop.mp3': (_request, response) => response.writeHead(302, {Location: '/loop2.mp3'}).end(),
		'/loop2.mp3': (_request, response) => response.writeHead(302, {Location: '/loop.mp3'}).end(),
	});
	t.teardown(async () => host.close());
	const folder = tempDir();
	const capped = await downloadFile(host.url('/big.mp3'), path.join(folder, 'big.mp3'), {limits: {maxBytes: 100_000}});
	t.false(capped.ok);
	t.regex(capped.ok ? '' : capped.message, /more than media\.max-size-mb/);
	const streamed = await downloadFile(host.url('/stream.mp3'), path.join(folder, 'stream.mp3'), {limits: {maxBytes: 100_000}});
	t.false(streamed.ok);
	t.false(fs.existsSync(path.join(folder, 'stream.mp3')));
	t.false(fs.existsSync(path.join(folder, 'stream.mp3.part')), 'an over-size part is not kept');
	const loop = await downloadFile(host.url('/loop.mp3'), path.join(folder, 'loop.mp3'));
	t.regex(loop.ok ? '' : loop.message, /redirect loop|more than 5 redirects/);
	const scheme = await downloadFile('file:///etc/passwd', path.join(folder, 'x'));
	t.regex(scheme.ok ? '' : scheme.message, /only http and https/);
});

const meta = (n: number, title: string, source = 'Show'): ArticleMeta => ({
	id: `id-${n}`, path: `show/${n}.md`, title: title as SafeText, source: source as SafeText, date: '2026-11-20T10:00:00Z', tags: [], kind: 'md', size: 1, mtimeMs: 1, words: 1, feed: 'http://feed' as SafeText,
});

const configWith = (media: Partial<Config['media']>): Config => ({...defaults(), media: {...defaults().media, ...media}});

test('the queue downloads in parallel up to media.parallel, reports progress, and names files by the template', async t => {
	const data = body(120_000);
	let inFlight = 0;
	let most = 0;
	const slow: Route = (_request, response) => {
		inFlight++;
		most = Math.max(most, inFlight);
		response.writeHead(200, {'Content-Type': 'audio/mpeg', 'Content-Length': data.length});
		response.write(data.subarray(0, 60_000));
		setTimeout(() => {
			response.end(data.subarray(60_000));
			inFlight--;
		}, 300);
	};

	const host = await server({'/1.mp3': slow, '/2.mp3': slow, '/3.mp3': slow, '/4.mp3': slow});
	t.teardown(async () => host.close());
	const base = tempDir();
	const folder = path.join(base, 'downloads');
	const {store} = StateStore.open(path.join(base, 'config'));
	const config = configWith({'download-dir': folder, parallel: 2});
	const updates: Array<readonly QueueItem[]> = [];
	const queue = new DownloadQueue({store, config, cacheDir: base, onChange: items => updates.push(items)});
	const episodes: EpisodeRef[] = [1, 2, 3, 4].map(n => ({id: `id-${n}`, meta: meta(n, `Episode ${n}`), n: 1, attachment: {name: `${n}.mp3`, url: host.url(`/${n}.mp3`), type: 'audio/mpeg'}}));
	const done = await queue.add(episodes);
	t.deepEqual(done.map(item => item.state), ['done', 'done', 'done', 'done']);
	t.is(most, 2, 'two at a time, as media.parallel says');
	t.true(updates.some(items => items.some(item => item.state === 'downloading' && item.received > 0 && item.received < data.length)), 'progress between start and end');
	t.is(done[0]!.path, path.join(folder, 'Show', '2026-11-20-Episode 1.mp3'));
	t.deepEqual(fs.readFileSync(done[3]!.path!), data);
});

test('hostile names: no field or template can leave the download folder, hide a file or carry a control character', t => {
	const folder = '/downloads';
	const hostile = ['../../etc/passwd', '..', '.', '.hidden', 'a/b\\c', 'bell\u0007 esc\u001B[31m', '\u202Eevil\u202C.mp3', 'x'.repeat(500), 'con:*?"<>|'];
	for (const value of hostile) {
		const field = sanitiseField(value);
		t.false(/[/\\\u0000-\u001F\u007F\u202A-\u202E]/u.test(field), value);
		t.false(field.startsWith('.') || field === '..', value);
		t.true([...field].length <= 60, value);
		const episode: EpisodeRef = {id: value, meta: meta(1, value, value), n: 1, attachment: {name: 'x', url: `http://h/${encodeURIComponent(value)}.mp3`, type: 'audio/mpeg'}};
		for (const template of ['{feed}/{date}-{title}.{ext}', '../../{title}.{ext}', '/{title}', '{id}/../../{ext}', '']) {
			const target = downloadTarget(configWith({'name-template': template}), folder, episode);
			t.true(target.startsWith(`${folder}/`), `${template} with ${JSON.stringify(value)} → ${target}`);
			t.false(target.split('/').some(segment => segment === '..' || segment === '.'), target);
		}
	}

	t.is(downloadName('{feed}/{date}-{title}.{ext}', {feed: 'My Show', title: 'Ep 1: the start', date: '2026-01-02', url: 'http://x/a.MP3?x=1', id: 'a'}), 'My Show/2026-01-02-Ep 1- the start.mp3');
	t.is(downloadName('{title}.{ext}', {feed: 'f', title: 't', url: 'http://x/stream', type: 'audio/ogg', id: 'a'}), 't.ogg');
});
