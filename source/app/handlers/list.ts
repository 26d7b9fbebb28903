/**
The list: moving the selection, and taking in the library (a whole load, or only the articles a fetch wrote). Owns
`all`, `visible`, `cursor`, `listOffset`, `loading` and the unread count of a new library.
*/
import type {ArticleMeta} from '../../core/types.js';
import {sortArticles} from '../../core/library/sort.js';
import type {Step} from '../actions.js';
import type {CommandId} from '../keymap.js';
import {listPaneRows as listRows} from '../layout.js';
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
export function articlesIngested<S extends Listing>(state: S, articles: readonly ArticleMeta[], message: string): Step<S> {
	if (articles.length === 0) {
		return [{...state, status: message}, []];
	}

	const byPath = new Map(withoutIgnored(articles, state.marks).map(meta => [meta.path, meta]));
	const merged: ArticleMeta[] = [];
	for (const meta of state.all) {
		const fresh = byPath.get(meta.path);
		merged.push(fresh ?? meta);
		byPath.delete(meta.path);
	}

	merged.push(...byPath.values());
	const all = sortArticles(merged, state.find.sort);
	const selected = selectedOf(state)?.id;
	const next = refilter({...state, unreadCount: countUnread(all, state.marks), status: message}, 'nearest', all, selected);
	return [next, afterLoad(state, all)];
}
