/**
Which articles the list shows, and where the cursor lands when that changes. The view, the filter and "unread only"
are one `filterArticles` pass over the library (its folded fields are built once per list); the source and tag
narrowing is a pass over the matches only; the cursor is found by binary search. Nothing else on the key path is
proportional to the library.
*/
import type {ArticleMeta} from '../core/types.js';
import {compileQuery, filterArticles, parseQuery, type Query} from '../core/query/index.js';
import {identity, lowerBound} from '../core/util/sorted.js';
import {clamp, keepInView} from './scroll.js';
import {listPaneRows as listRows} from './layout.js';
import type {FindSlice, FindState, ListSlice, MarksSlice, ScreenSlice} from './slices.js';

export const unreadTerm: Query = {kind: 'is', state: 'unread', start: 0, end: 0};

export const and = (parts: readonly Query[]): Query => {
	if (parts.length === 0) {
		return {kind: 'all'};
	}

	return parts.length === 1 ? parts[0]! : {kind: 'and', items: parts};
};

export const isNarrowed = (find: FindState): boolean =>
	find.filter !== '' || find.narrow.source !== undefined || find.narrow.tag !== undefined || find.narrow.view !== undefined;

function baseParts(find: FindState): Query[] {
	const parts: Query[] = [];
	if (find.narrow.view !== undefined) {
		const parsed = parseQuery(find.narrow.view.query);
		if (parsed.ok) {
			parts.push(parsed.query);
		}
	}

	if (find.filterQuery !== undefined && find.filterQuery.kind !== 'all') {
		parts.push(find.filterQuery);
	}

	return parts;
}

function narrowTest(find: FindState): ((meta: ArticleMeta) => boolean) | undefined {
	const {source, tag} = find.narrow;
	if (source === undefined && tag === undefined) {
		return undefined;
	}

	return meta => (source === undefined || meta.source === source) && (tag === undefined || (meta.tags as readonly string[]).includes(tag));
}

type Membership = FindSlice & MarksSlice & Pick<ListSlice, 'unreadOnly'>;

/**
The positions in `all` the list shows. `keep` (a position in `all`) stays listed under "unread only" when it matches
everything else, so the article just read does not vanish from under the cursor.
*/
export function visibleFor(state: Membership, all: readonly ArticleMeta[], keep?: number): number[] {
	const parts = baseParts(state.find);
	const {marks} = state;
	let matches = filterArticles(and(state.unreadOnly ? [...parts, unreadTerm] : parts), all, marks);
	const narrow = narrowTest(state.find);
	if (narrow !== undefined) {
		matches = matches.filter(index => narrow(all[index]!));
	}

	if (state.unreadOnly && keep !== undefined && all[keep] !== undefined) {
		const meta = all[keep];
		const at = lowerBound(matches, keep, identity);
		if (matches[at] !== keep) {
			const row = {meta, read: marks.isRead(meta.id), starred: marks.isStarred(meta.id)};
			if (compileQuery(and(parts))(row) && (narrow === undefined || narrow(meta))) {
				matches.splice(at, 0, keep);
			}
		}
	}

	return matches;
}

/** Puts the cursor at `cursor` (clamped) and scrolls the list to keep it in view. */
export function selectAt<S extends ListSlice & ScreenSlice>(state: S, cursor: number): S {
	const next = clamp(cursor, 0, Math.max(0, state.visible.length - 1));
	return {...state, cursor: next, listOffset: keepInView(state.listOffset, next, listRows(state), state.visible.length)};
}

/**
Recomputes `visible` for the current finding state, keeping the selected article selected when it is still listed;
otherwise the cursor goes to the top (`'top'`, for a new filter) or to the nearest article before it (`'nearest'`).
*/
export function refilter<S extends ListSlice & ScreenSlice & Membership>(state: S, fallback: 'top' | 'nearest' = 'top', all = state.all, keepId?: string, keepAt?: number): S {
	let keep = keepAt ?? state.visible[state.cursor];
	if (keepId !== undefined) {
		const found = all.findIndex(meta => meta.id === keepId);
		keep = found === -1 ? undefined : found;
	}

	const visible = visibleFor(state, all, keep);
	let cursor = 0;
	if (keep !== undefined) {
		const at = lowerBound(visible, keep, identity);
		if (visible[at] === keep) {
			cursor = at;
		} else if (fallback === 'nearest') {
			cursor = Math.max(0, at - 1);
		}
	}

	return selectAt({...state, all, visible, listOffset: visible.length === state.visible.length ? state.listOffset : 0}, cursor);
}

/** Articles of `all` not read. */
export function countUnread(all: readonly ArticleMeta[], marks: MarksSlice['marks']): number {
	let count = 0;
	for (const meta of all) {
		if (!marks.isRead(meta.id)) {
			count++;
		}
	}

	return count;
}

export function selectedOf(state: ListSlice): ArticleMeta | undefined {
	const index = state.visible[state.cursor];
	return index === undefined ? undefined : state.all[index];
}
