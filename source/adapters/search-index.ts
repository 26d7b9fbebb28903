import fs from 'node:fs';
import path from 'node:path';
import type * as Sqlite from 'node:sqlite';
import type {DatabaseSync, StatementSync} from 'node:sqlite';
import {parseArticle} from '../core/article/parse-article.js';
import {maxArticleBytes, readArticleFile, readArticleFileSync} from './library.js';
import type {Marks} from '../core/query/compile-query.js';
import {fold} from '../core/query/fold.js';
import {planFullText} from '../core/query/fts-query.js';
import {parseQuery, type Query, type QueryError} from '../core/query/parse-query.js';
import {searchableText} from '../core/query/search-text.js';
import {makeSnippet, type Snippet} from '../core/query/snippet.js';
import {neutraliseLine, type SafeText} from '../core/text/neutralise.js';
import type {ArticleMeta} from '../core/types.js';

/**
The full-text index: SQLite FTS5 through Node's built-in `node:sqlite` (no native dependency), one file in the cache
folder. It is a cache and nothing more: marks live in the state store, and a damaged index, one from another schema
version or one built for another library folder is thrown away and rebuilt from the files.

Kept up to date incrementally from each file's (path, size, mtime): new files are added, changed ones re-indexed,
missing ones removed (a rename is a removal plus an addition). Columns are title, "meta" (source, author, tags) and
body, ranked by bm25 with the title weighted highest. The tokenizer folds case and diacritics (`cafe` finds `Café`).
The table is contentless: snippets are cut from the article files themselves, for the few hits shown.
*/

// 4: the stored metadata's ids of feed items are namespaced by their feed (issue 15).
export const searchIndexSchemaVersion = 4;

type SqliteModule = typeof Sqlite;

// Loaded on first use rather than imported: Node 22.5–22.12 ship node:sqlite only behind --experimental-sqlite, and a
// missing full-text search must not stop the rest of Tidings from starting.
let sqlite: SqliteModule | undefined | false;
function loadSqlite(): SqliteModule | undefined {
	if (sqlite === undefined) {
		try {
			const module = process.getBuiltinModule?.('node:sqlite') as SqliteModule | undefined;
			if (module !== undefined) {
				const probe = new module.DatabaseSync(':memory:');
				probe.exec('create virtual table probe using fts5(text)');
				probe.close();
			}

			sqlite = module ?? false;
		} catch {
			sqlite = false;
		}
	}

	return sqlite === false ? undefined : sqlite;
}

/** Whether this Node has `node:sqlite` with FTS5 (22.13+, or 22.5+ with --experimental-sqlite). */
export function searchIndexAvailable(): boolean {
	return loadSqlite() !== undefined;
}

export const searchIndexUnavailableMessage = 'Full-text search needs Node 22.13 or later (node:sqlite with FTS5)';
export const searchIndexFileName = 'search-index.sqlite';

/** One file of the library as the scanner saw it; `path` is relative to the library, with forward slashes. */
export type IndexFile = {readonly path: string; readonly size: number; readonly mtimeMs: number};

export type SyncReport = {
	readonly added: number;
	readonly updated: number;
	readonly removed: number;
	readonly unchanged: number;
	/** Files that could not be read (e.g. removed between the scan and the read); tried again at the next sync. */
	readonly failed: number;
	/** Files larger than `maxArticleBytes`, left out of the index (they open as broken articles anyway). */
	readonly skipped: number;
	/** Why the index was started afresh during this sync, when it was. */
	readonly rebuilt?: string;
};

export type SearchHit = {
	readonly id: string;
	readonly path: string;
	readonly title: SafeText;
	/** bm25 relevance, higher is better; 0 when the query had no words to rank by. */
	readonly score: number;
	/** Plain text around the first match in the body, on one line. */
	readonly snippet: SafeText;
	/** The matched words in `snippet`, as [start, end) UTF-16 offsets. */
	readonly highlights: ReadonlyArray<readonly [number, number]>;
	readonly meta: ArticleMeta;
};

export type SearchResult =
	| {readonly ok: true; readonly hits: SearchHit[]; readonly terms: readonly string[]}
	| {readonly ok: false; readonly error: QueryError};

export type SearchOptions = {
	/** At most this many hits (default 20). */
	readonly limit?: number;
	/** Read and starred marks for `is:` terms; without them every article counts as unread and not starred. */
	readonly marks?: Marks;
};

export type SearchIndex = {
	readonly path: string;
	/** Notes for the log, e.g. that a damaged index was thrown away. */
	readonly notices: readonly string[];
	sync(
		libraryDir: string,
		files: readonly IndexFile[],
		read: (path: string) => Promise<Uint8Array> | Uint8Array,
	): Promise<SyncReport>;
	search(text: string, options?: SearchOptions): SearchResult;
	/** How many articles are indexed. */
	count(): number;
	close(): void;
};

const batchSize = 256;

/** The text of a Markdown body's headings (ATX, setext and HTML `<h1>`…`<h6>`), one per line, for the headings column. */
export function headingText(markdown: string): string {
	const found: string[] = [];
	for (const match of markdown.matchAll(/^ {0,3}#{1,6}[ \t]+([^\n]{1,500})$|^([^\n]{0,500}\S)[ \t]*\n {0,3}(?:=+|-+)[ \t]*$|<h[1-6]\b[^>]{0,500}>([\s\S]{0,500}?)<\/h[1-6]\s*>/gmu)) {
		found.push(match[1] ?? match[2] ?? match[3] ?? '');
	}

	return searchableText(found.join('\n'));
}

const noMarks: Marks = {isRead: () => false, isStarred: () => false};

const schema = `
	create table info(key text primary key, value text not null) strict;
	create table docs(
		rowid integer primary key,
		path text not null unique,
		size integer not null,
		mtime real not null,
		id text not null,
		date text,
		fetched integer not null,
		-- Folded copies of what filters test (source:, author:, tag:), so ranking with a filter never parses JSON.
		fsource text not null,
		fauthor text not null,
		ftags text not null,
		meta text not null
	) strict;
	create index docs_date on docs(date);
	-- Contentless: the text stays in the article files (snippets are cut from them), which keeps the index at about a
	-- quarter of the library's size instead of more than all of it.
	-- Headings have a column of their own: a document with an "## Install" section ranks above one that says "install" once.
	create virtual table fts using fts5(title, headings, meta, body, tokenize = 'unicode61 remove_diacritics 2', content = '', contentless_delete = 1);
	pragma user_version = ${searchIndexSchemaVersion};
`;

const isSqliteError = (error: unknown): error is Error & {errcode: number; errstr?: string} =>
	error instanceof Error && typeof (error as {errcode?: unknown}).errcode === 'number';

/** SQLITE_CORRUPT, SQLITE_NOTADB and their extended codes: the file is not an index we can use. */
const isDamage = (error: unknown): boolean => isSqliteError(error) && [11, 26].includes(error.errcode & 0xFF);

function removeDatabase(file: string): void {
	for (const suffix of ['', '-wal', '-shm', '-journal']) {
		fs.rmSync(file + suffix, {force: true});
	}
}

function openDatabase(file: string, notices: string[]): DatabaseSync {
	const module = loadSqlite();
	if (module === undefined) {
		throw new Error(searchIndexUnavailableMessage);
	}

	const attempt = (): DatabaseSync => {
		// Private like the rest of the state (0600): SQLite would create the file 0644, and gives its -wal and -shm
		// files the database file's mode, so the file is made (or corrected) first.
		fs.closeSync(fs.openSync(file, 'a', 0o600));
		fs.chmodSync(file, 0o600);
		const database = new module.DatabaseSync(file);
		try {
			database.exec('pragma busy_timeout = 5000');
			const {user_version: version} = database.prepare('pragma user_version').get() as {user_version: number};
			const tables = database.prepare('select count(*) as n from sqlite_schema').get() as {n: number};
			if (tables.n === 0) {
				database.exec('pragma journal_mode = wal');
				database.exec(schema);
			} else if (version !== searchIndexSchemaVersion) {
				database.close();
				notices.push(`The search index was from another version (schema ${version}); it is rebuilt`);
				removeDatabase(file);
				return attempt();
			} else {
				// Reading the tables proves the header and schema pages are sound; damage deeper down shows up later
				// as SQLITE_CORRUPT and is handled where it happens.
				database.prepare('select count(*) from info').get();
				database.prepare('select rowid from docs limit 1').get();
			}

			database.exec('pragma synchronous = normal');
			return database;
		} catch (error) {
			database.close();
			throw error;
		}
	};

	try {
		return attempt();
	} catch (error) {
		if (!isSqliteError(error)) {
			throw error;
		}

		notices.push(`The search index could not be used (${error.message}); it is rebuilt`);
		removeDatabase(file);
		return attempt();
	}
}

/**
The non-text part of a query as an SQL condition over the folded columns of `docs`, so SQLite drops rows before it
ranks them. Marks live in the state store, not here; `is:read` and `is:starred` call back into JS for them.
*/
export function filterToSql(query: Query): {sql: string; parameters: Array<string | number>} {
	const parameters: Array<string | number> = [];
	const walk = (node: Query): string => {
		switch (node.kind) {
			case 'all':
			case 'text': {
				// Free words never reach the filter (planFullText sends them to MATCH).
				return '1';
			}

			case 'field': {
				if (node.field === 'tag') {
					parameters.push(`\n${node.value}\n`);
					return 'instr(char(10) || ftags || char(10), ?) > 0';
				}

				parameters.push(node.value);
				return node.field === 'source' ? 'instr(fsource, ?) > 0' : 'instr(fauthor, ?) > 0';
			}

			case 'is': {
				switch (node.state) {
					case 'read': {
						return 'tidings_is_read(id)';
					}

					case 'unread': {
						return 'not tidings_is_read(id)';
					}

					case 'starred': {
						return 'tidings_is_starred(id)';
					}

					case 'fetched': {
						return 'fetched = 1';
					}

					case 'local': {
						return 'fetched = 0';
					}
				}

				break;
			}

			case 'date': {
				parameters.push(node.bound);
				// Written so that an undated article is false, not NULL, and `-before:` therefore includes it.
				return node.op === 'before' ? '(date is not null and date < ?)' : '(date is not null and date >= ?)';
			}

			case 'not': {
				return `not (${walk(node.item)})`;
			}

			case 'and': {
				return node.items.map(item => `(${walk(item)})`).join(' and ');
			}

			case 'or': {
				return node.items.map(item => `(${walk(item)})`).join(' or ');
			}
		}

		return '1';
	};

	return {sql: walk(query), parameters};
}

class SqliteSearchIndex implements SearchIndex {
	readonly path: string;
	readonly notices: string[] = [];
	#database: DatabaseSync;
	#statements = new Map<string, StatementSync>();
	#marks: Marks = noMarks;

	constructor(cacheDir: string) {
		fs.mkdirSync(cacheDir, {recursive: true, mode: 0o700});
		this.path = path.join(cacheDir, searchIndexFileName);
		this.#database = openDatabase(this.path, this.notices);
		this.#functions();
	}

	#functions(): void {
		this.#database.function('tidings_is_read', {deterministic: false}, id => (this.#marks.isRead(String(id)) ? 1 : 0));
		this.#database.function('tidings_is_starred', {deterministic: false}, id => (this.#marks.isStarred(String(id)) ? 1 : 0));
	}

	#statement(sql: string): StatementSync {
		let statement = this.#statements.get(sql);
		if (statement === undefined) {
			// Each shape of filter is its own SQL; a long session of typing queries must not keep them all.
			if (this.#statements.size > 200) {
				this.#statements.clear();
			}

			statement = this.#database.prepare(sql);
			this.#statements.set(sql, statement);
		}

		return statement;
	}

	#reset(reason: string): void {
		this.#statements.clear();
		try {
			this.#database.close();
		} catch {}

		removeDatabase(this.path);
		this.notices.push(reason);
		this.#database = openDatabase(this.path, this.notices);
		this.#functions();
	}

	#transaction(work: () => void): void {
		this.#database.exec('begin immediate');
		try {
			work();
			this.#database.exec('commit');
		} catch (error) {
			try {
				this.#database.exec('rollback');
			} catch {}

			throw error;
		}
	}

	async sync(libraryDir: string, files: readonly IndexFile[], read: (path: string) => Promise<Uint8Array> | Uint8Array): Promise<SyncReport> {
		try {
			return await this.#sync(libraryDir, files, read, undefined);
		} catch (error) {
			if (!isDamage(error)) {
				throw error;
			}

			const reason = `The search index was damaged (${(error as Error).message}); it is rebuilt`;
			this.#reset(reason);
			return this.#sync(libraryDir, files, read, reason);
		}
	}

	async #sync(libraryDir: string, files: readonly IndexFile[], read: (path: string) => Promise<Uint8Array> | Uint8Array, rebuilt: string | undefined): Promise<SyncReport> {
		const library = path.resolve(libraryDir);
		const stored = this.#statement('select value from info where key = \'library\'').get() as {value: string} | undefined;
		if (stored?.value !== library) {
			this.#transaction(() => {
				this.#database.exec('delete from docs; delete from fts;');
				this.#statement('insert or replace into info(key, value) values (\'library\', ?)').run(library);
			});
		}

		const known = new Map<string, {rowid: number; size: number; mtime: number}>();
		for (const row of this.#statement('select rowid, path, size, mtime from docs').iterate() as Iterable<{rowid: number; path: string; size: number; mtime: number}>) {
			known.set(row.path, row);
		}

		const work: Array<{file: IndexFile; rowid: number | undefined}> = [];
		let unchanged = 0;
		let skipped = 0;
		const seen = new Set<string>();
		for (const file of files) {
			if (seen.has(file.path)) {
				continue;
			}

			if (file.size > maxArticleBytes) {
				skipped++;
				continue;
			}

			seen.add(file.path);
			const existing = known.get(file.path);
			if (existing === undefined) {
				work.push({file, rowid: undefined});
			} else if (existing.size !== file.size || existing.mtime !== file.mtimeMs) {
				work.push({file, rowid: existing.rowid});
			} else {
				unchanged++;
			}
		}

		const removedRows: number[] = [];
		for (const [filePath, row] of known) {
			if (!seen.has(filePath)) {
				removedRows.push(row.rowid);
			}
		}

		if (removedRows.length > 0) {
			const deleteDoc = this.#statement('delete from docs where rowid = ?');
			const deleteText = this.#statement('delete from fts where rowid = ?');
			this.#transaction(() => {
				for (const rowid of removedRows) {
					deleteDoc.run(rowid);
					deleteText.run(rowid);
				}
			});
		}

		let added = 0;
		let updated = 0;
		let failed = 0;
		const insertDoc = this.#statement('insert into docs(path, size, mtime, id, date, fetched, fsource, fauthor, ftags, meta) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
		const deleteDoc = this.#statement('delete from docs where rowid = ?');
		const insertText = this.#statement('insert into fts(rowid, title, headings, meta, body) values (?, ?, ?, ?, ?)');
		const deleteText = this.#statement('delete from fts where rowid = ?');
		for (let offset = 0; offset < work.length; offset += batchSize) {
			const batch = work.slice(offset, offset + batchSize);
			const contents = await Promise.all(batch.map(async ({file}) => {
				try {
					return await read(file.path);
				} catch {
					return undefined;
				}
			}));
			this.#transaction(() => {
				for (const [index, {file, rowid}] of batch.entries()) {
					const bytes = contents[index];
					if (bytes === undefined) {
						failed++;
						continue;
					}

					if (rowid !== undefined) {
						deleteDoc.run(rowid);
						deleteText.run(rowid);
						updated++;
					} else {
						added++;
					}

					const article = parseArticle(file, bytes);
					const {meta} = article;
					const result = insertDoc.run(
						file.path, file.size, file.mtimeMs, meta.id, meta.date ?? null, meta.feed === undefined ? 0 : 1,
						fold(meta.source), fold(meta.author ?? ''), meta.tags.map(tag => fold(tag)).join('\n'), JSON.stringify(meta),
					);
					const metaText = [meta.source, meta.author ?? '', ...meta.tags].join(' ');
					insertText.run(result.lastInsertRowid, meta.title, headingText(article.body), metaText, searchableText(article.body));
				}
			});
		}

		return {added, updated, removed: removedRows.length, unchanged, failed, skipped, ...(rebuilt === undefined ? {} : {rebuilt})};
	}

	#library(): string | undefined {
		const row = this.#statement('select value from info where key = \'library\'').get() as {value: string} | undefined;
		return row?.value;
	}

	/** A hit with its snippet, cut from the article file as it is now (a file gone since the sync gives none). */
	#hit(meta: ArticleMeta, score: number, terms: readonly string[]): SearchHit {
		let snippet: Snippet = {text: '', highlights: []};
		const library = this.#library();
		if (library !== undefined && meta.size <= maxArticleBytes) {
			try {
				const bytes = readArticleFileSync(path.join(library, meta.path));
				const article = parseArticle({path: meta.path, size: bytes.length, mtimeMs: meta.mtimeMs}, bytes);
				snippet = makeSnippet(searchableText(article.body), terms);
			} catch {}
		}

		return {
			id: meta.id,
			path: meta.path,
			title: meta.title,
			score,
			// The body was neutralised when parsed and white space is collapsed, so this changes nothing; it types the text.
			snippet: neutraliseLine(snippet.text),
			highlights: snippet.highlights,
			meta,
		};
	}

	search(text: string, options: SearchOptions = {}): SearchResult {
		const parsed = parseQuery(text);
		if (!parsed.ok) {
			return parsed;
		}

		const planned = planFullText(parsed.query);
		if (!planned.ok) {
			return planned;
		}

		const {plan} = planned;
		const limit = Math.max(0, Math.floor(options.limit ?? 20));
		this.#marks = options.marks ?? noMarks;
		const filter = filterToSql(plan.filter);
		try {
			if (limit === 0) {
				return {ok: true, hits: [], terms: plan.highlight};
			}

			if (plan.match === undefined) {
				// Nothing to rank by: newest first, optionally leaving out what the negated words match.
				const exclude = plan.exclude === undefined ? '' : 'and docs.rowid not in (select rowid from fts where fts match ?)';
				const rows = this.#statement(`select docs.meta as meta from docs where (${filter.sql}) ${exclude} order by date desc, rowid limit ?`)
					.all(...filter.parameters, ...(plan.exclude === undefined ? [] : [plan.exclude]), limit) as Array<{meta: string}>;
				return {ok: true, terms: plan.highlight, hits: rows.map(row => this.#hit(JSON.parse(row.meta) as ArticleMeta, 0, []))};
			}

			// The filter runs inside SQLite before bm25 is computed, and the sort keeps only the best `limit` rows.
			const join = filter.sql === '1' ? '' : `join docs on docs.rowid = fts.rowid and (${filter.sql})`;
			const ranked = this.#statement(`select fts.rowid as rowid, bm25(fts, 10.0, 6.0, 4.0, 1.0) as weight from fts ${join} where fts match ? order by weight limit ?`)
				.all(...filter.parameters, plan.match, limit) as Array<{rowid: number; weight: number}>;
			// bm25 gives a word found in more than half the library almost no weight (SQLite clamps its IDF), so raw
			// scores of a common word all print as 0.00. The score shown is relative to the best hit: 1 for it, and the
			// share of its weight for the others, which keeps the order and says how far behind each one is.
			const best = ranked.length === 0 ? 0 : -ranked[0]!.weight;
			const metaOf = this.#statement('select meta from docs where rowid = ?');
			const hits: SearchHit[] = [];
			for (const {rowid, weight} of ranked) {
				const row = metaOf.get(rowid) as {meta: string} | undefined;
				if (row !== undefined) {
					hits.push(this.#hit(JSON.parse(row.meta) as ArticleMeta, best > 0 ? -weight / best : 0, plan.highlight));
				}
			}

			return {ok: true, hits, terms: plan.highlight};
		} catch (error) {
			if (isDamage(error)) {
				this.#reset(`The search index was damaged (${(error as Error).message}); it is rebuilt at the next sync`);
				return {ok: true, hits: [], terms: plan.highlight};
			}

			throw error;
		} finally {
			this.#marks = noMarks;
		}
	}

	count(): number {
		return (this.#statement('select count(*) as n from docs').get() as {n: number}).n;
	}

	close(): void {
		this.#statements.clear();
		this.#database.close();
	}
}

/**
Opens (creating, or rebuilding when unusable) the index in `cacheDir`. Throws only when `searchIndexAvailable()` is
false or for unexpected I/O errors.
*/
export function openSearchIndex(cacheDir: string): SearchIndex {
	return new SqliteSearchIndex(cacheDir);
}

/**
Brings the index in `cacheDir` up to date with a loaded library (the metadata carries each file's size and mtime)
and returns it open. The CLI calls this before every search; the TUI should run it as an effect after the library
loads and after each feed fetch.
*/
export async function openSyncedIndex(libraryDir: string, cacheDir: string, metas: readonly ArticleMeta[]): Promise<{index: SearchIndex; report: SyncReport}> {
	const index = openSearchIndex(cacheDir);
	const files = metas.map(meta => ({path: meta.path, size: meta.size, mtimeMs: meta.mtimeMs}));
	try {
		const report = await index.sync(libraryDir, files, async relative => readArticleFile(path.join(libraryDir, relative)));
		return {index, report};
	} catch (error) {
		index.close();
		throw error;
	}
}
