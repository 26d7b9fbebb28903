import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import envPaths from 'env-paths';
import {brokenArticle, parseArticle, type FileFacts} from '../core/article/parse-article.js';
import type {Article, ArticleMeta} from '../core/types.js';

/** Files larger than this open as a broken article with a clear reason instead of filling memory. */
export const maxArticleBytes = 16 * 1024 * 1024;
/** Bytes read from each file for the list: enough for front matter and a first heading. */
const headBytes = 4 * 1024;
const cacheVersion = 2;

const articleFile = /\.(md|markdown|txt)$/iu;

export function cacheDirectory(environment: NodeJS.ProcessEnv = process.env): string {
	return environment['TIDINGS_CACHE_DIR'] ?? envPaths('tidings', {suffix: ''}).cache;
}


const yieldToEventLoop = async () => new Promise<void>(resolve => {
	setImmediate(resolve);
});

/** Files handled between two yields to the event loop: keys stay answered while a big library is read. */
const batchSize = 1000;

/**
Lists the article files under `root` (subfolders are sources). Hidden entries are skipped; symbolic links to folders
are followed once each (a loop is noticed by real path); anything unreadable is left out, never fatal.

Synchronous calls in batches, with a yield between batches: at 100,000 files the promise and thread-pool overhead of
one async `stat` per file cost several times the system calls themselves.
*/
export async function scanLibrary(root: string): Promise<FileFacts[]> {
	const found: Array<{path: string; absolute: string}> = [];
	const seen = new Set<string>();
	const folders: Array<{absolute: string; relative: string; depth: number}> = [{absolute: root, relative: '', depth: 0}];
	while (folders.length > 0) {
		const folder = folders.pop()!;
		if (folder.depth > 32) {
			continue;
		}

		let entries: fs.Dirent[];
		try {
			const real = fs.realpathSync(folder.absolute);
			if (seen.has(real)) {
				continue;
			}

			seen.add(real);
			entries = fs.readdirSync(folder.absolute, {withFileTypes: true});
		} catch {
			continue;
		}

		for (const entry of entries) {
			const {name} = entry;
			if (name.startsWith('.')) {
				continue;
			}

			const absolute = folder.absolute + path.sep + name;
			const relative = folder.relative === '' ? name : `${folder.relative}/${name}`;
			let isDirectory = entry.isDirectory();
			let isFile = entry.isFile();
			if (entry.isSymbolicLink()) {
				try {
					const stat = fs.statSync(absolute);
					isDirectory = stat.isDirectory();
					isFile = stat.isFile();
				} catch {
					continue;
				}
			}

			if (isDirectory) {
				folders.push({absolute, relative, depth: folder.depth + 1});
			} else if (isFile && articleFile.test(name)) {
				found.push({path: relative, absolute});
			}
		}
	}

	const facts: FileFacts[] = [];
	for (let index = 0; index < found.length; index++) {
		const file = found[index]!;
		const stat = fs.statSync(file.absolute, {throwIfNoEntry: false});
		if (stat) {
			facts.push({path: file.path, size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs)});
		}

		if (index % (batchSize * 4) === batchSize * 4 - 1) {
			await yieldToEventLoop();
		}
	}

	return facts;
}

// One buffer for every head read: reading 100,000 heads must not allocate 100,000 buffers.
let headBuffer = Buffer.allocUnsafe(headBytes);

function readHeadSync(absolute: string, limit: number): {bytes: Uint8Array; partial: boolean} {
	if (headBuffer.length < limit) {
		headBuffer = Buffer.allocUnsafe(limit);
	}

	const descriptor = fs.openSync(absolute, 'r');
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

/** The same, for callers that prefer a promise. */
export async function readMeta(root: string, facts: FileFacts): Promise<ArticleMeta> {
	return readMetaSync(root, facts);
}

/** Reads and parses a whole article for the reader. Never throws: a file that went wrong becomes a broken article. */
export async function loadArticle(root: string, facts: FileFacts): Promise<Article> {
	try {
		const absolute = path.join(root, facts.path);
		const stat = await fsp.stat(absolute);
		if (stat.isDirectory()) {
			return brokenArticle(facts, 'a folder, not a file');
		}

		if (stat.size > maxArticleBytes) {
			return brokenArticle(facts, `too large to open (${Math.round(stat.size / 1024 / 1024)} MB; the limit is ${maxArticleBytes / 1024 / 1024} MB)`);
		}

		const bytes = await fsp.readFile(absolute);
		return parseArticle({...facts, size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs)}, bytes);
	} catch (error) {
		return brokenArticle(facts, describeFsError(error));
	}
}

type CacheFile = {version: number; root: string; entries: ArticleMeta[]};

const cachePath = (root: string, cacheDir: string) =>
	path.join(cacheDir, `library-${crypto.createHash('sha256').update(path.resolve(root)).digest('hex').slice(0, 16)}.json`);

/** The metadata index from the last run, for painting titles before the scan finishes; undefined when absent or stale. */
export function readLibraryCache(root: string, cacheDir: string): ArticleMeta[] | undefined {
	try {
		const data = JSON.parse(fs.readFileSync(cachePath(root, cacheDir), 'utf8')) as CacheFile;
		if (data.version !== cacheVersion || data.root !== path.resolve(root) || !Array.isArray(data.entries)) {
			return undefined;
		}

		return data.entries;
	} catch {
		return undefined;
	}
}

function writeLibraryCache(root: string, cacheDir: string, entries: readonly ArticleMeta[]) {
	try {
		fs.mkdirSync(cacheDir, {recursive: true, mode: 0o700});
		const target = cachePath(root, cacheDir);
		const temporary = `${target}.${process.pid}.tmp`;
		fs.writeFileSync(temporary, JSON.stringify({version: cacheVersion, root: path.resolve(root), entries}), {mode: 0o600});
		fs.renameSync(temporary, target);
	} catch {
		// A cache that cannot be written costs speed next time, nothing else.
	}
}

/**
Loads the metadata of every article: files whose (path, size, mtime) match the cached index reuse its entry, the rest
have their heads read. The refreshed index is written back.
*/
export async function loadLibrary(root: string, options: {cacheDir?: string; cached?: readonly ArticleMeta[]} = {}): Promise<ArticleMeta[]> {
	const files = await scanLibrary(root);
	const cached = options.cached ?? (options.cacheDir ? readLibraryCache(root, options.cacheDir) : undefined);
	const byPath = new Map<string, ArticleMeta>();
	for (const meta of cached ?? []) {
		byPath.set(meta.path, meta);
	}

	let changed = cached === undefined || cached.length !== files.length;
	const metas: ArticleMeta[] = [];
	for (let index = 0; index < files.length; index++) {
		const facts = files[index]!;
		const hit = byPath.get(facts.path);
		if (hit && hit.size === facts.size && hit.mtimeMs === facts.mtimeMs) {
			metas.push(hit);
		} else {
			changed = true;
			metas.push(readMetaSync(root, facts));
			if (metas.length % batchSize === 0) {
				await yieldToEventLoop();
			}
		}
	}

	if (changed && options.cacheDir) {
		writeLibraryCache(root, options.cacheDir, metas);
	}

	return metas;
}
