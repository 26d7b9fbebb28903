/**
`tidings podcasts`: the episodes (audio and video attachments of feed articles), their downloads and per-feed
auto-download. The same queue, folder and name template as the reader's `D` (source/adapters/media/podcasts.ts).
*/
import type {Command} from 'commander';
import {sortArticles} from '../core/library/sort.js';
import {formatClock, formatSize} from '../core/media/episode.js';
import {safeJson} from '../core/json.js';
import {neutraliseLine} from '../core/text/neutralise.js';
import type {Config} from '../core/config/schema.js';
import {DownloadQueue, downloadedFile, downloadFolder, episodeDuration, listEpisodes, type EpisodeRef, type QueueItem} from '../adapters/media/podcasts.js';
import {episodePosition} from '../adapters/media/positions.js';
import type {DownloadLimits} from '../adapters/media/download.js';
import type {StateStore} from '../adapters/state-store.js';
import {cacheDirectory, loadLibrary} from '../adapters/library.js';
import {saveFeedSettings} from '../adapters/feed-settings.js';
import {findSubscription, listSubscriptions, displayName} from '../adapters/feeds/subscriptions.js';

export type PodcastCommandContext = {
	libraryDir(): string;
	openStore(): StateStore;
	stdout: NodeJS.WriteStream;
	stderr: NodeJS.WriteStream;
	setExitCode(code: number): void;
	config(): Config;
	/** Test hooks. */
	downloadLimits?: Partial<DownloadLimits>;
};

/** An episode as `list --json` and `download --json` give it. */
function episodeJson(episode: EpisodeRef, store: StateStore, file: string | undefined, item?: QueueItem) {
	const {attachment, meta} = episode;
	return {
		id: meta.id,
		n: episode.n,
		title: meta.title,
		source: meta.source,
		date: meta.date ?? null,
		url: neutraliseLine(attachment.url),
		type: attachment.type ?? null,
		size: attachment.size ?? null,
		duration: episodeDuration(store, episode, episodePosition(store, attachment.url)?.duration) ?? null,
		downloaded: file === undefined ? null : neutraliseLine(file),
		position: episodePosition(store, attachment.url)?.at ?? null,
		...(item === undefined ? {} : {state: item.state, bytes: item.received, error: item.state === 'failed' ? neutraliseLine(item.message ?? '') : null}),
	};
}

const line = (text: string) => `${neutraliseLine(text)}\n`;

export function registerPodcastCommands(program: Command, context: PodcastCommandContext): void {
	const podcasts = program.command('podcasts')
		.description('podcast episodes (audio and video attachments of feed articles): list, download, remove, auto-download');

	const load = async () => {
		const root = context.libraryDir();
		const store = context.openStore();
		const config = context.config();
		const metas = sortArticles(await loadLibrary(root, {cacheDir: cacheDirectory()}), 'newest');
		const episodes = await listEpisodes(root, metas);
		const folder = downloadFolder(config, cacheDirectory());
		return {root, store, config, episodes, folder};
	};

	podcasts.command('list')
		.description('list the episodes, newest first, with type, size, length, download and the place playback stopped')
		.option('--json', 'print a JSON array of episodes')
		.action(async (options: {json?: boolean}) => {
			const {store, config, episodes, folder} = await load();
			if (options.json) {
				context.stdout.write(safeJson(episodes.map(episode => episodeJson(episode, store, downloadedFile(store, config, folder, episode))), 2) + '\n');
				return;
			}

			if (episodes.length === 0) {
				context.stdout.write('No episodes: articles from feeds with audio or video attachments are listed here\n');
				return;
			}

			for (const episode of episodes) {
				const file = downloadedFile(store, config, folder, episode);
				const {attachment, meta} = episode;
				const kept = episodePosition(store, attachment.url);
				const duration = episodeDuration(store, episode, kept?.duration);
				const details = [attachment.type, formatSize(attachment.size), duration === undefined ? undefined : formatClock(duration), kept === undefined || kept.at === 0 ? undefined : `stopped at ${formatClock(kept.at)}`].filter(Boolean).join(', ');
				context.stdout.write(line(`${file === undefined ? ' ' : '✓'} ${(meta.date ?? '').slice(0, 10).padEnd(10)} ${meta.title} · ${meta.source} (${details}) [${meta.id}${episode.n > 1 ? `#${episode.n}` : ''}]`));
			}
		});

	podcasts.command('download')
		.description('download episodes (media.parallel at a time, resuming cut downloads) into media.download-dir')
		.argument('<episodes...>', 'article ids (id#2 for its second attachment), or all-new: every unread episode not yet downloaded')
		.option('--json', 'print the results as a JSON array')
		.action(async (wanted: string[], options: {json?: boolean}) => {
			const {store, config, episodes, folder} = await load();
			try {
				const chosen: EpisodeRef[] = [];
				const missing: string[] = [];
				for (const name of wanted) {
					if (name === 'all-new') {
						chosen.push(...episodes.filter(episode => !store.isRead(episode.meta.id) && downloadedFile(store, config, folder, episode) === undefined));
						continue;
					}

					const [id, n] = /^(.*)#(\d{1,3})$/u.exec(name)?.slice(1) ?? [name, undefined];
					const found = episodes.filter(episode => (episode.meta.id === id || episode.meta.path === id) && (n === undefined || episode.n === Number(n)));
					if (found.length === 0) {
						missing.push(name);
					}

					chosen.push(...found);
				}

				if (missing.length > 0) {
					context.stderr.write(line(`tidings: no episode ${missing.map(name => JSON.stringify(name)).join(', ')} (tidings podcasts list shows them)`));
					context.setExitCode(2);
					return;
				}

				const unique = [...new Map(chosen.map(episode => [episode.attachment.url, episode])).values()];
				if (unique.length === 0) {
					context.stdout.write(options.json ? '[]\n' : 'Nothing new to download\n');
					return;
				}

				const progress = context.stderr.isTTY === true && !options.json;
				const queue = new DownloadQueue({
					store, config, cacheDir: cacheDirectory(), limits: context.downloadLimits, probe: config.media.player,
					onChange: progress
						? items => {
							const received = items.reduce((sum, item) => sum + item.received, 0);
							const done = items.filter(item => item.state === 'done' || item.state === 'failed').length;
							context.stderr.write(`\r\u001B[2K[${done}/${items.length}] ${formatSize(received) ?? '0 B'}`);
						}
						: undefined,
				});
				const results = await queue.add(unique);
				if (progress) {
					context.stderr.write('\r\u001B[2K');
				}

				if (options.json) {
					context.stdout.write(safeJson(results.map(item => episodeJson(item.episode, store, item.path, item)), 2) + '\n');
				} else {
					for (const item of results) {
						context.stdout.write(line(item.state === 'done'
							? `Downloaded ${item.episode.meta.title} (${formatSize(item.received) ?? '0 B'}${item.message === 'resumed' ? ', resumed' : ''}) to ${item.path ?? ''}`
							: `Couldn't download ${item.episode.meta.title}: ${item.message ?? item.state}`));
					}
				}

				if (results.some(item => item.state !== 'done')) {
					context.setExitCode(1);
				}
			} finally {
				store.flush();
			}
		});

	podcasts.command('remove')
		.description('delete the downloaded files of episodes')
		.argument('<episodes...>', 'article ids (id#2 for its second attachment)')
		.action(async (wanted: string[]) => {
			const {store, config, episodes} = await load();
			try {
				const queue = new DownloadQueue({store, config, cacheDir: cacheDirectory()});
				for (const name of wanted) {
					const [id, n] = /^(.*)#(\d{1,3})$/u.exec(name)?.slice(1) ?? [name, undefined];
					const found = episodes.filter(episode => (episode.meta.id === id || episode.meta.path === id) && (n === undefined || episode.n === Number(n)));
					if (found.length === 0) {
						context.stderr.write(line(`tidings: no episode ${JSON.stringify(name)}`));
						context.setExitCode(2);
					}

					for (const episode of found) {
						const removed = queue.remove(episode);
						context.stdout.write(line(removed === undefined ? `${episode.meta.title} was not downloaded` : `Deleted ${removed}`));
					}
				}
			} finally {
				store.flush();
			}
		});

	podcasts.command('auto')
		.description('download the new episodes of a feed after each fetch (on), or not (off)')
		.argument('<feed>', 'the feed URL, name or folder')
		.argument('<on-off>', 'on or off')
		.action(async (feed: string, value: string) => {
			if (value !== 'on' && value !== 'off') {
				context.stderr.write('tidings: say on or off\n');
				context.setExitCode(2);
				return;
			}

			const store = context.openStore();
			try {
				const subscription = findSubscription(listSubscriptions(store), feed);
				if (subscription === undefined) {
					context.stderr.write(line(`tidings: no subscription matches ${JSON.stringify(feed)} (tidings feeds lists them)`));
					context.setExitCode(2);
					return;
				}

				saveFeedSettings(store, subscription.url, {autoDownload: value === 'on'});
				context.stdout.write(line(`${displayName(subscription)}: new episodes ${value === 'on' ? 'are downloaded after each fetch' : 'are not downloaded'}`));
			} finally {
				store.flush();
			}
		});
}
