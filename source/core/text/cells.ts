import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import sliceAnsi from 'slice-ansi';

/**
Terminal-cell arithmetic: how many columns a string takes, and cutting, padding and wrapping to a number of columns.
Everything counts whole grapheme clusters (a flag, a family emoji, `e` + combining acute, a Hangul syllable), so a cut
never splits one and a CJK ideograph or an emoji counts as the two cells a terminal gives it. `string-width` decides
the width of a cluster; `Intl.Segmenter` finds the clusters.

Only SGR (`ESC [ … m`) is understood as zero-width styling, since that is the only escape sequence Tidings emits
(`keepOnlySgr`). Other control characters count as zero cells: the text reaching here has been neutralised already.
*/

// Made on first use: making one costs ~7 ms on Node 20 (ICU's break rules), which a start that measures no text
// (`tidings --help`) never needs (issue 14).
let madeSegmenter: Intl.Segmenter | undefined;
const segmenter = () => madeSegmenter ??= new Intl.Segmenter();
const printableAscii = /^[\u0020-\u007E]*$/u;
const sgr = /\u001B\[[\d;:]*m/gu;

// Asking string-width about each cluster once: measured on 4.4 MB of mixed CJK/emoji/combining text, string-width per
// word took 10.7 s while segmenting with a width cache took 0.28 s. Real text reuses few distinct clusters.
const widthCache = new Map<string, number>();

// Invisible format characters that some terminals (xterm.js among them) still draw one cell wide.
const drawnInvisible = /^[\u00AD\u200B\u2060\uFEFF]$/u;

/**
Terminals disagree about clusters: a modern one draws a family emoji (`👩‍👩‍👧`) or a skin-toned thumb in two cells,
an older one draws each emoji of the sequence, and xterm.js draws a soft hyphen or a zero-width space in one cell. A
row that a terminal finds wider than the window wraps and scrolls the whole screen, so each cluster counts as the
widest of those readings: on a terminal that draws it narrower the row just ends a cell or two early.
*/
function worstCaseWidth(grapheme: string): number {
	const whole = stringWidth(grapheme);
	let separate = 0;
	for (const codePoint of grapheme) {
		separate += drawnInvisible.test(codePoint) ? 1 : stringWidth(codePoint);
	}

	return Math.max(whole, separate);
}

const graphemeWidth = (grapheme: string): number => {
	if (grapheme.length === 1) {
		const code = grapheme.charCodeAt(0);
		if (code >= 0x20 && code < 0x7F) {
			return 1;
		}
	}

	let width = widthCache.get(grapheme);
	if (width === undefined) {
		width = worstCaseWidth(grapheme);
		if (widthCache.size >= 65_536) {
			widthCache.clear();
		}

		widthCache.set(grapheme, width);
	}

	return width;
};

/**
Whether every code unit of `text` is a grapheme cluster of its own whatever its neighbours: printable ASCII, Latin-1
and the Latin extensions (U+00A0–U+02FF, before the combining marks), and the punctuation, arrows, mathematical,
technical, box-drawing, geometric and dingbat symbols of U+2010–U+2BFF (the list's `●`, `·`, `…`, `★`) less the
characters there that join or break clusters (line and paragraph separators, bidi controls, invisible operators,
combining marks for symbols). Such text is measured one code unit at a time, without the segmenter: a list row with
a `●` went through Intl.Segmenter whole (issue 14: ~2 ms of each page of new rows at 10k). Anything else (an emoji
with its variation selector, CJK, combining marks, surrogates) takes the segmenter. The build's patches of string-width
and ansi-tokenize use the same set (scripts/single-unit-clusters.mjs; a test holds the two to each other).
*/
export function singleUnitClusters(text: string): boolean {
	for (let index = 0; index < text.length; index++) {
		const code = text.charCodeAt(index);
		if (code >= 0x20 && code <= 0x7E) {
			continue;
		}

		if ((code >= 0xA0 && code <= 0x2FF) || (code >= 0x2010 && code <= 0x2BFF && !(code >= 0x2028 && code <= 0x202E) && !(code >= 0x2060 && code <= 0x206F) && !(code >= 0x20D0 && code <= 0x20FF))) {
			continue;
		}

		return false;
	}

	return true;
}

/**
Columns `text` takes in a terminal: SGR sequences count 0, wide (CJK, emoji) clusters 2, combining marks 0, and a
cluster terminals draw differently as the widest reading (see `worstCaseWidth`).
*/
export function cellWidth(text: string): number {
	if (printableAscii.test(text)) {
		return text.length;
	}

	const plain = text.includes('\u001B') ? text.replaceAll(sgr, '') : text;
	// Styled ASCII (most rendered lines) is as cheap as plain ASCII once the SGR is gone.
	if (plain !== text && printableAscii.test(plain)) {
		return plain.length;
	}

	if (singleUnitClusters(plain)) {
		let width = 0;
		for (let index = 0; index < plain.length; index++) {
			width += graphemeWidth(plain[index]!);
		}

		return width;
	}

	return segmentsWidth(plain);
}

/** The columns of text without SGR, cluster by cluster through the segmenter. */
function segmentsWidth(plain: string): number {
	let width = 0;
	for (const {segment} of segmenter().segment(plain)) {
		width += graphemeWidth(segment);
	}

	return width;
}

/** `cellWidth` through the segmenter always (for the tests that hold the fast path to it). */
export const cellWidthBySegments = (text: string): number => segmentsWidth(text.includes('\u001B') ? text.replaceAll(sgr, '') : text);

/** The grapheme clusters of `text`, in order. */
export function graphemes(text: string): string[] {
	if (singleUnitClusters(text)) {
		return [...text];
	}

	const out: string[] = [];
	for (const {segment} of segmenter().segment(text)) {
		out.push(segment);
	}

	return out;
}

type Piece = {readonly sgr: true; readonly text: string} | {readonly sgr: false; readonly text: string; readonly width: number};

/** Splits styled text into SGR sequences and grapheme clusters with their widths. */
function pieces(text: string): Piece[] {
	const out: Piece[] = [];
	let last = 0;
	const addText = (chunk: string) => {
		for (const grapheme of graphemes(chunk)) {
			out.push({sgr: false, text: grapheme, width: graphemeWidth(grapheme)});
		}
	};

	for (const match of text.matchAll(sgr)) {
		addText(text.slice(last, match.index));
		out.push({sgr: true, text: match[0]});
		last = match.index + match[0].length;
	}

	addText(text.slice(last));
	return out;
}

/**
Cuts `text` to at most `width` columns, ending in `ellipsis` when something was cut. SGR sequences are kept (they
take no room), and when any was kept a reset (`ESC[0m`) closes the result so a cut style never bleeds into what the
caller prints next. A wide cluster that would straddle the edge is left out rather than split. Text that fits is
returned unchanged.
*/
export function truncateCells(text: string, width: number, ellipsis = '…'): string {
	const limit = Math.max(0, Math.floor(width));
	if (cellWidth(text) <= limit) {
		return text;
	}

	let mark = ellipsis;
	let markWidth = cellWidth(mark);
	if (markWidth > limit) {
		mark = '';
		markWidth = 0;
	}

	const room = limit - markWidth;
	let out = '';
	let used = 0;
	let styled = false;
	for (const piece of pieces(text)) {
		if (piece.sgr) {
			out += piece.text;
			styled = true;
			continue;
		}

		if (used + piece.width > room) {
			break;
		}

		out += piece.text;
		used += piece.width;
	}

	return out + mark + (styled ? '\u001B[0m' : '');
}

/**
Exactly `width` columns: shorter text is padded with spaces on the right (or the left, with `align: 'right'`),
longer text is cut with `truncateCells`. A row built from padded cells therefore keeps its columns aligned whatever
scripts the cells hold.
*/
export function padCells(text: string, width: number, {align = 'left', ellipsis = '…'}: {align?: 'left' | 'right'; ellipsis?: string} = {}): string {
	const limit = Math.max(0, Math.floor(width));
	const cut = truncateCells(text, limit, ellipsis);
	const gap = limit - cellWidth(cut);
	if (gap <= 0) {
		return cut;
	}

	return align === 'right' ? ' '.repeat(gap) + cut : cut + ' '.repeat(gap);
}

/**
Word-wraps plain text (no escape sequences) to lines of at most `max(1, width)` columns. Existing line breaks are
kept, words longer than a line are broken at cluster boundaries, spaces at a break are dropped and leading
indentation is kept on the first line. Each source line is segmented once, so the cost is linear in the text: fit for
the plain fallback of a multi-megabyte article.
*/
export function wrapCells(text: string, width: number): string[] {
	const limit = Math.max(1, Math.floor(width));
	const out: string[] = [];
	for (const source of text.split('\n')) {
		if (source.length <= limit && printableAscii.test(source)) {
			out.push(source);
			continue;
		}

		const clusters = graphemes(source);
		const widths = clusters.map(cluster => graphemeWidth(cluster));
		let total = 0;
		for (const cellCount of widths) {
			total += cellCount;
		}

		if (total <= limit) {
			out.push(source);
			continue;
		}

		wrapClusters(clusters, widths, limit, out);
	}

	return out;
}

function wrapClusters(clusters: readonly string[], widths: readonly number[], limit: number, out: string[]): void {
	let line = '';
	let used = 0;
	let index = 0;
	const count = clusters.length;
	// Leading indentation, kept on the first line as long as a word still fits after it.
	while (index < count && clusters[index] === ' ' && used < limit - 1) {
		line += ' ';
		used++;
		index++;
	}

	while (index < count && clusters[index] === ' ') {
		index++;
	}

	let pending = 0;
	while (index < count) {
		if (clusters[index] === ' ') {
			pending++;
			index++;
			continue;
		}

		let end = index;
		let wordWidth = 0;
		while (end < count && clusters[end] !== ' ') {
			wordWidth += widths[end]!;
			end++;
		}

		if (used + pending + wordWidth <= limit) {
			line += ' '.repeat(pending) + clusters.slice(index, end).join('');
			used += pending + wordWidth;
		} else {
			if (line.trim() !== '') {
				out.push(line);
			}

			line = '';
			used = 0;
			for (let at = index; at < end; at++) {
				let piece = clusters[at]!;
				let pieceWidth = widths[at]!;
				if (pieceWidth > limit) {
					// A two-column cluster on a one-column screen: nothing can show it, so show that something is there.
					piece = '…';
					pieceWidth = 1;
				}

				if (used + pieceWidth > limit) {
					out.push(line);
					line = '';
					used = 0;
				}

				line += piece;
				used += pieceWidth;
			}
		}

		pending = 0;
		index = end;
	}

	out.push(line);
}

/**
Word-wraps styled text (SGR only) to lines of at most `width` columns, carrying the style across the breaks: wrap-ansi
finds the breaks, then each line is cut by clusters with `truncateCells`, since wrap-ansi breaks a long word by code
point and a cluster it split (or one it measured narrower than a terminal draws it) could still overrun.
*/
export function wrapStyled(text: string, width: number, {trim = true}: {trim?: boolean} = {}): string[] {
	const limit = Math.max(1, Math.floor(width));
	return wrapAnsi(text, limit, {hard: true, trim}).split('\n').map(line => truncateCells(line, limit, ''));
}

/** The columns `start` up to `end` of styled text (SGR only), with its styling, as wide mode scrolls a table sideways. */
export function sliceStyled(text: string, start: number, end?: number): string {
	return sliceAnsi(text, start, end);
}

/** Past this many cells a line's tabs become single spaces: 10 MB of tabs must not become 40 MB of spaces. */
const maxTabbedLine = 16_384;

/**
THE tab expansion: each tab becomes the spaces up to the next multiple of `tabSize` columns, counted in cells (a CJK
character takes two), in one pass. Markdown bodies use 4 (CommonMark's tab stop), plain-text files 8 (a terminal's).
A line too long to be laid out by columns anyway keeps its tabs as single spaces, so the cost stays linear and small.
*/
export function expandTabs(line: string, tabSize: number): string {
	if (!line.includes('\t')) {
		return line;
	}

	if (line.length > maxTabbedLine) {
		// split/join: about four times faster than replaceAll over millions of tabs (0.7 s for 10 MB of them).
		return line.split('\t').join(' ');
	}

	let out = '';
	let column = 0;
	for (const cluster of graphemes(line)) {
		if (cluster === '\t') {
			const spaces = tabSize - (column % tabSize);
			out += ' '.repeat(spaces);
			column += spaces;
		} else {
			out += cluster;
			column += graphemeWidth(cluster);
		}
	}

	return out;
}
