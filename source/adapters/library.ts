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
const headBytes = 16 * 1024;
const cacheVersion = 2;

const articleFile = /\.(md|markdown|txt)$/iu;

export function cacheDirectory(environment: NodeJS.ProcessEnv = process.env): string {
	return environment['TIDINGS_CACHE_DIR'] ?? envPaths('tidings', {suffix: ''}).cache;
}

const toPosix = (relative: string) => relative.split(path.sep).join('/');

async function mapLimit<T, R>(items: readonly T[], limit: number, map: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = Array.from({length: items.length});
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const index = next++;
			results[index] = await map(items[index]!);
		}
	};

	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
	return results;
}

/**
Lists the article files under `root` (subfolders are sources). Hidden entries are skipped; symbolic links to folders
are followed once each (a loop is noticed by real path); anything unreadable is left out, never fatal.
*/
export async function scanLibrary(root: string): Promise<FileFacts[]> {
	const files: Array<{path: string; absolute: string}> = [];
	const seen = new Set<string>();
	const walk = async (directory: string, depth: number): Promise<void> => {
		if (depth > 32) {
			return;
		}

		let real: string;
		try {
			real = await fsp.realpath(directory);
		} catch {
			return;
		}

		if (seen.has(real)) {
			return;
		}

		seen.add(real);
		let entries: fs.Dirent[];
		try {
			entries = await fsp.readdir(directory, {withFileTypes: true});
		} catch {
			return;
		}

		const folders: string[] = [];
		for (const entry of entries) {
			if (entry.name.startsWith('.')) {
				continue;
			}

			const absolute = path.join(directory, entry.name);
			if (entry.isDirectory()) {
				folders.push(absolute);
			} else if (entry.isSymbolicLink()) {
				try {
					const stat = await fsp.stat(absolute);
					if (stat.isDirectory()) {
						folders.push(absolute);
					} else if (stat.isFile() && articleFile.test(entry.name)) {
						files.push({path: toPosix(path.relative(root, absolute)), absolute});
					}
				} catch {}
			} else if (entry.isFile() && articleFile.test(entry.name)) {
				files.push({path: toPosix(path.relative(root, absolute)), absolute});
			}
		}

		await Promise.all(folders.map(async folder => walk(folder, depth + 1)));
	};

	await walk(root, 0);
	const facts = await mapLimit(files, 64, async file => {
		try {
			const stat = await fsp.stat(file.absolute);
			return {path: file.path, size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs)};
		} catch {
			return undefined;
		}
	});
	return facts.filter(fact => fact !== undefined);
}

async function readBytes(absolute: string, limit: number): Promise<{bytes: Uint8Array; partial: boolean}> {
	const handle = await fsp.open(absolute, 'r');
	try {
		const buffer = Buffer.alloc(limit);
		let filled = 0;
		while (filled < limit) {
			const {bytesRead} = await handle.read(buffer, filled, limit - filled, filled);
			if (bytesRead === 0) {
				break;
			}

			filled += bytesRead;
		}

		const {size} = await handle.stat();
		return {bytes: buffer.subarray(0, filled), partial: size > filled};
	} finally {
		await handle.close();
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

/** The metadata of one file, from its head. */
export async function readMeta(root: string, facts: FileFacts): Promise<ArticleMeta> {
	try {
		const {bytes, partial} = await readBytes(path.join(root, facts.path), headBytes);
		let meta = parseArticle(facts, bytes, {partial}).meta;
		if (partial && bytes.subarray(0, 3).toString() === '---' && meta.title === baseTitle(facts.path)) {
			// A front matter header longer than the head: read more of it (bounded), once.
			const more = await readBytes(path.join(root, facts.path), 256 * 1024);
			meta = parseArticle(facts, more.bytes, {partial: more.partial}).meta;
		}

		return meta;
	} catch (error) {
		return brokenArticle(facts, describeFsError(error)).meta;
	}
}

const baseTitle = (relative: string) => relative.slice(relative.lastIndexOf('/') + 1).replace(/\.(md|markdown|txt)$/iu, '');

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
	const metas = await mapLimit(files, 32, async facts => {
		const hit = byPath.get(facts.path);
		if (hit && hit.size === facts.size && hit.mtimeMs === facts.mtimeMs) {
			return hit;
		}

		changed = true;
		return readMeta(root, facts);
	});
	if (changed && options.cacheDir) {
		writeLibraryCache(root, options.cacheDir, metas);
	}

	return metas;
}
