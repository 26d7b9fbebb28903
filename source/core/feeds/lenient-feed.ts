import {resolveUrl} from './url.js';
import {decodeEntities} from '../text/neutralise.js';
import {DOMParser} from 'linkedom';
import {parseFeedDate} from './dates.js';
import type {FeedEnclosure, FeedFormat, FeedItem} from './types.js';
import {parseClock, withItemDuration} from '../media/episode.js';

/**
The last resort for a feed feedsmith refuses (it wants the elements each format calls required) and whose items the
salvage in parse-feed.ts cannot parse one by one either: a forgiving DOM (linkedom, the HTML parser's rules applied to
XML) read by element names, as feedparser and newsboat do. It finds items wherever the format puts them (`item`,
`entry`) and their content in every legal place (`content:encoded`, `content`, `xhtml:body`, `body`, `description`,
`summary`, `media:description`), resolves relative links with `xml:base` at every level, and never throws.
The input has been through xml-guard.ts (size, entities) already.
*/

type Element = {
	readonly localName: string;
	readonly textContent: string | null;
	readonly innerHTML: string;
	readonly children: ArrayLike<Element>;
	readonly parentElement: Element | null;
	getAttribute(name: string): string | null;
};

export type LenientFeed = {
	readonly format: Exclude<FeedFormat, 'json-feed'>;
	readonly title?: string;
	readonly author?: string;
	readonly siteUrl?: string;
	readonly items: ReadonlyArray<FeedItem & {readonly tags: readonly string[]}>;
};

/** The name without its namespace prefix, lower case: `content:encoded` → `encoded`, `dc:creator` → `creator`. */
const nameOf = (element: Element): string => element.localName.toLowerCase();
const prefixOf = (element: Element): string => (element.localName.includes(':') ? element.localName.slice(0, element.localName.indexOf(':')).toLowerCase() : '');
const childrenOf = (element: Element): Element[] => Array.from(element.children);
const named = (element: Element, ...names: string[]): Element[] => childrenOf(element).filter(child => names.includes(nameOf(child).replace(/^.*:/u, '')));
const first = (element: Element, ...names: string[]): Element | undefined => {
	for (const name of names) {
		const found = childrenOf(element).find(child => nameOf(child) === name || nameOf(child).replace(/^.*:/u, '') === name);
		if (found) {
			return found;
		}
	}

	return undefined;
};

const clean = (value: string | null | undefined): string | undefined => {
	const trimmed = value?.trim();
	return trimmed === undefined || trimmed === '' ? undefined : trimmed;
};

/**
Text that still holds markup (the DOM keeps some elements' content, a title's above all, as raw text): scripts and
styles go with their content, other tags leave their text, entities are decoded, white space collapses.
*/
export function plainText(value: string | undefined): string | undefined {
	if (value === undefined || !/<[a-z!/]/iu.test(value)) {
		return value;
	}

	// Bounded: titles, names and tags need no more, and a script opened 100,000 times costs that many scans of the rest.
	return clean(decodeEntities(value.slice(0, 4000).replaceAll(/<(script|style)\b[\s\S]*?<\/\1\s*>/giu, '').replaceAll(/<!\[CDATA\[|\]\]>/gu, '').replaceAll(/<[^>]*>/gu, '')).replaceAll(/\s+/gu, ' '));
}

const resolve = resolveUrl;

/** The base URL in force at an element: its own `xml:base` resolved against its parents', down from the document's. */
function baseOf(element: Element | null, documentBase: string | undefined): string | undefined {
	if (element === null) {
		return documentBase;
	}

	const parent = baseOf(element.parentElement, documentBase);
	const own = clean(element.getAttribute('xml:base'));
	return own === undefined ? parent : (resolve(own, parent) ?? parent);
}

const escapeHtml = (value: string): string => value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** An element's content as HTML: XHTML children as they are, escaped HTML as its text, plain text escaped. */
function htmlOf(element: Element): string | undefined {
	const type = (element.getAttribute('type') ?? '').toLowerCase();
	const mode = (element.getAttribute('mode') ?? '').toLowerCase();
	const hasElements = element.children.length > 0;
	if (type === 'xhtml' || type === 'application/xhtml+xml' || mode === 'xml' || nameOf(element).endsWith('body') || (hasElements && mode !== 'escaped')) {
		return clean(element.innerHTML);
	}

	if (mode === 'base64') {
		return undefined;
	}

	const text = clean(element.textContent);
	if (text === undefined) {
		return undefined;
	}

	return type === 'text' || type === 'text/plain' ? escapeHtml(text).replaceAll('\n', '<br>') : text;
}

/** A title as text: a `type="html"` (or escaped) title has its tags removed; the XML entities are already decoded. */
function titleOf(element: Element | undefined): string | undefined {
	if (element === undefined) {
		return undefined;
	}

	const type = (element.getAttribute('type') ?? '').toLowerCase();
	const text = clean(element.textContent);
	if (text === undefined) {
		return undefined;
	}

	return type === 'html' || type === 'text/html' || (element.getAttribute('mode') ?? '') === 'escaped' ? plainText(text.replaceAll(/<[^>]*>/gu, '')) : plainText(text);
}

function personOf(element: Element | undefined): string | undefined {
	if (element === undefined) {
		return undefined;
	}

	const name = first(element, 'name');
	return plainText(clean(name?.textContent) ?? clean(first(element, 'email')?.textContent) ?? (element.children.length === 0 ? clean(element.textContent) : undefined));
}

function linkOf(element: Element, base: string | undefined): string | undefined {
	for (const link of named(element, 'link')) {
		const href = clean(link.getAttribute('href'));
		const rel = clean(link.getAttribute('rel'));
		if (href !== undefined && (rel === undefined || rel === 'alternate')) {
			return resolve(href, baseOf(link, base));
		}

		if (href === undefined && prefixOf(link) === '' && clean(link.textContent) !== undefined) {
			return resolve(clean(link.textContent), baseOf(link, base));
		}
	}

	const guid = first(element, 'guid');
	return guid !== undefined && guid.getAttribute('isPermaLink') !== 'false' ? resolve(clean(guid.textContent), undefined) : undefined;
}

function tagsOf(element: Element): string[] {
	const tags: string[] = [];
	for (const category of named(element, 'category', 'subject', 'keywords')) {
		// A category's own text, before any element nested in it.
		const value = clean(category.getAttribute('label')) ?? clean(category.getAttribute('term')) ?? clean(category.getAttribute('text')) ?? plainText(clean(category.textContent?.split('<')[0]));
		for (const tag of nameOf(category).endsWith('keywords') ? (value ?? '').split(',') : [value ?? '']) {
			const trimmed = tag.trim();
			if (trimmed !== '' && !tags.includes(trimmed)) {
				tags.push(trimmed);
			}
		}
	}

	return tags;
}

function enclosuresOf(element: Element, base: string | undefined): FeedEnclosure[] {
	const found: FeedEnclosure[] = [];
	for (const candidate of [...named(element, 'enclosure', 'content'), ...named(element, 'link').filter(link => link.getAttribute('rel') === 'enclosure')]) {
		const url = resolve(clean(candidate.getAttribute('url') ?? candidate.getAttribute('href')), baseOf(candidate, base));
		if (url !== undefined && !found.some(existing => existing.url === url)) {
			const length = Number(candidate.getAttribute('length') ?? candidate.getAttribute('fileSize'));
			const duration = parseClock(candidate.getAttribute('duration') ?? undefined);
			found.push({url, type: clean(candidate.getAttribute('type')), length: Number.isFinite(length) && length > 0 ? length : undefined, ...(duration === undefined ? {} : {duration})});
		}
	}

	return withItemDuration(found, clean(first(element, 'duration')?.textContent));
}

/** Every item or entry, not counting ones nested in another (an Atom `source`, say), in document order. */
function itemsOf(root: Element): Element[] {
	const found: Element[] = [];
	const visit = (element: Element, depth: number) => {
		for (const child of childrenOf(element)) {
			const name = nameOf(child).replace(/^.*:/u, '');
			if (name === 'item' || name === 'entry') {
				found.push(child);
			} else if (depth < 4) {
				visit(child, depth + 1);
			}
		}
	};

	visit(root, 0);
	return found;
}

/** Feeds nest a few levels deep; a document nested deeper than this is hostile, and a DOM of it would be slow to build. */
export const maxLenientNesting = 256;

/** Whether elements nest deeper than `limit` anywhere in `xml` (a linear scan of its tags, comments and CDATA skipped). */
export function nestsDeeperThan(xml: string, limit: number): boolean {
	let depth = 0;
	for (const match of xml.matchAll(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<(\/?)[A-Za-z][^>]*?(\/?)>/gu)) {
		if (match[0].startsWith('<!')) {
			continue;
		}

		if (match[1] === '/') {
			depth = Math.max(0, depth - 1);
		} else if (match[2] !== '/') {
			depth++;
			if (depth > limit) {
				return true;
			}
		}
	}

	return false;
}

export function parseLenientFeed(xml: string, feedUrl: string): LenientFeed | undefined {
	// Bounded: a document nested deeper than any feed is left to the strict parser's verdict.
	if (nestsDeeperThan(xml, maxLenientNesting)) {
		return undefined;
	}

	let root: Element | null;
	try {
		const document = new DOMParser().parseFromString(xml, 'text/xml') as unknown as {documentElement: Element | null};
		root = document.documentElement;
	} catch {
		return undefined;
	}

	if (root === null) {
		return undefined;
	}

	const rootName = nameOf(root).replace(/^.*:/u, '');
	const format = rootName === 'feed' ? 'atom' : (rootName === 'rdf' ? 'rdf' : (rootName === 'rss' || rootName === 'channel' ? 'rss' : undefined));
	if (format === undefined) {
		return undefined;
	}

	const documentBase = resolve(feedUrl, undefined);
	const channel = first(root, 'channel') ?? root;
	const feedAuthor = personOf(first(channel, 'author', 'creator', 'managingeditor'));
	const items = itemsOf(root).map(item => {
		const base = baseOf(item, documentBase);
		const url = linkOf(item, documentBase);
		// Content in the first of its legal places that holds text (a `media:content` with a `url` is an enclosure).
		const bodyElement = ['encoded', 'content', 'body', 'fullitem', 'description', 'summary', 'abstract']
			.flatMap(name => [...named(item, name), ...named(first(item, 'group') ?? item, name)])
			.find(element => element.getAttribute('url') === null && htmlOf(element) !== undefined);
		const guid = clean(first(item, 'guid', 'id')?.textContent) ?? clean(item.getAttribute('rdf:about'));
		return {
			id: guid ?? url,
			title: titleOf(first(item, 'title')),
			url,
			author: personOf(first(item, 'author', 'creator', 'contributor')) ?? feedAuthor,
			date: parseFeedDate(clean(first(item, 'pubdate', 'published', 'issued', 'date', 'updated', 'modified', 'created')?.textContent)),
			html: bodyElement === undefined ? undefined : htmlOf(bodyElement),
			enclosures: enclosuresOf(item, documentBase),
			base: bodyElement === undefined ? (url ?? base) : (baseOf(bodyElement, documentBase) ?? url),
			tags: tagsOf(item),
		};
	});
	return {
		format,
		title: titleOf(first(channel, 'title')),
		author: feedAuthor,
		siteUrl: linkOf(channel, documentBase),
		items,
	};
}
