import {Marked, type Tokens} from 'marked';
import {markedTerminal} from 'marked-terminal';
import {Chalk} from 'chalk';
import {highlight, supportsLanguage} from 'cli-highlight';
import wrapAnsi from 'wrap-ansi';
import cliTruncate from 'cli-truncate';
import sliceAnsi from 'slice-ansi';
import {decodeHTML} from 'entities';
import stringWidth from 'string-width';
import {keepOnlySgr, neutraliseLine, type SafeLine, type SafeText} from '../text/neutralise.js';
import type {Article} from '../types.js';
import {guardMarkdown, plainFallback} from './guard.js';

/** A link found in the body: shown as `text[n]` in place and listed in full under Links. */
export type ArticleLink = {readonly n: number; readonly text: SafeText; readonly url: SafeText; readonly line: number};
export type ArticleHeading = {readonly level: number; readonly text: SafeText; readonly line: number};

/** An article rendered once for one width. Views only slice `lines`. */
export type RenderedArticle = {
	readonly lines: readonly SafeLine[];
	readonly links: readonly ArticleLink[];
	readonly headings: readonly ArticleHeading[];
	readonly width: number;
	/** Why the body was shown as plain text instead of Markdown, when it was. */
	readonly fallback?: string;
};

export type RenderOptions = {
	/** Columns available for the body. */
	readonly width: number;
	/** false: no SGR styling at all (pipes, NO_COLOR, TERM=dumb). */
	readonly color: boolean;
};

// Markers the renderer puts in front of a line so that post-processing knows how to treat it. They are private-use
// characters, and any such character in the article itself is replaced before rendering.
const NOWRAP = '\uE000';
const HEADING = '\uE001';
const HARD_BREAK = '\uE002';
const privateMarkers = /[\uE000-\uE002]/gu;

const controlReference = /&#(?:(\d{1,7})|[xX]([\da-fA-F]{1,6}));/gu;
function showControlReference(match: string, decimal: string | undefined, hex: string | undefined): string {
	const code = decimal === undefined ? Number.parseInt(hex!, 16) : Number.parseInt(decimal, 10);
	if (code === 0x0A || code === 0x09) {
		return match;
	}

	if (code < 0x20) {
		return String.fromCodePoint(0x24_00 + code);
	}

	if (code === 0x7F) {
		return '\u2421';
	}

	if ((code >= 0x80 && code <= 0x9F) || code > 0x10_FF_FF || (code >= 0xD8_00 && code <= 0xDF_FF)) {
		return '\uFFFD';
	}

	if ((code >= 0x20_2A && code <= 0x20_2E) || (code >= 0x20_66 && code <= 0x20_69)) {
		return `⟦U+${code.toString(16).toUpperCase()}⟧`;
	}

	return match;
}

const bidi = /[\u202A-\u202E\u2066-\u2069]/gu;
const showBidi = (character: string) => `⟦U+${character.codePointAt(0)!.toString(16).toUpperCase()}⟧`;

/** Styling is ours, decided here, not by sniffing process.stdout: rendering stays pure and deterministic. */
const styles = (color: boolean) => {
	const chalk = new Chalk({level: color ? 1 : 0});
	return {
		chalk,
		options: {
			code: chalk.yellow,
			blockquote: chalk.gray.italic,
			html: chalk.gray,
			heading: chalk.green.bold,
			firstHeading: chalk.magenta.bold,
			hr: chalk.gray,
			listitem: (text: string) => text,
			table: (text: string) => text,
			paragraph: (text: string) => text,
			strong: chalk.bold,
			em: chalk.italic,
			codespan: chalk.yellow,
			del: chalk.dim.strikethrough,
			link: (text: string) => text,
			href: chalk.blue.underline,
			text: (text: string) => text,
		},
	};
};

const isOpenable = (url: string) => /^(https?:|mailto:)/iu.test(url.trim());

function splitLines(text: string): string[] {
	return text.split('\n');
}

const stripSgr = (text: string) => text.replaceAll(/\u001B\[[\d;:]*m/gu, '');

/**
Wraps one styled line to `width` cells. Continuation lines keep the line's indentation, quote bars and the room of a
list marker (a hanging indent), so a wrapped list item stays under its text and a quote keeps its bar.
*/
export function wrapWithHangingIndent(line: string, width: number): string[] {
	const plain = stripSgr(line);
	const match = /^([ │]*)((?:•|\d+\.|\[[ x]\])\s+)?/u.exec(plain);
	const lead = match?.[1] ?? '';
	const marker = match?.[2] ?? '';
	const prefixCells = stringWidth(lead + marker);
	if (prefixCells === 0 || prefixCells > width / 2) {
		return wrapAnsi(line, width, {hard: true, trim: true}).split('\n');
	}

	const head = sliceAnsi(line, 0, prefixCells);
	const continuation = sliceAnsi(line, 0, stringWidth(lead)) + ' '.repeat(stringWidth(marker));
	const parts = wrapAnsi(sliceAnsi(line, prefixCells), width - prefixCells, {hard: true, trim: true}).split('\n');
	return parts.map((part, index) => (index === 0 ? head : continuation) + part);
}

/**
Renders an article's Markdown into terminal lines at a width. Pure: no stdout, no environment, the same input gives
the same lines. Links are numbered here (marked-terminal would otherwise print OSC 8 hyperlinks when it thinks the
terminal supports them), code is highlighted only when its fence names a language, and every line of flowing text
fits in `width` cells (code and table lines that do not are cut with a visible `…`).
*/
export function renderMarkdown(body: string, options: RenderOptions): RenderedArticle {
	const width = Math.max(10, Math.floor(options.width));
	const {chalk, options: styleOptions} = styles(options.color);
	const links: Array<{n: number; text: SafeText; url: SafeText}> = [];
	const headingTexts: Array<{level: number; text: SafeText}> = [];
	const linkNumber = (url: string, text: string): number => {
		links.push({n: links.length + 1, text: neutraliseLine(text), url: neutraliseLine(url)});
		return links.length;
	};

	const marked = new Marked({gfm: true, async: false});
	const terminal = markedTerminal({...styleOptions, width, reflowText: false, showSectionPrefix: false, tab: 2, emoji: false,
		tableOptions: {style: {head: options.color ? ['cyan'] : [], border: options.color ? ['gray'] : []}}}) as {renderer: Record<string, (...args: unknown[]) => string>};
	const terminalTable = terminal.renderer['table']!;
	marked.use(terminal as never);
	type Parser = {parse(tokens: unknown[], loose?: boolean): string; parseInline(tokens: unknown[]): string};
	marked.use({
		renderer: {
			// marked-terminal 7.3.1 ignores the inline tokens of a tight list item's text (so `**bold**` shows its
			// stars) and decodes no entities; soft line breaks become spaces here, since all wrapping is done below.
			table(this: unknown, token: Tokens.Table) {
				// Table rows are never re-wrapped (that would tear the grid); a row wider than the page is cut with `…`.
				const out = terminalTable.call(this, token);
				return out.split('\n').map(line => (line === '' ? line : NOWRAP + line)).join('\n');
			},
			text(this: {parser: Parser}, token: Tokens.Text | Tokens.Escape) {
				if ('tokens' in token && token.tokens) {
					return this.parser.parseInline(token.tokens).replaceAll('\n', ' ');
				}

				return decodeHTML(token.text).replaceAll('\n', ' ');
			},
			br() {
				return HARD_BREAK;
			},
			paragraph(this: {parser: Parser}, token: Tokens.Paragraph) {
				return this.parser.parseInline(token.tokens).replaceAll('\n', ' ').replaceAll(HARD_BREAK, '\n') + '\n\n';
			},
			codespan(token: Tokens.Codespan) {
				return chalk.yellow(decodeHTML(token.text));
			},
			html(token: Tokens.HTML | Tokens.Tag) {
				// Raw HTML is shown as text, never interpreted.
				return chalk.gray(token.text);
			},
			// marked-terminal numbers the items of a nested list with the outer list's counter; lists are laid out here.
			list(this: {parser: Parser}, token: Tokens.List) {
				const start = typeof token.start === 'number' ? token.start : 1;
				const items = token.items.map((item, index) => {
					const marker = token.ordered ? `${start + index}.` : '•';
					const content = (this.parser.parse(item.tokens, Boolean(item.loose)).replaceAll(HARD_BREAK, '\n')).replace(/^\n+|\s+$/gu, '');
					const [first = '', ...rest] = content.split('\n');
					const hang = ' '.repeat(marker.length + 1);
					return [`${marker} ${first}`, ...rest.map(line => (line === '' ? '' : hang + line))].join('\n');
				});
				return '\n' + items.map(item => item.split('\n').map(line => (line === '' ? '' : `  ${line}`)).join('\n')).join(token.loose ? '\n\n' : '\n') + '\n\n';
			},
			blockquote(this: {parser: Parser}, token: Tokens.Blockquote) {
				const inner = this.parser.parse(token.tokens).replace(/\s+$/u, '');
				return inner.split('\n').map(line => chalk.gray('│ ') + chalk.italic(line)).join('\n') + '\n\n';
			},
			link(this: {parser: Parser}, token: Tokens.Link) {
				const text = this.parser.parseInline(token.tokens);
				const n = linkNumber(token.href, token.text);
				const label = isOpenable(token.href) ? chalk.blue(text) : text;
				return `${label}${chalk.dim(`[${n}]`)}`;
			},
			image(token: Tokens.Image) {
				const n = linkNumber(token.href, token.text);
				return chalk.cyan(`[image: ${decodeHTML(token.text) || 'no description'}]`) + chalk.dim(`[${n}]`);
			},
			code(token: Tokens.Code) {
				const language = (token.lang ?? '').trim().split(/\s+/u)[0] ?? '';
				let code = token.text.replace(/\n+$/u, '');
				if (options.color && language !== '' && supportsLanguage(language)) {
					try {
						code = highlight(code, {language, ignoreIllegals: true});
					} catch {
						code = chalk.yellow(code);
					}
				} else {
					code = chalk.yellow(code);
				}

				return code.split('\n').map(line => `${NOWRAP}  ${line}`).join('\n') + '\n\n';
			},
			heading(this: {parser: {parseInline(tokens: unknown[]): string}}, token: Tokens.Heading) {
				const text = this.parser.parseInline(token.tokens);
				headingTexts.push({level: token.depth, text: neutraliseLine(token.text)});
				const style = token.depth === 1 ? chalk.magenta.bold : (token.depth === 2 ? chalk.green.bold : chalk.green);
				const wrapped = wrapAnsi(text, width, {hard: true, trim: true}).split('\n');
				return wrapped.map((line, index) => (index === 0 ? HEADING : '') + style(line)).join('\n') + '\n\n';
			},
			hr() {
				return chalk.gray('─'.repeat(Math.min(width, 40))) + '\n\n';
			},
		},
	});

	// marked decodes numeric character references after the neutraliser has run, so `&#27;` would become a raw ESC
	// (marked-terminal then drops it silently and leaves the payload). Show such references as control pictures.
	const cleanBody = body.replace(privateMarkers, '\uFFFD').replace(controlReference, showControlReference);
	const plain = (reason: string): RenderedArticle => ({
		lines: [chalk.yellow(`Shown as plain text: ${reason}`) as SafeLine, '' as SafeLine, ...(plainFallback(body, width) as unknown as SafeLine[])],
		links: [],
		headings: [],
		width,
		fallback: reason,
	});
	const verdict = guardMarkdown(cleanBody);
	if (verdict.mode === 'plain') {
		return plain(verdict.reason);
	}

	let output: string;
	try {
		output = marked.parse(cleanBody) as string;
	} catch (error) {
		// The guard's limits are measured, but a renderer that still throws (a stack overflow on a shape nobody
		// measured) must cost the reader one article's formatting, never the program.
		return plain(`the Markdown could not be rendered (${error instanceof Error ? error.message : String(error)})`);
	}

	const lines: SafeLine[] = [];
	const headings: ArticleHeading[] = [];
	let headingIndex = 0;
	let blank = true;
	for (let raw of splitLines(output)) {
		raw = raw.replace(bidi, showBidi).replace(/\r/gu, '');
		if (raw.startsWith(HEADING)) {
			raw = raw.slice(HEADING.length);
			const heading = headingTexts[headingIndex++];
			if (heading) {
				headings.push({...heading, line: lines.length});
			}
		}

		const noWrap = raw.includes(NOWRAP);
		raw = raw.replaceAll(NOWRAP, '');
		const safe = keepOnlySgr(raw.replace(/\s+$/u, ''));
		const isBlank = safe.trim() === '' || stringWidth(safe) === 0;
		if (isBlank) {
			if (!blank) {
				lines.push('' as SafeLine);
			}

			blank = true;
			continue;
		}

		blank = false;
		if (stringWidth(safe) <= width) {
			lines.push(safe);
		} else if (noWrap) {
			lines.push(cliTruncate(safe, width, {position: 'end', truncationCharacter: '…'}) as SafeLine);
		} else {
			for (const part of wrapWithHangingIndent(safe, width)) {
				lines.push(part.replace(/\s+$/u, '') as SafeLine);
			}
		}
	}

	while (lines.length > 0 && lines.at(-1) === '') {
		lines.pop();
	}

	const located: ArticleLink[] = [];
	if (links.length > 0) {
		lines.push('' as SafeLine, chalk.bold('Links') as SafeLine);
		for (const link of links) {
			const prefix = `[${link.n}] `;
			const target = isOpenable(link.url) ? link.url : `${link.url} (not opened: only http, https and mailto links open)`;
			located.push({...link, line: lines.length});
			const wrapped = wrapAnsi(target, Math.max(4, width - prefix.length), {hard: true, trim: false}).split('\n');
			for (const [index, part] of wrapped.entries()) {
				lines.push(((index === 0 ? chalk.dim(prefix) : ' '.repeat(prefix.length)) + part) as SafeLine);
			}
		}
	}

	return {lines, links: located, headings, width};
}

export function renderArticle(article: Article, options: RenderOptions): RenderedArticle {
	const {chalk} = styles(options.color);
	if (article.meta.error) {
		return {
			lines: [
				chalk.yellow(`This file could not be shown: ${article.meta.error}`) as SafeLine,
				'' as SafeLine,
				chalk.dim(`File: ${neutraliseLine(article.meta.path)}`) as SafeLine,
			],
			links: [],
			headings: [],
			width: options.width,
		};
	}

	const rendered = renderMarkdown(article.body, options);
	if (article.warnings.length === 0) {
		return rendered;
	}

	const notes = article.warnings.map(warning => chalk.yellow(`Note: ${warning}`) as SafeLine);
	const shift = notes.length + 1;
	return {
		...rendered,
		lines: [...notes, '' as SafeLine, ...rendered.lines],
		links: rendered.links.map(link => ({...link, line: link.line + shift})),
		headings: rendered.headings.map(heading => ({...heading, line: heading.line + shift})),
	};
}
