import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {runCommand, type CommandRun} from '../helpers/capture-command.js';
import {registerFeedCommands} from '../../source/commands/feeds.js';
import {parseArticle} from '../../source/core/article/parse-article.js';
import {StateStore} from '../../source/adapters/state-store.js';
import {fixture, fixturesDir, listFiles, serveFeed, startFeedServer, temporaryDirectory, type FeedServer} from './helpers/feed-server.js';

type Run = CommandRun;

/** Runs `tidings <args>` through the feed commands on a fresh commander program, against a temp library and store. */
function makeCli(library: string, config: string, totalTimeoutMs = 10_000) {
	return async (...args: string[]): Promise<Run> => runCommand((program, streams) => {
		registerFeedCommands(program, {
			...streams,
			libraryDir: () => library,
			openStore: () => StateStore.open(config).store,
			httpLimits: {totalTimeoutMs, connectTimeoutMs: totalTimeoutMs, maxBytes: 256 * 1024},
			now: () => new Date('2024-06-05T12:00:00Z'),
		});
	}, args);
}

let server: FeedServer;

test.before(async () => {
	server = await startFeedServer();
	server.routes.set('/world/rss.xml', serveFeed(fixture('news-rss2.xml'), 'application/rss+xml; charset=utf-8', '"ledger-1"'));
	server.routes.set('/atom.xml', serveFeed(fixture('blog-atom.xml'), 'application/atom+xml'));
	server.routes.set('/blog/', serveFeed(fixture('page.html'), 'text/html; charset=utf-8'));
	server.routes.set('/comments/feed/', serveFeed(fixture('rdf.xml')));
	server.routes.set('/feed.json', serveFeed(fixture('json-feed.json'), 'application/feed+json'));
	server.routes.set('/podcast.xml', serveFeed(fixture('podcast.xml')));
	server.routes.set('/rdf.xml', serveFeed(fixture('rdf.xml'), 'application/rdf+xml'));
	server.routes.set('/dupes.xml', serveFeed(fixture('duplicate-guids.xml')));
	server.routes.set('/escape.xml', serveFeed(fixture('escape.xml')));
	server.routes.set('/hostile.xml', serveFeed(fixture('hostile.xml')));
	server.routes.set('/bomb.xml', serveFeed(fixture('billion-laughs.xml')));
	server.routes.set('/cp1252.xml', serveFeed(fixture('windows-1252.xml'), 'text/xml'));
	server.routes.set('/slow.xml', (_request, response) => {
		response.writeHead(200, {'Content-Type': 'application/rss+xml'});
		response.write('<rss version="2.0">');
	});
});

test.after.always(async () => {
	await server.close();
});

function setup() {
	const library = temporaryDirectory();
	const config = temporaryDirectory();
	return {library, config, cli: makeCli(library, config)};
}

const readArticle = (library: string, relative: string) => {
	const bytes = fs.readFileSync(path.join(library, relative));
	return parseArticle({path: relative, size: bytes.length, mtimeMs: 0}, bytes);
};

test('subscribe, fetch, mark read, fetch again: nothing is duplicated and the read mark stays', async t => {
	const {library, config, cli} = setup();
	const added = await cli('add', server.url('/world/rss.xml'));
	t.is(added.code, 0, added.stderr);
	t.regex(added.stdout, /Subscribed to The Daily Ledger - World/u);

	const first = await cli('fetch');
	t.is(first.code, 0, first.stderr);
	t.is(first.stdout, '✓ The Daily Ledger - World: 3 new\n');
	const files = listFiles(library);
	t.deepEqual(files, [
		'the-daily-ledger-world/2024-06-02-election-results-a-table.md',
		'the-daily-ledger-world/2024-06-03-markets-steady-ahead-of-rate-decision.md',
		'the-daily-ledger-world/2024-06-04-harbour-reopens-after-storm-floods.md',
	]);

	const article = readArticle(library, files[2]!);
	// A feed's ids are namespaced by its folder (issue 15).
	t.is<string | undefined, string | undefined>(article.meta.id, 'feed:the-daily-ledger-world:ledger-123');
	t.is<string | undefined, string | undefined>(article.meta.title, 'Harbour reopens after storm & floods');
	t.is<string | undefined, string | undefined>(article.meta.author, 'Ana Ruiz');
	t.is<string | undefined, string | undefined>(article.meta.date, '2024-06-04T07:30:00.000Z');
	t.is<string | undefined, string | undefined>(article.meta.source, 'The Daily Ledger - World');
	t.is<string | undefined, string | undefined>(article.meta.url, 'https://news.example/world/harbour-reopens-123');
	t.is<string | undefined, string | undefined>(article.meta.feed, server.url('/world/rss.xml'));
	t.deepEqual(article.warnings, []);
	t.true(article.body.includes('[days after the storm](https://news.example/world/storm-live)'), article.body);
	t.true(article.body.includes('![Boats in the harbour](<https://news.example/img/harbour.jpg>)'), 'an image stays an image, for the reader to draw');
	t.true(article.body.includes('> We are open for business.'));
	t.false(/document\.write|color:red|pixel\.gif/u.test(article.body), 'scripts, styles and pixels are gone');
	t.true(/\[Embedded: [^\]]*video\.example[^\]]*\]/u.test(article.body), 'an iframe leaves a link to what it embedded');
	const table = readArticle(library, files[0]!);
	t.true(table.body.includes('| Party | Seats |'));
	t.true(table.body.includes('```python'));

	const store = StateStore.open(config).store;
	store.change(state => {
		state.read.add('feed:the-daily-ledger-world:ledger-123');
	}, {flush: 'now'});

	const second = await cli('fetch');
	t.is(second.stdout, '· The Daily Ledger - World: not modified\n', 'the stored ETag made it a 304');
	const request = server.requests.findLast(entry => entry.path === '/world/rss.xml')!;
	t.is(request.headers['if-none-match'], '"ledger-1"');

	// Without validators the feed is downloaded and parsed again, and every item is found in place.
	StateStore.open(config).store.change(state => {
		for (const feed of state.feeds as Array<Record<string, unknown>>) {
			delete feed['etag'];
		}
	}, {flush: 'now'});
	const third = await cli('fetch', '--json');
	t.like(JSON.parse(third.stdout), [{status: 'updated', added: 0, updated: 0, unchanged: 3}]);
	t.deepEqual(listFiles(library), files);

	const feeds = JSON.parse((await cli('feeds', '--json')).stdout) as Array<Record<string, unknown>>;
	t.like(feeds, [{name: 'The Daily Ledger - World', items: 3, unread: 2, lastError: null, folder: 'the-daily-ledger-world'}]);
	t.true(StateStore.open(config).store.isRead('feed:the-daily-ledger-world:ledger-123'));
});

test('an item whose content changed is rewritten in place under its first name', async t => {
	const {library, cli} = setup();
	let title = 'First headline';
	let body = 'one';
	server.routes.set('/changing.xml', (_request, response) => {
		response.writeHead(200, {'Content-Type': 'application/rss+xml'}).end(`<rss version="2.0"><channel><title>Changing</title><item><title>${title}</title><guid>c-1</guid><pubDate>Mon, 03 Jun 2024 10:00:00 GMT</pubDate><description>${body}</description></item></channel></rss>`);
	});
	await cli('add', server.url('/changing.xml'));
	await cli('fetch');
	title = 'Corrected headline';
	body = 'two';
	const again = await cli('fetch');
	t.is(again.stdout, '✓ Changing: 0 new, 1 updated\n');
	const files = listFiles(library);
	t.deepEqual(files, ['changing/2024-06-03-first-headline.md']);
	const article = readArticle(library, files[0]!);
	t.is<string | undefined, string | undefined>(article.meta.title, 'Corrected headline');
	t.regex(article.body, /two/u);
});

test('a web page URL subscribes to the feed it announces', async t => {
	const {cli, config} = setup();
	const added = await cli('add', server.url('/blog/'), '--name', 'Workshop');
	t.is(added.code, 0, added.stderr);
	const subscriptions = StateStore.open(config).store.state.feeds as Array<Record<string, unknown>>;
	t.like(subscriptions, [{url: server.url('/atom.xml'), name: 'Workshop', title: 'Notes from the Workshop', slug: 'workshop'}]);
});

test('add refuses duplicates and anything but http(s), with exit code 2 and one line on stderr', async t => {
	const {cli} = setup();
	t.is((await cli('add', server.url('/atom.xml'))).code, 0);
	const duplicate = await cli('add', server.url('/atom.xml'));
	t.is(duplicate.code, 2);
	t.is(duplicate.stderr, `tidings: already subscribed to ${server.url('/atom.xml')}\n`);
	const viaPage = await cli('add', server.url('/blog/'));
	t.is(viaPage.code, 2);
	t.regex(viaPage.stderr, /already subscribed/u);
	for (const url of ['file:///etc/passwd', 'ftp://127.0.0.1/feed', 'javascript:alert(1)']) {
		const refused = await cli('add', url);
		t.is(refused.code, 2, url);
		t.regex(refused.stderr, /^tidings: only http and https feeds are supported, not \w+\n$/u, url);
	}

	const notFound = await cli('add', server.url('/nothing-here'));
	t.is(notFound.code, 1);
	t.regex(notFound.stderr, /^tidings: couldn't fetch .*: HTTP 404 Not Found\n$/u);
});

// Serial, so that the short deadline that cuts off the slow feed is not eaten by the other tests' parsing on 2 cores.
test.serial('fetch runs every format side by side; a failing feed is reported, exits 1, and the others are stored', async t => {
	const {library, config} = setup();
	const cli = makeCli(library, config, 1000);
	for (const route of ['/feed.json', '/podcast.xml', '/rdf.xml', '/cp1252.xml', '/slow.xml']) {
		// The slow feed cannot be checked by add (it times out), so it is imported like an OPML entry would be.
		if (route === '/slow.xml') {
			const opml = path.join(temporaryDirectory(), 'slow.opml');
			fs.writeFileSync(opml, `<opml version="2.0"><body><outline text="Slow" type="rss" xmlUrl="${server.url(route)}"/></body></opml>`);
			t.is((await cli('import', opml)).code, 0);
		} else {
			t.is((await cli('add', server.url(route))).code, 0, route);
		}
	}

	const fetched = await cli('fetch');
	t.is(fetched.code, 1);
	t.deepEqual(fetched.stdout.trim().split('\n'), [
		'✓ Micro Dispatches: 2 new',
		'✓ Slow Radio: 2 new',
		'✓ Science Digest: 2 new',
		'✓ Café “Le Monde”: 1 new',
		'✗ Slow: timed out after 1 s',
	]);
	const files = listFiles(library);
	t.true(files.includes('slow-radio/2024-05-31-episode-12-rivers.md'));
	// Nothing in a stored item depends on when it was fetched (two synced machines write the same file): no fetch date.
	t.true(files.includes('cafe-le-monde/creme-brulee-5.md'), 'an undated item is stored without a date');
	t.false(fs.readFileSync(path.join(library, 'cafe-le-monde/creme-brulee-5.md'), 'utf8').includes('\ndate:'));
	const episode = readArticle(library, 'slow-radio/2024-05-31-episode-12-rivers.md');
	t.regex(episode.body, /## Attachments\n\n- \[ep12\.mp3\]\(<https:\/\/cdn\.slowradio\.example\/ep12\.mp3>\) \(audio\/mpeg, 58\.1 MB, 1:02:03\)/u);
	const note = files.find(file => file.startsWith('micro-dispatches/2024-05-30'))!;
	t.regex(readArticle(library, note).body, /\\\*Not\\\* emphasis/u, 'plain text is escaped, not read as Markdown');
	const feeds = JSON.parse((await cli('feeds', '--json')).stdout) as Array<{name: string; lastError: string | null}>;
	t.is(feeds.find(feed => feed.name === 'Slow')!.lastError, 'timed out after 1 s');
	t.is((await cli('fetch', 'Science Digest')).code, 0, 'fetching only the named feeds leaves the broken one out');
	t.truthy(StateStore.open(config).store.state.feeds);
});

test('duplicate guids in one feed give one file per id', async t => {
	const {library, cli} = setup();
	await cli('add', server.url('/dupes.xml'));
	const fetched = await cli('fetch');
	t.regex(fetched.stdout, /Echo Chamber: 2 new\n {2}1 item\(s\) repeated an id/u);
	const files = listFiles(library);
	t.is(files.length, 2);
	t.is(files[1], 'echo-chamber/2024-06-03-first-copy.md');
	t.regex(files[0]!, /^echo-chamber\/2024-06-03-first-copy-[\da-f]{8}\.md$/u, 'a second item with the same title gets a hashed name');
	t.deepEqual(files.map(file => readArticle(library, file).meta.id).sort(), ['feed:echo-chamber:other', 'feed:echo-chamber:same']);
});

test('titles and ids that try to escape the folder stay inside the library', async t => {
	const outside = temporaryDirectory();
	const library = path.join(outside, 'library');
	fs.mkdirSync(library);
	const cli = makeCli(library, temporaryDirectory());
	await cli('add', server.url('/escape.xml'));
	const fetched = await cli('fetch');
	t.is(fetched.code, 0, fetched.stderr);
	const files = listFiles(library);
	t.is(files.length, 4);
	for (const file of files) {
		t.regex(file, /^etc\/2024-06-03-[\p{L}\p{N}-]+\.md$/u);
	}

	t.true(files.includes('etc/2024-06-03-x.md'));
	t.deepEqual(fs.readdirSync(outside), ['library'], 'nothing was written next to the library');
});

test('a feed cannot write through a symlinked folder', async t => {
	const {library, cli} = setup();
	const elsewhere = temporaryDirectory();
	await cli('add', server.url('/rdf.xml'));
	fs.symlinkSync(elsewhere, path.join(library, 'science-digest'));
	const fetched = await cli('fetch');
	t.is(fetched.code, 1);
	t.regex(fetched.stdout, /not a plain folder/u);
	t.deepEqual(fs.readdirSync(elsewhere), []);
});

test('hostile text from a feed is neutralised in files and in command output', async t => {
	const {library, cli} = setup();
	const added = await cli('add', server.url('/hostile.xml'));
	t.false(added.stdout.includes('\u001B'));
	const fetched = await cli('fetch');
	const listed = await cli('feeds');
	const exported = await cli('export');
	for (const output of [added.stdout, fetched.stdout, listed.stdout, exported.stdout]) {
		t.false(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202E]/u.test(output), output);
	}

	const [file] = listFiles(library);
	const text = fs.readFileSync(path.join(library, file!), 'utf8');
	t.false(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202E]/u.test(text), 'no raw control or bidi character in the file');
	t.true(text.includes('␛'), 'the attempt stays visible');
	t.true(text.includes('⟦U+202E⟧'));
});

test('an entity bomb is fetched as a small, literal item', async t => {
	const {library, cli} = setup();
	await cli('add', server.url('/bomb.xml'));
	t.is((await cli('fetch')).code, 0);
	const [file] = listFiles(library);
	t.true(fs.statSync(path.join(library, file!)).size < 1000);
});

test('remove keeps the articles, remove --purge deletes them, and an unknown name exits 2', async t => {
	const {library, cli} = setup();
	await cli('add', server.url('/rdf.xml'));
	await cli('add', server.url('/podcast.xml'));
	await cli('fetch');
	t.is((await cli('remove', 'Science Digest')).stdout, 'Unsubscribed from Science Digest; its articles stay in science-digest/\n');
	t.is(listFiles(library).filter(file => file.startsWith('science-digest/')).length, 2);
	fs.writeFileSync(path.join(library, 'slow-radio', 'my-own-note.md'), '# mine\n');
	t.is((await cli('remove', server.url('/podcast.xml'), '--purge')).stdout, 'Unsubscribed from Slow Radio and deleted 2 stored articles\n');
	t.deepEqual(listFiles(library).filter(file => file.startsWith('slow-radio/')), ['slow-radio/my-own-note.md'], 'files the feed did not write are kept');
	const unknown = await cli('remove', 'nope');
	t.is(unknown.code, 2);
	t.is(unknown.stderr, 'tidings: no subscription matches "nope" (tidings feeds lists them)\n');
	t.is((await cli('fetch', 'nope')).code, 2);
});

test('OPML from newsboat, Feedly and Miniflux imports with categories and exports back to the same feeds', async t => {
	const {cli, config} = setup();
	const newsboat = await cli('import', path.join(fixturesDir, 'newsboat.opml'));
	t.is(newsboat.stdout, 'Imported 2 feeds (1 skipped: already subscribed, repeated or not http(s))\nRun `tidings fetch` to download their items\n');
	const feedly = await cli('import', path.join(fixturesDir, 'feedly.opml'));
	t.regex(feedly.stdout, /^Imported 1 feeds \(2 skipped/u);
	const miniflux = await cli('import', path.join(fixturesDir, 'miniflux.opml'));
	t.regex(miniflux.stdout, /^Imported 2 feeds \(1 skipped/u);
	const subscriptions = StateStore.open(config).store.state.feeds as Array<{url: string; category?: string}>;
	t.deepEqual(subscriptions.map(entry => [entry.url, entry.category]), [
		['https://news.example/world/rss.xml', undefined],
		['https://blog.example/atom.xml', undefined],
		['https://micro.example/feed.json', 'Tech'],
		['https://science.example/rss', 'All'],
		['https://slowradio.example/feed.xml', 'Podcasts'],
	]);

	const exported = await cli('export');
	t.is(exported.code, 0);
	t.regex(exported.stdout, /^<\?xml version="1.0" encoding="utf-8"\?>\n<opml version="2.0">/u);
	const file = path.join(temporaryDirectory(), 'export.opml');
	fs.writeFileSync(file, exported.stdout);
	const second = setup();
	t.is((await second.cli('import', file)).stdout, 'Imported 5 feeds\nRun `tidings fetch` to download their items\n');
	const roundTripped = StateStore.open(second.config).store.state.feeds as Array<{url: string; category?: string; title?: string}>;
	t.deepEqual(roundTripped.map(entry => [entry.url, entry.category, entry.title]), subscriptions.map(entry => [entry.url, entry.category, (entry as {title?: string}).title]));
	const bad = await cli('import', path.join(fixturesDir, 'missing.opml'));
	t.is(bad.code, 2);
	t.is(bad.stderr, `tidings: couldn't read ${path.join(fixturesDir, 'missing.opml')}: ENOENT\n`);
});
