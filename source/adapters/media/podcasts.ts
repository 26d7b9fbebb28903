/**
Podcast episodes and their downloads. An episode is an audio or video attachment of an article stored from a feed
(the `## Attachments` list feed storing writes). Where a download goes is the download folder (`media.download-dir`,
else `<cache>/podcasts`: episodes can always be fetched again, and the platform may reclaim that space) and the
name template (`media.name-template`, every field made safe by core/media/episode.ts); a finished download is also
recorded in the store (`media.downloads`: its path, size and type as served), so a changed template still finds it.

The queue runs `media.parallel` downloads at once (p-limit), reports progress, resumes a `.part` left by a cut
transfer (download.ts), and can cancel one. The same queue serves `tidings podcasts download` and the reader's `D`.
*/
import fs from 'node:fs';
import path from 'node:path';
import pLimit from 'p-limit';
import {attachmentsOf, type Attachment} from '../../core/actions/attachments.js';
import {defaults, type Config} from '../../core/config/schema.js';
import {downloadName, isPlayable} from '../../core/media/episode.js';
import type {ArticleMeta} from '../../core/types.js';
import {loadArticle} from '../library.js';
import type {StateStore} from '../state-store.js';
import {downloadFile, type DownloadLimits} from './download.js';
import {probeDuration} from './mpv.js';

export type EpisodeRef = {
	/** The article's id. */
	readonly id: string;
	readonly meta: ArticleMeta;
	/** Which attachment of the article (1 is the first). */
	readonly n: number;
	readonly attachment: Attachment;
};

/** At most this many articles are looked through for episodes (newest first). */
export const maxEpisodeScan = 3000;

/** The playable attachments of one article. */
export async function episodesOfArticle(root: string, meta: ArticleMeta): Promise<EpisodeRef[]> {
	const article = await loadArticle(root, meta);
	return attachmentsOf(article.body)
		.map((attachment, index) => ({id: meta.id, meta, n: index + 1, attachment}))
		.filter(episode => isPlayable(episode.attachment.type));
}

/** Every episode of the library's feed articles, newest first (`metas` sorted newest first), bounded. */
export async function listEpisodes(root: string, metas: readonly ArticleMeta[], limit = maxEpisodeScan): Promise<EpisodeRef[]> {
	const candidates = metas.filter(meta => meta.feed !== undefined && meta.error === undefined).slice(0, limit);
	const found: EpisodeRef[] = [];
	for (const meta of candidates) {
		 
		found.push(...await episodesOfArticle(root, meta).catch(() => []));
	}

	return found;
}

/** `~` → home; empty → `<cache>/podcasts`. */
export function downloadFolder(config: Config, cacheDir: string, environment: NodeJS.ProcessEnv = process.env): string {
	const chosen = config.media['download-dir'].trim();
	if (chosen === '') {
		return path.join(cacheDir, 'podcasts');
	}

	const home = environment['HOME'] ?? '';
	return path.resolve(chosen === '~' ? home : chosen.startsWith('~/') ? path.join(home, chosen.slice(2)) : chosen);
}

/** Where an episode's download goes: inside `folder`, always (checked after the template is filled). */
export function downloadTarget(config: Config, folder: string, episode: EpisodeRef): string {
	const relative = downloadName(config.media['name-template'], {
		feed: episode.meta.source, title: episode.meta.title, date: episode.meta.date, url: episode.attachment.url, type: episode.attachment.type, id: episode.meta.id,
	});
	const target = path.resolve(folder, relative);
	if (!target.startsWith(path.resolve(folder) + path.sep)) {
		throw new Error(`the name template leads out of the download folder (${relative})`);
	}

	return target;
}

export type DownloadRecord = {
	readonly path: string;
	readonly bytes: number;
	readonly type?: string;
	readonly at: string;
	/** Seconds, probed with mpv after the download when the feed gave no length. */
	readonly duration?: number;
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function downloadRecords(store: StateStore): Readonly<Record<string, DownloadRecord>> {
	const media = store.state.extra['media'];
	const downloads = isRecord(media) ? media['downloads'] : undefined;
	return isRecord(downloads) ? downloads as Record<string, DownloadRecord> : {};
}

function recordDownload(store: StateStore, url: string, record: DownloadRecord | undefined): void {
	store.change(state => {
		const media = isRecord(state.extra['media']) ? state.extra['media'] : {};
		const downloads = {...(isRecord(media['downloads']) ? media['downloads'] : {})};
		delete downloads[url];
		if (record !== undefined) {
			downloads[url] = record;
		}

		state.extra['media'] = {...media, downloads};
	});
}

/** The downloaded file of an episode, when it is there: the recorded one, else the template's. */
export function downloadedFile(store: StateStore, config: Config, folder: string, episode: EpisodeRef): string | undefined {
	const recorded = downloadRecords(store)[episode.attachment.url];
	if (recorded !== undefined && fs.existsSync(recorded.path)) {
		return recorded.path;
	}

	try {
		const target = downloadTarget(config, folder, episode);
		return fs.existsSync(target) ? target : undefined;
	} catch {
		return undefined;
	}
}

export type QueueState = 'queued' | 'downloading' | 'done' | 'failed' | 'cancelled';

export type QueueItem = {
	readonly episode: EpisodeRef;
	readonly state: QueueState;
	readonly received: number;
	readonly total?: number;
	readonly message?: string;
	readonly path?: string;
};

export type QueueOptions = {
	readonly store: StateStore;
	readonly config?: Config;
	readonly cacheDir: string;
	readonly environment?: NodeJS.ProcessEnv;
	readonly limits?: Partial<DownloadLimits>;
	/** Called on every change (throttled by the downloads to ten a second each). */
	readonly onChange?: (items: readonly QueueItem[]) => void;
	/** The player to probe a finished download's length with, when the feed gave none (`media.player`); none: no probe. */
	readonly probe?: readonly string[];
};

export class DownloadQueue {
	private readonly items = new Map<string, QueueItem>();
	private readonly controllers = new Map<string, AbortController>();
	private readonly limit: ReturnType<typeof pLimit>;
	private readonly running = new Set<Promise<QueueItem>>();
	private readonly config: Config;

	constructor(private readonly options: QueueOptions) {
		this.config = options.config ?? defaults();
		this.limit = pLimit(this.config.media.parallel);
	}

	get folder(): string {
		return downloadFolder(this.config, this.options.cacheDir, this.options.environment);
	}

	list(): readonly QueueItem[] {
		return [...this.items.values()];
	}

	/** Queues episodes (one already queued or running is left as it is); resolves when these are done. */
	async add(episodes: readonly EpisodeRef[]): Promise<QueueItem[]> {
		const started = episodes.map(async episode => this.addOne(episode));
		return Promise.all(started);
	}

	/** Stops a queued or running download; its `.part` stays for a later resume. */
	cancel(url: string): boolean {
		const item = this.items.get(url);
		if (item === undefined || (item.state !== 'queued' && item.state !== 'downloading')) {
			return false;
		}

		this.controllers.get(url)?.abort();
		this.update(url, {state: 'cancelled', message: 'cancelled'});
		return true;
	}

	/** Deletes a downloaded file (and its part) and forgets it. */
	remove(episode: EpisodeRef): string | undefined {
		this.cancel(episode.attachment.url);
		const file = downloadedFile(this.options.store, this.config, this.folder, episode);
		let target: string | undefined;
		try {
			target = downloadTarget(this.config, this.folder, episode);
		} catch {}

		for (const candidate of [file, target, target === undefined ? undefined : `${target}.part`]) {
			if (candidate !== undefined) {
				fs.rmSync(candidate, {force: true});
			}
		}

		recordDownload(this.options.store, episode.attachment.url, undefined);
		this.items.delete(episode.attachment.url);
		this.changed();
		return file;
	}

	async settled(): Promise<void> {
		while (this.running.size > 0) {
			 
			await Promise.all([...this.running]);
		}
	}

	private async addOne(episode: EpisodeRef): Promise<QueueItem> {
		const {url} = episode.attachment;
		const existing = this.items.get(url);
		if (existing !== undefined && (existing.state === 'queued' || existing.state === 'downloading')) {
			return existing;
		}

		this.items.set(url, {episode, state: 'queued', received: 0, total: episode.attachment.size});
		this.changed();
		const run = this.limit(async () => this.download(episode));
		this.running.add(run);
		try {
			return await run;
		} finally {
			this.running.delete(run);
		}
	}

	private async download(episode: EpisodeRef): Promise<QueueItem> {
		const {url} = episode.attachment;
		if (this.items.get(url)?.state === 'cancelled') {
			return this.items.get(url)!;
		}

		let target: string;
		try {
			target = downloadTarget(this.config, this.folder, episode);
		} catch (error) {
			return this.update(url, {state: 'failed', message: (error as Error).message});
		}

		const controller = new AbortController();
		this.controllers.set(url, controller);
		this.update(url, {state: 'downloading'});
		const result = await downloadFile(url, target, {
			limits: {maxBytes: this.config.media['max-size-mb'] * 1000 * 1000, ...this.options.limits},
			signal: controller.signal,
			onProgress: progress => {
				if (this.items.get(url)?.state === 'downloading') {
					this.update(url, {received: progress.received, total: progress.total});
				}
			},
		});
		this.controllers.delete(url);
		if (this.items.get(url)?.state === 'cancelled') {
			return this.items.get(url)!;
		}

		if (!result.ok) {
			return this.update(url, {state: 'failed', message: result.message, received: result.partial});
		}

		const duration = episode.attachment.duration === undefined && this.options.probe !== undefined ? await probeDuration(result.path, {command: this.options.probe}) : undefined;
		recordDownload(this.options.store, url, {
			path: result.path, bytes: result.bytes, ...(result.type === undefined ? {} : {type: result.type}), at: new Date().toISOString(), ...(duration === undefined ? {} : {duration: Math.round(duration)}),
		});
		return this.update(url, {state: 'done', received: result.bytes, total: result.bytes, path: result.path, message: result.resumed ? 'resumed' : undefined});
	}

	private update(url: string, change: Partial<QueueItem>): QueueItem {
		const next = {...this.items.get(url)!, ...change};
		this.items.set(url, next);
		this.changed();
		return next;
	}

	private changed(): void {
		this.options.onChange?.(this.list());
	}
}

/** After a fetch: the new episodes of the feeds set to `auto-download`, not yet downloaded. */
export async function autoDownloadCandidates(options: {
	root: string; store: StateStore; config: Config; folder: string;
	written: ReadonlyArray<{readonly path: string; readonly meta?: ArticleMeta}>;
	autoFeeds: ReadonlySet<string>;
}): Promise<EpisodeRef[]> {
	const found: EpisodeRef[] = [];
	for (const {meta} of options.written) {
		if (meta?.feed === undefined || !options.autoFeeds.has(meta.feed)) {
			continue;
		}

		 
		for (const episode of await episodesOfArticle(options.root, meta).catch(() => [])) {
			if (downloadedFile(options.store, options.config, options.folder, episode) === undefined) {
				found.push(episode);
			}
		}
	}

	return found;
}

/** An episode's length: the feed's, else the one probed after its download, else the one mpv found playing it. */
export function episodeDuration(store: StateStore, episode: EpisodeRef, played?: number): number | undefined {
	const recorded = downloadRecords(store)[episode.attachment.url]?.duration;
	return episode.attachment.duration ?? (typeof recorded === 'number' ? recorded : undefined) ?? played;
}
