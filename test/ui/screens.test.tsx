import React from 'react';
import test from 'ava';
import {render} from 'ink-testing-library';
import {Screen} from '../../source/ui/app.js';
import {PlainContext} from '../../source/ui/primitives.js';
import {initialState, type Action, type AppState} from '../../source/app/state.js';
import {reducer} from '../../source/app/reducer.js';
import {Marks} from '../../source/app/marks.js';
import type {ArticleMeta} from '../../source/core/types.js';
import {renderMarkdown} from '../../source/core/render/render-article.js';
import type {SafeText} from '../../source/core/text/neutralise.js';

const meta = (n: number, extra: Partial<ArticleMeta> = {}): ArticleMeta => ({
	id: `a/${n}.md`,
	path: `a/${n}.md`,
	title: `Article number ${n}` as SafeText,
	source: 'src' as SafeText,
	date: `2026-01-${String(28 - (n % 28)).padStart(2, '0')}T00:00:00.000Z`,
	tags: [],
	kind: 'md',
	size: 1200,
	mtimeMs: 0,
	words: 200,
	...extra,
});

function stateWith(count: number, rows: number, columns: number, read = new Set<string>()): AppState {
	const marks = Marks.from({read, starred: [], positions: []});
	const base = initialState({rows, columns, marks});
	const articles = Array.from({length: count}, (_, index) => meta(index));
	return reducer(base, {type: 'library-loaded', articles, final: true})[0];
}

const apply = (state: AppState, ...actions: Action[]) => actions.reduce((current, action) => reducer(current, action)[0], state);

test('the list shows one row per visible article, a header with counts and a footer, and never more rows than the terminal', t => {
	const state = stateWith(1000, 10, 60, new Set(['a/1.md']));
	const {lastFrame} = render(<Screen state={state} />);
	const lines = lastFrame()!.split('\n');
	t.is(lines.length, 10);
	t.regex(lines[0]!, /999 unread of 1000/);
	t.regex(lines[1]!, /● .*Article number 0/);
	t.regex(lines[2]!, /^ {2}.*Article number 1/, 'a read article has no unread mark');
	t.regex(lines[9]!, /\? help/);
});

test('moving past the bottom scrolls the list and keeps the selection in view', t => {
	const state = apply(stateWith(100, 10, 60), ...Array.from({length: 20}, () => ({type: 'key', spec: 'j'}) as const));
	t.is(state.cursor, 20);
	const {lastFrame} = render(<Screen state={state} />);
	t.regex(lastFrame()!, /Article number 20/);
	t.notRegex(lastFrame()!, /Article number 5\b/);
});

test('at 20×5 the list drops the chrome it has no room for and rows stay one line each', t => {
	const state = stateWith(10, 5, 20);
	const {lastFrame} = render(<Screen state={state} />);
	const lines = lastFrame()!.split('\n');
	t.true(lines.length <= 5);
	for (const line of lines) {
		t.true(line.length <= 20, line);
	}
});

test('the reader shows the header, the rendered body and the position, and scrolls by slicing', t => {
	let state = apply(stateWith(3, 12, 70), {type: 'key', spec: 'enter'});
	const body = Array.from({length: 40}, (_, index) => `Paragraph ${index} of the body.`).join('\n\n');
	const rendered = renderMarkdown(body, {width: 68, color: false});
	state = apply(state, {type: 'article-rendered', id: 'a/0.md', width: 68, rendered});
	const first = render(<Screen state={state} />).lastFrame()!;
	t.regex(first.split('\n')[0]!, /Article number 0/);
	t.regex(first, /Paragraph 0 of the body/);
	state = apply(state, {type: 'key', spec: 'space'});
	const second = render(<Screen state={state} />).lastFrame()!;
	t.notRegex(second, /Paragraph 0 of the body/);
	t.regex(second, /Paragraph 4 of the body/);
	t.regex(second.split('\n')[1]!, /\d+%/);
});

test('the help overlay is generated from the key table', t => {
	const state = apply(stateWith(3, 80, 100), {type: 'key', spec: '?'});
	const frame = render(<Screen state={state} />).lastFrame()!;
	t.regex(frame, /Tidings — keys/);
	t.regex(frame, /Next unread article/);
	t.regex(frame, /Mark every listed article read/);
});

test('without styling (TERM=dumb, NO_COLOR) the selected row is marked with > in its first column, and keeps its width', t => {
	const state = apply(stateWith(5, 8, 60), {type: 'key', spec: 'j'});
	const plain = render(<PlainContext.Provider value><Screen state={state} /></PlainContext.Provider>).lastFrame()!.split('\n');
	const styled = render(<Screen state={state} />).lastFrame()!.split('\n');
	t.true(plain[2]!.startsWith('>'), 'the second row is selected');
	t.false(plain[1]!.startsWith('>'));
	t.false(styled[2]!.startsWith('>'), 'with styling, reverse video shows it');
	t.is(plain[2]!.length, styled[2]!.length);
});

test('a long title is shown whole in the reader header, wrapped onto up to three rows, and the page keeps the rest', t => {
	const title = 'A very long headline about a harbour council that voted late into the night on the tidal barrier budget' as SafeText;
	const long = apply(stateWith(1, 12, 40), {type: 'key', spec: 'enter'});
	const withTitle = {...long, all: [{...long.all[0]!, title}], article: {...long.article!, meta: {...long.article!.meta, title}}};
	const rendered = apply(withTitle, {type: 'article-rendered', id: 'a/0.md', width: 38, rendered: renderMarkdown(Array.from({length: 40}, (_, n) => `Line ${n}`).join('\n\n') as SafeText, {width: 38, color: false})});
	const lines = render(<Screen state={rendered} />).lastFrame()!.split('\n');
	t.is(lines.length, 12);
	const header = lines.slice(0, 3).join(' ').replaceAll(/\s+/gu, ' ');
	t.true(header.includes('A very long headline about a harbour council that voted late into the night'), header);
	t.regex(lines[3]!, /src/, 'the details row follows the title');
});
