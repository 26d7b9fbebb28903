import type {ArticleMeta} from '../types.js';
import {fold} from '../query/fold.js';

export type SortOrder = 'newest' | 'oldest' | 'source' | 'title';
export const sortOrders: readonly SortOrder[] = ['newest', 'oldest', 'source', 'title'];

/** Newest first by date; undated articles after dated ones, newest file first; then by path, so the order is total. */
function byNewest(a: ArticleMeta, b: ArticleMeta): number {
	if (a.date !== undefined && b.date !== undefined) {
		if (a.date !== b.date) {
			return a.date < b.date ? 1 : -1;
		}
	} else if (a.date !== undefined) {
		return -1;
	} else if (b.date !== undefined) {
		return 1;
	} else if (a.mtimeMs !== b.mtimeMs) {
		return b.mtimeMs - a.mtimeMs;
	}

	return a.path < b.path ? -1 : (a.path > b.path ? 1 : 0);
}

// By title or source the order compares folded keys (below), not a collator's: an Intl service made when this module
// loads is ICU's start-up (~7 ms) in every command that sorts (issue 14).
const comparators: Record<'newest' | 'oldest', (a: ArticleMeta, b: ArticleMeta) => number> = {
	newest: byNewest,
	oldest: (a, b) => -byNewest(a, b),
};

/**
Returns a new array in the given order; sorted once per load or order change, never per item. By title or source,
each article's folded key is computed once and compared as plain strings: a collator compare per comparison cost
~340 ms at 100,000 articles, the folded keys ~10% of that.
*/
export function sortArticles(articles: readonly ArticleMeta[], order: SortOrder = 'newest'): ArticleMeta[] {
	if (order === 'newest' || order === 'oldest') {
		return [...articles].sort(comparators[order]);
	}

	const keyed = articles.map(meta => ({meta, key: fold(order === 'title' ? meta.title : meta.source)}));
	keyed.sort((a, b) => (a.key < b.key ? -1 : (a.key > b.key ? 1 : byNewest(a.meta, b.meta))));
	return keyed.map(entry => entry.meta);
}

const keyOf = (order: SortOrder, meta: ArticleMeta): string => fold(order === 'title' ? meta.title : meta.source);

/** The order of `sortArticles` as one comparison (title and source fold each side: for a few look-ups, not a sort). */
export function compareArticles(order: SortOrder): (a: ArticleMeta, b: ArticleMeta) => number {
	if (order === 'newest' || order === 'oldest') {
		return comparators[order];
	}

	return (a, b) => {
		const left = keyOf(order, a);
		const right = keyOf(order, b);
		return left < right ? -1 : (left > right ? 1 : byNewest(a, b));
	};
}

/**
`sorted` (in `order`) with `added` put in their places (issue 18: a fetch or the watched library brings a few rows
into a list of 100,000): a binary search each, instead of sorting the whole list again: O(n + m log n), a few ms at
100,000 even for a burst of thousands of rows by date. By title or source a comparison folds both sides, so many rows
in those orders: one sort, which folds each row once.
*/
export function insertSorted(sorted: readonly ArticleMeta[], added: readonly ArticleMeta[], order: SortOrder = 'newest'): ArticleMeta[] {
	if (added.length > 256 && order !== 'newest' && order !== 'oldest') {
		return sortArticles([...sorted, ...added], order);
	}

	const compare = compareArticles(order);
	const coming = [...added].sort(compare);
	// Each new row's place in the old list (a binary search), then one pass that copies the runs in between, into an
	// array made at its final size: grown by push, a list of 100,000 would leave twice its size as garbage per merge.
	const out = new Array<ArticleMeta>(sorted.length + coming.length);
	let at = 0;
	let from = 0;
	for (const meta of coming) {
		let low = from;
		let high = sorted.length;
		while (low < high) {
			const middle = (low + high) >>> 1;
			if (compare(sorted[middle]!, meta) <= 0) {
				low = middle + 1;
			} else {
				high = middle;
			}
		}

		for (let index = from; index < low; index++) {
			out[at++] = sorted[index]!;
		}

		out[at++] = meta;
		from = low;
	}

	for (let index = from; index < sorted.length; index++) {
		out[at++] = sorted[index]!;
	}

	return out;
}

/** Where `meta` (an element of `sorted`, in `order`) is: a binary search (the order is total), -1 when it is not there. */
export function indexInSorted(sorted: readonly ArticleMeta[], meta: ArticleMeta, order: SortOrder = 'newest'): number {
	const compare = compareArticles(order);
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (compare(sorted[middle]!, meta) < 0) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return sorted[low] === meta ? low : sorted.indexOf(meta);
}
