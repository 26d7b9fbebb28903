import test from 'ava';
import {previewBody} from '../../source/effects/render.js';
import {initialState, type AppState} from '../../source/app/state.js';
import {reducer} from '../../source/app/reducer.js';
import {Marks} from '../../source/app/marks.js';
import type {SafeLine, SafeText} from '../../source/core/text/neutralise.js';
import type {ArticleMeta} from '../../source/core/types.js';
import type {RenderedArticle} from '../../source/core/render/render-article.js';

test('the preview of a long body ends at a paragraph break and closes an open code fence', t => {
	const paragraphs = Array.from({length: 3000}, (_, index) => `Paragraph ${index} with some words in it.`);
	const body = paragraphs.join('\n\n') as SafeText;
	const preview = previewBody(body);
	t.true(preview.length < body.length / 2);
	t.true(body.startsWith(preview.trimEnd()));
	t.regex(preview, /\.\n$/u);
	const fenced = (`${'x '.repeat(10_000)}\n\n\`\`\`js\n${'const a = 1;\n'.repeat(5000)}\`\`\`\n`) as SafeText;
	const cut = previewBody(fenced);
	t.is((cut.match(/^```/gmu) ?? []).length % 2, 0, 'fences are balanced');
});

const lines = (count: number): RenderedArticle => ({lines: Array.from({length: count}, (_, index) => `line ${index}` as SafeLine), links: [], headings: [], width: 60} as unknown as RenderedArticle);

test('a remembered position past the preview is kept for the full lines', t => {
	const meta = {id: 'a', path: 'a.md', title: 'A' as SafeText, source: '' as SafeText, tags: [], kind: 'md', size: 1, mtimeMs: 0, words: 1} as ArticleMeta;
	let state: AppState = initialState({rows: 20, columns: 62, marks: Marks.from({read: [], starred: [], positions: [['a', 500]]})});
	state = reducer(state, {type: 'library-loaded', articles: [meta], final: true})[0];
	state = reducer(state, {type: 'key', spec: 'enter'})[0];
	state = reducer(state, {type: 'article-rendered', id: 'a', width: 60, rendered: lines(100), preview: true})[0];
	t.is(state.article?.pendingOffset, 500);
	state = reducer(state, {type: 'article-rendered', id: 'a', width: 60, rendered: lines(2000)})[0];
	t.is(state.article?.offset, 500);
	t.is(state.article?.pendingOffset, undefined);
});
