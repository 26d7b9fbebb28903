/**
Always fresh (issue 18): the background refresh of the feeds, the watched library's changes, and the terminal's
focus (a notification is sent only while the reader is in the background). Owns `refresh`, `lastRefreshAt` and
`focused`; the rows go through the list's merge (list.ts), which keeps the selection on its article.
*/
import type {ArticleMeta} from '../../core/types.js';
import type {Effect, Notice, Step} from '../actions.js';
import type {FindSlice, ListSlice, MarksSlice, ScreenSlice, StatusSlice} from '../slices.js';
import {afterLoad} from './finding.js';
import {mergeRows} from './list.js';

type Listing = ListSlice & MarksSlice & ScreenSlice & FindSlice & StatusSlice;

/** The timer: fetch what is due, unless a fetch (this one or `r`) is running. */
export function refreshDue<S extends StatusSlice>(state: S): Step<S> {
	if (state.fetching) {
		return [state, []];
	}

	return [{...state, fetching: true, fetchingQuietly: true, refresh: undefined}, [{type: 'fetch-feeds', background: true}]];
}

export function refreshProgress<S extends StatusSlice>(state: S, done: number, total: number): S {
	return state.fetching ? {...state, refresh: {done, total}} : state;
}

/** A fetch ended: the header's time, the status line (a background refresh speaks only when it brought something), a notification. */
export function refreshEnded<S extends StatusSlice>(state: S, action: {message: string; background?: boolean; at?: string; notice?: Notice}): Step<S> {
	const status = state.fetchingQuietly === true && action.notice === undefined ? state.status : action.message;
	const next = {...state, fetching: false, fetchingQuietly: undefined, refresh: undefined, lastRefreshAt: action.at ?? state.lastRefreshAt, status};
	const effects: Effect[] = action.notice !== undefined && state.focused === false ? [{type: 'notify', notice: action.notice}] : [];
	return [next, effects];
}

/**
The watched library's batch: rows merged, the selection kept; new files said in the status line. `final`: the
start-up comparison (the list was painted from the index of the last run): reading ends, silently.
*/
export function libraryChanged<S extends Listing>(state: S, upserts: readonly ArticleMeta[], removed: readonly string[], added: number, final = false): Step<S> {
	const next = mergeRows(state, upserts, removed);
	if (final) {
		return [{...next, loading: false, wantedId: undefined}, afterLoad(state, next.all)];
	}

	if (next === state) {
		return [state, []];
	}

	const status = added > 0 ? `${added} new ${added === 1 ? 'article' : 'articles'} in the library` : state.status;
	// Files another program put into the library (a sync tool, an editor, a cron fetch) while the reader is in the
	// background are told as a feed's new items are.
	const effects: Effect[] = added > 0 && state.focused === false ? [{type: 'notify', notice: libraryNotice(upserts, added)}] : [];
	return [{...next, status}, [...afterLoad(state, next.all), ...effects]];
}

export const focusChanged = <S extends StatusSlice>(state: S, focused: boolean): S => (state.focused === focused ? state : {...state, focused});

function libraryNotice(upserts: readonly ArticleMeta[], added: number): Notice {
	const title = `Tidings: ${added} new ${added === 1 ? 'article' : 'articles'} in the library`;
	if (upserts.length !== added) {
		return {title, body: `${upserts.length - added} changed as well`};
	}

	const named = upserts.slice(0, 3).map(meta => String(meta.title)).join(', ');
	return {title, body: upserts.length > 3 ? `${named} and ${upserts.length - 3} more` : named};
}
