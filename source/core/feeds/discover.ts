import {parseHTML} from 'linkedom';
import {resolveUrl} from './parse-feed.js';

const feedTypes = new Set([
	'application/rss+xml', 'application/atom+xml', 'application/feed+json', 'application/json', 'application/rdf+xml',
	'application/xml', 'text/xml',
]);

/**
Feed URLs announced by a web page through `<link rel="alternate" type="application/rss+xml" href="…">` (and the Atom,
JSON Feed and RDF types), resolved against the page URL (or its `<base href>`), in page order, without duplicates.
Comment feeds (WordPress announces them too) go last, so the first result is the site's main feed.
*/
export function discoverFeedLinks(html: string, pageUrl: string): string[] {
	const {document} = parseHTML(html.slice(0, 2 * 1024 * 1024));
	const base = resolveUrl(document.querySelector('base[href]')?.getAttribute('href') ?? undefined, pageUrl) ?? pageUrl;
	const main: string[] = [];
	const comments: string[] = [];
	// A set, not `includes`: a page of 50,000 feed links made that quadratic.
	const seen = new Set<string>();
	for (const link of document.querySelectorAll('link[href]')) {
		const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/u);
		const type = (link.getAttribute('type') ?? '').toLowerCase().split(';')[0]!.trim();
		if (!rel.includes('alternate') || !feedTypes.has(type)) {
			continue;
		}

		const url = resolveUrl(link.getAttribute('href') ?? undefined, base);
		if (url === undefined || seen.has(url)) {
			continue;
		}

		seen.add(url);
		const title = (link.getAttribute('title') ?? '').toLowerCase();
		(/comment/u.test(title) || /\/comments?\/feed/u.test(url) ? comments : main).push(url);
	}

	return [...main, ...comments];
}
