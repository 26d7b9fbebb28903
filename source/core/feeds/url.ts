/**
Resolves `href` against `base`; only http(s) survive. A module of its own so that html-to-markdown.ts (which the
renderer loads for HTML in Markdown) does not bring the feed parsers (feedsmith, linkedom) along with it.
*/
export function resolveUrl(href: string | undefined, base: string | undefined): string | undefined {
	if (href === undefined) {
		return undefined;
	}

	try {
		const url = base === undefined ? new URL(href) : new URL(href, base);
		return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
	} catch {
		return undefined;
	}
}
