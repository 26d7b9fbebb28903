/**
Fetching from the web in the background: every feed (`r`), and the whole story of one article (`F`). A fetch reads back
only the files it wrote and hands them to the list (`articles-ingested`): the rest of the library is not read again.
*/
import fsp from 'node:fs/promises';
import path from 'node:path';
import type {ArticleMeta} from '../core/types.js';
import type {Action, Effect} from '../app/actions.js';
import {readMeta} from '../adapters/library.js';
import {parseInterval} from '../core/config/schema.js';
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

/** `[refresh] every` in ms; undefined when it is "off". */
export function refreshInterval(config: EffectDeps['config']): number | undefined {
	const every = config?.refresh.every ?? '30m';
	return every === 'off' ? undefined : parseInterval(every);
}

/**
`r` (every feed) and the reader's own refresh (`background`: only the feeds due, a failing feed backed off). The fetch
runs in a worker thread (adapters/feeds/fetch-in-worker.ts); each feed's rows join the list as it finishes. `r` also
has the library scanned again in the watcher's worker, so files another program wrote meanwhile (a cron `tidings
fetch` where watching is not possible) show up, and counts as new every row the list did not have.
*/
async function fetchEveryFeed(deps: EffectDeps, background: boolean): Promise<Action[]> {
	const {store, libraryDir} = deps;
	const at = () => new Date().toISOString();
	if (libraryDir === undefined) {
		return [{type: 'feeds-fetched', message: 'No library to fetch into', background, at: at()}];
	}

	if (background) {
		// No subscriptions (the store read again if another process wrote it): no fetch worker is started for nothing.
		store.refresh();
		const {subscriptionsOf} = await import('../adapters/feeds/subscriptions.js');
		if (subscriptionsOf(store.state).length === 0) {
			return [{type: 'feeds-fetched', message: '', background, at: undefined}];
		}
	}

	try {
		const {fetchInWorker} = await import('../adapters/feeds/fetch-in-worker.js');
		// Rows of feeds that finish close together join the list together: one merge, one frame, every 250 ms at most.
		let waiting: ArticleMeta[] = [];
		const written: ArticleMeta[] = [];
		let timer: NodeJS.Timeout | undefined;
		const ingest = () => {
			clearTimeout(timer);
			timer = undefined;
			if (waiting.length > 0) {
				deps.progress({type: 'articles-ingested', articles: waiting});
				waiting = [];
			}
		};

		const outcome = await fetchInWorker({
			configDir: path.dirname(store.path),
			libraryDir,
			config: deps.config,
			refreshEvery: background ? refreshInterval(deps.config) : undefined,
		}, progress => {
			if (!('result' in progress)) {
				deps.progress({type: 'refresh-progress', done: 0, total: progress.total});
				return;
			}

			deps.progress({type: 'refresh-progress', done: progress.done, total: progress.total});
			if (progress.articles.length > 0) {
				waiting.push(...progress.articles);
				written.push(...progress.articles);
				timer ??= setTimeout(ingest, 250);
			}
		}).finally(ingest);
		const {results} = outcome;
		const writtenPaths = new Set(results.flatMap(result => result.written));
		const changes = background ? undefined : await deps.libraryWatch?.rescan();
		const actions: Action[] = [];
		if (changes !== undefined && (changes.upserts.length > 0 || changes.removed.length > 0)) {
			actions.push({type: 'library-changed', upserts: changes.upserts, removed: changes.removed, added: changes.added.length});
		}

		const elsewhere = changes?.added.filter(added => !writtenPaths.has(added)).length ?? 0;
		if (outcome.subscriptions === 0) {
			const found = changes === undefined ? '' : (elsewhere > 0 ? `; ${elsewhere} new in the library` : '; the library is read again');
			return [...actions, {type: 'feeds-fetched', message: `No subscriptions yet: tidings add <url> subscribes to a feed${found}`, background, at: background ? undefined : at()}];
		}

		const added = results.reduce((sum, result) => sum + result.added, 0) + elsewhere;
		const updated = results.reduce((sum, result) => sum + result.updated, 0);
		const failed = results.filter(result => result.status === 'failed');
		const parts = [`${added} new`, `${updated} updated`];
		if (failed.length > 0) {
			parts.push(`${failed.length} failed (${failed.map(result => result.name).slice(0, 3).join(', ')}; tidings feeds says why)`);
		}

		const noun = results.length === 1 ? 'feed' : 'feeds';
		const message = `Fetched ${results.length} ${noun}: ${parts.join(', ')}`;
		// Feeds set to auto-download: their new episodes go to the download queue (source/effects/media.ts).
		const downloading = await autoDownload(deps, written).catch((error: unknown) => `couldn't queue the downloads: ${describeError(error)}`);
		const said = downloading === undefined ? message : `${message}; ${downloading}`;
		const {newArticlesNotice} = await import('../adapters/notify.js');
		const notice = newArticlesNotice(results);
		// A refresh with nothing due says nothing and keeps the header's time (the time of the last real fetch).
		return [...actions, {type: 'feeds-fetched', message: said, background, at: results.length > 0 || !background ? at() : undefined, notice}];
	} catch (error) {
		return [{type: 'feeds-fetched', message: `Couldn't fetch the feeds: ${describeError(error)}`, background, at: at()}];
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
	return effect.type === 'fetch-feeds' ? fetchEveryFeed(deps, effect.background === true) : fetchWholeStory(effect.meta, deps);
}
