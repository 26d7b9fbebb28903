import {neutralise, type SafeText} from '../text/neutralise.js';
import {wrapCells} from '../text/cells.js';

/**
A pre-flight check on a Markdown body before it reaches marked/marked-terminal: anything known to overflow the stack
or to take long goes to plain text instead. The check is one linear pass with fixed limits, so its verdict is
deterministic and costs about as much as reading the text once.

What breaks marked 18.2.1 + marked-terminal 7.3.1 (Node 24, width 80, `reflowText`, measured in a fresh process with
the default stack; scripts in the issue-4 report):
- Nesting: `RangeError: Maximum call stack size exceeded` at 1,200 levels of `- - - … x` (1,100 fine), 1,800 levels of
  `>>>… x` (1,600 fine), 1,000 levels of `> - > - …`, and emphasis runs of 2,000 `*` or 2,000 `**` pairs. Indented
  nested lists (`'  '.repeat(i) + '- x'`) also grow super-linearly in time: depth 200 takes 78 ms, 500 takes
  1.1 s, 1,000 takes 7.3 s, 2,000 overflows (marked alone then runs out of a 4 GB heap).
  Inside an Ink app the stack left is smaller than in a fresh process, hence a limit far below the breaking point.
- Inline syntax is quadratic in the length of a paragraph for some delimiter patterns (marked itself, not the
  terminal renderer): `[*a` repeated takes 589 ms for 10 KB and 2.4 s for 20 KB; `**a*b ` 488 ms / 2.3 s;
  `**a* `, `__a_ `, `*_a `, `~~a~ ` 210–330 ms for 10 KB. Balanced prose is linear (330 KB of emphasis, links and
  code in one paragraph: 72 ms). The cost tracks (paragraph length) × (openers left waiting for a closer), about
  1.5e-5 ms per unit at worst, so that product, summed over paragraphs, has a budget.
- Tables: rows are quadratic per table (1,000 rows 0.1 s, 5,000 rows 0.7 s, 10,000 rows 2.1 s, 50,000 rows 37 s),
  and cells cost ~15 µs each whatever the shape (2 MB of 500-row tables: 7.9 s; 1 MB of 64-column tables: 6.0 s;
  one 1,000-column table: 0.9 s).
- Size: ordinary prose costs ~120 ms/MB (1 MB 186 ms, 5 MB 616 ms); 2 MB of 49-level nested lists 1.7 s.
- Long lines are cheap by themselves (a 1 MB line of words: 81 ms); the limit is for the wrapping that follows.
*/

export type GuardLimits = {
	/** UTF-16 code units; above it the body is shown as plain text. */
	readonly maxLength: number;
	/** List items and block quotes nested in one another. */
	readonly maxDepth: number;
	readonly maxLineLength: number;
	/** A run of `*`, `_` or `~` longer than this opens that many emphasis levels. */
	readonly maxDelimiterRun: number;
	readonly maxTableColumns: number;
	readonly maxTableRows: number;
	readonly maxTableCells: number;
	/** Σ over paragraphs of length × the most emphasis/link openers left open at once. */
	readonly maxInlineCost: number;
};

export const guardLimits: GuardLimits = {
	maxLength: 5_242_880,
	maxDepth: 50,
	maxLineLength: 100_000,
	maxDelimiterRun: 100,
	// Tables are laid out by table-layout.ts since issue 8: a table too wide for the page becomes records, and a
	// 1,000-column table renders in ~40 ms (500-column tables: ~12 µs a cell), so columns are limited only loosely.
	maxTableColumns: 1000,
	maxTableRows: 2000,
	maxTableCells: 50_000,
	maxInlineCost: 40_000_000,
};

export type GuardVerdict = {readonly mode: 'markdown'} | {readonly mode: 'plain'; readonly reason: string};

const markdown: GuardVerdict = {mode: 'markdown'};
const plain = (reason: string): GuardVerdict => ({mode: 'plain', reason});

const thematicBreak = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/u;
const fence = /^ {0,3}(`{3,}|~{3,})/u;
const atxHeading = /^ {0,3}#{1,6}(?:[ \t]|$)/u;
const tableDelimiterRow = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/u;

/**
Containers opened at the start of a line: `>` and list markers, plus indentation (two columns per list level);
`item` says whether the line starts a list item (whose text is an inline context of its own).
*/
function lineDepth(line: string): {depth: number; item: boolean} {
	let depth = 0;
	let indent = 0;
	let index = 0;
	let sawList = false;
	const {length} = line;
	while (index < length) {
		const character = line[index]!;
		if (character === ' ') {
			// Only indentation before the first list marker nests; the spaces after a marker are its content offset.
			indent += sawList ? 0 : 1;
			index++;
		} else if (character === '\t') {
			indent += sawList ? 0 : 4;
			index++;
		} else if (character === '>') {
			depth++;
			index++;
		} else if ((character === '-' || character === '*' || character === '+') && (index + 1 === length || line[index + 1] === ' ' || line[index + 1] === '\t')) {
			depth++;
			sawList = true;
			index++;
		} else if (character >= '0' && character <= '9') {
			let end = index;
			while (end < length && end - index < 10 && line[end]! >= '0' && line[end]! <= '9') {
				end++;
			}

			const marker = line[end];
			if ((marker === '.' || marker === ')') && (end + 1 === length || line[end + 1] === ' ' || line[end + 1] === '\t')) {
				depth++;
				sawList = true;
				index = end + 1;
			} else {
				break;
			}
		} else {
			break;
		}
	}

	// Indentation only nests when there are list items to nest in; a deeply indented poem line is not deep.
	return {depth: sawList ? depth + Math.floor(indent / 2) : depth, item: sawList};
}

const countCells = (row: string): number => {
	const trimmed = row.trim().replace(/^\|/u, '').replace(/(?<!\\)\|$/u, '');
	let cells = 1;
	for (let index = 0; index < trimmed.length; index++) {
		if (trimmed[index] === '|' && trimmed[index - 1] !== '\\') {
			cells++;
		}
	}

	return cells;
};

const isSpace = (character: string | undefined) => character === undefined || character === ' ' || character === '\t' || character === '\n';

const unicodePunctuation = /[\p{P}\p{S}]/u;

/** CommonMark's punctuation: ASCII punctuation and Unicode P and S categories. */
function isPunctuation(character: string | undefined): boolean {
	if (character === undefined) {
		return false;
	}

	const code = character.charCodeAt(0);
	if (code < 0x80) {
		return (code >= 0x21 && code <= 0x2F) || (code >= 0x3A && code <= 0x40) || (code >= 0x5B && code <= 0x60) || (code >= 0x7B && code <= 0x7E);
	}

	return unicodePunctuation.test(character);
}

/**
Whether a delimiter run can open and close emphasis, by CommonMark's flanking rules: `**doc**:` closes and does not
open again, and `snake_case_name` neither opens nor closes (an intraword `_`).
*/
function flanking(marker: string, before: string | undefined, after: string | undefined): {opens: boolean; closes: boolean} {
	const left = !isSpace(after) && (!isPunctuation(after) || isSpace(before) || isPunctuation(before));
	const right = !isSpace(before) && (!isPunctuation(before) || isSpace(after) || isPunctuation(after));
	if (marker === '_') {
		return {opens: left && (!right || isPunctuation(before)), closes: right && (!left || isPunctuation(after))};
	}

	return {opens: left, closes: right};
}

/** Tracks, for one paragraph, the most emphasis and link openers waiting for a closer at one time. */
class InlineMeter {
	length = 0;
	#open = {'*': 0, _: 0, '~': 0, '[': 0};
	#peak = 0;

	reset() {
		this.length = 0;
		this.#open = {'*': 0, _: 0, '~': 0, '[': 0};
		this.#peak = 0;
	}

	/** Returns the longest delimiter run on the line. */
	add(line: string): number {
		this.length += line.length + 1;
		let longest = 0;
		const open = this.#open;
		const {length} = line;
		let index = 0;
		while (index < length) {
			const character = line[index]!;
			if (character === '*' || character === '_' || character === '~') {
				let end = index + 1;
				while (end < length && line[end] === character) {
					end++;
				}

				const run = end - index;
				longest = Math.max(longest, run);
				const {opens, closes} = flanking(character, line[index - 1], line[end]);
				if (closes) {
					open[character] = Math.max(0, open[character] - run);
				}

				if (opens) {
					open[character] += run;
				}

				index = end;
			} else if (character === '[') {
				open['['] += 1;
				index++;
			} else if (character === ']') {
				open['['] = Math.max(0, open['['] - 1);
				index++;
			} else if (character === '\\') {
				index += 2;
			} else {
				index++;
			}
		}

		const waiting = open['*'] + open._ + open['~'] + open['['];
		if (waiting > this.#peak) {
			this.#peak = waiting;
		}

		return longest;
	}

	get cost(): number {
		return this.length * this.#peak;
	}
}

/**
Decides whether `body` can go to the Markdown renderer. Linear in the body's length whatever it holds; the limits
are `guardLimits` unless given.
*/
export function guardMarkdown(body: string, limits: GuardLimits = guardLimits): GuardVerdict {
	if (body.length > limits.maxLength) {
		return plain(`too large to format (${Math.round(body.length / 1000)} kB; the limit is ${Math.round(limits.maxLength / 1000)} kB)`);
	}

	const meter = new InlineMeter();
	const rowMeter = new InlineMeter();
	let inlineCost = 0;
	let fenceMarker: string | undefined;
	let tableColumns = 0;
	let tableRows = 0;
	let tableCells = 0;
	let previous = '';
	let start = 0;
	const {length} = body;
	while (start <= length) {
		let end = body.indexOf('\n', start);
		if (end === -1) {
			end = length;
		}

		const line = body.slice(start, end);
		start = end + 1;
		if (line.length > limits.maxLineLength) {
			return plain(`a line too long to format (${line.length} characters)`);
		}

		if (fenceMarker !== undefined) {
			// Code is copied through verbatim: cheap whatever it holds.
			const close = fence.exec(line);
			if (close && close[1]![0] === fenceMarker[0] && close[1]!.length >= fenceMarker.length && line.trim() === close[1]) {
				fenceMarker = undefined;
			}

			continue;
		}

		const open = fence.exec(line);
		if (open) {
			fenceMarker = open[1]!;
			inlineCost += meter.cost;
			meter.reset();
			tableColumns = 0;
			continue;
		}

		if (line.trim() === '') {
			inlineCost += meter.cost;
			meter.reset();
			tableColumns = 0;
			previous = line;
			continue;
		}

		if (tableColumns > 0) {
			if (line.includes('|')) {
				tableRows++;
				tableCells += tableColumns;
				if (tableRows > limits.maxTableRows) {
					return plain(`a table too long to format (more than ${limits.maxTableRows} rows)`);
				}

				if (tableCells > limits.maxTableCells) {
					return plain(`tables too large to format (more than ${limits.maxTableCells} cells)`);
				}

				// Each cell is parsed as inline text of its own; the whole row is an upper bound for any of them.
				rowMeter.reset();
				const run = rowMeter.add(line);
				inlineCost += rowMeter.cost;
				if (run > limits.maxDelimiterRun || inlineCost > limits.maxInlineCost) {
					return plain('too much unbalanced emphasis or link syntax to format');
				}

				continue;
			}

			tableColumns = 0;
		} else if (line.includes('-') && previous.includes('|') && tableDelimiterRow.test(line)) {
			tableColumns = Math.max(countCells(line), countCells(previous));
			if (tableColumns > limits.maxTableColumns) {
				return plain(`a table too wide to format (${tableColumns} columns)`);
			}

			tableRows = 1;
			tableCells += tableColumns * 2;
			previous = line;
			continue;
		}

		previous = line;
		if (thematicBreak.test(line)) {
			continue;
		}

		const {depth, item} = lineDepth(line);
		if (depth > limits.maxDepth) {
			return plain(`nested too deeply to format (${depth} levels of lists or quotes)`);
		}

		// A list item's text and a heading are inline contexts of their own: marked parses each separately, so a
		// 500-item list of `**doc**: …` lines costs 500 short items, not one 70 KB paragraph.
		if (item || atxHeading.test(line)) {
			inlineCost += meter.cost;
			meter.reset();
		}

		const run = meter.add(line);
		if (run > limits.maxDelimiterRun) {
			return plain(`emphasis nested too deeply to format (a run of ${run} markers)`);
		}

		if (inlineCost + meter.cost > limits.maxInlineCost) {
			return plain('too much unbalanced emphasis or link syntax to format');
		}
	}

	return markdown;
}

/**
The body as plain, wrapped lines: what a reader sees when the guard refuses Markdown or the renderer fails. Linear
in the text (5 MB in well under a second); every line is at most `max(1, width)` columns and holds no control
characters.
*/
export function plainFallback(body: string, width: number): SafeText[] {
	return wrapCells(neutralise(body), width) as SafeText[];
}

/**
A page shown as wrapped plain text under its reason, with nothing to follow or show wide: what the guard's verdict and
a render that missed its deadline (adapters/render-worker.ts) both give.
*/
export function plainPage<Line extends string>(lines: readonly Line[], width: number, reason: string) {
	// Typed by shape (a RenderedArticle), so that this module needs nothing from the renderer that imports it.
	return {lines: [...lines], links: [] as never[], headings: [] as never[], width, blocks: [] as never[], images: [] as never[], fallback: reason};
}
