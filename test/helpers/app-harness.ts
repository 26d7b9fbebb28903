import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {StateStore} from '../../source/adapters/state-store.js';
import type {Action, Effect} from '../../source/app/actions.js';
import {initialState, selectedMeta, type AppState} from '../../source/app/state.js';
import {createStore, type Store} from '../../source/app/store.js';
import {RenderCache, runEffect, SearchIndexHolder} from '../../source/effects/index.js';
import type {ArticleMeta} from '../../source/core/types.js';

/** The effects that write the state store: the harness runs them for real, against a store in a temp folder. */
const storeEffects = new Set<Effect['type']>(['mark', 'undo', 'redo', 'save-position', 'save-selected', 'save-settings', 'save-view']);

/**
The reader's real store and reducer, with a real state store in a temp folder: keys go through the root reducer, and
the store effects (marks, stars, undo, redo, settings) run through the real effect runner. Every other effect is
recorded but not run (rendering and the index have their own tests), so a test can assert what was asked for.
*/
export class AppHarness {
	readonly effects: Effect[] = [];
	readonly store: StateStore;
	readonly app: Store;
	readonly folder: string;

	constructor(articles: readonly ArticleMeta[], options: {rows?: number; columns?: number; state?: Partial<Parameters<typeof initialState>[0]>} = {}) {
		this.folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-app-'));
		this.store = StateStore.open(this.folder).store;
		const deps = {
			store: this.store,
			cache: new RenderCache(this.folder, false),
			searchIndex: new SearchIndexHolder(),
			environment: {},
			quit: () => undefined,
		};
		this.app = createStore(initialState({rows: options.rows ?? 12, columns: options.columns ?? 100, ...options.state}), async (effect, progress) => {
			this.effects.push(effect);
			return storeEffects.has(effect.type) ? runEffect(effect, {...deps, progress}) : [];
		});
		this.dispatch({type: 'library-loaded', articles, final: true});
	}

	get state(): AppState {
		return this.app.getState();
	}

	dispatch(action: Action): this {
		this.app.dispatch(action);
		return this;
	}

	/** Waits until every effect started so far has come back. */
	async settled(): Promise<void> {
		await this.app.settled();
	}

	keys(...specs: string[]): this {
		for (const spec of specs) {
			this.dispatch({type: 'key', spec});
		}

		return this;
	}

	type(text: string): this {
		return this.keys(...[...text].map(character => (character === ' ' ? 'space' : character)));
	}

	listed(): string[] {
		return this.state.visible.map(index => this.state.all[index]!.id);
	}

	selected(): string | undefined {
		return selectedMeta(this.state)?.id;
	}

	/** Ids read in the model (what the screen shows). */
	readIds(): Set<string> {
		return new Set(this.state.all.map(meta => meta.id).filter(id => this.state.marks.isRead(id)));
	}

	starredIds(): Set<string> {
		return new Set(this.state.all.map(meta => meta.id).filter(id => this.state.marks.isStarred(id)));
	}
}
