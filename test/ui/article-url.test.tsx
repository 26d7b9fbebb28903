import React from 'react';
import test from 'ava';
import {render} from 'ink-testing-library';
import {Screen} from '../../source/ui/app.js';
import {initialState, type Action, type AppState} from '../../source/app/state.js';
import {reducer} from '../../source/app/reducer.js';
import type {ArticleMeta} from '../../source/core/types.js';
import {renderMarkdown} from '../../source/core/render/render-article.js';
import type {SafeText} from '../../source/core/text/neutralise.js';
import {stripSgr} from '../../source/core/text/styled-ranges.js';

const meta: ArticleMeta = {id: 'a.md', path: 'a.md', title: 'The quay' as SafeText, source: 'Harbour' as SafeText, url: 'https://example.org/quay' as SafeText, tags: [], kind: 'md', size: 1, mtimeMs: 0, words: 10};

function reading(...specs: string[]): AppState {
	let state = reducer(initialState({rows: 12, columns: 100}), {type: 'library-loaded', articles: [meta], final: true})[0];
	state = reducer(state, {type: 'key', spec: 'enter'})[0];
	state = reducer(state, {type: 'article-rendered', id: meta.id, width: 80, rendered: renderMarkdown('See [a link](https://example.org/other).', {width: 80, color: false})})[0];
	return specs.reduce((current, spec) => reducer(current, {type: 'key', spec} as Action)[0], state);
}

const lines = (state: AppState) => stripSgr(render(<Screen state={state} />).lastFrame()!).split('\n');

test('the reader\'s header line ends with the article\'s own address', t => {
	t.regex(lines(reading())[1]!, /^Harbour · 1 min read · https:\/\/example\.org\/quay +100%$/u);
});

test('the links overlay (L) names the article\'s own address in its title', t => {
	t.regex(lines(reading('L'))[0]!, /^Links — 1 · https:\/\/example\.org\/quay · The quay/u);
});
