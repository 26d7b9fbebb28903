/**
The list: moving the selection, and taking in the library (a whole load, or only the articles a fetch wrote). Owns
`all`, `visible`, `cursor`, `listOffset`, `loading` and the unread count of a new library.
*/
import type {ArticleMeta} from '../../core/types.js';
import {indexInSorted, insertSorted} from '../../core/library/sort.js';
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
export function articlesIngested<S extends Listing>(state: S, articles: readonly ArticleMeta[], message?: string): Step<S> {
	const status = message ?? state.status;
	if (articles.length === 0) {
		return [{...state, status}, []];
	}

	const next = mergeRows(state, articles, []);
	return [{...next, status}, next === state ? [] : afterLoad(state, next.all)];
}

const sameFile = (a: ArticleMeta, b: ArticleMeta) => a.id === b.id && a.size === b.size && a.mtimeMs === b.mtimeMs && a.title === b.title && a.date === b.date && a.error === b.error;

// Each list's rows by path, for merging a few rows into it without a pass over all of it. The map moves on to the
// merged list (a list is replaced, never changed, and the old one is not merged into again). `filled`: how many of
// the list's rows are in it yet (it is built in slices after the first frame).
const pathMaps = new WeakMap<readonly ArticleMeta[], {readonly map: Map<string, ArticleMeta>; filled: number}>();

/**
Builds the list's path map ahead, up to row `to` (after the frame that shows a loaded list, in slices between keys),
so the first merge does not pay for it: 100,000 rows at once take 10-30 ms.
*/
export function prepareMerge(all: readonly ArticleMeta[], to = all.length): void {
	let entry = pathMaps.get(all);
	if (entry === undefined) {
		entry = {map: new Map(), filled: 0};
		pathMaps.set(all, entry);
	}

	const end = Math.min(to, all.length);
	for (let index = entry.filled; index < end; index++) {
		const meta = all[index]!;
		entry.map.set(meta.path, meta);
	}

	entry.filled = Math.max(entry.filled, end);
}

function pathsOf(all: readonly ArticleMeta[]): Map<string, ArticleMeta> {
	prepareMerge(all);
	return pathMaps.get(all)!.map;
}

/**
Rows added, changed or removed (a fetch, the watched library): merged by path. The selected article stays selected
and on the same row of the screen, even when rows arrive above it (issue 18); nothing changed gives back `state`.
A few rows in a list of 100,000 cost a few binary searches, not a pass over the list.
*/
export function mergeRows<S extends Listing>(state: S, upserts: readonly ArticleMeta[], removed: readonly string[]): S {
	const order = state.find.sort;
	const paths = pathsOf(state.all);
	const leaving: ArticleMeta[] = [];
	const placed: ArticleMeta[] = [];
	for (const path of removed) {
		const before = paths.get(path);
		if (before !== undefined) {
			leaving.push(before);
		}
	}

	for (const meta of withoutIgnored(upserts, state.marks)) {
		const before = paths.get(meta.path);
		if (before !== undefined && sameFile(before, meta)) {
			continue;
		}

		if (before !== undefined) {
			leaving.push(before);
		}

		placed.push(meta);
	}

	if (leaving.length === 0 && placed.length === 0) {
		return state;
	}

	// The unread count moves by what left and what came (counting 100,000 again per fetched feed would not do).
	const isUnread = (meta: ArticleMeta) => (state.marks.isRead(meta.id) ? 0 : 1);
	let unread = state.unreadCount;
	let kept: readonly ArticleMeta[] = state.all;
	if (leaving.length > 0) {
		const out = leaving.length > 256 ? undefined : [...state.all];
		for (const meta of leaving) {
			unread -= isUnread(meta);
			paths.delete(meta.path);
			if (out !== undefined) {
				const at = indexInSorted(out, meta, order);
				if (at !== -1) {
					out.splice(at, 1);
				}
			}
		}

		kept = out ?? state.all.filter(meta => paths.get(meta.path) === meta);
	}

	for (const meta of placed) {
		unread += isUnread(meta);
		paths.set(meta.path, meta);
	}

	const all = insertSorted(kept, placed, order);
	pathMaps.delete(state.all);
	pathMaps.set(all, {map: paths, filled: all.length});
	const screenRow = state.cursor - state.listOffset;
	const selected = selectedOf(state);
	const keepAt = selected === undefined ? -1 : indexInSorted(all, selected, order);
	const next = refilter({...state, unreadCount: Math.max(0, unread)}, 'nearest', all, undefined, keepAt === -1 ? undefined : keepAt);
	return {...next, listOffset: clampOffset(next.cursor - screenRow, listRows(next), next.visible.length)};
}
