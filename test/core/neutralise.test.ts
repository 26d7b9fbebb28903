import test from 'ava';
import {keepOnlySgr, neutralise, neutraliseLine} from '../../source/core/text/neutralise.js';

test('neutralise shows ESC as a visible control picture, so an OSC title payload is inert', t => {
	const out = neutralise('a\u001B]0;pwned\u0007b');
	t.false(out.includes('\u001B'));
	t.false(out.includes('\u0007'));
	t.is<string, string>(out, 'a␛]0;pwned␇b');
});

test('neutralise replaces C1 controls, DEL and bidi overrides', t => {
	t.is<string, string>(neutralise('x\u009B31mx'), 'x\uFFFD31mx');
	t.is<string, string>(neutralise('a\u007Fb'), 'a␡b');
	t.is<string, string>(neutralise('abc\u202Edef'), 'abc⟦U+202E⟧def');
	t.is<string, string>(neutralise('\u2066x\u2069'), '⟦U+2066⟧x⟦U+2069⟧');
});

test('neutralise keeps newlines, turns CRLF into LF, shows a lone CR and expands tabs', t => {
	t.is<string, string>(neutralise('a\r\nb\rc'), 'a\nb␍c');
	t.is<string, string>(neutralise('\tx\ty'), '    x   y');
	t.is<string, string>(neutralise('\uFEFFtitle'), 'title');
});

test('neutraliseLine folds white space, so a title stays on one row', t => {
	t.is<string, string>(neutraliseLine('  a\n\nb\tc  '), 'a b c');
});

test('keepOnlySgr keeps colour and drops every other escape sequence', t => {
	const input = '\u001B[1mbold\u001B[22m \u001B]8;;http://x\u0007link\u001B]8;;\u0007 \u001B]52;c;aGk=\u0007\u001B[2J\u001BPdcs\u001B\\\u001B_apc\u001B\\end';
	t.is<string, string>(keepOnlySgr(input), '\u001B[1mbold\u001B[22m link end');
});
