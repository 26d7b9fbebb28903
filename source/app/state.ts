/**
The reader's whole state: the union of the slices (source/app/slices.ts), each changed only by its handler. Views read
it; only the root reducer (source/app/reducer.ts) builds a new one.
*/
import type {SortOrder} from '../core/library/sort.js';
import type {ArticleMeta} from '../core/types.js';
import type {Context} from './keymap.js';
import {readingWidth, type PaneMode} from './layout.js';
import {Marks} from './marks.js';
import {initialFind} from './handlers/finding.js';
import type {FindSlice, ListSlice, MarksSlice, MediaSlice, OverlaySlice, PaneSlice, ReaderSlice, ScreenSlice, StatusSlice} from './slices.js';
import {selectedOf} from './visible.js';

export type AppState = ListSlice & MarksSlice & ScreenSlice & StatusSlice & ReaderSlice & OverlaySlice & FindSlice & PaneSlice & MediaSlice;

export type {Action, Effect} from './actions.js';
export {articleRows, bodyWidth, listRows} from './layout.js';
export {Marks} from './marks.js';

export function initialState(options: {rows: number; columns: number; marks?: Marks; readingWidth?: number; unreadOnly?: boolean; selected?: string; sort?: SortOrder; panes?: PaneMode}): AppState {
	return {
		all: [],
		visible: [],
		cursor: 0,
		listOffset: 0,
		rows: options.rows,
		columns: options.columns,
		readingWidth: options.readingWidth ?? readingWidth.default,
		unreadOnly: options.unreadOnly ?? false,
		unreadCount: 0,
		loading: true,
		marks: options.marks ?? Marks.empty(),
		wantedId: options.selected,
		find: initialFind(options.sort),
		panes: options.panes ?? 'single',
	};
}

/** Where a key is pressed, decided once per key (the root reducer resolves the key in this context). */
export function contextOf(state: AppState): Context {
	const {overlay, article} = state;
	if (overlay !== undefined) {
		return overlay.kind;
	}

	if (state.find.prompt !== undefined) {
		return 'prompt';
	}

	if (article !== undefined) {
		if (article.imageView !== undefined) {
			return 'image';
		}

		if (article.wide !== undefined) {
			return 'wide';
		}

		if (article.reading?.prompt !== undefined) {
			return 'article-prompt';
		}

		return article.reading?.search === undefined ? 'article' : 'article-found';
	}

	return state.find.results === undefined ? 'list' : 'results';
}

export const selectedMeta = (state: AppState): ArticleMeta | undefined => selectedOf(state);
