import {Marked, type Tokens} from 'marked';
import {markedTerminal} from 'marked-terminal';
import markedFootnote from 'marked-footnote';
import {Chalk} from 'chalk';
import {decodeEntities, decodeEntitiesLine, keepOnlySgr, neutralise, neutraliseLine, type SafeLine, type SafeText} from '../text/neutralise.js';
import {cellWidth, expandTabs, sliceStyled, truncateCells, wrapStyled} from '../text/cells.js';
import type {Article} from '../types.js';
import {fullTextMarker} from '../article/full-text-section.js';
import {guardMarkdown, plainFallback, plainPage} from './guard.js';
import {layoutTable, type Align} from './table-layout.js';
import {stripSgr} from '../text/styled-ranges.js';
import {nameToEmoji} from 'gemoji';
import GithubSlugger from 'github-slugger';
import {convertHtml, inlinePlainText, parseTag, type AlertType} from './html-in-markdown.js';
import {highlightCode, newHighlightBudget} from './highlight-code.js';
import {bodyRoles, inkStyle, themes, type BodyRole, type BodyTheme, type InkStyle} from '../theme/theme.js';

/** A link found in the body: shown as `text[n]` in place and listed in full under Links. */
export type ArticleLink = {readonly n: number; readonly text: SafeText; readonly url: SafeText; readonly line: number};
/** A heading: its plain text (no Markdown, no HTML) and its GitHub anchor (`#install`), for in-page links. */
export type ArticleHeading = {readonly level: number; readonly text: SafeText; readonly line: number; readonly slug?: string};
/** An image, shown in the body as the link `[image: alt][n]`. */
export type ArticleImage = {readonly n: number; readonly alt: SafeText; readonly url: SafeText};

/**
A table or code block on the page, with what wide mode shows for it: the table at its natural width, the code with no
line cut. `lines[line]` up to (not including) `lines[endLine]` are the block on the page; `cut` says whether the page
shows less than `wideLines` (records, squeezed columns or cut code lines).
*/
export type WideBlock = {
	readonly kind: 'table' | 'code';
	readonly line: number;
	readonly endLine: number;
	readonly wideLines: readonly SafeLine[];
	/** The widest of `wideLines`, in cells. */
	readonly wideWidth: number;
	readonly cut: boolean;
};

/** An article rendered once for one width. Views only slice `lines`. */
export type RenderedArticle = {
	readonly lines: readonly SafeLine[];
	readonly links: readonly ArticleLink[];
	readonly headings: readonly ArticleHeading[];
	readonly width: number;
	/** Tables and code blocks, in page order, for wide mode. */
	readonly blocks: readonly WideBlock[];
	readonly images: readonly ArticleImage[];
	/** Why the body was shown as plain text instead of Markdown, when it was. */
	readonly fallback?: string;
};

export type RenderOptions = {
	/** Columns available for the body. */
	readonly width: number;
	/** false: no SGR styling at all (pipes, NO_COLOR, TERM=dumb). */
	readonly color: boolean;
	/** Columns code blocks may use, when more than `width` (the terminal's width beside a narrower reading column). */
	readonly codeWidth?: number;
	/** The title the header already shows: a first-level heading that opens the body with the same text is not shown again. */
	readonly title?: string;
	/**
	The body's styles from the theme, resolved to the terminal's depth (source/core/theme/theme.ts); a role it leaves out
	keeps the `terminal` theme's look. Plain data: it crosses to the render worker.
	*/
	readonly theme?: BodyTheme;
};

/** What each code line starts with: a bar that frames the block. */
export const codeGutter = '▏ ';
/** Under a code block whose long lines the page cut. */
export const codeCutNote = '  … long lines cut: w shows them whole';

const superscriptDigits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
/** A footnote's number as superscript digits (`¹²`); a label that is not a number stays as it is, after a `^`. */
export const footnoteMark = (id: string): string => (/^\d+$/u.test(id) ? [...id].map(digit => superscriptDigits[Number(digit)]).join('') : `^${id}`);

// GitHub's shortcodes (gemoji): `:book:` is 📖; a name gemoji does not know stays as written (times like 12:30:45 too).
const emojiShortcode = /:([a-z\d_+-]+):/gu;
const emojify = (text: string): string => (text.includes(':') ? text.replaceAll(emojiShortcode, (match, name: string) => nameToEmoji[name] ?? match) : text);

// The badge row shortens an image's address to its last parts when the image has no alt text.
const badgeLabel = (alt: string, url: string): string => {
	const label = alt.trim() === '' ? url.replace(/[?#].*$/u, '').replace(/\.(svg|png|gif|jpe?g|webp)$/iu, '').split('/').filter(Boolean).slice(-2).join('/') : alt.trim();
	return label.length > 24 ? label.slice(0, 23) + '…' : (label === '' ? 'badge' : label);
};

type Paint = (text: string) => string;
type ChalkInstance = InstanceType<typeof Chalk>;

// The `terminal` theme's body: what a role the options leave out looks like.
const terminalBody: Readonly<Record<BodyRole, InkStyle>> = Object.fromEntries(bodyRoles.map(role => [role, inkStyle(themes.terminal[role], '16')])) as Record<BodyRole, InkStyle>;

const chalkColor = (chalk: ChalkInstance, color: string, background: boolean): ChalkInstance => {
	if (color.startsWith('#')) {
		return background ? chalk.bgHex(color) : chalk.hex(color);
	}

	const n = /^ansi256\((\d+)\)$/u.exec(color)?.[1];
	if (n !== undefined) {
		return background ? chalk.bgAnsi256(Number(n)) : chalk.ansi256(Number(n));
	}

	const name = (background ? `bg${color[0]!.toUpperCase()}${color.slice(1)}` : color) as 'red';
	return typeof chalk[name] === 'function' ? chalk[name] : chalk;
};

/** A role's style as a chalk function: colour, background, then bold, dim, italic, underline, inverse. */
function paintOf(chalk: ChalkInstance, style: InkStyle): Paint {
	let paint = chalk;
	if (style.color !== undefined) {
		paint = chalkColor(paint, style.color, false);
	}

	if (style.backgroundColor !== undefined) {
		paint = chalkColor(paint, style.backgroundColor, true);
	}

	for (const [on, attribute] of [[style.bold, 'bold'], [style.dimColor, 'dim'], [style.italic, 'italic'], [style.underline, 'underline'], [style.inverse, 'inverse']] as const) {
		if (on) {
			paint = paint[attribute];
		}
	}

	return paint === chalk ? (text: string) => text : paint;
}

/** The body's roles as chalk functions, the theme's over the `terminal` theme's. */
const bodyPaints = (chalk: ChalkInstance, theme: BodyTheme | undefined): Record<BodyRole, Paint> =>
	Object.fromEntries(bodyRoles.map(role => [role, paintOf(chalk, theme?.[role] ?? terminalBody[role])])) as Record<BodyRole, Paint>;

const alertLabels: Record<AlertType, string> = {note: 'Note', tip: 'Tip', important: 'Important', warning: 'Warning', caution: 'Caution'};

// Markers the renderer puts in front of a line so that post-processing knows how to treat it. They are private-use
// characters, and any such character in the article itself is replaced before rendering.
const NOWRAP = '\uE000';
const HEADING = '\uE001';
const HARD_BREAK = '\uE002';
// BLOCK_START <digits> BLOCK_END on every line of a table or code block: which WideBlock the line belongs to.
const BLOCK_START = '\uE003';
const BLOCK_END = '\uE004';
const RTL = '\uE005';
const privateMarkers = /[\uE000-\uE00F]/gu;
const blockMarker = /\uE003(\d+)\uE004/u;

// The scripts written right to left. A paragraph whose first letter is in one of them is right-to-left (the
// paragraph-level rule P2 of the Unicode bidirectional algorithm, with letters standing in for strong characters).
const firstLetter = /\p{L}/u;
const rtlLetter = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Yezidi}]/u;

/** Whether a paragraph reads right to left: its first letter belongs to a right-to-left script. */
export function isRightToLeft(text: string): boolean {
	const letter = firstLetter.exec(stripSgr(text));
	return letter !== null && rtlLetter.test(letter[0]);
}

/** Tabs in code become spaces to the next multiple of four, so that a code line's width is known. */
/**
Entities are decoded only by the neutraliser (decode, then neutralise), and a decoded private-use character cannot
pose as one of the markers above.
*/
const decode = (text: string): string => decodeEntities(text).replace(privateMarkers, '\uFFFD');

/** Styling is ours, decided here, not by sniffing process.stdout: rendering stays pure and deterministic. */
const styles = (color: boolean, theme?: BodyTheme) => {
	// Level 3 shows every colour as the theme gives it: the theme was already brought down to the terminal's depth.
	const chalk = new Chalk({level: color ? 3 : 0});
	const paint = bodyPaints(chalk, theme);
	return {
		chalk,
		paint,
		// cli-highlight's default theme uses its own chalk, whose level comes from sniffing process.stdout: piped, the
		// same article would render without colours. So the highlighting theme is built on this chalk too.
		// Token kinds to theme roles (the terminal theme keeps the colours highlighting always had).
		codeTheme: {
			keyword: paint['body.code.keyword'], built_in: paint['body.code.builtin'], type: paint['body.code.type'],
			literal: paint['body.code.keyword'], number: paint['body.code.number'], regexp: paint['body.code.string'],
			string: paint['body.code.string'], class: paint['body.code.keyword'], function: paint['body.code.function'],
			comment: paint['body.code.comment'], doctag: paint['body.code.comment'], meta: paint['body.code.meta'],
			tag: paint['body.code.meta'], name: paint['body.code.keyword'], attr: paint['body.code.builtin'],
			emphasis: chalk.italic, strong: chalk.bold, link: chalk.underline, addition: paint['body.code.number'],
			deletion: paint['body.code.string'],
		},
		options: {
			code: paint['body.code'],
			blockquote: chalk.gray.italic,
			html: chalk.gray,
			heading: paint['body.h2'],
			firstHeading: paint['body.h1'],
			hr: paint['body.rule'],
			listitem: (text: string) => text,
			table: (text: string) => text,
			paragraph: (text: string) => text,
			strong: paint['body.strong'],
			em: paint['body.emphasis'],
			codespan: paint['body.code'],
			del: chalk.dim.strikethrough,
			link: (text: string) => text,
			href: paint['body.link'],
			text: (text: string) => text,
		},
	};
};

// A relative path to an article file opens that article inside Tidings (source/app/reader-links.ts), so it is openable too.
const isOpenable = (url: string) => /^(https?:|mailto:|#)/iu.test(url.trim()) || /^(?![a-z][a-z\d+.-]*:|\/\/)[^?#]+\.(md|markdown|txt)(?:[?#].*)?$/iu.test(url.trim());

const comparableTitle = (text: string) => text.normalize('NFKC').toLowerCase().replaceAll(/[\s\p{P}]+/gu, ' ').trim();
const sameTitle = (heading: string, title: string) => heading !== '' && comparableTitle(heading) === comparableTitle(title);

function splitLines(text: string): string[] {
	return text.split('\n');
}


/**
Wraps one styled line to `width` cells. Continuation lines keep the line's indentation, quote bars and the room of a
list marker (a hanging indent), so a wrapped list item stays under its text and a quote keeps its bar.
*/
export function wrapWithHangingIndent(line: string, width: number): string[] {
	const plain = stripSgr(line);
	const match = /^([ │]*)((?:•|\d+\.|\[[ x]\]|[⁰¹²³⁴⁵⁶⁷⁸⁹]+|\^\S+)\s+)?/u.exec(plain);
	const lead = match?.[1] ?? '';
	const marker = match?.[2] ?? '';
	const prefixCells = cellWidth(lead + marker);
	if (prefixCells === 0 || prefixCells > width / 2) {
		return wrapStyled(line, width);
	}

	const head = sliceStyled(line, 0, prefixCells);
	const continuation = sliceStyled(line, 0, cellWidth(lead)) + ' '.repeat(cellWidth(marker));
	const parts = wrapStyled(sliceStyled(line, prefixCells), width - prefixCells);
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
	// Code may use the whole terminal when the reading column is narrower (80 columns of text at 120).
	const codeWidth = Math.max(width, Math.floor(options.codeWidth ?? width));
	const {chalk, paint, codeTheme, options: styleOptions} = styles(options.color, options.theme);
	const links: Array<{n: number; text: SafeText; url: SafeText}> = [];
	const images: ArticleImage[] = [];
	const headingTexts: Array<{level: number; text: SafeText; slug: string}> = [];
	const slugger = new GithubSlugger();
	// Headings differ by level with colour, and by GitHub's `#` marks without it (pipes, NO_COLOR).
	const levelStyles = [paint['body.h1'], paint['body.h2'], paint['body.h3'], paint['body.h4'], paint['body.h5'], paint['body.h6']];
	const headingLine = (level: number, text: string): string => (options.color ? levelStyles[Math.min(6, Math.max(1, level)) - 1]!(text) : `${'#'.repeat(level)} ${text}`);
	const blockSources: Array<{kind: 'table' | 'code'; wideLines: readonly string[]; cut: boolean}> = [];
	// Cells taken on the left by the lists and quotes the renderer is inside, so a table or code block fits after them.
	let inset = 0;
	const highlightBudget = newHighlightBudget();
	const addBlock = (kind: 'table' | 'code', lines: readonly string[], wideLines: readonly string[], cut: boolean): string => {
		const id = blockSources.length;
		blockSources.push({kind, wideLines, cut});
		return lines.map(line => `${NOWRAP}${BLOCK_START}${id}${BLOCK_END}${line}`).join('\n');
	};
	const linkNumber = (url: string, text: string): number => {
		links.push({n: links.length + 1, text: neutraliseLine(text), url: neutraliseLine(url)});
		return links.length;
	};

	const marked = new Marked({gfm: true, async: false});
	const terminal = markedTerminal({...styleOptions, width, reflowText: false, showSectionPrefix: false, tab: 2, emoji: false});
	marked.use(terminal);
	// GitHub's footnotes: `[^label]` references numbered in order of first use, the notes gathered at the end.
	marked.use(markedFootnote());
	type Parser = {parse(tokens: unknown[], loose?: boolean): string; parseInline(tokens: unknown[]): string};
	type FootnoteRef = {id: string};
	type Footnotes = {items: Array<{label: string; content: unknown[]; refs: FootnoteRef[]}>};
	// HTML blocks and inline HTML become the Markdown they stand for (html-in-markdown.ts) before anything is rendered.
	// The list is changed in place: marked-footnote keeps a reference to it, to move its Footnotes token to the end.
	marked.use({hooks: {processAllTokens(tokens) {
		tokens.splice(0, tokens.length, ...convertHtml(tokens) as typeof tokens);
		// The header shows the title: a first heading that only repeats it is not shown twice. Only a logo or badges
		// (paragraphs without words) may come before it.
		const first = tokens.findIndex(token => token.type !== 'space' && token.type !== 'footnotes' && !(token.type === 'paragraph' && inlinePlainText((token as Tokens.Paragraph).tokens, false) === ''));
		const opening = tokens[first];
		if (options.title !== undefined && opening?.type === 'heading' && (opening as Tokens.Heading).depth === 1
			&& sameTitle(inlinePlainText((opening as Tokens.Heading).tokens), options.title)
			&& tokens.slice(first + 1).some(token => token.type !== 'space' && token.type !== 'footnotes')) {
			tokens.splice(first, 1);
		}

		return tokens;
	}}});
	marked.use({
		extensions: [
			{
				name: 'footnoteRef',
				renderer(token) {
					return paint['body.footnote'](footnoteMark((token as unknown as FootnoteRef).id));
				},
			},
			{
				name: 'footnotes',
				renderer(this: {parser: Parser}, token) {
					const {items} = token as unknown as Footnotes;
					if (items.length === 0) {
						return '';
					}

					headingTexts.push({level: 2, text: neutraliseLine('Footnotes'), slug: slugger.slug('Footnotes')});
					const notes = items.map(item => {
						const number = item.refs[0]?.id ?? item.label;
						const prefix = `${footnoteMark(number)} `;
						const text = this.parser.parse(item.content).replaceAll(HARD_BREAK, '\n').replace(/^\n+|\s+$/gu, '');
						const [first = '', ...rest] = text.split('\n');
						return [paint['body.list.marker'](prefix) + first, ...rest.map(line => (line === '' ? '' : ' '.repeat(prefix.length) + line))].join('\n');
					});
					return `${HEADING}${headingLine(2, 'Footnotes')}\n\n${notes.join('\n')}\n\n`;
				},
			},
		],
		renderer: {
			// marked-terminal 7.3.1 ignores the inline tokens of a tight list item's text (so `**bold**` shows its
			// stars) and decodes no entities; soft line breaks become spaces here, since all wrapping is done below.
			table(this: {parser: Parser}, token: Tokens.Table) {
				// Each cell is rendered once (this numbers its links once) and laid out by table-layout.ts.
				const cell = (tokens: unknown[]) => this.parser.parseInline(tokens).replaceAll(/[\n\uE002]/gu, ' ');
				const layout = layoutTable({
					header: token.header.map(item => cell(item.tokens)),
					rows: token.rows.map(row => row.map(item => cell(item.tokens))),
					align: token.align as Align[],
				}, Math.max(10, width - inset), {
					border: text => paint['body.table.border'](text),
					head: text => paint['body.table.head'](text),
					label: text => paint['body.footnote'](text),
					note: text => paint['body.note'](chalk.italic(text)),
				});
				return addBlock('table', layout.lines, layout.wideLines, layout.mode === 'records' || layout.wideLines !== layout.lines) + '\n\n';
			},
			checkbox() {
				// The list item shows `[ ]` or `[x]` in place of its bullet.
				return '';
			},
			del(this: {parser: Parser}, token: Tokens.Del) {
				const inner = this.parser.parseInline(token.tokens);
				// Without colour a struck-out word would look like any other: a combining long stroke (U+0336) over each
				// character keeps the meaning without leaking Markdown's tildes.
				return options.color ? chalk.dim.strikethrough(inner) : [...inner].map(character => (/\s/u.test(character) ? character : character + '\u0336')).join('');
			},
			text(this: {parser: Parser}, token: Tokens.Text | Tokens.Escape) {
				if ('tokens' in token && token.tokens) {
					return this.parser.parseInline(token.tokens).replaceAll('\n', ' ');
				}

				// `Term` on one line and `: definition` on the next (the definition-list convention of PHP Markdown
				// Extra and Pandoc): the definition goes on its own, indented line instead of joining the term's.
				const text = decode(token.text).replaceAll(/\n:[ \t]+/gu, `${HARD_BREAK}    `).replaceAll('\n', ' ');
				return token.type === 'escape' ? text : emojify(text);
			},
			br() {
				return HARD_BREAK;
			},
			paragraph(this: {parser: Parser}, token: Tokens.Paragraph) {
				const text = this.parser.parseInline(token.tokens).replaceAll('\n', ' ');
				// Right-to-left paragraphs are marked for right alignment below; their characters stay in logical order.
				const rtl = isRightToLeft(text) ? RTL : '';
				return text.split(HARD_BREAK).map(line => rtl + line).join('\n') + '\n\n';
			},
			codespan(token: Tokens.Codespan) {
				return paint['body.code'](decode(token.text));
			},
			html(token: Tokens.HTML | Tokens.Tag) {
				if (token.text.trim() === fullTextMarker) {
					return '';
				}

				// HTML was converted before rendering (html-in-markdown.ts); a tag left over is dropped, never shown, and
				// something in angle brackets that is not HTML is text.
				return parseTag(token.text) === undefined ? token.text : '';
			},
			// marked-terminal numbers the items of a nested list with the outer list's counter; lists are laid out here.
			list(this: {parser: Parser}, token: Tokens.List) {
				const start = typeof token.start === 'number' ? token.start : 1;
				const items = token.items.map((item, index) => {
					// A task list item shows its box where the bullet would be, as GitHub does.
					const marker = item.task ? (item.checked ? '[x]' : '[ ]') : (token.ordered ? `${start + index}.` : '•');
					const hang = ' '.repeat(marker.length + 1);
					inset += 2 + hang.length;
					const content = (this.parser.parse(item.tokens, Boolean(item.loose)).replaceAll(HARD_BREAK, '\n').replaceAll(RTL, '')).replace(/^\n+|\s+$/gu, '');
					inset -= 2 + hang.length;
					const [first = '', ...rest] = content.split('\n');
					return [`${marker} ${first}`, ...rest.map(line => (line === '' ? '' : hang + line))].join('\n');
				});
				return '\n' + items.map(item => item.split('\n').map(line => (line === '' ? '' : `  ${line}`)).join('\n')).join(token.loose ? '\n\n' : '\n') + '\n\n';
			},
			blockquote(this: {parser: Parser}, token: Tokens.Blockquote & {alert?: AlertType}) {
				inset += 2;
				const inner = this.parser.parse(token.tokens).replace(/\s+$/u, '').replaceAll(RTL, '');
				inset -= 2;
				if (token.alert) {
					// GitHub's alerts: a labelled callout, its bar in the alert's colour; the label in capitals without colour.
					const colour = paint[`body.alert.${token.alert}`];
					const label = options.color ? colour(chalk.bold(alertLabels[token.alert])) : alertLabels[token.alert].toUpperCase();
					return [label, ...inner.replace(/^\n+/u, '').split('\n')].map(line => colour('│ ') + line).join('\n') + '\n\n';
				}

				return inner.split('\n').map(line => paint['body.quote.bar']('│ ') + paint['body.quote'](line)).join('\n') + '\n\n';
			},
			link(this: {parser: Parser}, token: Tokens.Link) {
				// A badge (`[![Build](svg)](url)`): one short label and one number, for the link's target.
				const shown = token.tokens.filter(item => !(item.type === 'text' && item.text.trim() === ''));
				if (shown.length > 0 && shown.every(item => item.type === 'image')) {
					const labels = shown.map(item => badgeLabel(decode((item as Tokens.Image).text), (item as Tokens.Image).href));
					const n = linkNumber(token.href, labels.join(' '));
					return paint['body.image'](labels.join(' ')) + paint['body.link.number'](`[${n}]`);
				}

				const text = this.parser.parseInline(token.tokens);
				const n = linkNumber(token.href, inlinePlainText(token.tokens));
				const label = isOpenable(token.href) ? paint['body.link'](text) : text;
				return `${label}${paint['body.link.number'](`[${n}]`)}`;
			},
			image(token: Tokens.Image) {
				const n = linkNumber(token.href, token.text);
				images.push({n, alt: decodeEntitiesLine(token.text), url: neutraliseLine(token.href)});
				return paint['body.image'](`[image: ${decode(token.text) || 'no description'}]`) + paint['body.link.number'](`[${n}]`);
			},
			code(token: Tokens.Code) {
				const language = (token.lang ?? '').trim().split(/\s+/u)[0] ?? '';
				const code = token.text.replace(/\n+$/u, '').split('\n').map(line => expandTabs(line, 4)).join('\n');
				// Highlighting only for a named language: cli-highlight's highlight() auto-detects when given none,
				// which is slow and often wrong, so it is never called without one (marked-terminal's own code
				// renderer, which would, is replaced by this one). Its cost is bounded by highlight-code.ts.
				const styled = highlightCode(code, options.color ? language : '', {theme: codeTheme, plain: paint['body.code'], budget: highlightBudget});
				// A bar down the left of every line frames the block, so two blocks in a row stay apart (with or without
				// colour); lines too long for the page are cut with … and a note under the block says w shows them whole.
				const gutter = paint['body.code.gutter'](codeGutter);
				const wide = styled.map(line => `${gutter}${line}`);
				const room = Math.max(10, codeWidth - inset);
				let cut = false;
				const page = wide.map(line => {
					if (cellWidth(line) <= room) {
						return line;
					}

					cut = true;
					return truncateCells(line, room);
				});
				const hint = cut ? `\n${NOWRAP}${paint['body.note'](codeCutNote)}` : '';
				return addBlock('code', page, wide, cut) + hint + '\n\n';
			},
			heading(this: {parser: {parseInline(tokens: unknown[]): string}}, token: Tokens.Heading) {
				const text = this.parser.parseInline(token.tokens);
				// GitHub's anchor is made from the heading's text without images (a logo or badge adds nothing); the
				// outline shows that text too, or the images' alt text when there is nothing else.
				const words = inlinePlainText(token.tokens, false);
				headingTexts.push({level: token.depth, text: neutraliseLine(words || inlinePlainText(token.tokens)), slug: slugger.slug(words)});
				const wrapped = wrapStyled(headingLine(token.depth, text), width);
				return wrapped.map((line, index) => (index === 0 ? HEADING : '') + line).join('\n') + '\n\n';
			},
			hr() {
				return paint['body.rule']('─'.repeat(Math.min(width, 40))) + '\n\n';
			},
		},
	});

	// The body is neutralised here too (a no-op for an article read through parse-article): whoever calls, no control
	// character reaches marked, and references are decoded only through `decode` above.
	const cleanBody = neutralise(body).replace(privateMarkers, '\uFFFD');
	const plain = (reason: string): RenderedArticle =>
		plainPage([chalk.yellow(`Shown as plain text: ${reason}`) as SafeLine, '' as SafeLine, ...(plainFallback(body, width) as unknown as SafeLine[])], width, reason);
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
		// A library's message may quote the article: it is outside text like any other.
		return plain(neutraliseLine(`the Markdown could not be rendered (${error instanceof Error ? error.message : String(error)})`));
	}

	const lines: SafeLine[] = [];
	const headings: ArticleHeading[] = [];
	const blockRanges: Array<{line: number; endLine: number} | undefined> = [];
	let headingIndex = 0;
	let blank = true;
	for (let raw of splitLines(output)) {
		raw = raw.replace(/\r/gu, '');
		if (raw.startsWith(HEADING)) {
			raw = raw.slice(HEADING.length);
			const heading = headingTexts[headingIndex++];
			if (heading) {
				headings.push({...heading, line: lines.length});
			}
		}

		let block: number | undefined;
		if (raw.includes(BLOCK_START)) {
			const found = blockMarker.exec(raw);
			block = found ? Number(found[1]) : undefined;
			raw = raw.replace(blockMarker, '');
		}

		// Plain-text articles keep their indentation as no-break spaces (plain-text.ts): spaces again here, so that the
		// line wraps under its own indentation.
		raw = raw.replace(/^((?:\u001B\[[\d;]*m)*)(\u00A0+)/u, (_match, sgr: string, indent: string) => sgr + ' '.repeat(indent.length));
		const noWrap = raw.includes(NOWRAP);
		const rtl = raw.startsWith(RTL);
		raw = raw.replace(privateMarkers, '');
		const safe = keepOnlySgr(raw.replace(/\s+$/u, ''));
		const cells = cellWidth(safe);
		const isBlank = cells === 0 || safe.trim() === '' || (safe.includes('\u001B') && stripSgr(safe).trim() === '');
		if (block !== undefined) {
			// A block's lines are kept as they are, blank ones too: code keeps its line breaks.
			const range = blockRanges[block] ?? {line: lines.length, endLine: lines.length};
			blockRanges[block] = range;
			const room = blockSources[block]?.kind === 'code' ? codeWidth : width;
			lines.push(isBlank ? '' as SafeLine : (cells <= room ? safe : truncateCells(safe, room) as SafeLine));
			range.endLine = lines.length;
			blank = isBlank;
			continue;
		}

		if (isBlank) {
			if (!blank) {
				lines.push('' as SafeLine);
			}

			blank = true;
			continue;
		}

		blank = false;
		if (cells <= width && !rtl) {
			lines.push(safe);
		} else if (noWrap) {
			lines.push(truncateCells(safe, width) as SafeLine);
		} else {
			const parts = cells <= width ? [safe] : wrapWithHangingIndent(safe, width);
			for (let part of parts) {
				part = part.replace(/\s+$/u, '');
				// wrap-ansi breaks long words by code point; a cluster it split may still overrun, so cut by clusters.
				if (cellWidth(part) > width) {
					part = truncateCells(part, width);
				}

				// Right-to-left text is right-aligned and left in logical order: terminals that implement the Unicode
				// bidirectional algorithm (VTE, Konsole, mlterm, iTerm2) reorder each line themselves, and reordering
				// here as well would reverse it twice there.
				lines.push((rtl ? ' '.repeat(Math.max(0, width - cellWidth(part))) + part : part) as SafeLine);
			}
		}
	}

	while (lines.length > 0 && lines.at(-1) === '') {
		lines.pop();
	}

	const located: ArticleLink[] = [];
	if (links.length > 0) {
		lines.push('' as SafeLine, paint['body.links.heading']('Links') as SafeLine);
		for (const link of links) {
			const prefix = `[${link.n}] `;
			const target = isOpenable(link.url) ? link.url : `${link.url} (not opened: only http, https and mailto links open)`;
			located.push({...link, line: lines.length});
			const wrapped = wrapStyled(target, Math.max(4, width - prefix.length), {trim: false});
			for (const [index, part] of wrapped.entries()) {
				lines.push(((index === 0 ? paint['body.link.number'](prefix) : ' '.repeat(prefix.length)) + part) as SafeLine);
			}
		}
	}

	const blocks: WideBlock[] = [];
	for (const [index, source] of blockSources.entries()) {
		const range = blockRanges[index];
		if (range) {
			const wideLines = source.wideLines.map(line => keepOnlySgr(line.replace(privateMarkers, '')));
			// Grid lines are all as wide as the first; code lines are measured only when the page had to cut one.
			let wideWidth = 0;
			for (const line of source.kind === 'table' ? wideLines.slice(0, 1) : wideLines) {
				wideWidth = Math.max(wideWidth, cellWidth(line));
			}

			blocks.push({kind: source.kind, line: range.line, endLine: range.endLine, cut: source.cut, wideLines, wideWidth});
		}
	}

	return {lines, links: located, headings, width, blocks, images};
}

export function renderArticle(article: Article, options: RenderOptions): RenderedArticle {
	const {chalk, paint} = styles(options.color, options.theme);
	if (article.meta.error) {
		return {
			lines: [
				chalk.yellow(`This file could not be shown: ${article.meta.error}`) as SafeLine,
				'' as SafeLine,
				paint['body.note'](`File: ${neutraliseLine(article.meta.path)}`) as SafeLine,
			],
			links: [],
			headings: [],
			width: options.width,
			blocks: [],
			images: [],
		};
	}

	const rendered = renderMarkdown(article.body, {...options, title: options.title ?? article.meta.title});
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
		blocks: rendered.blocks.map(block => ({...block, line: block.line + shift, endLine: block.endLine + shift})),
	};
}
