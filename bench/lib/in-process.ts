/** Shared by the in-process benches (`bench/query-filter.ts`, `bench/tui-filter.ts`, `bench/search-index.ts`). */
import {neutraliseLine} from '../../source/core/text/neutralise.js';
import type {ArticleMeta} from '../../source/core/types.js';
import {articleMeta} from './corpus.js';

/** `--name N` from the command line, else the fallback. */
export const numberArgument = (name: string, fallback: number): number => {
	const at = process.argv.indexOf(`--${name}`);
	return at === -1 ? fallback : Number(process.argv[at + 1]);
};

const tagPool = ['science', 'politics', 'climate', 'transport', 'culture', 'économie', 'health', 'local', 'sport', 'tech'];
const authors = ['Ana Lúcia Souza', 'Björn Øvergård', 'Chidi Okafor', 'Dana Kim', 'Émile Zola', 'Farah Haddad'];

/**
The metadata of the seeded corpus's first `count` articles, without touching the disk. `varied` adds what the query
filter must fold and match: accented titles every 17th article, authors on two thirds, feeds on three quarters.
*/
export function benchMetas(count: number, {varied}: {varied: boolean}): ArticleMeta[] {
	const metas: ArticleMeta[] = [];
	for (let index = 0; index < count; index++) {
		const generated = articleMeta(42, index);
		const tags = [neutraliseLine(tagPool[index % tagPool.length]!), neutraliseLine(tagPool[(index * 7) % tagPool.length]!)];
		const common = {
			id: generated.url,
			path: generated.relPath,
			date: generated.date,
			source: neutraliseLine(generated.source.name),
			tags,
			kind: 'md' as const,
			size: 4000,
			mtimeMs: 0,
			words: generated.wordCount,
		};
		metas.push(varied
			? {
				...common,
				title: neutraliseLine(index % 17 === 0 ? `${generated.title} — café société` : generated.title),
				author: index % 3 === 0 ? undefined : neutraliseLine(authors[index % authors.length]!),
				url: neutraliseLine(generated.url),
				feed: index % 4 === 0 ? undefined : neutraliseLine(`https://${generated.source.slug}.example/feed.xml`),
			}
			: {...common, title: neutraliseLine(generated.title)});
	}

	return metas;
}
