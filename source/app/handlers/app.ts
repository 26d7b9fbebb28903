/**
The reader as a whole: the help overlay, quitting, the background feed fetch and the status line. Owns `overlay`
while it is the help, `status` and `fetching`.
*/
import type {Step, Effect} from '../actions.js';
import {helpRows, type CommandId, type Context} from '../keymap.js';
import {listRows} from '../layout.js';
import {clamp} from '../scroll.js';
import type {ListSlice, MarksSlice, OverlaySlice, ReaderSlice, ScreenSlice, StatusSlice} from '../slices.js';
import {selectedOf} from '../visible.js';
import {leaving} from './article.js';

export function openHelp<S extends OverlaySlice>(state: S, context: Context): Step<S> {
	return [{...state, overlay: {kind: 'help', offset: 0, context}}, []];
}

export function closeOverlay<S extends OverlaySlice>(state: S): Step<S> {
	return [{...state, overlay: undefined}, []];
}

/** The help overlay scrolls like a page. */
export function scrollHelp<S extends OverlaySlice & ScreenSlice>(state: S, id: CommandId): S {
	const {overlay} = state;
	if (overlay?.kind !== 'help') {
		return state;
	}

	const page = Math.max(1, listRows(state));
	// The overlay's lines: a row a command, a heading and a blank line a group, two headings for where `?` was pressed.
	const last = Math.max(0, helpRows(overlay.context).length + 20 - page);
	const moves: Partial<Record<CommandId, number>> = {
		'move.down': overlay.offset + 1,
		'move.up': overlay.offset - 1,
		'move.pageDown': overlay.offset + Math.max(1, page - 1),
		'move.pageUp': overlay.offset - Math.max(1, page - 1),
		'move.top': 0,
		'move.bottom': last,
	};
	return {...state, overlay: {...overlay, offset: clamp(moves[id] ?? overlay.offset, 0, last)}};
}

/** Remembers the place (the open article's line, the selection) and quits. */
export function quit<S extends ReaderSlice & ListSlice & MarksSlice>(state: S): Step<S> {
	const selected = selectedOf(state);
	const remember: Effect[] = selected ? [{type: 'save-selected', id: selected.id}] : [];
	const [left, effects] = leaving(state);
	return [left, [...effects, ...remember, {type: 'quit'}]];
}

export function fetchFeeds<S extends StatusSlice>(state: S): Step<S> {
	if (state.fetching) {
		// `r` while the reader's own refresh runs: that fetch now says what it brought (issue 18).
		return [{...state, fetchingQuietly: false, status: state.fetchingQuietly === true ? 'Fetching the feeds…' : 'Already fetching the feeds…'}, []];
	}

	return [{...state, fetching: true, status: 'Fetching the feeds…'}, [{type: 'fetch-feeds'}]];
}

export const feedsFetched = <S extends StatusSlice>(state: S, message: string): S => ({...state, fetching: false, status: message});
