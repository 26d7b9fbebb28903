/**
Finding text in an article's rendered lines, as a reader's `/` does: diacritic-insensitive always, case-insensitive
unless the query has a capital letter (vim's smartcase). The lines are folded once per rendered article into a
`FoldedLines` index and every keystroke is then a plain `indexOf` scan over it; offsets found in the folded text are
mapped back to offsets in the plain (SGR-free) line, so the view can mark them on the styled line.

Matches do not cross line breaks: a phrase that the renderer wrapped over two lines is not found. Rejected: searching
the joined text, because then a match would have to be split over lines for highlighting and jumping, and the
common case (one or two words) is almost always on one line.
*/
import {fold} from '../query/fold.js';
import {stripSgr} from './styled-ranges.js';

export type LineMatch = {readonly line: number; readonly start: number; readonly end: number};

type FoldedLine = {
	readonly text: string;
	/** Plain offset of each folded code unit; absent when folding kept every offset (ASCII, say). */
	readonly origin?: Uint32Array;
};

type Mode = 'caseless' | 'cased';

export type FoldedLines = {
	readonly plain: readonly string[];
	/** Built on first use per mode, so an article searched only in lower case never pays for the other. */
	readonly modes: Partial<Record<Mode, readonly FoldedLine[]>>;
};

const marks = /\p{M}/gu;
const isMark = /^\p{M}$/u;
const ascii = /^[\u0000-\u007F]*$/u;
const capital = /\p{Lu}/u;
const spelledCased: Readonly<Record<string, string>> = {
	ø: 'o', Ø: 'O', ł: 'l', Ł: 'L', đ: 'd', Đ: 'D', ß: 'ss', ẞ: 'SS', æ: 'ae', Æ: 'AE', œ: 'oe', Œ: 'OE', ı: 'i', þ: 'th', Þ: 'TH', ð: 'd', Ð: 'D',
};
const spelledLetters = /[øØłŁđĐßẞæÆœŒıþÞðÐ]/gu;

/** Removes diacritics but keeps case: the form a query with a capital letter is compared in. */
export function foldMarks(text: string): string {
	if (ascii.test(text)) {
		return text;
	}

	return text.normalize('NFKD').replace(marks, '').replace(spelledLetters, letter => spelledCased[letter] ?? letter);
}

/** Smartcase: a query with a capital letter matches case exactly (diacritics still fold). */
export const isCaseSensitive = (query: string): boolean => capital.test(query);

const foldFor = (mode: Mode) => (mode === 'caseless' ? fold : foldMarks);

// Folding one character at a time is what makes the offset map possible; articles repeat a small alphabet, so the
// folded form of each non-ASCII character is remembered (a CJK article would otherwise normalise 300k times).
const characterCache: Record<Mode, Map<string, string>> = {caseless: new Map(), cased: new Map()};
function foldCharacter(character: string, mode: Mode): string {
	const cache = characterCache[mode];
	let folded = cache.get(character);
	if (folded === undefined) {
		folded = foldFor(mode)(character);
		if (cache.size > 50_000) {
			cache.clear();
		}

		cache.set(character, folded);
	}

	return folded;
}

function foldLine(plain: string, mode: Mode): FoldedLine {
	if (ascii.test(plain)) {
		return {text: mode === 'caseless' ? plain.toLowerCase() : plain};
	}

	let text = '';
	const origin: number[] = [];
	for (let index = 0; index < plain.length;) {
		const code = plain.codePointAt(index)!;
		const character = String.fromCodePoint(code);
		const piece = code < 0x80 ? (mode === 'caseless' ? character.toLowerCase() : character) : foldCharacter(character, mode);
		for (let unit = 0; unit < piece.length; unit++) {
			origin.push(index);
		}

		text += piece;
		index += character.length;
	}

	return {text, origin: Uint32Array.from(origin)};
}

/** Prepares lines (styled or plain) for searching; SGR sequences are removed here, once. */
export function foldLines(lines: readonly string[]): FoldedLines {
	return {plain: lines.map(line => stripSgr(line)), modes: {}};
}

function linesFor(index: FoldedLines, mode: Mode): readonly FoldedLine[] {
	let folded = index.modes[mode];
	if (!folded) {
		folded = index.plain.map(line => foldLine(line, mode));
		(index.modes as Record<Mode, readonly FoldedLine[]>)[mode] = folded;
	}

	return folded;
}

/** End offset in the plain line of a match whose last folded code unit is at `last`: after its whole character and any combining marks after it. */
function plainEnd(plain: string, from: number): number {
	const code = plain.codePointAt(from)!;
	let end = from + (code > 0xFF_FF ? 2 : 1);
	while (end < plain.length) {
		const next = String.fromCodePoint(plain.codePointAt(end)!);
		if (!isMark.test(next)) {
			break;
		}

		end += next.length;
	}

	return end;
}

/** Every match of `query` in the lines, in reading order. An empty query (or one that folds to nothing) matches nothing. */
export function findInLines(index: FoldedLines, query: string): LineMatch[] {
	const mode: Mode = isCaseSensitive(query) ? 'cased' : 'caseless';
	const needle = foldFor(mode)(query);
	if (needle === '') {
		return [];
	}

	const folded = linesFor(index, mode);
	const matches: LineMatch[] = [];
	for (const [line, {text, origin}] of folded.entries()) {
		let at = text.indexOf(needle);
		while (at !== -1) {
			const end = at + needle.length;
			if (origin) {
				const plain = index.plain[line]!;
				matches.push({line, start: origin[at]!, end: plainEnd(plain, origin[end - 1]!)});
			} else {
				matches.push({line, start: at, end});
			}

			at = text.indexOf(needle, end);
		}
	}

	return matches;
}
