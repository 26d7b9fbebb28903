import fsp from 'node:fs/promises';
import {itemBodiesInWorker, parseFeedInWorker} from './parse-in-worker.js';
import pLimit from 'p-limit';
import {decodeFeedBytes} from '../../core/feeds/decode.js';
import {neutraliseLine, type SafeText} from '../../core/text/neutralise.js';
import type {StateStore} from '../state-store.js';
import {feedFolder, scanFeedFolder, storedItemId, writeFeedItems} from './feed-writer.js';
import {defaultHttpLimits, httpGet, type HttpLimits} from './http.js';
import {displayName, findSubscription, listSubscriptions, updateSubscription, type Subscription} from './subscriptions.js';
import {dueSubscriptions, httpSettingsOf, keptItems, pruneFeed} from '../feed-fetch-rules.js';
import type {Config} from '../../core/config/schema.js';

/**
Fetching: each feed is fetched, parsed and written independently, at most `concurrency` at a time, and each outcome is
its own result, so a feed that hangs, is huge or is hostile costs only itself. Nothing here throws for a feed's
failure; the subscription records the error and the others carry on.
*/

export type FeedFetchResult = {
	readonly url: string;
	/** The name to show, neutralised. */
	readonly name: SafeText;
	readonly slug: string;
	readonly status: 'updated' | 'not-modified' | 'failed';
	readonly added: number;
	readonly updated: number;
	readonly unchanged: number;
	readonly error?: SafeText;
	readonly warnings: readonly SafeText[];
	/** The new URL after a permanent redirect. */
	readonly movedTo?: string;
	/** Files written, relative to the library. */
	readonly written: readonly string[];
};

export type FeedProgressEvent =
	| {readonly type: 'start'; readonly url: string; readonly name: SafeText; readonly total: number}
	| {readonly type: 'done'; readonly result: FeedFetchResult; readonly done: number; readonly total: number};

export type FetchFeedsOptions = {
	readonly store: StateStore;
	readonly libraryDir: string;
	/** URLs, names, titles or slugs; all subscriptions when absent or empty. */
	readonly names?: readonly string[];
	readonly concurrency?: number;
	readonly limits?: Partial<HttpLimits>;
	readonly onProgress?: (event: FeedProgressEvent) => void;
	readonly now?: () => Date;
	/** The config file (per-feed settings, `filters.ignore-at-fetch`); without it, only what `add` kept. */
	readonly config?: Config;
	/**
	A refresh (the reader's own, or `r`): feeds without an `every` of their own are due after this many ms, and a feed
	that failed waits out its back-off. Absent: a feed without `every` is always due, and a back-off is not waited out.
	*/
	readonly refreshEvery?: number;
	/** `fetch --force`: every selected feed, whatever its `every`, without ETag/Last-Modified (a full download). */
	readonly force?: boolean;
};

export const defaultConcurrency = 6;

/** The first wait after a failure, and the longest: 5 min, 10, 20 … up to 6 h. */
export const backoffBaseMs = 5 * 60_000;
export const backoffCapMs = 6 * 3_600_000;

/** How long to wait after `failures` failed fetches in a row. */
export const backoffMs = (failures: number): number => Math.min(backoffCapMs, backoffBaseMs * 2 ** Math.min(20, Math.max(0, failures - 1)));

/**
Items stored from a feed used to be known by the id the feed chose; now by `feed:<folder>:<id>` (feedItemId). Once
per subscription, the marks, stars and reading positions kept under the old ids are copied to the new ones. Copied,
not moved: an old id may also be another article's (that is the attack), which keeps its own marks.
*/
export async function adoptNamespacedIds(store: StateStore, libraryDir: string, subscription: Subscription): Promise<void> {
	const folder = await feedFolder(libraryDir, subscription.slug);
	const stored = folder.ok ? await scanFeedFolder(folder.value) : new Map();
	store.change(state => {
		for (const ownId of stored.keys()) {
			const id = storedItemId(subscription.slug, ownId);
			if (state.read.has(ownId)) {
				state.read.add(id);
			}

			if (state.starred.has(ownId)) {
				state.starred.add(id);
			}

			const position = state.positions.get(ownId);
			if (position !== undefined && !state.positions.has(id)) {
				state.positions.set(id, position);
			}
		}
	});
	updateSubscription(store, subscription.url, {idsNamespaced: true});
}

/** One feed: conditional GET → decode → parse → write. Also updates the subscription in the store. */
export async function fetchFeed(
	subscription: Subscription,
	options: {readonly store: StateStore; readonly libraryDir: string; readonly limits?: Partial<HttpLimits>; readonly now?: () => Date; readonly config?: Config; readonly force?: boolean},
): Promise<FeedFetchResult> {
	const now = options.now ?? (() => new Date());
	const {headers, ...agent} = httpSettingsOf(subscription, options.store, options.config);
	const limits = {...defaultHttpLimits, ...options.limits, ...agent};
	if (subscription.idsNamespaced !== true) {
		await adoptNamespacedIds(options.store, options.libraryDir, subscription);
	}

	const base = {url: subscription.url, slug: subscription.slug, name: neutraliseLine(displayName(subscription)), added: 0, updated: 0, unchanged: 0, written: []};
	const fail = (cause: string, warnings: readonly SafeText[] = []): FeedFetchResult => {
		// Backs off (issue 18): each failure in a row doubles the wait before a refresh tries the feed again, capped.
		const failures = (subscription.failures ?? 0) + 1;
		const retryAt = new Date(now().getTime() + backoffMs(failures)).toISOString();
		updateSubscription(options.store, subscription.url, {lastFetchAt: now().toISOString(), lastError: cause, failures, retryAt});
		return {...base, status: 'failed', error: neutraliseLine(cause), warnings};
	};

	let response;
	try {
		// The validators only while the feed's folder is there: a folder deleted (or not synced here yet) is fetched whole,
		// where a 304 would leave it missing for good (issue 20). `--force` never sends them.
		const conditional = options.force !== true && await folderExists(options.libraryDir, subscription.slug);
		response = await httpGet(conditional ? {url: subscription.url, etag: subscription.etag, lastModified: subscription.lastModified, headers} : {url: subscription.url, headers}, limits);
	} catch (error) {
		return fail(`unexpected: ${error instanceof Error ? error.message : String(error)}`);
	}

	if (!response.ok) {
		return fail(response.error.cause);
	}

	const {value} = response;
	const movedTo = value.movedTo;
	const validators = {etag: value.etag, lastModified: value.lastModified};
	if (value.status === 304) {
		updateSubscription(options.store, subscription.url, {
			lastFetchAt: now().toISOString(), lastSuccessAt: now().toISOString(), lastError: undefined, failures: undefined, retryAt: undefined, ...(movedTo === undefined ? {} : {url: movedTo}),
		});
		return {...base, status: 'not-modified', warnings: [], movedTo};
	}

	const decoded = decodeFeedBytes(value.body, value.contentType);
	const parsed = await parseFeedInWorker(decoded.text, value.finalUrl, value.contentType);
	const warnings: SafeText[] = decoded.warning === undefined ? [] : [neutraliseLine(decoded.warning)];
	if (!parsed.ok) {
		return fail(parsed.error.format === 'html' ? 'the URL now serves a web page, not a feed' : parsed.error.reason, warnings);
	}

	warnings.push(...parsed.value.warnings.map(warning => neutraliseLine(warning)));
	const title = parsed.value.title ?? subscription.title;
	// HTML to Markdown in the worker too: a feed of slow HTML must not freeze the reader that fetches it.
	const bodies = await itemBodiesInWorker(parsed.value.items);
	if (!bodies.ok) {
		return fail(bodies.error.reason, warnings);
	}

	const written = await writeFeedItems(options.libraryDir, subscription.slug, keptItems(parsed.value.items, subscription, options.store, options.config), {
		source: subscription.name ?? title ?? subscription.url,
		feedUrl: movedTo ?? subscription.url,
		category: subscription.category,
	}, now(), bodies.value);
	if (!written.ok) {
		return fail(written.error, warnings);
	}

	await pruneFeed(options.libraryDir, subscription, options.store, options.config, now());
	if (written.value.duplicates > 0) {
		warnings.push(neutraliseLine(`${written.value.duplicates} item(s) repeated an id already in the feed and were skipped`));
	}

	// Validators are stored only after the items are on disk: a failed write must not turn the next fetch into a 304.
	updateSubscription(options.store, subscription.url, {
		...validators,
		title,
		siteUrl: parsed.value.siteUrl ?? subscription.siteUrl,
		lastFetchAt: now().toISOString(),
		lastSuccessAt: now().toISOString(),
		lastError: undefined,
		failures: undefined,
		retryAt: undefined,
		...(movedTo === undefined ? {} : {url: movedTo}),
	});
	return {
		...base,
		name: neutraliseLine(subscription.name ?? title ?? subscription.url),
		status: 'updated',
		added: written.value.added,
		updated: written.value.updated,
		unchanged: written.value.unchanged,
		warnings,
		movedTo,
		written: written.value.written,
	};
}

async function folderExists(libraryDir: string, slug: string): Promise<boolean> {
	const folder = await feedFolder(libraryDir, slug);
	if (!folder.ok) {
		return true;
	}

	try {
		return (await fsp.stat(folder.value)).isDirectory();
	} catch {
		return false;
	}
}

/** Which subscriptions `names` select, and which names matched none. */
export function selectSubscriptions(store: StateStore, names: readonly string[] | undefined): {selected: Subscription[]; missing: string[]} {
	const all = listSubscriptions(store);
	if (names === undefined || names.length === 0) {
		return {selected: all, missing: []};
	}

	const selected: Subscription[] = [];
	const missing: string[] = [];
	for (const name of names) {
		const found = findSubscription(all, name);
		if (found === undefined) {
			missing.push(name);
		} else if (!selected.includes(found)) {
			selected.push(found);
		}
	}

	return {selected, missing};
}

/**
Fetches the selected subscriptions (all by default), `concurrency` at a time (default 6), and resolves with one
result per feed in subscription order once all are done. Names that match no subscription are ignored here (use
`selectSubscriptions` to report them). The store is changed as feeds finish; call `store.flush()` when convenient.
*/
export async function fetchFeeds(options: FetchFeedsOptions): Promise<FeedFetchResult[]> {
	const chosen = selectSubscriptions(options.store, options.names).selected;
	const selected = options.force === true ? chosen : dueSubscriptions(chosen, options.names, options.store, options.config, (options.now ?? (() => new Date()))(), options.refreshEvery);
	const limit = pLimit(Math.max(1, options.concurrency ?? defaultConcurrency));
	const total = selected.length;
	let done = 0;
	return Promise.all(selected.map(subscription => limit(async () => {
		options.onProgress?.({type: 'start', url: subscription.url, name: neutraliseLine(displayName(subscription)), total});
		const result = await fetchFeed(subscription, options);
		done++;
		options.onProgress?.({type: 'done', result, done, total});
		return result;
	})));
}
