import zlib from 'node:zlib';
import test from 'ava';
import {defaultHttpLimits, httpGet, type HttpLimits} from '../../source/adapters/feeds/http.js';
import {fixture, serveFeed, startFeedServer, type FeedServer} from './helpers/feed-server.js';

const limits: HttpLimits = {...defaultHttpLimits, connectTimeoutMs: 1000, totalTimeoutMs: 400, maxBytes: 64 * 1024};
let server: FeedServer;

test.before(async () => {
	server = await startFeedServer();
});

test.after.always(async () => {
	await server.close();
});

test.serial('a GET sends a Tidings User-Agent and accepts compressed feeds', async t => {
	server.routes.set('/plain', serveFeed(fixture('news-rss2.xml')));
	const result = await httpGet({url: server.url('/plain')}, limits);
	t.true(result.ok);
	const request = server.requests.findLast(entry => entry.path === '/plain')!;
	t.regex(request.headers['user-agent'] ?? '', /^Tidings\/\d+\.\d+\.\d+/u);
	t.regex(request.headers['accept-encoding'] ?? '', /gzip/u);
	t.regex(request.headers['accept-encoding'] ?? '', /br/u);
});

test.serial('gzip and brotli bodies are decoded', async t => {
	const body = fixture('blog-atom.xml');
	server.routes.set('/gzip', (_request, response) => {
		response.writeHead(200, {'Content-Type': 'application/atom+xml', 'Content-Encoding': 'gzip'}).end(zlib.gzipSync(body));
	});
	server.routes.set('/br', (_request, response) => {
		response.writeHead(200, {'Content-Type': 'application/atom+xml', 'Content-Encoding': 'br'}).end(zlib.brotliCompressSync(body));
	});
	for (const path of ['/gzip', '/br']) {
		const result = await httpGet({url: server.url(path)}, limits);
		t.true(result.ok, path);
		t.deepEqual(Buffer.from((result as {value: {body: Uint8Array}}).value.body), body, path);
	}
});

test.serial('validators are sent back and a 304 comes back without a body', async t => {
	server.routes.set('/conditional', (request, response) => {
		if (request.headers['if-none-match'] === '"v1"' && request.headers['if-modified-since'] === 'Tue, 04 Jun 2024 09:00:00 GMT') {
			response.writeHead(304, {ETag: '"v1"'}).end();
			return;
		}

		response.writeHead(200, {'Content-Type': 'application/rss+xml', ETag: '"v1"', 'Last-Modified': 'Tue, 04 Jun 2024 09:00:00 GMT'}).end(fixture('rdf.xml'));
	});
	const first = await httpGet({url: server.url('/conditional')}, limits);
	t.true(first.ok);
	const {etag, lastModified} = (first as {value: {etag?: string; lastModified?: string}}).value;
	t.is(etag, '"v1"');
	const second = await httpGet({url: server.url('/conditional'), etag, lastModified}, limits);
	t.like(second, {ok: true, value: {status: 304}});
	t.is((second as {value: {body: Uint8Array}}).value.body.length, 0);
});

test.serial('permanent redirects report the new URL; a temporary hop in the chain does not', async t => {
	server.routes.set('/old', (_request, response) => response.writeHead(301, {Location: '/older-still'}).end());
	server.routes.set('/older-still', (_request, response) => response.writeHead(308, {Location: server.url('/new')}).end());
	server.routes.set('/new', serveFeed(fixture('rdf.xml')));
	server.routes.set('/temporary', (_request, response) => response.writeHead(302, {Location: '/old'}).end());
	t.like(await httpGet({url: server.url('/old')}, limits), {ok: true, value: {status: 200, finalUrl: server.url('/new'), movedTo: server.url('/new')}});
	const temporary = await httpGet({url: server.url('/temporary')}, limits);
	t.like(temporary, {ok: true, value: {finalUrl: server.url('/new')}});
	t.is((temporary as {value: {movedTo?: string}}).value.movedTo, undefined);
});

test.serial('a redirect loop and a chain longer than five hops are refused', async t => {
	server.routes.set('/loop-a', (_request, response) => response.writeHead(302, {Location: '/loop-b'}).end());
	server.routes.set('/loop-b', (_request, response) => response.writeHead(302, {Location: '/loop-a'}).end());
	for (let hop = 0; hop < 7; hop++) {
		server.routes.set(`/chain-${hop}`, (_request, response) => response.writeHead(301, {Location: `/chain-${hop + 1}`}).end());
	}

	server.routes.set('/chain-7', serveFeed(fixture('rdf.xml')));
	t.like(await httpGet({url: server.url('/loop-a')}, limits), {ok: false, error: {cause: 'redirect loop'}});
	t.like(await httpGet({url: server.url('/chain-0')}, limits), {ok: false, error: {cause: 'too many redirects (more than 5)'}});
	t.like(await httpGet({url: server.url('/chain-2')}, limits), {ok: true, value: {status: 200}}, 'five hops are fine');
});

test.serial('a redirect to anything but http(s) is refused', async t => {
	server.routes.set('/to-file', (_request, response) => response.writeHead(302, {Location: 'file:///etc/passwd'}).end());
	const result = await httpGet({url: server.url('/to-file')}, limits);
	t.like(result, {ok: false});
	t.regex((result as {error: {cause: string}}).error.cause, /only http and https/u);
	t.like(await httpGet({url: 'ftp://127.0.0.1/feed'}, limits), {ok: false});
});

test.serial('a server that stops sending mid-body is cut off at the total timeout', async t => {
	server.routes.set('/slow', (_request, response) => {
		response.writeHead(200, {'Content-Type': 'application/rss+xml'});
		response.write('<rss version="2.0"><channel>');
		// Never ends: the deadline must fire.
	});
	const result = await httpGet({url: server.url('/slow')}, limits);
	t.like(result, {ok: false});
	t.regex((result as {error: {cause: string}}).error.cause, /timed out/u);
});

test.serial('an oversized body is refused while streaming, whether declared, chunked or a compression bomb', async t => {
	const big = Buffer.alloc(limits.maxBytes + 1, 'a');
	server.routes.set('/declared', (_request, response) => {
		response.writeHead(200, {'Content-Type': 'text/xml', 'Content-Length': String(big.length)}).end(big);
	});
	server.routes.set('/chunked', (_request, response) => {
		response.writeHead(200, {'Content-Type': 'text/xml'});
		response.write(big.subarray(0, 40_000));
		response.end(big.subarray(40_000));
	});
	const bomb = zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024));
	server.routes.set('/bomb', (_request, response) => {
		response.writeHead(200, {'Content-Type': 'text/xml', 'Content-Encoding': 'gzip'}).end(bomb);
	});
	t.true(bomb.length < limits.maxBytes, 'the compressed bomb itself is under the cap');
	for (const path of ['/declared', '/chunked', '/bomb']) {
		const result = await httpGet({url: server.url(path)}, limits);
		t.like(result, {ok: false}, path);
		t.regex((result as {error: {cause: string}}).error.cause, /too large/u, path);
	}
});

test.serial('HTTP errors and refused connections are error values with a short cause', async t => {
	server.routes.set('/gone', (_request, response) => response.writeHead(410, 'Gone').end());
	t.like(await httpGet({url: server.url('/gone')}, limits), {ok: false, error: {cause: 'HTTP 410 Gone'}});
	// A port that was just listening and is now closed: nothing answers there.
	const closed = await startFeedServer();
	await closed.close();
	t.like(await httpGet({url: closed.url('/feed')}, limits), {ok: false, error: {cause: 'connection refused'}});
	t.like(await httpGet({url: 'not a url'}, limits), {ok: false, error: {cause: 'not a valid URL'}});
});
