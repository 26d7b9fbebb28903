import test from 'ava';
import fc from 'fast-check';
import {cellWidth, graphemes, padCells, truncateCells, wrapCells} from '../../source/core/text/cells.js';

test('cellWidth counts CJK and emoji as two columns, combining marks and SGR as none', t => {
	t.is(cellWidth('abc'), 3);
	t.is(cellWidth('漢字'), 4);
	t.is(cellWidth('😀'), 2);
	// Worst case of the terminals' readings: a terminal without ZWJ clusters draws three emoji, six cells.
	t.is(cellWidth('👩‍👩‍👧'), 6);
	t.is(cellWidth('\u00AD'), 1, 'xterm.js draws a soft hyphen in one cell');
	t.is(cellWidth('🇫🇷'), 2);
	t.is(cellWidth('e\u0301'), 1);
	t.is(cellWidth('\u001B[1mbold\u001B[22m'), 4);
	t.deepEqual(graphemes('e\u0301👩‍👩‍👧x'), ['e\u0301', '👩‍👩‍👧', 'x']);
});

test('truncateCells never splits a cluster and keeps SGR, closing it with a reset', t => {
	t.is(truncateCells('hello', 10), 'hello');
	t.is(truncateCells('hello world', 6), 'hello…');
	t.is(truncateCells('漢字漢字', 5), '漢字…');
	t.is(truncateCells('漢字漢字', 4, ''), '漢字');
	t.is(truncateCells('👩‍👩‍👧👩‍👩‍👧', 7), '👩‍👩‍👧…');
	t.is(truncateCells('\u001B[1mbold text\u001B[22m', 5), '\u001B[1mbold…\u001B[0m');
	t.is(truncateCells('abc', 0), '');
});

test('padCells gives every row the same width whatever script it holds', t => {
	const rows = ['plain title', '漢字のタイトル', 'e\u0301te\u0301', '😀 news', 'a very long title that will not fit'];
	for (const row of rows) {
		t.is(cellWidth(padCells(row, 12)), 12, row);
		t.is(cellWidth(padCells(row, 12, {align: 'right'})), 12, row);
	}

	t.is(padCells('ab', 4, {align: 'right'}), '  ab');
});

test('wrapCells keeps words whole where they fit and breaks the ones that do not', t => {
	t.deepEqual(wrapCells('the quick brown fox', 9), ['the quick', 'brown fox']);
	t.deepEqual(wrapCells('  indented words here', 10), ['  indented', 'words here']);
	t.deepEqual(wrapCells('abcdefghij', 4), ['abcd', 'efgh', 'ij']);
	t.deepEqual(wrapCells('漢字かな漢字', 5), ['漢字', 'かな', '漢字']);
	t.deepEqual(wrapCells('one\n\ntwo', 10), ['one', '', 'two']);
	t.deepEqual(wrapCells('😀😀', 1), ['…', '…']);
});

const textWithWideAndCombining = fc.array(fc.constantFrom('a', 'b', ' ', '  ', '漢', 'か', 'e\u0301', '😀', '👩‍👩‍👧', '🇫🇷', '\n', 'word', 'Ω'), {maxLength: 80})
	.map(parts => parts.join(''));

test('for any text and any width that holds its widest cluster, wrapped lines fit and keep every non-space cluster in order', t => {
	fc.assert(fc.property(textWithWideAndCombining, fc.integer({min: 6, max: 40}), (text, width) => {
		const lines = wrapCells(text, width);
		const kept = graphemes(lines.join('')).filter(cluster => cluster !== ' ' && cluster !== '\n');
		const given = graphemes(text).filter(cluster => cluster !== ' ' && cluster !== '\n');
		return lines.every(line => cellWidth(line) <= width) && kept.join('') === given.join('');
	}), {numRuns: 1000});
	t.is(wrapCells('', 10).length, 1);
});

test('for any text and width, truncateCells and padCells stay within the width', t => {
	fc.assert(fc.property(textWithWideAndCombining, fc.integer({min: 0, max: 40}), (text, width) => {
		const line = text.replaceAll('\n', ' ');
		return cellWidth(truncateCells(line, width)) <= width && cellWidth(padCells(line, width)) === width;
	}), {numRuns: 1000});
	t.is(cellWidth(padCells('漢字', 3)), 3);
});
