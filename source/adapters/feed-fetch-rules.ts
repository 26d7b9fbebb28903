/**
Per-feed settings at fetch time: whether a feed is due (`every`), which items are never stored (`ignore`,
`filters.ignore-at-fetch`), the user agent and headers, and pruning a feed's folder to `keep` items / `keep-days`
days (only read, unstarred items go). The fetch code (source/adapters/feeds/fetch-all.ts) calls each with one line.
*/
import fs from 'node:fs/promises';
import path from 'node:path';
import type {Config} from '../core/config/schema.js';
import type {FeedItem} from '../core/feeds/types.js';
import {compileQuery, parseQuery, type Query} from '../core/query/index.js';
import type {SafeText} from '../core/text/neutralise.js';
import type {ArticleMeta} from '../core/types.js';
import type {StateStore} from './state-store.js';
import {feedSettingsOf} from './feed-settings.js';
import {feedFolder, scanFeedFolder} from './feeds/feed-writer.js';
import {displayName, type Subscription} from './feeds/subscriptions.js';

/**
The subscriptions to fetch: when none were named, those whose `every` has passed since their last fetch (a feed
named on the command line is always fetched). `refreshEvery` (a refresh: the reader's background refresh and
`r`): the interval of feeds without an `every` of their own, and a feed that failed is skipped until its back-off
(`retryAt`) has passed.
*/
export function dueSubscriptions(selected: readonly Subscription[], names: readonly string[] | undefined, store: StateStore, config: Config | undefined, now: Date, refreshEvery?: number): Subscription[] {
	if (names !== undefined && names.length > 0) {
		return [...selected];
	}

	return selected.filter(subscription => {
		const every = feedSettingsOf(subscription, store, config).every ?? refreshEvery;
		const last = subscription.lastFetchAt === undefined ? Number.NaN : Date.parse(subscription.lastFetchAt);
		if (refreshEvery !== undefined && subscription.retryAt !== undefined && now.getTime() < Date.parse(subscription.retryAt)) {
			return false;
		}

		return every === undefined || Number.isNaN(last) || now.getTime() - last >= every;
	});
}

const parsed = (texts: readonly string[]): Query[] => texts.flatMap(text => {
	const result = parseQuery(text);
	return result.ok ? [result.query] : [];
});

/** The items to store: all but those an `ignore` query (the feed's, or `filters.ignore-at-fetch`) matches. */
export function keptItems(items: readonly FeedItem[], subscription: Subscription, store: StateStore, config?: Config): readonly FeedItem[] {
	const settings = feedSettingsOf(subscription, store, config);
	const queries = parsed([...(settings.ignore ?? []), ...(config?.filters['ignore-at-fetch'] ?? [])]);
	if (queries.length === 0) {
		return items;
	}

	const tests = queries.map(query => compileQuery(query));
	const source = settings.name ?? displayName(subscription);
	return items.filter(item => {
		// The item as the list would see it (the raw text is only matched here, never shown).
		const meta: ArticleMeta = {
			id: item.id ?? '', path: '', title: (item.title ?? '') as SafeText, source: source as SafeText, author: item.author as SafeText | undefined,
			url: item.url as SafeText | undefined, date: item.date, tags: (settings.tags ?? []) as SafeText[], feed: subscription.url as SafeText,
			kind: 'md', size: 0, mtimeMs: 0, words: 0,
		};
		return !tests.some(test => test({meta, read: false, starred: false}));
	});
}

/** The HTTP side of the settings: the user agent over the limits, the extra headers for the request. */
export function httpSettingsOf(subscription: Subscription, store: StateStore, config?: Config): {userAgent?: string; headers?: Readonly<Record<string, string>>} {
	const {userAgent, headers} = feedSettingsOf(subscription, store, config);
	return {...(userAgent === undefined ? {} : {userAgent}), ...(headers === undefined ? {} : {headers})};
}

/**
Removes a feed's old items from the library: beyond the newest `keep`, or older than `keep-days`; only items read
and not starred. Returns how many files went. Never throws (a file that can't be removed stays).
*/
export async function pruneFeed(libraryDir: string, subscription: Subscription, store: StateStore, config: Config | undefined, now: Date): Promise<number> {
	const {keep, keepDays} = feedSettingsOf(subscription, store, config);
	if (keep === undefined && keepDays === undefined) {
		return 0;
	}

	const folder = await feedFolder(libraryDir, subscription.slug);
	if (!folder.ok) {
		return 0;
	}

	const items = [...(await scanFeedFolder(folder.value)).entries()].sort(([, a], [, b]) => (b.date ?? '').localeCompare(a.date ?? ''));
	const cutoff = keepDays === undefined ? undefined : new Date(now.getTime() - (keepDays * 86_400_000)).toISOString();
	let removed = 0;
	for (const [index, [id, item]] of items.entries()) {
		const tooMany = keep !== undefined && index >= keep;
		const tooOld = cutoff !== undefined && item.date !== undefined && item.date < cutoff;
		if ((tooMany || tooOld) && store.isRead(id) && !store.isStarred(id)) {
			try {
				await fs.rm(path.join(folder.value, item.file));
				removed++;
			} catch {}
		}
	}

	return removed;
}
