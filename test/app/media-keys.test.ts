import test from 'ava';
import {reducer} from '../../source/app/reducer.js';
import type {EpisodeRow} from '../../source/app/slices.js';
import {initialState, type Action, type AppState} from '../../source/app/state.js';
import {renderMarkdown} from '../../source/core/render/render-article.js';
import {neutraliseLine, type SafeText} from '../../source/core/text/neutralise.js';
import type {ArticleMeta} from '../../source/core/types.js';
import {episodeLine} from '../../source/ui/podcasts-screen.js';

const meta = (id: string): ArticleMeta => ({id, path: `${id}.md`, title: neutraliseLine(`Title ${id}`), source: neutraliseLine('Show'), tags: [], date: '2026-01-01', kind: 'md', size: 1, mtimeMs: 0, words: 1});
const library = [meta('a'), meta('b')];
const run = (state: AppState, ...actions: Action[]): AppState => actions.reduce((current, action) => reducer(current, action)[0], state);
const loaded = () => run(initialState({rows: 20, columns: 80}), {type: 'library-loaded', articles: library, final: true});
const row = (n: number, extra: Partial<EpisodeRow> = {}): EpisodeRow => ({url: `http://x/${n}.mp3`, articleId: n === 1 ? 'a' : 'b', n: 1, title: `Title ${n}`, source: 'Show', state: 'new', received: 0, ...extra});

test('e asks to play the selected article; 2e in the reader names the second attachment and uses the number up', t => {
	const [, effects] = reducer(loaded(), {type: 'key', spec: 'e'});
	t.deepEqual(effects, [{type: 'media', op: 'toggle', meta: library[0], n: undefined}]);
	const open = run(loaded(), {type: 'key', spec: 'enter'}, {type: 'article-rendered', id: 'a', width: 78, rendered: renderMarkdown('Body' as SafeText, {width: 78, color: false})});
	const [after, more] = reducer(run(open, {type: 'key', spec: '2'}), {type: 'key', spec: 'e'});
	t.like(more[0], {type: 'media', op: 'toggle', n: 2});
	t.is(after.article?.reading?.digits, undefined);
	for (const [spec, op, value] of [[',', 'seek', -10], ['.', 'seek', 30], ['{', 'speed', -0.1], ['}', 'speed', 0.1], ['x', 'stop', undefined]] as const) {
		t.deepEqual(reducer(loaded(), {type: 'key', spec})[1], [{type: 'media', op, ...(value === undefined ? {} : {value})}], spec);
	}
});

test('the player\'s status is kept and shown; D opens the episodes, rows move, Enter plays, d downloads, x removes, Esc closes', t => {
	const playing = run(loaded(), {type: 'media-status', status: {title: 'Title a', position: 5, duration: 60, paused: false, speed: 1, local: false}});
	t.is(playing.media?.position, 5);
	const [opened, effects] = reducer(playing, {type: 'key', spec: 'D'});
	t.is(opened.overlay?.kind, 'podcasts');
	t.deepEqual(effects, [{type: 'episodes-list', metas: library}]);
	const listed = run(opened, {type: 'episodes', rows: [row(1), row(2)]}, {type: 'key', spec: 'j'});
	t.like(listed.overlay, {kind: 'podcasts', cursor: 1});
	t.deepEqual(reducer(listed, {type: 'key', spec: 'enter'})[1], [{type: 'media-play', meta: library[1], n: 1, url: 'http://x/2.mp3'}]);
	t.deepEqual(reducer(listed, {type: 'key', spec: 'd'})[1], [{type: 'episode-download', url: 'http://x/2.mp3'}]);
	t.deepEqual(reducer(listed, {type: 'key', spec: 'x'})[1], [{type: 'episode-remove', url: 'http://x/2.mp3'}]);
	const progressed = run(listed, {type: 'episodes', rows: [row(2, {state: 'downloading', received: 50, total: 100})], update: true});
	t.like(progressed.episodes?.[1], {state: 'downloading', received: 50});
	t.is(progressed.episodes?.[0]?.state, 'new', 'an update changes only its rows');
	t.regex(episodeLine(progressed.episodes![1]!, 80), /^↓ \[█████░░░░░\] {2}50%/u);
	t.is(run(progressed, {type: 'key', spec: 'escape'}).overlay, undefined);
});
