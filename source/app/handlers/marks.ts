/**
Read marks and stars: the model flips them (source/app/marks.ts) and moves the unread count by what really changed;
the store is written by the `mark` effect, through the undo journal. Owns `marks` and `unreadCount`, and the confirm
overlay of "mark all read".
*/
import type {ArticleMeta} from '../../core/types.js';
import type {Step} from '../actions.js';
import {keyHint} from '../keymap.js';
import type {MarkKind} from '../marks.js';
import type {FindSlice, ListSlice, MarksSlice, OverlaySlice, ReaderSlice, ScreenSlice, StatusSlice} from '../slices.js';
import {clamp} from '../scroll.js';
import {countUnread, refilter, selectedOf} from '../visible.js';

/** Sets a mark on ids of the library, in the model, with the effect that keeps it. Nothing changes: no effect. */
export function setMarks<S extends MarksSlice & Pick<ListSlice, 'all'>>(state: S, kind: MarkKind, ids: readonly string[], value: boolean): Step<S> {
	const {marks, flipped} = state.marks.set(kind, ids, value);
	if (flipped.length === 0) {
		return [state, []];
	}

	const unreadCount = kind === 'read' ? clamp(state.unreadCount + (value ? -flipped.length : flipped.length), 0, state.all.length) : state.unreadCount;
	return [{...state, marks, unreadCount}, [{type: 'mark', kind, ids: flipped, value}]];
}

/** The article `m`, `s` act on: the open one, else the selected one. */
export const targetOf = (state: ReaderSlice & ListSlice): ArticleMeta | undefined => state.article?.meta ?? selectedOf(state);

export function toggleRead<S extends MarksSlice & ReaderSlice & ListSlice & StatusSlice>(state: S): Step<S> {
	const meta = targetOf(state);
	if (!meta) {
		return [state, []];
	}

	const read = !state.marks.isRead(meta.id);
	const [next, effects] = setMarks(state, 'read', [meta.id], read);
	return [{...next, status: `${read ? 'Marked read' : 'Marked unread'} (${keyHint('marks.undo')} undoes)`}, effects];
}

export function toggleStar<S extends MarksSlice & Pick<ListSlice, 'all'> & StatusSlice>(state: S, meta: ArticleMeta | undefined): Step<S> {
	if (meta === undefined) {
		return [state, []];
	}

	const starred = !state.marks.isStarred(meta.id);
	const [next, effects] = setMarks(state, 'star', [meta.id], starred);
	return [{...next, status: `${starred ? 'Starred' : 'Unstarred'} (${keyHint('marks.undo')} undoes)`}, effects];
}

/** `A`: asks first, naming how many listed articles it would mark. */
export function askMarkAll<S extends MarksSlice & ListSlice & OverlaySlice & StatusSlice>(state: S): Step<S> {
	const ids = state.visible.map(index => state.all[index]!.id).filter(id => !state.marks.isRead(id));
	if (ids.length === 0) {
		return [{...state, status: 'Nothing to mark: every listed article is read'}, []];
	}

	const noun = ids.length === 1 ? 'article' : 'articles';
	return [{...state, overlay: {kind: 'confirm', ids, message: `Mark ${ids.length} listed ${noun} read? (${keyHint('confirm.yes')}/${keyHint('confirm.no')})`}}, []];
}

export function confirm<S extends MarksSlice & ListSlice & OverlaySlice & StatusSlice>(state: S, yes: boolean): Step<S> {
	if (state.overlay?.kind !== 'confirm') {
		return [state, []];
	}

	if (!yes) {
		return [{...state, overlay: undefined, status: 'Nothing changed'}, []];
	}

	const {ids} = state.overlay;
	const [next, effects] = setMarks({...state, overlay: undefined}, 'read', ids, true);
	return [{...next, status: `Marked ${ids.length} read (${keyHint('marks.undo')} undoes)`}, effects];
}

/** The store's journal took a change back (or put it back): the model follows, and "unread only" lists again. */
export function marksApplied<S extends MarksSlice & ListSlice & StatusSlice & ScreenSlice & FindSlice>(state: S, action: {readonly kind: MarkKind; readonly ids: readonly string[]; readonly values: readonly boolean[]; readonly message: string}): Step<S> {
	const {marks, flipped} = state.marks.setEach(action.kind, action.ids, action.values);
	if (flipped.length === 0) {
		return [{...state, status: action.message}, []];
	}

	const changed = {...state, marks, unreadCount: action.kind === 'read' ? countUnread(state.all, marks) : state.unreadCount, status: action.message};
	return [state.unreadOnly || action.kind === 'star' ? refilter(changed, 'nearest') : changed, []];
}
