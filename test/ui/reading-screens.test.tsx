import React from 'react';
import test from 'ava';
import {render} from 'ink-testing-library';
import {Screen} from '../../source/ui/app.js';
import {initialState, type Action, type AppState} from '../../source/app/state.js';
import {reducer} from '../../source/app/reducer.js';
import {Marks} from '../../source/app/marks.js';
import type {ArticleMeta} from '../../source/core/types.js';
import {renderMarkdown} from '../../source/core/render/render-article.js';
import type {SafeText} from '../../source/core/text/neutralise.js';
import {stripSgr} from '../../source/core/text/styled-ranges.js';

const meta: ArticleMeta = {id: 'a.md', path: 'a.md', title: 'A long read' as SafeText, source: 's' as SafeText, tags: [], kind: 'md', size: 1, mtimeMs: 0, words: 10};
const body = '# Top\n\nRead [the Reuters story](https://www.reuters.com/x) and [a note](note.md).\n\n## Middle part\n\nA café in Zürich.\n\n### Deep\n\nMore.';

function reading(rows: number, columns: number, ...specs: string[]): AppState {
	const marks = Marks.from({read: [meta.id], starred: [], positions: []});
	let state = reducer(initialState({rows, columns, marks}), {type: 'library-loaded', articles: [meta], final: true})[0];
	state = reducer(state, {type: 'key', spec: 'enter'})[0];
	state = reducer(state, {type: 'article-rendered', id: meta.id, width: Math.min(80, columns - 2), rendered: renderMarkdown(body, {width: Math.min(80, columns - 2), color: true})})[0];
	return specs.reduce((current, spec) => reducer(current, {type: 'key', spec} as Action)[0], state);
}

const frame = (state: AppState) => render(<Screen state={state} />).lastFrame()!;

test('the links overlay lists number, text and target, one row each, with the selected row marked', t => {
	const lines = stripSgr(frame(reading(12, 70, 'L', 'j'))).split('\n');
	t.is(lines.length, 12);
	t.regex(lines[0]!, /^Links — 2 · A long read/u);
	t.regex(lines[1]!, /^ ?\[1\] the Reuters story +https:\/\/www\.reuters\.com\/x/u);
	t.regex(lines[2]!, /^ ?\[2\] a note +note\.md/u);
	t.regex(lines[11]!, /Enter open · y copy · Esc close/u);
	for (const line of lines) {
		t.true(line.length <= 70);
	}
});

test('the outline indents headings by level and marks the one the page is in', t => {
	const lines = stripSgr(frame(reading(12, 60, 't'))).split('\n');
	t.is(lines[0]!.trimEnd(), 'Outline · A long read');
	t.deepEqual(lines.slice(1, 4).map(line => line.trimEnd()), ['▸ Top', '    Middle part', '      Deep']);
});

test('while typing a search the bottom row is the prompt and the matches are drawn in reverse video', t => {
	const output = frame(reading(12, 60, '/', 'c', 'a', 'f', 'e'));
	const lines = output.split('\n');
	t.is(stripSgr(lines.at(-1)!).trimEnd(), '/cafe');
	const line = lines.find(row => stripSgr(row).includes('café'))!;
	t.true(line.includes('\u001B[4;7mcafé') || line.includes('\u001B[7mcafé'), line);
});

test('Tab draws the link text and its number in reverse video and the bottom row shows its target', t => {
	const lines = frame(reading(12, 60, 'tab')).split('\n');
	const line = lines.find(row => stripSgr(row).includes('Reuters'))!;
	t.regex(line, /\u001B\[7m.*story.*\[1\]/u);
	t.regex(stripSgr(lines.at(-1)!), /\[1\] https:\/\/www\.reuters\.com\/x · Enter opens/u);
});
