// Issue 14: the build-time patch of Ink's output stage (scripts/ink-output-cache.mjs) keeps caches across frames; the
// screen must be the same, cell for cell. Ink is bundled twice, as shipped and patched, and both draw the same frames
// (colours, wide and combining characters, emoji, invisible code points, wrapping, clipping, transforms), first once
// each, then again in another order, when the patched one answers from its caches.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import test from 'ava';
import {build} from 'esbuild';
import fc from 'fast-check';
// @ts-expect-error: a build script in plain JavaScript, without types.
import {singleUnitRanges} from '../../scripts/single-unit-clusters.mjs';
// @ts-expect-error: a build script in plain JavaScript, without types.
import {inkOutputCache as inkOutputCacheUntyped, patchInkOutput as patchInkOutputUntyped, patchInkRenderNode as patchInkRenderNodeUntyped, patchTokenize as patchTokenizeUntyped, warmHooksName} from '../../scripts/ink-output-cache.mjs';
import type {Plugin} from 'esbuild';

const inkOutputCache = inkOutputCacheUntyped as Plugin;
const patchInkOutput = patchInkOutputUntyped as (source: string) => string;
const patchInkRenderNode = patchInkRenderNodeUntyped as (source: string) => string;
const patchTokenize = patchTokenizeUntyped as (source: string) => string;
import {tempDir} from '../helpers/terminal.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const entry = `
import React from 'react';
import {Box, Text, Transform, renderToString} from 'ink';
const h = React.createElement;
const texts = [
	'plain ASCII line',
	'● 2026-01-02 · Harbour — “quoted” … ★ ✓ → © é ß',
	'Wide: 漢字とかなの見出し、全角の句読点。',
	'Emoji 👩‍👩‍👧 family, flag 🇳🇴, keycap 1️⃣, skin 👍🏽',
	'Invisible: a\\u200Bb\\u00ADc\\uFE0Fd\\u2060e\\u180Ef',
	'Combining: e\\u0301 a\\u0308 n\\u0303 and Hangul 한국어',
	'Two\\nlines and a\\nthird',
	'A long line that has to wrap inside the narrow box because it is far wider than the box itself is',
];
const frame = (selected, width) => h(Box, {flexDirection: 'column', width},
	texts.map((text, index) => h(Box, {key: index, width: width - 2, overflow: 'hidden'},
		h(Text, {color: index === selected ? 'cyan' : undefined, inverse: index === selected, bold: index % 2 === 0, wrap: index === 6 ? 'wrap' : 'truncate-end'}, text))),
	h(Transform, {transform: (line, index) => index + ':' + line.toUpperCase()}, h(Text, {dimColor: true}, 'transformed\\nlines')),
	h(Box, {width: 12, overflowX: 'hidden'}, h(Text, null, '漢字漢字漢字漢字 clipped in the middle of a wide character')));
export function frames(order) {
	return order.map(([selected, width]) => renderToString(frame(selected, width), {columns: width}));
}
`;

async function bundle(patched: boolean, contents = entry): Promise<string> {
	const result = await build({
		stdin: {contents, resolveDir: root, sourcefile: 'frames.js', loader: 'js'},
		absWorkingDir: root,
		bundle: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		write: false,
		logLevel: 'silent',
		define: {'process.env.NODE_ENV': '"production"'},
		alias: {'react-devtools-core': './scripts/devtools-stub.mjs'},
		banner: {js: "import {createRequire as __testRequire} from 'node:module'; const require = __testRequire(import.meta.url);"},
		plugins: patched ? [inkOutputCache] : [],
	});
	const file = path.join(tempDir(), patched ? 'patched.mjs' : 'stock.mjs');
	fs.writeFileSync(file, result.outputFiles[0]!.text);
	return file;
}

test('the patched output stage draws every frame exactly as Ink does, from its caches too', async t => {
	const [stock, patched] = await Promise.all([bundle(false), bundle(true)]);
	t.true(fs.readFileSync(patched, 'utf8').includes('sharedOutputCaches'), 'the patch was applied');
	t.false(fs.readFileSync(stock, 'utf8').includes('sharedOutputCaches'));
	type Frames = {frames(order: Array<[number, number]>): string[]};
	// Styles on, whatever runs the tests: chalk reads this when the bundles load.
	process.env['FORCE_COLOR'] = '3';
	const a = await import(pathToFileURL(stock).href) as Frames;
	const b = await import(pathToFileURL(patched).href) as Frames;
	const order: Array<[number, number]> = [[0, 40], [1, 40], [2, 40], [1, 40], [0, 40], [3, 24], [6, 24], [5, 80], [0, 40], [4, 24], [6, 80]];
	const first = a.frames(order);
	t.deepEqual(b.frames(order), first);
	// Again, reversed: every line the patched stage draws now comes from its caches.
	t.deepEqual(b.frames([...order].reverse()), a.frames([...order].reverse()));
	t.true(first.some(screen => screen.includes('漢字')) && first.some(screen => screen.includes('\u001B[')), 'the frames hold wide characters and styles');
	// The warm-up the reader runs for a page drawn next (source/ui/ink-warm.tsx) fills the same caches: same frames.
	const hooks = (globalThis as Record<symbol, {text?: (text: string) => void; widest?: (text: string) => number} | undefined>)[Symbol.for(warmHooksName as string)];
	t.is(typeof hooks?.text, 'function');
	t.is(typeof hooks?.widest, 'function');
	for (const line of first.flatMap(screen => screen.split('\n'))) {
		hooks!.text!(line);
		t.is(hooks!.widest!(line), hooks!.widest!(line));
	}

	t.deepEqual(b.frames([[6, 80], [2, 24], [0, 40]]), a.frames([[6, 80], [2, 24], [0, 40]]));
});

test('the patched tokenizer cuts any line into the same tokens and styled cells as the stock one (the segmenter skipped for single-unit clusters)', async t => {
	const tokenizer = "export {tokenize, styledCharsFromTokens} from '@alcalzone/ansi-tokenize';";
	const [stock, patched] = await Promise.all([bundle(false, tokenizer), bundle(true, tokenizer)]);
	t.true(fs.readFileSync(patched, 'utf8').includes('singleUnitSegments'), 'the patch was applied');
	type Tokenizer = {tokenize(text: string, endChar?: number): unknown[]; styledCharsFromTokens(tokens: unknown[]): unknown[]};
	const a = await import(pathToFileURL(stock).href) as Tokenizer;
	const b = await import(pathToFileURL(patched).href) as Tokenizer;
	const units = (singleUnitRanges as Array<[number, number]>)
		.flatMap(([from, to]) => Array.from({length: to - from + 1}, (_, offset) => String.fromCharCode(from + offset)));
	for (const unit of units) {
		const line = `a${unit}\u001B[1m●${unit}\u001B[0m`;
		t.deepEqual(b.tokenize(line), a.tokenize(line));
	}

	const pieces = [
		...units.slice(0, 200), '●', '·', '…', '★', '\u001B[1m', '\u001B[0m', '\u001B[38;5;214m', '\u001B[1;3;31m', '\u001B[38;2;1;2;3m', '\u001B[39m',
		'\u001B]8;;https://example.com\u0007', '\u001B]8;;\u0007', '\u001B]8;;https://e.x\u001B\\', '\u001B]0;title\u0007', '\u001B', '\u001B[', '\u009B31m',
		'e\u0301', '\u200D', '\uFE0F', '漢', '😀', '👩\u200D👩\u200D👧', '\u20DD', '\r\n', '\t', '\u0000',
	];
	fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), {maxLength: 60}), fc.option(fc.integer({min: 1, max: 80})), (parts, end) => {
		const line = parts.join('');
		const expected = a.tokenize(line, end ?? undefined);
		t.deepEqual(b.tokenize(line, end ?? undefined), expected);
		t.deepEqual(b.styledCharsFromTokens(b.tokenize(line)), a.styledCharsFromTokens(a.tokenize(line)));
		return true;
	}), {numRuns: 1500});
});

test('the patch refuses an Ink whose code changed shape, rather than building something else', t => {
	t.throws(() => patchInkOutput('export default class Output {}'), {message: /ink changed/u});
	t.throws(() => patchInkRenderNode('const x = 1;'), {message: /ink changed/u});
	t.throws(() => patchTokenize('export function tokenize() {}'), {message: /ansi-tokenize changed/u});
	const source = fs.readFileSync(path.join(root, 'node_modules', 'ink', 'build', 'output.js'), 'utf8');
	t.notThrows(() => patchInkOutput(source));
});
