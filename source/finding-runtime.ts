import path from 'node:path';
import {readArticleFile} from './adapters/library.js';
import {openSyncedIndex, searchIndexAvailable, type SearchIndex} from './adapters/search-index.js';
import type {StateStore} from './adapters/state-store.js';
import {describeEntry, recordChange} from './core/journal.js';
import {prepareRows} from './core/query/index.js';
import {putView, readViews} from './core/query/views.js';
import {searchLimit} from './app/finding.js';
import type {Dispatch} from './app/store.js';
import type {AppState, Effect} from './app/state.js';

export type FindingRuntimeOptions = {
	readonly store: StateStore;
	/** The library folder and the cache folder, for the full-text index; without them full-text search is off. */
	readonly libraryDir?: string;
	readonly cacheDir?: string;
};

/** Read marks and stars through the journal, so that `u` can take the change back. */
export function recordMarks(store: StateStore, kind: 'read' | 'star', ids: readonly string[], after: boolean): void {
	store.change(state => {
		recordChange(state, {kind, ids, after});
	});
}

/**
Runs the finding effects (source/app/finding.ts) against the store and the full-text index. The index is opened and
synced in the background after each full library load; searches are synchronous SQLite queries, well under a frame at
the benchmark's scale, and their results come back as an action.
*/
export function createFindingRunner(options: FindingRuntimeOptions) {
	const {store} = options;
	let index: SearchIndex | undefined;
	let syncing: Promise<void> | undefined;

	// The store undoes the change this reader shows, not whatever another process recorded last (issue 15).
	const journalStep = (step: 'undo' | 'redo', dispatch: Dispatch, verb: string, nothing: string) => {
		const result = step === 'undo' ? store.undo() : store.redo();
		dispatch({type: 'marks-changed'});
		dispatch({type: 'status', message: result.kind === 'done' ? `${verb}: ${describeEntry(result.entry)}` : (result.kind === 'nothing' ? nothing : `Cannot ${step}: that change was already ${step === 'undo' ? 'undone' : 'redone'} by another Tidings`)});
	};

	const openIndex = (dispatch: Dispatch, getState: () => AppState) => {
		const {libraryDir, cacheDir} = options;
		if (libraryDir === undefined || cacheDir === undefined || !searchIndexAvailable()) {
			dispatch({type: 'index-status', status: 'unavailable'});
			return;
		}

		// One sync at a time; a load that finishes meanwhile is picked up by the next one.
		const previous = syncing ?? Promise.resolve();
		syncing = previous.then(async () => {
			const metas = getState().all;
			if (index === undefined) {
				index = (await openSyncedIndex(libraryDir, cacheDir, metas)).index;
			} else {
				const current = index;
				const files = metas.map(meta => ({path: meta.path, size: meta.size, mtimeMs: meta.mtimeMs}));
				await current.sync(libraryDir, files, async relative => readArticleFile(path.join(libraryDir, relative)));
			}

			dispatch({type: 'index-status', status: 'ready'});
		}).catch((error: unknown) => {
			dispatch({type: 'index-status', status: 'unavailable', message: `Couldn't build the search index: ${error instanceof Error ? error.message : String(error)}`});
		});
	};

	return {
		run(effect: Effect, dispatch: Dispatch, getState: () => AppState): void {
			switch (effect.type) {
				case 'star': {
					recordMarks(store, 'star', effect.ids, effect.starred);
					dispatch({type: 'marks-changed', unreadDelta: 0});
					break;
				}

				case 'undo': {
					journalStep('undo', dispatch, 'Undone', 'Nothing to undo');
					break;
				}

				case 'redo': {
					journalStep('redo', dispatch, 'Redone', 'Nothing to redo');
					break;
				}

				case 'save-sort': {
					const {sort} = effect;
					store.change(state => {
						state.settings = {...state.settings, sort};
					});
					break;
				}

				case 'save-view': {
					const {view} = effect;
					store.change(state => {
						state.extra['views'] = putView(readViews(state.extra['views']), view);
					});
					break;
				}

				case 'open-index': {
					openIndex(dispatch, getState);
					break;
				}

				case 'search': {
					if (index === undefined) {
						dispatch({type: 'search-failed', message: 'The search index is not open yet'});
						break;
					}

					const result = index.search(effect.text, {limit: searchLimit, marks: store});
					if (result.ok) {
						dispatch({type: 'search-results', query: effect.text, hits: result.hits, terms: result.terms});
					} else {
						dispatch({type: 'search-failed', message: result.error.message});
					}

					break;
				}

				case 'prepare-filter': {
					// After the frame that shows the list: folding 100k rows takes a moment, and no keystroke should pay it.
					setImmediate(() => {
						prepareRows(getState().all);
					});
					break;
				}
			}
		},
		close(): void {
			index?.close();
			index = undefined;
		},
	};
}
