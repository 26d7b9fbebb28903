/**
Issue 15: `r` in the reader fetches on the main thread's event loop; a feed that is slow to parse or to convert (HTML
to Markdown) must not stop that loop, or `q` and Ctrl-C go unanswered. A real server on 127.0.0.1, a real library and
store in temp folders; the loop's longest pause is measured while the feed is fetched and stored.
*/
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {fetchFeeds} from '../../source/adapters/feeds/fetch-all.js';
import {addSubscription} from '../../source/adapters/feeds/subscriptions.js';
import {StateStore} from '../../source/adapters/state-store.js';
import {startFeedServer} from './helpers/feed-server.js';

test('fetching a feed of slow HTML keeps the event loop answering (parse and conversion run in the worker)', async t => {
	const server = await startFeedServer();
	t.teardown(async () => server.close());
	// 1 MB of emphasis in one item: turndown takes about a second over it, which on the main thread would pause the
	// loop past the bound below; in the worker it stays well inside the conversion deadline even on a loaded machine.
	const html = '<em>a</em>'.repeat(100_000).replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
	const feed = `<rss version="2.0"><channel><title>Slow</title><item><guid>s1</guid><title>Slow item</title><description>${html}</description></item></channel></rss>`;
	server.routes.set('/slow.xml', (_request, response) => response.writeHead(200, {'Content-Type': 'application/rss+xml'}).end(feed));
	const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-responsive-'));
	const library = path.join(base, 'library');
	fs.mkdirSync(library);
	const {store} = StateStore.open(path.join(base, 'config'));
	addSubscription(store, {url: server.url('/slow.xml'), slug: 'slow'});
	let last = performance.now();
	let longest = 0;
	const ticker = setInterval(() => {
		const now = performance.now();
		longest = Math.max(longest, now - last);
		last = now;
	}, 5);
	const [result] = await fetchFeeds({store, libraryDir: library});
	clearInterval(ticker);
	t.is(result?.status, 'updated', result?.error);
	t.is(fs.readdirSync(path.join(library, 'slow')).filter(name => name.endsWith('.md')).length, 1);
	t.log(`longest pause of the event loop: ${Math.round(longest)} ms`);
	t.true(longest < 750, `${Math.round(longest)} ms`);
});
