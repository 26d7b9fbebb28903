import {decodeEntities, neutralise, neutraliseLine, type SafeText} from '../text/neutralise.js';
import type {Article, ArticleMeta} from '../types.js';
import {splitFrontMatter} from './front-matter.js';
import {plainTextTitle, plainTextToMarkdown} from './plain-text.js';

export type FileFacts = {
	/** Path relative to the library, forward slashes. */
	readonly path: string;
	readonly size: number;
	readonly mtimeMs: number;
};

export type Decoded = {readonly text: string; readonly warning?: string};

const utf8 = new TextDecoder('utf-8', {fatal: true});
const latin = new TextDecoder('windows-1252');

/** `utf-16le` or `utf-16be` when the bytes start with that byte order mark. */
export function utf16Bom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
	if (bytes[0] === 0xFF && bytes[1] === 0xFE) {
		return 'utf-16le';
	}

	return bytes[0] === 0xFE && bytes[1] === 0xFF ? 'utf-16be' : undefined;
}

/**
Bytes → text. UTF-16 with a byte order mark is decoded as such (Windows editors save it); invalid UTF-8 is read as
Windows-1252 (a superset of Latin-1) with a warning, never rejected.
*/
export function decodeArticleBytes(bytes: Uint8Array, partial = false): Decoded {
	const utf16 = utf16Bom(bytes);
	if (utf16 !== undefined) {
		// Not fatal: a lone surrogate becomes U+FFFD rather than costing the article. The BOM is dropped by the decoder.
		return {text: new TextDecoder(utf16).decode(bytes, {stream: partial})};
	}

	try {
		// A head read may end inside a multi-byte character: `stream` keeps that from counting as invalid UTF-8.
		return {text: partial ? new TextDecoder('utf-8', {fatal: true}).decode(bytes, {stream: true}) : utf8.decode(bytes)};
	} catch {
		return {text: latin.decode(bytes), warning: 'not valid UTF-8; shown as Windows-1252'};
	}
}

/** A file is binary when its first 8 KiB hold a NUL byte or mostly control bytes. */
export function looksBinary(bytes: Uint8Array): boolean {
	const end = Math.min(bytes.length, 8192);
	let controls = 0;
	for (let index = 0; index < end; index++) {
		const byte = bytes[index]!;
		if (byte === 0) {
			return true;
		}

		if (byte < 0x09 || (byte > 0x0D && byte < 0x20)) {
			controls++;
		}
	}

	return end > 0 && controls / end > 0.1;
}

const sourceOf = (path: string): string => {
	const slash = path.lastIndexOf('/');
	if (slash === -1) {
		return '';
	}

	const folder = path.slice(0, slash);
	return folder.slice(folder.lastIndexOf('/') + 1);
};

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1).replace(/\.(md|markdown|txt)$/iu, '');

const stringField = (value: unknown): string | undefined => {
	if (typeof value === 'string') {
		return value.trim() === '' ? undefined : value;
	}

	if (typeof value === 'number' || typeof value === 'boolean') {
		return String(value);
	}

	if (value instanceof Date && !Number.isNaN(value.getTime())) {
		return value.toISOString();
	}

	return undefined;
};

/** A date from front matter or a feed, as ISO 8601; undefined when it does not parse. */
export function normaliseDate(value: unknown): string | undefined {
	const text = stringField(value);
	if (text === undefined) {
		return undefined;
	}

	const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/u.test(text) ? `${text}T00:00:00Z` : text);
	if (Number.isNaN(time)) {
		return undefined;
	}

	return new Date(time).toISOString();
}

function tagsOf(value: unknown): SafeText[] {
	const raw = Array.isArray(value) ? value : (typeof value === 'string' ? value.split(',') : []);
	const tags: SafeText[] = [];
	for (const item of raw) {
		const text = stringField(item);
		if (text !== undefined) {
			const tag = neutraliseLine(text);
			if (tag !== '' && !tags.includes(tag)) {
				tags.push(tag);
			}
		}
	}

	return tags;
}

const maxTitleSource = 2000;

/**
A title as plain text: Markdown links and emphasis, HTML tags and entities are gone, white space is collapsed. An image
(`![alt](src)`, `<img alt>`) gives its alt text, or nothing when `images` is false.
*/
export function plainTitle(text: string, images = true): string {
	const image = (alt: string | undefined) => (images ? (alt ?? '') : ' ');
	// Bounded: no title needs more, and the patterns below stay linear-ish on what is left.
	return decodeEntities(text.slice(0, maxTitleSource)
		.replaceAll(/!\[([^\]]*)\]\([^)]*\)|!\[([^\]]*)\]\[[^\]]*\]/gu, (_match, inline?: string, reference?: string) => image(inline ?? reference))
		.replaceAll(/<img\b[^>]*?\balt\s*=\s*(?:"([^"]*)"|'([^']*)')[^>]*>/giu, (_match, double?: string, single?: string) => image(double ?? single))
		.replaceAll(/\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\[[^\]]*\]/gu, (_match, inline?: string, reference?: string) => inline ?? reference ?? '')
		.replaceAll(/<!--[\s\S]*?-->|<\/?[a-zA-Z][^>]*>/gu, ' ')
		.replaceAll(/`+|~~|\*\*|__/gu, '')
		.replaceAll(/(^|[\s(])[*_]+|[*_]+(?=[\s).,:;!?]|$)/gu, '$1')
		.replaceAll(/\\([\\`*_{}[\]()#+\-.!|<>~])/gu, '$1'))
		.replaceAll(/\s+/gu, ' ')
		.trim();
}

/**
An ATX heading's text without its closing `#`s and blanks, cut by hand: a lazy pattern before `[ \t#]*$` backtracks
quadratically on a long run of blanks (issue 15).
*/
function headingText(line: string): string {
	let end = line.length;
	while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) {
		end--;
	}

	let hashes = end;
	while (hashes > 0 && line[hashes - 1] === '#') {
		hashes--;
	}

	if (hashes < end && (hashes === 0 || line[hashes - 1] === ' ' || line[hashes - 1] === '\t')) {
		end = hashes;
		while (end > 0 && (line[end - 1] === ' ' || line[end - 1] === '\t')) {
			end--;
		}
	}

	return line.slice(0, end);
}

type HeadingCandidate = {readonly at: number; readonly level: number; readonly text: string};

/** The headings in the head of a Markdown body, in order: ATX (`# Title`), setext (`Title` over `===`) and HTML `<h1>`. */
function headingCandidates(head: string): HeadingCandidate[] {
	const found: HeadingCandidate[] = [];
	const lines = head.split('\n');
	let at = 0;
	let fence: string | undefined;
	let previous = '';
	for (const line of lines) {
		const fenceMatch = /^ {0,3}(`{3,}|~{3,})/u.exec(line);
		if (fence !== undefined) {
			if (fenceMatch && fenceMatch[1]![0] === fence[0] && fenceMatch[1]!.length >= fence.length) {
				fence = undefined;
			}
		} else if (fenceMatch) {
			fence = fenceMatch[1];
		} else {
			const atx = /^ {0,3}(#{1,6})[ \t]+(.*)$/u.exec(line);
			const text = atx ? headingText(atx[2]!) : '';
			if (atx && text !== '') {
				found.push({at, level: atx[1]!.length, text});
			} else if (/^ {0,3}(?:=+|-+)[ \t]*$/u.test(line) && previous.trim() !== '' && !/^ {0,3}(?:[-*+>#]|\d+[.)]|<)/u.test(previous) && !/^ {4}/u.test(previous)) {
				found.push({at: at - previous.length - 1, level: line.trim().startsWith('=') ? 1 : 2, text: previous.trim()});
			}
		}

		previous = fence === undefined ? line : '';
		at += line.length + 1;
	}

	for (const match of head.matchAll(/<h([1-6])\b[^>]{0,500}>([\s\S]{0,1000}?)<\/h\1\s*>/giu)) {
		found.push({at: match.index, level: Number(match[1]), text: match[2]!});
	}

	return found.sort((a, b) => a.at - b.at);
}

const readmeName = /^(?:readme|index)(?:\.[a-z]+)?$/iu;
// First-level headings that name a README's section, not the README.
const sectionName = /^(?:installation|install|usage|table of contents|contents|toc|summary|overview|introduction|getting started|quick ?start|documentation|docs|features|api|examples?|license|about)$/iu;

/**
The title a Markdown body gives itself. The first level-1 heading with words in it (for a README, its first heading,
when that is of level 1 and not a section such as "Installation"); a level-1 heading that is only a logo (one image)
gives the logo's alt text, and one that is only a row of badges is passed over. A README without such a heading is
named after its folder (the package), not after its first section; any other file takes its first heading with words.
*/
function titleFromBody(body: string, path: string): string | undefined {
	const readme = readmeName.test(path.slice(path.lastIndexOf('/') + 1));
	const candidates = headingCandidates(body.slice(0, 20_000)).map(candidate => ({...candidate, words: plainTitle(candidate.text, false)}));
	// A README's title is its first heading; a later first-level heading is one of its sections.
	for (const candidate of readme ? candidates.slice(0, 1) : candidates) {
		if (candidate.level !== 1 || (readme && sectionName.test(candidate.words))) {
			continue;
		}

		if (candidate.words !== '') {
			return candidate.words;
		}

		const images = candidate.text.match(/!\[|<img\b/giu)?.length ?? 0;
		const alt = plainTitle(candidate.text);
		if (images === 1 && alt !== '') {
			return alt;
		}
	}

	const folder = sourceOf(path);
	if (readme && folder !== '') {
		return folder;
	}

	return candidates.find(candidate => candidate.words !== '')?.words;
}

/**
The date to show for an article: the one it names, else its file's modification time, so that the list's date column
says something for a folder of READMEs. Only shown: sorting and `after:`/`before:` use the date the article names.
*/
export function shownDate(meta: {readonly date?: string; readonly mtimeMs: number}): string | undefined {
	return meta.date ?? (meta.mtimeMs > 0 ? new Date(meta.mtimeMs).toISOString() : undefined);
}

/** Where a front matter header that starts the bytes ends (after its closing `---` line), or -1. */
export function frontMatterEnd(bytes: Uint8Array): number {
	if (bytes[0] !== 0x2D || bytes[1] !== 0x2D || bytes[2] !== 0x2D) {
		return -1;
	}

	for (let index = 3; index + 3 < bytes.length; index++) {
		if (bytes[index] === 0x0A && bytes[index + 1] === 0x2D && bytes[index + 2] === 0x2D && bytes[index + 3] === 0x2D) {
			// The closing line is `---` alone (trailing blanks allowed), as `locateFrontMatter` reads it.
			let end = index + 4;
			while (end < bytes.length && (bytes[end] === 0x20 || bytes[end] === 0x09 || bytes[end] === 0x0D)) {
				end++;
			}

			if (end < bytes.length && bytes[end] !== 0x0A) {
				index = end - 1;
				continue;
			}

			return Math.min(bytes.length, end + 1);
		}
	}

	return -1;
}

/**
The identity of an item stored from a feed: namespaced by its feed's folder, so that a feed can never choose an id
that another article has (a `<guid>welcome</guid>` took over the bundled welcome article's marks, `read` and `star`).
The folder, not the feed URL, because the URL moves with redirects and the folder stays. Slugs hold no `:`, so the
form cannot be mistaken: `feed:<folder>:<the item's own id>`.
*/
export function feedItemId(path: string, ownId: string): string {
	const slash = path.lastIndexOf('/');
	return `feed:${slash === -1 ? '' : path.slice(0, slash)}:${ownId}`;
}

/** Rough words in a text of `bytes` bytes; exact counting would mean reading every body at start-up. */
export const estimateWords = (bytes: number): number => Math.max(0, Math.round(bytes / 6));

/**
An article that could not be read or parsed. It still has an id and a title so that it is listed, with a marker,
and opening it explains what went wrong.
*/
export function brokenArticle(facts: FileFacts, reason: string): Article {
	const name = neutraliseLine(baseName(facts.path) || facts.path);
	const meta: ArticleMeta = {
		id: facts.path,
		path: facts.path,
		title: name === '' ? ('(no name)' as SafeText) : name,
		source: neutraliseLine(sourceOf(facts.path)),
		tags: [],
		kind: facts.path.toLowerCase().endsWith('.txt') ? 'txt' : 'md',
		size: facts.size,
		mtimeMs: facts.mtimeMs,
		words: 0,
		error: neutraliseLine(reason),
	};
	return {meta, body: neutralise(''), warnings: []};
}

/**
Parses one article file. Pure: the caller reads the bytes (`partial`: only the file's head, enough for the list). Every field that reaches the screen is neutralised here.
Never throws for bad input; an unusable file becomes a `brokenArticle`.
*/
export function parseArticle(facts: FileFacts, bytes: Uint8Array, {partial = false, metaOnly = false}: {partial?: boolean; metaOnly?: boolean} = {}): Article {
	if (bytes.length === 0) {
		return brokenArticle(facts, 'empty file');
	}

	// For the list (`metaOnly`), a NUL anywhere in the head or control bytes at its start are enough to call it binary.
	// UTF-16 holds NUL bytes in every ASCII character: with its byte order mark it is text, not binary.
	if (utf16Bom(bytes) === undefined && (metaOnly ? bytes.indexOf(0) !== -1 || looksBinary(bytes.subarray(0, 1024)) : looksBinary(bytes))) {
		return brokenArticle(facts, 'binary file, not text');
	}

	// For the list only the header is decoded: every string the metadata keeps is a slice of the decoded text, and
	// V8 keeps a slice's whole parent alive, so decoding 4 KiB heads would keep 4 KiB per article in memory.
	let tail: Uint8Array | undefined;
	if (metaOnly && !facts.path.toLowerCase().endsWith('.txt')) {
		const end = frontMatterEnd(bytes);
		if (end !== -1) {
			tail = bytes.subarray(end, end + 2048);
			bytes = bytes.subarray(0, end);
			partial = true;
		}
	}

	const decoded = decodeArticleBytes(bytes, partial);
	const warnings: SafeText[] = [];
	if (decoded.warning) {
		warnings.push(neutraliseLine(decoded.warning));
	}

	let text = decoded.text;
	if (text.codePointAt(0) === 0xFE_FF) {
		text = text.slice(1);
	}

	text = text.replaceAll('\r\n', '\n');
	if (text.trim() === '') {
		return brokenArticle(facts, 'empty file (only white space)');
	}

	const isText = facts.path.toLowerCase().endsWith('.txt');
	let data: Readonly<Record<string, unknown>> = {};
	let body: string;
	let title: string | undefined;
	if (isText && metaOnly) {
		title = plainTextTitle(text);
		body = '';
	} else if (isText) {
		const plain = plainTextToMarkdown(text);
		title = plain.title;
		body = plain.body;
	} else {
		const split = splitFrontMatter(text);
		data = split.data;
		body = split.body;
		if (split.problem) {
			warnings.push(neutraliseLine(`front matter ignored: ${split.problem}`));
		}

		// A title in front matter is plain text already (a feed's "Escaped <html> in a title" stays as written).
		title = stringField(data['title']);
		if (title === undefined) {
			title = titleFromBody(tail === undefined ? body : decodeArticleBytes(tail, true).text, facts.path);
			// A copy, so the title does not keep the decoded tail alive.
			title = title === undefined ? undefined : [...title].join('');
		}
	}

	const url = stringField(data['url']) ?? stringField(data['link']);
	const idField = stringField(data['id']);
	const safeTitle = neutraliseLine(title ?? baseName(facts.path));
	const author = stringField(data['author']);
	const summary = stringField(data['summary']) ?? stringField(data['description']);
	const feed = stringField(data['feed']);
	const ownId = idField ?? url ?? facts.path;
	const meta: ArticleMeta = {
		id: feed === undefined ? ownId : feedItemId(facts.path, ownId),
		path: facts.path,
		title: safeTitle === '' ? neutraliseLine(baseName(facts.path)) : safeTitle,
		date: normaliseDate(data['date']),
		author: author === undefined ? undefined : neutraliseLine(author),
		source: neutraliseLine(stringField(data['source']) ?? sourceOf(facts.path)),
		url: url === undefined ? undefined : neutraliseLine(url),
		tags: tagsOf(data['tags']),
		summary: summary === undefined ? undefined : neutraliseLine(summary),
		feed: feed === undefined ? undefined : neutraliseLine(feed),
		kind: isText ? 'txt' : 'md',
		size: facts.size,
		mtimeMs: facts.mtimeMs,
		words: estimateWords(partial || metaOnly ? facts.size : body.length),
	};
	return {meta, body: metaOnly ? ('' as SafeText) : neutralise(body), warnings};
}
