import fsp from 'node:fs/promises';
import path from 'node:path';
import {extractFullText} from '../core/article/full-text.js';
import {withFullText} from '../core/article/full-text-section.js';
import type {ArticleMeta, Result} from '../core/types.js';
import {err, ok} from '../core/types.js';
import {neutraliseLine, type SafeText} from '../core/text/neutralise.js';
import {writeFileAtomic} from './atomic-file.js';
import {defaultHttpLimits, httpGet, type HttpLimits} from './feeds/http.js';

/**
`F` in the reader and `tidings fetch-full`: fetch an article's page with the feed fetcher's limits (http and https
only, redirects followed by hand, timeouts, a size cap), extract its main text and store it in the article's file
under the summary. The file is written to a temporary name in its own folder and renamed over the old one, so a reader
never sees half a file; it must be a plain file inside the library (not reached through a link), since it is
rewritten. Every expected failure comes back as a message, and the file is then left exactly as it was.
*/

export type FullTextStored = {
	/** Path relative to the library, as in the article's meta. */
	readonly path: string;
	readonly words: number;
	/** Where the text came from, after redirects. */
	readonly finalUrl: string;
	readonly fetchedAt: string;
};

export type FullTextOptions = {
	readonly limits?: Partial<HttpLimits>;
	readonly now?: () => Date;
};

const pageAccept = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.1';

/** The absolute path of an article file that may be rewritten, or why not. */
async function writablePath(libraryDir: string, relative: string): Promise<Result<string, string>> {
	let library: string;
	try {
		library = await fsp.realpath(libraryDir);
	} catch {
		return err('the library folder is not there');
	}

	const absolute = path.resolve(library, relative);
	const inside = path.relative(library, absolute);
	if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) {
		return err('the article is outside the library');
	}

	try {
		const stat = await fsp.lstat(absolute);
		if (!stat.isFile()) {
			return err('the article is not a plain file (a link or a folder); not rewriting it');
		}

		const folder = await fsp.realpath(path.dirname(absolute));
		const folderInside = path.relative(library, folder);
		if (folderInside.startsWith('..') || path.isAbsolute(folderInside)) {
			return err('the article\'s folder leads outside the library');
		}

		return ok(path.join(folder, path.basename(absolute)));
	} catch (error) {
		return err(`cannot use the article file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
	}
}

async function replaceAtomically(file: string, text: string): Promise<void> {
	await writeFileAtomic(file, text, {keepMode: true});
}

/**
Fetches and stores the whole story of one article. The error is neutralised: it can quote a server's status line, a
library's message or a file system error naming a file, and it goes to the status line and to stderr.
*/
export async function fetchFullText(libraryDir: string, meta: Pick<ArticleMeta, 'path' | 'url' | 'kind'>, options: FullTextOptions = {}): Promise<Result<FullTextStored, SafeText>> {
	const result = await fetchFullTextRaw(libraryDir, meta, options);
	return result.ok ? result : err(neutraliseLine(result.error));
}

async function fetchFullTextRaw(libraryDir: string, meta: Pick<ArticleMeta, 'path' | 'url' | 'kind'>, options: FullTextOptions): Promise<Result<FullTextStored, string>> {
	if (meta.url === undefined || meta.url.trim() === '') {
		return err('the article has no url to fetch');
	}

	if (!/^https?:\/\//iu.test(meta.url.trim())) {
		return err('only http and https pages are fetched');
	}

	if (meta.kind !== 'md') {
		return err('only Markdown articles (.md) can store the whole story');
	}

	const target = await writablePath(libraryDir, meta.path);
	if (!target.ok) {
		return target;
	}

	let before: string;
	try {
		before = await fsp.readFile(target.value, 'utf8');
	} catch (error) {
		return err(`cannot read the article file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
	}

	const response = await httpGet({url: meta.url.trim(), accept: pageAccept}, {...defaultHttpLimits, ...options.limits});
	if (!response.ok) {
		return err(response.error.cause);
	}

	const extracted = extractFullText(response.value.body, response.value.contentType, response.value.finalUrl);
	if (!extracted.ok) {
		return extracted;
	}

	const fetchedAt = (options.now?.() ?? new Date()).toISOString();
	const next = withFullText(before, extracted.value.markdown, fetchedAt);
	if (!next.ok) {
		return next;
	}

	try {
		// The file may have been rewritten (a feed fetch) while the page downloaded: then start again from it.
		const current = await fsp.readFile(target.value, 'utf8');
		const text = current === before ? next.value : withFullText(current, extracted.value.markdown, fetchedAt);
		if (typeof text !== 'string' && !text.ok) {
			return text;
		}

		await replaceAtomically(target.value, typeof text === 'string' ? text : text.value);
	} catch (error) {
		return err(`cannot write the article file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
	}

	return ok({path: meta.path, words: extracted.value.words, finalUrl: response.value.finalUrl, fetchedAt});
}
