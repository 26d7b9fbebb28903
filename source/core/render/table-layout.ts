import {cellWidth, padCells, truncateCells, wrapStyled} from '../text/cells.js';
import {stripSgr} from '../text/styled-ranges.js';

/**
Table layout for the reader, in place of marked-terminal's cli-table3 output (which sized columns to their content
whatever the page, so a wide table overflowed and the reader had to cut its rows). Here the columns share the width
by content: narrow columns get what they need, the rest is split evenly among the wide ones, and a cell wraps inside
its column. A table whose columns cannot each get `minColumn` cells becomes a list of records, one `Column: value`
line per cell, which reads at any width. The whole table, at its natural width, is kept as `wideLines` for the
reader's wide mode.
*/

export type Align = 'left' | 'right' | 'center' | null;

export type TableInput = {
	/** Styled (SGR only) cell text, one line each. */
	readonly header: readonly string[];
	readonly rows: ReadonlyArray<readonly string[]>;
	readonly align: readonly Align[];
};

export type TableStyle = {
	readonly border: (text: string) => string;
	readonly head: (text: string) => string;
	readonly label: (text: string) => string;
	readonly note: (text: string) => string;
};

export type TableLayout = {
	readonly mode: 'grid' | 'records';
	/** Lines for the page, each at most `width` cells. */
	readonly lines: readonly string[];
	/** The table at its natural width (columns capped at `wideColumnLimit`), for wide mode. */
	readonly wideLines: readonly string[];
};

/** A column narrower than this is not worth reading: the table becomes records instead. */
export const minColumn = 6;
/** In wide mode a column is at most this wide, so one paragraph-long cell wraps rather than making a 5,000-cell row. */
export const wideColumnLimit = 60;
export const recordsNote = 'Table shown as records; w shows it wide';

const gridOverhead = (columns: number) => (3 * columns) + 1;

/** Whether `columns` columns fit `width` at `minColumn` cells each, borders included. */
export function gridFits(columns: number, width: number): boolean {
	return gridOverhead(columns) + (minColumn * columns) <= width;
}

/**
Water-filling: columns are served narrowest first, each getting its natural width or an even share of what is left,
whichever is smaller. Leftover cells from rounding go to the columns still short of their natural width.
*/
export function shareWidths(natural: readonly number[], room: number, floors?: readonly number[]): number[] {
	if (floors !== undefined) {
		// Each column first gets its floor (its longest word), then the rest is shared out by what each still needs.
		const base = natural.map((value, index) => Math.min(Math.max(1, value), Math.max(1, floors[index] ?? 1)));
		let used = 0;
		for (const value of base) {
			used += value;
		}

		const needs = natural.map((value, index) => Math.max(0, Math.max(1, value) - base[index]!));
		const wanting = needs.map((need, index) => index).filter(index => needs[index]! > 0);
		const left = room - used;
		const out = [...base];
		if (left > 0 && wanting.length > 0) {
			const extra = left >= wanting.length ? shareWidths(wanting.map(index => needs[index]!), left) : wanting.map((_, position) => (position < left ? 1 : 0));
			for (const [position, index] of wanting.entries()) {
				out[index]! += Math.min(needs[index]!, extra[position]!);
			}
		}

		return out;
	}

	const widths = natural.map(value => Math.max(1, value));
	let total = 0;
	for (const value of widths) {
		total += value;
	}

	if (total <= room) {
		return widths;
	}

	const order = widths.map((_, index) => index).sort((a, b) => widths[a]! - widths[b]!);
	const out = Array.from({length: widths.length}, () => 0);
	let left = room;
	for (const [position, index] of order.entries()) {
		const share = Math.floor(left / (order.length - position));
		out[index] = Math.max(1, Math.min(widths[index]!, share));
		left -= out[index];
	}

	for (let index = order.length - 1; index >= 0 && left > 0; index--) {
		const column = order[index]!;
		if (out[column]! < widths[column]!) {
			out[column]!++;
			left--;
		}
	}

	return out;
}

function wrapCell(text: string, width: number): string[] {
	if (cellWidth(text) <= width) {
		return [text];
	}

	// wrap-ansi breaks by code point; truncateCells then guarantees the width by grapheme clusters.
	return wrapStyled(text, width);
}

function alignCell(text: string, width: number, align: Align): string {
	if (align === 'center') {
		const gap = width - cellWidth(text);
		if (gap > 0) {
			const left = Math.floor(gap / 2);
			return ' '.repeat(left) + text + ' '.repeat(gap - left);
		}
	}

	return padCells(text, width, {align: align === 'right' ? 'right' : 'left'});
}

function grid(table: TableInput, widths: readonly number[], style: TableStyle): string[] {
	const rule = (left: string, middle: string, right: string) =>
		style.border(left + widths.map(width => '─'.repeat(width + 2)).join(middle) + right);
	const bar = style.border('│');
	const renderRow = (cells: readonly string[], head: boolean): string[] => {
		const parts = widths.map((width, column) => wrapCell(cells[column] ?? '', width));
		let height = 1;
		for (const part of parts) {
			height = Math.max(height, part.length);
		}

		const out: string[] = [];
		for (let line = 0; line < height; line++) {
			const texts = widths.map((width, column) => {
				const text = alignCell(parts[column]![line] ?? '', width, table.align[column] ?? null);
				return head ? style.head(text) : text;
			});
			out.push(`${bar} ${texts.join(` ${bar} `)} ${bar}`);
		}

		return out;
	};

	const body = table.rows.map(row => renderRow(row, false));
	// Rows that wrap need a rule between them, or a reader cannot tell where one row ends.
	const separated = body.some(row => row.length > 1);
	const lines = [rule('┌', '┬', '┐'), ...renderRow(table.header, true), rule('├', '┼', '┤')];
	for (const [index, row] of body.entries()) {
		if (separated && index > 0) {
			lines.push(rule('├', '┼', '┤'));
		}

		lines.push(...row);
	}

	lines.push(rule('└', '┴', '┘'));
	return lines;
}

function records(table: TableInput, width: number, style: TableStyle): string[] {
	const stripped = (text: string) => stripSgr(text).trim();
	const labels = table.header.map((cell, column) => (stripped(cell) === '' ? `Column ${column + 1}` : cell));
	const lines = [truncateCells(style.note(recordsNote), width)];
	for (const row of table.rows) {
		lines.push('');
		for (const [column, label] of labels.entries()) {
			const value = row[column] ?? '';
			if (stripped(value) === '') {
				continue;
			}

			const text = `${style.label(label)}: ${value}`;
			const [first = '', ...rest] = wrapCell(text, width);
			lines.push(first);
			// Continuation lines hang under the value, by two cells: enough to show they belong to the field above.
			for (const part of rest.length > 0 ? wrapCell(rest.join(' '), Math.max(1, width - 2)) : []) {
				lines.push(`  ${part}`);
			}
		}
	}

	return lines;
}

/** Lays a table out for a page `width` cells wide. */
export function layoutTable(table: TableInput, width: number, style: TableStyle): TableLayout {
	const columns = Math.max(table.header.length, ...table.rows.map(row => row.length));
	const natural = Array.from({length: columns}, () => 1);
	for (const row of [table.header, ...table.rows]) {
		for (const [column, cell] of row.entries()) {
			natural[column] = Math.max(natural[column]!, cellWidth(cell));
		}
	}

	const room = width - gridOverhead(columns);
	let naturalTotal = 0;
	for (const value of natural) {
		naturalTotal += value;
	}

	if (naturalTotal <= room) {
		const lines = grid(table, natural, style);
		return {mode: 'grid', lines, wideLines: lines};
	}

	const wideLines = grid(table, natural.map(value => Math.min(value, Math.max(wideColumnLimit, room))), style);
	// A column may wrap between words, never inside one: each gets at least its longest word (up to 20 cells, so one
	// URL does not claim the page). When those floors do not fit, records read better than words cut in pieces.
	const floors = Array.from({length: columns}, () => 1);
	for (const row of [table.header, ...table.rows]) {
		for (const [column, cell] of row.entries()) {
			for (const word of stripSgr(cell).split(/\s+/u)) {
				floors[column] = Math.max(floors[column]!, Math.min(20, cellWidth(word)));
			}
		}
	}

	let floorTotal = 0;
	for (const [column, value] of floors.entries()) {
		floorTotal += Math.min(value, natural[column]!);
	}

	if (!gridFits(columns, width) || floorTotal > room) {
		return {mode: 'records', lines: records(table, width, style), wideLines};
	}

	return {mode: 'grid', lines: grid(table, shareWidths(natural, room, floors), style), wideLines};
}
