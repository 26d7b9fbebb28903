import {singleUnitTest} from './single-unit-clusters.mjs';

// A build-time patch of string-width (the one Ink and source/core/text/cells.ts share in the bundle), issue 14.
//
// string-width tests every grapheme of a non-ASCII string against /^\p{RGI_Emoji}$/v. V8 builds that expression (the
// whole RGI emoji set, thousands of strings) the first time it runs: ~27 ms, and ~7 ms more when it tiers up. The
// first frame of the list has `●` and `★` in it, so every start paid ~35 ms for it, although no title had an emoji.
// Every RGI emoji holds an Extended_Pictographic code point, a regional indicator (flags), a skin tone modifier or
// the keycap mark (U+20E3): checking for one of those first (a plain code point class, ~0.1 ms to build) keeps the
// set out of the way until an emoji turns up, and gives the same widths (test/text/string-width-prefilter.test.ts
// compares the patched and the original on every code point and emoji sequence shape).
//
// The bundle targets Node 20, so esbuild writes that `/…/v` literal as `new RegExp(…, "v")`, which V8 parses (and
// builds the set) when the module loads, not when it is first used: ~11 ms of every start on Node 20, even one that
// measures no text (`tidings --help`). The expression is therefore made on first use, and so is the
// Intl.Segmenter (~7 ms to make, for ICU's break rules), which only text beyond printable ASCII needs.
//
// And text whose every code unit is a grapheme cluster of its own (see `singleUnits` below) is measured a code unit at
// a time, each unit's width found once by string-width's own per-cluster rules: Ink measures every new row of the list
// (each with a `●`) through the segmenter otherwise. CPU profile of 60 page downs through new rows at 10k (120×40):
// 30.6-33.6 -> 25.5-26.1 ms per key (profiled). test/core/string-width-prefilter.test.ts compares both ways.

export const prefilter = String.raw`/[\p{Extended_Pictographic}\p{Regional_Indicator}\u{1F3FB}-\u{1F3FF}\u20E3]/u`;

const declaration = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
const use = 'rgiEmojiRegex.test(segment)';
const segmenterDeclaration = 'const segmenter = new Intl.Segmenter();';
const loopStart = `\tlet width = 0;
\tconst eastAsianWidthOptions = {ambiguousAsWide: !ambiguousIsNarrow};

\tfor (const {segment} of segmenter.segment(string)) {`;

// Text whose every code unit is a grapheme cluster of its own (scripts/single-unit-clusters.mjs) is measured one code
// unit at a time, each code unit's width computed once by the original per-cluster rules and remembered. A list row with a \`●\` went through
// Intl.Segmenter whole, in Ink's measuring of every new row (issue 14).
const singleUnits = `
function singleUnitClusters(text) {
\tfor (let index = 0; index < text.length; index++) {
\t\tconst code = text.charCodeAt(index);
\t\tif (${singleUnitTest('code')}) {
\t\t\tcontinue;
\t\t}

\t\treturn false;
\t}

\treturn true;
}

const unitWidths = [new Map(), new Map()];
`;

const singleUnitPath = `\tconst eastAsianWidthOptions = {ambiguousAsWide: !ambiguousIsNarrow};
\tif (singleUnitClusters(string)) {
\t\tconst widths = unitWidths[ambiguousIsNarrow ? 0 : 1];
\t\tlet width = 0;
\t\tfor (let index = 0; index < string.length; index++) {
\t\t\tconst unit = string[index];
\t\t\tlet unitWidth = widths.get(unit);
\t\t\tif (unitWidth === undefined) {
\t\t\t\tunitWidth = clustersWidth(unit, eastAsianWidthOptions);
\t\t\t\twidths.set(unit, unitWidth);
\t\t\t}

\t\t\twidth += unitWidth;
\t\t}

\t\treturn width;
\t}

\treturn clustersWidth(string, eastAsianWidthOptions);
}

function clustersWidth(string, eastAsianWidthOptions) {
\tlet width = 0;
\tfor (const {segment} of segmenter.segment(string)) {`;
const segmenterUse = 'segmenter.segment(string)';

/**
Each `const NAME = /…/v;` of `names` made on first use: `NAME` becomes `NAME()`, a function that makes the expression
once (~0.5 ms at load for the two Unicode-property sets, on every start).
*/
function lazyExpressions(source, names) {
	let out = source;
	for (const name of names) {
		const declaration = new RegExp(`^const ${name} = (/.+/v);$`, 'mu');
		const found = declaration.exec(out);
		if (found === null || out.split(new RegExp(`\\b${name}\\b`, 'u')).length < 3) {
			throw new Error(`string-width changed: ${name} is no longer a /…/v constant (scripts/string-width-prefilter.mjs)`);
		}

		out = out.replace(declaration, () => `let ${name}Made;\nconst ${name}Lazy = () => (${name}Made ??= ${found[1]});`)
			.replaceAll(new RegExp(`\\b${name}\\b(?!Made|Lazy)`, 'gu'), `${name}Lazy()`);
	}

	return out;
}

/**
string-width's index.js with the prefilter in front of the RGI test, and the RGI expression and the segmenter made on
first use; throws when string-width changed shape.
*/
export function patchStringWidth(source) {
	const once = (text, part) => text.split(part).length === 2;
	if (!once(source, declaration) || !once(source, use) || !once(source, segmenterDeclaration) || !once(source, segmenterUse) || !once(source, loopStart) || source.split(/\bsegmenter\b(?!,)/u).length !== 3 || source.split('rgiEmojiRegex').length !== 3) {
		throw new Error('string-width changed: scripts/string-width-prefilter.mjs no longer applies (see its comment)');
	}

	return lazyExpressions(source.replace(loopStart, () => singleUnitPath).replace(segmenterDeclaration, () => `${segmenterDeclaration}\n${singleUnits}`), ['visibleCharacterRegex', 'spacingMarkRegex'])
		.replace(declaration, () => `let rgiEmojiRegex;\nconst mayBeEmojiRegex = ${prefilter};`)
		.replace(use, () => `(mayBeEmojiRegex.test(segment) && (rgiEmojiRegex ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(segment))`)
		.replace(segmenterDeclaration, 'let segmenter;')
		.replace(segmenterUse, '(segmenter ??= new Intl.Segmenter()).segment(string)');
}

const wrapDeclaration = 'const segmenter = new Intl.Segmenter();';
const wrapUse = 'segmenter.segment(plainText)';

/** wrap-ansi's index.js with its Intl.Segmenter made on first use, like string-width's; throws when it changed shape. */
export function patchWrapAnsi(source) {
	if (source.split(wrapDeclaration).length !== 2 || source.split(wrapUse).length !== 2 || source.split(/\bsegmenter\.segment\b/u).length !== 2) {
		throw new Error('wrap-ansi changed: scripts/string-width-prefilter.mjs no longer applies (see its comment)');
	}

	return source.replace(wrapDeclaration, 'let segmenter;').replace(wrapUse, '(segmenter ??= new Intl.Segmenter()).segment(plainText)');
}

/**
The esbuild plugin: string-width 8's index.js (not the older copies other packages carry) is loaded patched, and so
is wrap-ansi's.
*/
export const stringWidthPrefilter = {
	name: 'string-width-prefilter',
	setup(build) {
		build.onLoad({filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/}, async ({path: file}) => {
			const {readFile} = await import('node:fs/promises');
			const path = await import('node:path');
			// Older string-width copies (cli-table3's 4.x, for the renderer's tables) are left as they are.
			const ours = path.resolve(build.initialOptions.absWorkingDir ?? process.cwd(), 'node_modules', 'string-width', 'index.js');
			return file === ours ? {contents: patchStringWidth(await readFile(file, 'utf8')), loader: 'js'} : undefined;
		});
		build.onLoad({filter: /[\\/]node_modules[\\/]wrap-ansi[\\/]index\.js$/}, async ({path: file}) => {
			const {readFile} = await import('node:fs/promises');
			const path = await import('node:path');
			const ours = path.resolve(build.initialOptions.absWorkingDir ?? process.cwd(), 'node_modules', 'wrap-ansi', 'index.js');
			return file === ours ? {contents: patchWrapAnsi(await readFile(file, 'utf8')), loader: 'js'} : undefined;
		});
	},
};
