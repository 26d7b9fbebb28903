/**
The page's lines as drawn: the cached lines of the visible rows with the search matches and the highlighted link
marked. Only the rows on the screen are decorated, so a frame costs the same on a 1 MB article as on a short one.
*/
import type {AppState} from '../app/state.js';
import {currentMatch, highlightedLink, shownQuery} from '../app/handlers/reading.js';
import {linkPositions} from '../app/reader-links.js';
import {matchesBetween, searchMatches} from '../app/reader-search.js';
import {markRanges, type StyledRange} from '../core/text/styled-ranges.js';
import {sgrOf} from '../core/theme/theme.js';
import {styleOf} from './theme.js';

/** The lines `from` up to `to` of the open article, decorated. */
export function pageLines(state: AppState, from: number, to: number): string[] {
	const rendered = state.article?.rendered;
	if (!rendered) {
		return [];
	}

	const ranges = new Map<number, StyledRange[]>();
	const add = (line: number, range: StyledRange) => {
		const list = ranges.get(line);
		if (list) {
			list.push(range);
		} else {
			ranges.set(line, [range]);
		}
	};

	// The theme's marks (inverse video in the `terminal` theme, and in any theme without colour).
	const match = sgrOf(styleOf('reader.search'));
	const current = sgrOf(styleOf('reader.search.current'));
	const link = sgrOf(styleOf('reader.link'));
	const query = shownQuery(state);
	if (query !== undefined && query !== '') {
		const chosen = currentMatch(state);
		for (const {index, match: found} of matchesBetween(searchMatches(rendered, query), from, to)) {
			add(found.line, {start: found.start, end: found.end, ...(index === chosen ? current : match)});
		}
	}

	const n = highlightedLink(state);
	const position = n === undefined ? undefined : linkPositions(rendered)[n - 1];
	if (position) {
		const overlaps = (ranges.get(position.line) ?? []).some(range => range.start < position.end && range.end > position.start);
		if (!overlaps) {
			add(position.line, {start: position.start, end: position.end, ...link});
		}
	}

	const lines: string[] = [];
	for (let line = from; line < Math.min(to, rendered.lines.length); line++) {
		const marks = ranges.get(line);
		const text = rendered.lines[line]!;
		lines.push(marks ? markRanges(text, marks.sort((a, b) => a.start - b.start)) : text);
	}

	return lines;
}
