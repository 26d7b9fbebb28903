import sanitizeHtml from 'sanitize-html';
import TurndownService from 'turndown';
import {strikethrough} from 'turndown-plugin-gfm';
import {resolveUrl} from './url.js';

/**
Feed HTML → Markdown, in two steps. sanitize-html first keeps an allow-list of structural tags and drops scripts,
styles, iframes, forms, embedded media and tracking pixels together with their content, and resolves relative links
against the item's base. Turndown (with the GFM tables and strikethrough rules) then writes Markdown from what is left,
which is small and tame. Images stay Markdown images (`![alt](src)`): the reader shows each as a numbered link and
draws it in place where the terminal can; an image inside a link becomes that one link (`[Image: alt](href)`).
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

// An iframe (an embedded video) leaves a link to what it embedded.
const embedLink = (_tagName: string, attributes: Record<string, string>) => ({tagName: 'a', attribs: {href: attributes['src'] ?? '', 'data-embed': ''}});

const sanitizeOptions: sanitizeHtml.IOptions = {
	allowedTags: [...allowedTags, 'iframe'],
	allowedAttributes: {
		a: ['href', 'title', 'data-embed'],
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
	nonTextTags: droppedWithContent.filter(name => name !== 'iframe'),
	parseStyleAttributes: false,
	nestingLimit: 64,
	exclusiveFilter: frame => frame.tag === 'img' && isTrackingPixel(frame.attribs),
};

export function sanitizeFeedHtml(html: string, base: string | undefined): string {
	return sanitizeHtml(html, {
		...sanitizeOptions,
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
			iframe(tagName, attributes) {
				return embedLink(tagName, {src: resolveUrl(attributes['src'], base) ?? ''});
			},
		},
	});
}

const escapeLinkText = (value: string): string => value.replaceAll(/[[\]\\]/gu, '\\$&').replaceAll(/\s+/gu, ' ').trim();

type DomNode = {
	readonly nodeName: string;
	readonly textContent: string | null;
	readonly childNodes: ArrayLike<DomNode>;
	readonly firstChild: DomNode | null;
	getAttribute?(name: string): string | null;
};

// Private-use characters that mark cell and row ends while a table is converted (removed from the input first).
const cellMark = '\uE010';
const headCellMark = '\uE011';
const rowMark = '\uE012';
const tableMarks = /[\uE010-\uE012]/gu;

const fenceFor = (code: string): string => {
	let fence = '```';
	while (code.includes(fence)) {
		fence += '`';
	}

	return fence;
};

/**
Turndown with the rules both flavours share: `<pre>` with or without `<code>` is a fenced code block that keeps its
line breaks (documentation pages highlight code in `<pre><span>`), a table with a heading row is a GFM table, a layout
table (no heading row, or a single column) is its cells as paragraphs, `<kbd>` is code, `<summary>` a bold line, an
iframe a link to what it embeds (sanitize-html turns it into `<a data-embed>` first). `images`: `link` (feeds) writes
a linked image as one ordinary link and other images as Markdown images; `image` (HTML in Markdown, where the renderer
shows badges and images) keeps every image an image, `data-src` too.
*/
function createTurndown(images: 'link' | 'image'): TurndownService {
	const service = new TurndownService({
		headingStyle: 'atx',
		hr: '---',
		bulletListMarker: '-',
		codeBlockStyle: 'fenced',
		emDelimiter: '_',
		strongDelimiter: '**',
		linkStyle: 'inlined',
		// An empty cell or row still ends with its mark, or the cells after it would shift a column.
		blankReplacement(_content, node) {
			const name = (node as unknown as DomNode).nodeName;
			if (name === 'TD' || name === 'TH') {
				return name === 'TH' ? headCellMark : cellMark;
			}

			return name === 'TR' ? rowMark : ((node as unknown as {isBlock?: boolean}).isBlock ? '\n\n' : '');
		},
	});
	service.use([strikethrough]);
	// Cells and rows are converted once, by Turndown's walk, and marked so the table rule can find them again:
	// converting each cell anew from the table rule would cost twice as much per level of nested tables.
	service.addRule('tableCell', {
		filter: ['th', 'td'],
		replacement: (content, element) => `${content}${(element as unknown as DomNode).nodeName === 'TH' ? headCellMark : cellMark}`,
	});
	service.addRule('tableRow', {filter: 'tr', replacement: content => `${content}${rowMark}`});
	service.addRule('tableSection', {filter: ['thead', 'tbody', 'tfoot'], replacement: content => content});
	service.addRule('table', {
		filter: 'table',
		replacement(content) {
			const rows = content.split(rowMark).map(row => [...row.matchAll(/([^\uE010\uE011]*)([\uE010\uE011])/gu)].map(match => ({text: match[1]!.trim(), head: match[2] === headCellMark})))
				.filter(row => row.length > 0);
			const columns = Math.max(0, ...rows.map(row => row.length));
			const first = rows[0];
			if (first && rows.length > 1 && columns > 1 && first.every(cell => cell.head)) {
				const line = (row: readonly string[]) => `| ${Array.from({length: columns}, (_, index) => (row[index] ?? '').replaceAll(/\s*\n+\s*/gu, ' ').replaceAll('|', '\\|')).join(' | ')} |`;
				const cells = rows.map(row => row.map(cell => cell.text));
				return `\n\n${line(cells[0]!)}\n${line(Array.from({length: columns}, () => '---'))}\n${cells.slice(1).map(row => line(row)).join('\n')}\n\n`;
			}

			const paragraphs = rows.flat().map(cell => cell.text).filter(text => text !== '');
			return `\n\n${paragraphs.join('\n\n')}\n\n`;
		},
	});
	service.addRule('pre', {
		filter: node => (node as unknown as DomNode).nodeName === 'PRE',
		replacement(_content, element) {
			const node = element as unknown as DomNode;
			const code = (node.textContent ?? '').replace(/\n$/u, '');
			const className = node.firstChild?.nodeName === 'CODE' ? (node.firstChild.getAttribute?.('class') ?? '') : '';
			const language = /(?:language|lang)-([\w+#-]+)/u.exec(className)?.[1] ?? '';
			const fence = fenceFor(code);
			return `\n\n${fence}${language}\n${code}\n${fence}\n\n`;
		},
	});
	// A heading is one line: the `<br>` and line breaks inside an HTML heading (a logo, then badges) become spaces.
	service.addRule('heading', {
		filter: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'],
		replacement(content, element) {
			const text = content.replaceAll(/\s*\n\s*/gu, ' ').trim();
			return text === '' ? '' : `\n\n${'#'.repeat(Number((element as unknown as DomNode).nodeName.slice(1)))} ${text}\n\n`;
		},
	});
	service.addRule('kbd', {
		filter: ['kbd', 'samp'],
		replacement: content => (content.trim() === '' ? '' : `\`${content.replaceAll('`', '')}\``),
	});
	service.addRule('summary', {
		filter: 'summary',
		replacement: content => (content.trim() === '' ? '' : `\n\n**${content.trim()}**\n\n`),
	});
	service.addRule('embed', {
		filter: node => (node as unknown as DomNode).nodeName === 'A' && (node as unknown as DomNode).getAttribute?.('data-embed') !== null,
		replacement(_content, element) {
			const source = (element as unknown as DomNode).getAttribute?.('href') ?? '';
			return source === '' ? '' : `[Embedded: ${escapeLinkText(source)}](<${source.replaceAll('>', '%3E')}>)`;
		},
	});
	if (images === 'link') {
		// An image is a Markdown image: the reader shows it as the link `[image: alt][n]` and draws it where the terminal
		// can (source/core/images/). Only a linked image (below) stays a plain link, to where it links.
		service.addRule('image-as-image', {
			filter: 'img',
			replacement(_content, element) {
				const image = element as unknown as {getAttribute(name: string): string | null};
				const source = image.getAttribute('src');
				if (!source) {
					return '';
				}

				const alt = escapeLinkText(image.getAttribute('alt') ?? image.getAttribute('title') ?? '');
				return `![${alt}](<${source.replaceAll('>', '%3E')}>)`;
			},
		});
		// A linked image is one link (the image's alt text, to the link's target), not a link nested in a link.
		service.addRule('linked-image', {
			filter: node => (node as unknown as DomNode).nodeName === 'A' && Array.from((node as unknown as DomNode).childNodes).some(child => child.nodeName === 'IMG')
				&& Array.from((node as unknown as DomNode).childNodes).every(child => child.nodeName === 'IMG' || (child.nodeName === '#text' && (child.textContent ?? '').trim() === '')),
			replacement(_content, element) {
				const node = element as unknown as DomNode;
				const href = node.getAttribute?.('href') ?? '';
				const image = Array.from(node.childNodes).find(child => child.nodeName === 'IMG');
				const alt = escapeLinkText(image?.getAttribute?.('alt') ?? image?.getAttribute?.('title') ?? '');
				return href === '' ? '' : `[Image${alt === '' ? '' : `: ${alt}`}](<${href.replaceAll('>', '%3E')}>)`;
			},
		});
	} else {
		service.addRule('image', {
			filter: 'img',
			replacement(_content, element) {
				const image = element as unknown as {getAttribute(name: string): string | null};
				const source = image.getAttribute('src') ?? image.getAttribute('data-src');
				if (!source) {
					return '';
				}

				const alt = escapeLinkText(image.getAttribute('alt') ?? image.getAttribute('title') ?? '');
				return `![${alt}](<${source.replaceAll('>', '%3E')}>)`;
			},
		});
	}

	// Text that looks like a tag (`&lt;div&gt;` in the HTML) stays text when the Markdown is read again.
	const escape = service.escape.bind(service);
	service.escape = (text: string) => escape(text).replaceAll('<', '\\<');
	return service;
}

let turndown: TurndownService | undefined;
let readmeTurndown: TurndownService | undefined;

/** Sanitised HTML → Markdown. `base` resolves relative links and images. */
export function htmlToMarkdown(html: string, base: string | undefined): string {
	turndown ??= createTurndown('link');
	const clean = sanitizeFeedHtml(html, base);
	if (clean.trim() === '') {
		return '';
	}

	return turndown.turndown(clean.replaceAll(tableMarks, '')).replaceAll(tableMarks, ' ').replaceAll(/\n{3,}/gu, '\n\n').trim();
}

/**
An HTML block inside Markdown (a README's `<p align="center">`, `<details>`, `<table>`) → Markdown, the way GitHub
shows it: sanitised like feed HTML, but links and images stay as written (a README's relative links name files next
to it) and images stay images. Comments, scripts and styles leave nothing.
*/
export function readmeHtmlToMarkdown(html: string): string {
	readmeTurndown ??= createTurndown('image');
	const clean = sanitizeHtml(html, {
		...sanitizeOptions,
		allowedTags: [...allowedTags, 'details', 'summary', 'center', 'font', 'tt', 'strike', 'nobr'],
		transformTags: {iframe: embedLink},
	});
	if (clean.trim() === '') {
		return '';
	}

	return readmeTurndown.turndown(clean.replaceAll(tableMarks, '')).replaceAll(tableMarks, ' ').replaceAll(/\n{3,}/gu, '\n\n').trim();
}
