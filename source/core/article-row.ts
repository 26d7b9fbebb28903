import type {ArticleMeta} from './types.js';

/**
The one JSON shape of an article, shared by `list --json`, `search --json` and `read --json`, so scripts and status
bars can rely on it. Fields are only added, never renamed.
*/
export type ArticleRow = {
	id: string;
	title: string;
	date: string | null;
	source: string;
	author: string | null;
	url: string | null;
	tags: string[];
	feed: string | null;
	path: string;
	read: boolean;
	starred: boolean;
	words: number;
	error: string | null;
};

export function toArticleRow(meta: ArticleMeta, marks: {read: boolean; starred: boolean}): ArticleRow {
	return {
		id: meta.id,
		title: meta.title,
		date: meta.date ?? null,
		source: meta.source,
		author: meta.author ?? null,
		url: meta.url ?? null,
		tags: [...meta.tags],
		feed: meta.feed ?? null,
		path: meta.path,
		read: marks.read,
		starred: marks.starred,
		words: meta.words,
		error: meta.error ?? null,
	};
}
