import type {ArticleMeta} from '../types.js';
import {fold} from './fold.js';
import type {Query} from './parse-query.js';

/** One row as the filter sees it. */
export type QueryRow = {readonly meta: ArticleMeta; readonly read: boolean; readonly starred: boolean};

/** Where read and starred marks come from when filtering in bulk; a `StateStore` is one. */
export type Marks = {isRead(id: string): boolean; isStarred(id: string): boolean};

/** The folded fields of one article, computed once per `ArticleMeta` object and cached. */
export type FoldedRow = {
	readonly id: string;
	/** Title, source, author and tags, folded, separated by newlines so a phrase never spans two fields. */
	readonly text: string;
	readonly source: string;
	readonly author: string;
	readonly tags: readonly string[];
	readonly date: string | undefined;
	readonly fetched: boolean;
};

// Keyed by the object rather than the id: a rescan that re-parses a changed file makes a new meta object, so a stale
// fold can never be used, and dropped articles are collected with their metadata.
const cache = new WeakMap<ArticleMeta, FoldedRow>();

export function foldRow(meta: ArticleMeta): FoldedRow {
	let row = cache.get(meta);
	if (row === undefined) {
		const source = fold(meta.source);
		const author = meta.author === undefined ? '' : fold(meta.author);
		const tags = meta.tags.map(tag => fold(tag));
		const title = fold(meta.title);
		row = {
			id: meta.id,
			text: `${title}\n${source}\n${author}\n${tags.join('\n')}`,
			source,
			author,
			tags,
			date: meta.date,
			fetched: meta.feed !== undefined,
		};
		cache.set(meta, row);
	}

	return row;
}

/** Folds every row ahead of the first keystroke (e.g. right after the library loads), so typing never pays for it. */
export function prepareRows(metas: readonly ArticleMeta[]): void {
	foldedList(metas);
}

type Predicate = (row: FoldedRow, marks: Marks) => boolean;

const always: Predicate = () => true;

// Cheap tests first inside an AND: a state or date test rejects most rows before any substring search runs.
const cost = (query: Query): number => {
	switch (query.kind) {
		case 'is':
		case 'date':
		case 'all': {
			return 0;
		}

		case 'field': {
			return 1;
		}

		case 'text': {
			return 2;
		}

		case 'not': {
			return cost(query.item);
		}

		case 'and':
		case 'or': {
			return 3;
		}
	}
};

function compile(query: Query): Predicate {
	switch (query.kind) {
		case 'all': {
			return always;
		}

		case 'text': {
			const {value} = query;
			return row => row.text.includes(value);
		}

		case 'field': {
			const {value} = query;
			switch (query.field) {
				case 'source': {
					return row => row.source.includes(value);
				}

				case 'author': {
					return row => row.author.includes(value);
				}

				case 'tag': {
					return row => row.tags.includes(value);
				}
			}

			break;
		}

		case 'is': {
			switch (query.state) {
				case 'read': {
					return (row, marks) => marks.isRead(row.id);
				}

				case 'unread': {
					return (row, marks) => !marks.isRead(row.id);
				}

				case 'starred': {
					return (row, marks) => marks.isStarred(row.id);
				}

				case 'fetched': {
					return row => row.fetched;
				}

				case 'local': {
					return row => !row.fetched;
				}
			}

			break;
		}

		case 'date': {
			// ISO dates compare as strings, and a shorter bound is a prefix: `2025-01-31T…` < `2025-02` ≤ `2025-02-01T…`.
			const {bound} = query;
			return query.op === 'before'
				? row => row.date !== undefined && row.date < bound
				: row => row.date !== undefined && row.date >= bound;
		}

		case 'not': {
			const inner = compile(query.item);
			return (row, marks) => !inner(row, marks);
		}

		case 'and': {
			const parts = [...query.items].sort((a, b) => cost(a) - cost(b)).map(item => compile(item));
			if (parts.length === 2) {
				const [a, b] = parts as [Predicate, Predicate];
				return (row, marks) => a(row, marks) && b(row, marks);
			}

			return (row, marks) => {
				for (const part of parts) {
					if (!part(row, marks)) {
						return false;
					}
				}

				return true;
			};
		}

		case 'or': {
			const parts = query.items.map(item => compile(item));
			return (row, marks) => {
				for (const part of parts) {
					if (part(row, marks)) {
						return true;
					}
				}

				return false;
			};
		}
	}
}

/** Compiles a parsed query once into a test over folded rows with marks looked up lazily; the fast form. */
export function compileFolded(query: Query): (row: FoldedRow, marks: Marks) => boolean {
	return compile(query);
}

/** Compiles a parsed query into a row test. Folding is cached per `ArticleMeta`, so repeated filtering stays cheap. */
export function compileQuery(query: Query): (row: QueryRow) => boolean {
	const test = compile(query);
	return row => test(foldRow(row.meta), {isRead: () => row.read, isStarred: () => row.starred});
}

// The folded rows of a list of articles, kept beside the list: one array read and one pointer comparison per row on a
// keystroke instead of a WeakMap look-up. A list that is replaced gets its own entry; one changed in place is caught by
// the comparison.
const listCache = new WeakMap<readonly ArticleMeta[], {metas: Array<ArticleMeta | undefined>; rows: FoldedRow[]}>();

function foldedList(metas: readonly ArticleMeta[]): FoldedRow[] {
	let entry = listCache.get(metas);
	if (entry === undefined) {
		entry = {metas: [], rows: []};
		listCache.set(metas, entry);
	}

	const {length} = metas;
	for (let index = 0; index < length; index++) {
		const meta = metas[index]!;
		if (entry.metas[index] !== meta) {
			entry.metas[index] = meta;
			entry.rows[index] = foldRow(meta);
		}
	}

	entry.metas.length = length;
	entry.rows.length = length;
	return entry.rows;
}

/**
Filters in bulk without allocating a row per article: the positions in `metas` that match, in order. This is what a
keystroke in the TUI filter should call; pass the same array each time so that its folded rows are reused.
*/
export function filterArticles(query: Query, metas: readonly ArticleMeta[], marks: Marks): number[] {
	const matches: number[] = [];
	if (query.kind === 'all') {
		for (let index = 0; index < metas.length; index++) {
			matches.push(index);
		}

		return matches;
	}

	const test = compile(query);
	const rows = foldedList(metas);
	const {length} = rows;
	for (let index = 0; index < length; index++) {
		if (test(rows[index]!, marks)) {
			matches.push(index);
		}
	}

	return matches;
}
