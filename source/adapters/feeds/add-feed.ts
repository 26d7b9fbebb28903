import {parseFeedInWorker} from './parse-in-worker.js';
import fs from 'node:fs';
import path from 'node:path';
import {decodeFeedBytes} from '../../core/feeds/decode.js';
import {discoverFeedLinks} from '../../core/feeds/discover.js';
import {feedSlug, uniqueSlug} from '../../core/feeds/slug.js';
import type {ParsedFeed} from '../../core/feeds/types.js';
import type {Result} from '../../core/types.js';
import {err, ok} from '../../core/types.js';
import type {StateStore} from '../state-store.js';
import {defaultHttpLimits, httpGet, type HttpLimits} from './http.js';
import {addSubscription, addSubscriptions, listSubscriptions, type Subscription} from './subscriptions.js';
import {splitFrontMatter} from '../../core/article/front-matter.js';
import {isConflictCopy} from '../../core/sync/conflict-names.js';
import {neutraliseLine} from '../../core/text/neutralise.js';

export type AddFeedError = {
	/** `invalid`: bad or non-http(s) URL; `duplicate`: already subscribed; `fetch`: network/HTTP; `not-a-feed`. */
	readonly kind: 'invalid' | 'duplicate' | 'fetch' | 'not-a-feed';
	readonly message: string;
};

/** Parses a user-typed feed URL: http(s) only; a bare host gets `https://`. */
export function parseFeedUrl(input: string): Result<string, AddFeedError> {
	const trimmed = input.trim();
	const withScheme = /^[a-z][a-z\d+.-]*:(?!\d)/iu.test(trimmed) ? trimmed : `https://${trimmed}`;
	let url: URL;
	try {
		url = new URL(withScheme);
	} catch {
		return err({kind: 'invalid', message: `not a valid URL: ${trimmed}`});
	}

	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		return err({kind: 'invalid', message: `only http and https feeds are supported, not ${url.protocol.slice(0, -1)}`});
	}

	if (url.username !== '' || url.password !== '') {
		return err({kind: 'invalid', message: 'URLs with a user name or password are not supported (they would be stored in plain text)'});
	}

	url.hash = '';
	return ok(url.href);
}

/** Folder names already used: by subscriptions, and by anything already in the library (a user's own folder). */
function takenSlugs(libraryDir: string, subscriptions: readonly Subscription[]): Set<string> {
	const taken = new Set(subscriptions.map(subscription => subscription.slug));
	try {
		for (const entry of fs.readdirSync(path.resolve(libraryDir))) {
			taken.add(entry.toLowerCase());
		}
	} catch {}

	return taken;
}

/**
The feed URL the articles in a library folder were stored from (their front matter's `feed`), read from the first few
articles; undefined when the folder holds none. A synced library (issue 20) may already hold the folder another
device made for this very feed: the same URL then takes that folder again, not `name-2`.
*/
function folderFeed(libraryDir: string, slug: string): string | undefined {
	const folder = path.join(path.resolve(libraryDir), slug);
	try {
		const names = fs.readdirSync(folder).filter(name => name.endsWith('.md') && !name.startsWith('.') && !isConflictCopy(name)).sort().slice(0, 3);
		for (const name of names) {
			const descriptor = fs.openSync(path.join(folder, name), fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
			try {
				const buffer = Buffer.alloc(16 * 1024);
				const read = fs.readSync(descriptor, buffer, 0, buffer.length, 0);
				const split = splitFrontMatter(buffer.subarray(0, read).toString('utf8').replaceAll('\r\n', '\n'));
				const feed = split.problem === undefined ? split.data?.['feed'] : undefined;
				if (typeof feed === 'string') {
					return feed;
				}
			} finally {
				fs.closeSync(descriptor);
			}
		}
	} catch {}

	return undefined;
}

/** `base`, when its folder is free or holds this very feed's articles; else the next free name as before. */
function slugFor(libraryDir: string, base: string, url: string, claimed: ReadonlySet<string>, taken: ReadonlySet<string>): string | undefined {
	if (!claimed.has(base) && taken.has(base) && folderFeed(libraryDir, base) === neutraliseLine(url)) {
		return base;
	}

	return undefined;
}

type Fetched = {readonly url: string; readonly feed: ParsedFeed};

async function fetchParsed(url: string, limits: HttpLimits, allowDiscovery: boolean): Promise<Result<Fetched, AddFeedError>> {
	const response = await httpGet({url}, limits);
	if (!response.ok) {
		return err({kind: 'fetch', message: `couldn't fetch ${url}: ${response.error.cause}`});
	}

	const {value} = response;
	const decoded = decodeFeedBytes(value.body, value.contentType);
	const parsed = await parseFeedInWorker(decoded.text, value.finalUrl, value.contentType);
	if (parsed.ok) {
		return ok({url: value.movedTo ?? url, feed: parsed.value});
	}

	if (parsed.error.format !== 'html' || !allowDiscovery) {
		return err({kind: 'not-a-feed', message: `${url} is not a feed: ${parsed.error.reason}`});
	}

	const candidates = discoverFeedLinks(decoded.text, value.finalUrl);
	if (candidates.length === 0) {
		return err({kind: 'not-a-feed', message: `${url} is a web page that announces no feed (no <link rel="alternate"> to RSS, Atom or JSON Feed)`});
	}

	let last: AddFeedError | undefined;
	for (const candidate of candidates.slice(0, 3)) {
		// Tried in order, not in parallel: the first that works is the site's main feed.
		const found = await fetchParsed(candidate, limits, false);
		if (found.ok) {
			return found;
		}

		last = found.error;
	}

	return err(last!);
}

export type AddFeedOptions = {
	readonly store: StateStore;
	readonly libraryDir: string;
	readonly url: string;
	readonly name?: string;
	readonly category?: string;
	readonly limits?: Partial<HttpLimits>;
	readonly now?: () => Date;
};

/**
Subscribes: checks the URL, fetches it once to make sure it is a feed (discovering the feed from a web page's
`<link rel="alternate">` when it is a page), and stores the subscription with a folder name of its own. Items are
stored by the next fetch.
*/
export async function addFeed(options: AddFeedOptions): Promise<Result<Subscription, AddFeedError>> {
	const parsedUrl = parseFeedUrl(options.url);
	if (!parsedUrl.ok) {
		return parsedUrl;
	}

	const existing = listSubscriptions(options.store);
	const duplicate = (url: string) => existing.find(subscription => subscription.url === url);
	const already = duplicate(parsedUrl.value);
	if (already) {
		return err({kind: 'duplicate', message: `already subscribed to ${already.url}`});
	}

	const limits = {...defaultHttpLimits, ...options.limits};
	const fetched = await fetchParsed(parsedUrl.value, limits, true);
	if (!fetched.ok) {
		return fetched;
	}

	const alreadyFound = duplicate(fetched.value.url);
	if (alreadyFound) {
		return err({kind: 'duplicate', message: `${parsedUrl.value} leads to ${alreadyFound.url}, which is already subscribed`});
	}

	const name = options.name?.trim() === '' ? undefined : options.name?.trim();
	const title = fetched.value.feed.title;
	const subscription: Subscription = {
		url: fetched.value.url,
		slug: slugFor(options.libraryDir, feedSlug(name ?? title, fetched.value.url), fetched.value.url, new Set(existing.map(entry => entry.slug)), takenSlugs(options.libraryDir, existing))
			?? uniqueSlug(feedSlug(name ?? title, fetched.value.url), takenSlugs(options.libraryDir, existing)),
		addedAt: (options.now?.() ?? new Date()).toISOString(),
	};
	if (name !== undefined) {
		subscription.name = name;
	}

	if (title !== undefined) {
		subscription.title = title;
	}

	if (fetched.value.feed.siteUrl !== undefined) {
		subscription.siteUrl = fetched.value.feed.siteUrl;
	}

	if (options.category !== undefined) {
		subscription.category = options.category;
	}

	addSubscription(options.store, subscription);
	return ok(subscription);
}

export type ImportSummary = {
	readonly added: readonly Subscription[];
	/** URLs already subscribed. */
	readonly existing: readonly string[];
};

/**
Adds subscriptions from an OPML list without fetching them (an import of a hundred feeds should not take a hundred
round trips before it says anything); the next fetch checks them, and a URL that is not a feed shows its error there.
*/
/** An OPML import subscribes to at most this many feeds; the rest are reported as skipped. */
export const maxImportedFeeds = 10_000;

export function importSubscriptions(
	store: StateStore,
	libraryDir: string,
	feeds: ReadonlyArray<{readonly url: string; readonly title?: string; readonly siteUrl?: string; readonly category?: string}>,
	now: Date = new Date(),
): ImportSummary {
	const existing = listSubscriptions(store);
	const known = new Set(existing.map(subscription => subscription.url));
	const taken = takenSlugs(libraryDir, existing);
	const claimed = new Set(existing.map(subscription => subscription.slug));
	// The next number to try for each slug, so that 10,000 feeds of one title do not try `-2`, `-3`… each time.
	const nextNumber = new Map<string, number>();
	const added: Subscription[] = [];
	const skipped: string[] = [];
	for (const [index, feed] of feeds.entries()) {
		if (index >= maxImportedFeeds) {
			skipped.push(...feeds.slice(index).map(rest => rest.url));
			break;
		}

		const parsed = parseFeedUrl(feed.url);
		if (!parsed.ok || known.has(parsed.value)) {
			skipped.push(feed.url);
			continue;
		}

		known.add(parsed.value);
		const base = feedSlug(feed.title, parsed.value);
		const reused = slugFor(libraryDir, base, parsed.value, claimed, taken);
		let slug = reused ?? base;
		for (let number = nextNumber.get(base) ?? 2; reused === undefined && taken.has(slug); number++) {
			slug = `${base}-${number}`;
			nextNumber.set(base, number + 1);
		}

		claimed.add(slug);

		taken.add(slug);
		const subscription: Subscription = {url: parsed.value, slug, addedAt: now.toISOString()};
		if (feed.title !== undefined) {
			subscription.title = feed.title;
		}

		if (feed.siteUrl !== undefined) {
			subscription.siteUrl = feed.siteUrl;
		}

		if (feed.category !== undefined) {
			subscription.category = feed.category;
		}

		added.push(subscription);
	}

	addSubscriptions(store, added);
	return {added, existing: skipped};
}
