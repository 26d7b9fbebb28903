// Issue 18 in a real pseudo-terminal: the watched library, the background refresh from a local HTTP server while keys
// arrive, and the terminal notification (read from the raw output) only when it is enabled.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {startFeedServer, type FeedServer} from '../feeds/helpers/feed-server.js';
import {cliPath, keys, startTidings, tempDir} from '../helpers/terminal.js';

const run = promisify(execFile);
const sleep = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

function article(title: string, date: string): string {
	return `---\ntitle: ${title}\ndate: ${date}\n---\n\nThe body of ${title}.\n`;
}

function library(count: number): {base: string; library: string; env: Record<string, string>} {
	const base = tempDir();
	const library = path.join(base, 'library');
	fs.mkdirSync(path.join(library, 'local'), {recursive: true});
	for (let day = 1; day <= count; day++) {
		const n = String(day).padStart(2, '0');
		fs.writeFileSync(path.join(library, 'local', `local-${n}.md`), article(`Local ${n}`, `2025-01-${n}`));
	}

	fs.mkdirSync(path.join(base, 'config'));
	return {base, library, env: {TIDINGS_DIR: library, TIDINGS_CONFIG_DIR: path.join(base, 'config'), TIDINGS_CACHE_DIR: path.join(base, 'cache')}};
}

function rss(name: string, items: number): string {
	const entries = Array.from({length: items}, (_, index) => `<item><title>${name} item ${index + 1}</title><link>https://example.com/${name}/${index + 1}</link><guid>${name}-${index + 1}</guid><pubDate>Mon, 0${index + 1} Jun 2026 10:00:00 GMT</pubDate><description>Text ${index + 1}</description></item>`);
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>${name}</title><link>https://example.com/${name}</link>${entries.join('')}</channel></rss>`;
}

/** Three feeds answering after 0.4, 1.6 and 2.8 s, so the refresh is under way while the test types. */
async function slowFeeds(env: Record<string, string>): Promise<FeedServer> {
	const server = await startFeedServer();
	let slow = false;
	for (const [index, name] of ['alpha', 'beta', 'gamma'].entries()) {
		server.routes.set(`/${name}.xml`, (_request, response) => {
			setTimeout(() => {
				response.writeHead(200, {'Content-Type': 'application/rss+xml'}).end(rss(name, 3));
			}, slow ? 400 + (index * 1200) : 0);
		});
		const {CI: _ci, ...parent} = process.env;
		 
		await run(process.execPath, [cliPath, 'add', server.url(`/${name}.xml`)], {env: {...parent, ...env}});
	}

	slow = true;
	return server;
}

test('a file written into the library by another process appears without a key; removed, it goes', async t => {
	const {library: dir, env} = library(3);
	const session = startTidings({env: {...env}, columns: 100, rows: 20});
	t.teardown(() => session.kill());
	await session.waitFor('3 unread of 3');
	// Another process: a Node child writes the file, as an editor or a sync tool would.
	await run(process.execPath, ['-e', `require('fs').writeFileSync(${JSON.stringify(path.join(dir, 'local', 'dropped.md'))}, ${JSON.stringify(article('Dropped in by another program', '2026-03-01'))})`]);
	const screen = await session.waitFor('Dropped in by another program', 5000);
	t.regex(screen, /4 unread of 4/u);
	fs.mkdirSync(path.join(dir, 'moved-in'));
	fs.writeFileSync(path.join(dir, 'moved-in', 'note.txt'), 'A plain note\n\nwith text\n');
	await session.waitFor('A plain note', 5000);
	fs.rmSync(path.join(dir, 'local', 'local-01.md'));
	await session.waitFor(screenText => !screenText.includes('Local 01') && screenText.includes('4 unread of 4'), 5000);
	session.press('q');
	t.is((await session.exited()).exitCode, 0);
});

test('what changed while the reader was closed is there at the next start, painted from the index and its change log', async t => {
	const {library: dir, env} = library(3);
	const first = startTidings({env: {...env}, columns: 100, rows: 20});
	t.teardown(() => first.kill());
	await first.waitFor(screen => screen.includes('3 unread of 3') && !screen.includes('reading'));
	first.press('q');
	t.is((await first.exited()).exitCode, 0);

	// While it is closed: one file added, one removed, one retitled.
	fs.writeFileSync(path.join(dir, 'local', 'while-away.md'), article('Written while the reader was away', '2026-04-01'));
	fs.rmSync(path.join(dir, 'local', 'local-02.md'));
	fs.writeFileSync(path.join(dir, 'local', 'local-03.md'), article('Local 03, retitled', '2025-01-03'));
	const later = new Date(Date.now() + 5000);
	fs.utimesSync(path.join(dir, 'local', 'local-03.md'), later, later);
	const second = startTidings({env: {...env}, columns: 100, rows: 20});
	t.teardown(() => second.kill());
	let screen = await second.waitFor(text => text.includes('3 unread of 3') && !text.includes('reading'), 8000);
	t.regex(screen, /Written while the reader was away/u);
	t.regex(screen, /Local 03, retitled/u);
	t.notRegex(screen, /Local 02/u);
	second.press('q');
	t.is((await second.exited()).exitCode, 0);
	// The start-up comparison went into the index's change log, so the third start reads nothing again and agrees.
	const logs = fs.readdirSync(env['TIDINGS_CACHE_DIR']!).filter(name => name.endsWith('.changes.jsonl'));
	t.is(logs.length, 1);
	t.regex(fs.readFileSync(path.join(env['TIDINGS_CACHE_DIR']!, logs[0]!), 'utf8'), /Written while the reader was away/u);
	const third = startTidings({env: {...env}, columns: 100, rows: 20});
	t.teardown(() => third.kill());
	screen = await third.waitFor(text => text.includes('3 unread of 3') && !text.includes('reading'), 8000);
	t.regex(screen, /Written while the reader was away/u);
	t.notRegex(screen, /Local 02/u);
	third.press('q');
	t.is((await third.exited()).exitCode, 0);
});

test('the background refresh adds items while keys arrive, the selection stays on its article, and a notification goes out in the background', async t => {
	const {library: dir, env, base} = library(20);
	const server = await slowFeeds(env);
	t.teardown(async () => server.close());
	fs.writeFileSync(path.join(base, 'config', 'config.toml'), '[notify]\nenabled = true\n');
	const session = startTidings({env: {...env, TERM_PROGRAM: 'iTerm.app'}, columns: 100, rows: 20});
	t.teardown(() => session.kill());
	await session.waitFor('20 unread of 20');
	t.true(session.raw().includes('\u001B[?1004h'), 'focus reports are asked for when notifications are on');
	// Local 15 selected (the sixth row), then the terminal reports that it went to the background.
	session.press('jjjjj');
	await session.waitFor('6/20');
	session.press('\u001B[O');
	await session.waitFor(/refreshing [0-2]\/3/u, 15_000);
	// Keys during the refresh: down and up again, ten times.
	for (let round = 0; round < 10; round++) {
		session.press('j');
		 
		await sleep(80);
		session.press('k');
		 
		await sleep(80);
	}

	const screen = await session.waitFor(/29 unread of 29 · by newest {2}15\/29 · refreshed \d\d:\d\d/u, 15_000);
	// Nine rows arrived above it; the selected article is still on the sixth row of the list, where it was.
	t.regex(screen.split('\n')[6] ?? '', /Local 15/u);
	const notification = /\u001B\]9;Tidings: 9 new articles: (?:alpha|beta|gamma) \(3\)[^\u0007\u001B]*\u0007/u;
	for (let wait = 0; wait < 50 && !notification.test(session.raw()); wait++) {
		 
		await sleep(100);
	}

	t.regex(session.raw(), notification, 'an OSC 9 notification is written');
	session.press(keys.enter);
	await session.waitFor('The body of Local 15');
	session.press('q');
	session.press('q');
	t.is((await session.exited()).exitCode, 0);
	t.is(fs.readdirSync(dir).filter(name => ['alpha', 'beta', 'gamma'].some(feed => name.includes(feed))).length, 3);
});

test('no notification sequence and no focus reports when notifications are off (the default)', async t => {
	const {env} = library(2);
	const server = await slowFeeds(env);
	t.teardown(async () => server.close());
	const session = startTidings({env: {...env, TERM_PROGRAM: 'iTerm.app'}, columns: 100, rows: 20});
	t.teardown(() => session.kill());
	await session.waitFor('2 unread of 2');
	session.press('\u001B[O');
	await session.waitFor(/11 unread of 11 .*refreshed/u, 15_000);
	t.false(session.raw().includes('\u001B[?1004h'));
	t.false(/\u001B\](?:9|777|99);/u.test(session.raw()));
	session.press('q');
	t.is((await session.exited()).exitCode, 0);
});

test('without watching, r scans the library even with no subscriptions, and after a cron fetch counts the new rows', async t => {
	const {library: dir, env} = library(2);
	const session = startTidings({env: {...env, TIDINGS_WATCH: 'off'}, columns: 100, rows: 20});
	t.teardown(() => session.kill());
	await session.waitFor('2 unread of 2');
	// Once the watcher's worker has compared the library with the list (a file written before that shows at once).
	await sleep(2000);
	fs.writeFileSync(path.join(dir, 'local', 'note.md'), article('Written while not watched', '2026-02-01'));
	await sleep(1000);
	t.false(session.text().includes('Written while not watched'), 'not watched: nothing shows without r');
	session.press('r');
	await session.waitFor(/No subscriptions yet.*1 new in the library/u, 10_000);
	await session.waitFor('Written while not watched');

	const server = await startFeedServer();
	t.teardown(async () => server.close());
	server.routes.set('/cron.xml', (_request, response) => {
		response.writeHead(200, {'Content-Type': 'application/rss+xml'}).end(rss('cron', 2));
	});
	const {CI: _ci, ...parent} = process.env;
	await run(process.execPath, [cliPath, 'add', server.url('/cron.xml')], {env: {...parent, ...env}});
	// The cron job: another process fetches while the reader runs.
	await run(process.execPath, [cliPath, 'fetch'], {env: {...parent, ...env}});
	session.press('r');
	await session.waitFor(/Fetched 1 feed: 2 new, 0 updated/u, 10_000);
	await session.waitFor('5 unread of 5');
	session.press('q');
	t.is((await session.exited()).exitCode, 0);
});

test('with no subscription at the start, one another process adds is fetched by the next background refresh', async t => {
	// The reader's refresh timer does nothing while the store has no subscription, and must still see one added later
	// (the store is read again: by the timer itself, or by the shared state's merge that the add's write sets off).
	const {env, base} = library(2);
	fs.writeFileSync(path.join(base, 'config', 'config.toml'), '[refresh]\nevery = "10s"\n');
	const server = await startFeedServer();
	t.teardown(async () => server.close());
	server.routes.set('/later.xml', (_request, response) => {
		response.writeHead(200, {'Content-Type': 'application/rss+xml'}).end(rss('later', 2));
	});
	const session = startTidings({env: {...env}, columns: 100, rows: 20});
	t.teardown(() => session.kill());
	await session.waitFor('2 unread of 2');
	// Past the first look (a second after the start), which found nothing to do.
	await sleep(1500);
	t.is(server.requests.length, 0, 'no request without a subscription');
	const {CI: _ci, ...parent} = process.env;
	await run(process.execPath, [cliPath, 'add', server.url('/later.xml')], {env: {...parent, ...env}});
	await session.waitFor(/4 unread of 4 .*refreshed \d\d:\d\d/u, 20_000);
	t.true(server.requests.length > 0);
	session.press('q');
	t.is((await session.exited()).exitCode, 0);
});

test('a quit during the first load of a large library (its worker still reading) is a plain quit, not a crash', async t => {
	const base = tempDir();
	const dir = path.join(base, 'library');
	for (let folder = 0; folder < 4; folder++) {
		fs.mkdirSync(path.join(dir, `source-${folder}`), {recursive: true});
		for (let index = 0; index < 3000; index++) {
			fs.writeFileSync(path.join(dir, `source-${folder}`, `${index}.md`), article(`Article ${folder}-${index}`, '2025-01-01'));
		}
	}

	const cache = path.join(base, 'cache');
	const session = startTidings({env: {TIDINGS_DIR: dir, TIDINGS_CONFIG_DIR: path.join(base, 'config'), TIDINGS_CACHE_DIR: cache}, columns: 100, rows: 20});
	t.teardown(() => session.kill());
	await session.waitFor('Reading the library');
	session.press('q');
	t.is((await session.exited()).exitCode, 0);
	t.false(fs.existsSync(path.join(cache, 'crash.log')), fs.existsSync(path.join(cache, 'crash.log')) ? fs.readFileSync(path.join(cache, 'crash.log'), 'utf8') : '');
});
