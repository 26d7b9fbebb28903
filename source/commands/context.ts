/** What every command shares: where the package, the library and the store are, and how a user mistake is reported. */
import fs from 'node:fs';
import path from 'node:path';
import {StateStore, configDirectory} from '../adapters/state-store.js';
import {cacheDirectory, loadLibrary} from '../adapters/library.js';
import {sortArticles} from '../core/library/sort.js';
import {listSubscriptions} from '../adapters/feeds/subscriptions.js';
import {mergeAfterFlushes, mergeSharedState} from '../adapters/sync/device-sync.js';
import type {ArticleMeta} from '../core/types.js';
import {packageRoot, resolveLibrary, type GlobalOptions} from './library-folder.js';

export {packageRoot, UserError, resolveLibrary, type GlobalOptions} from './library-folder.js';

export const version = (JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {version: string}).version;

/** The library when one can be resolved; undefined when the one named does not exist (the store works without it). */
export function libraryIfAny(options: GlobalOptions): string | undefined {
	try {
		return resolveLibrary(options);
	} catch {
		return undefined;
	}
}

export const useColor = (stream: NodeJS.WriteStream, environment = process.env): boolean =>
	stream.isTTY === true && environment['NO_COLOR'] === undefined && environment['TERM'] !== 'dumb';

/** The state store; what it had to say on opening (a damaged file kept aside) goes to stderr. */
export function openStore(): StateStore {
	// The writer (conf and its compiled schema, ~20 ms) is made by the first write: `list` and `read` never pay for it.
	const {store, notices} = StateStore.open(configDirectory(), {deferWriter: true});
	for (const notice of notices) {
		process.stderr.write(`tidings: ${notice}\n`);
	}

	return store;
}

/**
Whether the library's shared reading state is merged: always, except for the demo articles bundled in a checkout
(a developer's `node bin/tidings.js` must not write device files into the source tree).
*/
export function sharesState(libraryDir: string): boolean {
	return path.resolve(libraryDir) !== path.join(packageRoot, 'articles');
}

/**
The store merged with the library's shared reading state (issue 20): the other devices' changes are in it before the
command reads it, and this device's file follows each flush, so a `tidings mark` reaches the other machines.
*/
export function openSyncedStore(libraryDir: string | undefined): StateStore {
	const store = openStore();
	if (libraryDir === undefined || !sharesState(libraryDir)) {
		return store;
	}

	const report = (notices: readonly string[]) => {
		for (const notice of notices) {
			process.stderr.write(`tidings: ${notice}\n`);
		}
	};

	report(mergeSharedState(store, libraryDir).notices);
	mergeAfterFlushes(store, libraryDir, 0, merged => {
		report(merged.notices);
	});
	return store;
}

/**
Feed items' ids are namespaced by their feed (issue 15): marks kept under the old ids of a subscription not migrated
yet are copied to the new ones, once, before anything reads them. Loads the feed code only when there is one to do.
*/
export async function adoptOldFeedIds(store: StateStore, libraryDir: string): Promise<void> {
	const pending = listSubscriptions(store).filter(subscription => subscription.idsNamespaced !== true);
	if (pending.length === 0) {
		return;
	}

	const {adoptNamespacedIds} = await import('../adapters/feeds/fetch-all.js');
	for (const subscription of pending) {
		await adoptNamespacedIds(store, libraryDir, subscription);
	}

	store.flush();
}

/** The library in list order, with the store. */
export async function libraryOf(options: GlobalOptions) {
	const root = resolveLibrary(options);
	const store = openSyncedStore(root);
	await adoptOldFeedIds(store, root);
	const metas = sortArticles(await loadLibrary(root, {cacheDir: cacheDirectory()}), store.state.settings.sort);
	return {root, store, metas};
}

export function findArticle(metas: readonly ArticleMeta[], id: string): ArticleMeta | undefined {
	return metas.find(meta => meta.id === id) ?? metas.find(meta => meta.path === id);
}
