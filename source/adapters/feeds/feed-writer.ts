import fs from 'node:fs/promises';
import path from 'node:path';
import {splitFrontMatter} from '../../core/article/front-matter.js';
import {feedItemId} from '../../core/article/parse-article.js';
import {carryFullText} from '../../core/article/full-text-section.js';
import {feedItemToArticle, type FeedContext} from '../../core/feeds/feed-item-to-article.js';
import {shortHash} from '../../core/feeds/slug.js';
import type {FeedItem} from '../../core/feeds/types.js';
import {neutraliseLine} from '../../core/text/neutralise.js';
import type {Result} from '../../core/types.js';
import {err, ok} from '../../core/types.js';
import {safeSlugPattern} from './subscriptions.js';
import {isConflictCopy} from '../../core/sync/conflict-names.js';
import {writeFileAtomic} from '../atomic-file.js';
import {lockFile, type FileLock} from '../file-lock.js';

/**
Items → files under `<library>/<slug>/`, confined there. The folder name is checked against the safe-slug pattern
(letters, digits, hyphens) and must resolve to a direct child of the library that is a real folder, not a symlink;
file names come from `slugify`, so they are single safe segments. Files are written to a temporary name with `wx`
(never through an existing link) and renamed into place, so a reader never sees half a file.

Which file holds which item is derived by scanning the feed's folder and reading each file's front matter `id`,
rather than kept as an id→file map in the state store: the store is rewritten on every read-mark flush, and a map of
every item ever fetched would make that file grow with the archive. Scanning costs one small read per stored item,
only when a feed actually changed (a 304 writes nothing).
*/

export type WriteSummary = {
	readonly added: number;
	readonly updated: number;
	readonly unchanged: number;
	/** Items skipped because an earlier item in the same feed had the same id. */
	readonly duplicates: number;
	/** Paths written, relative to the library, forward slashes. */
	readonly written: readonly string[];
};

export type StoredItem = {readonly file: string; readonly date?: string; readonly feed?: string};

/** The folder for `slug`, or an error when the slug is unsafe or the folder is not a plain directory in the library. */
export async function feedFolder(libraryDir: string, slug: string): Promise<Result<string, string>> {
	if (!safeSlugPattern.test(slug)) {
		return err(`unsafe folder name ${JSON.stringify(neutraliseLine(slug))}`);
	}

	const library = path.resolve(libraryDir);
	const folder = path.join(library, slug);
	if (path.dirname(folder) !== library) {
		return err('folder outside the library');
	}

	try {
		const stat = await fs.lstat(folder);
		if (!stat.isDirectory()) {
			return err(`${slug} in the library is not a plain folder (a link or a file); not writing into it`);
		}
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
			return err(`cannot use ${slug}: ${(error as Error).message}`);
		}
	}

	return ok(folder);
}

const headLimit = 64 * 1024;

async function readHead(file: string): Promise<string> {
	const handle = await fs.open(file, 'r');
	try {
		const buffer = Buffer.alloc(headLimit);
		const {bytesRead} = await handle.read(buffer, 0, headLimit, 0);
		return buffer.subarray(0, bytesRead).toString('utf8');
	} finally {
		await handle.close();
	}
}

function frontMatterOf(text: string): Record<string, unknown> | undefined {
	const split = splitFrontMatter(text.replaceAll('\r\n', '\n'));
	return split.problem === undefined ? split.data : undefined;
}

/** Front matter `id` → file for every `.md` file in a feed's folder (missing folder: empty). */
export async function scanFeedFolder(folder: string): Promise<Map<string, StoredItem>> {
	return (await scanFeedFolderWithDuplicates(folder)).found;
}

/**
The same, and the files that repeat an id already found (an earlier sort by name wins): left by fetches that ran at
once before the feed folder had a lock, they are removed by the next write.
*/
async function scanFeedFolderWithDuplicates(folder: string): Promise<{found: Map<string, StoredItem>; duplicates: string[]}> {
	const found = new Map<string, StoredItem>();
	const duplicates: string[] = [];
	let names: string[];
	try {
		names = await fs.readdir(folder);
	} catch {
		return {found, duplicates};
	}

	for (const name of names.sort()) {
		// A sync engine's conflict copy is not the item's file (the original is): never taken for it, never removed here.
		if (!name.endsWith('.md') || name.startsWith('.') || isConflictCopy(name)) {
			continue;
		}

		try {
			const data = frontMatterOf(await readHead(path.join(folder, name)));
			const id = data?.['id'];
			if (typeof id !== 'string') {
				continue;
			}

			if (found.has(id)) {
				duplicates.push(name);
				continue;
			}

			found.set(id, {
				file: name,
				date: typeof data?.['date'] === 'string' ? data['date'] : undefined,
				feed: typeof data?.['feed'] === 'string' ? data['feed'] : undefined,
			});
		} catch {}
	}

	return {found, duplicates};
}

/** The article id (as the library and the store know it) of an item stored in the feed folder `slug`. */
export const storedItemId = (slug: string, ownId: string): string => feedItemId(`${slug}/item.md`, ownId);

/** The lock of a feed's folder: a hidden folder inside it, so that the library never lists it. */
const folderLock = (folder: string) => path.join(folder, '.tidings-feed');

async function writeAtomically(folder: string, name: string, text: string): Promise<void> {
	await writeFileAtomic(path.join(folder, name), text, {mode: 0o644});
}

async function readIfExists(file: string): Promise<string | undefined> {
	try {
		return await fs.readFile(file, 'utf8');
	} catch {
		return undefined;
	}
}

/**
Writes `items` for one feed. An item whose id is already stored is rewritten in place (same file, so its read mark,
which follows the id, and its place in the list stay) and only when its text changed. A new item gets
`<date>-<title>.md`, or `<date>-<title>-<hash of id>.md` when another item already has that name.
*/
export async function writeFeedItems(
	libraryDir: string,
	slug: string,
	items: readonly FeedItem[],
	context: FeedContext,
	now: Date = new Date(),
	/** Each item's Markdown body, already made (in the feed parser's worker); made here when absent. */
	bodies?: readonly string[],
): Promise<Result<WriteSummary, string>> {
	const folderResult = await feedFolder(libraryDir, slug);
	if (!folderResult.ok) {
		return folderResult;
	}

	const folder = folderResult.value;
	try {
		await fs.mkdir(folder, {recursive: true});
	} catch (error) {
		return err(`cannot create the folder ${slug}: ${(error as Error).message}`);
	}

	// One writer per feed folder at a time: three fetches at once (cron, and `r` in two readers) each scanned the
	// folder before the others wrote, and stored every item again under a name of its own (issue 15).
	let lock: FileLock;
	try {
		lock = await lockFile(folderLock(folder), {stale: 30_000, wait: 120_000});
	} catch (error) {
		return err(`cannot lock the folder ${slug}: ${(error as Error).message}`);
	}

	try {
		return await writeLocked(folder, slug, items, context, now, lock, bodies);
	} finally {
		lock.release();
	}
}

async function writeLocked(folder: string, slug: string, items: readonly FeedItem[], context: FeedContext, now: Date, lock: FileLock, bodies: readonly string[] | undefined): Promise<Result<WriteSummary, string>> {
	const {found: stored, duplicates: repeated} = await scanFeedFolderWithDuplicates(folder);
	for (const name of repeated) {
		await fs.rm(path.join(folder, name), {force: true});
	}

	const taken = new Set<string>();
	try {
		for (const name of await fs.readdir(folder)) {
			taken.add(name.toLowerCase());
		}
	} catch {}

	const seen = new Set<string>();
	const written: string[] = [];
	let added = 0;
	let updated = 0;
	let unchanged = 0;
	let duplicates = 0;
	// Nothing in a stored item may depend on when or where it was fetched (issue 20): no fetch time as a date.
	void now;
	try {
		for (const [index, item] of items.entries()) {
			const id = neutraliseLine(item.id ?? item.url ?? '');
			if (id === '') {
				continue;
			}

			if (seen.has(id)) {
				duplicates++;
				continue;
			}

			seen.add(id);
			if (seen.size % 100 === 0) {
				lock.touch();
			}

			const previous = stored.get(id);
			const file = feedItemToArticle(item, context, previous?.date ?? '', bodies?.[index]);
			if (previous !== undefined) {
				const current = await readIfExists(path.join(folder, previous.file));
				// The whole story fetched for the item earlier (`F`, `tidings fetch-full`) stays under the new summary.
				const text = carryFullText(current, file.text);
				if (current === text) {
					unchanged++;
					continue;
				}

				await writeAtomically(folder, previous.file, text);
				written.push(`${slug}/${previous.file}`);
				updated++;
				continue;
			}

			let name = file.fileName;
			if (taken.has(name.toLowerCase())) {
				name = `${name.slice(0, -3)}-${shortHash(id)}.md`;
			}

			for (let n = 2; taken.has(name.toLowerCase()); n++) {
				name = `${file.fileName.slice(0, -3)}-${shortHash(id)}-${n}.md`;
			}

			taken.add(name.toLowerCase());
			await writeAtomically(folder, name, file.text);
			written.push(`${slug}/${name}`);
			added++;
		}
	} catch (error) {
		return err(`cannot write into ${slug}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
	}

	return ok({added, updated, unchanged, duplicates, written});
}

/** Deletes the files in a feed's folder that were stored from `feedUrl` (and the folder, when that empties it). */
export async function purgeFeedFolder(libraryDir: string, slug: string, feedUrls: readonly string[]): Promise<Result<number, string>> {
	const folderResult = await feedFolder(libraryDir, slug);
	if (!folderResult.ok) {
		return folderResult;
	}

	const folder = folderResult.value;
	const stored = await scanFeedFolder(folder);
	const owned = new Set<string>(feedUrls.map(url => neutraliseLine(url)));
	let removed = 0;
	for (const item of stored.values()) {
		if (item.feed !== undefined && owned.has(item.feed)) {
			await fs.rm(path.join(folder, item.file), {force: true});
			removed++;
		}
	}

	try {
		await fs.rmdir(folder);
	} catch {}

	return ok(removed);
}
