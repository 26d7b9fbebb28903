/**
The one table of layout constants: how much chrome each screen has, when a small terminal drops it, and the limits
of the reading width. The reducer (which keeps the cursor and the page in view) and the views (which draw the rows)
both read them here, so a screen and its scrolling can never disagree about how many rows there are.
*/
import {truncateCells, wrapCells} from '../core/text/cells.js';
import {readingWidth} from '../core/settings.js';

export const layout = {
	/** The list, the pickers, the results, the help and the reading overlays: a header row and a footer row… */
	listChrome: 2,
	/** …shown from this many terminal rows; below it every row shows content. */
	listChromeFrom: 4,
	/** The reader: a title row, a details row and a status row… */
	readerChrome: 3,
	/** …all three from this many rows; from `readerStatusFrom` only the status row. */
	readerChromeFrom: 6,
	readerStatusFrom: 3,
	/** Rows kept between the cursor and the edge of the list when it scrolls (newsboat's scrolloff). */
	scrollMargin: 2,
	/** Columns between the reading text and the terminal's edges, at the least. */
	bodyMargin: 2,
	/** The narrowest body the renderer is asked for, whatever the terminal. */
	minimumBody: 10,
	/** A long title wraps onto at most this many rows of the reader's header. */
	maxTitleRows: 3,
	/** A full-text hit takes two rows: its title and its snippet. */
	rowsPerResult: 2,
} as const;

/** The list's columns: each is shown from a terminal width on (`from`), `cells` wide. */
export const listColumns = {
	date: {from: 60, cells: 10},
	source: {from: 100, cells: 18, narrowFrom: 70, narrowCells: 12},
	time: {from: 40, cells: 4},
} as const;

export {readingWidth};

type Size = {readonly rows: number};

export const hasListChrome = (size: Size): boolean => size.rows >= layout.listChromeFrom;
export const hasReaderHeader = (size: Size): boolean => size.rows >= layout.readerChromeFrom;
export const hasReaderStatus = (size: Size): boolean => size.rows >= layout.readerStatusFrom;

/** Content rows of the list-shaped screens (list, pickers, results, help, links, outline). */
export function listRows(size: Size): number {
	return hasListChrome(size) ? size.rows - layout.listChrome : Math.max(1, size.rows);
}

type ReaderSize = Size & {readonly columns?: number; readonly article?: {readonly meta: {readonly title: string}}};

/** The title of the open article, wrapped to the terminal for the reader's header (at most `maxTitleRows` rows). */
export function titleLines(size: ReaderSize): string[] {
	const title = size.article?.meta.title;
	if (title === undefined || size.columns === undefined) {
		return title === undefined ? [] : [title];
	}

	const lines = wrapCells(title, Math.max(1, size.columns));
	return lines.length <= layout.maxTitleRows ? lines : [...lines.slice(0, layout.maxTitleRows - 1), truncateCells(lines.slice(layout.maxTitleRows - 1).join(' '), size.columns)];
}

/** Content rows of the reader: a long title takes more of the header. */
export function articleRows(size: ReaderSize): number {
	if (hasReaderHeader(size)) {
		return Math.max(1, size.rows - layout.readerChrome - Math.max(0, titleLines(size).length - 1));
	}

	return hasReaderStatus(size) ? size.rows - 1 : Math.max(1, size.rows);
}

/** Hits of the full-text results on one screen. */
export const resultRows = (size: Size): number => Math.max(1, Math.floor(listRows(size) / layout.rowsPerResult));

/** The columns the article body is rendered for: the reading width, or less in a narrow terminal. */
export function bodyWidth(size: {readonly columns: number; readonly readingWidth: number}): number {
	return Math.max(layout.minimumBody, Math.min(size.readingWidth, size.columns - layout.bodyMargin));
}

/** Columns left of the reading text: it is centred in a wide terminal. */
export function bodyMarginOf(size: {readonly columns: number; readonly readingWidth: number}): number {
	const width = bodyWidth(size);
	return size.columns > width + layout.bodyMargin ? Math.floor((size.columns - width) / 2) : Math.min(1, Math.max(0, size.columns - width));
}

/** Columns a code block may use: from the text's left edge to the terminal's right edge, not only the reading width. */
export function codeWidthOf(size: {readonly columns: number; readonly readingWidth: number}): number {
	return Math.max(bodyWidth(size), size.columns - bodyMarginOf(size) - 1);
}

export const isReadingWidth = (value: unknown): value is number =>
	typeof value === 'number' && Number.isInteger(value) && value >= readingWidth.minimum && value <= readingWidth.maximum;
