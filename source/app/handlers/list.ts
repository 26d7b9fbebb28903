/**
The list: moving the selection, and taking in the library (a whole load, or only the articles a fetch wrote). Owns
`all`, `visible`, `cursor`, `listOffset`, `loading` and the unread count of a new library.
*/
import type {ArticleMeta} from '../../core/types.js';
import {sortArticles} from '../../core/library/sort.js';
import type {Step} from '../actions.js';
import type {CommandId} from '../keymap.js';
import {listRows} from '../layout.js';
import {clampOffset, keepInView, moveCursor} from '../scroll.js';
import type {FindSlice, ListSlice, MarksSlice, ScreenSlice, StatusSlice} from '../slices.js';
import {countUnread, refilter, selectAt, selectedOf, visibleFor} from '../visible.js';
import {afterLoad, sortedForFind} from './finding.js';
import {withoutIgnored} from '../display-rules.js';

type Listing = ListSlice & MarksSlice & ScreenSlice & FindSlice & StatusSlice;

/** The movement commands in the list. */
export function moveList<S extends ListSlice & ScreenSlice>(state: S, id: CommandId): S {
	const cursor = moveCursor(id, state.cursor, listRows(state), state.visible.length);
	return cursor === undefined ? state : selectAt(state, cursor);
}

/** The library, read whole: the selection stays on its article (or the one remembered from the last run). */
export function libraryLoaded<S extends Listing>(state: S, loaded: readonly ArticleMeta[], final: boolean): Step<S> {
	// The config file's `ignore` queries hide articles here, once per load (source/app/display-rules.ts).
	const all = sortedForFind(state, withoutIgnored(loaded, state.marks));
	const current = selectedOf(state)?.id ?? state.wantedId;
	const keep = current === undefined ? undefined : all.findIndex(meta => meta.id === current);
	const visible = visibleFor(state, all, keep === -1 ? undefined : keep);
	let cursor = 0;
	if (current !== undefined) {
		const found = visible.findIndex(index => all[index]!.id === current);
		cursor = found === -1 ? Math.min(state.cursor, Math.max(0, visible.length - 1)) : found;
	}

	const next: S = {
		...state,
		all,
		visible,
		loading: !final,
		unreadCount: countUnread(all, state.marks),
		wantedId: final ? undefined : state.wantedId,
	};
	// Centre a restored selection rather than pinning it to the bottom edge.
	const rows = listRows(next);
	const listOffset = state.all.length === 0 ? clampOffset(cursor - Math.floor(rows / 2), rows, visible.length) : keepInView(state.listOffset, cursor, rows, visible.length);
	return [{...next, cursor, listOffset}, final ? afterLoad(state, all) : []];
}

/**
Articles a fetch wrote (new or updated files): merged into the list by path, without reading the rest of the library
again; the selection stays where it was.
*/
export function articlesIngested<S extends Listing>(state: S, articles: readonly ArticleMeta[], message?: string): Step<S> {
	const status = message ?? state.status;
	if (articles.length === 0) {
		return [{...state, status}, []];
	}

	const next = mergeRows(state, articles, []);
	return [{...next, status}, next === state ? [] : afterLoad(state, next.all)];
}

const sameFile = (a: ArticleMeta, b: ArticleMeta) => a.id === b.id && a.size === b.size && a.mtimeMs === b.mtimeMs;

/**
Rows added, changed or removed (a fetch, the watched library): merged by path. The selected article stays selected
and on the same row of the screen, even when rows arrive above it (issue 18); nothing changed gives back `state`.
*/
export function mergeRows<S extends Listing>(state: S, upserts: readonly ArticleMeta[], removed: readonly string[]): S {
	const byPath = new Map(withoutIgnored(upserts, state.marks).map(meta => [meta.path, meta]));
	const gone = new Set(removed);
	let changed = false;
	const merged: ArticleMeta[] = [];
	for (const meta of state.all) {
		if (gone.has(meta.path)) {
			changed = true;
			continue;
		}

		const fresh = byPath.get(meta.path);
		if (fresh === undefined) {
			merged.push(meta);
			continue;
		}

		byPath.delete(meta.path);
		changed ||= !sameFile(fresh, meta);
		merged.push(fresh);
	}

	if (!changed && byPath.size === 0) {
		return state;
	}

	merged.push(...byPath.values());
	const all = sortArticles(merged, state.find.sort);
	const screenRow = state.cursor - state.listOffset;
	const next = refilter({...state, unreadCount: countUnread(all, state.marks)}, 'nearest', all, selectedOf(state)?.id);
	return {...next, listOffset: clampOffset(next.cursor - screenRow, listRows(next), next.visible.length)};
}
