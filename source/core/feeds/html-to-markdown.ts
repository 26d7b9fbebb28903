import sanitizeHtml from 'sanitize-html';
import TurndownService from 'turndown';
import {strikethrough, tables} from 'turndown-plugin-gfm';
import {resolveUrl} from './parse-feed.js';

/**
Feed HTML → Markdown, in two steps. sanitize-html first keeps an allow-list of structural tags and drops scripts,
styles, iframes, forms, embedded media and tracking pixels together with their content, and resolves relative links
against the item's base. Turndown (with the GFM tables and strikethrough rules) then writes Markdown from what is left,
which is small and tame. Images become ordinary links (`[Image: alt](src)`): a terminal cannot show them, and a link
the reader can follow is more use than a `![]()` the renderer would drop.
*/

// Elements whose content is dropped with them, not just the tags.
const droppedWithContent = [
	'script', 'style', 'noscript', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'form', 'button', 'select',
	'option', 'textarea', 'input', 'svg', 'math', 'template', 'canvas', 'audio', 'video', 'head', 'title', 'meta', 'link',
];

const allowedTags = [
	'p', 'br', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'code', 'kbd', 'samp', 'var', 'em', 'i',
	'strong', 'b', 'u', 's', 'strike', 'del', 'ins', 'sub', 'sup', 'mark', 'small', 'a', 'img', 'ul', 'ol', 'li', 'dl',
	'dt', 'dd', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'th', 'td', 'caption', 'figure', 'figcaption', 'abbr', 'cite',
	'q', 'time', 'div', 'span', 'section', 'article', 'header', 'footer', 'aside', 'main', 'picture',
];

// Hosts and paths that serve 1×1 beacons rather than pictures.
const trackerPattern = /(?:feeds\.feedburner\.com\/~r\/|\/~ff\/|feedsportal\.com|doubleclick\.net|stats\.wordpress\.com|pixel\.wp\.com|google-analytics\.com|\/pixel(?:\.gif|\.png)?(?:[?#]|$)|\/beacon|\/track(?:ing)?\/|\/open\.gif|mailchimp\.com\/track|\/b\.gif(?:[?#]|$))/iu;

function isTrackingPixel(attributes: Record<string, string>): boolean {
	const width = Number.parseInt(attributes['width'] ?? '', 10);
	const height = Number.parseInt(attributes['height'] ?? '', 10);
	if ((width >= 0 && width <= 2) || (height >= 0 && height <= 2)) {
		return true;
	}

	const source = attributes['src'] ?? '';
	return source === '' || trackerPattern.test(source);
}

export function sanitizeFeedHtml(html: string, base: string | undefined): string {
	return sanitizeHtml(html, {
		allowedTags,
		allowedAttributes: {
			a: ['href', 'title'],
			img: ['src', 'alt', 'title', 'width', 'height'],
			th: ['colspan', 'rowspan', 'align'],
			td: ['colspan', 'rowspan', 'align'],
			ol: ['start'],
			code: ['class'],
		},
		allowedClasses: {code: ['language-*', 'lang-*']},
		allowedSchemes: ['http', 'https', 'mailto'],
		allowProtocolRelative: false,
		disallowedTagsMode: 'discard',
		nonTextTags: droppedWithContent,
		parseStyleAttributes: false,
		nestingLimit: 64,
		transformTags: {
			a(tagName, attributes) {
				const href = attributes['href'];
				const resolved = href === undefined ? undefined : (href.startsWith('mailto:') ? href : resolveUrl(href, base));
				const next: Record<string, string> = {...attributes};
				if (resolved === undefined) {
					delete next['href'];
				} else {
					next['href'] = resolved;
				}

				return {tagName, attribs: next};
			},
			img(tagName, attributes) {
				const resolved = resolveUrl(attributes['src'], base);
				return {tagName, attribs: {...attributes, src: resolved ?? ''}};
			},
		},
		exclusiveFilter: frame => frame.tag === 'img' && isTrackingPixel(frame.attribs),
	});
}

const escapeLinkText = (value: string): string => value.replaceAll(/[[\]\\]/gu, '\\$&').replaceAll(/\s+/gu, ' ').trim();

function createTurndown(): TurndownService {
	const service = new TurndownService({
		headingStyle: 'atx',
		hr: '---',
		bulletListMarker: '-',
		codeBlockStyle: 'fenced',
		emDelimiter: '_',
		strongDelimiter: '**',
		linkStyle: 'inlined',
	});
	service.use([tables, strikethrough]);
	service.addRule('image-as-link', {
		filter: 'img',
		replacement(_content, element) {
			const image = element as unknown as {getAttribute(name: string): string | null};
			const source = image.getAttribute('src');
			if (!source) {
				return '';
			}

			const alt = escapeLinkText(image.getAttribute('alt') ?? image.getAttribute('title') ?? '');
			return `[Image${alt === '' ? '' : `: ${alt}`}](<${source.replaceAll('>', '%3E')}>)`;
		},
	});
	return service;
}

let turndown: TurndownService | undefined;

/** Sanitised HTML → Markdown. `base` resolves relative links and images. */
export function htmlToMarkdown(html: string, base: string | undefined): string {
	turndown ??= createTurndown();
	const clean = sanitizeFeedHtml(html, base);
	if (clean.trim() === '') {
		return '';
	}

	return turndown.turndown(clean).replaceAll(/\n{3,}/gu, '\n\n').trim();
}
