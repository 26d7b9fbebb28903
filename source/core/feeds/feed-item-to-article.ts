import {stringify} from 'yaml';
import {escapeMarkdown} from '../article/plain-text.js';
import {plainTitle} from '../article/parse-article.js';
import {neutralise, neutraliseLine, type SafeText} from '../text/neutralise.js';
import {htmlToMarkdown} from './html-to-markdown.js';
import {shortHash, slugify} from './slug.js';
import type {FeedEnclosure, FeedItem} from './types.js';
import {formatClock, formatSize} from '../media/episode.js';

/**
FeedItem → the text of an article file. This is the one place feed text is neutralised (design.md): every field
that goes into the front matter and the whole body pass through `neutralise`/`neutraliseLine`, so what
`parseArticle` reads back later is already clean, and a hostile title cannot reach a terminal or a file name.
The front matter is written by `yaml`, which quotes whatever needs quoting (`: `, `#`, leading `-`, `!!js/…`).
*/

export type ArticleFile = {
	/** `<YYYY-MM-DD>-<title-slug>.md`, safe as a single path segment. */
	readonly fileName: string;
	readonly text: string;
	/** The identity written as front matter `id` (neutralised), used to find the file again on the next fetch. */
	readonly id: SafeText;
	readonly date: string;
};

export type FeedContext = {
	/** The feed's title (or the user's name for it), written as `source`. */
	readonly source: string;
	/** The feed URL, written as `feed`. */
	readonly feedUrl: string;
	/** The subscription's category (an OPML folder), added to every item's tags. */
	readonly category?: string;
};

function attachments(enclosures: readonly FeedEnclosure[]): string {
	if (enclosures.length === 0) {
		return '';
	}

	const lines = enclosures.map(enclosure => {
		const name = decodeURIComponentSafe(enclosure.url.slice(enclosure.url.lastIndexOf('/') + 1).split('?')[0] ?? '') || enclosure.url;
		const details = [enclosure.type, formatSize(enclosure.length), enclosure.duration === undefined ? undefined : formatClock(enclosure.duration)].filter(Boolean).join(', ');
		// An image (media:content or an enclosure of type image/*) is a Markdown image: the reader draws it where it can.
		const image = /^image\//iu.test(enclosure.type ?? '') ? '!' : '';
		return `- ${image}[${escapeMarkdown(name)}](<${enclosure.url.replaceAll('>', '%3E')}>)${details === '' ? '' : ` (${escapeMarkdown(details)})`}`;
	});
	return `\n\n## Attachments\n\n${lines.join('\n')}`;
}

function decodeURIComponentSafe(value: string): string {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}

/** The Markdown body of an item (not yet neutralised). */
export function itemBody(item: FeedItem): string {
	let body = '';
	if (item.html !== undefined) {
		body = htmlToMarkdown(item.html, item.base ?? item.url);
	} else if (item.text !== undefined) {
		body = item.text.split(/\n{2,}/u).map(paragraph => paragraph.split('\n').map(line => escapeMarkdown(line.trim())).join('  \n')).join('\n\n');
	}

	if (body.trim() === '') {
		body = item.url === undefined ? '_This item has no content._' : `_This item has no content in the feed:_ <${item.url}>`;
	}

	return body + attachments(item.enclosures);
}

/** An untitled item is named by the start of its text (up to 60 characters, cut between words), as feed readers do. */
export function excerptTitle(markdown: string): string | undefined {
	for (const paragraph of markdown.split(/\n{2,}/u)) {
		if (/^\s*(?:```|~~~|\||#{1,6}\s*$)/u.test(paragraph) || /^_This item has no content/u.test(paragraph)) {
			continue;
		}

		const text = plainTitle(paragraph.slice(0, 2000).replaceAll(/^\s*(?:[-*+>]|\d+[.)]|#{1,6})\s+/gmu, ''), false);
		if (text !== '') {
			if (text.length <= 60) {
				return text;
			}

			const cut = text.slice(0, 60);
			const space = cut.lastIndexOf(' ');
			return `${(space > 30 ? cut.slice(0, space) : cut).replace(/[\s,.;:]+$/u, '')}…`;
		}
	}

	return undefined;
}

/**
Builds the file for one item. `fallbackDate` (ISO) is used when the item has none: the date an earlier fetch stored
it with, so that the date, and with it the file name, stays put on later fetches. '' for an item stored for the first
time without a date: it is stored without one (named `<title>.md`), because the time of the fetch would differ from
machine to machine, and two machines syncing one library must write the same name with the same bytes (issue 20). `body`: `itemBody(item)`, when it was already
made elsewhere (the fetch makes it in the feed parser's worker, where slow HTML cannot freeze the reader).
*/
export function feedItemToArticle(item: FeedItem, feed: FeedContext, fallbackDate: string, body: string = itemBody(item)): ArticleFile {
	const id = neutraliseLine(item.id ?? item.url ?? '');
	const markdown = body;
	const given = neutraliseLine(item.title ?? '');
	const title = given === '' ? neutraliseLine(excerptTitle(markdown) ?? '') : given;
	const date = item.date ?? fallbackDate;
	const header: Record<string, string | string[]> = {};
	header['title'] = title === '' ? 'Untitled' : title;
	if (date !== '') {
		header['date'] = date;
	}

	if (item.author !== undefined && neutraliseLine(item.author) !== '') {
		header['author'] = neutraliseLine(item.author);
	}

	if (item.url !== undefined) {
		header['url'] = neutraliseLine(item.url);
	}

	// Categories become tags (`T`, `tag:`), neutralised one by one.
	const tags = [...new Set([...(item.tags ?? []), ...(feed.category === undefined ? [] : [feed.category])].map(tag => neutraliseLine(tag.replaceAll(/\s+/gu, ' ').trim()) as string).filter(tag => tag !== ''))].slice(0, 32);
	if (tags.length > 0) {
		header['tags'] = tags;
	}

	header['id'] = id;
	header['source'] = neutraliseLine(feed.source);
	header['feed'] = neutraliseLine(feed.feedUrl);
	const yaml = stringify(header, {lineWidth: 0, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN'});
	const safeBody = neutralise(markdown);
	const titleSlug = slugify(title, `item-${shortHash(id)}`);
	return {
		fileName: date === '' ? `${titleSlug}.md` : `${date.slice(0, 10)}-${titleSlug}.md`,
		text: `---\n${yaml}---\n\n${safeBody}\n`,
		id,
		date,
	};
}
