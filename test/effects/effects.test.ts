import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {StateStore} from '../../source/adapters/state-store.js';
import {addSubscription} from '../../source/adapters/feeds/subscriptions.js';
import {loadLibrary} from '../../source/adapters/library.js';
import type {Action, Effect} from '../../source/app/actions.js';
import {RenderCache, runEffect, SearchIndexHolder, type EffectDeps} from '../../source/effects/index.js';
import {readJournal} from '../../source/core/journal.js';
import {fixture, startFeedServer} from '../feeds/helpers/feed-server.js';

/** A real library folder, a real store and cache in temp folders: the effects run against what the reader uses. */
function setup(files: Record<string, string> = {}) {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-effects-'));
	const libraryDir = path.join(root, 'library');
	const cacheDir = path.join(root, 'cache');
	fs.mkdirSync(libraryDir);
	for (const [name, text] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(libraryDir, name)), {recursive: true});
		fs.writeFileSync(path.join(libraryDir, name), text);
	}

	const store = StateStore.open(path.join(root, 'config')).store;
	const progress: Action[] = [];
	const written: string[] = [];
	const quits: number[] = [];
	const deps: EffectDeps = {
		store,
		cache: new RenderCache(libraryDir, false),
		searchIndex: new SearchIndexHolder(),
		libraryDir,
		cacheDir,
		terminal: {write: data => written.push(data)},
		environment: {TERM: 'xterm-256color'},
		progress: action => progress.push(action),
		quit: () => quits.push(1),
	};
	const run = async (effect: Effect) => runEffect(effect, deps);
	return {root, libraryDir, store, deps, run, progress, written, quits};
}

test('mark writes through the journal; undo comes back as marks-applied with each id\'s old value, redo with the new one', async t => {
	const {run, store} = setup();
	t.deepEqual(await run({type: 'mark', kind: 'read', ids: ['a', 'b'], value: true}), []);
	t.true(store.isRead('a') && store.isRead('b'));
	t.is(readJournal(store.state.journal).entries.length, 1);
	t.deepEqual(await run({type: 'undo'}), [{type: 'marks-applied', kind: 'read', ids: ['a', 'b'], values: [false, false], message: 'Undone: marked 2 articles read'}]);
	t.false(store.isRead('a'));
	t.deepEqual(await run({type: 'redo'}), [{type: 'marks-applied', kind: 'read', ids: ['a', 'b'], values: [true, true], message: 'Redone: marked 2 articles read'}]);
	t.true(store.isRead('b'));
	await run({type: 'redo'});
	t.deepEqual(await run({type: 'redo'}), [{type: 'status', message: 'Nothing to redo'}]);
	store.flush();
	const reopened = StateStore.open(path.dirname(store.path)).store;
	t.true(reopened.isRead('a'), 'the marks reached the file');
});

test('settings, positions, the selection and views are kept in the store', async t => {
	const {run, store} = setup();
	await run({type: 'save-settings', settings: {width: 72, sort: 'title'}});
	await run({type: 'save-settings', settings: {unreadOnly: true}});
	await run({type: 'save-position', id: 'x', line: 12});
	await run({type: 'save-selected', id: 'x'});
	await run({type: 'save-view', view: {name: 'Climate', query: 'tag:climate'}});
	t.deepEqual(store.state.settings, {width: 72, sort: 'title', unreadOnly: true});
	t.is(store.state.positions.get('x'), 12);
	t.is(store.state.selected, 'x');
	t.deepEqual(store.state.views, [{name: 'Climate', query: 'tag:climate'}]);
	await run({type: 'save-position', id: 'x', line: 0});
	t.false(store.state.positions.has('x'), 'line 0 forgets the position');
});

test('render-article reads the file and comes back with its lines; a long one first as a preview; a deleted one as an explanation', async t => {
	const long = `# Long\n\n${'A paragraph of words that goes on. '.repeat(20).concat('\n\n').repeat(200)}`;
	const {run, libraryDir} = setup({'notes/short.md': '# Hello\n\nSome *words*.\n', 'notes/long.md': long});
	const metas = await loadLibrary(libraryDir);
	const short = metas.find(meta => meta.path === 'notes/short.md')!;
	const [rendered] = await run({type: 'render-article', meta: short, width: 40, codeWidth: 40});
	t.is(rendered?.type, 'article-rendered');
	t.true(rendered?.type === 'article-rendered' && rendered.rendered.lines.some(line => line.includes('Some words.')));
	const longMeta = metas.find(meta => meta.path === 'notes/long.md')!;
	const [preview] = await run({type: 'render-article', meta: longMeta, width: 60, codeWidth: 60, part: 'preview'});
	const [whole] = await run({type: 'render-article', meta: longMeta, width: 60, codeWidth: 60});
	t.true(preview?.type === 'article-rendered' && preview.preview === true);
	t.true(whole?.type === 'article-rendered' && preview?.type === 'article-rendered' && whole.rendered.lines.length > preview.rendered.lines.length);
	fs.rmSync(path.join(libraryDir, 'notes/short.md'));
	const [gone] = await run({type: 'render-article', meta: {...short, mtimeMs: short.mtimeMs + 1}, width: 40, codeWidth: 40});
	t.is(gone?.type, 'article-rendered', 'a file deleted while listed opens to an explanation, not an error');
	t.true(gone?.type === 'article-rendered' && gone.rendered.lines.join('\n').length > 0);
});

test('the split screen\'s following renders: a burst (held j) renders only the article the selection stopped on', async t => {
	const {run, libraryDir} = setup({'a.md': '# A\n\nAlpha.\n', 'b.md': '# B\n\nBeta.\n', 'c.md': '# C\n\nGamma.\n'});
	const metas = await loadLibrary(libraryDir);
	const results = await Promise.all(metas.map(async meta => run({type: 'render-article', meta, width: 40, codeWidth: 40, follow: true})));
	t.deepEqual(results.map(actions => actions.length), [0, 0, 1], 'the first two were superseded before they started');
	const [last] = results.at(-1)!;
	t.true(last?.type === 'article-rendered' && last.id === metas.at(-1)!.id);
	const [alone] = await run({type: 'render-article', meta: metas[0]!, width: 40, codeWidth: 40, follow: true});
	t.is(alone?.type, 'article-rendered', 'a selection that stays is rendered');
});

test('fetch-feeds fetches from a real server and hands back only the files it wrote, with progress on the way', async t => {
	const server = await startFeedServer();
	t.teardown(async () => server.close());
	server.routes.set('/rss.xml', (_request, response) => {
		response.writeHead(200, {'Content-Type': 'application/rss+xml'}).end(fixture('news-rss2.xml'));
	});
	const {run, store, libraryDir, progress} = setup({'own/note.md': '# Mine\n\nNot from a feed.\n'});
	const [none] = await run({type: 'fetch-feeds'});
	t.like(none, {type: 'feeds-fetched', message: 'No subscriptions yet: tidings add <url> subscribes to a feed', background: false});
	addSubscription(store, {url: server.url('/rss.xml'), slug: 'ledger'});
	// The fetch runs in a worker that reads the store from its file (issue 18), as another process would.
	store.flush();
	const actions = await run({type: 'fetch-feeds'});
	const ingested = progress.filter(action => action.type === 'articles-ingested');
	t.true(ingested.length > 0, 'the rows come as each feed is done');
	const paths = ingested.flatMap(action => (action.type === 'articles-ingested' ? action.articles.map(meta => meta.path) : []));
	t.true(paths.length > 0);
	t.true(paths.every(relative => relative.startsWith('ledger/')), 'only the feed\'s own files, not the rest of the library');
	t.true(paths.every(relative => fs.existsSync(path.join(libraryDir, relative))));
	t.true(progress.some(action => action.type === 'refresh-progress' && action.done === 1 && action.total === 1));
	t.like(actions.at(-1), {type: 'feeds-fetched', message: `Fetched 1 feed: ${paths.length} new, 0 updated`});
	progress.length = 0;
	await run({type: 'fetch-feeds'});
	t.deepEqual(progress.filter(action => action.type === 'articles-ingested'), [], 'an unchanged feed writes nothing and ingests nothing');
});

test('open-index builds the full-text index of the library, and search finds what it holds', async t => {
	const {run, libraryDir, deps} = setup({'a.md': '# Harbour\n\nThe tidal barrier closed.\n', 'b.md': '# Market\n\nFish prices rose.\n'});
	t.teardown(() => deps.searchIndex.close());
	t.deepEqual(await run({type: 'search', text: 'tidal'}), [{type: 'search-failed', message: 'The search index is not open yet'}]);
	const articles = await loadLibrary(libraryDir);
	t.deepEqual(await run({type: 'open-index', articles}), [{type: 'index-status', status: 'ready'}]);
	const [found] = await run({type: 'search', text: 'tidal'});
	t.is(found?.type, 'search-results');
	t.deepEqual(found?.type === 'search-results' ? found.hits.map(hit => hit.meta.path) : [], ['a.md']);
	const [bad] = await run({type: 'search', text: '(unclosed'});
	t.is(bad?.type, 'search-failed');
});

test('copy writes OSC 52 to the terminal and says so; show-image says what the terminal can do; quit closes and quits', async t => {
	const {run, written, quits} = setup();
	const [copied] = await run({type: 'copy', text: 'https://example.org/', label: 'link 1'});
	t.is(copied?.type, 'status');
	t.true(written.some(data => data.includes('\u001B]52;c;')), 'the clipboard sequence went to the terminal');
	const [image] = await run({type: 'show-image', n: 2, url: 'https://example.org/a.png'});
	t.is(image?.type, 'status');
	t.deepEqual(await run({type: 'quit'}), []);
	t.deepEqual(quits, [1]);
});
