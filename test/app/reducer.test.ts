import test from 'ava';
import {commandIds, keymap, type CommandId, type Context} from '../../source/app/keymap.js';
import {reducer, runCommand} from '../../source/app/reducer.js';
import {contextOf, initialState, type Action, type AppState} from '../../source/app/state.js';
import {Marks} from '../../source/app/marks.js';
import {renderMarkdown} from '../../source/core/render/render-article.js';
import {neutraliseLine, type SafeText} from '../../source/core/text/neutralise.js';
import type {ArticleMeta} from '../../source/core/types.js';

const meta = (id: string, date: string, extra: Partial<ArticleMeta> = {}): ArticleMeta => ({
	id,
	path: `${id}.md`,
	title: neutraliseLine(`Title ${id}`),
	source: neutraliseLine('notes'),
	tags: [neutraliseLine('tag')],
	date,
	kind: 'md',
	size: 100,
	mtimeMs: 0,
	words: 10,
	...extra,
});

const library = [meta('c', '2026-01-03'), meta('b', '2026-01-02'), meta('a', '2026-01-01')];
const body = '# One\n\nSee [the other](b.md) and [the web](https://example.org/).\n\n## Two\n\n```js\nconst a = 1;\n```\n\n| x | y |\n|---|---|\n| 1 | 2 |\n\n![a quay](https://example.org/q.jpg)\n';

const run = (state: AppState, ...actions: Action[]): AppState => actions.reduce((current, action) => reducer(current, action)[0], state);

function loaded(): AppState {
	return run(initialState({rows: 20, columns: 80, marks: Marks.from({read: ['b'], starred: [], positions: []})}), {type: 'library-loaded', articles: library, final: true});
}

function reading(): AppState {
	const open = run(loaded(), {type: 'key', spec: 'enter'});
	return run(open, {type: 'article-rendered', id: 'c', width: 78, rendered: renderMarkdown(body as SafeText, {width: 78, color: false})});
}

test('replaying the same actions gives the same state: the reducer is pure', t => {
	const actions: Action[] = ['j', 'enter', 'm', 's', 'q', 'U', 'A', 'y', '/', 'T', 'escape', 'o'].map(spec => ({type: 'key', spec}));
	const once = run(loaded(), ...actions);
	const twice = run(loaded(), ...actions);
	const view = (state: AppState) => ({...state, marks: library.map(item => [state.marks.isRead(item.id), state.marks.isStarred(item.id)])});
	t.deepEqual(view(once), view(twice));
	t.false(loaded().marks.isRead('c'), 'the first state was not changed by the run');
});

test('opening an article flips its mark in the model and moves the unread count, with one effect to keep it', t => {
	const before = loaded();
	t.is(before.unreadCount, 2);
	const [after, effects] = reducer(before, {type: 'key', spec: 'enter'});
	t.true(after.marks.isRead('c'));
	t.is(after.unreadCount, 1);
	t.deepEqual(effects.filter(effect => effect.type === 'mark'), [{type: 'mark', kind: 'read', ids: ['c'], value: true}]);
	const [again, more] = reducer(run(after, {type: 'key', spec: 'q'}), {type: 'key', spec: 'enter'});
	t.is(again.unreadCount, 1, 'opening a read article changes nothing');
	t.deepEqual(more.filter(effect => effect.type === 'mark'), []);
});

test('N finds the next unread article below, and wraps to the top when the unread ones are above', t => {
	// c, b, a newest first; b is read. On a (the last), the only other unread article is c, above it.
	const state = run(loaded(), {type: 'key', spec: 'G'});
	t.is(state.cursor, 2);
	const next = run(state, {type: 'key', spec: 'N'});
	t.is(next.cursor, 0);
	t.is(next.status, 'Next unread (from the top)');
	const reader = run(next, {type: 'key', spec: 'enter'}, {type: 'key', spec: 'N'});
	t.is(reader.article?.id, 'a', 'in the reader N opens it');
	t.is(run(reader, {type: 'key', spec: 'N'}).status, 'No other unread article in the list');
});

test('articles a fetch wrote are merged into the list by path, in order, keeping the selection', t => {
	const state = run(loaded(), {type: 'key', spec: 'j'});
	t.is(state.all[state.visible[state.cursor]!]!.id, 'b');
	const fresh = [meta('d', '2026-01-04', {path: 'feed/d.md'}), {...library[2]!, title: neutraliseLine('A changed title')}];
	const [next, effects] = reducer(state, {type: 'articles-ingested', articles: fresh, message: 'Fetched 1 feed: 1 new, 1 updated'});
	t.deepEqual(next.all.map(item => item.id), ['d', 'c', 'b', 'a']);
	t.is(String(next.all[3]!.title), 'A changed title');
	t.is(next.all[next.visible[next.cursor]!]!.id, 'b', 'the selection stays on its article');
	t.is(next.unreadCount, 3);
	t.is(next.status, 'Fetched 1 feed: 1 new, 1 updated');
	t.true(effects.some(effect => effect.type === 'prepare-filter'));
});

test('the list is folded for the filter only once the filter is asked for: then at once, and every later list too', t => {
	const fold = (effects: readonly unknown[]) => (effects as Array<{type: string; fold?: boolean}>).filter(effect => effect.type === 'prepare-filter').map(effect => effect.fold);
	const start = initialState({rows: 20, columns: 80, marks: Marks.from({read: [], starred: [], positions: []})});
	const [browsing, atLoad] = reducer(start, {type: 'library-loaded', articles: library, final: true});
	t.deepEqual(fold(atLoad), [false], 'browsing never reads the folded columns');
	const [prompting, atPrompt] = reducer(browsing, {type: 'key', spec: '/'});
	t.deepEqual(fold(atPrompt), [true], 'the first / folds the list while the query is typed');
	t.true(atPrompt.some(effect => effect.type === 'prepare-filter' && effect.now === true), 'at once');
	const closed = run(prompting, {type: 'key', spec: 'escape'});
	t.deepEqual(fold(reducer(closed, {type: 'key', spec: '/'})[1]), [], 'folded once');
	const [, afterFetch] = reducer(closed, {type: 'articles-ingested', articles: [meta('d', '2026-01-04')], message: 'Fetched'});
	t.deepEqual(fold(afterFetch), [true], 'a later list is folded ahead, as before');
});

/** A state in which `context` is the context, with an article open and rendered where the context needs one. */
function stateFor(context: Context): AppState {
	const keys: Record<Context, string[]> = {
		list: [],
		article: [],
		help: ['?'],
		confirm: ['A'],
		prompt: ['/'],
		picker: ['S'],
		results: [],
		'article-prompt': ['/'],
		'article-found': ['/', 'O', 'n', 'e', 'enter'],
		links: ['L'],
		outline: ['t'],
		wide: ['G', 'w'],
		podcasts: ['D'],
		image: [],
	};
	if (context === 'image') {
		// An image full screen (`3i` where the terminal draws images): the view as the reducer leaves it.
		const open = reading();
		return {...open, article: {...open.article!, imageView: {n: 1, slot: {state: 'loading'}}}};
	}

	let state = ['list', 'help', 'confirm', 'prompt', 'picker', 'results', 'podcasts'].includes(context) ? loaded() : reading();
	if (context === 'results') {
		state = run(state, {type: 'search-results', query: 'x', terms: ['x'], hits: library.map(item => ({meta: item, snippet: 'x', highlights: [], score: 1}))});
	}

	return run(state, ...keys[context].map(spec => ({type: 'key', spec}) as Action));
}

// The two commands that rightly leave everything as it is in these fixtures: a digit is typed through its key (the
// command alone carries no digit), and "clear the filter" has nothing to clear in an unfiltered list.
const mayDoNothing = new Set<CommandId>(['link.digit', 'find.clear']);

test('every command of the key table reaches a handler in each context it is bound in', t => {
	for (const id of commandIds) {
		for (const context of keymap[id].contexts) {
			const state = stateFor(context);
			t.is(contextOf(state), context, `the fixture for ${context}`);
			const [next, effects] = runCommand(state, id, context);
			const acted = next !== state || effects.length > 0;
			t.true(acted || mayDoNothing.has(id), `${id} in ${context} did nothing`);
		}
	}
});

test('a link to a heading of the same page jumps there, and Backspace comes back to where the link was', t => {
	const long = `# Contents\n\n- [Usage](#usage)\n\n${'Words of a long introduction. '.repeat(10).concat('\n\n').repeat(40)}## Usage\n\nRun it.\n`;
	const opened = run(loaded(), {type: 'key', spec: 'enter'});
	const state = run(opened, {type: 'article-rendered', id: 'c', width: 78, rendered: renderMarkdown(long as SafeText, {width: 78, color: false})});
	const usage = state.article!.rendered!.headings.find(heading => heading.text.includes('Usage'))!;
	const jumped = run(state, {type: 'key', spec: '1'}, {type: 'key', spec: 'o'});
	t.is(jumped.article?.id, 'c', 'still the same article');
	t.true(jumped.article!.offset > 0 && jumped.article!.offset <= usage.line);
	t.regex(jumped.status ?? '', /Usage · Backspace goes back/);
	const back = run(jumped, {type: 'key', spec: 'backspace'});
	t.is(back.article?.offset, 0);
	t.is(back.article?.id, 'c');
});

test('keys typed before the page\'s lines arrive act when they come, in order; Backspace and n act at once', t => {
	const lines = () => renderMarkdown(body as SafeText, {width: 78, color: false});
	// `1o` right after opening: the page has no lines yet (the render is in flight).
	const open = run(loaded(), {type: 'key', spec: 'enter'});
	t.is(open.article?.rendered, undefined);
	const asked = run(open, {type: 'key', spec: '1'}, {type: 'key', spec: 'o'});
	t.is(asked.article?.id, 'c', 'nothing opens yet');
	t.deepEqual(asked.article?.typedAhead, ['1', 'o']);
	const [followed, effects] = reducer(asked, {type: 'article-rendered', id: 'c', width: 78, rendered: lines()});
	t.is(followed.article?.id, 'b', 'link 1 (b.md) opened once the lines came');
	t.is(followed.article?.typedAhead, undefined);
	t.true(effects.some(effect => effect.type === 'render-article' && effect.meta.id === 'b'));
	// Back works before b's lines have come, and comes to the page the link was followed from.
	t.is(run(followed, {type: 'key', spec: 'backspace'}).article?.id, 'c');

	// Moves typed ahead are replayed in order: two lines down, then one up.
	const moved = run(open, {type: 'key', spec: 'j'}, {type: 'key', spec: 'j'}, {type: 'key', spec: 'k'}, {type: 'article-rendered', id: 'c', width: 78, rendered: lines()});
	t.is(moved.article?.offset, 1);
	// A key typed ahead that opens another article leaves the rest for that one.
	const chained = run(open, {type: 'key', spec: '1'}, {type: 'key', spec: 'o'}, {type: 'key', spec: 'j'}, {type: 'article-rendered', id: 'c', width: 78, rendered: lines()});
	t.is(chained.article?.id, 'b');
	t.deepEqual(chained.article?.typedAhead, ['j']);
	// n opens the next article at once and the keys typed for this one go with it; the queue is bounded.
	const next = run(asked, {type: 'key', spec: 'n'});
	t.not(next.article?.id, 'c');
	t.is(next.article?.typedAhead, undefined);
	const held = run(open, ...Array.from({length: 200}, (): Action => ({type: 'key', spec: 'j'})));
	t.is(held.article?.typedAhead?.length, 64);
});
