/**
Fetching from the web in the background: every feed (`r`), and the whole story of one article (`F`). A fetch reads back
only the files it wrote and hands them to the list (`articles-ingested`): the rest of the library is not read again.
*/
import fsp from 'node:fs/promises';
import path from 'node:path';
import type {ArticleMeta} from '../core/types.js';
import type {Action, Effect} from '../app/actions.js';
import {readMeta} from '../adapters/library.js';
import {listSubscriptions} from '../adapters/feeds/subscriptions.js';
import {describeError, type EffectDeps} from './deps.js';
import {autoDownload} from './media.js';

/** The metadata of files in the library, read fresh (a file that vanished meanwhile is left out). */
export async function readWritten(libraryDir: string, relatives: readonly string[]): Promise<ArticleMeta[]> {
	const metas = await Promise.all([...new Set(relatives)].map(async relative => {
		try {
			const stat = await fsp.stat(path.join(libraryDir, relative));
			return await readMeta(libraryDir, {path: relative, size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs)});
		} catch {
			return undefined;
		}
	}));
	return metas.filter((meta): meta is ArticleMeta => meta !== undefined);
}

async function fetchEveryFeed(deps: EffectDeps): Promise<Action[]> {
	const {store, libraryDir} = deps;
	if (libraryDir === undefined) {
		return [{type: 'feeds-fetched', message: 'No library to fetch into'}];
	}

	if (listSubscriptions(store).length === 0) {
		return [{type: 'feeds-fetched', message: 'No subscriptions yet: tidings add <url> subscribes to a feed'}];
	}

	try {
		const {fetchFeeds} = await import('../adapters/feeds/fetch-all.js');
		const results = await fetchFeeds({
			store,
			libraryDir,
			config: deps.config,
			onProgress(event) {
				if (event.type === 'done') {
					deps.progress({type: 'status', message: `Fetching the feeds… ${event.done}/${event.total}`});
				}
			},
		});
		store.flush();
		const added = results.reduce((sum, result) => sum + result.added, 0);
		const updated = results.reduce((sum, result) => sum + result.updated, 0);
		const failed = results.filter(result => result.status === 'failed');
		const parts = [`${added} new`, `${updated} updated`];
		if (failed.length > 0) {
			parts.push(`${failed.length} failed (${failed.map(result => result.name).slice(0, 3).join(', ')}; tidings feeds says why)`);
		}

		const noun = results.length === 1 ? 'feed' : 'feeds';
		const message = `Fetched ${results.length} ${noun}: ${parts.join(', ')}`;
		const articles = await readWritten(libraryDir, results.flatMap(result => result.written));
		// Feeds set to auto-download: their new episodes go to the download queue (source/effects/media.ts).
		const downloading = await autoDownload(deps, articles).catch((error: unknown) => `couldn't queue the downloads: ${describeError(error)}`);
		const said = downloading === undefined ? message : `${message}; ${downloading}`;
		return [{type: 'articles-ingested', articles, message: said}, {type: 'feeds-fetched', message: said}];
	} catch (error) {
		return [{type: 'feeds-fetched', message: `Couldn't fetch the feeds: ${describeError(error)}`}];
	}
}

async function fetchWholeStory(meta: ArticleMeta, deps: EffectDeps): Promise<Action[]> {
	const {libraryDir} = deps;
	if (libraryDir === undefined) {
		return [{type: 'full-text-fetched', id: meta.id, message: 'The whole story cannot be fetched here: no library folder'}];
	}

	try {
		// Readability and linkedom are loaded on the first `F`, never before the first frame.
		const {fetchFullText} = await import('../adapters/full-text.js');
		const result = await fetchFullText(libraryDir, meta);
		if (!result.ok) {
			return [{type: 'full-text-fetched', id: meta.id, message: `Couldn't fetch the whole story: ${result.error}; the summary is kept`}];
		}

		const [fresh] = await readWritten(libraryDir, [meta.path]);
		return [{type: 'full-text-fetched', id: meta.id, meta: fresh, message: `The whole story is stored (${result.value.words} words); it reads offline from now on`}];
	} catch (error) {
		return [{type: 'full-text-fetched', id: meta.id, message: `Couldn't fetch the whole story: ${describeError(error)}`}];
	}
}

export async function feedsEffect(effect: Extract<Effect, {type: 'fetch-feeds' | 'fetch-full'}>, deps: EffectDeps): Promise<Action[]> {
	return effect.type === 'fetch-feeds' ? fetchEveryFeed(deps) : fetchWholeStory(effect.meta, deps);
}
