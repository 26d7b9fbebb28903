/**
The open article: opening one (from the list, a search hit, a followed link or the history: one function), leaving
it, scrolling it, stepping to the next or previous one, and taking in its rendered lines. Owns `article`; reads the
list to know the neighbours and the marks to know where the reader stopped last time.
*/
import {textLine} from './images.js';
import type {ArticleMeta} from '../../core/types.js';
import type {Effect, Step} from '../actions.js';
import type {CommandId} from '../keymap.js';
import {articleRows, bodyWidth, codeWidthOf} from '../layout.js';
import {clamp} from '../scroll.js';
import type {ListSlice, MarksSlice, OpenArticle, ReaderSlice, Reading, ScreenSlice, StatusSlice} from '../slices.js';
import {selectAt, selectedOf} from '../visible.js';
import {setMarks} from './marks.js';
import type {RenderedArticle} from '../../core/render/render-article.js';

type Opening = ReaderSlice & ListSlice & MarksSlice & ScreenSlice & StatusSlice;

/** Articles longer than this are shown from a rendered beginning first (the effect renders both parts). */
export const previewBytes = 96 * 1024;

/** Remembers where the reader was in the article being left: in the model (for `n`/`p` back to it) and in the store. */
export function leaving<S extends ReaderSlice & MarksSlice>(state: S): Step<S> {
	const {article} = state;
	if (!article?.rendered) {
		return [state, []];
	}

	// The line of the text, without the rows of the page's images (which arrive after the text when it opens again).
	const line = textLine(article);
	return [{...state, marks: state.marks.withPosition(article.id, line)}, [{type: 'save-position', id: article.id, line}]];
}

/** The render effects for an article on this screen: the beginning first when it is long. */
export function renderEffects(meta: ArticleMeta, size: ScreenSlice): Effect[] {
	const render: Effect = {type: 'render-article', meta, width: bodyWidth(size), codeWidth: codeWidthOf(size)};
	return meta.size > previewBytes ? [{...render, part: 'preview'}, render] : [render];
}

/** The page was rendered for another screen (another reading width, or another terminal width for its code). */
const renderedElsewhere = (article: OpenArticle, size: ScreenSlice): boolean =>
	article.rendered !== undefined && (article.rendered.width !== bodyWidth(size) || (article.codeWidth !== undefined && article.codeWidth !== codeWidthOf(size)));

/**
Opens `meta` in the reader: renders it, remembers it as the selection, marks it read, and selects it in the list
when it is listed. `offset` overrides the remembered position; `reading` and `findTerms` carry the reading page's
history and the words of a search hit.
*/
export function openArticle<S extends Opening>(state: S, meta: ArticleMeta, options: {readonly offset?: number; readonly reading?: Reading; readonly findTerms?: readonly string[]} = {}): Step<S> {
	const [left, leaveEffects] = leaving(state);
	const effects: Effect[] = [...leaveEffects, ...renderEffects(meta, state), {type: 'save-selected', id: meta.id}];
	const [marked, markEffects] = setMarks(left, 'read', [meta.id], true);
	const opened: OpenArticle = {
		id: meta.id,
		meta,
		offset: 0,
		pendingOffset: options.offset ?? (options.findTerms === undefined ? left.marks.position(meta.id) : undefined),
		reading: options.reading,
		findTerms: options.findTerms,
	};
	let next: S = {...marked, article: opened, status: undefined};
	const cursor = state.visible[state.cursor] !== undefined && state.all[state.visible[state.cursor]!]?.id === meta.id
		? state.cursor
		: state.visible.findIndex(index => state.all[index]?.id === meta.id);
	if (cursor !== -1) {
		next = selectAt(next, cursor);
	}

	return [next, [...effects, ...markEffects]];
}

/** Opens the article at a list position. */
export function openAt<S extends Opening>(state: S, cursor: number): Step<S> {
	const selected = selectAt(state, cursor);
	const meta = selectedOf(selected);
	return meta ? openArticle(selected, meta) : [state, []];
}

export function closeArticle<S extends ReaderSlice & MarksSlice>(state: S): Step<S> {
	const [left, effects] = leaving(state);
	return [{...left, article: undefined}, effects];
}

/** Scrolls the page: `to` gets the offset, the page height and the last offset, and returns the new offset. */
export function scrollArticle<S extends ReaderSlice & ScreenSlice>(state: S, to: (offset: number, page: number, max: number) => number): S {
	const {article} = state;
	if (!article?.rendered) {
		return state;
	}

	const page = articleRows(state);
	const max = Math.max(0, article.rendered.lines.length - page);
	return {...state, article: {...article, offset: clamp(to(article.offset, page, max), 0, max)}};
}

/** Scrolls so that `line` is the top line. */
export const scrollTo = <S extends ReaderSlice & ScreenSlice>(state: S, line: number): S => scrollArticle(state, () => line);

/** Moves the page so that `line` is on it, a third of the way down when it has to move. */
export function reveal<S extends ReaderSlice & ScreenSlice>(state: S, line: number, from = state.article?.offset ?? 0): S {
	return scrollArticle(state, (_offset, rows) => (line >= from && line < from + rows ? from : line - Math.floor(rows / 3)));
}

const half = (page: number) => Math.max(1, Math.floor(page / 2));

/** The movement commands in the reader. */
export function scrollBy<S extends ReaderSlice & ScreenSlice>(state: S, id: CommandId): S {
	switch (id) {
		case 'move.down': {
			return scrollArticle(state, offset => offset + 1);
		}

		case 'move.up': {
			return scrollArticle(state, offset => offset - 1);
		}

		case 'move.pageDown': {
			return scrollArticle(state, (offset, page) => offset + Math.max(1, page - 1));
		}

		case 'move.pageUp': {
			return scrollArticle(state, (offset, page) => offset - Math.max(1, page - 1));
		}

		case 'move.halfDown': {
			return scrollArticle(state, (offset, page) => offset + half(page));
		}

		case 'move.halfUp': {
			return scrollArticle(state, (offset, page) => offset - half(page));
		}

		case 'move.top': {
			return scrollArticle(state, () => 0);
		}

		case 'move.bottom': {
			return scrollArticle(state, (_offset, _page, max) => max);
		}

		default: {
			return state;
		}
	}
}

/** The next unread article below `from` in the list, else the first unread one above it (wrapping once). */
export function nextUnreadIndex(state: ListSlice & MarksSlice, from: number): number | undefined {
	const {length} = state.visible;
	for (let step = 1; step < length; step++) {
		const cursor = (from + step) % length;
		const meta = state.all[state.visible[cursor]!];
		if (meta && !state.marks.isRead(meta.id)) {
			return cursor;
		}
	}

	return undefined;
}

/** `n`, `p` and `N` in the reader (and `N` in the list, which only moves the selection). */
export function stepArticle<S extends Opening>(state: S, id: 'article.next' | 'article.previous' | 'article.nextUnread'): Step<S> {
	switch (id) {
		case 'article.next': {
			if (state.cursor >= state.visible.length - 1) {
				return [{...state, status: 'This is the last article'}, []];
			}

			return openAt(state, state.cursor + 1);
		}

		case 'article.previous': {
			if (state.cursor <= 0) {
				return [{...state, status: 'This is the first article'}, []];
			}

			return openAt(state, state.cursor - 1);
		}

		case 'article.nextUnread': {
			const next = nextUnreadIndex(state, state.cursor);
			if (next === undefined) {
				return [{...state, status: 'No other unread article in the list'}, []];
			}

			const wrapped = next < state.cursor ? ' (from the top)' : '';
			if (state.article === undefined) {
				return [{...selectAt(state, next), status: wrapped === '' ? undefined : `Next unread${wrapped}`}, []];
			}

			const [opened, effects] = openAt(state, next);
			return [wrapped === '' ? opened : {...opened, status: `Next unread${wrapped}`}, effects];
		}
	}
}

/** Lines rendered for the open article arrive (a preview, the whole, or another width after a resize). */
export function articleRendered<S extends ReaderSlice & ScreenSlice>(state: S, action: {readonly id: string; readonly width: number; readonly codeWidth?: number; readonly rendered: RenderedArticle; readonly preview?: boolean}): Step<S> {
	const {article} = state;
	if (!article || article.id !== action.id) {
		return [state, []];
	}

	const old = article.rendered;
	let offset = article.pendingOffset ?? article.offset;
	if (old && old.lines.length > 0 && old.width !== action.width) {
		// Another width: keep the reader at the same fraction of the article.
		offset = Math.round((article.offset / old.lines.length) * action.rendered.lines.length);
	}

	const max = Math.max(0, action.rendered.lines.length - articleRows(state));
	// A remembered position past the end of a preview waits for the full lines.
	const pendingOffset = action.preview && article.pendingOffset !== undefined && article.pendingOffset > max ? article.pendingOffset : undefined;
	// A new rendering has other blocks: wide mode ends with the one it showed.
	const wide = old === undefined || old === action.rendered ? article.wide : undefined;
	const next = {...state, article: {...article, rendered: action.rendered, codeWidth: action.codeWidth, pendingOffset, wide, offset: clamp(offset, 0, max)}};
	// The terminal was resized while this was rendering: show it, and render again for the width there is now.
	const stale: Effect[] = renderedElsewhere(next.article, state) ? renderEffects(article.meta, state).slice(-1) : [];
	return [next, stale];
}

/** After a resize: the page re-wraps at the new width (the position follows in `articleRendered`). */
export function articleResized<S extends ReaderSlice & ScreenSlice>(state: S): Step<S> {
	const {article} = state;
	if (article && renderedElsewhere(article, state)) {
		return [state, renderEffects(article.meta, state).slice(-1)];
	}

	return [article ? scrollArticle(state, offset => offset) : state, []];
}

/** `F`: fetch the whole story of a summary-only item. */
export function fetchFull<S extends ReaderSlice & StatusSlice>(state: S): Step<S> {
	const meta = state.article?.meta;
	if (!meta) {
		return [state, []];
	}

	if (meta.url === undefined || meta.url === '') {
		return [{...state, status: 'This article has no address (url) to fetch the whole story from'}, []];
	}

	return [{...state, status: 'Fetching the whole story…'}, [{type: 'fetch-full', meta}]];
}

/** The whole story was stored (or not): the list keeps the new metadata, and the open article renders it. */
export function fullTextFetched<S extends ReaderSlice & ListSlice & ScreenSlice & StatusSlice>(state: S, action: {readonly id: string; readonly meta?: ArticleMeta; readonly message: string}): Step<S> {
	const {meta} = action;
	if (!meta) {
		return [{...state, status: action.message}, []];
	}

	const all = state.all.map(candidate => (candidate.id === action.id ? meta : candidate));
	const {article} = state;
	if (!article || article.id !== action.id) {
		return [{...state, all, status: action.message}, []];
	}

	return [{...state, all, article: {...article, meta, wide: undefined}, status: action.message}, renderEffects(meta, state).slice(-1)];
}
