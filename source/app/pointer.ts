/**
Where a mouse report points: which pane of the screen, which list row (as an index into `visible`), which line of the
article and which numbered link. The screen's arrangement is decided here once (`splitShown`) and the views
(ui/app.tsx) draw by the same function, so a click can never land on a row other than the one drawn there. Pure:
sizes come from app/layout.ts, link positions from app/reader-links.ts.
*/
import type {RenderedArticle} from '../core/render/render-article.js';
import {cellWidth} from '../core/text/cells.js';
import {stripSgr} from '../core/text/styled-ranges.js';
import {articleRows, bodyMarginOf, hasListChrome, hasReaderHeader, listRows, panesOf, titleLines, type Panes, type Rect} from './layout.js';
import {linkPositions} from './reader-links.js';
import type {AppState} from './state.js';
import {selectedOf} from './visible.js';

/** The split panes when the screen shows them: not under an overlay that takes the screen, nor over search results. */
export function splitShown(state: AppState): Panes | undefined {
	const {overlay} = state;
	if ((overlay !== undefined && overlay.kind !== 'confirm') || (state.find.results !== undefined && state.article === undefined)) {
		return undefined;
	}

	return panesOf(state);
}

export type Hit =
	/** A list row: `index` into `visible` when the row shows an article. */
	| {readonly pane: 'list'; readonly index?: number}
	/** The open article: `line` of its rendered lines, `link` when the pointer is on a numbered link's text or marker. */
	| {readonly pane: 'article'; readonly line?: number; readonly link?: number}
	/** The article pane showing the list's selection (split screen, the list has the keys). */
	| {readonly pane: 'preview'; readonly line?: number}
	/** Anything else (an overlay, the results, a header, the divider). */
	| {readonly pane: 'other'};

const inside = (rect: Rect, x: number, y: number): boolean => x >= rect.left && x < rect.left + rect.columns && y >= rect.top && y < rect.top + rect.rows;

/** The size a pane's view is drawn at: the pane's rows and columns, itself one pane. */
export const paneState = <S extends AppState>(state: S, rect: Rect): S => ({...state, rows: rect.rows, columns: rect.columns, panes: 'single'});

/** The link whose text or `[n]` marker is at `column` (cells from the text's left edge) of rendered `line`. */
export function linkAt(rendered: RenderedArticle, line: number, column: number): number | undefined {
	const text = rendered.lines[line];
	if (text === undefined || column < 0) {
		return undefined;
	}

	let plain: string | undefined;
	for (const position of linkPositions(rendered)) {
		if (position?.line !== line) {
			continue;
		}

		plain ??= stripSgr(text);
		const start = cellWidth(plain.slice(0, position.start));
		const end = cellWidth(plain.slice(0, position.end));
		if (column >= start && column < end) {
			return position.n;
		}
	}

	return undefined;
}

function listHit(state: AppState, rect: Rect, y: number): Hit {
	const row = y - rect.top - (hasListChrome(rect) ? 1 : 0);
	if (row < 0 || row >= listRows(rect)) {
		return {pane: 'list'};
	}

	const index = state.listOffset + row;
	return index < state.visible.length ? {pane: 'list', index} : {pane: 'list'};
}

/** The body line under the pointer in an article drawn in `rect`, and the column from the text's left edge. */
function bodyAt(state: AppState, rect: Rect, title: string | undefined, x: number, y: number): {line: number; column: number} | undefined {
	const pane = {rows: rect.rows, columns: rect.columns, panes: 'single' as const, readingWidth: state.readingWidth, article: title === undefined ? undefined : {meta: {title}}};
	const header = hasReaderHeader(pane) ? titleLines(pane).length + 1 : 0;
	const row = y - rect.top - header;
	if (row < 0 || row >= articleRows(pane)) {
		return undefined;
	}

	return {line: row, column: x - rect.left - bodyMarginOf(pane)};
}

function articleHit(state: AppState, rect: Rect, x: number, y: number): Hit {
	const {article} = state;
	const at = article && bodyAt(state, rect, article.meta.title, x, y);
	if (!article?.rendered || at === undefined) {
		return {pane: 'article'};
	}

	const line = article.offset + at.line;
	if (line >= article.rendered.lines.length) {
		return {pane: 'article'};
	}

	const link = linkAt(article.rendered, line, at.column);
	return link === undefined ? {pane: 'article', line} : {pane: 'article', line, link};
}

function previewHit(state: AppState, rect: Rect, x: number, y: number): Hit {
	const {preview} = state;
	const at = bodyAt(state, rect, selectedOf(state)?.title, x, y);
	return preview?.rendered && at ? {pane: 'preview', line: preview.offset + at.line} : {pane: 'preview'};
}

/** What is under the pointer at cell (x, y), 0-based from the screen's top left. */
export function hitTest(state: AppState, x: number, y: number): Hit {
	if (x < 0 || y < 0 || x >= state.columns || y >= state.rows) {
		return {pane: 'other'};
	}

	const whole: Rect = {top: 0, left: 0, rows: state.rows, columns: state.columns};
	const split = splitShown(state);
	if (split === undefined) {
		if ((state.overlay !== undefined && state.overlay.kind !== 'confirm') || state.article?.wide !== undefined) {
			return {pane: 'other'};
		}

		if (state.article !== undefined) {
			return articleHit(state, whole, x, y);
		}

		return state.find.results === undefined ? listHit(state, whole, y) : {pane: 'other'};
	}

	if (inside(split.list, x, y)) {
		return listHit(state, split.list, y);
	}

	if (!inside(split.article, x, y)) {
		return {pane: 'other'};
	}

	if (state.article !== undefined) {
		return state.article.wide === undefined ? articleHit(state, split.article, x, y) : {pane: 'other'};
	}

	return previewHit(state, split.article, x, y);
}
