import test, {type ExecutionContext} from 'ava';
import fc from 'fast-check';
import {RenderWorker} from '../../source/adapters/render-worker.js';
import {neutralise, neutraliseLine} from '../../source/core/text/neutralise.js';
import type {Article} from '../../source/core/types.js';

// Issue 15, "Rendering": no input of up to 10 MB makes a render take 2 s or more. Rendering runs in the render worker
// (source/adapters/render-worker.ts) as the reader runs it: whatever the input, the answer (the formatted article, or
// wrapped plain text with a reason) comes within the bound. The worker is warmed before each timed render: loading
// the renderer is paid once per process, like the first article today, not per article. The tests run serially:
// building a 10 MB input holds this thread, and would delay another test's deadline timer.

const bound = 2000;
const controlOrBidi = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
const sgr = /\u001B\[[\d;:]*m/gu;

const article = (body: string): Article => ({
	meta: {id: 'h', path: 'h.md', title: neutraliseLine('hostile'), source: neutraliseLine('test'), tags: [], kind: 'md', size: body.length, mtimeMs: 0, words: 1},
	body: neutralise(body),
	warnings: [],
});

/** Repeats `unit` to `size` characters (a prefix of the last copy included). */
const fill = (unit: string, size: number) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);

const sawtooth = Array.from({length: 80}, (_, index) => `${'  '.repeat(index < 40 ? index : 80 - index)}- item ${index}\n`).join('');
const nested = Array.from({length: 45}, (_, index) => `${'> '.repeat(index)}- x\n`).join('');

/** Units of the attacks in issue 15 and the shapes earlier measurements found slow. */
const units: readonly string[] = [
	// Long non-ASCII and right-to-left words.
	'ש'.repeat(5000) + ' ', '漢'.repeat(5000) + ' ', 'e\u0301'.repeat(3000) + ' ', 'مرحبا'.repeat(2000) + '\n', '👩‍👩‍👧'.repeat(1000),
	// Code spans.
	'``a`` ', '``a` ', '`a ', '``` ``',
	// Lists and quotes under the nesting limit.
	sawtooth, nested, '- - - - - - - - - - x\n', '1. '.repeat(40) + 'x\n',
	// Thematic breaks and headings.
	'---\n', '***\n', '- - -\n', '___\n', '# h\n', '###### ' + '#'.repeat(100) + '\n', 'a\n===\n',
	// Inline patterns that are quadratic in marked.
	'[*a', '**a*b ', '**a* ', '__a_ ', '*_a ', '~~a~ ', '![a', '[a](', '](a ', '<a ', '<', '*'.repeat(99) + 'a', '\\*',
	// Tables.
	'|a|b|\n|---|---|\n' + '|1|2|\n'.repeat(100), '|' + 'c|'.repeat(500) + '\n|' + '-|'.repeat(500) + '\n', '| a |',
	// Code that highlight.js is slow on.
	'```ini\n' + 'a'.repeat(60_000) + '\n```\n', '```c\n' + 'a '.repeat(100) + '\n', '```properties\n' + 'a\\ '.repeat(2000) + '\n```\n',
	'```cpp\n' + `${'a '.repeat(100)}\n`.repeat(200) + '```\n',
	// HTML, entities, references, control characters.
	'<div>', '<!--', '&#27[8m', '&#x1b;[5;7m', '&amp;', '[a]: http://x\n', '[^1]', '\t', '\u001B[31m', '\r', '\u202E', '\u0000',
	// Plain prose, so that mixtures look like documents.
	'The quick brown fox jumps over the lazy dog. ', 'word ', 'line\n', '\n\n',
];

const document = fc.record({
	parts: fc.array(fc.record({unit: fc.constantFrom(...units), share: fc.integer({min: 1, max: 4})}), {minLength: 1, maxLength: 3}),
	// 1 KB to 10 MB, spread over the orders of magnitude.
	size: fc.integer({min: 3, max: 7}).chain(exponent => fc.integer({min: 10 ** (exponent - 1), max: Math.min(10 ** exponent, 10_000_000)})),
	color: fc.boolean(),
	width: fc.constantFrom(20, 80, 200),
}).map(({parts, size, color, width}) => {
	const shares = parts.reduce((sum, part) => sum + part.share, 0);
	const body = parts.map(part => fill(part.unit, Math.floor(size * part.share / shares))).join('\n\n');
	return {body, color, width};
});

async function renderWithinBound(t: ExecutionContext, worker: RenderWorker, body: string, color: boolean, width: number): Promise<boolean> {
	await worker.warm();
	const input = article(body);
	const started = performance.now();
	const rendered = await worker.render(input, {width, color});
	const elapsed = performance.now() - started;
	const text = rendered.lines.join('\n');
	const safe = !controlOrBidi.test(text.replaceAll(sgr, '').replaceAll('\n', '')) && (color || !text.includes('\u001B'));
	const label = `${body.length} chars ${JSON.stringify(body.slice(0, 40))}…: ${Math.round(elapsed)} ms${rendered.fallback ? ` (${rendered.fallback})` : ''}`;
	t.log(label);
	if (elapsed >= bound || !safe) {
		t.log(`FAILED: ${label}, safe: ${safe}`);
	}

	return elapsed < bound && safe;
}

test.serial('each attack of issue 15 at its hostile size renders within 2 s, safely', async t => {
	const worker = new RenderWorker();
	t.teardown(async () => worker.close());
	const attacks: Array<[string, number]> = [
		['ש'.repeat(20_000) + ' ', 1_000_000],
		['``a`` ', 1_000_000],
		[sawtooth, 2_000_000],
		['---\n', 1_920_000],
		['```ini\n' + 'a'.repeat(60_000) + '\n```\n', 1_200_000],
		['```c\n' + `${'a '.repeat(100)}\n`.repeat(500) + '```\n', 1_000_000],
		['[*a', 10_000_000],
		['&#27[8m', 10_000_000],
		['\t', 10_000_000],
		['The quick brown fox jumps over the lazy dog. ', 10_000_000],
	];
	for (const [unit, size] of attacks) {
		t.true(await renderWithinBound(t, worker, fill(unit, size), true, 80));
	}
});

test.serial('no generated hostile document of up to 10 MB makes a render take 2 s or reach the terminal', async t => {
	const worker = new RenderWorker();
	t.teardown(async () => worker.close());
	// The property test is bounded in time itself: as many runs as fit in 60 s (at least a few), at most 40.
	const result = await fc.check(fc.asyncProperty(document, async ({body, color, width}) => renderWithinBound(t, worker, body, color, width)), {
		numRuns: 40,
		interruptAfterTimeLimit: 60_000,
		markInterruptAsFailure: false,
		seed: Date.now() % 1_000_000,
	});
	t.log(`${result.numRuns} runs, seed ${result.seed}`);
	t.false(result.failed, result.counterexample ? `counterexample: ${JSON.stringify(result.counterexample[0]).slice(0, 300)} (seed ${result.seed}, path ${result.counterexamplePath})` : '');
	t.true(result.numRuns >= 5, `${result.numRuns} runs`);
});
