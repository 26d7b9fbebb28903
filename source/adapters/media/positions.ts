/**
Where each episode was left, kept in the state store under `media.positions` (typed in `storeSchema`), keyed by the
enclosure's URL: playback resumes there. At most `maxPositions` are kept (the oldest go first); an episode played to
its end goes back to 0, so it starts again from the beginning (its length is kept).
*/
import type {StateStore} from '../state-store.js';

export type EpisodePosition = {readonly at: number; readonly duration?: number; readonly saved?: string};

const maxPositions = 2000;

type MediaRecord = {positions?: Record<string, EpisodePosition>};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function mediaOf(extra: Record<string, unknown>): MediaRecord {
	const media = extra['media'];
	return isRecord(media) ? media as MediaRecord : {};
}

export function episodePosition(store: StateStore, url: string): EpisodePosition | undefined {
	const found = mediaOf(store.state.extra).positions?.[url];
	return found !== undefined && typeof found.at === 'number' && Number.isFinite(found.at) && found.at >= 0 ? found : undefined;
}

/** `at` undefined forgets the episode's place (played to the end). */
export function saveEpisodePosition(store: StateStore, url: string, at: number | undefined, duration?: number, flush: 'soon' | 'now' = 'soon'): void {
	store.change(state => {
		const media = mediaOf(state.extra);
		const positions = {...media.positions};
		delete positions[url];
		if (at !== undefined && Number.isFinite(at) && at >= 0) {
			positions[url] = {at: Math.round(at * 10) / 10, ...(duration === undefined || !Number.isFinite(duration) ? {} : {duration: Math.round(duration * 10) / 10}), saved: new Date().toISOString()};
		}

		const keys = Object.keys(positions);
		for (const old of keys.slice(0, Math.max(0, keys.length - maxPositions))) {
			delete positions[old];
		}

		state.extra['media'] = {...media, positions};
	}, {flush});
}
