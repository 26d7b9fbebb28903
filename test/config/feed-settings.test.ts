import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {runCommand, type CommandRun} from '../helpers/capture-command.js';
import {registerFeedCommands} from '../../source/commands/feeds.js';
import {loadSettings} from '../../source/commands/settings.js';
import {StateStore} from '../../source/adapters/state-store.js';
import {storedFeedSettings, feedDisplaySettings} from '../../source/adapters/feed-settings.js';
import {installDisplayRules, withoutIgnored} from '../../source/app/display-rules.js';
import {Marks} from '../../source/app/marks.js';
import type {Config} from '../../source/core/config/schema.js';
import type {SafeText} from '../../source/core/text/neutralise.js';
import type {ArticleMeta} from '../../source/core/types.js';
import {fixture, listFiles, serveFeed, startFeedServer, temporaryDirectory, type FeedServer} from '../feeds/helpers/feed-server.js';

// Per-feed settings through `tidings add` and a real config file, fetched from a real HTTP server into a temp library.
let server: FeedServer;
test.before(async () => {
	server = await startFeedServer();
	for (const route of ['/a.xml', '/b.xml', '/c.xml', '/d.xml']) {
		server.routes.set(route, serveFeed(fixture('news-rss2.xml'), 'application/rss+xml; charset=utf-8'));
	}
});

test.after.always(async () => {
	installDisplayRules({ignore: [], highlight: []});
	await server.close();
});

function setup(configText = '') {
	const library = temporaryDirectory();
	const state = temporaryDirectory();
	const configFile = path.join(temporaryDirectory(), 'config.toml');
	fs.writeFileSync(configFile, configText);
	const settings = loadSettings(configFile, {});
	let now = new Date('2024-06-05T12:00:00Z');
	const cli = async (...args: string[]): Promise<CommandRun> => runCommand((program, streams) => {
		registerFeedCommands(program, {
			...streams,
			libraryDir: () => library,
			openStore: () => StateStore.open(state).store,
			httpLimits: {totalTimeoutMs: 10_000, connectTimeoutMs: 10_000, maxBytes: 256 * 1024},
			now: () => now,
			config: () => settings.config,
		});
	}, args);
	return {library, state, settings, cli, advance(ms: number) {
		now = new Date(now.getTime() + ms);
	}};
}

const requestsTo = (route: string) => server.requests.filter(request => request.path === route);

test.serial('add --every --keep --tag --user-agent --header keeps the settings; fetch sends the agent and the header, and skips a feed not yet due', async t => {
	const {state, cli, advance} = setup();
	const added = await cli('add', server.url('/a.xml'), '--every', '2h', '--keep', '1', '--tag', 'daily', '--user-agent', 'MyAgent/1', '--header', 'Authorization: Bearer s3cret');
	t.is(added.code, 0, added.stderr);
	t.deepEqual(storedFeedSettings(StateStore.open(state).store)[server.url('/a.xml')], {every: 7_200_000, keep: 1, tags: ['daily'], userAgent: 'MyAgent/1', headers: {Authorization: 'Bearer s3cret'}});
	const before = requestsTo('/a.xml').length;
	t.is((await cli('fetch')).code, 0);
	const sent = requestsTo('/a.xml').at(-1)!;
	t.is(sent.headers['user-agent'], 'MyAgent/1');
	t.is(sent.headers.authorization, 'Bearer s3cret');
	advance(3_600_000);
	await cli('fetch');
	t.is(requestsTo('/a.xml').length, before + 1, 'an hour later the feed is not due: not fetched');
	await cli('fetch', server.url('/a.xml'));
	t.is(requestsTo('/a.xml').length, before + 2, 'named on the command line, it is fetched anyway');
	advance(2 * 3_600_000);
	await cli('fetch');
	t.is(requestsTo('/a.xml').length, before + 3, 'two hours later it is due again');
});

test.serial('keep removes old items only once they are read and not starred', async t => {
	const {library, state, cli} = setup();
	t.is((await cli('add', server.url('/b.xml'), '--keep', '1')).code, 0);
	await cli('fetch');
	t.is(listFiles(library).length, 3, 'unread items stay, whatever keep says');
	const store = StateStore.open(state).store;
	store.change(current => {
		current.read.add('ledger-125');
		current.read.add('ledger-124');
		current.starred.add('ledger-124');
	});
	store.flush();
	await cli('fetch', server.url('/b.xml'));
	const files = listFiles(library);
	t.is(files.length, 2, files.join(', '));
	t.false(files.some(file => file.includes('election-results')), 'the oldest, read and unstarred, is gone');
	t.true(files.some(file => file.includes('markets-steady')), 'a starred one stays');
});

test.serial('[feeds."…"] in the config file: ignore at fetch (per feed and filters.ignore-at-fetch) never stores matching items', async t => {
	const {library, settings, cli} = setup(`[filters]\nignore-at-fetch = ["election"]\n[feeds."${server.url('/c.xml')}"]\nignore = ["markets"]\nname = "Ledger"\ntags = ["news"]\n`);
	t.deepEqual(settings.problems, []);
	t.is((await cli('add', server.url('/c.xml'))).code, 0);
	const fetched = await cli('fetch');
	t.is(fetched.code, 0, fetched.stderr);
	const files = listFiles(library);
	t.deepEqual(files.map(file => path.basename(file)), ['2024-06-04-harbour-reopens-after-storm-floods.md']);
});

test.serial('a feed\'s name and tags from the config file show in the list', t => {
	const {state, settings} = setup(`[feeds."https://example.org/feed.xml"]\nname = "Example News"\ntags = ["daily"]\n`);
	const store = StateStore.open(state).store;
	store.change(current => {
		current.feeds = [{url: 'https://example.org/feed.xml', slug: 'example'}];
	});
	installDisplayRules(settings.config.filters, feedDisplaySettings(store, settings.config as Config));
	const meta: ArticleMeta = {id: 'x', path: 'example/x.md', title: 'X' as SafeText, source: 'Example Feed Title' as SafeText, tags: ['world' as SafeText], feed: 'https://example.org/feed.xml' as SafeText, kind: 'md', size: 1, mtimeMs: 0, words: 1};
	const [shown] = withoutIgnored([meta], Marks.empty());
	t.is(shown!.source as string, 'Example News');
	t.deepEqual(shown!.tags, ['world', 'daily']);
});

test.serial('bad per-feed settings: add refuses them (exit 2); the config file names them with their line', async t => {
	const {cli} = setup();
	const bad = await cli('add', server.url('/d.xml'), '--every', 'soon');
	t.is(bad.code, 2);
	t.regex(bad.stderr, /--every must be a duration such as "30m", "2h"/u);
	const header = await cli('add', server.url('/d.xml'), '--header', 'Host: evil');
	t.is(header.code, 2);
	t.regex(header.stderr, /"Host" is not a header Tidings can send/u);
	const {settings} = setup('[feeds."x"]\nkeep = 0\nheaders = {Authorization = "a\\nb"}\nspeed = 1\n');
	t.deepEqual(settings.problems.map(problem => `${problem.line} ${problem.message}`), [
		'2 feeds."x".keep must be a whole number of items, at least 1; it is not used',
		'3 feeds."x".headers Authorization must be one line of text (no line breaks); it is not used',
		'4 feeds."x".speed unknown feed setting (known: name, tags, every, keep, keep-days, user-agent, headers, ignore, auto-download); it is not used',
	]);
});

test.serial('[feeds."…"] keep-days, user-agent and headers from the config file', async t => {
	const url = server.url('/d.xml');
	const {library, state, settings, cli} = setup(`[feeds."${url}"]\nkeep-days = 2\nuser-agent = "FromConfig/2"\nheaders = {"X-Token" = "t0k"}\n`);
	t.deepEqual(settings.problems, []);
	t.is((await cli('add', url)).code, 0);
	await cli('fetch');
	const sent = requestsTo('/d.xml').at(-1)!;
	t.is(sent.headers['user-agent'], 'FromConfig/2');
	t.is(sent.headers['x-token'], 't0k');
	const store = StateStore.open(state).store;
	store.change(current => {
		for (const id of ['ledger-123', 'ledger-124', 'ledger-125']) {
			current.read.add(id);
		}
	});
	store.flush();
	await cli('fetch', url);
	// The clock is 2024-06-05T12:00Z: two days back is 06-03T12:00Z; the election item (06-02 21:00 CEST) goes, the
	// markets item (06-03 17:05 EST, 22:05Z) and the harbour one stay.
	t.deepEqual(listFiles(library).map(file => path.basename(file)), ['2024-06-03-markets-steady-ahead-of-rate-decision.md', '2024-06-04-harbour-reopens-after-storm-floods.md']);
});
