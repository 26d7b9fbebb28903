import fs from 'node:fs';
import {conflictOriginal, isConflictCopy} from '../core/sync/conflict-names.js';
import path from 'node:path';
import crypto from 'node:crypto';
import {StringDecoder} from 'node:string_decoder';
import {writeFileAtomicSync} from './atomic-file.js';
import {brokenArticle, parseArticle, type FileFacts} from '../core/article/parse-article.js';
import {noTags, type Article, type ArticleMeta} from '../core/types.js';
import type {SafeText} from '../core/text/neutralise.js';

/** Files larger than this open as a broken article with a clear reason instead of filling memory. */
export const maxArticleBytes = 16 * 1024 * 1024;
/** Bytes read from each file for the list: enough for front matter and a first heading. */
const headBytes = 4 * 1024;
// 3: ids of feed items are namespaced by their feed (issue 15).
/**
The index's format (issue 14: peak RSS). 4: a line holding `{version, root}`, then one line per row, a url equal to the
id and an empty tag list written as `null`; read 64 KB at a time, so no string of the whole file is ever made (at
100,000 rows it was 38–47 MB beside the rows it became, in a space only a full collection empties) and JSON.parse makes
no url or empty list to throw away (~13 MB). 3 (one JSON value: `{version, root, entries}`) is still read.
*/
const cacheVersion = 4;
/** Bytes read at a time: a piece's text stays a young string (V8 keeps strings over ~128 KB in its large-object space). */
const indexPiece = 64 * 1024;
/** A line longer than this is not one of ours: the index is read as stale. */
const maxIndexLine = 1024 * 1024;

/** The names the library lists (the watcher, library-watcher.ts, asks too). */
export const articleFile = /\.(md|markdown|txt)$/iu;

// `$TIDINGS_CACHE_DIR`, else the platform's cache folder: in ./folders.ts, which `tidings --help` loads alone.
export {cacheDirectory} from './folders.js';


/** A turn of the event loop (between slices of work in the reader's thread, so keys are answered). */
export const yieldToEventLoop = async () => new Promise<void>(resolve => {
	setImmediate(resolve);
});

/**
File names that are not valid UTF-8 (an archive from an old system, a Latin-1 file system): the list shows them with
each invalid byte as `\xNN`, and this map turns that shown path back into the real bytes for every later read.
Keyed by the absolute path as a string (`path.join(root, relative)`).
*/
const rawPaths = new Map<string, Buffer>();

/** The path to pass to `fs` for an absolute path built from a listed name. */
const fsPath = (absolute: string): string | Buffer => rawPaths.size === 0 ? absolute : rawPaths.get(path.normalize(absolute)) ?? absolute;

/** A file name's bytes as text: valid UTF-8 as it is, every byte of an invalid sequence as `\xNN`. Linear. */
export function nameFromBytes(bytes: Uint8Array): string {
	let out = '';
	let start = 0;
	let index = 0;
	const flush = (end: number) => {
		if (end > start) {
			out += Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
		}
	};

	while (index < bytes.length) {
		const byte = bytes[index]!;
		let length = 0;
		if (byte < 0x80) {
			length = 1;
		} else if (byte >= 0xC2 && byte <= 0xDF) {
			length = 2;
		} else if (byte >= 0xE0 && byte <= 0xEF) {
			length = 3;
		} else if (byte >= 0xF0 && byte <= 0xF4) {
			length = 4;
		}

		let valid = length > 0 && index + length <= bytes.length;
		for (let next = 1; valid && next < length; next++) {
			const continuation = bytes[index + next]!;
			valid = continuation >= 0x80 && continuation <= 0xBF;
		}

		if (valid && length >= 3) {
			const second = bytes[index + 1]!;
			// Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
			valid = !(byte === 0xE0 && second < 0xA0) && !(byte === 0xED && second > 0x9F) && !(byte === 0xF0 && second < 0x90) && !(byte === 0xF4 && second > 0x8F);
		}

		if (valid) {
			index += length;
		} else {
			flush(index);
			out += `\\x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
			index++;
			start = index;
		}
	}

	flush(index);
	return out;
}

/** A folder's entries; names that are not valid UTF-8 get a `\xNN` name and their real bytes in `rawPaths`. */
function readFolder(absolute: string): Array<{name: string; entry: fs.Dirent | fs.Dirent<Buffer>}> {
	const raw = fsPath(absolute);
	if (typeof raw === 'string') {
		const entries = fs.readdirSync(raw, {withFileTypes: true});
		if (!entries.some(entry => entry.name.includes('\uFFFD'))) {
			return entries.map(entry => ({name: entry.name, entry}));
		}
	}

	// Node decodes names as UTF-8 with U+FFFD for bad bytes, which no later call can open: read the bytes instead.
	// Inside a folder whose own name was not UTF-8, every entry needs its real bytes.
	const folderBytes = typeof raw === 'string' ? Buffer.from(raw) : raw;
	return fs.readdirSync(raw, {withFileTypes: true, encoding: 'buffer'}).map(entry => {
		const name = nameFromBytes(entry.name);
		if (typeof raw !== 'string' || name !== entry.name.toString('utf8')) {
			rawPaths.set(path.normalize(path.join(absolute, name)), Buffer.concat([folderBytes, Buffer.from(path.sep), entry.name]));
		}

		return {name, entry};
	});
}

/**
A sync engine's conflict copy of an article (Syncthing's `x.sync-conflict-…md`, Dropbox's `x (conflicted copy).md`)
whose original is still there: not listed, the original wins (issue 20; `tidings sync status` names the copies). A
copy whose original is gone is the only copy left, and is listed.
*/
export function shadowedConflictCopy(folder: string, name: string): boolean {
	if (!isConflictCopy(name)) {
		return false;
	}

	const original = conflictOriginal(name);
	return original !== undefined && fs.existsSync(fsPath(folder + path.sep + original));
}

/**
Lists the article files under `root` (subfolders are sources). Hidden entries are skipped; symbolic links to folders
are followed once each (a loop is noticed by real path); anything unreadable is left out, never fatal. A name that is
not valid UTF-8 is listed with its bad bytes shown as `\xNN`.

Synchronous calls in batches, with a yield between batches: at 100,000 files the promise and thread-pool overhead of
one async `stat` per file cost several times the system calls themselves.
*/
export async function scanLibrary(root: string, onFolder?: (absolute: string, relative: string) => void): Promise<FileFacts[]> {
	const facts: FileFacts[] = [];
	await visitLibrary(root, onFolder, (relative, size, mtimeMs) => {
		facts.push({path: relative, size, mtimeMs});
	});
	return facts;
}

/**
`scanLibrary` with each file handed to `onFile` as it is found instead of listed (the start-up comparison keeps no
list of 100,000 files: issue 14).
*/
export async function visitLibrary(root: string, onFolder: ((absolute: string, relative: string) => void) | undefined, onFile: (relative: string, size: number, mtimeMs: number) => void): Promise<void> {
	const sliceMs = 2;
	let since = performance.now();
	const seen = new Set<string>();
	const folders: Array<{absolute: string; relative: string; depth: number}> = [{absolute: root, relative: '', depth: 0}];
	while (folders.length > 0) {
		const folder = folders.pop()!;
		if (folder.depth > 32) {
			continue;
		}

		let entries: Array<{name: string; entry: fs.Dirent | fs.Dirent<Buffer>}>;
		try {
			// Device and inode rather than the real path: the same loop check, and it works for names that are not UTF-8.
			const stat = fs.statSync(fsPath(folder.absolute));
			const real = `${stat.dev}:${stat.ino}`;
			if (seen.has(real)) {
				continue;
			}

			seen.add(real);
			// Before the folder is read: a watcher set here misses nothing that changes after the read.
			onFolder?.(folder.absolute, folder.relative);
			entries = readFolder(folder.absolute);
		} catch {
			continue;
		}

		for (const {name, entry} of entries) {
			if (name.startsWith('.')) {
				continue;
			}

			const absolute = folder.absolute + path.sep + name;
			const relative = folder.relative === '' ? name : `${folder.relative}/${name}`;
			let isDirectory = entry.isDirectory();
			let isFile = entry.isFile();
			if (entry.isSymbolicLink()) {
				try {
					const stat = fs.statSync(fsPath(absolute));
					isDirectory = stat.isDirectory();
					isFile = stat.isFile();
				} catch {
					continue;
				}
			}

			if (isDirectory) {
				folders.push({absolute, relative, depth: folder.depth + 1});
			} else if (isFile && articleFile.test(name) && !shadowedConflictCopy(folder.absolute, name)) {
				// Stated as found (no list of the paths first: 10k objects less to make and collect).
				const stat = fs.statSync(fsPath(absolute), {throwIfNoEntry: false});
				if (stat) {
					onFile(relative, stat.size, Math.trunc(stat.mtimeMs));
				}

				// A turn of the event loop every 2 ms (a stat is a few µs on a local disk, far more on a network one): the
				// start-up comparison runs in the reader's own thread (library-scan.ts).
				if (performance.now() - since >= sliceMs) {
					await yieldToEventLoop();
					since = performance.now();
				}
			}
		}
	}
}

// One buffer for every head read: reading 100,000 heads must not allocate 100,000 buffers.
let headBuffer = Buffer.allocUnsafe(headBytes);

/** A file Tidings will not read, with the reason shown in its place. */
export class SkippedFileError extends Error {
	override name = 'SkippedFileError';
}

const pseudoFileSystems = ['/proc/', '/sys/', '/dev/'];

/**
Opens `absolute` for reading only if it is a regular file outside the kernel's pseudo file systems. `O_NONBLOCK`:
opening a FIFO or a device never waits for a writer. The check is on the open descriptor (fstat), so a file swapped
for something else between the scan and the read is caught too. A symlink into /proc (`/proc/self/pagemap` says
0 bytes but reads forever) is refused by its real path.
*/
function openRegularFileSync(absolute: string): {descriptor: number; stat: fs.Stats} {
	const descriptor = fs.openSync(fsPath(absolute), fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
	try {
		const stat = fs.fstatSync(descriptor);
		if (!stat.isFile()) {
			throw new SkippedFileError(stat.isDirectory() ? 'a folder, not a file' : 'not a regular file (a device, pipe or socket); skipped');
		}

		if (process.platform !== 'win32') {
			const real = fs.realpathSync.native(fsPath(absolute), {encoding: 'utf8'});
			if (pseudoFileSystems.some(prefix => real.startsWith(prefix))) {
				throw new SkippedFileError(`a link to the system file ${real}, not an article; skipped`);
			}
		}

		return {descriptor, stat};
	} catch (error) {
		fs.closeSync(descriptor);
		throw error;
	}
}

const tooLarge = (bytes: number, limit: number) =>
	new SkippedFileError(`too large to open (${Math.round(bytes / 1024 / 1024)} MB or more; the limit is ${Math.round(limit / 1024 / 1024)} MB)`);

/**
Reads a whole article file, never more than `limit` bytes: the limit is enforced while reading, not trusted from
`stat()` (files in /proc, FUSE mounts and files that grow while read report sizes that are not what a read returns).
Throws a `SkippedFileError` naming why a file is not read.
*/
export function readArticleFileSync(absolute: string, limit = maxArticleBytes): Buffer {
	const {descriptor, stat} = openRegularFileSync(absolute);
	try {
		if (stat.size > limit) {
			throw tooLarge(stat.size, limit);
		}

		const chunks: Buffer[] = [];
		let total = 0;
		for (;;) {
			const chunk = Buffer.allocUnsafe(Math.min(Math.max(stat.size - total + 1, 64 * 1024), limit + 1 - total, 1024 * 1024));
			if (chunk.length === 0) {
				throw tooLarge(total, limit);
			}

			const bytesRead = fs.readSync(descriptor, chunk, 0, chunk.length, null);
			if (bytesRead === 0) {
				break;
			}

			total += bytesRead;
			if (total > limit) {
				throw tooLarge(total, limit);
			}

			chunks.push(bytesRead === chunk.length ? chunk : chunk.subarray(0, bytesRead));
		}

		return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total);
	} finally {
		fs.closeSync(descriptor);
	}
}

/** The same, for callers that prefer a promise (the search index's sync). */
export async function readArticleFile(absolute: string, limit = maxArticleBytes): Promise<Buffer> {
	return readArticleFileSync(absolute, limit);
}

function readHeadSync(absolute: string, limit: number): {bytes: Uint8Array; partial: boolean} {
	if (headBuffer.length < limit) {
		headBuffer = Buffer.allocUnsafe(limit);
	}

	const {descriptor} = openRegularFileSync(absolute);
	try {
		let filled = 0;
		while (filled < limit) {
			const bytesRead = fs.readSync(descriptor, headBuffer, filled, limit - filled, filled);
			if (bytesRead === 0) {
				break;
			}

			filled += bytesRead;
		}

		const partial = filled === limit && fs.readSync(descriptor, Buffer.allocUnsafe(1), 0, 1, filled) === 1;
		return {bytes: headBuffer.subarray(0, filled), partial};
	} finally {
		fs.closeSync(descriptor);
	}
}

const describeFsError = (error: unknown): string => {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	switch (code) {
		case 'ENOENT': {
			return 'the file is gone (deleted or moved since the library was read)';
		}

		case 'EACCES':
		case 'EPERM': {
			return 'permission denied';
		}

		case 'EISDIR': {
			return 'a folder, not a file';
		}

		case 'ELOOP': {
			return 'a symbolic link that loops';
		}

		case 'EAGAIN':
		case 'ENXIO': {
			return 'not a regular file (a device, pipe or socket); skipped';
		}

		default: {
			return error instanceof Error ? error.message : String(error);
		}
	}
};

/** The metadata of one file, from its head (the bytes are parsed at once: the head buffer is shared). */
export function readMetaSync(root: string, facts: FileFacts): ArticleMeta {
	try {
		const absolute = path.join(root, facts.path);
		let {bytes, partial} = readHeadSync(absolute, headBytes);
		if (partial && bytes[0] === 0x2D && bytes[1] === 0x2D && bytes[2] === 0x2D && Buffer.from(bytes).indexOf('\n---', 3) === -1) {
			// A front matter header longer than the head: read more of it (bounded), once.
			({bytes, partial} = readHeadSync(absolute, 256 * 1024));
		}

		return parseArticle(facts, bytes, {partial, metaOnly: true}).meta;
	} catch (error) {
		return brokenArticle(facts, describeFsError(error)).meta;
	}
}

/** The metadata of files in the library, read fresh (a file that vanished meanwhile is left out). */
export function readMetas(root: string, relatives: readonly string[]): ArticleMeta[] {
	const metas: ArticleMeta[] = [];
	for (const relative of new Set(relatives)) {
		const stat = fs.statSync(fsPath(path.join(root, relative)), {throwIfNoEntry: false});
		if (stat?.isFile()) {
			metas.push(readMetaSync(root, {path: relative, size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs)}));
		}
	}

	return metas;
}

/** The same, for callers that prefer a promise. */
export async function readMeta(root: string, facts: FileFacts): Promise<ArticleMeta> {
	return readMetaSync(root, facts);
}

/** Reads and parses a whole article for the reader. Never throws: a file that went wrong becomes a broken article. */
export async function loadArticle(root: string, facts: FileFacts): Promise<Article> {
	try {
		const absolute = path.join(root, facts.path);
		const bytes = readArticleFileSync(absolute);
		const stat = fs.statSync(fsPath(absolute));
		return parseArticle({...facts, size: bytes.length, mtimeMs: Math.trunc(stat.mtimeMs)}, bytes);
	} catch (error) {
		return brokenArticle(facts, describeFsError(error));
	}
}

type CacheFile = {version: number; root: string; entries: ArticleMeta[]};

/** The rows of the index file, or undefined when it is missing, not ours, for another root or damaged. */
function readIndexEntries(file: string, root: string): ArticleMeta[] | undefined {
	let descriptor: number;
	try {
		descriptor = fs.openSync(file, 'r');
	} catch {
		return undefined;
	}

	try {
		const buffer = Buffer.allocUnsafe(indexPiece);
		const decoder = new StringDecoder('utf8');
		const entries: ArticleMeta[] = [];
		let rest = '';
		let header = false;
		for (;;) {
			const bytes = fs.readSync(descriptor, buffer, 0, indexPiece, null);
			const text = rest + (bytes === 0 ? decoder.end() : decoder.write(bytes === indexPiece ? buffer : buffer.subarray(0, bytes)));
			if (!header && text.startsWith('{"version":3,')) {
				// The whole index as one value (version 3).
				const data = JSON.parse(fs.readFileSync(file, 'utf8')) as CacheFile;
				return data.version === 3 && data.root === root && Array.isArray(data.entries) ? data.entries : undefined;
			}

			const lines = text.split('\n');
			rest = bytes === 0 ? '' : lines.pop()!;
			if (rest.length > maxIndexLine) {
				return undefined;
			}

			for (const line of lines) {
				if (line === '') {
					continue;
				}

				const value = JSON.parse(line) as Partial<CacheFile> & Partial<ArticleMeta> | null;
				if (!header) {
					if (value?.version !== cacheVersion || value.root !== root) {
						return undefined;
					}

					header = true;
				} else if (typeof value?.path === 'string' && typeof value.id === 'string' && typeof value.title === 'string') {
					entries.push(value as ArticleMeta);
				} else {
					return undefined;
				}
			}

			if (bytes === 0) {
				return header ? entries : undefined;
			}
		}
	} catch {
		return undefined;
	} finally {
		fs.closeSync(descriptor);
	}
}

const cachePath = (root: string, cacheDir: string) =>
	path.join(cacheDir, `library-${crypto.createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 16)}.json`);
// What changed since the index was written whole, one JSON line per change (issue 18): a running reader appends what
// it learns (the start-up comparison, the watched library) instead of writing 47 MB again at 100,000 articles.
const deltaPath = (root: string, cacheDir: string) => cachePath(root, cacheDir).replace(/\.json$/u, '.changes.jsonl');
/** A change log larger than this is folded into the index by the next whole load. */
const deltaLimit = 64 * 1024 * 1024;

type CacheChange = {upserts?: unknown; removed?: unknown};

/** The metadata index from the last run, for painting titles before the scan finishes; undefined when absent or stale. */
export function readLibraryCache(root: string, cacheDir: string): ArticleMeta[] | undefined {
	const rows = readCacheRows(root, cacheDir);
	return rows === undefined ? undefined : shareRowValues(rows);
}

/** The index's rows with its change log applied, as JSON.parse gives them. */
function readCacheRows(root: string, cacheDir: string): ArticleMeta[] | undefined {
	const entries = readIndexEntries(cachePath(root, cacheDir), path.resolve(root));
	if (entries === undefined) {
		return undefined;
	}

	let lines: string[];
	try {
		const stat = fs.statSync(deltaPath(root, cacheDir));
		if (stat.size > deltaLimit) {
			// Too large to trust to memory: the index without it (the start-up comparison reads what differs).
			return entries;
		}

		lines = fs.readFileSync(deltaPath(root, cacheDir), 'utf8').split('\n');
	} catch {
		return entries;
	}

	const byPath = new Map(entries.map(meta => [meta.path, meta]));
	for (const line of lines) {
		if (line === '') {
			continue;
		}

		try {
			// Our own file, but checked: a line cut short by a crash is skipped, a wrong shape changes nothing.
			const change = JSON.parse(line) as CacheChange;
			if (Array.isArray(change.removed)) {
				for (const gone of change.removed) {
					if (typeof gone === 'string') {
						byPath.delete(gone);
					}
				}
			}

			if (Array.isArray(change.upserts)) {
				for (const meta of change.upserts as ArticleMeta[]) {
					if (typeof meta?.path === 'string' && typeof meta.id === 'string' && typeof meta.title === 'string') {
						byPath.set(meta.path, meta);
					}
				}
			}
		} catch {}
	}

	return [...byPath.values()];
}

/**
The rows of the index as JSON.parse gives them hold a string of their own for every value: at 100,000 rows the url
equal to the id is ~10 MB again, a source's name (a library has tens) ~3 MB, an empty tag list ~3 MB (issue 14:
peak RSS). Each row's url becomes its id's string when they are equal (or null: version 4), the names of sources are
shared, and empty tag lists (or null) are one. Returns `rows` (changed in place: fresh objects of the parse).
*/
function shareRowValues(rows: ArticleMeta[]): ArticleMeta[] {
	const sources = new Map<SafeText, SafeText>();
	for (const row of rows as Array<{-readonly [K in keyof ArticleMeta]: ArticleMeta[K]}>) {
		if ((row.url as unknown) === null || (row.url !== undefined && row.url === row.id)) {
			// The same characters as the url, which is safe text (version 4 writes that url as null).
			row.url = row.id as string as SafeText;
		}

		if (typeof row.source === 'string') {
			const shared = sources.get(row.source);
			if (shared === undefined) {
				sources.set(row.source, row.source);
			} else {
				row.source = shared;
			}
		}

		if ((row.tags as unknown) === null || (Array.isArray(row.tags) && row.tags.length === 0)) {
			row.tags = noTags;
		}
	}

	return rows;
}

/** Size of the change log beside the index (0 when none): a large one is folded in by a whole load. */
export function libraryCacheChangesBytes(root: string, cacheDir: string): number {
	return fs.statSync(deltaPath(root, cacheDir), {throwIfNoEntry: false})?.size ?? 0;
}

/** Appends rows added, changed or removed to the index's change log (nothing when there is no index to change). */
export function appendLibraryCacheChanges(root: string, cacheDir: string, changes: {readonly upserts: readonly ArticleMeta[]; readonly removed: readonly string[]}): void {
	if (changes.upserts.length === 0 && changes.removed.length === 0) {
		return;
	}

	try {
		if (!fs.existsSync(cachePath(root, cacheDir))) {
			return;
		}

		// One write per line (O_APPEND): two readers appending at once never interleave inside a line.
		fs.appendFileSync(deltaPath(root, cacheDir), `${JSON.stringify({upserts: changes.upserts, removed: changes.removed})}\n`, {mode: 0o600});
	} catch {
		// A change not logged costs a re-read of that file next time, nothing else.
	}
}

/** A row as the index writes it (version 4): the same keys in the same order, a url equal to the id and no tags as null. */
const indexRow = (meta: ArticleMeta) => ({...meta, ...(meta.url === meta.id ? {url: null} : {}), ...(meta.tags.length === 0 ? {tags: null} : {})});

function writeLibraryCache(root: string, cacheDir: string, entries: readonly ArticleMeta[]) {
	try {
		fs.mkdirSync(cacheDir, {recursive: true, mode: 0o700});
		const lines = [JSON.stringify({version: cacheVersion, root: path.resolve(root)}), ...entries.map(meta => JSON.stringify(indexRow(meta))), ''];
		writeFileAtomicSync(cachePath(root, cacheDir), lines.join('\n'), {mode: 0o600});
		// The log's changes are in the index now.
		fs.rmSync(deltaPath(root, cacheDir), {force: true});
	} catch {
		// A cache that cannot be written costs speed next time, nothing else.
	}
}

/**
Loads the metadata of every article: files whose (path, size, mtime) match the cached index reuse its entry, the rest
have their heads read. The refreshed index is written back.
*/
export async function loadLibrary(root: string, options: {cacheDir?: string; cached?: readonly ArticleMeta[]; onFolder?: (absolute: string, relative: string) => void} = {}): Promise<ArticleMeta[]> {
	const files = await scanLibrary(root, options.onFolder);
	const known = options.cached ?? (options.cacheDir ? readLibraryCache(root, options.cacheDir) : undefined);
	const cached = known ?? [];
	// The index is written in the scan's order, so an unchanged library matches it row by row; a map of the index by
	// path is made only at the first row that differs (10k entries and their garbage less on most starts).
	let byPath: Map<string, ArticleMeta> | undefined;
	const cachedAt = (at: number, where: string): ArticleMeta | undefined => {
		if (byPath === undefined) {
			const same = cached[at];
			if (same?.path === where) {
				return same;
			}

			byPath = new Map(cached.map(meta => [meta.path, meta]));
		}

		return byPath.get(where);
	};

	let changed = known === undefined || cached.length !== files.length || (options.cacheDir !== undefined && libraryCacheChangesBytes(root, options.cacheDir) > 0);
	const metas: ArticleMeta[] = [];
	for (let index = 0; index < files.length; index++) {
		const facts = files[index]!;
		const hit = cachedAt(index, facts.path);
		if (hit && hit.size === facts.size && hit.mtimeMs === facts.mtimeMs) {
			metas.push(hit);
		} else {
			changed = true;
			metas.push(readMetaSync(root, facts));
			// A head read is tens of µs: 64 hold the thread a few ms (the first reading of a small library runs in the
			// reader's thread).
			if (metas.length % 64 === 0) {
				await yieldToEventLoop();
			}
		}
	}

	if (changed && options.cacheDir) {
		writeLibraryCache(root, options.cacheDir, metas);
	}

	return metas;
}
