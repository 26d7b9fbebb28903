import test from 'ava';
import {expandTabs} from '../../source/core/text/cells.js';
import {neutralise} from '../../source/core/text/neutralise.js';

test('a tab goes to the next tab stop counted in cells, so a wide character takes two columns', t => {
	t.is(expandTabs('a\tb', 4), 'a   b');
	t.is(expandTabs('漢\tb', 4), '漢  b', 'the ideograph takes two of the four columns');
	t.is(expandTabs('\t\tx', 8), `${' '.repeat(16)}x`);
	t.is(expandTabs('no tabs', 4), 'no tabs');
});

test('10 MB of tabs at ingress stays 10 MB instead of becoming 40 MB (a safety bound on its time, not a speed target)', t => {
	const hostile = '\t'.repeat(10 * 1024 * 1024);
	const started = performance.now();
	const safe = neutralise(`x\n${hostile}\ny`);
	const elapsed = performance.now() - started;
	t.true(safe.length < hostile.length + 16, `${safe.length} characters`);
	// About 1 s on an idle 2-core machine; the bound is generous because the suite runs tests side by side.
	t.true(elapsed < 8000, `${Math.round(elapsed)} ms`);
	t.log(`${Math.round(elapsed)} ms`);
	t.false(safe.includes('\t'));
});
