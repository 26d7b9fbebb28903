import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {StateStore} from '../../source/adapters/state-store.js';
import {loadArticle, loadLibrary} from '../../source/adapters/library.js';
import {closeRenderWorker} from '../../source/adapters/render-worker.js';
import {previewBytes} from '../../source/app/handlers/article.js';
import {RenderCache, SearchIndexHolder, type EffectDeps} from '../../source/effects/index.js';
import {openingChars, previewBody, renderEffect} from '../../source/effects/render.js';
import {renderArticle} from '../../source/core/render/render-article.js';

test.after.always(async () => closeRenderWorker());

/** One long article (about 200 kB: paragraphs, links, lists and code) in a real library, and the effects' deps. */
async function setup() {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-opening-'));
	const libraryDir = path.join(root, 'library');
	fs.mkdirSync(path.join(libraryDir, 'notes'), {recursive: true});
	const parts: string[] = [];
	for (let index = 0; parts.join('\n\n').length < 200_000; index++) {
		parts.push(`## Part ${index}`, `Paragraph ${index} has *some* words, a [link](https://example.com/${index}) and \`code\`. `.repeat(6), `- one ${index}\n- two`, `\`\`\`${['js', 'python', 'sql'][index % 3]!}\nconst value${index} = ${index}; // note\n\`\`\``);
	}

	fs.writeFileSync(path.join(libraryDir, 'notes', 'long.md'), `---\ntitle: Long\ndate: 2026-01-01\n---\n\n${parts.join('\n\n')}\n`);
	const deps = {
		store: StateStore.open(path.join(root, 'config')).store,
		cache: new RenderCache(libraryDir, true),
		searchIndex: new SearchIndexHolder(),
		libraryDir,
		environment: {},
		progress() {},
		quit() {},
	} satisfies EffectDeps;
	const [meta] = await loadLibrary(libraryDir);
	return {deps, meta: meta!, libraryDir};
}

test('a long article opens with its first screen\'s worth, the same lines the whole render starts with; the split pane keeps its longer preview', async t => {
	const {deps, meta, libraryDir} = await setup();
	t.true(meta.size > previewBytes);
	const width = 80;
	const article = await loadArticle(libraryDir, meta);
	const [opened] = await renderEffect({type: 'render-article', meta, width, codeWidth: width, part: 'preview'}, deps);
	const [pane] = await renderEffect({type: 'render-article', meta, width, codeWidth: width, part: 'preview', follow: true}, deps);
	const [whole] = await renderEffect({type: 'render-article', meta, width, codeWidth: width}, deps);
	if (opened?.type !== 'article-rendered' || pane?.type !== 'article-rendered' || whole?.type !== 'article-rendered') {
		t.fail('three renders');
		return;
	}

	const options = {width, codeWidth: width, color: true};
	t.deepEqual(opened.rendered, renderArticle({...article, body: previewBody(article.body, openingChars(width))}, options));
	t.deepEqual(pane.rendered, renderArticle({...article, body: previewBody(article.body)}, options));
	t.true(opened.preview === true && pane.preview === true && whole.preview === false);
	t.true(opened.rendered.lines.length > 60, `at least a tall screen: ${opened.rendered.lines.length} lines`);
	t.true(opened.rendered.lines.length < pane.rendered.lines.length / 2);
	// The screen it shows first is the whole article's first screen (its own link list comes only after it).
	const screen = opened.rendered.lines.length - opened.rendered.links.length - 10;
	t.deepEqual(opened.rendered.lines.slice(0, screen), whole.rendered.lines.slice(0, screen));
	t.is(openingChars(200), 20_000, 'a wider reading column gets more');
});

test('the whole render of a long article is asked for only once its opening is back (they competed with the frame that shows the opening); with no opening asked it goes at once', async t => {
	const {deps, meta, libraryDir} = await setup();
	const width = 80;
	const rendered = renderArticle(await loadArticle(libraryDir, meta), {width, codeWidth: width, color: false});
	const asked: string[] = [];
	let backNow: ((value: typeof rendered) => void) | undefined;
	const opening = new Promise<typeof rendered>(resolve => {
		backNow = resolve;
	});
	const source = (openingAsked: boolean) => ({
		...deps,
		cache: {
			asked: (_meta: unknown, _width: number, part: string) => (openingAsked && part === 'opening' ? opening : undefined),
			async get(_meta: unknown, _width: number, part?: string) {
				asked.push(part ?? 'whole');
				return rendered;
			},
		},
	});
	const whole = renderEffect({type: 'render-article', meta, width, codeWidth: width}, source(true));
	await new Promise(resolve => {
		setTimeout(resolve, 300);
	});
	t.deepEqual(asked, [], 'the whole waits while the opening is out');
	backNow!(rendered);
	const [action] = await whole;
	t.deepEqual(asked, ['whole']);
	t.is(action?.type, 'article-rendered');

	// A resize of an open long article asks for the whole alone: nothing to wait for.
	const [resized] = await renderEffect({type: 'render-article', meta, width, codeWidth: width}, source(false));
	t.is(resized?.type, 'article-rendered');
	t.deepEqual(asked, ['whole', 'whole']);
});
