import type {Query, QueryError, Span} from './parse-query.js';

/**
Splits a parsed query for full-text search: the words and phrases become an SQLite FTS5 MATCH expression, the other
terms (source:, tag:, is:, dates…) a filter applied to each ranked hit. User text never reaches MATCH unquoted: every
word or phrase becomes one double-quoted FTS5 string, so `NEAR`, `*`, `^`, `:` and column filters typed by a user are
plain text.
*/
export type FullTextPlan = {
	/** The FTS5 expression for the positive words; undefined when the query has none (then nothing is ranked). */
	readonly match: string | undefined;
	/** Articles whose text matches this expression are left out (a query of only negated words: `-sport`). */
	readonly exclude: string | undefined;
	/** Everything else, tested against each hit's metadata and marks. */
	readonly filter: Query;
	/** The words and phrases to highlight in a hit (not the negated ones), as typed. */
	readonly highlight: readonly string[];
};

export type FullTextResult = {readonly ok: true; readonly plan: FullTextPlan} | {readonly ok: false; readonly error: QueryError};

const hasToken = (value: string) => /[\p{L}\p{N}\p{Co}]/u.test(value);

const ftsString = (value: string) => `"${value.replaceAll('"', '""')}"`;

function spanOf(query: Query): Span | undefined {
	switch (query.kind) {
		case 'all': {
			return undefined;
		}

		case 'not': {
			const inner = spanOf(query.item);
			return inner === undefined ? undefined : {start: Math.max(0, inner.start - 1), end: inner.end};
		}

		case 'and':
		case 'or': {
			const spans = query.items.map(item => spanOf(item)).filter(span => span !== undefined);
			if (spans.length === 0) {
				return undefined;
			}

			return {start: Math.min(...spans.map(span => span.start)), end: Math.max(...spans.map(span => span.end))};
		}

		default: {
			return {start: query.start, end: query.end};
		}
	}
}

function contents(query: Query): {text: boolean; other: boolean} {
	switch (query.kind) {
		case 'all': {
			return {text: false, other: false};
		}

		case 'text': {
			return {text: true, other: false};
		}

		case 'not': {
			return contents(query.item);
		}

		case 'and':
		case 'or': {
			const parts = query.items.map(item => contents(item));
			return {text: parts.some(part => part.text), other: parts.some(part => part.other)};
		}

		default: {
			return {text: false, other: true};
		}
	}
}

class PlanFailure extends Error {
	constructor(readonly detail: QueryError) {
		super(detail.message);
	}
}

const failAt = (query: Query, message: string): never => {
	const span = spanOf(query) ?? {start: 0, end: 0};
	throw new PlanFailure({message, ...span});
};

/** A text-only subtree as FTS5; undefined means "no constraint" (a term with no letters or digits in it). */
function toFts(query: Query): string | undefined {
	switch (query.kind) {
		case 'text': {
			return hasToken(query.value) ? ftsString(query.value) : undefined;
		}

		case 'and': {
			const positives: string[] = [];
			const negatives: string[] = [];
			for (const item of query.items) {
				if (item.kind === 'not') {
					const inner = toFts(item.item);
					if (inner !== undefined) {
						negatives.push(inner);
					}
				} else {
					const inner = toFts(item);
					if (inner !== undefined) {
						positives.push(inner);
					}
				}
			}

			if (positives.length === 0) {
				if (negatives.length === 0) {
					return undefined;
				}

				return failAt(query, 'In full-text search a negated word needs a word beside it, e.g. climate -sport');
			}

			const base = positives.length === 1 ? positives[0]! : `(${positives.join(' AND ')})`;
			return negatives.length === 0 ? base : `${base} NOT (${negatives.join(' OR ')})`;
		}

		case 'or': {
			const parts: string[] = [];
			for (const item of query.items) {
				const inner = toFts(item);
				if (inner === undefined) {
					// One side matches everything, so the whole OR does.
					return undefined;
				}

				parts.push(inner);
			}

			return `(${parts.join(' OR ')})`;
		}

		case 'not': {
			return failAt(query, 'In full-text search a negated word needs a word beside it, e.g. climate -sport');
		}

		default: {
			return undefined;
		}
	}
}

function collectHighlights(query: Query, into: string[]): void {
	if (query.kind === 'text') {
		if (hasToken(query.value) && !into.includes(query.raw)) {
			into.push(query.raw);
		}
	} else if (query.kind === 'and' || query.kind === 'or') {
		for (const item of query.items) {
			collectHighlights(item, into);
		}
	}
}

/** Words and phrases of a query that an article's view should highlight (negated ones are left out). */
export function highlightTerms(query: Query): string[] {
	const terms: string[] = [];
	collectHighlights(query, terms);
	return terms;
}

export function planFullText(query: Query): FullTextResult {
	const items = query.kind === 'and' ? query.items : [query];
	const positives: Query[] = [];
	const negatives: Query[] = [];
	const filters: Query[] = [];
	try {
		for (const item of items) {
			const {text, other} = contents(item);
			if (text && other) {
				failAt(item, 'In full-text search, OR and parentheses cannot mix words with operators such as source: or is:; put them side by side instead');
			}

			if (!text) {
				if (item.kind !== 'all') {
					filters.push(item);
				}
			} else if (item.kind === 'not') {
				negatives.push(item.item);
			} else {
				positives.push(item);
			}
		}

		const positive = positives.length === 0 ? undefined : toFts(positives.length === 1 ? positives[0]! : {kind: 'and', items: positives});
		const negativeParts = negatives.map(item => toFts(item)).filter(part => part !== undefined);
		const negative = negativeParts.length === 0 ? undefined : negativeParts.join(' OR ');
		const filter: Query = filters.length === 0 ? {kind: 'all'} : (filters.length === 1 ? filters[0]! : {kind: 'and', items: filters});
		const highlight: string[] = [];
		for (const item of positives) {
			collectHighlights(item, highlight);
		}

		if (positive === undefined) {
			return {ok: true, plan: {match: undefined, exclude: negative, filter, highlight}};
		}

		return {ok: true, plan: {match: negative === undefined ? positive : `${positive} NOT (${negative})`, exclude: undefined, filter, highlight}};
	} catch (error) {
		if (error instanceof PlanFailure) {
			return {ok: false, error: error.detail};
		}

		throw error;
	}
}
