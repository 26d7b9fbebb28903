import {noTags, type ArticleMeta} from '../types.js';
import {fold} from './fold.js';
import type {Query} from './parse-query.js';

/** One row as the filter sees it. */
export type QueryRow = {readonly meta: ArticleMeta; readonly read: boolean; readonly starred: boolean};

/**
Where read and starred marks come from when filtering in bulk; a `StateStore` is one. Give a `version` that changes
whenever any mark changes and the marks of a list are looked up once per version instead of once per keystroke (a
Set look-up per article is a third of the time of a keystroke at 100,000 articles).
*/
export type Marks = {isRead(id: string): boolean; isStarred(id: string): boolean; readonly version?: number};

/**
The folded fields of a list of articles, one array per field: a keystroke reads a few arrays in order rather than
chasing one object per article. Built once per list and updated in place when an article object is replaced.
*/
type Columns = {
	metas: Array<ArticleMeta | undefined>;
	ids: string[];
	/** Title, source, author and tags, folded, separated by newlines so a phrase never spans two fields. */
	text: string[];
	source: string[];
	author: string[];
	tags: Array<readonly string[]>;
	date: Array<string | undefined>;
	fetched: boolean[];
	/** Marks as looked up for `marksOf` at `marksVersion`; dropped whenever a row changes. */
	read: Uint8Array | undefined;
	starred: Uint8Array | undefined;
	marksOf: Marks | undefined;
	marksVersion: number | undefined;
};

// Made at the list's size: eight columns grown row by row would leave as much again as garbage for each new list.
const emptyColumns = (length = 0): Columns => ({
	metas: new Array(length), ids: new Array(length), text: new Array(length), source: new Array(length), author: new Array(length),
	tags: new Array(length), date: new Array(length), fetched: new Array(length),
	read: undefined, starred: undefined, marksOf: undefined, marksVersion: undefined,
});

type FoldedRow = {readonly text: string; readonly source: string; readonly author: string; readonly tags: readonly string[]};

// Each article's folded fields, kept with the article object (issue 18): a list rebuilt around a few new rows (a
// fetch, the watched library) folds only those rows; the rest are looked up.
const foldedRows = new WeakMap<ArticleMeta, FoldedRow>();

// Memory per row at 100,000 rows (issue 14: peak RSS): a library has tens of sources and few authors, each folded
// once and shared (up to `foldedNamesLimit` names, then the table starts again); rows without tags share one empty
// list; the text is made flat by a join (a template literal leaves a chain of string pieces, ~100 bytes a row more).
const foldedNames = new Map<string, string>();
const foldedNamesLimit = 4096;

function foldName(name: string): string {
	let folded = foldedNames.get(name);
	if (folded === undefined) {
		if (foldedNames.size >= foldedNamesLimit) {
			foldedNames.clear();
		}

		folded = fold(name);
		foldedNames.set(name, folded);
	}

	return folded;
}

function foldRow(meta: ArticleMeta): FoldedRow {
	let row = foldedRows.get(meta);
	if (row === undefined) {
		const source = foldName(meta.source);
		const author = meta.author === undefined ? '' : foldName(meta.author);
		const tags = meta.tags.length === 0 ? noTags : meta.tags.map(tag => fold(tag));
		row = {text: [fold(meta.title), source, author, tags.join('\n')].join('\n'), source, author, tags};
		foldedRows.set(meta, row);
	}

	return row;
}

function setRow(columns: Columns, index: number, meta: ArticleMeta): void {
	const row = foldRow(meta);
	columns.metas[index] = meta;
	columns.ids[index] = meta.id;
	columns.text[index] = row.text;
	columns.source[index] = row.source;
	columns.author[index] = row.author;
	columns.tags[index] = row.tags;
	columns.date[index] = meta.date;
	columns.fetched[index] = meta.feed !== undefined;
}

// Keyed by the list: a list that is replaced gets its own columns, and an article object replaced in place (a rescan
// re-parsed a changed file) is noticed by one pointer comparison per row and folded again.
const listCache = new WeakMap<readonly ArticleMeta[], Columns>();

function columnsOf(metas: readonly ArticleMeta[]): Columns {
	let columns = listCache.get(metas);
	if (columns === undefined) {
		columns = emptyColumns(metas.length);
		listCache.set(metas, columns);
	}

	const {length} = metas;
	let changed = columns.metas.length !== length;
	for (let index = 0; index < length; index++) {
		const meta = metas[index]!;
		if (columns.metas[index] !== meta) {
			setRow(columns, index, meta);
			changed = true;
		}
	}

	if (changed) {
		for (const field of ['metas', 'ids', 'text', 'source', 'author', 'tags', 'date', 'fetched'] as const) {
			columns[field].length = length;
		}

		columns.marksOf = undefined;
	}

	return columns;
}

/** Folds every row ahead of the first keystroke (e.g. right after the library loads), so typing never pays for it. */
export function prepareRows(metas: readonly ArticleMeta[]): void {
	columnsOf(metas);
}

/**
`prepareRows` for the rows `from` to `to` only: the reader prepares a list of 100,000 in slices between keys (issue
18: a new list after every fetched feed). A filter run before the last slice fills in the rest itself (`columnsOf`
finishes any row not yet set).
*/
export function prepareRowsPart(metas: readonly ArticleMeta[], from: number, to: number): void {
	let columns = listCache.get(metas);
	if (columns === undefined) {
		columns = emptyColumns(metas.length);
		listCache.set(metas, columns);
	}

	const end = Math.min(to, metas.length);
	let changed = false;
	for (let index = from; index < end; index++) {
		const meta = metas[index]!;
		if (columns.metas[index] !== meta) {
			setRow(columns, index, meta);
			changed = true;
		}
	}

	if (changed) {
		columns.marksOf = undefined;
	}
}

function lookUpMarks(columns: Columns, marks: Marks): void {
	if (marks.version === undefined) {
		columns.marksOf = undefined;
		return;
	}

	if (columns.marksOf === marks && columns.marksVersion === marks.version) {
		return;
	}

	const {length} = columns.ids;
	const read = new Uint8Array(length);
	const starred = new Uint8Array(length);
	for (let index = 0; index < length; index++) {
		const id = columns.ids[index]!;
		read[index] = marks.isRead(id) ? 1 : 0;
		starred[index] = marks.isStarred(id) ? 1 : 0;
	}

	columns.read = read;
	columns.starred = starred;
	columns.marksOf = marks;
	columns.marksVersion = marks.version;
}

type Predicate = (columns: Columns, index: number, marks: Marks) => boolean;

const always: Predicate = () => true;

const isRead: Predicate = (columns, index, marks) =>
	columns.marksOf === undefined ? marks.isRead(columns.ids[index]!) : columns.read![index] === 1;
const isStarred: Predicate = (columns, index, marks) =>
	columns.marksOf === undefined ? marks.isStarred(columns.ids[index]!) : columns.starred![index] === 1;

// Cheap tests first inside an AND: a date or a flag rejects most rows before any substring search runs.
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

const usesMarks = (query: Query): boolean => {
	switch (query.kind) {
		case 'is': {
			return query.state === 'read' || query.state === 'unread' || query.state === 'starred';
		}

		case 'not': {
			return usesMarks(query.item);
		}

		case 'and':
		case 'or': {
			return query.items.some(item => usesMarks(item));
		}

		default: {
			return false;
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
			return (columns, index) => columns.text[index]!.includes(value);
		}

		case 'field': {
			const {value} = query;
			switch (query.field) {
				case 'source': {
					return (columns, index) => columns.source[index]!.includes(value);
				}

				case 'author': {
					return (columns, index) => columns.author[index]!.includes(value);
				}

				case 'tag': {
					return (columns, index) => columns.tags[index]!.includes(value);
				}
			}

			break;
		}

		case 'is': {
			switch (query.state) {
				case 'read': {
					return isRead;
				}

				case 'unread': {
					return (columns, index, marks) => !isRead(columns, index, marks);
				}

				case 'starred': {
					return isStarred;
				}

				case 'fetched': {
					return (columns, index) => columns.fetched[index]!;
				}

				case 'local': {
					return (columns, index) => !columns.fetched[index];
				}
			}

			break;
		}

		case 'date': {
			// ISO dates compare as strings, and a shorter bound is a prefix: `2025-01-31T…` < `2025-02` ≤ `2025-02-01T…`.
			const {bound} = query;
			if (query.op === 'before') {
				return (columns, index) => {
					const date = columns.date[index];
					return date !== undefined && date < bound;
				};
			}

			return (columns, index) => {
				const date = columns.date[index];
				return date !== undefined && date >= bound;
			};
		}

		case 'not': {
			const inner = compile(query.item);
			return (columns, index, marks) => !inner(columns, index, marks);
		}

		case 'and': {
			const parts = [...query.items].sort((a, b) => cost(a) - cost(b)).map(item => compile(item));
			if (parts.length === 2) {
				const [a, b] = parts as [Predicate, Predicate];
				return (columns, index, marks) => a(columns, index, marks) && b(columns, index, marks);
			}

			return (columns, index, marks) => {
				for (const part of parts) {
					if (!part(columns, index, marks)) {
						return false;
					}
				}

				return true;
			};
		}

		case 'or': {
			const parts = query.items.map(item => compile(item));
			return (columns, index, marks) => {
				for (const part of parts) {
					if (part(columns, index, marks)) {
						return true;
					}
				}

				return false;
			};
		}
	}
}

/**
Compiles a parsed query into a test of one row. For filtering a whole list, `filterArticles` is much faster: it keeps
the folded fields of the list between calls.
*/
export function compileQuery(query: Query): (row: QueryRow) => boolean {
	const test = compile(query);
	return row => {
		const columns = emptyColumns();
		setRow(columns, 0, row.meta);
		return test(columns, 0, {isRead: () => row.read, isStarred: () => row.starred});
	};
}

/**
Filters in bulk: the positions in `metas` that match, in order. This is what a keystroke in the TUI filter should
call; pass the same array each time so that its folded fields are reused, and marks with a `version`.
*/
export function filterArticles(query: Query, metas: readonly ArticleMeta[], marks: Marks): number[] {
	const {length} = metas;
	if (query.kind === 'all') {
		// Made at its final size (issue 18: a list of 100,000 after every merge of a refresh).
		const every = new Array<number>(length);
		for (let index = 0; index < length; index++) {
			every[index] = index;
		}

		return every;
	}

	const matches: number[] = [];

	const test = compile(query);
	const columns = columnsOf(metas);
	if (usesMarks(query)) {
		lookUpMarks(columns, marks);
	}

	for (let index = 0; index < length; index++) {
		if (test(columns, index, marks)) {
			matches.push(index);
		}
	}

	return matches;
}
