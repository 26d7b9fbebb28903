import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {StateStore} from '../../source/adapters/state-store.js';
import {addSubscription, listSubscriptions} from '../../source/adapters/feeds/subscriptions.js';
import {storedItemId, writeFeedItems} from '../../source/adapters/feeds/feed-writer.js';
import {adoptOldFeedIds} from '../../source/commands/context.js';

test('marks kept under a feed item\'s old id follow it to its namespaced id before anything reads them, once', async t => {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-migrate-'));
	const library = path.join(root, 'library');
	fs.mkdirSync(library);
	const store = StateStore.open(path.join(root, 'config')).store;
	addSubscription(store, {url: 'http://127.0.0.1:9/feed.xml', slug: 'ledger'});
	const written = await writeFeedItems(library, 'ledger', [{id: 'urn:item:1', title: 'One', html: '<p>Text</p>', enclosures: []}], {source: 'Ledger', feedUrl: 'http://127.0.0.1:9/feed.xml'}, new Date('2026-01-01T00:00:00Z'));
	t.true(written.ok, written.ok ? '' : written.error);
	store.change(state => {
		state.read.add('urn:item:1');
		state.starred.add('urn:item:1');
	}, {flush: 'now'});
	const namespaced = storedItemId('ledger', 'urn:item:1');
	t.false(store.isRead(namespaced));
	await adoptOldFeedIds(store, library);
	t.true(store.isRead(namespaced));
	t.true(store.isStarred(namespaced));
	t.true(listSubscriptions(store)[0]!.idsNamespaced, 'done once: the subscription remembers it');
	const reopened = StateStore.open(path.join(root, 'config')).store;
	t.true(reopened.isRead(namespaced), 'and it reached the file');
});
