/**
Issue 15, feeds: parsing is linear for the inputs that took minutes (tag stripping of many `<`, a 9 MB channel head
reparsed per item, salvage of many unclosed `<item>` / `<item x`), and runs in a worker with a deadline so that what
third-party code does with a feed can never freeze the caller. Time bounds are generous safety nets; `npm run bench`
holds the speed targets.
*/
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import test from 'ava';
import {discoverFeedLinks} from '../../source/core/feeds/discover.js';
import {parseFeedText, stripTags, tagChunks} from '../../source/core/feeds/parse-feed.js';
import {parseFeedInWorker} from '../../source/adapters/feeds/parse-in-worker.js';
import {escapeBrokenTags} from '../../source/core/feeds/xml-guard.js';
import {startFeedServer} from '../feeds/helpers/feed-server.js';

const megabytes = 10 * 1024 * 1024;
const atom = '<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title>';

/** The attacks of issue 15 on the feed parser, each about 10 MB. */
export const hostileFeeds: ReadonlyArray<{name: string; text: () => string}> = [
	{name: 'Atom html title of many <', text: () => `${atom}<entry><id>1</id><title type="html">${'&lt;'.repeat(megabytes / 4)}</title></entry></feed>`},
	{name: 'Atom html title of many < in CDATA', text: () => `${atom}<entry><id>1</id><title type="html"><![CDATA[${'<'.repeat(megabytes)}]]></title></entry></feed>`},
	{name: 'broken RSS with a 9 MB channel head', text: () => `<rss version="2.0"><channel><title>t</title><description>${'x'.repeat(9 * 1024 * 1024)}</description>${'<item><guid>a</guid><title>x</title></item>'.repeat(1000)}<broken`},
	{name: 'broken RSS ending in many <item>', text: () => `<rss version="2.0"><channel><title>t</title><item><guid>a</guid></item>${'<item>'.repeat(megabytes / 6)}`},
	{name: 'broken RSS ending in many <item x', text: () => `<rss version="2.0"><channel><title>t</title><item><guid>a</guid></item>${'<item x'.repeat(megabytes / 7)}`},
	{name: 'broken Atom ending in many <entry a="', text: () => `${atom}<entry><id>1</id></entry>${'<entry a="'.repeat(megabytes / 10)}`},
	{name: 'broken RSS of many <', text: () => `<rss version="2.0"><channel><title>t</title>${'<'.repeat(megabytes)}`},
	{name: 'broken RSS of many <item></ite', text: () => `<rss version="2.0"><channel><title>t</title>${'<item></ite'.repeat(megabytes / 11)}`},
	// Found by test/hostile/parser-fuzz.test.ts: fast-xml-parser looked for the end of every unclosed tag to the end.
	{name: 'Atom of many tags with an unclosed quote', text: () => `${atom}<entry><id>1</id><title type="html">${'<outline title="t" xmlUrl="https://x.example/'.repeat(megabytes / 45)}`},
	{name: 'Atom html title of many raw <', text: () => `${atom}<entry><id>1</id><title type="html">${'<'.repeat(megabytes)}`},
	{name: 'Atom html title of --- x< lines', text: () => `${atom}<entry><id>1</id><title type="html">${'\n--- x<'.repeat(megabytes / 7)}`},
	{name: 'OPML-like run of unclosed tags', text: () => `<rss version="2.0"><channel><title>t</title>${'<a b="<'.repeat(megabytes / 7)}`},
];

test('stripTags is linear and keeps what the old pattern kept', t => {
	t.is(stripTags('a <b>bold</b> c'), 'a bold c');
	t.is(stripTags('x < y and <i>z'), 'x z');
	t.is(stripTags('no close <here'), 'no close <here');
	const started = performance.now();
	t.is(stripTags('<'.repeat(megabytes)).length, megabytes);
	t.true(performance.now() - started < 2000);
});

test('escapeBrokenTags escapes only the < of tags that do not close before the next <', t => {
	t.is(escapeBrokenTags('<a href="x">ok</a> 1 < 2 <b c="<d>'), '<a href="x">ok</a> 1 &lt; 2 &lt;b c="<d>');
	t.is(escapeBrokenTags('<a>x</a><<<<<<<', 3), '<a>x</a>&lt;&lt;&lt;');
	t.is(escapeBrokenTags('<!-- a < b --><![CDATA[<x>]]><?pi x?>'), '<!-- a < b --><![CDATA[<x>]]><?pi x?>');
	t.is(escapeBrokenTags('<!-- never closed <x>'), '&lt;!-- never closed <x>');
	const started = performance.now();
	escapeBrokenTags('<a b="'.repeat(megabytes / 6));
	escapeBrokenTags('<!--'.repeat(megabytes / 4));
	t.true(performance.now() - started < 2000);
});

test('tagChunks finds what the salvage pattern found, in one pass', t => {
	const xml = '<rss><channel><title>t</title><ITEM a="1"><title>one</title></item><items>x</items><item><title>two</title></item ><item>open';
	const {first, chunks} = tagChunks(xml, 'item', 100);
	t.is(first, xml.indexOf('<ITEM'));
	t.deepEqual(chunks, ['<ITEM a="1"><title>one</title></item>', '<item><title>two</title></item >']);
	t.deepEqual(tagChunks('<item x<item><a/></item>', 'item', 10).chunks, ['<item><a/></item>']);
});

for (const attack of hostileFeeds) {
	// Serial, and 10 s: a safety net against the minutes these took, not a speed target (about 0.1–0.7 s each alone).
	test.serial(`parse stays bounded: ${attack.name}`, t => {
		const text = attack.text();
		const started = performance.now();
		const result = parseFeedText(text, 'https://feed.example/');
		const ms = performance.now() - started;
		t.log(`${(text.length / 1024 / 1024).toFixed(1)} MB in ${Math.round(ms)} ms`);
		t.true(ms < 10_000, `${Math.round(ms)} ms`);
		t.true(result.ok || result.error.reason.length > 0);
	});
}

test.serial('feed discovery on a page of 30,000 feed links is linear', t => {
	const html = `<html><head>${Array.from({length: 30_000}, (_, index) => `<link rel="alternate" type="application/rss+xml" href="/f${index}">`).join('')}</head></html>`;
	const started = performance.now();
	t.is(discoverFeedLinks(html, 'https://x.example/').length, 30_000);
	const ms = performance.now() - started;
	t.log(`${Math.round(ms)} ms`);
	t.true(ms < 5000, `${Math.round(ms)} ms`);
});

test('salvage keeps the items of a broken feed with a large head, each parsed without the head', t => {
	const result = parseFeedText(`<rss version="2.0"><channel><title>Head</title><description>${'x'.repeat(1024 * 1024)}</description><item><guid>a</guid><title>A</title></item><item><guid>b</guid><title>B</title></item><broken`, 'https://feed.example/');
	t.true(result.ok);
	t.deepEqual(result.ok ? result.value.items.map(item => item.title) : [], ['A', 'B']);
	t.is(result.ok ? result.value.title : undefined, 'Head');
});

test('the worker parses a feed, and a parse that overruns its deadline is stopped with a reason', async t => {
	const good = await parseFeedInWorker('<rss version="2.0"><channel><title>T</title><item><guid>g</guid><title>One</title></item></channel></rss>', 'https://feed.example/');
	t.true(good.ok);
	t.is(good.ok ? good.value.items[0]?.title : undefined, 'One');
	// A big legitimate feed against a deadline it cannot meet: the worker is terminated, the caller answered in time.
	const big = `<rss version="2.0"><channel><title>t</title>${Array.from({length: 2000}, (_, index) => `<item><guid>${index}</guid><title>${'w '.repeat(500)}</title></item>`).join('')}</channel></rss>`;
	const started = performance.now();
	const stopped = await parseFeedInWorker(big, 'https://feed.example/', undefined, {deadlineMs: 20});
	t.true(performance.now() - started < 2000);
	t.false(stopped.ok);
	t.regex(stopped.ok ? '' : stopped.error.reason, /longer than 0\.02 s and was stopped/u);
	// The next parse gets a fresh worker.
	const again = await parseFeedInWorker('<rss version="2.0"><channel><title>T</title><item><guid>h</guid><title>Two</title></item></channel></rss>', 'https://feed.example/');
	t.is(again.ok ? again.value.items[0]?.title : undefined, 'Two');
});

test('the built tidings fetch parses in its worker: a hostile feed costs seconds at most, and the good feed next to it is written', async t => {
	const cli = fileURLToPath(new URL('../../bin/tidings.js', import.meta.url));
	t.true(fs.existsSync(path.join(path.dirname(cli), '..', 'dist', 'feed-parse-worker.js')), 'npm run build first');
	const server = await startFeedServer();
	t.teardown(async () => server.close());
	const hostile = hostileFeeds[2]!.text();
	server.routes.set('/hostile.xml', (_request, response) => response.writeHead(200, {'Content-Type': 'application/rss+xml'}).end(hostile));
	server.routes.set('/good.xml', (_request, response) => response.writeHead(200, {'Content-Type': 'application/rss+xml'}).end('<rss version="2.0"><channel><title>Good</title><item><guid>g1</guid><title>Good item</title></item></channel></rss>'));
	const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-feed-bounds-'));
	const env = {...process.env, TIDINGS_DIR: path.join(base, 'library'), TIDINGS_CONFIG_DIR: path.join(base, 'config'), TIDINGS_CACHE_DIR: path.join(base, 'cache')};
	fs.mkdirSync(env.TIDINGS_DIR, {recursive: true});
	const run = async (...arguments_: string[]) => promisify(execFile)(process.execPath, [cli, ...arguments_], {env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024});
	await run('add', server.url('/good.xml'), '--name', 'good');
	const {stdout} = await run('add', server.url('/hostile.xml'), '--name', 'hostile').catch((error: {stdout: string}) => error);
	t.log(stdout);
	const started = performance.now();
	const fetched = await run('fetch').catch((error: {stdout: string; stderr: string}) => error);
	const ms = performance.now() - started;
	t.log(`tidings fetch: ${Math.round(ms)} ms`);
	t.true(ms < 15_000, `${Math.round(ms)} ms`);
	t.true(fs.readdirSync(path.join(env.TIDINGS_DIR, 'good')).some(name => name.endsWith('.md')), fetched.stdout + fetched.stderr);
});
