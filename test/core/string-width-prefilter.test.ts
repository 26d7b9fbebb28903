import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import test from 'ava';
import fc from 'fast-check';
import stringWidth from 'string-width';
// @ts-expect-error: a build script in plain JavaScript, without types.
import {singleUnitRanges} from '../../scripts/single-unit-clusters.mjs';
// @ts-expect-error: a build script in plain JavaScript, without types.
import {patchStringWidth} from '../../scripts/string-width-prefilter.mjs';

const root = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));

/** string-width as the build patches it, written where it resolves its own imports from the project's node_modules. */
async function patched(): Promise<typeof stringWidth> {
	const folder = path.join(root, '.tidings-tmp');
	fs.mkdirSync(folder, {recursive: true});
	const file = path.join(folder, `string-width-patched-${process.pid}.mjs`);
	fs.writeFileSync(file, (patchStringWidth as (source: string) => string)(fs.readFileSync(path.join(root, 'node_modules', 'string-width', 'index.js'), 'utf8')));
	try {
		return ((await import(pathToFileURL(file).href)) as {default: typeof stringWidth}).default;
	} finally {
		fs.rmSync(file, {force: true});
	}
}

test('the patched string-width gives the same width as the original for every code point and every emoji sequence shape', async t => {
	const fast = await patched();
	let compared = 0;
	const differing: string[] = [];
	const check = (text: string): void => {
		compared++;
		if (fast(text) !== stringWidth(text) && differing.length < 5) {
			differing.push([...text].map(character => character.codePointAt(0)!.toString(16)).join(' '));
		}
	};

	// Every code point of the planes text and emoji live in; the emoji ones also with what makes sequences of them.
	const emoji = /\p{Emoji}|\p{Emoji_Component}/u;
	for (let codePoint = 0; codePoint <= 0x1_FFFF; codePoint++) {
		if (codePoint >= 0xD8_00 && codePoint <= 0xDF_FF) {
			continue;
		}

		const character = String.fromCodePoint(codePoint);
		check(character);
		if (emoji.test(character)) {
			check(`${character}\uFE0F`);
			check(`${character}\uFE0F\u20E3`);
			check(`${character}\u{1F3FD}`);
		}
	}

	for (let first = 0x1_F1_E6; first <= 0x1_F1_FF; first++) {
		for (let second = 0x1_F1_E6; second <= 0x1_F1_FF; second++) {
			check(String.fromCodePoint(first, second));
		}
	}

	for (const text of ['👩‍👩‍👧', '🏳️‍🌈', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '👍🏽', '1️⃣', '#⃣', '🧑‍🤝‍🧑', '● 2026-01-01 Harbour — “quoted” …', '★ 한국어 日本語 e\u0301', '\u001B[31m●\u001B[39m red']) {
		check(text);
	}

	t.true(compared > 125_000);
	t.deepEqual(differing, []);
});

test('text of single-unit clusters (measured a code unit at a time by the patch) has the original width, with SGR, mixed with other text, both ways of counting ambiguous characters', async t => {
	const fast = await patched();
	const units = (singleUnitRanges as Array<[number, number]>)
		.flatMap(([from, to]) => Array.from({length: to - from + 1}, (_, offset) => String.fromCharCode(from + offset)));
	// Every such character alone and between two others, then any mix (with SGR, and now and then a character the
	// fast path must leave to the segmenter: a combining mark, a joiner, a variation selector, CJK, an emoji).
	for (const unit of units) {
		for (const options of [{}, {ambiguousIsNarrow: false}]) {
			t.is(fast(`a${unit}●${unit}`, options), stringWidth(`a${unit}●${unit}`, options), `U+${unit.codePointAt(0)!.toString(16)}`);
		}
	}

	const others = ['\u0301', '\u200D', '\uFE0F', '新', '😀', '\u20DD', '\u2028', '\u00AD', '\u0000'];
	fc.assert(fc.property(
		fc.array(fc.oneof({weight: 8, arbitrary: fc.constantFrom(...units)}, {weight: 1, arbitrary: fc.constantFrom('\u001B[1m', '\u001B[0m', '\u001B[38;5;214m')}, {weight: 1, arbitrary: fc.constantFrom(...others)}), {maxLength: 80}),
		fc.boolean(),
		(pieces, ambiguousIsNarrow) => fast(pieces.join(''), {ambiguousIsNarrow}) === stringWidth(pieces.join(''), {ambiguousIsNarrow}),
	), {numRuns: 2000});
});

test('the patch refuses a string-width it does not know, so a new version cannot slip past it unpatched', t => {
	t.throws(() => (patchStringWidth as (source: string) => string)('export default function stringWidth() {}'), {message: /string-width changed/});
});
