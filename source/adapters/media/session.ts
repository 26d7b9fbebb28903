/**
The reader's player: one kept mpv (source/adapters/media/mpv.ts) started on the first `e`, what it plays, and the
episode's place kept in the state store (positions.ts) on pause, stop, every ten seconds of playback, on quitting
and when the player ends, so playback resumes where it stopped. The status it reports (title, position, duration,
speed) is throttled to about one a second while playing. mpv ending or failing is told as a message; the reader
goes on, and no mark is touched.
*/
import type {StateStore} from '../state-store.js';
import {formatClock, type MediaStatus} from '../../core/media/episode.js';
import {MpvPlayer, type PlayerSnapshot} from './mpv.js';
import {episodePosition, saveEpisodePosition} from './positions.js';

export type Episode = {
	/** What mpv opens: the downloaded file, else the enclosure's URL. */
	readonly source: string;
	/** The enclosure's URL: the key of its kept position. */
	readonly key: string;
	readonly title: string;
};

export type SessionOptions = {
	readonly store: StateStore;
	/** `media.player` of the config: the program and its own arguments. */
	readonly command: readonly string[];
	readonly environment?: NodeJS.ProcessEnv;
	/** A new status (undefined: nothing plays), with a message to show when something happened on its own. */
	readonly onStatus: (status: MediaStatus | undefined, message?: string) => void;
	readonly requestTimeoutMs?: number;
};

const saveEveryMs = 10_000;
const statusEveryMs = 1000;
export const speedRange = {minimum: 0.3, maximum: 4} as const;

export class MediaSession {
	private player?: MpvPlayer;
	private starting?: Promise<MpvPlayer>;
	private episode?: Episode;
	private lastSaved = 0;
	private lastStatus = 0;
	private lastShown?: string;

	constructor(private readonly options: SessionOptions) {}

	get playing(): boolean {
		return this.episode !== undefined && this.player?.alive === true;
	}

	status(): MediaStatus | undefined {
		const {episode, player} = this;
		if (episode === undefined || player === undefined) {
			return undefined;
		}

		const {position, duration, paused, speed} = player.snapshot;
		return {title: episode.title, position, duration, paused, speed, local: !/^[a-z]+:\/\//iu.test(episode.source)};
	}

	/** Plays an episode from its kept place (the player starts when it is not running). */
	async play(episode: Episode): Promise<string> {
		const player = await this.ensure();
		this.savePosition();
		const kept = episodePosition(this.options.store, episode.key);
		const start = kept !== undefined && (kept.duration === undefined || kept.at < kept.duration - 3) ? kept.at : 0;
		this.episode = episode;
		try {
			await player.load(episode.source, start);
		} catch (error) {
			this.episode = undefined;
			this.emit(true);
			throw error;
		}

		this.lastSaved = Date.now();
		this.emit(true);
		return `Playing ${episode.title}${start > 0 ? ` from ${formatClock(start)}` : ''}`;
	}

	async togglePause(): Promise<string> {
		const player = this.requirePlaying();
		const paused = !player.snapshot.paused;
		await player.setProperty('pause', paused);
		this.savePosition();
		this.emit(true);
		return paused ? 'Paused' : 'Playing';
	}

	async seek(seconds: number): Promise<string> {
		const player = this.requirePlaying();
		await player.seek(seconds);
		const position = await player.getProperty('time-pos').catch(() => undefined);
		this.emit(true);
		return `${seconds < 0 ? 'Back' : 'Forward'} ${Math.abs(seconds)} s${typeof position === 'number' ? `: ${formatClock(position)}` : ''}`;
	}

	async changeSpeed(delta: number): Promise<string> {
		const player = this.requirePlaying();
		const speed = Math.round(Math.min(speedRange.maximum, Math.max(speedRange.minimum, player.snapshot.speed + delta)) * 10) / 10;
		await player.setProperty('speed', speed);
		this.emit(true);
		return `Speed ×${speed.toFixed(1)}`;
	}

	/** Stops the episode (its place kept); the player stays for the next one. */
	async stop(): Promise<string> {
		const {episode, player} = this;
		if (episode === undefined || player === undefined) {
			return 'Nothing is playing';
		}

		this.savePosition('now');
		this.episode = undefined;
		await player.stop().catch(() => undefined);
		this.emit(true);
		return `Stopped ${episode.title} at ${formatClock(player.snapshot.position ?? 0)}`;
	}

	/** The reader is leaving: the place is kept and mpv is asked to quit (killed after the deadline). */
	async quit(): Promise<void> {
		this.savePosition('now');
		this.episode = undefined;
		await this.player?.quit();
	}

	/** At once, without waiting (a signal): the place is kept and mpv killed. */
	close(): void {
		this.savePosition('now');
		this.episode = undefined;
		this.player?.kill();
	}

	private requirePlaying(): MpvPlayer {
		if (this.episode === undefined || this.player?.alive !== true) {
			throw new Error('Nothing is playing');
		}

		return this.player;
	}

	private async ensure(): Promise<MpvPlayer> {
		if (this.player?.alive === true) {
			return this.player;
		}

		this.starting ??= MpvPlayer.start({command: this.options.command, environment: this.options.environment, requestTimeoutMs: this.options.requestTimeoutMs}).then(player => {
			this.player = player;
			player.onChange(snapshot => {
				this.changed(snapshot);
			});
			player.onEvent(event => {
				if (event['event'] === 'end-file' && event['reason'] === 'eof' && this.episode !== undefined) {
					const {title, key} = this.episode;
					this.episode = undefined;
					// Back to the start, the length kept (it names the episode's length where the feed gave none).
					saveEpisodePosition(this.options.store, key, 0, this.player?.snapshot.duration);
					this.emit(true, `Played to the end: ${title}`);
				}
			});
			player.onExit(reason => {
				const had = this.episode;
				if (had !== undefined) {
					this.savePosition('now', player.snapshot);
				}

				this.episode = undefined;
				this.player = undefined;
				if (had !== undefined) {
					this.emit(true, `${reason}; ${had.title} is kept at ${formatClock(player.snapshot.position ?? 0)}`);
				}
			});
			return player;
		}).finally(() => {
			this.starting = undefined;
		});
		return this.starting;
	}

	private changed(snapshot: PlayerSnapshot): void {
		if (this.episode === undefined) {
			return;
		}

		const now = Date.now();
		if (!snapshot.paused && now - this.lastSaved >= saveEveryMs) {
			this.savePosition();
		}

		this.emit(false);
	}

	private savePosition(flush: 'soon' | 'now' = 'soon', snapshot = this.player?.snapshot): void {
		const {episode} = this;
		if (episode === undefined || snapshot?.position === undefined) {
			return;
		}

		this.lastSaved = Date.now();
		saveEpisodePosition(this.options.store, episode.key, snapshot.position, snapshot.duration, flush);
	}

	/** The status to the reader: at once when `now` (or something other than the clock changed), else once a second. */
	private emit(now: boolean, message?: string): void {
		const status = this.status();
		const shape = status === undefined ? 'none' : `${status.title}|${status.paused}|${status.speed}|${status.duration}`;
		const time = Date.now();
		if (!now && shape === this.lastShown && time - this.lastStatus < statusEveryMs) {
			return;
		}

		this.lastShown = shape;
		this.lastStatus = time;
		this.options.onStatus(status, message);
	}
}
