import type {ArticleMeta} from '../core/types.js';
import type {RenderedArticle} from '../core/render/render-article.js';
import {resolveCommand, type CommandId, type Context} from './keymap.js';
import {clamp, clampOffset, keepInView} from './scroll.js';
import {findContext, findingReducer, initialFind, type FindAction, type FindEffect, type FindState, type PickerOverlay} from './finding.js';
import type {SortOrder} from '../core/library/sort.js';
import {readingContext, readingReducer, type Reading, type ReadingEffect, type ReadingOverlay} from './reading.js';
import {wideContext, wideReducer, type WideAction, type WideEffect, type WideView} from './wide.js';

/** Read marks as the reducer sees them: a live view of the state store, never copied per change. */
export type Marks = {
	isRead(id: string): boolean;
	/** The remembered scroll line of an article, if any. */
	position(id: string): number | undefined;
	/** Whether an article is starred; absent means none is. */
	isStarred?(id: string): boolean;
};

export type Overlay =
	| {readonly kind: 'help'; readonly offset: number}
	| {readonly kind: 'confirm'; readonly message: string; readonly ids: readonly string[]}
	| PickerOverlay
	| ReadingOverlay;

export type OpenArticle = {
	readonly id: string;
	readonly meta: ArticleMeta;
	/** Lines once rendered for `width`; undefined while loading. */
	readonly rendered?: RenderedArticle;
	readonly offset: number;
	/** Where to put `offset` once the lines arrive (the remembered position). */
	readonly pendingOffset?: number;
	/** Full-text search terms when opened from search results: the reader opens at the first match (source/app/finding.ts). */
	readonly findTerms?: readonly string[];
	/** The reading page's own state: search, prompt, highlighted link, typed number, history (source/app/reading.ts). */
	readonly reading?: Reading;
	/** Wide mode: a table or code block shown whole, scrolled sideways (source/app/wide.ts). */
	readonly wide?: WideView;
};

export type AppState = {
	/** Every article, sorted. */
	readonly all: readonly ArticleMeta[];
	/** Indices into `all` that the list shows (all, or unread only). */
	readonly visible: readonly number[];
	readonly cursor: number;
	readonly listOffset: number;
	readonly article?: OpenArticle;
	readonly overlay?: Overlay;
	readonly rows: number;
	readonly columns: number;
	/** Preferred reading width (columns); the reader uses less when the terminal is narrower. */
	readonly readingWidth: number;
	readonly unreadOnly: boolean;
	readonly unreadCount: number;
	readonly loading: boolean;
	readonly status?: string;
	readonly marks: Marks;
	/** Bumped whenever marks change, so views that show them re-render. */
	readonly marksVersion: number;
	/** The id to select once the library is loaded (restored from the last run). */
	readonly wantedId?: string;
	/** A background feed fetch is running (`r`). */
	readonly fetching?: boolean;
	/** Filter, narrowing, sort, search results, pickers and prompts (source/app/finding.ts). */
	readonly find: FindState;
};

export type Action =
	| {type: 'key'; spec: string}
	| {type: 'command'; command: CommandId}
	| {type: 'resize'; rows: number; columns: number}
	| {type: 'library-loaded'; articles: readonly ArticleMeta[]; final: boolean}
	/** `preview`: the first part of a long article, shown while the rest renders; the full lines follow. */
	| {type: 'article-rendered'; id: string; width: number; rendered: RenderedArticle; preview?: boolean}
	/** `unreadDelta`, when the change is known to move the unread count by exactly that; else it is counted again. */
	| {type: 'marks-changed'; unreadDelta?: number}
	| {type: 'feeds-fetched'; message: string}
	| {type: 'status'; message?: string}
	| FindAction
	| WideAction;

export type Effect =
	| {type: 'render-article'; meta: ArticleMeta; width: number}
	| {type: 'mark'; ids: readonly string[]; read: boolean}
	| {type: 'save-position'; id: string; line: number}
	| {type: 'save-selected'; id: string}
	| {type: 'save-setting'; key: 'unreadOnly'; value: boolean}
	| {type: 'fetch-feeds'}
	| {type: 'quit'}
	| FindEffect
	| ReadingEffect
	| WideEffect;

export type Step = readonly [AppState, readonly Effect[]];

export function initialState(options: {rows: number; columns: number; marks: Marks; readingWidth?: number; unreadOnly?: boolean; selected?: string; sort?: SortOrder}): AppState {
	return {
		all: [],
		visible: [],
		cursor: 0,
		listOffset: 0,
		rows: options.rows,
		columns: options.columns,
		readingWidth: options.readingWidth ?? 80,
		unreadOnly: options.unreadOnly ?? false,
		unreadCount: 0,
		loading: true,
		marks: options.marks,
		marksVersion: 0,
		wantedId: options.selected,
		find: initialFind(options.sort),
	};
}

// Layout: the list has a header and a footer row; the reader a two-row header and a status row. Tiny terminals drop
// the chrome first, so that at least one row of content is always shown.
export function listRows(state: Pick<AppState, 'rows'>): number {
	return state.rows >= 4 ? state.rows - 2 : Math.max(1, state.rows);
}

export function articleRows(state: Pick<AppState, 'rows'>): number {
	if (state.rows >= 6) {
		return state.rows - 3;
	}

	return state.rows >= 3 ? state.rows - 1 : Math.max(1, state.rows);
}

/** The columns the article body is rendered for: the reading width, or less in a narrow terminal. */
export function bodyWidth(state: Pick<AppState, 'columns' | 'readingWidth'>): number {
	return Math.max(10, Math.min(state.readingWidth, state.columns - 2));
}

export function contextOf(state: AppState): Context {
	const finding = findContext(state);
	if (finding !== undefined) {
		return finding;
	}

	const wide = wideContext(state);
	if (wide !== undefined) {
		return wide;
	}

	const reading = readingContext(state);
	if (reading !== undefined) {
		return reading;
	}

	if (state.overlay?.kind === 'confirm') {
		return 'confirm';
	}

	if (state.overlay?.kind === 'help') {
		return 'help';
	}

	return state.article ? 'article' : 'list';
}

const countUnread = (all: readonly ArticleMeta[], marks: Marks) => {
	let count = 0;
	for (const meta of all) {
		if (!marks.isRead(meta.id)) {
			count++;
		}
	}

	return count;
};

function computeVisible(all: readonly ArticleMeta[], marks: Marks, unreadOnly: boolean, keep?: string): number[] {
	const visible: number[] = [];
	for (const [index, meta] of all.entries()) {
		if (!unreadOnly || !marks.isRead(meta.id) || meta.id === keep) {
			visible.push(index);
		}
	}

	return visible;
}

export const selectedMeta = (state: AppState): ArticleMeta | undefined => {
	const index = state.visible[state.cursor];
	return index === undefined ? undefined : state.all[index];
};

function select(state: AppState, cursor: number): AppState {
	const next = clamp(cursor, 0, Math.max(0, state.visible.length - 1));
	return {...state, cursor: next, listOffset: keepInView(state.listOffset, next, listRows(state), state.visible.length)};
}

function openAt(state: AppState, cursor: number, positions: Effect[] = []): Step {
	const selected = select(state, cursor);
	const meta = selectedMeta(selected);
	if (!meta) {
		return [state, positions];
	}

	const effects: Effect[] = [...positions, {type: 'render-article', meta, width: bodyWidth(state)}, {type: 'save-selected', id: meta.id}];
	if (!state.marks.isRead(meta.id)) {
		effects.push({type: 'mark', ids: [meta.id], read: true});
	}

	return [{...selected, article: {id: meta.id, meta, offset: 0, pendingOffset: state.marks.position(meta.id)}, status: undefined}, effects];
}

function leaveArticle(state: AppState): Effect[] {
	return state.article?.rendered ? [{type: 'save-position', id: state.article.id, line: state.article.offset}] : [];
}

function scrollArticle(state: AppState, to: (offset: number, page: number, max: number) => number): AppState {
	const {article} = state;
	if (!article?.rendered) {
		return state;
	}

	const page = articleRows(state);
	const max = Math.max(0, article.rendered.lines.length - page);
	return {...state, article: {...article, offset: clamp(to(article.offset, page, max), 0, max)}};
}

function moveList(state: AppState, to: (cursor: number, page: number, last: number) => number): AppState {
	return select(state, to(state.cursor, listRows(state), state.visible.length - 1));
}

function nextUnreadIndex(state: AppState, from: number): number | undefined {
	for (let cursor = from + 1; cursor < state.visible.length; cursor++) {
		const meta = state.all[state.visible[cursor]!];
		if (meta && !state.marks.isRead(meta.id)) {
			return cursor;
		}
	}

	return undefined;
}

function command(state: AppState, id: CommandId): Step {
	const inArticle = state.article !== undefined && state.overlay === undefined;
	const inHelp = state.overlay?.kind === 'help';
	const move = (list: (cursor: number, page: number, last: number) => number, article: (offset: number, page: number, max: number) => number): Step => {
		if (inHelp && state.overlay?.kind === 'help') {
			const offset = Math.max(0, article(state.overlay.offset, Math.max(1, state.rows - 2), Number.MAX_SAFE_INTEGER));
			return [{...state, overlay: {kind: 'help', offset}}, []];
		}

		return [inArticle ? scrollArticle(state, article) : moveList(state, list), []];
	};

	switch (id) {
		case 'move.down': {
			return move(c => c + 1, o => o + 1);
		}

		case 'move.up': {
			return move(c => c - 1, o => o - 1);
		}

		case 'move.pageDown': {
			return move((c, page) => c + page, (o, page) => o + Math.max(1, page - 1));
		}

		case 'move.pageUp': {
			return move((c, page) => c - page, (o, page) => o - Math.max(1, page - 1));
		}

		case 'move.halfDown': {
			return move((c, page) => c + Math.max(1, Math.floor(page / 2)), (o, page) => o + Math.max(1, Math.floor(page / 2)));
		}

		case 'move.halfUp': {
			return move((c, page) => c - Math.max(1, Math.floor(page / 2)), (o, page) => o - Math.max(1, Math.floor(page / 2)));
		}

		case 'move.top': {
			return move(() => 0, () => 0);
		}

		case 'move.bottom': {
			return move((_c, _page, last) => last, (_o, _page, max) => max);
		}

		case 'article.open': {
			return openAt(state, state.cursor);
		}

		case 'article.back': {
			return [{...state, article: undefined}, leaveArticle(state)];
		}

		case 'article.next': {
			if (state.cursor >= state.visible.length - 1) {
				return [{...state, status: 'This is the last article'}, []];
			}

			return openAt(state, state.cursor + 1, leaveArticle(state));
		}

		case 'article.previous': {
			if (state.cursor <= 0) {
				return [{...state, status: 'This is the first article'}, []];
			}

			return openAt(state, state.cursor - 1, leaveArticle(state));
		}

		case 'article.nextUnread': {
			const next = nextUnreadIndex(state, state.cursor);
			if (next === undefined) {
				return [{...state, status: 'No unread articles below this one'}, []];
			}

			return inArticle ? openAt(state, next, leaveArticle(state)) : [select(state, next), []];
		}

		case 'read.toggle': {
			const meta = state.article?.meta ?? selectedMeta(state);
			if (!meta) {
				return [state, []];
			}

			const read = !state.marks.isRead(meta.id);
			return [{...state, status: read ? 'Marked read' : 'Marked unread'}, [{type: 'mark', ids: [meta.id], read}]];
		}

		case 'read.all': {
			const ids = state.visible.map(index => state.all[index]!.id).filter(articleId => !state.marks.isRead(articleId));
			if (ids.length === 0) {
				return [{...state, status: 'Nothing to mark: every listed article is read'}, []];
			}

			const noun = ids.length === 1 ? 'article' : 'articles';
			return [{...state, overlay: {kind: 'confirm', ids, message: `Mark ${ids.length} listed ${noun} read? (y/n)`}}, []];
		}

		case 'confirm.yes': {
			if (state.overlay?.kind !== 'confirm') {
				return [state, []];
			}

			return [{...state, overlay: undefined, status: `Marked ${state.overlay.ids.length} read`}, [{type: 'mark', ids: state.overlay.ids, read: true}]];
		}

		case 'confirm.no': {
			return [{...state, overlay: undefined, status: 'Nothing changed'}, []];
		}

		case 'list.unreadOnly': {
			const unreadOnly = !state.unreadOnly;
			const current = selectedMeta(state)?.id;
			const visible = computeVisible(state.all, state.marks, unreadOnly);
			const cursor = Math.max(0, current === undefined ? 0 : nearestCursor(state, visible, current));
			return [
				select({...state, unreadOnly, visible, listOffset: 0, status: unreadOnly ? 'Showing unread articles only' : 'Showing all articles'}, cursor),
				[{type: 'save-setting', key: 'unreadOnly', value: unreadOnly}],
			];
		}

		case 'feeds.fetch': {
			if (state.fetching) {
				return [{...state, status: 'Already fetching the feeds…'}, []];
			}

			return [{...state, fetching: true, status: 'Fetching the feeds…'}, [{type: 'fetch-feeds'}]];
		}

		case 'help.toggle': {
			return [{...state, overlay: {kind: 'help', offset: 0}}, []];
		}

		case 'help.close': {
			return [{...state, overlay: undefined}, []];
		}

		case 'app.quit': {
			const selected = selectedMeta(state);
			const remember: Effect[] = selected ? [{type: 'save-selected', id: selected.id}] : [];
			return [state, [...leaveArticle(state), ...remember, {type: 'quit'}]];
		}

		default: {
			// Finding and keeping commands are handled in finding.ts before they get here.
			return [state, []];
		}
	}
}

/** Where the cursor goes in a new visible list: the same article if it is there, else the nearest one before it. */
function nearestCursor(state: AppState, visible: readonly number[], id: string): number {
	const target = state.all.findIndex(meta => meta.id === id);
	let best = 0;
	for (const [cursor, index] of visible.entries()) {
		if (index <= target) {
			best = cursor;
		}

		if (index >= target) {
			break;
		}
	}

	return best;
}

/** The reducer: finding and keeping (source/app/finding.ts) first, which hands everything else to `baseReducer`. */
export function reducer(state: AppState, action: Action): Step {
	return findingReducer(state, action, (current, next) => wideReducer(current, next, (wideState, wideAction) => readingReducer(wideState, wideAction, baseReducer)));
}

function baseReducer(state: AppState, action: Action): Step {
	switch (action.type) {
		case 'key': {
			const id = resolveCommand(contextOf(state), action.spec);
			if (id === undefined) {
				return [state, []];
			}

			const [next, effects] = command(state.status === undefined ? state : {...state, status: undefined}, id);
			return [next, effects];
		}

		case 'command': {
			return command(state, action.command);
		}

		case 'resize': {
			const resized = {...state, rows: Math.max(1, action.rows), columns: Math.max(1, action.columns)};
			const listed = select(resized, resized.cursor);
			const {article} = listed;
			if (article?.rendered && article.rendered.width !== bodyWidth(listed)) {
				// Re-wrap at the new width; `article-rendered` keeps the reader at the same fraction of the article.
				return [listed, [{type: 'render-article', meta: article.meta, width: bodyWidth(listed)}]];
			}

			return [article ? scrollArticle(listed, offset => offset) : listed, []];
		}

		case 'library-loaded': {
			const current = selectedMeta(state)?.id ?? state.wantedId;
			const all = action.articles;
			const visible = computeVisible(all, state.marks, state.unreadOnly, current);
			let cursor = 0;
			if (current !== undefined) {
				const found = visible.findIndex(index => all[index]!.id === current);
				cursor = found === -1 ? Math.min(state.cursor, Math.max(0, visible.length - 1)) : found;
			}

			const loaded: AppState = {
				...state,
				all,
				visible,
				loading: !action.final,
				unreadCount: countUnread(all, state.marks),
				wantedId: action.final ? undefined : state.wantedId,
			};
			// Centre a restored selection rather than pinning it to the bottom edge.
			const offset = clampOffset(cursor - Math.floor(listRows(loaded) / 2), listRows(loaded), visible.length);
			return [{...loaded, cursor, listOffset: state.all.length === 0 ? offset : keepInView(state.listOffset, cursor, listRows(loaded), visible.length)}, []];
		}

		case 'article-rendered': {
			const {article} = state;
			if (!article || article.id !== action.id) {
				return [state, []];
			}

			const old = article.rendered;
			let offset = article.pendingOffset ?? article.offset;
			if (old && old.lines.length > 0 && old.width !== action.width) {
				offset = Math.round((article.offset / old.lines.length) * action.rendered.lines.length);
			}

			const max = Math.max(0, action.rendered.lines.length - articleRows(state));
			// A remembered position past the end of a preview waits for the full lines.
			const pendingOffset = action.preview && article.pendingOffset !== undefined && article.pendingOffset > max ? article.pendingOffset : undefined;
			const next = {...state, article: {...article, rendered: action.rendered, pendingOffset, offset: clamp(offset, 0, max)}};
			// The terminal was resized while this was rendering: show it, and render again for the width there is now.
			const stale: Effect[] = action.width === bodyWidth(state) ? [] : [{type: 'render-article', meta: article.meta, width: bodyWidth(state)}];
			return [next, stale];
		}

		case 'marks-changed': {
			const unreadCount = action.unreadDelta === undefined
				? countUnread(state.all, state.marks)
				: clamp(state.unreadCount + action.unreadDelta, 0, state.all.length);
			return [{...state, marksVersion: state.marksVersion + 1, unreadCount}, []];
		}

		case 'status': {
			return [{...state, status: action.message}, []];
		}

		case 'feeds-fetched': {
			return [{...state, fetching: false, status: action.message}, []];
		}

		default: {
			return [state, []];
		}
	}
}
