import React from 'react';
import test from 'ava';
import {render} from 'ink-testing-library';
import {Screen} from '../../source/ui/app.js';
import {initialState, type Action, type AppState} from '../../source/app/state.js';
import {reducer} from '../../source/app/reducer.js';
import {Marks} from '../../source/app/marks.js';
import {bodyWidth, panesOf} from '../../source/app/layout.js';
import type {ArticleMeta} from '../../source/core/types.js';
import {renderMarkdown} from '../../source/core/render/render-article.js';
import type {SafeText} from '../../source/core/text/neutralise.js';
import {cellWidth} from '../../source/core/text/cells.js';
import {stripSgr} from '../../source/core/text/styled-ranges.js';

const meta = (n: number): ArticleMeta => ({
	id: `a/${n}.md`, path: `a/${n}.md`, title: `Article number ${n} with a title long enough to wrap in a pane` as SafeText, source: 'src' as SafeText,
	date: `2026-01-${String(28 - (n % 28)).padStart(2, '0')}T00:00:00.000Z`, tags: [], kind: 'md', size: 1200, mtimeMs: 0, words: 200,
});

const apply = (state: AppState, ...actions: Action[]) => actions.reduce((current, action) => reducer(current, action)[0], state);
const lines = (id: string, width: number) => renderMarkdown(`Body of ${id}: see [a link](https://example.org/) here.\n\n${'Words in a paragraph. '.repeat(40)}\n` as SafeText, {width, color: false});

/** The state with the article pane's lines in (list focus: the preview; article focus: the open article). */
function withLines(state: AppState): AppState {
	const id = state.article?.id ?? state.preview?.id;
	return id === undefined ? state : apply(state, {type: 'article-rendered', id, width: bodyWidth(state), rendered: lines(id, bodyWidth(state))});
}

test('every size from 20×5 up: the split screen never draws more rows or wider rows than the terminal', t => {
	// 20×5, each split's minimum (61 columns, 15 rows; one below them, panesOf's sweep in test/app/panes.test.ts), larger.
	for (const rows of [5, 15, 30]) {
		for (const columns of [20, 61, 100]) {
			for (const panes of ['side', 'stacked'] as const) {
				const listed = withLines(apply(initialState({rows, columns, marks: Marks.empty(), panes}), {type: 'library-loaded', articles: Array.from({length: 50}, (_, n) => meta(n)), final: true}));
				const reading = withLines(apply(listed, {type: 'key', spec: 'j'}, {type: 'key', spec: 'enter'}));
				for (const [what, state] of [['list', listed], ['article', reading]] as const) {
					const frame = render(<Screen state={state} />);
					const drawn = stripSgr(frame.lastFrame()!).split('\n');
					const where = `${columns}×${rows} ${panes} ${what}`;
					t.true(drawn.length <= rows, `${where}: ${drawn.length} rows`);
					t.true(drawn.every(line => cellWidth(line) <= columns), `${where}: a row is wider than the terminal`);
					if (panesOf(state) !== undefined) {
						t.true(drawn.join('\n').includes('Body of'), `${where}: the article pane shows the article`);
					}

					frame.unmount();
				}
			}
		}
	}
});

test('side by side: the list, a divider and the article on the same rows, the article pane showing the selection', t => {
	const state = withLines(apply(initialState({rows: 20, columns: 90, marks: Marks.empty(), panes: 'side'}), {type: 'library-loaded', articles: Array.from({length: 5}, (_, n) => meta(n)), final: true}, {type: 'key', spec: 'j'}));
	const frame = render(<Screen state={state} />);
	const drawn = stripSgr(frame.lastFrame()!).split('\n');
	const panes = panesOf(state)!;
	t.true(drawn.every(line => line.length < panes.list.columns || line[panes.list.columns] === '│'), 'the divider runs down the screen');
	t.regex(drawn[0]!.slice(panes.article.left), /Article number 1/u, 'the selected article\'s title heads the article pane');
	t.true(drawn.some(line => line.slice(panes.article.left).includes('Body of a/1.md')));
	t.regex(drawn.at(-1)!.slice(panes.article.left), /reads it here/u, 'the article pane says Enter reads it');
	frame.unmount();
});
