import type {StateStore, StoreState, StoredFeed} from '../state-store.js';

/**
Subscriptions live in the state store under `feeds` (schema in state-store.ts), next to the read marks, so one locked,
merged flush covers both. Every change is a mutator keyed by the feed URL, so that two processes fetching at once
merge their updates rather than overwrite each other's.
*/

export type Subscription = {
	/** The feed URL (moved when the server answers with a permanent redirect). */
	url: string;
	/** The library folder for this feed's items: unique among subscriptions, letters, digits and hyphens only. */
	slug: string;
	/** The user's name for it (`add --name`). */
	name?: string;
	/** The feed's own title, as last fetched. */
	title?: string;
	siteUrl?: string;
	/** The OPML folder/category it came from. */
	category?: string;
	addedAt?: string;
	etag?: string;
	lastModified?: string;
	lastFetchAt?: string;
	lastSuccessAt?: string;
	lastError?: string;
	/** Set once the read marks of this feed's items were carried over to their namespaced ids (issue 15). */
	idsNamespaced?: boolean;
	/** Failed fetches in a row (issue 18): the background refresh waits longer after each, up to a cap. */
	failures?: number;
	/** Not fetched again by a refresh before this time (ISO), after `failures` failures in a row. */
	retryAt?: string;
};

export const safeSlugPattern = /^[\p{L}\p{N}]+(?:-[\p{L}\p{N}]+)*$/u;

const optionalStrings = ['name', 'title', 'siteUrl', 'category', 'addedAt', 'etag', 'lastModified', 'lastFetchAt', 'lastSuccessAt', 'lastError', 'retryAt'] as const;

function toSubscription(value: unknown): Subscription | undefined {
	if (typeof value !== 'object' || value === null) {
		return undefined;
	}

	const record = value as Record<string, unknown>;
	if (typeof record['url'] !== 'string' || typeof record['slug'] !== 'string' || !safeSlugPattern.test(record['slug'])) {
		return undefined;
	}

	const subscription: Subscription = {url: record['url'], slug: record['slug']};
	for (const key of optionalStrings) {
		const field = record[key];
		if (typeof field === 'string') {
			subscription[key] = field;
		}
	}

	if (record['idsNamespaced'] === true) {
		subscription.idsNamespaced = true;
	}

	if (typeof record['failures'] === 'number' && Number.isSafeInteger(record['failures']) && record['failures'] > 0) {
		subscription.failures = record['failures'];
	}

	return subscription;
}

/** The subscriptions in `state` (entries that fail the checks, e.g. a hand-edited unsafe slug, are left out). */
export function subscriptionsOf(state: Readonly<StoreState>): Subscription[] {
	return state.feeds.map(entry => toSubscription(entry)).filter(entry => entry !== undefined);
}

export function listSubscriptions(store: StateStore): Subscription[] {
	return subscriptionsOf(store.state);
}

function rawList(state: StoreState): StoredFeed[] {
	return state.feeds;
}

const urlOf = (entry: unknown): unknown => (typeof entry === 'object' && entry !== null ? (entry as {url?: unknown}).url : undefined);

export function addSubscription(store: StateStore, subscription: Subscription): void {
	addSubscriptions(store, [subscription]);
}

/** Adds many at once: one change, and a set of the URLs already there, so an import of 20,000 stays linear. */
export function addSubscriptions(store: StateStore, subscriptions: readonly Subscription[]): void {
	if (subscriptions.length === 0) {
		return;
	}

	store.change(state => {
		const list = rawList(state);
		const present = new Set(list.map(entry => urlOf(entry)));
		for (const subscription of subscriptions) {
			if (!present.has(subscription.url)) {
				present.add(subscription.url);
				list.push({...subscription});
			}
		}
	});
}

/** Merges `patch` into the subscription at `url`; `undefined` values remove a field. */
export function updateSubscription(store: StateStore, url: string, patch: Partial<Subscription>): void {
	store.change(state => {
		const list = rawList(state);
		const entry = list.find(candidate => urlOf(candidate) === url) as Record<string, unknown> | undefined;
		if (entry === undefined) {
			return;
		}

		// A permanent redirect onto a feed that is already subscribed would make two entries share one URL.
		if (patch.url !== undefined && patch.url !== url && list.some(candidate => urlOf(candidate) === patch.url)) {
			patch = {...patch};
			delete patch.url;
		}

		for (const [key, value] of Object.entries(patch)) {
			if (value === undefined) {
				delete entry[key];
			} else {
				entry[key] = value;
			}
		}
	});
}

export function removeSubscription(store: StateStore, url: string): void {
	store.change(state => {
		const list = rawList(state);
		state.feeds = list.filter(entry => urlOf(entry) !== url);
	});
}

/** The name shown for a subscription: the user's, else the feed's title, else its URL. */
export const displayName = (subscription: Subscription): string => subscription.name ?? subscription.title ?? subscription.url;

/** Finds a subscription by URL, name, title or folder slug (case-insensitive for the names). */
export function findSubscription(subscriptions: readonly Subscription[], query: string): Subscription | undefined {
	const exact = subscriptions.find(subscription => subscription.url === query);
	if (exact) {
		return exact;
	}

	let normalised: string | undefined;
	try {
		normalised = new URL(query).href;
	} catch {}

	const lower = query.toLowerCase();
	return subscriptions.find(subscription => subscription.url === normalised)
		?? subscriptions.find(subscription => subscription.name?.toLowerCase() === lower)
		?? subscriptions.find(subscription => subscription.title?.toLowerCase() === lower)
		?? subscriptions.find(subscription => subscription.slug === lower);
}
