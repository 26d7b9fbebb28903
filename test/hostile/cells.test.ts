import test from 'ava';
import fc from 'fast-check';
import {cellWidth, cellWidthBySegments, graphemes, padCells, singleUnitClusters, truncateCells, wrapCells} from '../../source/core/text/cells.js';
// @ts-expect-error: a build script in plain JavaScript, without types.
import {singleUnitRanges as singleUnitRangesUntyped} from '../../scripts/single-unit-clusters.mjs';

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

// The code units cellWidth measures one at a time (without the segmenter): scripts/single-unit-clusters.mjs.
const singleUnitRanges = singleUnitRangesUntyped as Array<[number, number]>;
const singleUnits = singleUnitRanges.flatMap(([from, to]) => Array.from({length: to - from + 1}, (_, offset) => String.fromCharCode(from + offset)));

test('cells.ts measures alone exactly the code units the build\'s patches do (scripts/single-unit-clusters.mjs)', t => {
	const differing: string[] = [];
	for (let code = 0; code <= 0xFFFF; code++) {
		const listed = singleUnitRanges.some(([from, to]) => code >= from && code <= to);
		if (singleUnitClusters(String.fromCharCode(code)) !== listed && differing.length < 5) {
			differing.push(code.toString(16));
		}
	}

	t.deepEqual(differing, []);
});

test('each character cellWidth measures alone is a cluster of its own beside any other of them (the segmenter agrees), and the widths agree', t => {
	const segmenter = new Intl.Segmenter();
	// Neighbours of each kind found there: a letter, an Extended_Pictographic (©), a control (soft hyphen), itself.
	for (const character of singleUnits) {
		for (const neighbour of ['a', '\u00A9', '\u00AD', character]) {
			const text = `${neighbour}${character}${neighbour}`;
			t.is([...segmenter.segment(text)].length, 3, `U+${character.codePointAt(0)!.toString(16)} beside U+${neighbour.codePointAt(0)!.toString(16)}`);
			t.is(cellWidth(text), cellWidthBySegments(text));
		}
	}
});

test('for any text of those characters, with SGR, cellWidth is what the segmenter gives; one character outside them takes the segmenter', t => {
	fc.assert(fc.property(fc.array(fc.oneof(fc.constantFrom(...singleUnits), fc.constantFrom('\u001B[1m', '\u001B[0m', '\u001B[38;5;214m')), {maxLength: 60}), pieces => {
		const text = pieces.join('');
		return cellWidth(text) === cellWidthBySegments(text);
	}));
	// A combining mark, a variation selector, CJK, an emoji, a zero-width joiner: the clusters the fast path must not see.
	for (const text of ['e\u0301 ●', '\u2764\uFE0F ●', '● 新聞', '● 😀', '👩\u200D👩\u200D👧 ·', '\u20DD● ', 'a\u200Db']) {
		t.is(cellWidth(text), cellWidthBySegments(text), text);
	}
});
