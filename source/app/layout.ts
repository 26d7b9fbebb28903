/**
The one table of layout constants: how much chrome each screen has, when a small terminal drops it, and the limits
of the reading width. The reducer (which keeps the cursor and the page in view) and the views (which draw the rows)
both read them here, so a screen and its scrolling can never disagree about how many rows there are.
*/
import {truncateCells, wrapCells} from '../core/text/cells.js';
import {paneModes, readingWidth, type PaneMode} from '../core/settings.js';

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
	/** Split panes side by side: the list's share of the columns, its narrowest and widest, and the article's narrowest. */
	sideListShare: 0.38,
	sideListMinimum: 24,
	sideListMaximum: 72,
	sideArticleMinimum: 36,
	/** …and the fewest rows the side-by-side split is shown in (below: one pane at a time). */
	sideRowsMinimum: 5,
	/** Split panes stacked: the list's share of the rows and its fewest and most rows; the article's fewest rows. */
	stackedListShare: 0.4,
	stackedListMinimum: 5,
	stackedListMaximum: 16,
	stackedArticleMinimum: 9,
	/** The wheel moves the list or the article by this many rows a notch. */
	wheelRows: 3,
} as const;

/** The list's columns: each is shown from a terminal width on (`from`), `cells` wide. */
export const listColumns = {
	date: {from: 60, cells: 10},
	source: {from: 100, cells: 18, narrowFrom: 70, narrowCells: 12},
	time: {from: 40, cells: 4},
} as const;

export {readingWidth};

type Size = {readonly rows: number; readonly columns?: number; readonly panes?: PaneMode};

// Split panes -------------------------------------------------------------------------------------------------------

export {paneModes, type PaneMode} from '../core/settings.js';

/** A rectangle of the screen, in cells from the top left (0-based). */
export type Rect = {readonly top: number; readonly left: number; readonly rows: number; readonly columns: number};

/** The split screen: the list's pane, the article's pane and, side by side, the one-column divider between them. */
export type Panes = {readonly kind: 'side' | 'stacked'; readonly list: Rect; readonly article: Rect; readonly divider?: Rect};

type ScreenSize = {readonly rows: number; readonly columns?: number; readonly panes?: PaneMode};

function sideBySide(rows: number, columns: number): Panes | undefined {
	const list = Math.min(layout.sideListMaximum, Math.max(layout.sideListMinimum, Math.round(columns * layout.sideListShare)));
	const article = columns - list - 1;
	if (rows < layout.sideRowsMinimum || article < layout.sideArticleMinimum) {
		return undefined;
	}

	return {
		kind: 'side',
		list: {top: 0, left: 0, rows, columns: list},
		divider: {top: 0, left: list, rows, columns: 1},
		article: {top: 0, left: list + 1, rows, columns: article},
	};
}

function stacked(rows: number, columns: number): Panes | undefined {
	const list = Math.min(layout.stackedListMaximum, Math.max(layout.stackedListMinimum, Math.round(rows * layout.stackedListShare)));
	const article = rows - list;
	if (article < layout.stackedArticleMinimum || columns < layout.minimumBody + layout.bodyMargin) {
		return undefined;
	}

	return {kind: 'stacked', list: {top: 0, left: 0, rows: list, columns}, article: {top: list, left: 0, rows: article, columns}};
}

/**
The panes of a split screen, or undefined for one pane at a time. The chosen split falls back to the other one when
it does not fit (side by side needs columns, stacked needs rows), and to one pane when neither fits (20×5).
*/
export function panesOf(size: ScreenSize): Panes | undefined {
	const {rows, columns, panes} = size;
	if (panes === undefined || panes === 'single' || columns === undefined) {
		return undefined;
	}

	return panes === 'side' ? sideBySide(rows, columns) ?? stacked(rows, columns) : stacked(rows, columns) ?? sideBySide(rows, columns);
}

/** The next layout of the toggle: one pane → side by side → stacked → one pane. */
export const nextPaneMode = (mode: PaneMode | undefined): PaneMode => paneModes[(paneModes.indexOf(mode ?? 'single') + 1) % paneModes.length]!;

/** A size narrowed to one pane: what the article's or the list's computations see in a split screen. */
function within<T extends ScreenSize>(size: T, pane: 'list' | 'article'): T {
	const panes = panesOf(size);
	if (panes === undefined) {
		return size;
	}

	const rect = panes[pane];
	return {...size, rows: rect.rows, columns: rect.columns, panes: 'single'};
}

/** The size the article is shown at: its pane in a split screen, else the whole screen. */
export const inArticlePane = <T extends ScreenSize>(size: T): T => within(size, 'article');
/** The columns of the article's pane (the whole screen's unless split). */
export const articlePaneColumns = (size: ScreenSize & {readonly columns: number}): number => inArticlePane(size).columns;
/** The size the list is shown at: its pane in a split screen, else the whole screen. */
export const inListPane = <T extends ScreenSize>(size: T): T => within(size, 'list');

export const hasListChrome = (size: Size): boolean => size.rows >= layout.listChromeFrom;
export const hasReaderHeader = (size: Size): boolean => size.rows >= layout.readerChromeFrom;
export const hasReaderStatus = (size: Size): boolean => size.rows >= layout.readerStatusFrom;

/** Content rows of the list in its pane (the whole screen unless split). */
export const listPaneRows = (size: ScreenSize): number => listRows(inListPane(size));

/** Content rows of the list-shaped screens (list, pickers, results, help, links, outline). */
export function listRows(size: Size): number {
	return hasListChrome(size) ? size.rows - layout.listChrome : Math.max(1, size.rows);
}

type ReaderSize = Size & {readonly columns?: number; readonly panes?: PaneMode; readonly article?: {readonly meta: {readonly title: string}}};

/** The title of the open article, wrapped to its pane for the reader's header (at most `maxTitleRows` rows). */
export function titleLines(whole: ReaderSize): string[] {
	const size = inArticlePane(whole);
	const title = size.article?.meta.title;
	if (title === undefined || size.columns === undefined) {
		return title === undefined ? [] : [title];
	}

	const lines = wrapCells(title, Math.max(1, size.columns));
	return lines.length <= layout.maxTitleRows ? lines : [...lines.slice(0, layout.maxTitleRows - 1), truncateCells(lines.slice(layout.maxTitleRows - 1).join(' '), size.columns)];
}

/** Content rows of the reader (in its pane): a long title takes more of the header. */
export function articleRows(whole: ReaderSize): number {
	const size = inArticlePane(whole);
	if (hasReaderHeader(size)) {
		return Math.max(1, size.rows - layout.readerChrome - Math.max(0, titleLines(size).length - 1));
	}

	return hasReaderStatus(size) ? size.rows - 1 : Math.max(1, size.rows);
}

/** Hits of the full-text results on one screen. */
export const resultRows = (size: Size): number => Math.max(1, Math.floor(listRows(size) / layout.rowsPerResult));

type BodySize = {readonly columns: number; readonly readingWidth: number; readonly rows?: number; readonly panes?: PaneMode};
const bodyPane = (size: BodySize): BodySize => (size.rows === undefined ? size : inArticlePane({...size, rows: size.rows}));

/** The columns the article body is rendered for: the reading width, or less in a narrow terminal (or pane). */
export function bodyWidth(whole: BodySize): number {
	const size = bodyPane(whole);
	return Math.max(layout.minimumBody, Math.min(size.readingWidth, size.columns - layout.bodyMargin));
}

/** Columns left of the reading text: it is centred in a wide terminal. */
export function bodyMarginOf(whole: BodySize): number {
	const size = bodyPane(whole);
	const width = bodyWidth(size);
	return size.columns > width + layout.bodyMargin ? Math.floor((size.columns - width) / 2) : Math.min(1, Math.max(0, size.columns - width));
}

/** Columns a code block may use: from the text's left edge to the terminal's right edge, not only the reading width. */
export function codeWidthOf(whole: BodySize): number {
	const size = bodyPane(whole);
	return Math.max(bodyWidth(size), size.columns - bodyMarginOf(size) - 1);
}

export const isReadingWidth = (value: unknown): value is number =>
	typeof value === 'number' && Number.isInteger(value) && value >= readingWidth.minimum && value <= readingWidth.maximum;
