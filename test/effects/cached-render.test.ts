import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {StateStore} from '../../source/adapters/state-store.js';
import {loadLibrary} from '../../source/adapters/library.js';
import type {Effect} from '../../source/app/actions.js';
import {codeWidthOf} from '../../source/app/layout.js';
import {initialState} from '../../source/app/state.js';
import {createStore} from '../../source/app/store.js';
import {RenderCache, runEffect, SearchIndexHolder, type EffectDeps} from '../../source/effects/index.js';
import {prerenderSelection, renderFromCache} from '../../source/effects/render.js';
import type {ArticleMeta} from '../../source/core/types.js';

/** A real library of three articles, a real render cache (the real render worker) and the real store and reducer. */
async function setup(columns = 120) {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-cached-render-'));
	const libraryDir = path.join(root, 'library');
	fs.mkdirSync(path.join(libraryDir, 'notes'), {recursive: true});
	for (const [index, name] of ['alpha', 'beta', 'gamma'].entries()) {
		fs.writeFileSync(path.join(libraryDir, 'notes', `${name}.md`), `---\ntitle: ${name}\ndate: 2026-01-0${3 - index}\n---\n\nThe body of ${name}, in *words*.\n`);
	}

	const cache = new RenderCache(libraryDir, false);
	const deps: EffectDeps = {
		store: StateStore.open(path.join(root, 'config')).store,
		cache,
		searchIndex: new SearchIndexHolder(),
		libraryDir,
		cacheDir: path.join(root, 'cache'),
		terminal: {write() {}},
		environment: {},
		progress() {},
		quit() {},
	};
	const ran: Effect[] = [];
	const app = createStore(initialState({rows: 20, columns}), async effect => {
		ran.push(effect);
		return runEffect(effect, deps);
	}, undefined, effect => renderFromCache(effect, cache));
	const metas = await loadLibrary(libraryDir);
	app.dispatch({type: 'library-loaded', articles: metas, final: true});
	return {app, cache, ran, metas};
}

test('a render the cache holds is applied in the key\'s own dispatch: Enter changes the state once, with the lines in it', async t => {
	const {app, cache} = await setup();
	const first = app.getState();
	const meta = first.all[first.visible[first.cursor]!]!;
	// What the idle prerender of the selection asks for: the width and the code width Enter asks for.
	await cache.get(meta, 80, undefined, codeWidthOf(first));
	let changes = 0;
	app.subscribe(() => {
		changes++;
	});
	app.dispatch({type: 'key', spec: 'enter'});
	t.is(changes, 1, 'one state change, so one frame');
	const rendered = app.getState().article?.rendered;
	t.truthy(rendered, 'the lines are there at once');
	t.true(rendered!.lines.some(line => line.includes('The body of')));
	await app.settled();
});

test('without a cached render Enter still opens the article, its lines arriving from the render effect', async t => {
	const {app, ran} = await setup();
	app.dispatch({type: 'key', spec: 'enter'});
	t.is(app.getState().article?.rendered, undefined);
	t.true(ran.some(effect => effect.type === 'render-article'));
	await app.settled();
	t.truthy(app.getState().article?.rendered);
});

test('the neighbours are rendered ahead at the code width the reader asks for, so n and p come from the cache', async t => {
	const {app, cache, ran} = await setup();
	app.dispatch({type: 'key', spec: 'j'});
	app.dispatch({type: 'key', spec: 'enter'});
	await app.settled();
	const prerender = ran.find(effect => effect.type === 'prerender');
	t.truthy(prerender);
	t.is(prerender?.type === 'prerender' ? prerender.codeWidth : undefined, codeWidthOf(app.getState()), 'the code width is part of the cache key');
	const state = app.getState();
	const next = state.all[state.visible[state.cursor + 1]!]!;
	t.truthy(cache.peek(next, 80, undefined, codeWidthOf(state)), 'the next article is in the cache');
	let changes = 0;
	app.subscribe(() => {
		changes++;
	});
	app.dispatch({type: 'key', spec: 'n'});
	t.is(changes, 1);
	t.is(app.getState().article?.id, next.id);
	t.truthy(app.getState().article?.rendered, 'n shows the next article\'s lines in the same frame');
	await app.settled();
});

test('a cached whole article makes the preview of a long one unnecessary; nothing cached leaves the effect to run', async t => {
	const {app, cache, metas} = await setup();
	const meta = metas[0]!;
	t.is(renderFromCache({type: 'render-article', meta, width: 50, codeWidth: 50, part: 'preview'}, cache), undefined);
	await cache.get(meta, 50, undefined, 50);
	t.deepEqual(renderFromCache({type: 'render-article', meta, width: 50, codeWidth: 50, part: 'preview'}, cache), []);
	const [action] = renderFromCache({type: 'render-article', meta, width: 50, codeWidth: 50}, cache) ?? [];
	t.is(action?.type, 'article-rendered');
	t.is(renderFromCache({type: 'render-article', meta, width: 51, codeWidth: 50}, cache), undefined, 'another width is another render');
	t.is(renderFromCache({type: 'save-selected', id: meta.id}, cache), undefined);
	t.truthy(app);
});

test('the article under the cursor is rendered once the list is still, and not for a cursor that moved on', async t => {
	const {app, cache} = await setup();
	const asked: string[] = [];
	const spy = {
		async get(meta: ArticleMeta, width: number, part?: 'preview', codeWidth?: number) {
			asked.push(meta.id);
			return cache.get(meta, width, part, codeWidth);
		},
	};
	const stop = prerenderSelection(app, spy, {idleMs: 40});
	t.teardown(stop);
	app.dispatch({type: 'key', spec: 'j'});
	app.dispatch({type: 'key', spec: 'j'});
	await new Promise(resolve => {
		setTimeout(resolve, 150);
	});
	const state = app.getState();
	const selected = state.all[state.visible[state.cursor]!]!;
	t.deepEqual(asked, [selected.id], 'only the article the cursor stopped on');
	await cache.get(selected, 80, undefined, codeWidthOf(state));
	t.truthy(cache.peek(selected, 80, undefined, codeWidthOf(state)));
	app.dispatch({type: 'key', spec: 'enter'});
	t.truthy(app.getState().article?.rendered, 'Enter shows it at once');
	await app.settled();
});
