import type {FeedFormat} from './types.js';

export type DetectedFormat = FeedFormat | 'html' | 'unknown';

/** Skips comments and processing instructions and returns the first element's name, lower case. */
function firstElement(text: string): string | undefined {
	let index = 0;
	const limit = Math.min(text.length, 64 * 1024);
	while (index < limit) {
		const open = text.indexOf('<', index);
		if (open === -1 || open >= limit) {
			return undefined;
		}

		if (text.startsWith('<?', open)) {
			index = text.indexOf('?>', open);
		} else if (text.startsWith('<!--', open)) {
			index = text.indexOf('-->', open);
		} else if (text.startsWith('<!', open)) {
			index = text.indexOf('>', open);
		} else {
			return /^<([\w:.-]+)/u.exec(text.slice(open, open + 64))?.[1]?.toLowerCase();
		}

		if (index === -1) {
			return undefined;
		}

		index++;
	}

	return undefined;
}

/**
What a response is, from its text (after decoding) and Content-Type. The content decides: servers label feeds
`text/html`, `text/plain` or `application/octet-stream` often enough that the header is only a tie-breaker.
*/
export function detectFormat(text: string, contentType = ''): DetectedFormat {
	const start = text.trimStart();
	if (start.startsWith('{')) {
		try {
			const value: unknown = JSON.parse(start);
			if (typeof value === 'object' && value !== null && typeof (value as {version?: unknown}).version === 'string'
				&& (value as {version: string}).version.includes('jsonfeed.org')) {
				return 'json-feed';
			}

			// Some JSON feeds omit or misspell the version but have the shape.
			if (Array.isArray((value as {items?: unknown}).items)) {
				return 'json-feed';
			}
		} catch {}

		return 'unknown';
	}

	const root = firstElement(start);
	switch (root) {
		case 'rss': {
			return 'rss';
		}

		case 'feed': {
			return 'atom';
		}

		case 'rdf:rdf':
		case 'rdf': {
			return 'rdf';
		}

		case 'html':
		case 'head':
		case 'body': {
			return 'html';
		}

		default: {
			if (/^\s*<!doctype html/iu.test(start) || /\btext\/html\b/iu.test(contentType)) {
				return 'html';
			}

			return 'unknown';
		}
	}
}
