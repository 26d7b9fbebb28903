/**
The player's and the downloads' effects. One `MediaSlot` per reader holds the kept player (a MediaSession, made on the
first `e`), the download queue and the episodes last listed; what they report later (the position each second, a
download's progress, mpv ending) is dispatched through the store as `media-status` and `episodes` actions.
Attachments mpv cannot play go to the openers of the config (`openers.enclosures`, as `E` does).
*/
import type {Action, Effect} from '../app/actions.js';
import type {Dispatch} from '../app/store.js';
import type {EpisodeRow, EpisodeState} from '../app/slices.js';
import {attachmentsOf} from '../core/actions/attachments.js';
import {defaults, type Config} from '../core/config/schema.js';
import {isPlayable} from '../core/media/episode.js';
import {neutraliseLine} from '../core/text/neutralise.js';
import type {ArticleMeta} from '../core/types.js';
import {keyHint} from '../app/keymap.js';
import {loadArticle} from '../adapters/library.js';
import {episodePosition} from '../adapters/media/positions.js';
import {DownloadQueue, downloadedFile, downloadFolder, episodeDuration, listEpisodes, type EpisodeRef, type QueueItem} from '../adapters/media/podcasts.js';
import {MediaSession} from '../adapters/media/session.js';
import type {StateStore} from '../adapters/state-store.js';
import {actionEffect} from './actions.js';
import {describeError, type EffectDeps} from './deps.js';

type MediaEffect = Extract<Effect, {type: 'media' | 'media-play' | 'episodes-list' | 'episode-download' | 'episode-remove'}>;

const status = (message: string): Action[] => [{type: 'status', message: neutraliseLine(message)}];

/** The reader's player and downloads, made when first needed; `close` keeps the place and ends mpv. */
export class MediaSlot {
	session?: MediaSession;
	queue?: DownloadQueue;
	readonly episodes = new Map<string, EpisodeRef>();
	private dispatch?: Dispatch;

	sessionFor(deps: EffectDeps): MediaSession {
		this.dispatch = deps.progress;
		this.session ??= new MediaSession({
			store: deps.store,
			command: (deps.config ?? defaults()).media.player,
			environment: deps.environment,
			onStatus: (current, message) => {
				this.dispatch?.({type: 'media-status', status: current, message: message === undefined ? undefined : neutraliseLine(message)});
			},
		});
		return this.session;
	}

	queueFor(deps: EffectDeps): DownloadQueue {
		this.dispatch = deps.progress;
		if (this.queue === undefined) {
			const states = new Map<string, string>();
			this.queue = new DownloadQueue({
				store: deps.store,
				config: deps.config,
				cacheDir: deps.cacheDir ?? '.',
				environment: deps.environment,
				probe: (deps.config ?? defaults()).media.player,
				onChange: items => {
					const rows = items.map(item => rowOf(item.episode, deps.store, item));
					let message: string | undefined;
					for (const item of items) {
						if (states.get(item.episode.attachment.url) !== item.state) {
							states.set(item.episode.attachment.url, item.state);
							if (item.state === 'done') {
								message = `Downloaded ${item.episode.meta.title}${item.message === 'resumed' ? ' (resumed)' : ''}`;
							} else if (item.state === 'failed') {
								message = `Couldn't download ${item.episode.meta.title}: ${neutraliseLine(item.message ?? 'failed')}`;
							}
						}
					}

					this.dispatch?.({type: 'episodes', rows, update: true, message});
				},
			});
		}

		return this.queue;
	}

	/** At once (quitting, a signal): the episode's place is saved and mpv ends; downloads stop with their `.part` kept. */
	close(): void {
		this.session?.close();
		for (const item of this.queue?.list() ?? []) {
			this.queue?.cancel(item.episode.attachment.url);
		}
	}
}

const fallback = new MediaSlot();
const slotOf = (deps: EffectDeps): MediaSlot => (deps.media instanceof MediaSlot ? deps.media : fallback);

export function rowOf(episode: EpisodeRef, store: StateStore, item?: QueueItem, downloaded?: boolean): EpisodeRow {
	const {attachment, meta} = episode;
	const state: EpisodeState = item?.state ?? (downloaded ? 'done' : 'new');
	return {
		url: attachment.url,
		articleId: meta.id,
		n: episode.n,
		title: meta.title,
		source: meta.source,
		date: meta.date,
		type: attachment.type,
		// The feed's `itunes:duration`, else the one probed after the download, else the one mpv found playing it.
		duration: episodeDuration(store, episode, episodePosition(store, attachment.url)?.duration),
		state,
		received: item?.received ?? 0,
		total: item?.total ?? attachment.size,
		message: item?.message === undefined ? undefined : neutraliseLine(item.message),
		position: (episodePosition(store, attachment.url)?.at ?? 0) > 0 ? episodePosition(store, attachment.url)?.at : undefined,
	};
}

async function playArticle(deps: EffectDeps, meta: ArticleMeta, n: number | undefined, url: string | undefined): Promise<Action[]> {
	const root = deps.libraryDir;
	if (root === undefined) {
		return status('No library folder: nothing to play');
	}

	const config: Config = deps.config ?? defaults();
	const article = await loadArticle(root, meta);
	const attachments = attachmentsOf(article.body);
	if (attachments.length === 0) {
		return status('This article has no attachment to play');
	}

	const index = url === undefined ? (n === undefined ? Math.max(0, attachments.findIndex(attachment => isPlayable(attachment.type))) : n - 1) : attachments.findIndex(attachment => attachment.url === url);
	const attachment = attachments[index];
	if (attachment === undefined) {
		return status(`No attachment ${n ?? ''}: this article has ${attachments.length} (1e–${attachments.length}e)`);
	}

	if (!isPlayable(attachment.type)) {
		// Not audio or video: the configured opener for its type, as `E` does.
		return actionEffect({type: 'open-attachment', meta, n: index + 1}, deps);
	}

	const episode: EpisodeRef = {id: meta.id, meta, n: index + 1, attachment};
	const file = downloadedFile(deps.store, config, downloadFolder(config, deps.cacheDir ?? '.', deps.environment), episode);
	try {
		await slotOf(deps).sessionFor(deps).play({source: file ?? attachment.url, key: attachment.url, title: meta.title});
		// The status line gives way to the player's line (what plays, where, how fast), which the session keeps current.
		return [{type: 'status'}];
	} catch (error) {
		return status(`Couldn't play it: ${describeError(error)}`);
	}
}

export async function mediaEffect(effect: MediaEffect, deps: EffectDeps): Promise<Action[]> {
	const slot = slotOf(deps);
	switch (effect.type) {
		case 'media': {
			const session = slot.session;
			if (effect.op === 'toggle') {
				if (session?.playing === true && effect.n === undefined) {
					return session.togglePause().then(() => [{type: 'status'}], (error: unknown) => status(`The player: ${describeError(error)}`));
				}

				return effect.meta === undefined ? status('No article selected') : playArticle(deps, effect.meta, effect.n, undefined);
			}

			if (session?.playing !== true) {
				return status(`Nothing is playing (${keyHint('media.toggle')} plays the article's audio or video)`);
			}

			if (effect.op === 'stop') {
				return status(await session.stop().catch((error: unknown) => `The player: ${describeError(error)}`));
			}

			// Seek and speed show in the player's line at once; only a failure is said in words.
			const run = effect.op === 'seek' ? session.seek(effect.value ?? 0) : session.changeSpeed(effect.value ?? 0);
			return run.then(() => [{type: 'status'}], (error: unknown) => status(`The player: ${describeError(error)}`));
		}

		case 'media-play': {
			return playArticle(deps, effect.meta, effect.n, effect.url);
		}

		case 'episodes-list': {
			if (deps.libraryDir === undefined) {
				return status('No library folder: no episodes');
			}

			const config = deps.config ?? defaults();
			const folder = downloadFolder(config, deps.cacheDir ?? '.', deps.environment);
			const newest = [...effect.metas].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''));
			const episodes = await listEpisodes(deps.libraryDir, newest);
			const queue = slot.queue;
			const items = new Map(queue?.list().map(item => [item.episode.attachment.url, item]));
			slot.episodes.clear();
			for (const episode of episodes) {
				slot.episodes.set(episode.attachment.url, episode);
			}

			const rows = episodes.map(episode => {
				const item = items.get(episode.attachment.url);
				return rowOf(episode, deps.store, item, item === undefined && downloadedFile(deps.store, config, folder, episode) !== undefined);
			});
			return [{type: 'episodes', rows}];
		}

		case 'episode-download': {
			const episode = slot.episodes.get(effect.url);
			if (episode === undefined) {
				return status('That episode is not listed any more');
			}

			const queue = slot.queueFor(deps);
			// Not awaited: the download goes on in the background, its progress comes back as `episodes` updates.
			queue.add([episode]).catch(() => undefined);
			return [];
		}

		case 'episode-remove': {
			const episode = slot.episodes.get(effect.url);
			if (episode === undefined) {
				return status('That episode is not listed any more');
			}

			const queue = slot.queueFor(deps);
			if (queue.cancel(effect.url)) {
				return status(`Stopped downloading ${episode.meta.title} (d resumes it)`);
			}

			try {
				const removed = queue.remove(episode);
				return [{type: 'episodes', rows: [rowOf(episode, deps.store)], update: true, message: removed === undefined ? `${episode.meta.title} was not downloaded` : `Deleted the download of ${episode.meta.title}`}];
			} catch (error) {
				return status(`Couldn't delete it: ${describeError(error)}`);
			}
		}
	}
}

/** After a fetch: queue the new episodes of the feeds set to `auto-download`; says how many. */
export async function autoDownload(deps: EffectDeps, written: readonly ArticleMeta[]): Promise<string | undefined> {
	const root = deps.libraryDir;
	if (root === undefined || written.length === 0) {
		return undefined;
	}

	const [{feedSettingsOf}, {listSubscriptions}, {autoDownloadCandidates}] = await Promise.all([import('../adapters/feed-settings.js'), import('../adapters/feeds/subscriptions.js'), import('../adapters/media/podcasts.js')]);
	const autoFeeds = new Set(listSubscriptions(deps.store).filter(subscription => feedSettingsOf(subscription, deps.store, deps.config).autoDownload === true).map(subscription => subscription.url));
	if (autoFeeds.size === 0) {
		return undefined;
	}

	const config = deps.config ?? defaults();
	const folder = downloadFolder(config, deps.cacheDir ?? '.', deps.environment);
	const episodes = await autoDownloadCandidates({root, store: deps.store, config, folder, written: written.map(meta => ({path: meta.path, meta})), autoFeeds});
	if (episodes.length === 0) {
		return undefined;
	}

	const slot = slotOf(deps);
	for (const episode of episodes) {
		slot.episodes.set(episode.attachment.url, episode);
	}

	slot.queueFor(deps).add(episodes).catch(() => undefined);
	return `downloading ${episodes.length} new episode${episodes.length === 1 ? '' : 's'} (D shows them)`;
}
