import {createHash} from 'node:crypto';
import {decodeEntities} from '../text/neutralise.js';
import {parseAtomFeed, parseJsonFeed, parseRdfFeed, parseRssFeed} from 'feedsmith';
import type {Result} from '../types.js';
import {err, ok} from '../types.js';
import {parseFeedDate} from './dates.js';
import {detectFormat} from './detect-format.js';
import type {FeedEnclosure, FeedFormat, FeedItem, ParsedFeed} from './types.js';
import {guardXml} from './xml-guard.js';
import {parseLenientFeed, plainText} from './lenient-feed.js';
import {resolveUrl} from './url.js';
import {parseClock, withItemDuration} from '../media/episode.js';

export {resolveUrl} from './url.js';

/**
Parsed feed (feedsmith) → `ParsedFeed`. feedsmith does the format work (RSS 0.9x/2.0, RDF, Atom, JSON Feed and the
namespaces real feeds use); this module picks fields, resolves relative links and, when the XML is broken, recovers
the items that are intact instead of giving up the feed.

feedsmith's output is read through the small accessors below rather than its generic types: a feed is hostile data
and any field may be missing or of the wrong shape, so every read is checked.
*/

/** A feed with more items than this is cut; the size cap bounds memory, this bounds the files written. */
export const maxItemsPerFeed = 2000;
/** Recovering from broken XML reparses the head once per item: bound that work too. */
const maxSalvagedItems = 1000;

type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const node = (value: unknown): Node => (isNode(value) ? value : {});
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : (value === undefined ? [] : [value]));
const text = (value: unknown): string | undefined => {
	if (typeof value === 'string') {
		const trimmed = value.trim();
		return trimmed === '' ? undefined : trimmed;
	}

	if (typeof value === 'number') {
		return String(value);
	}

	if (isNode(value)) {
		return text(value['value']);
	}

	return undefined;
};

const firstText = (...values: unknown[]): string | undefined => {
	for (const value of values) {
		const found = text(value);
		if (found !== undefined) {
			return found;
		}
	}

	return undefined;
};

const escapeHtml = (value: string): string => value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
/**
Removes tags (`<…>`) from a text. Linear: `/<[^>]*>/g` rescans to the end from every `<` that has no `>` after it,
which is quadratic on a title of many `<`. A `<` with no `>` after it is kept, as that pattern kept it.
*/
export function stripTags(value: string): string {
	let out = '';
	let last = 0;
	let open = value.indexOf('<');
	while (open !== -1) {
		const close = value.indexOf('>', open + 1);
		if (close === -1) {
			break;
		}

		out += value.slice(last, open);
		last = close + 1;
		open = value.indexOf('<', last);
	}

	return last === 0 ? value : out + value.slice(last);
}

function personName(value: unknown): string | undefined {
	if (typeof value === 'string') {
		return text(value);
	}

	const person = node(value);
	return firstText(person['name'], person['email']);
}

function enclosuresOf(item: Node, base: string | undefined): FeedEnclosure[] {
	const found: FeedEnclosure[] = [];
	const seen = new Set<string>();
	const add = (href: unknown, type: unknown, length: unknown, duration?: unknown) => {
		const url = resolveUrl(text(href), base);
		if (url !== undefined && !seen.has(url)) {
			seen.add(url);
			const seconds = typeof duration === 'number' ? parseClock(String(duration)) : parseClock(text(duration));
			found.push({url, type: text(type), length: typeof length === 'number' && Number.isFinite(length) ? length : undefined, ...(seconds === undefined ? {} : {duration: seconds})});
		}
	};

	for (const enclosure of list(item['enclosures'])) {
		const entry = node(enclosure);
		add(entry['url'], entry['type'], entry['length']);
	}

	const media = node(item['media']);
	for (const content of list(media['contents'])) {
		const entry = node(content);
		add(entry['url'], entry['type'], entry['filesize'] ?? entry['fileSize'], entry['duration']);
	}

	for (const group of list(media['groups'])) {
		for (const content of list(node(group)['contents'])) {
			const entry = node(content);
			add(entry['url'], entry['type'], entry['filesize'] ?? entry['fileSize'], entry['duration']);
		}
	}

	for (const attachment of list(item['attachments'])) {
		const entry = node(attachment);
		add(entry['url'], entry['mime_type'], entry['size_in_bytes'], entry['duration_in_seconds']);
	}

	return withItemDuration(found, node(item['itunes'])['duration']);
}


function xmlBase(value: Node, parentBase: string | undefined): string | undefined {
	const base = text(node(value['xml'])['base']);
	return base === undefined ? parentBase : (resolveUrl(base, parentBase) ?? parentBase);
}

function rssItem(item: Node, feedBase: string | undefined, feedHasBase = false): FeedItem {
	const base = xmlBase(item, feedBase);
	const dc = node(item['dc']);
	const guid = node(item['guid']);
	const guidValue = text(guid['value']);
	const atomLinks = list(node(item['atom'])['links']).map(link => node(link));
	const alternate = atomLinks.find(link => text(link['rel']) === undefined || text(link['rel']) === 'alternate');
	let link = resolveUrl(firstText(item['link'], alternate?.['href']), base);
	// A guid is a permalink unless it says otherwise (RSS 2.0); use it as the link only when it is a URL.
	if (link === undefined && guidValue !== undefined && guid['isPermaLink'] !== false) {
		link = resolveUrl(guidValue, undefined);
	}

	const rdfAbout = text(node(item['rdf'])['about']);
	const media = node(item['media']);
	// A video or podcast item may carry its only text in media:description, inside a media:group or not.
	const description = firstText(item['description'], media['description'], node(list(media['groups'])[0])['description'], node(item['itunes'])['summary']);
	return {
		id: guidValue ?? rdfAbout ?? link,
		title: rssTitle(firstText(item['title'], list(dc['titles'])[0], dc['title'], media['title'])),
		url: link,
		author: firstText(list(dc['creators'])[0], dc['creator'], personName(list(item['authors'])[0]), node(item['itunes'])['author']),
		date: parseFeedDate(firstText(item['pubDate'], list(dc['dates'])[0], dc['date'], node(item['dcterms'])['modified'], node(item['atom'])['updated'])),
		html: firstText(node(item['content'])['encoded'], description),
		enclosures: enclosuresOf(item, base),
		// RSS has no xml:base in practice; relative links in a body mean the item's own page.
		base: hasOwnBase(item) || feedHasBase ? base : (link ?? base),
		tags: tagList(list(item['categories']), list(dc['subjects']), dc['subject'] === undefined ? [] : [dc['subject']], list(node(item['itunes'])['categories'])),
	};
}

/** An Atom entry's media:description (a video's only text), as HTML. */
const mediaHtml = (media: Node): string | undefined => {
	const value = firstText(media['description'], node(list(media['groups'])[0])['description']);
	return value === undefined ? undefined : escapeHtml(value).replaceAll('\n', '<br>');
};

const hasOwnBase = (value: Node): boolean => text(node(value['xml'])['base']) !== undefined;

function atomText(value: unknown): string | undefined {
	const entry = node(value);
	const body = text(value);
	if (body === undefined) {
		return undefined;
	}

	const type = text(entry['type'])?.toLowerCase();
	const mode = text(entry['mode'])?.toLowerCase();
	// `type="html"`: the text is HTML, so `Escaped &lt;html&gt; in a title` reads "Escaped <html> in a title"; a script
	// in an XHTML title goes with its content.
	if (type === 'html' || type === 'text/html' || mode === 'escaped') {
		return text(decodeEntities(stripTags(body.slice(0, 4000).replaceAll(/<(script|style)\b[\s\S]*?<\/\1\s*>/giu, ''))));
	}

	return type === 'xhtml' || type === 'application/xhtml+xml' || mode === 'xml' ? plainText(body) : body;
}

/**
An RSS title as text. RSS says titles are plain text, but feeds put HTML in them, escaped once (`&lt;b&gt;`, or in
CDATA) or twice (`&amp;lt;b&amp;gt;`, `&amp;amp;`): tags are removed and a second layer of escaping is decoded.
*/
function rssTitle(value: string | undefined): string | undefined {
	if (value === undefined) {
		return undefined;
	}

	let title = value;
	if (/&(?:#\d+|#x[\da-f]+|[a-z]+\d*);/iu.test(title) && /&(?:amp|lt|gt|quot|#38|#60);/iu.test(title)) {
		title = decodeEntities(title);
	}

	if (/<\/?[a-z][^>]*>/iu.test(title)) {
		title = plainText(title) ?? '';
	}

	return text(title);
}

const tagList = (...groups: unknown[][]): string[] => {
	const tags: string[] = [];
	for (const value of groups.flat()) {
		const entry = node(value);
		// A category's own text, before any markup nested in it.
		const tag = plainText(text((typeof value === 'string' ? value : firstText(entry['label'], entry['term'], entry['name'], entry['text']))?.split('<')[0]));
		if (tag !== undefined && !tags.includes(tag)) {
			tags.push(tag);
		}
	}

	return tags;
};

function atomItem(entry: Node, feedBase: string | undefined, feedAuthor: string | undefined, feedHasBase = false): FeedItem {
	const base = xmlBase(entry, feedBase);
	const links = list(entry['links']).map(link => node(link));
	const alternate = links.find(link => text(link['rel']) === undefined || text(link['rel']) === 'alternate') ?? links[0];
	const url = resolveUrl(text(alternate?.['href']), base);
	const content = node(entry['content']);
	const summary = node(entry['summary']);
	const asHtml = (part: Node): string | undefined => {
		const value = text(part['value']);
		if (value === undefined) {
			return undefined;
		}

		const type = text(part['type']);
		return type === undefined || type === 'text' || type === 'text/plain' ? escapeHtml(value).replaceAll('\n', '<br>') : value;
	};

	const enclosures = enclosuresOf(entry, base);
	for (const link of links) {
		const href = resolveUrl(text(link['href']), base);
		if (text(link['rel']) === 'enclosure' && href !== undefined && !enclosures.some(existing => existing.url === href)) {
			enclosures.push({url: href, type: text(link['type']), length: typeof link['length'] === 'number' ? link['length'] : undefined});
		}
	}

	const dc = node(entry['dc']);
	return {
		id: text(entry['id']) ?? url,
		title: atomText(entry['title']),
		url,
		// An entry without an author has the feed's (RFC 4287, 4.2.1).
		author: firstText(personName(list(entry['authors'])[0]), list(dc['creators'])[0]) ?? feedAuthor,
		date: parseFeedDate(firstText(entry['published'], entry['updated'], list(dc['dates'])[0])),
		html: asHtml(content) ?? asHtml(summary) ?? mediaHtml(node(entry['media'])),
		enclosures,
		// Relative links in the content: an xml:base (the content's, the entry's or the feed's), else the entry's link,
		// else the feed's URL.
		base: hasOwnBase(content) || hasOwnBase(entry) || feedHasBase ? xmlBase(content, base) : (url ?? base),
		tags: tagList(list(entry['categories']), list(dc['subjects'])),
	};
}

function jsonItem(item: Node, feedBase: string | undefined, feedAuthor: string | undefined): FeedItem {
	const url = resolveUrl(firstText(item['url'], item['external_url']), feedBase);
	const html = text(item['content_html']);
	const plain = text(item['content_text']);
	return {
		id: text(item['id']) ?? url,
		title: text(item['title']),
		url,
		author: firstText(personName(list(item['authors'])[0]), personName(item['author'])) ?? feedAuthor,
		date: parseFeedDate(firstText(item['date_published'], item['date_modified'])),
		html: html ?? (plain === undefined ? text(item['summary']) : undefined),
		text: html === undefined ? plain : undefined,
		enclosures: enclosuresOf(item, feedBase),
		base: url ?? feedBase,
		tags: tagList(list(item['tags'])),
	};
}

function parseXmlFeed(format: Exclude<FeedFormat, 'json-feed'>, xml: string): Node {
	const options = {maxItems: maxItemsPerFeed};
	switch (format) {
		case 'rss': {
			return parseRssFeed(xml, options) as unknown as Node;
		}

		case 'atom': {
			return parseAtomFeed(xml, options) as unknown as Node;
		}

		case 'rdf': {
			return parseRdfFeed(xml, options) as unknown as Node;
		}
	}
}

const closers: Readonly<Record<Exclude<FeedFormat, 'json-feed'>, string>> = {
	rss: '</channel></rss>',
	atom: '</feed>',
	rdf: '</rdf:RDF>',
};

const isTagNameEnd = (character: string | undefined): boolean =>
	character === undefined || character === '>' || character === ' ' || character === '\t' || character === '\n' || character === '\r';

/**
The `<tag …>…</tag>` chunks of `xml`, in order, each from an opening tag to the first closing tag after it: what
`/<tag(?:\s[^>]*)?>[\s\S]*?<\/tag\s*>/g` finds, in one linear pass. That pattern (and `<tag[^>]*>` alone) rescans to
the end of the text from each opening that is never closed, so a document ending in many `<item>` or `<item x` took
minutes. Also returns where the first opening tag starts (-1 if none).
*/
export function tagChunks(xml: string, tag: string, limit: number): {first: number; chunks: string[]} {
	const lower = xml.length <= 64 * 1024 * 1024 ? xml.toLowerCase() : xml;
	const opening = `<${tag}`;
	const closing = `</${tag}`;
	const chunks: string[] = [];
	let first = -1;
	// The next `>` at or after the cursor, found once per stretch of text instead of once per `<`.
	let nextGreater = -2;
	const greaterFrom = (from: number): number => {
		if (nextGreater !== -1 && nextGreater < from) {
			nextGreater = lower.indexOf('>', from);
		}

		return nextGreater;
	};

	let at = lower.indexOf(opening);
	while (at !== -1 && chunks.length < limit) {
		const after = at + opening.length;
		const next = lower.indexOf('<', at + 1);
		const end = isTagNameEnd(lower[after]) ? greaterFrom(after) : -1;
		// An opening tag ends at a `>` before the next `<` (a `<` cannot appear inside a tag).
		if (end === -1 || (next !== -1 && next < end)) {
			at = next === -1 ? -1 : lower.indexOf(opening, next);
			continue;
		}

		if (first === -1) {
			first = at;
		}

		// The first closing tag after the opening; none at all means no later opening can be closed either.
		let close = lower.indexOf(closing, end + 1);
		while (close !== -1 && lower[close + closing.length] !== '>' && !/\s/u.test(lower[close + closing.length] ?? '')) {
			close = lower.indexOf(closing, close + 1);
		}

		if (close === -1) {
			break;
		}

		let closeEnd = close + closing.length;
		while (closeEnd < lower.length && lower[closeEnd] !== '>' && lower[closeEnd] !== '<') {
			closeEnd++;
		}

		if (lower[closeEnd] !== '>') {
			at = lower.indexOf(opening, closeEnd);
			continue;
		}

		chunks.push(xml.slice(at, closeEnd + 1));
		at = lower.indexOf(opening, closeEnd + 1);
	}

	if (first === -1 && at !== -1) {
		first = at;
	}

	return {first, chunks};
}

/** The root element's opening tag (`<rss …>`, `<feed …>`, `<rdf:RDF …>`), found without a backtracking pattern. */
function rootOpening(head: string): string {
	const match = /<(?:rss|feed|rdf:rdf)(?=[\s>/])/iu.exec(head);
	if (match === null) {
		return '';
	}

	const end = head.indexOf('>', match.index);
	const next = head.indexOf('<', match.index + 1);
	return end === -1 || (next !== -1 && next < end) ? '' : head.slice(match.index, end + 1);
}

/**
Broken XML: parse the head (everything before the first item) once, and each item on its own, wrapped in the root
element alone (not the whole head: a 9 MB channel head parsed again for each item cost minutes), and keep what parses.
Linear in the text: the items are found by `tagChunks`. This is what "tolerate the malformed feeds real sites serve"
means in practice: one bad item, a truncated download or an unclosed tag in one description should cost that item,
not the feed.
*/
function salvage(format: Exclude<FeedFormat, 'json-feed'>, xml: string): {feed: Node; items: Node[]} | undefined {
	const tag = format === 'atom' ? 'entry' : 'item';
	const {first, chunks} = tagChunks(xml, tag, maxSalvagedItems);
	const head = first === -1 ? xml : xml.slice(0, first);
	const closer = closers[format];
	const tryParse = (value: string): Node | undefined => {
		try {
			return parseXmlFeed(format, value);
		} catch {
			return undefined;
		}
	};

	const rootOpen = rootOpening(head);
	const minimalHead = format === 'rss' ? `${rootOpen}<channel>` : rootOpen;
	let feed = tryParse(head + closer);
	if (feed === undefined) {
		feed = tryParse(`${minimalHead}<title>untitled</title>${closer}`) ?? {};
		delete feed['title'];
	}

	const items: Node[] = [];
	for (const chunk of chunks) {
		const parsed = tryParse(minimalHead + chunk + closer);
		const found = list(parsed?.[format === 'atom' ? 'entries' : 'items'])[0];
		if (isNode(found)) {
			items.push(found);
		}
	}

	if (items.length === 0 && Object.keys(feed).length === 0) {
		return undefined;
	}

	return {feed, items};
}

function feedBaseOf(feed: Node, feedUrl: string): string | undefined {
	return xmlBase(feed, resolveUrl(feedUrl, undefined));
}

function siteOf(format: FeedFormat, feed: Node, base: string | undefined): string | undefined {
	if (format === 'atom') {
		const links = list(feed['links']).map(link => node(link));
		const alternate = links.find(link => text(link['rel']) === undefined || text(link['rel']) === 'alternate');
		return resolveUrl(text(alternate?.['href']), base);
	}

	if (format === 'json-feed') {
		return resolveUrl(text(feed['home_page_url']), base);
	}

	return resolveUrl(text(feed['link']), base);
}

function build(format: FeedFormat, feed: Node, items: readonly Node[], feedUrl: string, warnings: string[]): ParsedFeed {
	const base = feedBaseOf(feed, feedUrl);
	const feedAuthor = format === 'json-feed' || format === 'atom' ? firstText(personName(list(feed['authors'])[0]), personName(feed['author'])) : undefined;
	const mapped = items.slice(0, maxItemsPerFeed).map(item => {
		switch (format) {
			case 'atom': {
				return atomItem(item, base, feedAuthor, hasOwnBase(feed));
			}

			case 'json-feed': {
				return jsonItem(item, base, feedAuthor);
			}

			default: {
				return rssItem(item, base, hasOwnBase(feed) || hasOwnBase(node(feed['channel'])));
			}
		}
	});
	const kept = withIds(mapped, feedUrl);
	return {
		format,
		title: format === 'atom' ? atomText(feed['title']) : text(feed['title']),
		siteUrl: siteOf(format, feed, base),
		items: kept,
		warnings,
	};
}

/**
Items with neither an id nor a link are kept (newsboat and feedparser keep them) under an id made from what they
hold: the feed URL, title, date and text, hashed, as elfeed does. A refetch of the same item gives the same id, so it
is not stored twice; two items that are identical in all of these are one item.
*/
export function withIds<T extends FeedItem>(items: readonly T[], feedUrl: string): T[] {
	return items.map(item => {
		if (item.id !== undefined) {
			return item;
		}

		const hash = createHash('sha256').update([feedUrl, item.title ?? '', item.date ?? '', item.html ?? item.text ?? ''].join('\u0000')).digest('hex');
		return {...item, id: `tidings:content:${hash.slice(0, 32)}`};
	});
}

/** How many items or entries the document holds, by their start tags (comments and CDATA left out). */
const countItems = (xml: string): number => xml.replaceAll(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/gu, '').match(/<(?:[\w-]+:)?(?:item|entry)[\s>/]/gu)?.length ?? 0;

export type FeedParseError = {readonly reason: string; readonly format?: 'html'};

/**
Feed text (already decoded) → `ParsedFeed`. `feedUrl` resolves relative links. Never throws: an unusable document is
an error value; a damaged one yields whatever items survive, with a warning.
*/
export function parseFeedText(input: string, feedUrl: string, contentType?: string): Result<ParsedFeed, FeedParseError> {
	const trimmed = input.trimStart();
	if (trimmed.startsWith('{')) {
		if (detectFormat(trimmed) !== 'json-feed') {
			return err({reason: 'JSON, but not a JSON Feed'});
		}

		let value: unknown;
		try {
			value = JSON.parse(trimmed);
		} catch {
			return err({reason: 'invalid JSON'});
		}

		const object = node(value);
		if (typeof object['version'] !== 'string') {
			object['version'] = 'https://jsonfeed.org/version/1.1';
		}

		try {
			const feed = parseJsonFeed(object, {maxItems: maxItemsPerFeed}) as unknown as Node;
			return ok(build('json-feed', feed, list(feed['items']).filter(item => isNode(item)), feedUrl, []));
		} catch (error) {
			return err({reason: `not a usable JSON Feed (${error instanceof Error ? error.message : 'unknown error'})`});
		}
	}

	const xml = guardXml(input);
	const format = detectFormat(xml, contentType);
	if (format === 'html') {
		return err({reason: 'a web page, not a feed', format: 'html'});
	}

	if (format === 'unknown' || format === 'json-feed') {
		return err({reason: 'not a feed (no RSS, Atom, RDF or JSON Feed root element)'});
	}

	const itemsKey = format === 'atom' ? 'entries' : 'items';
	try {
		const feed = parseXmlFeed(format, xml);
		const items = list(feed[itemsKey]).filter(item => isNode(item));
		// feedsmith drops items that lack what it considers required; then the lenient reader keeps them all.
		const lenient = items.length < countItems(xml) ? parseLenientFeed(xml, feedUrl) : undefined;
		if (lenient !== undefined && lenient.items.length > items.length) {
			return ok({format, title: build(format, feed, [], feedUrl, []).title ?? lenient.title, siteUrl: lenient.siteUrl, items: withIds(lenient.items.slice(0, maxItemsPerFeed), feedUrl), warnings: []});
		}

		return ok(build(format, feed, items, feedUrl, []));
	} catch {
		const recovered = salvage(format, xml);
		if (recovered === undefined || recovered.items.length === 0) {
			// feedsmith wants each format's required elements; a feed without them is still read (lenient-feed.ts).
			const lenient = parseLenientFeed(xml, feedUrl);
			if (lenient !== undefined) {
				return ok({format: lenient.format, title: lenient.title, siteUrl: lenient.siteUrl, items: withIds(lenient.items.slice(0, maxItemsPerFeed), feedUrl), warnings: []});
			}
		}

		if (recovered === undefined) {
			return err({reason: `malformed ${format === 'rdf' ? 'RSS 1.0' : format.toUpperCase()} with nothing recoverable`});
		}

		return ok(build(format, recovered.feed, recovered.items, feedUrl, [`malformed XML: ${recovered.items.length} item(s) recovered`]));
	}
}
