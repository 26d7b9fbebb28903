import fs from 'node:fs';
import path from 'node:path';
import {Worker} from 'node:worker_threads';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import test from 'ava';
import {closeRenderWorker, plainArticle, renderArticleInWorker, RenderWorker, warmRenderWorker} from '../../source/adapters/render-worker.js';
import {renderArticle} from '../../source/core/render/render-article.js';
import {neutralise, neutraliseLine} from '../../source/core/text/neutralise.js';
import type {Article} from '../../source/core/types.js';
import {realChangelog} from '../helpers/changelog.js';

const article = (body: string, warnings: string[] = []): Article => ({
	meta: {id: 'a', path: 'a.md', title: neutraliseLine('A'), source: neutraliseLine('test'), tags: [], kind: 'md', size: body.length, mtimeMs: 0, words: 1},
	body: neutralise(body),
	warnings: warnings.map(warning => neutraliseLine(warning)),
});

const sample = '# Title\n\nSome *emphasis*, a [link](https://example.com) and `code`.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```js\nconst x = 1;\n```\n\n- one\n- two\n';

test('the worker renders exactly what renderArticle renders in this thread', async t => {
	const worker = new RenderWorker();
	t.teardown(async () => worker.close());
	for (const color of [true, false]) {
		const input = article(sample, ['front matter ignored']);
		t.deepEqual(await worker.render(input, {width: 60, color}), renderArticle(input, {width: 60, color}));
	}
});

test('a render past its deadline is shown as plain text with a one-line reason, and the next render works', async t => {
	const worker = new RenderWorker({deadlineMs: 50, fallbackChars: 10_000, fallbackBudgetMs: 0});
	t.teardown(async () => worker.close());
	await worker.warm();
	const body = realChangelog(2_000_000);
	const started = performance.now();
	const slow = await worker.render(article(body, ['a note']), {width: 80, color: true});
	const elapsed = performance.now() - started;
	t.is(slow.fallback, 'formatting took longer than 0.05 s');
	t.is<string, string>(slow.lines[0]!, '\u001B[33mNote: a note\u001B[39m');
	t.regex(slow.lines[2]!, /^\u001B\[33mShown as plain text: formatting took longer than 0\.05 s \(the first \d+ of 2000 kB\)/u);
	t.true(slow.lines.length > 100);
	t.true(elapsed < 2000, `${elapsed} ms`);
	const next = await worker.render(article(sample), {width: 60, color: false}, 30_000);
	t.is(next.fallback, undefined);
	t.deepEqual(next, renderArticle(article(sample), {width: 60, color: false}));
});

test('the calling thread keeps running while the worker renders a 5 MB document', async t => {
	const worker = new RenderWorker({deadlineMs: 60_000});
	t.teardown(async () => worker.close());
	await worker.warm();
	let last = performance.now();
	let longestGap = 0;
	let ticks = 0;
	const interval = setInterval(() => {
		const now = performance.now();
		longestGap = Math.max(longestGap, now - last);
		last = now;
		ticks++;
	}, 10);
	const started = performance.now();
	const rendered = await worker.render(article(realChangelog(5_000_000)), {width: 100, color: true});
	const elapsed = performance.now() - started;
	clearInterval(interval);
	t.is(rendered.fallback, undefined);
	t.true(rendered.lines.length > 50_000);
	// Rendering 5 MB takes seconds (more on a busy machine); copying it to the worker and 100k lines back takes tens
	// of ms. Rendered in this thread, the timer would not have run at all until the end.
	t.true(ticks > elapsed / 100, `${ticks} ticks in ${elapsed} ms`);
	t.true(longestGap < elapsed / 2, `the thread was blocked for ${longestGap} of ${elapsed} ms`);
});

test('a worker that runs out of memory costs one article its formatting, not the process', async t => {
	const worker = new RenderWorker({memoryMb: 24, deadlineMs: 30_000});
	t.teardown(async () => worker.close());
	const rendered = await worker.render(article(realChangelog(5_000_000)), {width: 100, color: false});
	t.truthy(rendered.fallback);
	t.regex(rendered.lines[0]!, /^Shown as plain text: /u);
	t.true(rendered.lines.length > 100);
});

test('requests made at once are answered in order, each with its own article', async t => {
	const worker = new RenderWorker();
	t.teardown(async () => worker.close());
	const bodies = Array.from({length: 8}, (_, index) => `# Article ${index}\n\nbody ${index}`);
	const results = await Promise.all(bodies.map(async body => worker.render(article(body), {width: 40, color: false})));
	// Without colour a heading keeps its # marks (issue 13), so each answer shows its own article's heading.
	t.deepEqual(results.map(result => result.lines[0]), bodies.map((_, index) => `# Article ${index}`));
});

test('the plain fallback shows the whole body when it can, in pieces of whole lines', t => {
	// However long it takes: the pieces are what is tested here, not the clock.
	const whole = {fallbackChars: Number.POSITIVE_INFINITY, fallbackBudgetMs: 0};
	const body = 'line\n'.repeat(100_000);
	const rendered = plainArticle(article(body), {width: 40, color: false}, 'a reason', whole);
	t.is<string, string>(rendered.lines[0]!, 'Shown as plain text: a reason');
	t.deepEqual(rendered.lines.slice(2), [...Array.from({length: 100_000}, () => 'line'), '']);
	t.is(rendered.fallback, 'a reason');
	// A line longer than a piece is cut between pieces, and every character is still shown.
	const long = plainArticle(article('ab'.repeat(100_000)), {width: 50, color: false}, 'r', whole);
	t.is(long.lines.slice(2).join(''), 'ab'.repeat(100_000));
	t.true(long.lines.every(line => line.length <= 50));
});

test('the plain fallback stops when its time is spent and says how much it shows', t => {
	const body = 'line\n'.repeat(100_000);
	const none = plainArticle(article(body), {width: 40, color: false}, 'a reason', {fallbackChars: 1000, fallbackBudgetMs: 0});
	t.is<string, string>(none.lines[0]!, 'Shown as plain text: a reason (the first 66 of 500 kB)');
	t.deepEqual(none.lines.slice(2), Array.from({length: 65_535 / 5}, () => 'line'));
	// A clock that advances 100 ms at each reading: with 250 ms, three pieces are wrapped.
	let clock = 0;
	const some = plainArticle(article(body), {width: 40, color: false}, 'r', {fallbackChars: 1000, fallbackBudgetMs: 250}, () => {
		clock += 100;
		return clock;
	});
	t.is<string, string>(some.lines[0]!, 'Shown as plain text: r (the first 197 of 500 kB)');
	t.is(some.lines.length, 2 + (3 * 65_535 / 5));
});

test('the bundled worker (dist/render-worker.js) renders an article', async t => {
	const entry = path.resolve('dist/render-worker.js');
	t.true(fs.existsSync(entry), 'npm run build makes dist/render-worker.js');
	const worker = new Worker(entry, {stdout: true});
	t.teardown(async () => worker.terminate());
	const input = article(sample);
	const reply = await new Promise<{type: string; rendered?: unknown}>((resolve, reject) => {
		worker.on('error', reject);
		worker.on('message', (message: {type: string; rendered?: unknown}) => {
			if (message.type === 'ready') {
				worker.postMessage({id: 1, article: input, options: {width: 60, color: true}});
			} else {
				resolve(message);
			}
		});
	});
	t.is(reply.type, 'rendered');
	t.deepEqual(reply.rendered, renderArticle(input, {width: 60, color: true}));
});

test('a reason quoting an error message is neutralised like any outside text', t => {
	const rendered = plainArticle(article('body'), {width: 60, color: false}, 'the renderer stopped (\u001B]0;pwned\u0007 \u001B[8m)');
	t.is<string, string>(rendered.lines[0]!, 'Shown as plain text: the renderer stopped (␛]0;pwned␇ ␛[8m)');
	t.is(rendered.fallback, 'the renderer stopped (␛]0;pwned␇ ␛[8m)');
});

test('renderArticleInWorker, the reader\'s entry point, renders in the shared worker and falls back past its deadline', async t => {
	t.teardown(async () => closeRenderWorker());
	await warmRenderWorker();
	const input = article(sample);
	t.deepEqual(await renderArticleInWorker(input, {width: 50, color: true}), renderArticle(input, {width: 50, color: true}));
	const slow = await renderArticleInWorker(article(realChangelog(2_000_000)), {width: 80, color: false}, 20);
	t.is(slow.fallback, 'formatting took longer than 0.02 s');
	t.is((await renderArticleInWorker(input, {width: 50, color: false})).fallback, undefined);
});

test('an idle render worker does not keep the process alive', async t => {
	const script = path.resolve('test/render/fixtures/render-and-exit.ts');
	const started = performance.now();
	const {stdout} = await promisify(execFile)(process.execPath, ['--import=tsx', script], {timeout: 60_000, env: {...process.env, NO_COLOR: '1'}});
	// The heading that repeats the title is not shown again, and code has its frame (issue 13).
	t.is(stdout, '▏ int x;\n');
	t.true(performance.now() - started < 60_000);
});
