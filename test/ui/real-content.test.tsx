import fs from 'node:fs';
import path from 'node:path';
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

// is-number's README (MIT, in test/fixtures/real): badges in its title heading, <details> sections.
const body = fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'real', 'readmes', 'is-number', 'README.md'), 'utf8');
const meta: ArticleMeta = {id: 'is-number/README.md', path: 'is-number/README.md', title: 'is-number' as SafeText, source: 'is-number' as SafeText, tags: [], kind: 'md', size: body.length, mtimeMs: 0, words: 900};

function reading(rows: number, columns: number, ...specs: string[]): AppState {
	const marks = Marks.from({read: [meta.id], starred: [], positions: []});
	let state = reducer(initialState({rows, columns, marks}), {type: 'library-loaded', articles: [meta], final: true})[0];
	state = reducer(state, {type: 'key', spec: 'enter'})[0];
	const width = Math.min(80, columns - 2);
	state = reducer(state, {type: 'article-rendered', id: meta.id, width, rendered: renderMarkdown(body, {width, color: true, title: meta.title})})[0];
	return specs.reduce((current, spec) => reducer(current, {type: 'key', spec} as Action)[0], state);
}

const frame = (state: AppState) => stripSgr(render(<Screen state={state} />).lastFrame()!);

test('a real README: the page shows no raw tag and badges as labels; the outline lists its sections as plain text', t => {
	const page = frame(reading(24, 90));
	t.false(/<\/?(?:a|img|p|details|summary)\b/u.test(page), page);
	t.true(page.includes('Returns true if the value is a finite number.'));
	const outline = frame(reading(24, 90, 't')).split('\n').map(line => line.trim());
	t.true(outline.includes('Install') || outline.includes('▸ Install'), outline.join('\n'));
	t.true(outline.some(line => line.endsWith('Release history')));
	t.false(outline.some(line => line.includes('](') || line.includes('![')), 'no Markdown in outline entries');
});
