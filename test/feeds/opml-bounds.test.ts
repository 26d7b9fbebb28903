/**
Issue 15: an OPML of 20,000 outlines with one title imported in linear time (it took 64 s: every slug tried `-2`,
`-3`… and every subscription was added by its own change), and an import is capped at `maxImportedFeeds`.
*/
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {importSubscriptions, maxImportedFeeds} from '../../source/adapters/feeds/add-feed.js';
import {listSubscriptions} from '../../source/adapters/feeds/subscriptions.js';
import {StateStore} from '../../source/adapters/state-store.js';
import {parseOpmlText} from '../../source/core/feeds/opml.js';

const opml = (count: number) => `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>${
	Array.from({length: count}, (_, index) => `<outline title="Same title" xmlUrl="https://feeds.example/${index}.xml"/>`).join('')
}</body></opml>`;

test('20,000 outlines with one title import in seconds, each with its own folder, capped at the limit', t => {
	const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-opml-'));
	const {store} = StateStore.open(path.join(base, 'config'));
	const started = performance.now();
	const parsed = parseOpmlText(opml(20_000));
	t.true(parsed.ok);
	const summary = importSubscriptions(store, path.join(base, 'library'), parsed.ok ? parsed.value.feeds : []);
	store.flush();
	const ms = performance.now() - started;
	t.log(`20,000 outlines: ${Math.round(ms)} ms`);
	t.true(ms < 10_000, `${Math.round(ms)} ms`);
	t.is(summary.added.length, maxImportedFeeds);
	t.is(summary.existing.length, 20_000 - maxImportedFeeds);
	const subscriptions = listSubscriptions(store);
	t.is(subscriptions.length, maxImportedFeeds);
	t.is(new Set(subscriptions.map(subscription => subscription.slug)).size, maxImportedFeeds);
	t.deepEqual(subscriptions.slice(0, 3).map(subscription => subscription.slug), ['same-title', 'same-title-2', 'same-title-3']);
	// A second import of the same file adds nothing.
	t.is(importSubscriptions(store, path.join(base, 'library'), parsed.ok ? parsed.value.feeds.slice(0, 100) : []).added.length, 0);
});
