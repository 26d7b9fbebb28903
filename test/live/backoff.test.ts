// Issue 18: a feed that fails backs off (exponentially, capped, kept in the store), the reader's refresh waits it out,
// `r` and `tidings fetch` do not, a success clears it, and `tidings feeds` says why and until when.
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {backoffCapMs, backoffMs, fetchFeeds} from '../../source/adapters/feeds/fetch-all.js';
import {addSubscription, listSubscriptions} from '../../source/adapters/feeds/subscriptions.js';
import {StateStore} from '../../source/adapters/state-store.js';
import {startFeedServer} from '../feeds/helpers/feed-server.js';
import {cliPath, tempDir} from '../helpers/terminal.js';

const run = promisify(execFile);

test('the wait doubles from 5 minutes and stops at 6 hours', t => {
	t.is(backoffMs(1), 5 * 60_000);
	t.is(backoffMs(2), 10 * 60_000);
	t.is(backoffMs(4), 40 * 60_000);
	t.is(backoffMs(30), backoffCapMs);
	t.is(backoffCapMs, 6 * 3_600_000);
});

test('failures are counted and waited out by a refresh only; a success clears them; tidings feeds tells', async t => {
	const server = await startFeedServer();
	t.teardown(async () => server.close());
	let failing = true;
	server.routes.set('/flaky.xml', (_request, response) => {
		if (failing) {
			response.writeHead(503, {'Content-Type': 'text/plain'}).end('down for maintenance');
			return;
		}

		response.writeHead(200, {'Content-Type': 'application/rss+xml'}).end('<?xml version="1.0"?><rss version="2.0"><channel><title>Flaky</title><link>https://example.com/</link><item><title>Back</title><guid>1</guid></item></channel></rss>');
	});
	const base = tempDir();
	const libraryDir = path.join(base, 'library');
	fs.mkdirSync(libraryDir);
	const configDir = path.join(base, 'config');
	const {store} = StateStore.open(configDir);
	addSubscription(store, {url: server.url('/flaky.xml'), slug: 'flaky'});
	let clock = new Date('2026-06-01T10:00:00Z');
	const now = () => clock;
	const refresh = async () => fetchFeeds({store, libraryDir, now, refreshEvery: 60_000});

	t.is((await refresh())[0]?.status, 'failed');
	t.like(listSubscriptions(store)[0], {failures: 1, retryAt: '2026-06-01T10:05:00.000Z'});
	clock = new Date('2026-06-01T10:02:00Z');
	t.deepEqual(await refresh(), [], 'a refresh waits out the back-off');
	t.is((await fetchFeeds({store, libraryDir, now}))[0]?.status, 'failed', 'r and tidings fetch try at once');
	t.like(listSubscriptions(store)[0], {failures: 2, retryAt: '2026-06-01T10:12:00.000Z'});
	store.flush();

	const env = {...process.env, TIDINGS_DIR: libraryDir, TIDINGS_CONFIG_DIR: configDir, TIDINGS_CACHE_DIR: path.join(base, 'cache')};
	const {stdout} = await run(process.execPath, [cliPath, 'feeds', '--json'], {env});
	t.like((JSON.parse(stdout) as unknown[])[0], {failures: 2, retryAt: '2026-06-01T10:12:00.000Z', lastError: 'HTTP 503 Service Unavailable'});
	const text = (await run(process.execPath, [cliPath, 'feeds'], {env})).stdout;
	t.regex(text, /failed 2 times in a row: the reader's refresh waits until 2026-06-01 10:12 UTC/u);

	failing = false;
	clock = new Date('2026-06-01T10:13:00Z');
	t.is((await refresh())[0]?.status, 'updated');
	t.is(listSubscriptions(store)[0]?.failures, undefined);
	t.is(listSubscriptions(store)[0]?.retryAt, undefined);
});
