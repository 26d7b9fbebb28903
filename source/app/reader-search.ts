/**
Search inside the open article. The folded index of its lines is built once per rendered article (kept in a WeakMap,
so it goes with the lines), and the matches of the last query are remembered, so typing, drawing and `n`/`N` on the
same query scan the lines once.
*/
import {lowerBound} from '../core/util/sorted.js';
import type {RenderedArticle} from '../core/render/render-article.js';
import {findInLines, foldLines, type FoldedLines, type LineMatch} from '../core/text/find-in-lines.js';

type Entry = {readonly index: FoldedLines; last?: {readonly query: string; readonly matches: readonly LineMatch[]}};
const entries = new WeakMap<RenderedArticle, Entry>();

export function searchMatches(rendered: RenderedArticle, query: string): readonly LineMatch[] {
	let entry = entries.get(rendered);
	if (!entry) {
		entry = {index: foldLines(rendered.lines)};
		entries.set(rendered, entry);
	}

	if (entry.last?.query !== query) {
		entry.last = {query, matches: findInLines(entry.index, query)};
	}

	return entry.last.matches;
}

/** The first match on or after `line`, wrapping to the first match of the article; undefined when there is none. */
export function firstMatchFrom(matches: readonly LineMatch[], line: number): number | undefined {
	if (matches.length === 0) {
		return undefined;
	}

	const at = firstOnOrAfter(matches, line);
	return at < matches.length ? at : 0;
}

/** Index of the first match on a line at or after `line` (matches.length when none). */
const firstOnOrAfter = (matches: readonly LineMatch[], line: number): number => lowerBound(matches, line, match => match.line);

/** The matches on the lines from `from` up to (not including) `to`, with their indices. */
export function matchesBetween(matches: readonly LineMatch[], from: number, to: number): Array<{readonly index: number; readonly match: LineMatch}> {
	const found: Array<{index: number; match: LineMatch}> = [];
	for (let index = firstOnOrAfter(matches, from); index < matches.length && matches[index]!.line < to; index++) {
		found.push({index, match: matches[index]!});
	}

	return found;
}
