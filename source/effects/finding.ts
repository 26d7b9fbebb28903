/** The full-text index (opened on the first `f`, then kept in step with the library), searches, and the filter's folding. */
import type {ArticleMeta} from '../core/types.js';
import {prepareRowsPart} from '../core/query/index.js';
import type {Action, Effect} from '../app/actions.js';
import {searchLimit} from '../app/handlers/finding.js';
import {prepareMerge} from '../app/handlers/list.js';
import type {SearchIndex} from '../adapters/search-index.js';
import {describeError, type EffectDeps} from './deps.js';

const preparedSlice = 2048;
const preparePause = 250;
let prepareGeneration = 0;

/** The open index, if any: a resource the effects share, closed when the reader quits. */
export class SearchIndexHolder {
	index?: SearchIndex;
	/** One sync at a time; a load that finishes meanwhile is picked up by the next one. */
	syncing: Promise<unknown> = Promise.resolve();

	close(): void {
		this.index?.close();
		this.index = undefined;
	}
}

async function openIndex(articles: readonly ArticleMeta[], deps: EffectDeps): Promise<Action[]> {
	const {libraryDir, cacheDir, searchIndex: holder} = deps;
	const {openSearchIndex, searchIndexAvailable} = await import('../adapters/search-index.js');
	if (libraryDir === undefined || cacheDir === undefined || !searchIndexAvailable()) {
		return [{type: 'index-status', status: 'unavailable'}];
	}

	const sync = holder.syncing.then(async () => {
		const files = articles.map(meta => ({path: meta.path, size: meta.size, mtimeMs: meta.mtimeMs}));
		// Built and synced in a worker thread (issue 18): the reader's keys never wait on it; the reader opens the
		// file for its searches once it is built.
		const {syncIndexInWorker} = await import('../adapters/index-in-worker.js');
		await syncIndexInWorker({libraryDir, cacheDir, files});
		holder.index ??= openSearchIndex(cacheDir);
	});
	holder.syncing = sync.catch(() => undefined);
	try {
		await sync;
		return [{type: 'index-status', status: 'ready'}];
	} catch (error) {
		return [{type: 'index-status', status: 'unavailable', message: `Couldn't build the search index: ${describeError(error)}`}];
	}
}

export async function findingEffect(effect: Extract<Effect, {type: 'open-index' | 'search' | 'prepare-filter'}>, deps: EffectDeps): Promise<Action[]> {
	switch (effect.type) {
		case 'open-index': {
			return openIndex(effect.articles, deps);
		}

		case 'search': {
			const {index} = deps.searchIndex;
			if (index === undefined) {
				return [{type: 'search-failed', message: 'The search index is not open yet'}];
			}

			const result = index.search(effect.text, {limit: searchLimit, marks: deps.store});
			return result.ok
				? [{type: 'search-results', query: effect.text, hits: result.hits, terms: result.terms}]
				: [{type: 'search-failed', message: result.error.message}];
		}

		case 'prepare-filter': {
			// After the frame that shows the list: folding 100k rows takes a moment, and no keystroke should pay it (a list
			// is folded only once the filter has been asked for: afterLoad). The first list is prepared at once; a later
			// one (a fetched feed, a library change: a refresh brings a new list per feed) once the changes have paused,
			// and only the newest, so a refresh of 50 feeds does not build 50 sets of columns for the garbage collector to
			// sweep while keys arrive.
			const mine = ++prepareGeneration;
			await new Promise(resolve => {
				if (mine === 1 || effect.now === true) {
					setImmediate(resolve);
				} else {
					setTimeout(resolve, preparePause);
				}
			});
			// The rows by path first, for the first fetch or library change to merge into (issue 18); a list merged into
			// already has its map.
			// The rows by path first (for the first fetch or library change to merge into; a list merged into already has its
			// map), then the folded columns; each in slices (8,192 and 2,048 rows) with a turn of the event loop between
			// them, so a key waits for one slice at most.
			for (let from = 0; from < effect.articles.length; from += preparedSlice * 4) {
				if (mine !== prepareGeneration) {
					return [];
				}

				prepareMerge(effect.articles, from + preparedSlice * 4);
				await new Promise(resolve => {
					setImmediate(resolve);
				});
			}

			for (let from = 0; effect.fold && from < effect.articles.length; from += preparedSlice) {
				if (mine !== prepareGeneration) {
					return [];
				}

				prepareRowsPart(effect.articles, from, from + preparedSlice);
				await new Promise(resolve => {
					setImmediate(resolve);
				});
			}

			return [];
		}
	}
}
