import test from 'ava';
import {RenderWorker} from '../../source/adapters/render-worker.js';
import {renderArticle} from '../../source/core/render/render-article.js';
import {neutralise, neutraliseLine} from '../../source/core/text/neutralise.js';
import type {Article} from '../../source/core/types.js';
import {realChangelog} from '../helpers/changelog.js';

// Issue 14: a render asked for while the worker still loads is sent at once and rendered the moment the worker has
// loaded, before its warm-up; its deadline and limits hold as for any other render.

const article = (body: string): Article => ({
	meta: {id: 'a', path: 'a.md', title: neutraliseLine('A'), source: neutraliseLine('test'), tags: [], kind: 'md', size: body.length, mtimeMs: 0, words: 1},
	body: neutralise(body),
	warnings: [],
});

const sample = '# Title\n\nSome *emphasis* and a [link](https://example.com).\n\n```js\nconst x = 1;\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n';

test('a render asked for before the worker has loaded keeps its deadline, and the next render works', async t => {
	const worker = new RenderWorker({deadlineMs: 50, fallbackChars: 10_000, fallbackBudgetMs: 0});
	t.teardown(async () => worker.close());
	const slow = await worker.render(article(realChangelog(2_000_000)), {width: 80, color: true});
	t.is(slow.fallback, 'formatting took longer than 0.05 s');
	const next = await worker.render(article(sample), {width: 60, color: true}, 30_000);
	t.deepEqual(next, renderArticle(article(sample), {width: 60, color: true}));
});

test('renders asked for while the worker warms up come back in order, each as renderArticle renders it', async t => {
	const worker = new RenderWorker();
	t.teardown(async () => worker.close());
	await worker.warm();
	const bodies = [sample, '# Two\n\nمرحبا بالعالم', '# Three\n\n漢字 👩‍👩‍👧 text'];
	const results = await Promise.all(bodies.map(async body => worker.render(article(body), {width: 40, color: true})));
	t.deepEqual(results, bodies.map(body => renderArticle(article(body), {width: 40, color: true})));
});
