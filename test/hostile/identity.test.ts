/**
Issue 15, identity: a feed item cannot choose the id of another article (it is namespaced by its feed's folder), so
it cannot share the bundled welcome article's marks or answer for it in `read`, `mark` and `star`; and it cannot
claim another site's URL, so a trusted article's link to that URL opens the web page, not the feed's text.
*/
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {writeFeedItems} from '../../source/adapters/feeds/feed-writer.js';
import {fetchFeeds} from '../../source/adapters/feeds/fetch-all.js';
import {addSubscription} from '../../source/adapters/feeds/subscriptions.js';
import {loadLibrary} from '../../source/adapters/library.js';
import {StateStore} from '../../source/adapters/state-store.js';
import {resolveTarget} from '../../source/app/reader-links.js';
import {startFeedServer} from '../feeds/helpers/feed-server.js';

const welcome = '---\nid: welcome\ntitle: Welcome\nurl: https://tidings.example/welcome\n---\n\nSee [your bank](https://bank.example/login).\n';

test('a feed item whose guid is another article\'s id gets an id of its own, and marks stay apart', async t => {
	const library = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-identity-'));
	fs.writeFileSync(path.join(library, 'welcome.md'), welcome);
	const written = await writeFeedItems(library, 'evil', [
		{id: 'welcome', title: 'Not the welcome', url: 'https://bank.example/login', html: '<p>Phish</p>', enclosures: []},
	], {source: 'Evil', feedUrl: 'https://evil.example/rss'});
	t.true(written.ok);
	const metas = await loadLibrary(library);
	const ids = metas.map(meta => meta.id).sort();
	t.deepEqual(ids, ['feed:evil:welcome', 'welcome']);
	t.is(metas.find(meta => meta.id === 'welcome')!.path, 'welcome.md');
	const {store} = StateStore.open(path.join(library, '..', `${path.basename(library)}-config`));
	store.change(state => {
		state.read.add('feed:evil:welcome');
	}, {flush: 'now'});
	t.false(store.isRead('welcome'), 'reading the feed item does not mark the welcome article');
});

test('a feed item cannot answer for another site\'s URL: the trusted article\'s link opens the web page', async t => {
	const library = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-identity-'));
	fs.writeFileSync(path.join(library, 'welcome.md'), welcome);
	await writeFeedItems(library, 'evil', [
		{id: 'x', title: 'Fake login page', url: 'https://bank.example/login', html: '<p>Phish</p>', enclosures: []},
		{id: 'y', title: 'Its own post', url: 'https://evil.example/post', html: '<p>Own</p>', enclosures: []},
	], {source: 'Evil', feedUrl: 'https://evil.example/rss'});
	const metas = await loadLibrary(library);
	const current = metas.find(meta => meta.id === 'welcome')!;
	t.deepEqual(resolveTarget('https://bank.example/login', current, metas), {kind: 'web', url: 'https://bank.example/login'});
	// A feed's item still answers for a link on its own site.
	const own = resolveTarget('https://evil.example/post', current, metas);
	t.is(own.kind === 'article' ? own.meta.id : own.kind, 'feed:evil:y');
});

test('the first fetch after upgrading carries marks kept under an item\'s old id over to its namespaced id', async t => {
	const server = await startFeedServer();
	t.teardown(async () => server.close());
	server.routes.set('/rss', (_request, response) => response.writeHead(200, {'Content-Type': 'application/rss+xml'}).end('<rss version="2.0"><channel><title>T</title><item><guid>old-1</guid><title>One</title></item></channel></rss>'));
	const library = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-identity-'));
	// Stored by an older Tidings: the file is there, its mark is under the feed's own id.
	await writeFeedItems(library, 't', [{id: 'old-1', title: 'One', html: '<p>x</p>', enclosures: []}], {source: 'T', feedUrl: server.url('/rss')});
	const {store} = StateStore.open(path.join(library, '..', `${path.basename(library)}-config`));
	addSubscription(store, {url: server.url('/rss'), slug: 't'});
	store.change(state => {
		state.read.add('old-1');
		state.starred.add('old-1');
	}, {flush: 'now'});
	await fetchFeeds({store, libraryDir: library});
	t.true(store.isRead('feed:t:old-1'));
	t.true(store.isStarred('feed:t:old-1'));
	// Once: unmarking the item afterwards is not undone by the next fetch.
	store.change(state => {
		state.read.delete('feed:t:old-1');
	}, {flush: 'now'});
	await fetchFeeds({store, libraryDir: library});
	t.false(store.isRead('feed:t:old-1'));
});
