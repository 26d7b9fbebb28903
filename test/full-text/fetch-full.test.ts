import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {runCommand} from '../helpers/capture-command.js';
import {registerFetchFullCommand} from '../../source/commands/fetch-full.js';
import {StateStore} from '../../source/adapters/state-store.js';
import {loadArticle, loadLibrary} from '../../source/adapters/library.js';
import {writeFeedItems} from '../../source/adapters/feeds/feed-writer.js';
import {fullTextMarker} from '../../source/core/article/full-text-section.js';
import {renderArticle} from '../../source/core/render/render-article.js';

const temporary = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-'));
process.env['TIDINGS_CACHE_DIR'] = temporary();

const storyParagraphs = [
	'The harbour master rose before dawn, as she had every day for thirty years, and walked the length of the quay to count the boats that had come in overnight.',
	'By seven the fish market was full, and the gulls wheeled over the crates while the auctioneer called prices that nobody outside the trade could follow.',
	'In the afternoon the ferry left for the islands, its wake spreading across the still water of the bay until it reached the rocks below the lighthouse.',
];

const storyPage = `<!doctype html><html><head><meta charset="utf-8"><title>Harbour days</title></head><body>
<nav class="menu"><a href="/">Home</a> <a href="/sport">Sport</a> Subscribe to our newsletter</nav>
<main><article><h1>Harbour days</h1>
${storyParagraphs.map(text => `<p>${text}</p>`).join('\n')}
<p>Read the <a href="/archive/tides">tide tables</a> for the week. <script>alert(1)</script></p>
</article></main>
<footer>Copyright notice and cookie banner text</footer></body></html>`;

type Server = {url: string; requests: string[]; close(): Promise<void>};

async function startServer(): Promise<Server> {
	const requests: string[] = [];
	const server = http.createServer((request, response) => {
		requests.push(request.url ?? '');
		switch (request.url) {
			case '/story': {
				response.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'});
				response.end(storyPage);
				break;
			}

			case '/moved': {
				response.writeHead(302, {Location: '/story'});
				response.end();
				break;
			}

			case '/picture': {
				response.writeHead(200, {'Content-Type': 'image/png'});
				response.end(Buffer.from([0x89, 0x50, 0x4E, 0x47]));
				break;
			}

			case '/empty': {
				response.writeHead(200, {'Content-Type': 'text/html'});
				response.end('<html><body></body></html>');
				break;
			}

			default: {
				response.writeHead(404, {'Content-Type': 'text/plain'});
				response.end('not here');
			}
		}
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as {port: number};
	return {
		url: `http://127.0.0.1:${port}`,
		requests,
		close: async () => new Promise(resolve => {
			server.close(() => resolve());
		}),
	};
}

function libraryWith(files: Record<string, string>): string {
	const root = temporary();
	for (const [relative, text] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(root, relative)), {recursive: true});
		fs.writeFileSync(path.join(root, relative), text);
	}

	return root;
}

const summaryArticle = (url: string, id = 'harbour-1') => [
	'---',
	'title: Harbour days',
	'date: 2024-06-01T08:00:00Z',
	`url: ${url}`,
	`id: ${id}`,
	'source: Harbour News # a comment that must survive',
	'---',
	'',
	'_A summary:_ the harbour wakes early.',
	'',
].join('\n');

async function run(library: string, ...args: string[]) {
	return runCommand((program, streams) => {
		registerFetchFullCommand(program, {
			...streams,
			libraryDir: () => library,
			openStore: () => StateStore.open(temporary()).store,
			httpLimits: {totalTimeoutMs: 5000, connectTimeoutMs: 5000, maxBytes: 256 * 1024},
			now: () => new Date('2024-06-05T12:00:00Z'),
		});
	}, ['fetch-full', ...args]);
}

const plain = (text: string) => text.replaceAll(/\u001B\[[\d;:]*m/gu, '');

test('fetch-full extracts the main text, stores it under the summary with a fetched date, and it reads offline', async t => {
	const server = await startServer();
	const original = summaryArticle(`${server.url}/moved`);
	const library = libraryWith({'harbour/days.md': original});
	const result = await run(library, 'harbour-1');
	t.is(result.code, 0, result.stderr);
	t.regex(result.stdout, /✓ Harbour days: the whole story stored \(\d+ words\)/u);
	t.deepEqual(server.requests, ['/moved', '/story']);
	await server.close();

	const text = fs.readFileSync(path.join(library, 'harbour/days.md'), 'utf8');
	const [header, body] = [text.slice(0, text.indexOf('\n---\n') + 5), text.slice(text.indexOf('\n---\n') + 5)];
	t.is(header, original.slice(0, original.indexOf('\n---\n')) + '\nfetched: 2024-06-05T12:00:00.000Z\n---\n', 'the front matter is kept, comment and all, plus fetched');
	t.true(body.startsWith('\n_A summary:_ the harbour wakes early.\n\n---\n\n'), 'the summary stays first');
	for (const paragraph of storyParagraphs) {
		t.true(body.includes(paragraph), 'every paragraph of the story is stored');
	}

	t.true(body.includes(`(${server.url}/archive/tides)`), 'relative links are resolved against the page');
	t.false(body.includes('Subscribe to our newsletter'), 'navigation is left out');
	t.false(body.includes('cookie banner'), 'the footer is left out');
	t.false(body.includes('alert(1)'), 'scripts are dropped by the feed sanitiser');
	t.deepEqual(fs.readdirSync(path.join(library, 'harbour')), ['days.md'], 'no temporary file is left behind');

	// Offline: the server is closed, and the article renders from the file alone.
	const [meta] = await loadLibrary(library);
	const rendered = renderArticle(await loadArticle(library, meta!), {width: 80, color: false});
	const lines = rendered.lines.map(line => plain(line));
	t.true(lines.includes('A summary: the harbour wakes early.'));
	t.true(lines.includes('## The whole story'), 'a heading, marked by its level without colour');
	t.true(lines.join(' ').includes('the auctioneer called prices'));
	t.false(lines.some(line => line.includes(fullTextMarker) || line.includes('tidings:full-text')), 'the marker comment is hidden');
	t.true(rendered.headings.some(heading => heading.text === 'The whole story'));
});

test('fetching again replaces the stored story instead of adding a second one', async t => {
	const server = await startServer();
	const library = libraryWith({'days.md': summaryArticle(`${server.url}/story`)});
	t.is((await run(library, 'harbour-1')).code, 0);
	const once = fs.readFileSync(path.join(library, 'days.md'), 'utf8');
	t.is((await run(library, 'days.md')).code, 0, 'an article can be named by its path too');
	await server.close();
	const twice = fs.readFileSync(path.join(library, 'days.md'), 'utf8');
	t.is(twice, once);
	t.is(twice.split(fullTextMarker).length, 2);
	t.is(twice.split('fetched:').length, 2);
});

test('a failed fetch says why and leaves the file exactly as it was', async t => {
	const server = await startServer();
	const files = {
		'missing.md': summaryArticle(`${server.url}/nowhere`, 'missing'),
		'picture.md': summaryArticle(`${server.url}/picture`, 'picture'),
		'empty.md': summaryArticle(`${server.url}/empty`, 'empty'),
		'refused.md': summaryArticle('ftp://127.0.0.1/story', 'refused'),
		'closed.md': summaryArticle('http://127.0.0.1:9/story', 'closed'),
	};
	const library = libraryWith(files);
	const result = await run(library, 'missing', 'picture', 'empty', 'refused', 'closed');
	await server.close();
	t.is(result.code, 1);
	t.regex(result.stderr, /✗ Harbour days: HTTP 404 Not Found; the summary is kept/u);
	t.regex(result.stderr, /✗ Harbour days: the page is not HTML \(image\/png\); the summary is kept/u);
	t.regex(result.stderr, /✗ Harbour days: no article text found on the page; the summary is kept/u);
	t.regex(result.stderr, /✗ Harbour days: only http and https pages are fetched; the summary is kept/u);
	t.regex(result.stderr, /✗ Harbour days: connection refused; the summary is kept/u);
	for (const [relative, text] of Object.entries(files)) {
		t.is(fs.readFileSync(path.join(library, relative), 'utf8'), text, relative);
	}

	t.deepEqual(fs.readdirSync(library).sort(), Object.keys(files).sort());
});

test('an unknown id fetches nothing and exits 2', async t => {
	const library = libraryWith({'days.md': summaryArticle('http://127.0.0.1:9/story')});
	const result = await run(library, 'harbour-1', 'no-such-article');
	t.is(result.code, 2);
	t.regex(result.stderr, /no article with id "no-such-article"/u);
	t.is(fs.readFileSync(path.join(library, 'days.md'), 'utf8'), summaryArticle('http://127.0.0.1:9/story'));
});

test('an article reached through a link is not rewritten', async t => {
	const outside = libraryWith({'days.md': summaryArticle('http://127.0.0.1:9/story')});
	const library = libraryWith({});
	fs.symlinkSync(path.join(outside, 'days.md'), path.join(library, 'linked.md'));
	const result = await run(library, 'linked.md');
	t.is(result.code, 1);
	t.regex(result.stderr, /not a plain file/u);
});

test('a later feed fetch that rewrites the item keeps the story fetched for it', async t => {
	const server = await startServer();
	const library = libraryWith({});
	const item = (summary: string) => ({id: 'item-1', title: 'Harbour days', url: `${server.url}/story`, html: `<p>${summary}</p>`, enclosures: []});
	const context = {source: 'Harbour News', feedUrl: `${server.url}/feed.xml`};
	const first = await writeFeedItems(library, 'harbour-news', [item('First summary.')], context, new Date('2024-06-01T00:00:00Z'));
	t.true(first.ok);
	t.is((await run(library, 'feed:harbour-news:item-1')).code, 0);
	await server.close();
	const second = await writeFeedItems(library, 'harbour-news', [item('A corrected summary.')], context, new Date('2024-06-02T00:00:00Z'));
	t.true(second.ok && second.value.updated === 1);
	const [file] = fs.readdirSync(path.join(library, 'harbour-news'));
	const text = fs.readFileSync(path.join(library, 'harbour-news', file!), 'utf8');
	t.true(text.includes('A corrected summary.'));
	t.false(text.includes('First summary.'));
	t.true(text.includes(storyParagraphs[1]!), 'the fetched story is still there');
	t.regex(text, /^fetched: 2024-06-05T12:00:00.000Z$/mu);
	const third = await writeFeedItems(library, 'harbour-news', [item('A corrected summary.')], context, new Date('2024-06-03T00:00:00Z'));
	t.true(third.ok && third.value.unchanged === 1, 'an unchanged item is not rewritten');
});
