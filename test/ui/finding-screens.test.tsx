import React from 'react';
import test from 'ava';
import {render} from 'ink-testing-library';
import {Screen} from '../../source/ui/app.js';
import {initialState, type Action, type AppState} from '../../source/app/state.js';
import {reducer} from '../../source/app/reducer.js';
import {Marks} from '../../source/app/marks.js';
import {cellWidth} from '../../source/core/text/cells.js';
import {neutraliseLine} from '../../source/core/text/neutralise.js';
import type {ArticleMeta} from '../../source/core/types.js';

const meta = (n: number, source: string, tags: string[] = []): ArticleMeta => ({
	id: `a/${n}.md`,
	path: `a/${n}.md`,
	title: neutraliseLine(`Article number ${n}`),
	source: neutraliseLine(source),
	date: `2026-01-${String(28 - n).padStart(2, '0')}T00:00:00.000Z`,
	tags: tags.map(tag => neutraliseLine(tag)),
	kind: 'md',
	size: 1200,
	mtimeMs: 0,
	words: 200,
});

const articles = Array.from({length: 20}, (_, n) => meta(n, n % 2 === 0 ? 'Harbour Post' : 'Atlas', n % 3 === 0 ? ['ferry'] : []));

function stateWith(rows: number, columns: number, starred = new Set<string>(), read = new Set<string>()): AppState {
	const marks = Marks.from({read, starred, positions: []});
	return reducer(initialState({rows, columns, marks}), {type: 'library-loaded', articles, final: true})[0];
}

const apply = (state: AppState, ...actions: Action[]) => actions.reduce((current, action) => reducer(current, action)[0], state);
const keys = (state: AppState, text: string) => apply(state, ...[...text].map(spec => ({type: 'key', spec: spec === ' ' ? 'space' : spec}) as const));
const frameOf = (state: AppState) => render(<Screen state={state} />).lastFrame()!.split('\n');

test('a starred article shows ★ beside its unread mark in the list', t => {
	const lines = frameOf(stateWith(8, 70, new Set(['a/1.md'])));
	t.regex(lines[2]!, /^●★.*Article number 1\b/);
	t.regex(lines[1]!, /^● .*Article number 0\b/);
});

test('the filter prompt is on the bottom row, and the header shows the filter, the count and the order', t => {
	const state = keys(stateWith(8, 90), '/post');
	const lines = frameOf(state);
	t.is(lines.length, 8);
	t.regex(lines[0]!, /\/post · 10 matches · by newest/);
	t.regex(lines[7]!, /^\/post/);
	t.regex(lines[1]!, /Article number 0\b/);
	t.notRegex(lines.join('\n'), /Article number 1\b/);
});

test('a query that does not parse shows the message on the prompt row while the list keeps the last good result', t => {
	const state = keys(stateWith(8, 90), '/post (');
	const lines = frameOf(state);
	t.regex(lines[7]!, /^\/post \( +\S/);
	t.regex(lines[7]!, /\(/);
	t.regex(lines[0]!, /10 match/, 'the last good result stays');
	t.truthy(state.find.prompt?.error);
	t.true(lines[7]!.includes(state.find.prompt!.error!.message.slice(0, 20)));
});

test('full-text results take two rows each: the title with its source, and the snippet under it', t => {
	const state = apply(stateWith(10, 80), {
		type: 'search-results',
		query: 'tidal',
		terms: ['tidal'],
		hits: [0, 1, 2, 3, 4, 5].map(n => ({meta: articles[n]!, snippet: `…where the tidal wave ${n} rose…`, highlights: [[10, 15]] as const, score: 6 - n})),
	});
	const lines = frameOf(state);
	t.is(lines.length, 10);
	t.regex(lines[0]!, /^Search: tidal — 6 results, best first {2}1\/6/);
	t.regex(lines[1]!, /Article number 0 .*Harbour Post/);
	t.regex(lines[2]!, /^ {4}…where the tidal wave 0 rose…/);
	t.regex(lines[3]!, /Article number 1 .*Atlas/);
	t.regex(lines[8]!, /tidal wave 3/, 'four hits fit in eight rows');
	t.notRegex(lines.join('\n'), /Article number 4/);
	for (const line of lines) {
		t.true(cellWidth(line) <= 80, line);
	}
});

test('the source picker lists each source with its unread and total counts', t => {
	const state = keys(stateWith(8, 60, new Set(), new Set(['a/0.md', 'a/2.md'])), 'S');
	const lines = frameOf(state);
	t.regex(lines[0]!, /^Sources — 2 {2}1\/2/);
	t.regex(lines[1]!, /Atlas +10 unread \/ 10/);
	t.regex(lines[2]!, /Harbour Post +8 unread \/ 10/);
	t.regex(lines[7]!, /Enter/);
});

test('narrowing by a tag shows in the header until it is cleared', t => {
	const narrowed = apply(keys(stateWith(8, 100), 'T'), {type: 'key', spec: 'enter'});
	t.regex(frameOf(narrowed)[0]!, /tag: ferry · 7 match/);
	const cleared = apply(narrowed, {type: 'key', spec: 'escape'});
	t.notRegex(frameOf(cleared)[0]!, /tag:/);
});
