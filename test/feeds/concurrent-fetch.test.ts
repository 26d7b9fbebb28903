/**
Issue 15: fetches of the same feed at once (cron and `r` in two readers) must not store an item twice, whatever runs
at once, and a later fetch repairs a folder that already holds duplicates. Real files in a temp folder; three
writers at once in one process (their reads and writes interleave at every await) and in three processes.
*/
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import test from 'ava';
import {writeFeedItems} from '../../source/adapters/feeds/feed-writer.js';
import type {FeedItem} from '../../source/core/feeds/types.js';

// Items without dates: each writer names new files after its own "now", which is how three fetches made three names.
const items: FeedItem[] = Array.from({length: 300}, (_, index) => ({id: `urn:item:${index}`, title: `Item ${index}`, html: `<p>Body ${index}</p>`, enclosures: []}));
const context = {source: 'Feed', feedUrl: 'https://feed.example/rss'};
const markdownIn = (folder: string) => fs.readdirSync(folder).filter(name => name.endsWith('.md'));

test('three writers of the same feed at once store each item once', async t => {
	const library = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-concurrent-'));
	const days = ['2026-01-01T00:00:00Z', '2026-02-02T00:00:00Z', '2026-03-03T00:00:00Z'];
	const results = await Promise.all(days.map(async day => writeFeedItems(library, 'feed', items, context, new Date(day))));
	t.true(results.every(result => result.ok));
	t.is(markdownIn(path.join(library, 'feed')).length, items.length);
	t.deepEqual(fs.readdirSync(path.join(library, 'feed')).filter(name => name.startsWith('.')), [], 'no lock or temporary file is left');
});

test('three processes fetching the same feed at once store each item once', async t => {
	const library = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-concurrent-'));
	const script = path.join(library, '..', `writer-${path.basename(library)}.mts`);
	const writer = fileURLToPath(new URL('../../source/adapters/feeds/feed-writer.ts', import.meta.url));
	fs.writeFileSync(script, `import {writeFeedItems} from ${JSON.stringify(writer)};
const items = Array.from({length: 300}, (_, index) => ({id: 'urn:item:' + index, title: 'Item ' + index, html: '<p>Body</p>', enclosures: []}));
const result = await writeFeedItems(process.argv[2], 'feed', items, {source: 'Feed', feedUrl: 'https://feed.example/rss'}, new Date(process.argv[3]));
process.stdout.write(result.ok ? 'ok' : result.error);
`);
	t.teardown(() => fs.rmSync(script, {force: true}));
	const run = promisify(execFile);
	const outputs = await Promise.all(['2026-01-01T00:00:00Z', '2026-02-02T00:00:00Z', '2026-03-03T00:00:00Z'].map(async day =>
		run(process.execPath, ['--import=tsx', script, library, day], {timeout: 60_000})));
	t.deepEqual(outputs.map(output => output.stdout), ['ok', 'ok', 'ok']);
	t.is(markdownIn(path.join(library, 'feed')).length, items.length);
});

test('a later fetch repairs a folder that holds the same item twice', async t => {
	const library = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-concurrent-'));
	const first = await writeFeedItems(library, 'feed', items.slice(0, 10), context, new Date('2026-01-01T00:00:00Z'));
	t.true(first.ok);
	const folder = path.join(library, 'feed');
	for (const name of markdownIn(folder)) {
		fs.copyFileSync(path.join(folder, name), path.join(folder, `2099-${name}`));
	}

	t.is(markdownIn(folder).length, 20);
	const again = await writeFeedItems(library, 'feed', items.slice(0, 10), context, new Date('2026-01-02T00:00:00Z'));
	t.true(again.ok);
	t.is(markdownIn(folder).length, 10);
});
