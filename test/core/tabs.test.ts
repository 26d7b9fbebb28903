import test from 'ava';
import {expandTabs} from '../../source/core/text/cells.js';
import {neutralise} from '../../source/core/text/neutralise.js';

test('a tab goes to the next tab stop counted in cells, so a wide character takes two columns', t => {
	t.is(expandTabs('a\tb', 4), 'a   b');
	t.is(expandTabs('漢\tb', 4), '漢  b', 'the ideograph takes two of the four columns');
	t.is(expandTabs('\t\tx', 8), `${' '.repeat(16)}x`);
	t.is(expandTabs('no tabs', 4), 'no tabs');
});

test('10 MB of tabs at ingress stays 10 MB and takes well under two seconds (it took 2.2 s and made 40 MB)', t => {
	const hostile = '\t'.repeat(10 * 1024 * 1024);
	const started = performance.now();
	const safe = neutralise(`x\n${hostile}\ny`);
	const elapsed = performance.now() - started;
	t.true(safe.length < hostile.length + 16, `${safe.length} characters`);
	t.true(elapsed < 2000, `${Math.round(elapsed)} ms`);
	t.false(safe.includes('\t'));
});
