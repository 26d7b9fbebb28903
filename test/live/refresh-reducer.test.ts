// Issue 18 in the reducer: rows merged by path keep the selection on its article and on its screen row; the refresh
// timer does nothing while a fetch runs; a notification is asked for only while the terminal is in the background.
import test from 'ava';
import {reducer} from '../../source/app/reducer.js';
import {initialState, type Action, type AppState} from '../../source/app/state.js';
import {Marks} from '../../source/app/marks.js';
import {neutraliseLine} from '../../source/core/text/neutralise.js';
import type {ArticleMeta} from '../../source/core/types.js';

const meta = (n: number, extra: Partial<ArticleMeta> = {}): ArticleMeta => ({
	id: `id-${n}`,
	path: `local/${n}.md`,
	title: neutraliseLine(`Article ${n}`),
	source: neutraliseLine('local'),
	tags: [],
	date: `2025-01-01T00:00:${String(n).padStart(2, '0')}Z`,
	kind: 'md',
	size: 100,
	mtimeMs: n,
	words: 10,
	...extra,
});

const run = (state: AppState, ...actions: Action[]): AppState => actions.reduce((current, action) => reducer(current, action)[0], state);
const selected = (state: AppState) => state.all[state.visible[state.cursor]!]!;

function loaded(count: number): AppState {
	const all = Array.from({length: count}, (_, index) => meta(count - index));
	return run(initialState({rows: 12, columns: 80, marks: Marks.from({read: [], starred: [], positions: []})}), {type: 'library-loaded', articles: all, final: true});
}

test('rows that arrive above the selection leave it on the same article, on the same row of the screen', t => {
	const state = run(loaded(40), ...Array.from({length: 15}, (): Action => ({type: 'key', spec: 'j'})));
	const before = selected(state);
	const row = state.cursor - state.listOffset;
	const newer = Array.from({length: 7}, (_, index) => meta(50 + index, {path: `feed/${index}.md`}));
	const next = run(state, {type: 'articles-ingested', articles: newer});
	t.is(selected(next).id, before.id);
	t.is(next.cursor, state.cursor + 7);
	t.is(next.cursor - next.listOffset, row, 'the same row of the screen');
	t.is(next.unreadCount, 47);
	t.is(next.all.length, 47);
	t.deepEqual(next.all.slice(0, 7).map(item => item.id), Array.from({length: 7}, (_, index) => `id-${56 - index}`), 'in order');
});

test('the watched library: a removed file goes, a changed one is replaced in order, an unchanged batch changes nothing', t => {
	const state = run(loaded(10), {type: 'key', spec: 'j'}, {type: 'key', spec: 'j'});
	const chosen = selected(state);
	const [same] = reducer(state, {type: 'library-changed', upserts: [meta(5)], removed: [], added: 0});
	t.is(same, state, 'a file seen again unchanged is no change');
	const changedFirst = meta(1, {date: '2026-06-01T00:00:00Z', mtimeMs: 99, title: neutraliseLine('Article 1, edited')});
	const next = run(state, {type: 'library-changed', upserts: [changedFirst], removed: ['local/9.md'], added: 0});
	t.is(next.all.length, 9);
	t.is(next.all[0]!.title, changedFirst.title);
	t.false(next.all.some(item => item.path === 'local/9.md'));
	t.is(selected(next).id, chosen.id);
	t.is(next.unreadCount, 9);
	const withNew = run(next, {type: 'library-changed', upserts: [meta(77, {path: 'x/new.md'})], removed: [], added: 1});
	t.is(withNew.status, '1 new article in the library');
});

test('the refresh timer starts one background fetch, none while a fetch runs; the header progress follows it', t => {
	const state = loaded(3);
	const [started, effects] = reducer(state, {type: 'refresh-due'});
	t.deepEqual(effects, [{type: 'fetch-feeds', background: true}]);
	t.deepEqual(reducer(started, {type: 'refresh-due'})[1], []);
	const progressed = run(started, {type: 'refresh-progress', done: 2, total: 5});
	t.deepEqual(progressed.refresh, {done: 2, total: 5});
	const quiet = run(progressed, {type: 'feeds-fetched', message: 'Fetched 5 feeds: 0 new, 0 updated', background: true, at: '2026-01-01T10:00:00.000Z'});
	t.is(quiet.status, undefined, 'a refresh that brought nothing says nothing');
	t.is(quiet.lastRefreshAt, '2026-01-01T10:00:00.000Z');
	t.false(quiet.fetching);
	t.is(quiet.refresh, undefined);
});

test('a notification only while the terminal is in the background', t => {
	const notice = {title: 'Tidings: 2 new articles', body: 'A (2)'};
	const ended: Action = {type: 'feeds-fetched', message: 'Fetched 1 feed: 2 new, 0 updated', background: true, at: '2026-01-01T10:00:00.000Z', notice};
	const front = run(loaded(3), {type: 'refresh-due'});
	t.deepEqual(reducer(front, ended)[1], []);
	t.deepEqual(reducer(run(front, {type: 'focus', focused: true}), ended)[1], []);
	const back = run(front, {type: 'focus', focused: false});
	t.deepEqual(reducer(back, ended)[1], [{type: 'notify', notice}]);
	t.is(reducer(back, ended)[0].status, 'Fetched 1 feed: 2 new, 0 updated');
});

test('r during the background refresh makes that fetch speak', t => {
	const state = run(loaded(3), {type: 'refresh-due'}, {type: 'key', spec: 'r'});
	t.is(state.status, 'Fetching the feeds…');
	const done = run(state, {type: 'feeds-fetched', message: 'Fetched 1 feed: 0 new, 0 updated', background: true, at: '2026-01-01T10:00:00.000Z'});
	t.is(done.status, 'Fetched 1 feed: 0 new, 0 updated');
});

test('a change under .tidings/devices (the watcher\'s shared-state-changed) asks for the shared state to be merged', t => {
	const state = loaded(2);
	t.deepEqual(reducer(state, {type: 'shared-state-changed'}), [state, [{type: 'sync-merge'}]]);
});

test('files another program put into the library are told in the background, not in front, and not at the start-up comparison', t => {
	const dropped = [meta(90, {path: 'synced/a.md', title: 'Synced in' as ArticleMeta['title']}), meta(91, {path: 'synced/b.md', title: 'And another' as ArticleMeta['title']})];
	const changed: Action = {type: 'library-changed', upserts: dropped, removed: [], added: 2};
	const front = loaded(3);
	t.deepEqual(reducer(front, changed)[1].filter(effect => effect.type === 'notify'), []);
	const back = run(front, {type: 'focus', focused: false});
	t.deepEqual(reducer(back, changed)[1].filter(effect => effect.type === 'notify'), [{type: 'notify', notice: {title: 'Tidings: 2 new articles in the library', body: 'Synced in, And another'}}]);
	t.deepEqual(reducer(back, {...changed, final: true})[1].filter(effect => effect.type === 'notify'), [], 'the start-up comparison is not news');
});
