import type {SafeText} from './text/neutralise.js';

/** Stable identity of an article: front matter `id`, else `url`, else its path relative to the library. */
export type ArticleId = string;

/** Everything the list needs, read from an article's head; never the rendered body. */
/** The one empty tag list rows without tags share (issue 14: one array per row at 100,000 rows is ~3 MB). */
export const noTags: readonly never[] = Object.freeze([]);

export type ArticleMeta = {
	readonly id: ArticleId;
	/** Path relative to the library root, with forward slashes. */
	readonly path: string;
	readonly title: SafeText;
	/** ISO 8601 date, when the article has one that parses. */
	readonly date?: string;
	readonly author?: SafeText;
	readonly source: SafeText;
	readonly url?: SafeText;
	readonly tags: readonly SafeText[];
	readonly summary?: SafeText;
	/** The feed URL when the article was stored from a feed. */
	readonly feed?: SafeText;
	readonly kind: 'md' | 'txt';
	readonly size: number;
	readonly mtimeMs: number;
	/** Word count of the body, for reading time. */
	readonly words: number;
	/** Set when the file could not be read or parsed: the list marks it, opening it explains. */
	readonly error?: SafeText;
};

/** A parsed article: its metadata plus the neutralised Markdown body. */
export type Article = {
	readonly meta: ArticleMeta;
	readonly body: SafeText;
	/** Notes about the file shown above the body (e.g. "front matter ignored: …"). */
	readonly warnings: readonly SafeText[];
};

export type Result<T, E = string> = {readonly ok: true; readonly value: T} | {readonly ok: false; readonly error: E};
export const ok = <T>(value: T): Result<T, never> => ({ok: true, value});
export const err = <E>(error: E): Result<never, E> => ({ok: false, error});
