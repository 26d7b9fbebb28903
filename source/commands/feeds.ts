import fs from 'node:fs';
import path from 'node:path';
import type {Command} from 'commander';
import {buildOpml, parseOpmlText} from '../core/feeds/opml.js';
import {safeJson} from '../core/json.js';
import {neutraliseLine} from '../core/text/neutralise.js';
import {addFeed, importSubscriptions} from '../adapters/feeds/add-feed.js';
import {feedFolder, purgeFeedFolder, scanFeedFolder, storedItemId} from '../adapters/feeds/feed-writer.js';
import {fetchFeeds, selectSubscriptions, type FeedFetchResult} from '../adapters/feeds/fetch-all.js';
import type {HttpLimits} from '../adapters/feeds/http.js';
import {displayName, findSubscription, listSubscriptions, removeSubscription, type Subscription} from '../adapters/feeds/subscriptions.js';
import type {StateStore} from '../adapters/state-store.js';
import {feedSettingsOf, saveFeedSettings} from '../adapters/feed-settings.js';
import {checkFeedSettings, type FeedSettings} from '../core/config/feeds.js';
import type {Config} from '../core/config/schema.js';

type FeedOptions = {every?: string; keep?: number; keepDays?: number; tag?: string[]; userAgent?: string; header?: string[]};

/** `add`'s per-feed options, checked like the config file's `[feeds."…"]` entries. */
export function feedOptionsToSettings(options: FeedOptions): {settings: FeedSettings} | {error: string} {
	const raw: Record<string, unknown> = {};
	if (options.every !== undefined) {
		raw['every'] = options.every;
	}

	if (options.keep !== undefined) {
		raw['keep'] = options.keep;
	}

	if (options.keepDays !== undefined) {
		raw['keep-days'] = options.keepDays;
	}

	if (options.tag !== undefined) {
		raw['tags'] = options.tag;
	}

	if (options.userAgent !== undefined) {
		raw['user-agent'] = options.userAgent;
	}

	if (options.header !== undefined) {
		const headers: Record<string, string> = {};
		for (const header of options.header) {
			const colon = header.indexOf(':');
			if (colon <= 0) {
				return {error: `--header takes "Name: value", not ${JSON.stringify(header)}`};
			}

			headers[header.slice(0, colon).trim()] = header.slice(colon + 1).trim();
		}

		raw['headers'] = headers;
	}

	const {settings, problems} = checkFeedSettings(raw);
	const [problem] = problems;
	return problem === undefined ? {settings} : {error: `--${problem.key === 'tags' ? 'tag' : problem.key === 'headers' ? 'header' : problem.key} ${problem.message}`};
}

/**
The feed commands: add, feeds, remove, fetch, import, export. Each action reports through the context's streams and
exit code and never throws for an expected failure, so the CLI needs no feed-specific error handling. Exit codes:
0 done; 1 something failed (network, a feed, the disk); 2 the request itself was wrong (not an http(s) URL, already
subscribed, no such subscription, unreadable OPML).
*/

export type FeedCommandContext = {
	libraryDir(): string;
	openStore(): StateStore;
	stdout: NodeJS.WriteStream;
	stderr: NodeJS.WriteStream;
	setExitCode(code: number): void;
	/** The config file's settings (per-feed settings, filters.ignore-at-fetch). */
	config?(): Config;
	/** Test hooks: shorter timeouts, a fixed clock. */
	httpLimits?: Partial<HttpLimits>;
	now?: () => Date;
};

type Counts = {items: number; unread: number};

async function countsOf(libraryDir: string, subscription: Subscription, store: StateStore): Promise<Counts> {
	const folder = await feedFolder(libraryDir, subscription.slug);
	if (!folder.ok) {
		return {items: 0, unread: 0};
	}

	const stored = await scanFeedFolder(folder.value);
	let unread = 0;
	for (const id of stored.keys()) {
		if (!store.isRead(storedItemId(subscription.slug, id))) {
			unread++;
		}
	}

	return {items: stored.size, unread};
}

const line = (text: string) => `${neutraliseLine(text)}\n`;

function summary(result: FeedFetchResult): string {
	switch (result.status) {
		case 'failed': {
			return `✗ ${result.name}: ${result.error ?? 'failed'}`;
		}

		case 'not-modified': {
			return `· ${result.name}: not modified`;
		}

		case 'updated': {
			const parts = [`${result.added} new`];
			if (result.updated > 0) {
				parts.push(`${result.updated} updated`);
			}

			return `✓ ${result.name}: ${parts.join(', ')}`;
		}
	}
}

export function registerFeedCommands(program: Command, context: FeedCommandContext): void {
	const fail = (message: string, code = 1) => {
		context.stderr.write(`tidings: ${neutraliseLine(message)}\n`);
		context.setExitCode(code);
	};

	/** Runs an action with the store open, flushing it at the end even when the action failed. */
	const withStore = async (action: (store: StateStore) => Promise<void>) => {
		let store: StateStore;
		try {
			store = context.openStore();
		} catch (error) {
			fail(`couldn't open the state store: ${error instanceof Error ? error.message : String(error)}`);
			return;
		}

		try {
			await action(store);
		} catch (error) {
			fail(error instanceof Error ? error.message : String(error));
		} finally {
			try {
				store.flush();
			} catch (error) {
				fail(`couldn't save the state store: ${error instanceof Error ? error.message : String(error)}`);
			}
		}
	};

	program.command('add')
		.description('subscribe to a feed (a web page works too: its announced feed is used)')
		.argument('<url>', 'the feed or page URL (http or https)')
		.option('--name <name>', 'the name to show instead of the feed title')
		.option('--every <duration>', 'fetch it at most this often: 30m, 2h, 1d, 1w')
		.option('--keep <items>', 'keep this many items; older read, unstarred ones are removed', Number)
		.option('--keep-days <days>', 'keep items this many days; older read, unstarred ones are removed', Number)
		.option('--tag <tag>', 'a tag for all its articles (repeat for more)', (tag: string, tags: string[] = []) => [...tags, tag])
		.option('--user-agent <text>', 'the User-Agent to send for it')
		.option('--header <"Name: value">', 'an extra HTTP header, e.g. a token (repeat for more)', (header: string, headers: string[] = []) => [...headers, header])
		.action(async (url: string, options: {name?: string} & FeedOptions) => withStore(async store => {
			const settings = feedOptionsToSettings(options);
			if ('error' in settings) {
				fail(settings.error, 2);
				return;
			}

			const added = await addFeed({store, libraryDir: context.libraryDir(), url, name: options.name, limits: context.httpLimits, now: context.now});
			if (!added.ok) {
				fail(added.error.message, added.error.kind === 'invalid' || added.error.kind === 'duplicate' ? 2 : 1);
				return;
			}

			const subscription = added.value;
			saveFeedSettings(store, subscription.url, settings.settings);
			context.stdout.write(line(`Subscribed to ${displayName(subscription)} (${subscription.url}), stored in ${subscription.slug}/`));
			context.stdout.write('Run `tidings fetch` to download its items\n');
		}));

	program.command('feeds')
		.description('list the subscriptions with item and unread counts, last fetch and last error')
		.option('--json', 'print a JSON array')
		.action(async (options: {json?: boolean}) => withStore(async store => {
			const libraryDir = context.libraryDir();
			const subscriptions = listSubscriptions(store);
			const rows = [];
			for (const subscription of subscriptions) {
				// One folder at a time keeps the number of open files bounded.
				const counts = await countsOf(libraryDir, subscription, store);
				rows.push({subscription, counts});
			}

			if (options.json) {
				context.stdout.write(safeJson(rows.map(({subscription, counts}) => ({
					name: neutraliseLine(displayName(subscription)),
					title: subscription.title === undefined ? null : neutraliseLine(subscription.title),
					url: neutraliseLine(subscription.url),
					folder: subscription.slug,
					category: subscription.category === undefined ? null : neutraliseLine(subscription.category),
					items: counts.items,
					unread: counts.unread,
					lastFetchAt: subscription.lastFetchAt ?? null,
					lastSuccessAt: subscription.lastSuccessAt ?? null,
					lastError: subscription.lastError === undefined ? null : neutraliseLine(subscription.lastError),
					failures: subscription.failures ?? 0,
					retryAt: subscription.retryAt ?? null,
				})), 2) + '\n');
				return;
			}

			if (rows.length === 0) {
				context.stdout.write('No subscriptions yet: tidings add <url> subscribes to a feed\n');
				return;
			}

			for (const {subscription, counts} of rows) {
				const fetched = subscription.lastFetchAt === undefined ? 'never fetched' : `fetched ${subscription.lastFetchAt.slice(0, 16).replace('T', ' ')} UTC`;
				context.stdout.write(line(`${displayName(subscription)}  ${subscription.url}`));
				context.stdout.write(line(`  ${counts.items} items, ${counts.unread} unread, ${fetched}`));
				if (subscription.lastError !== undefined) {
					context.stdout.write(line(`  last error: ${subscription.lastError}`));
				}

				if (subscription.failures !== undefined && subscription.retryAt !== undefined) {
					const times = subscription.failures === 1 ? 'once' : `${subscription.failures} times in a row`;
					context.stdout.write(line(`  failed ${times}: the reader's refresh waits until ${subscription.retryAt.slice(0, 16).replace('T', ' ')} UTC (tidings fetch and r try at once)`));
				}
			}
		}));

	program.command('remove')
		.description('unsubscribe (the stored articles stay unless --purge)')
		.argument('<feed>', 'the feed URL, name or folder')
		.option('--purge', 'also delete the articles stored from this feed')
		.action(async (query: string, options: {purge?: boolean}) => withStore(async store => {
			const subscription = findSubscription(listSubscriptions(store), query);
			if (subscription === undefined) {
				fail(`no subscription matches ${JSON.stringify(query)} (tidings feeds lists them)`, 2);
				return;
			}

			removeSubscription(store, subscription.url);
			if (options.purge) {
				const purged = await purgeFeedFolder(context.libraryDir(), subscription.slug, [subscription.url]);
				if (!purged.ok) {
					fail(`unsubscribed from ${displayName(subscription)}, but couldn't delete its articles: ${purged.error}`);
					return;
				}

				context.stdout.write(line(`Unsubscribed from ${displayName(subscription)} and deleted ${purged.value} stored articles`));
				return;
			}

			context.stdout.write(line(`Unsubscribed from ${displayName(subscription)}; its articles stay in ${subscription.slug}/`));
		}));

	program.command('fetch')
		.description('fetch all feeds (or the named ones), 6 at a time, and store new items')
		.argument('[feeds...]', 'feed URLs, names or folders (default: all)')
		.option('--json', 'print the results as a JSON array')
		.option('--notify', 'say how many new articles came in a desktop notification ([notify] method; notify-send without a terminal)')
		.option('--force', 'fetch every feed now, whatever its schedule, without ETag/Last-Modified (a full download)')
		.action(async (names: string[], options: {json?: boolean; notify?: boolean; force?: boolean}) => withStore(async store => {
			const {selected, missing} = selectSubscriptions(store, names);
			if (missing.length > 0) {
				fail(`no subscription matches ${missing.map(name => JSON.stringify(name)).join(', ')} (tidings feeds lists them)`, 2);
				return;
			}

			if (selected.length === 0) {
				context.stdout.write('No subscriptions to fetch: tidings add <url> subscribes to a feed\n');
				return;
			}

			const progress = context.stderr.isTTY === true && !options.json;
			const results = await fetchFeeds({
				store,
				libraryDir: context.libraryDir(),
				names,
				limits: context.httpLimits,
				now: context.now,
				config: context.config?.(),
				force: options.force === true,
				onProgress: progress
					? event => {
						if (event.type === 'done') {
							context.stderr.write(`\r\u001B[2K[${event.done}/${event.total}] ${event.result.name}`);
						}
					}
					: undefined,
			});
			if (progress) {
				context.stderr.write('\r\u001B[2K');
			}

			if (options.json) {
				context.stdout.write(safeJson(results.map(result => ({
					name: result.name,
					url: neutraliseLine(result.url),
					folder: result.slug,
					status: result.status,
					added: result.added,
					updated: result.updated,
					unchanged: result.unchanged,
					error: result.error ?? null,
					warnings: result.warnings,
					movedTo: result.movedTo === undefined ? null : neutraliseLine(result.movedTo),
				})), 2) + '\n');
			} else {
				for (const result of results) {
					context.stdout.write(`${summary(result)}\n`);
					for (const warning of result.warnings) {
						context.stdout.write(`  ${warning}\n`);
					}

					if (result.movedTo !== undefined) {
						context.stdout.write(line(`  moved permanently to ${result.movedTo}; subscription updated`));
					}
				}
			}

			if (options.notify) {
				const {newArticlesNotice, notify} = await import('../adapters/notify.js');
				const notice = newArticlesNotice(results);
				if (notice !== undefined) {
					const terminal = context.stdout.isTTY === true && !options.json;
					const notified = await notify(notice, {
						method: context.config?.().notify.method ?? 'auto',
						environment: process.env,
						write: terminal ? data => context.stdout.write(data) : undefined,
					});
					if (!notified.ok) {
						context.stderr.write(line(`tidings: couldn't notify: ${notified.message}`));
					}
				}
			}

			if (results.some(result => result.status === 'failed')) {
				context.setExitCode(1);
			}

			// Feeds set to auto-download (`tidings podcasts auto`, `[feeds."…"] auto-download`): their new episodes now.
			const config = context.config?.();
			const autoFeeds = new Set(selected.filter(subscription => feedSettingsOf(subscription, store, config).autoDownload === true).map(subscription => subscription.url));
			if (autoFeeds.size > 0) {
				const {autoDownloadCandidates, DownloadQueue, downloadFolder} = await import('../adapters/media/podcasts.js');
				const {cacheDirectory, readMeta} = await import('../adapters/library.js');
				const {defaults} = await import('../core/config/schema.js');
				const root = context.libraryDir();
				const written = await Promise.all(results.flatMap(result => result.written).map(async relative => {
					const stat = fs.statSync(path.join(root, relative), {throwIfNoEntry: false});
					return stat === undefined ? undefined : {path: relative, meta: await readMeta(root, {path: relative, size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs)})};
				}));
				const media = config ?? defaults();
				const folder = downloadFolder(media, cacheDirectory());
				const episodes = await autoDownloadCandidates({root, store, config: media, folder, written: written.filter(item => item !== undefined), autoFeeds});
				const done = await new DownloadQueue({store, config: media, cacheDir: cacheDirectory(), probe: media.media.player}).add(episodes);
				for (const item of done) {
					if (!options.json) {
						context.stdout.write(line(item.state === 'done' ? `Downloaded ${item.episode.meta.title} to ${item.path ?? ''}` : `Couldn't download ${item.episode.meta.title}: ${item.message ?? item.state}`));
					}
				}

				if (done.some(item => item.state !== 'done')) {
					context.setExitCode(1);
				}
			}
		}));

	program.command('import')
		.description('subscribe to the feeds in an OPML file (newsboat, Feedly, Miniflux…)')
		.argument('<file>', 'the OPML file')
		.action(async (file: string) => withStore(async store => {
			let text: string;
			try {
				text = fs.readFileSync(path.resolve(file), 'utf8');
			} catch (error) {
				fail(`couldn't read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 2);
				return;
			}

			const parsed = parseOpmlText(text);
			if (!parsed.ok) {
				fail(`couldn't import ${file}: ${parsed.error}`, 2);
				return;
			}

			const imported = importSubscriptions(store, context.libraryDir(), parsed.value.feeds, context.now?.());
			const skipped = imported.existing.length + parsed.value.skipped.length;
			context.stdout.write(`Imported ${imported.added.length} feeds${skipped > 0 ? ` (${skipped} skipped: already subscribed, repeated or not http(s))` : ''}\n`);
			if (imported.added.length > 0) {
				context.stdout.write('Run `tidings fetch` to download their items\n');
			}
		}));

	program.command('export')
		.description('print the subscriptions as OPML 2.0')
		.action(async () => withStore(async store => {
			const feeds = listSubscriptions(store).map(subscription => ({
				url: neutraliseLine(subscription.url),
				title: neutraliseLine(displayName(subscription)),
				siteUrl: subscription.siteUrl === undefined ? undefined : neutraliseLine(subscription.siteUrl),
				category: subscription.category === undefined ? undefined : neutraliseLine(subscription.category),
			}));
			context.stdout.write(buildOpml(feeds, context.now?.()));
		}));
}
