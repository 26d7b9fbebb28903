import {Lexer, type Token, type Tokens} from 'marked';
import {decodeHTML} from 'entities';
import {createRequire} from 'node:module';
import type * as HtmlToMarkdown from '../feeds/html-to-markdown.js';

/**
The HTML converter (sanitize-html, Turndown with domino, htmlparser2, postcss: ~20 ms to evaluate) is loaded when an
article first has an HTML block, not with the renderer (issue 14: the render worker's start). In the bundle `require`
is the one its banner defines and esbuild evaluates the module only when this calls it; from the TypeScript sources
(tests, tsx) it is required through Node.
*/
let converter: typeof HtmlToMarkdown | undefined;
const fromSources = createRequire(import.meta.url);
function readmeHtmlToMarkdown(html: string): string {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	converter ??= (typeof require === 'function' ? require('../feeds/html-to-markdown.js') : fromSources('../feeds/html-to-markdown.js')) as typeof HtmlToMarkdown;
	return converter.readmeHtmlToMarkdown(html);
}

/**
HTML inside Markdown, shown the way GitHub shows it rather than as raw tags. Runs on marked's tokens after lexing:

- an HTML block (`<p align="center">…</p>`, `<details>`, `<h1>`, `<table>`, `<picture>`) is sanitised and turned into
  Markdown (html-to-markdown.ts), which is lexed again and takes the block's place, so its headings reach the outline;
  a lone opening or closing tag (`<div align="center">` … blank line … `</div>`) leaves nothing;
- inline HTML becomes the token it stands for: `<br>` a line break, `<img>` an image, `<a href>`…`</a>` a link,
  `<b>`/`<strong>`, `<i>`/`<em>`, `<del>`/`<s>`, `<code>`/`<kbd>` their Markdown equivalents; every other HTML tag and
  every comment is dropped and its content kept. Something that only looks like a tag (`Promise<T>`, `<your-name>`)
  is not an HTML element and stays as text.
*/

// The elements of HTML (and a few obsolete ones GitHub READMEs still use). Anything else in angle brackets is text.
const htmlElements = new Set(('a abbr acronym address area article aside audio b bdi bdo big blink blockquote body br button '
	+ 'canvas caption center cite code col colgroup data datalist dd del details dfn dialog dir div dl dt em embed fieldset '
	+ 'figcaption figure font footer form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe img input ins '
	+ 'kbd label legend li link main map mark marquee menu meta meter nav nobr noscript object ol optgroup option output p '
	+ 'param picture pre progress q rp rt ruby s samp script section select small source span strike strong style sub '
	+ 'summary sup svg table tbody td template textarea tfoot th thead time title tr track tt u ul var video wbr').split(' '));

// Limits: HTML nested in HTML blocks is converted at most this deep, and an HTML block larger than this is shown as
// the text it holds rather than converted (the sanitiser and Turndown are linear, but there is no need to find out).
const maxDepth = 4;
const maxBlockHtml = 200_000;

type Attributes = Record<string, string>;

const tagPattern = /^<(\/?)([a-zA-Z][\w-]*)((?:\s[^>]*)?)\/?>$/su;
const attributePattern = /([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/gu;

function attributesOf(text: string): Attributes {
	const attributes: Attributes = {};
	for (const match of text.matchAll(attributePattern)) {
		attributes[match[1]!.toLowerCase()] = decodeHTML(match[2] ?? match[3] ?? match[4] ?? '');
	}

	return attributes;
}

type Tag = {readonly closing: boolean; readonly name: string; readonly attributes: Attributes};

/** The HTML element a raw inline token opens or closes; undefined when it is not one (a comment is `!--`). */
export function parseTag(raw: string): Tag | undefined {
	const text = raw.trim();
	if (text.startsWith('<!--') || text.startsWith('<!') || text.startsWith('<?')) {
		return {closing: false, name: '!--', attributes: {}};
	}

	const match = tagPattern.exec(text);
	if (!match || !htmlElements.has(match[2]!.toLowerCase())) {
		return undefined;
	}

	return {closing: match[1] === '/', name: match[2]!.toLowerCase(), attributes: attributesOf(match[3] ?? '')};
}

const textToken = (text: string): Tokens.Text => ({type: 'text', raw: text, text, escaped: false});

const wrappers: Record<string, 'strong' | 'em' | 'del' | 'codespan'> = {
	b: 'strong', strong: 'strong', i: 'em', em: 'em', cite: 'em', del: 'del', s: 'del', strike: 'del',
	code: 'codespan', kbd: 'codespan', tt: 'codespan', samp: 'codespan',
};

const plainOf = (tokens: readonly Token[]): string => tokens.map(token => {
	if ('tokens' in token && Array.isArray(token.tokens)) {
		return plainOf(token.tokens as Token[]);
	}

	return 'text' in token && typeof token.text === 'string' ? token.text : '';
}).join('');

// Inline HTML nested deeper than this is not turned into nested tokens any more: its tags are dropped, its text kept.
const maxInlineDepth = 32;

/**
Which opening tag each closing tag closes, for the elements that become tokens: one pass with a stack per element
name, so a paragraph of 20,000 unclosed `<b>` costs one pass, not 20,000.
*/
function matchingClosers(tokens: readonly Token[], tags: ReadonlyArray<Tag | undefined>): Map<number, number> {
	const stacks = new Map<string, number[]>();
	const pairs = new Map<number, number>();
	for (const [index, tag] of tags.entries()) {
		if (tag === undefined || tokens[index]!.type !== 'html' || (tag.name !== 'a' && wrappers[tag.name] === undefined)) {
			continue;
		}

		const stack = stacks.get(tag.name) ?? [];
		stacks.set(tag.name, stack);
		if (tag.closing) {
			const open = stack.pop();
			if (open !== undefined) {
				pairs.set(open, index);
			}
		} else {
			stack.push(index);
		}
	}

	return pairs;
}

/** An inline token list with its HTML tags turned into the tokens they stand for. */
export function convertInlineHtml(tokens: readonly Token[], depth = 0): Token[] {
	const out: Token[] = [];
	const tags = tokens.map(token => (token.type === 'html' ? parseTag(token.raw) : undefined));
	const closers = depth < maxInlineDepth ? matchingClosers(tokens, tags) : new Map<number, number>();
	for (let index = 0; index < tokens.length; index++) {
		const token = tokens[index]!;
		if (token.type !== 'html') {
			if ('tokens' in token && Array.isArray(token.tokens) && token.type !== 'codespan') {
				(token as {tokens: Token[]}).tokens = convertInlineHtml(token.tokens as Token[], depth + 1);
			}

			out.push(token);
			continue;
		}

		const tag = tags[index];
		if (!tag) {
			// `<T>` or `<your-name>`: not HTML, so it is shown as written.
			out.push(textToken(token.raw));
			continue;
		}

		if (tag.name === '!--') {
			// A hidden comment between two spaces leaves one space, not two.
			const before = out.at(-1);
			const after = tokens[index + 1];
			if (before?.type === 'text' && /\s$/u.test(before.text) && after?.type === 'text' && /^\s/u.test(after.text)) {
				out.push(textToken(after.text.trimStart()));
				index++;
			}

			continue;
		}

		if (tag.closing) {
			continue;
		}

		if (tag.name === 'br') {
			out.push({type: 'br', raw: token.raw});
			continue;
		}

		if (tag.name === 'img') {
			const source = tag.attributes['src'] ?? tag.attributes['data-src'] ?? '';
			if (source !== '') {
				const alt = tag.attributes['alt'] ?? tag.attributes['title'] ?? '';
				out.push({type: 'image', raw: token.raw, href: source, title: tag.attributes['title'] ?? null, text: alt, tokens: [textToken(alt)]} as Tokens.Image);
			}

			continue;
		}

		const wrapper = tag.name === 'a' ? 'link' : wrappers[tag.name];
		if (wrapper === undefined) {
			continue;
		}

		const end = closers.get(index);
		if (end === undefined) {
			continue;
		}

		const inner = convertInlineHtml(tokens.slice(index + 1, end), depth + 1);
		index = end;
		const text = plainOf(inner);
		if (wrapper === 'link') {
			const href = tag.attributes['href'];
			if (href === undefined || href === '') {
				out.push(...inner);
			} else {
				out.push({type: 'link', raw: token.raw, href, title: tag.attributes['title'] ?? null, text, tokens: inner} as Tokens.Link);
			}
		} else if (wrapper === 'codespan') {
			out.push(inner.every(item => item.type === 'text' || item.type === 'escape') ? {type: 'codespan', raw: token.raw, text} as Tokens.Codespan : {type: 'strong', raw: token.raw, text, tokens: inner} as Tokens.Strong);
		} else {
			out.push({type: wrapper, raw: token.raw, text, tokens: inner} as Tokens.Strong);
		}
	}

	return out;
}

const lexMarkdown = (markdown: string): Token[] => [...Lexer.lex(markdown, {gfm: true})];

/** The text a reader sees of inline tokens, without Markdown or HTML: images give their alt text unless `images` is false. */
export function inlinePlainText(tokens: readonly Token[] | undefined, images = true): string {
	let out = '';
	for (const token of tokens ?? []) {
		switch (token.type) {
			case 'html': {
				break;
			}

			case 'br': {
				out += ' ';
				break;
			}

			case 'image': {
				out += images ? decodeHTML((token as Tokens.Image).text) : '';
				break;
			}

			case 'codespan':
			case 'escape': {
				out += decodeHTML((token as Tokens.Image).text);
				break;
			}

			case 'text': {
				out += 'tokens' in token && Array.isArray(token.tokens) ? inlinePlainText(token.tokens as Token[], images) : decodeHTML(token.text);
				break;
			}

			default: {
				if ('tokens' in token && Array.isArray(token.tokens)) {
					out += inlinePlainText(token.tokens as Token[], images);
				}
			}
		}
	}

	return out.replaceAll(/\s+/gu, ' ').trim();
}

/** GitHub's alert types, in the order GitHub lists them. */
export const alertTypes = ['note', 'tip', 'important', 'warning', 'caution'] as const;
export type AlertType = typeof alertTypes[number];
const alertMarker = /^\[!(note|tip|important|warning|caution)\][ \t]*(?:\n|$)/iu;

/** A blockquote that starts with `[!NOTE]` (GitHub's alerts): its type, and its content without the marker. */
function markAlert(token: Tokens.Blockquote): void {
	const match = alertMarker.exec(token.text.trimStart());
	if (!match) {
		return;
	}

	(token as Tokens.Blockquote & {alert?: AlertType}).alert = match[1]!.toLowerCase() as AlertType;
	token.tokens = lexMarkdown(token.text.trimStart().slice(match[0].length));
}

/** A block token list with its HTML blocks replaced by the Markdown they stand for, and inline HTML converted. */
export function convertHtml(tokens: readonly Token[], depth = 0): Token[] {
	const out: Token[] = [];
	for (const token of tokens) {
		if (token.type === 'html' && (token as Tokens.HTML).block) {
			if (depth >= maxDepth || token.raw.length > maxBlockHtml) {
				const text = token.raw.replaceAll(/<[^>]*>/gu, ' ').replaceAll(/\s+/gu, ' ').trim();
				if (text !== '') {
					out.push({type: 'paragraph', raw: text, text, tokens: [textToken(text)]} as Tokens.Paragraph);
				}

				continue;
			}

			const markdown = readmeHtmlToMarkdown(token.raw);
			if (markdown !== '') {
				out.push(...convertHtml(lexMarkdown(markdown), depth + 1), {type: 'space', raw: '\n\n'});
			}

			continue;
		}

		convertChildren(token, depth);
		out.push(token);
	}

	return out;
}

function convertChildren(token: Token, depth: number): void {
	const item = token as Token & {tokens?: Token[]; items?: Token[]};
	switch (token.type) {
		case 'blockquote': {
			markAlert(token as Tokens.Blockquote);
			item.tokens = convertHtml(item.tokens ?? [], depth);
			break;
		}

		case 'list_item': {
			item.tokens = convertHtml(item.tokens ?? [], depth);
			break;
		}

		case 'list': {
			for (const listItem of item.items ?? []) {
				convertChildren(listItem, depth);
			}

			break;
		}

		case 'table': {
			const table = token as Tokens.Table;
			for (const cell of [...table.header, ...table.rows.flat()]) {
				cell.tokens = convertInlineHtml(cell.tokens);
			}

			break;
		}

		case 'code':
		case 'codespan': {
			break;
		}

		default: {
			const footnotes = token as unknown as {items?: Array<{content?: Token[]}>};
			if (token.type === 'footnotes' && Array.isArray(footnotes.items)) {
				for (const note of footnotes.items) {
					note.content &&= convertHtml(note.content, depth);
				}
			} else if (Array.isArray(item.tokens)) {
				item.tokens = convertInlineHtml(item.tokens);
			}
		}
	}
}
