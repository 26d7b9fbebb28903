import test from 'ava';
import {Chalk} from 'chalk';
import {findInLines, foldLines, isCaseSensitive} from '../../source/core/text/find-in-lines.js';
import {markRanges, stripSgr} from '../../source/core/text/styled-ranges.js';
import {osc52} from '../../source/core/text/osc52.js';

const chalk = new Chalk({level: 1});
const found = (lines: string[], query: string) => {
	const plain = lines.map(line => stripSgr(line));
	return findInLines(foldLines(lines), query).map(match => `${match.line}:${plain[match.line]!.slice(match.start, match.end)}`);
};

test('a lower-case query ignores case and diacritics', t => {
	t.deepEqual(found(['The Café in Zürich', 'CAFE and cafe'], 'cafe'), ['0:Café', '1:CAFE', '1:cafe']);
	t.deepEqual(found(['Zürich, zurich, ZURICH'], 'zurich'), ['0:Zürich', '0:zurich', '0:ZURICH']);
});

test('a query with a capital letter matches case exactly but still ignores diacritics', t => {
	t.true(isCaseSensitive('Zurich'));
	t.false(isCaseSensitive('zurich'));
	t.deepEqual(found(['Zürich, zurich, ZURICH'], 'Zurich'), ['0:Zürich']);
	t.deepEqual(found(['CAFE and cafe and Café'], 'CAFE'), ['0:CAFE']);
});

test('matches map back to whole characters: decomposed accents, ß spelled out, letters without a decomposition', t => {
	t.deepEqual(found(['un cafe\u0301 noir'], 'café'), ['0:cafe\u0301']);
	t.deepEqual(found(['Die Straße ist lang'], 'strasse'), ['0:Straße']);
	t.deepEqual(found(['Øslo og Łódź'], 'oslo'), ['0:Øslo']);
	t.deepEqual(found(['Łódź'], 'lodz'), ['0:Łódź']);
});

test('offsets are in the plain text of styled lines, and marking them keeps the text and the styling', t => {
	const line = `${chalk.bold('Bold')} words and ${chalk.blue('café')}${chalk.dim('[3]')} end`;
	const matches = findInLines(foldLines([line]), 'cafe');
	t.is(matches.length, 1);
	const marked = markRanges(line, matches.map(match => ({...match, on: '<', off: '>'})));
	t.is(stripSgr(marked), 'Bold words and <café>[3] end');
	t.true(marked.includes(chalk.blue('<café>').slice(0, 5)), 'the line\'s own colour is kept around the mark');
});

test('an empty query or one of only accents matches nothing; matches on a line do not overlap', t => {
	t.deepEqual(found(['anything'], ''), []);
	t.deepEqual(found(['anything'], '\u0301'), []);
	t.deepEqual(found(['aaaa'], 'aa'), ['0:aa', '0:aa']);
});

test('markRanges writes the mark again after a reset inside it, so a bold word cannot switch the mark off', t => {
	const line = `a ${chalk.bold('bold')} b`;
	const marked = markRanges(line, [{start: 0, end: line.length, on: '\u001B[7m', off: '\u001B[27m'}].map(range => ({...range, end: stripSgr(line).length})));
	t.is(stripSgr(marked), 'a bold b');
	const afterReset = marked.indexOf('\u001B[22m');
	t.true(afterReset > 0);
	t.is(marked.slice(afterReset + 5, afterReset + 9), '\u001B[7m');
	t.true(marked.endsWith('\u001B[27m'));
});

test('markRanges ignores empty and overlapping ranges and ranges past the end', t => {
	const marks = [{start: 0, end: 0, on: '<', off: '>'}, {start: 1, end: 3, on: '<', off: '>'}, {start: 2, end: 4, on: '{', off: '}'}, {start: 9, end: 12, on: '[', off: ']'}];
	t.is(markRanges('abcdef', marks), 'a<bc>def');
});

test('osc52 encodes the text in base64 and wraps it in the tmux passthrough when asked', t => {
	t.is(osc52('https://example.com/ä'), `\u001B]52;c;${Buffer.from('https://example.com/ä').toString('base64')}\u0007`);
	const wrapped = osc52('x', {tmux: true});
	t.is(wrapped, '\u001BPtmux;\u001B\u001B]52;c;eA==\u0007\u001B\\');
});
