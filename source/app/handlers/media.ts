/**
The player's keys (`e`, `,`, `.`, `{`, `}`, `x`) and the episodes view (`D`). They only ask: the effects
(source/effects/media.ts) drive mpv and the downloads, and what happens comes back as `media-status` and `episodes`.
*/
import type {Effect, Step} from '../actions.js';
import type {CommandId} from '../keymap.js';
import {keyHint} from '../keymap.js';
import {listRows, layout} from '../layout.js';
import type {EpisodeRow, ListSlice, MediaSlice, MediaStatusView, OverlaySlice, PodcastsOverlay, ReaderSlice, ScreenSlice, StatusSlice} from '../slices.js';
import {targetOf} from './marks.js';

export type MediaCommand = Extract<CommandId, `media.${string}` | `podcasts.${string}`>;

type State = ListSlice & ReaderSlice & ScreenSlice & StatusSlice & OverlaySlice & MediaSlice;

const seekBack = -10;
const seekForward = 30;
const speedStep = 0.1;

function selectedRow(state: State): EpisodeRow | undefined {
	return state.overlay?.kind === 'podcasts' ? state.episodes?.[state.overlay.cursor] : undefined;
}

const metaOfRow = (state: State, row: EpisodeRow) => state.all.find(meta => meta.id === row.articleId);

export function mediaCommand<S extends State>(state: S, id: MediaCommand): Step<S> {
	switch (id) {
		case 'media.toggle': {
			const row = selectedRow(state);
			if (row !== undefined && state.media === undefined) {
				return playRow(state, row);
			}

			// A number typed first (2e) picks the attachment and starts it, even while another plays.
			const digits = state.article?.reading?.digits;
			const n = digits === undefined ? undefined : Number.parseInt(digits, 10);
			const article = state.article;
			const next = article && digits !== undefined ? {...state, article: {...article, reading: {...article.reading, digits: undefined}}} : state;
			const meta = row === undefined ? targetOf(state) : undefined;
			return [next, [{type: 'media', op: 'toggle', meta, n}] satisfies Effect[]];
		}

		case 'media.back':
		case 'media.forward': {
			return [state, [{type: 'media', op: 'seek', value: id === 'media.back' ? seekBack : seekForward}] satisfies Effect[]];
		}

		case 'media.slower':
		case 'media.faster': {
			return [state, [{type: 'media', op: 'speed', value: id === 'media.slower' ? -speedStep : speedStep}] satisfies Effect[]];
		}

		case 'media.stop': {
			return [state, [{type: 'media', op: 'stop'}] satisfies Effect[]];
		}

		case 'podcasts.open': {
			const overlay: PodcastsOverlay = {kind: 'podcasts', cursor: 0, offset: 0};
			return [{...state, overlay, status: state.episodes === undefined ? 'Looking for episodes…' : state.status}, [{type: 'episodes-list', metas: state.all}] satisfies Effect[]];
		}

		case 'podcasts.close': {
			return [{...state, overlay: undefined}, []];
		}

		case 'podcasts.play':
		case 'podcasts.download':
		case 'podcasts.remove': {
			const row = selectedRow(state);
			if (row === undefined) {
				return [{...state, status: state.episodes === undefined ? 'Looking for episodes…' : 'No episode here: articles from feeds with audio or video attachments are listed'}, []];
			}

			if (id === 'podcasts.play') {
				return playRow(state, row);
			}

			if (id === 'podcasts.download') {
				return [{...state, status: `Downloading ${row.title}`}, [{type: 'episode-download', url: row.url}] satisfies Effect[]];
			}

			return [state, [{type: 'episode-remove', url: row.url}] satisfies Effect[]];
		}
	}

	return [state, []];
}

function playRow<S extends State>(state: S, row: EpisodeRow): Step<S> {
	const meta = metaOfRow(state, row);
	if (meta === undefined) {
		return [{...state, status: 'That article is no longer in the library'}, []];
	}

	return [{...state, status: `Starting ${row.title}…`}, [{type: 'media-play', meta, n: row.n, url: row.url}] satisfies Effect[]];
}

/** j/k, pages, g/G in the episodes view. */
export function moveEpisodes<S extends State>(state: S, id: CommandId): S {
	const {overlay} = state;
	const count = state.episodes?.length ?? 0;
	if (overlay?.kind !== 'podcasts') {
		return state;
	}

	if (count === 0) {
		return {...state, status: state.episodes === undefined ? 'Looking for episodes…' : 'No episodes to move through'};
	}

	const rows = listRows(state);
	const steps: Partial<Record<CommandId, number>> = {'move.down': 1, 'move.up': -1, 'move.pageDown': rows, 'move.pageUp': -rows, 'move.top': -count, 'move.bottom': count};
	const cursor = Math.max(0, Math.min(count - 1, overlay.cursor + (steps[id] ?? 0)));
	return {...state, overlay: {...overlay, cursor, offset: offsetFor(cursor, overlay.offset, rows, count)}};
}

function offsetFor(cursor: number, offset: number, rows: number, count: number): number {
	const margin = Math.min(layout.scrollMargin, Math.floor((rows - 1) / 2));
	let next = offset;
	if (cursor < next + margin) {
		next = cursor - margin;
	}

	if (cursor > next + rows - 1 - margin) {
		next = cursor - rows + 1 + margin;
	}

	return Math.max(0, Math.min(next, Math.max(0, count - rows)));
}

export function mediaStatus<S extends StatusSlice & MediaSlice>(state: S, status: MediaStatusView | undefined, message: string | undefined): S {
	return {...state, media: status, status: message ?? state.status};
}

/** New rows (a fresh listing), or changed rows of the download queue merged in by URL. */
export function episodesChanged<S extends State>(state: S, rows: readonly EpisodeRow[], update: boolean, message: string | undefined): S {
	let episodes: readonly EpisodeRow[];
	if (update && state.episodes !== undefined) {
		const changed = new Map(rows.map(row => [row.url, row]));
		episodes = state.episodes.map(row => changed.get(row.url) ?? row);
	} else if (update) {
		return message === undefined ? state : {...state, status: message};
	} else {
		episodes = rows;
	}

	const {overlay} = state;
	const fixed = overlay?.kind === 'podcasts' && overlay.cursor >= episodes.length ? {...overlay, cursor: Math.max(0, episodes.length - 1), offset: 0} : overlay;
	const status = message ?? (!update && episodes.length === 0 ? `No episodes: articles from feeds with audio or video attachments are listed here (${keyHint('podcasts.close')} back)` : (state.status === 'Looking for episodes…' ? undefined : state.status));
	return {...state, episodes, overlay: fixed, status};
}
