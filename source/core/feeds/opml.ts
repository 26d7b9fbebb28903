import {generateOpml, parseOpml} from 'feedsmith';
import type {Result} from '../types.js';
import {err, ok} from '../types.js';
import {resolveUrl} from './parse-feed.js';
import {guardXml} from './xml-guard.js';

/**
OPML subscription lists. Exports from newsboat (flat `type="rss"` outlines), Feedly (one level of category outlines)
and Miniflux (category outlines, `text` and `title` both set) share one reading: an outline with `xmlUrl` is a feed,
and the nearest enclosing outline without one is its category. Our export writes the same shape back.
*/

export type OpmlFeed = {
	readonly url: string;
	readonly title?: string;
	readonly siteUrl?: string;
	readonly category?: string;
};

type Outline = {
	text?: string;
	title?: string;
	xmlUrl?: string;
	htmlUrl?: string;
	url?: string;
	type?: string;
	outlines?: Outline[];
};

const clean = (value: string | undefined): string | undefined => {
	const trimmed = value?.replaceAll(/\s+/gu, ' ').trim();
	return trimmed === undefined || trimmed === '' ? undefined : trimmed;
};

export type OpmlParse = {
	readonly feeds: readonly OpmlFeed[];
	/** Outlines that looked like feeds but were skipped (not http(s), duplicate). */
	readonly skipped: readonly string[];
};

export function parseOpmlText(input: string): Result<OpmlParse, string> {
	let document: {body?: {outlines?: Outline[]}};
	try {
		document = parseOpml(guardXml(input)) as typeof document;
	} catch (error) {
		return err(`not a usable OPML file (${error instanceof Error ? error.message : 'unknown error'})`);
	}

	const feeds: OpmlFeed[] = [];
	const skipped: string[] = [];
	const seen = new Set<string>();
	const walk = (outlines: readonly Outline[] | undefined, category: string | undefined, depth: number) => {
		if (outlines === undefined || depth > 32) {
			return;
		}

		for (const outline of outlines) {
			const raw = clean(outline.xmlUrl) ?? (outline.type === 'rss' || outline.type === 'atom' ? clean(outline.url) : undefined);
			if (raw === undefined) {
				walk(outline.outlines, clean(outline.title) ?? clean(outline.text) ?? category, depth + 1);
				continue;
			}

			const url = resolveUrl(raw, undefined);
			if (url === undefined || seen.has(url)) {
				skipped.push(raw);
			} else {
				seen.add(url);
				feeds.push({
					url,
					title: clean(outline.title) ?? clean(outline.text),
					siteUrl: resolveUrl(clean(outline.htmlUrl), undefined),
					category,
				});
			}

			// A feed outline with children is unusual, but some tools nest; keep their feeds too.
			walk(outline.outlines, category, depth + 1);
		}
	};

	walk(document.body?.outlines, undefined, 0);
	return ok({feeds, skipped});
}

/** OPML 2.0 text for the subscriptions, grouped by category in first-seen order. */
export function buildOpml(feeds: readonly OpmlFeed[], now = new Date()): string {
	const toOutline = (feed: OpmlFeed): Outline => {
		const name = feed.title ?? feed.url;
		const outline: Outline = {text: name, title: name, type: 'rss', xmlUrl: feed.url};
		if (feed.siteUrl !== undefined) {
			outline.htmlUrl = feed.siteUrl;
		}

		return outline;
	};

	const outlines: Outline[] = [];
	const categories = new Map<string, Outline>();
	for (const feed of feeds) {
		if (feed.category === undefined) {
			outlines.push(toOutline(feed));
			continue;
		}

		let folder = categories.get(feed.category);
		if (folder === undefined) {
			folder = {text: feed.category, title: feed.category, outlines: []};
			categories.set(feed.category, folder);
			outlines.push(folder);
		}

		folder.outlines!.push(toOutline(feed));
	}

	const xml = generateOpml({
		head: {title: 'Tidings subscriptions', dateCreated: now},
		body: {outlines: outlines as never},
	});
	return xml.endsWith('\n') ? xml : `${xml}\n`;
}
