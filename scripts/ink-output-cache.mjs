import {intlOnFirstUseIn} from './intl-on-first-use.mjs';
import {singleUnitTest} from './single-unit-clusters.mjs';

// A build-time patch of Ink 8's output stage (node_modules/ink/build/output.js), issue 14.
//
// Every frame Ink makes a new `Output`, and with it new caches: each line on the screen is cut into styled cells again
// (`tokenize` + `styledCharsFromTokens`), twice (the text, then each of its lines), although a key that moves the
// selection changes two rows of forty. And every cell is tested against /^\p{Default_Ignorable_Code_Point}+$/u.
// A CPU profile of `j`/`k` at 10k articles (120×40) put ~65% of the reader's CPU per key there.
//
// And every text node's widest line is measured again each frame (render-node-to-output.js, `widest-line`).
//
// The patch keeps one set of caches across frames (the cells of a line, and its lines joined again, are the same
// whatever frame draws them; the cached cells and line arrays are never changed in place: Ink copies a cell before
// blanking it and maps or slices the lines into new arrays), emptied when it holds more than 200,000 cells or 20,000
// widths or texts, so a long session's memory stays bounded; the widest line of a text is kept the same way. A cell whose first code unit is below
// U+00AD (the first default-ignorable code point) skips the expression. The screen is the same, cell for cell:
// test/render/ink-output-cache.test.ts draws the same frames with the stock and the patched module and compares them.
// The Ink floor of the bench (bench/floor) is built without it: it stays Ink as shipped.

const cachesField = 'caches = new OutputCaches();';

/**
Where the patched modules put their warm-up functions (the one place the app reaches them: source/ui/ink-warm.tsx):
`text` fills the output caches with a text's cells, lines and widths, `widest` the widest-line cache, as a frame that
draws the text would. The app calls them for a page before it is shown (issue 14: `n` and `p` to an article not seen
yet drew ~40 new lines, ~4 ms at 120×40). A function declaration: both patched modules define it, each in its scope.
*/
export const warmHooksName = 'tidings.ink-warm';
const warmHooksSource = `function inkWarmHooks() {\n    return (globalThis[Symbol.for('${warmHooksName}')] ??= {});\n}`;
const ignorableTest = 'filter(character => !/^\\p{Default_Ignorable_Code_Point}+$/u.test(character.value))';
const storeStyled = 'this.styledChars.set(line, cached);';
const storeWidth = 'this.widths.set(text, cached);';

const splitLines = `        const characterLines = [[]];
        for (const character of this.caches.getStyledChars(text)) {
            if (character.value === '\\n') {
                characterLines.push([]);
            }
            else {
                characterLines.at(-1).push(character);
            }
        }
        let lines = characterLines.map(line => styledCharsToString(line));`;

/** Ink's output.js with caches kept across frames; throws when Ink changed shape. */
export function patchInkOutput(source) {
	for (const part of [cachesField, ignorableTest, storeStyled, storeWidth, 'class OutputCaches {', splitLines, '    getStringWidth(text) {']) {
		if (source.split(part).length !== 2) {
			throw new Error(`ink changed: scripts/ink-output-cache.mjs no longer applies (${part})`);
		}
	}

	return source
		.replace('class OutputCaches {', [
			'// Patched by scripts/ink-output-cache.mjs: one set of caches for every frame, bounded.',
			warmHooksSource,
			'const defaultIgnorable = /^\\p{Default_Ignorable_Code_Point}+$/u;',
			'const maxCachedCells = 200_000;',
			// A cached cell as ansi-tokenize makes it is a spread of its token plus a fresh copy of its styles (~110 bytes:
			// the object, an out-of-object property array, the styles array); kept for the session, the cache held ~10 MB
			// at 80,000 cells (issue 14: peak RSS). Kept as one four-field object (~48 bytes) whose styles are shared with
			// the cell before it when they are the same (one frozen empty list for none). Nothing changes a cell's styles
			// in place (Ink copies a cell to blank it, and shares `styles` between the halves of a wide one).
			'const noStyles = Object.freeze([]);',
			'const compactCells = cells => {',
			'    let previous = noStyles;',
			'    for (let index = 0; index < cells.length; index++) {',
			'        const cell = cells[index];',
			'        const {styles} = cell;',
			'        const shared = styles.length === 0 ? noStyles : (styles.length === previous.length && styles.every((code, at) => code.code === previous[at].code && code.endCode === previous[at].endCode) ? previous : styles);',
			'        previous = shared;',
			'        cells[index] = {type: cell.type, value: cell.value, fullWidth: cell.fullWidth, styles: shared};',
			'    }',
			'    return cells;',
			'};',
			'const maxCachedWidths = 20_000;',
			'let sharedOutputCaches;',
			'const outputCaches = () => {',
			'    if (sharedOutputCaches === undefined || sharedOutputCaches.cells > maxCachedCells || sharedOutputCaches.textLines.size > maxCachedWidths || sharedOutputCaches.widths.size + sharedOutputCaches.blockWidths.size > maxCachedWidths) {',
			'        sharedOutputCaches = new OutputCaches();',
			'    }',
			'    return sharedOutputCaches;',
			'};',
			// The app draws a page ahead of time (the article `n` or `p` opens next) into the same caches.
			'inkWarmHooks().text = text => {',
			'    const caches = outputCaches();',
			'    for (const line of caches.getLines(text)) {',
			'        for (const character of caches.getStyledChars(line)) {',
			'            caches.getStringWidth(character.value);',
			'        }',
			'    }',
			'};',
			'class OutputCaches {',
			'    cells = 0;',
		].join('\n'))
		.replace(ignorableTest, 'filter(character => character.value.charCodeAt(0) < 0xAD || !defaultIgnorable.test(character.value))')
		.replace(storeStyled, `cached = compactCells(cached);\n            ${storeStyled}\n            this.cells += cached.length + 1;`)
		.replace(cachesField, 'caches = outputCaches();')
		// The text's lines (its cells joined again per line) are kept with its cells.
		.replace(splitLines, '        let lines = this.caches.getLines(text);')
		.replace('    getStringWidth(text) {', [
			'    textLines = new Map();',
			'    getLines(text) {',
			'        let lines = this.textLines.get(text);',
			'        if (lines === undefined) {',
			'            const characterLines = [[]];',
			'            for (const character of this.getStyledChars(text)) {',
			"                if (character.value === '\\n') {",
			'                    characterLines.push([]);',
			'                }',
			'                else {',
			'                    characterLines.at(-1).push(character);',
			'                }',
			'            }',
			'            lines = characterLines.map(line => styledCharsToString(line));',
			'            this.textLines.set(text, lines);',
			'        }',
			'        return lines;',
			'    }',
			'    getStringWidth(text) {',
		].join('\n'));
}

const widestImport = "import widestLine from 'widest-line';";

/** Ink's render-node-to-output.js with the widest line of a text node's text remembered across frames (bounded). */
export function patchInkRenderNode(source) {
	if (source.split(widestImport).length !== 2) {
		throw new Error('ink changed: scripts/ink-output-cache.mjs no longer applies (widest-line)');
	}

	return source.replace(widestImport, [
		"import widestLineOf from 'widest-line';",
		'// Patched by scripts/ink-output-cache.mjs: a text node\'s widest line, kept across frames (bounded).',
		'const widestLines = new Map();',
		'const widestLine = (text) => {',
		'    let width = widestLines.get(text);',
		'    if (width === undefined) {',
		'        if (widestLines.size >= 20_000) {',
		'            widestLines.clear();',
		'        }',
		'        width = widestLineOf(text);',
		'        widestLines.set(text, width);',
		'    }',
		'    return width;',
		'};',
		'inkWarmHooks().widest = widestLine;',
		warmHooksSource,
	].join('\n'));
}

const tokenizeLoop = 'for (const { segment, index } of segmenter.segment(str)) {';

/**
@alcalzone/ansi-tokenize's tokenize.js (Ink cuts every line it draws into cells with it) with the segmenter skipped for
text whose every code unit is a grapheme cluster of its own: ESC and the code units of scripts/single-unit-clusters.mjs
(printable ASCII, Latin, the punctuation and symbols of U+2010-U+2BFF less joiners and separators).
For such text Intl.Segmenter yields each code unit at its index, so the same segments come from a plain loop; a
list row with a `●` went through ICU's break iterator whole. Anything else still takes the segmenter.
*/
export function patchTokenize(source) {
	if (source.split(tokenizeLoop).length !== 2 || !source.includes('const segmenter = new Intl.Segmenter(')) {
		throw new Error('@alcalzone/ansi-tokenize changed: scripts/ink-output-cache.mjs no longer applies (tokenize)');
	}

	// And the segmenter made when first needed (scripts/intl-on-first-use.mjs).
	return `${intlOnFirstUseIn(source, 'segmenter', '@alcalzone/ansi-tokenize').replace(tokenizeLoop, 'for (const { segment, index } of (singleUnitSegments(str) ?? segmenter.segment(str))) {')}
// Patched by scripts/ink-output-cache.mjs: the segments of text made only of single-unit clusters, without the segmenter.
function singleUnitSegments(str) {
    for (let index = 0; index < str.length; index++) {
        const code = str.charCodeAt(index);
        if (code === 0x1B || ${singleUnitTest('code')}) {
            continue;
        }
        return undefined;
    }
    const segments = new Array(str.length);
    for (let index = 0; index < str.length; index++) {
        segments[index] = { segment: str[index], index };
    }
    return segments;
}
`;
}

/** The esbuild plugin: Ink's output.js and render-node-to-output.js, and the tokenizer they use, are loaded patched. */
export const inkOutputCache = {
	name: 'ink-output-cache',
	setup(build) {
		build.onLoad({filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/](output|render-node-to-output)\.js$/}, async ({path: file}) => {
			const {readFile} = await import('node:fs/promises');
			const source = await readFile(file, 'utf8');
			return {contents: file.endsWith('render-node-to-output.js') ? patchInkRenderNode(source) : patchInkOutput(source), loader: 'js'};
		});
		build.onLoad({filter: /[\\/]node_modules[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/}, async ({path: file}) => {
			const {readFile} = await import('node:fs/promises');
			return {contents: patchTokenize(await readFile(file, 'utf8')), loader: 'js'};
		});
	},
};
