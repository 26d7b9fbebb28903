// Issue 14: the reader's quit ends the render worker for good before its last save; a render asked for meanwhile
// (a frame drawn while the quit waits) gets the plain text instead of a worker started again. Its own file: the end is for
// the whole process.
import test from 'ava';
import {endRenderWorker, renderArticleInWorker, warmRenderWorker} from '../../source/adapters/render-worker.js';
import {neutralise, neutraliseLine} from '../../source/core/text/neutralise.js';
import type {Article} from '../../source/core/types.js';

const article: Article = {
	meta: {id: 'a', path: 'a.md', title: neutraliseLine('A'), source: neutraliseLine('test'), tags: [], kind: 'md', size: 20, mtimeMs: 0, words: 3},
	body: neutralise('# Title\n\nSome *emphasis*.\n'),
	warnings: [],
};

test('after the end, a render is the plain text with its reason, also after a warm-up is asked for', async t => {
	await warmRenderWorker();
	const formatted = await renderArticleInWorker(article, {width: 60, color: false});
	t.is(formatted.fallback, undefined);
	await endRenderWorker();
	const plain = await renderArticleInWorker(article, {width: 60, color: false});
	t.is(plain.fallback, 'the reader is quitting');
	t.true(plain.lines.some(line => line.includes('Some')));
	await warmRenderWorker();
	t.is((await renderArticleInWorker(article, {width: 60, color: false})).fallback, 'the reader is quitting');
});
