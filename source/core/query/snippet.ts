import {fold} from './fold.js';

/**
A short plain-text excerpt of `text` around the first place where one of `terms` occurs, the way FTS5's snippet()
would make it, with every occurrence inside the excerpt marked. Matching is by whole words after folding (case and
diacritics), like the full-text index's tokenizer, and a phrase matches as consecutive words. With no match (the
hit was in the title), the excerpt is the start of the text.
*/
export type Snippet = {readonly text: string; readonly highlights: ReadonlyArray<readonly [number, number]>};

type Token = {readonly start: number; readonly end: number; readonly folded: string};

const wordPattern = /[\p{L}\p{N}\p{M}\p{Co}]+/gu;

/** The words of a term as the index tokenizes them. */
export function termWords(term: string): string[] {
	return [...fold(term).matchAll(wordPattern)].map(match => match[0]);
}

function tokenize(text: string): Token[] {
	const tokens: Token[] = [];
	for (const match of text.matchAll(wordPattern)) {
		tokens.push({start: match.index, end: match.index + match[0].length, folded: fold(match[0])});
	}

	return tokens;
}

/** Collapses white space to single spaces, moving the highlight offsets with the text. */
function collapse(text: string, highlights: Array<[number, number]>): Snippet {
	let out = '';
	const map: number[] = [];
	let space = false;
	for (let index = 0; index < text.length; index++) {
		map[index] = out.length;
		const character = text[index]!;
		if (/\s/u.test(character)) {
			space = out.length > 0;
			continue;
		}

		if (space) {
			out += ' ';
			map[index] = out.length;
			space = false;
		}

		out += character;
	}

	map[text.length] = out.length;
	return {text: out, highlights: highlights.map(([start, end]) => [map[start]!, map[end]!] as [number, number])};
}

/** How many tokens from `index` on match one of the phrases (the longest), or 0. */
function matcher(tokens: readonly Token[], terms: readonly string[]): (index: number) => number {
	const phrases = terms.map(term => termWords(term)).filter(sequence => sequence.length > 0);
	return index => {
		let best = 0;
		for (const phrase of phrases) {
			if (phrase.length > best && phrase.every((word, offset) => tokens[index + offset]?.folded === word)) {
				best = phrase.length;
			}
		}

		return best;
	};
}

/**
Every place in `text` where one of `terms` occurs, as [start, end) UTF-16 offsets, matched as full-text search
matches (whole words, folded, phrases as consecutive words): for highlighting a search hit inside the opened article
and jumping to its first match.
*/
export function findTermMatches(text: string, terms: readonly string[]): Array<[number, number]> {
	const tokens = tokenize(text);
	const matchAt = matcher(tokens, terms);
	const ranges: Array<[number, number]> = [];
	for (let index = 0; index < tokens.length;) {
		const length = matchAt(index);
		if (length > 0) {
			ranges.push([tokens[index]!.start, tokens[index + length - 1]!.end]);
			index += length;
		} else {
			index++;
		}
	}

	return ranges;
}

export function makeSnippet(text: string, terms: readonly string[], {words = 24}: {words?: number} = {}): Snippet {
	const tokens = tokenize(text);
	if (tokens.length === 0) {
		return {text: '', highlights: []};
	}

	const matchAt = matcher(tokens, terms);

	let first = -1;
	for (let index = 0; index < tokens.length && first === -1; index++) {
		if (matchAt(index) > 0) {
			first = index;
		}
	}

	const from = first === -1 ? 0 : Math.max(0, first - Math.floor(words / 4));
	const to = Math.min(tokens.length, from + words);
	const startOffset = from === 0 ? 0 : tokens[from]!.start;
	const endOffset = to === tokens.length ? text.length : tokens[to - 1]!.end;
	const highlights: Array<[number, number]> = [];
	for (let index = from; index < to;) {
		const length = first === -1 ? 0 : matchAt(index);
		if (length > 0) {
			const last = Math.min(index + length, to) - 1;
			highlights.push([tokens[index]!.start - startOffset, tokens[last]!.end - startOffset]);
			index += length;
		} else {
			index++;
		}
	}

	const body = collapse(text.slice(startOffset, endOffset), highlights);
	const before = from > 0 ? '…' : '';
	const after = to < tokens.length ? '…' : '';
	const shift = before.length;
	return {
		text: `${before}${body.text}${after}`,
		highlights: body.highlights.map(([start, end]) => [start + shift, end + shift] as const),
	};
}
