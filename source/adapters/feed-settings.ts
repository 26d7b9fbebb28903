/**
Per-feed settings: those `tidings add --every … --keep …` kept in the store, with the config file's `[feeds."…"]`
over them. Light (the reader reads the names and tags at start); what fetching does with them is in
feed-fetch-rules.ts.
*/
import type {Config} from '../core/config/schema.js';
import type {FeedSettings} from '../core/config/feeds.js';
import type {StateStore} from './state-store.js';
import {findSubscription, listSubscriptions, type Subscription} from './feeds/subscriptions.js';

const storeKey = 'feedSettings';

/** The settings `tidings add` kept for each feed URL. */
export function storedFeedSettings(store: StateStore): Readonly<Record<string, FeedSettings>> {
	const raw = store.state.extra[storeKey];
	return typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw as Record<string, FeedSettings> : {};
}

export function saveFeedSettings(store: StateStore, url: string, settings: FeedSettings): void {
	if (Object.keys(settings).length === 0) {
		return;
	}

	store.change(state => {
		const current = state.extra[storeKey];
		const all = typeof current === 'object' && current !== null && !Array.isArray(current) ? current as Record<string, FeedSettings> : {};
		state.extra[storeKey] = {...all, [url]: {...all[url], ...settings}};
	});
}

/** A subscription's settings: the store's, then the config file's entry that names it (URL, name, title or folder). */
export function feedSettingsOf(subscription: Subscription, store: StateStore, config?: Config): FeedSettings {
	const stored = storedFeedSettings(store)[subscription.url] ?? {};
	const named = Object.entries(config?.feeds ?? {}).find(([key]) => findSubscription([subscription], key) !== undefined)?.[1] ?? {};
	return {...stored, ...named};
}

/** Feed URL → the name and tags its articles are shown with (for the list; source/app/display-rules.ts). */
export function feedDisplaySettings(store: StateStore, config?: Config): Record<string, {name?: string; tags?: readonly string[]}> {
	const out: Record<string, {name?: string; tags?: readonly string[]}> = {};
	for (const subscription of listSubscriptions(store)) {
		const {name, tags} = feedSettingsOf(subscription, store, config);
		if (name !== undefined || tags !== undefined) {
			out[subscription.url] = {name, tags};
		}
	}

	return out;
}
