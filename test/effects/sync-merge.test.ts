/**
The reader's side of the shared reading state: `shared-state-changed` (the library watcher's entry point) and `r` ask
for `sync-merge`; the effect, run against a real store and library, brings another device's read marks, stars,
positions and views back as actions the reducer applies to the list.
*/
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {StateStore} from '../../source/adapters/state-store.js';
import {mergeSharedState} from '../../source/adapters/sync/device-sync.js';
import {Marks} from '../../source/app/marks.js';
import {reducer} from '../../source/app/reducer.js';
import {initialState, type AppState} from '../../source/app/state.js';
import {RenderCache, runEffect, SearchIndexHolder, type EffectDeps} from '../../source/effects/index.js';
import type {ArticleMeta} from '../../source/core/types.js';

test('shared-state-changed and r ask for sync-merge', t => {
	const state = initialState({rows: 20, columns: 80, marks: Marks.empty()});
	t.deepEqual(reducer(state, {type: 'shared-state-changed'})[1], [{type: 'sync-merge'}]);
	t.deepEqual(reducer(state, {type: 'key', spec: 'r'})[1].map(effect => effect.type), ['sync-merge', 'fetch-feeds']);
});

test('sync-merge brings another device\'s marks, stars, positions and views into the reader', async t => {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-sync-merge-'));
	const libraryDir = path.join(root, 'library');
	fs.mkdirSync(libraryDir);
	const other = StateStore.open(path.join(root, 'other')).store;
	other.change(state => {
		state.read.add('a');
		state.starred.add('b');
		state.positions.set('a', 12);
		state.views.push({name: 'later', query: 'is:starred'});
	}, {flush: 'now'});
	mergeSharedState(other, libraryDir);

	const store = StateStore.open(path.join(root, 'mine')).store;
	const deps: EffectDeps = {
		store,
		cache: new RenderCache(libraryDir, false),
		searchIndex: new SearchIndexHolder(),
		libraryDir,
		environment: {},
		progress() {},
		quit() {},
	};
	const actions = await runEffect({type: 'sync-merge'}, deps);
	t.deepEqual(actions.map(action => action.type), ['marks-applied', 'marks-applied', 'positions-merged', 'find-setup']);
	t.like(actions[0], {kind: 'read', ids: ['a'], values: [true], message: 'From other devices: 1 read mark, 1 star'});
	const meta = (id: string): ArticleMeta => ({id, path: `${id}.md`, title: id, source: 'x', tags: [], size: 1, mtimeMs: 1, kind: 'markdown'} as unknown as ArticleMeta);
	let state: AppState = reducer(initialState({rows: 20, columns: 80, marks: Marks.empty()}), {type: 'library-loaded', articles: [meta('a'), meta('b')], final: true})[0];
	for (const action of actions) {
		state = reducer(state, action)[0];
	}

	t.true(state.marks.isRead('a'));
	t.true(state.marks.isStarred('b'));
	t.is(state.marks.position('a'), 12);
	t.true(store.isRead('a'));
	// Nothing new: no action.
	t.deepEqual(await runEffect({type: 'sync-merge'}, deps), []);
	// The bundled demo library (sharedState: false) is never merged.
	t.deepEqual(await runEffect({type: 'sync-merge'}, {...deps, sharedState: false}), []);
});
