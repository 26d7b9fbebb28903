/**
Links on the reading page, found on the cached lines: where each `text[n]` sits (for the Tab highlight), which ones
are on the screen, and what a link's target names (another stored article, a web page, or something refused).
*/
import path from 'node:path';
import type {ArticleMeta} from '../core/types.js';
import type {RenderedArticle} from '../core/render/render-article.js';
import {stripSgr} from '../core/text/styled-ranges.js';
import {headingForAnchor} from './outline.js';

/** Where a link's `text[n]` is on the page: a range of the plain text of one line (the line holding `[n]`). */
export type LinkPosition = {readonly n: number; readonly line: number; readonly start: number; readonly end: number};

const positionsCache = new WeakMap<RenderedArticle, readonly LinkPosition[]>();

/** The text a reader sees for a link, roughly: Markdown emphasis marks are not shown. */
const shownText = (text: string) => text.replaceAll(/[*_`~]/gu, '').replaceAll(/\s+/gu, ' ').trim();

function textStart(plain: string, marker: number, text: string): number {
	if (plain.slice(0, marker).endsWith(']')) {
		const image = plain.lastIndexOf('[image:', marker);
		if (image !== -1) {
			return image;
		}
	}

	let length = 0;
	const shown = shownText(text);
	while (length < shown.length && length < marker && plain[marker - 1 - length] === shown[shown.length - 1 - length]) {
		length++;
	}

	return marker - length;
}

/**
The position of every link's marker in the body, in link order (index n - 1; undefined when a marker was not found).
Links are numbered in reading order, so each `[n]` is searched after the previous one: a `[2]` that an article
writes itself as text before the first link cannot be mistaken for link 2's marker.
*/
export function linkPositions(rendered: RenderedArticle): readonly LinkPosition[] {
	const cached = positionsCache.get(rendered);
	if (cached) {
		return cached;
	}

	const positions: LinkPosition[] = [];
	const bodyEnd = rendered.links.length > 0 ? Math.max(0, rendered.links[0]!.line - 1) : rendered.lines.length;
	let line = 0;
	let from = 0;
	let plain = line < bodyEnd ? stripSgr(rendered.lines[line]!) : '';
	for (const link of rendered.links) {
		const marker = `[${link.n}]`;
		let foundLine = line;
		let foundFrom = from;
		let foundPlain = plain;
		let at = -1;
		while (foundLine < bodyEnd) {
			at = foundPlain.indexOf(marker, foundFrom);
			if (at !== -1) {
				break;
			}

			foundLine++;
			foundFrom = 0;
			foundPlain = foundLine < bodyEnd ? stripSgr(rendered.lines[foundLine]!) : '';
		}

		if (at === -1) {
			continue;
		}

		positions[link.n - 1] = {n: link.n, line: foundLine, start: textStart(foundPlain, at, link.text), end: at + marker.length};
		line = foundLine;
		from = at + marker.length;
		plain = foundPlain;
	}

	positionsCache.set(rendered, positions);
	return positions;
}

/** The links whose marker is on the rows from `offset`, in page order. */
export function linksOnScreen(rendered: RenderedArticle, offset: number, rows: number): LinkPosition[] {
	return linkPositions(rendered).filter(position => position !== undefined && position.line >= offset && position.line < offset + rows);
}

/**
The link Tab (direction 1) or Shift-Tab (-1) moves the highlight to: the next one on the screen after `current`,
wrapping round the screen; the first (or last) when nothing on the screen is highlighted.
*/
export function stepLink(onScreen: readonly LinkPosition[], current: number | undefined, direction: 1 | -1): number | undefined {
	if (onScreen.length === 0) {
		return undefined;
	}

	const at = onScreen.findIndex(position => position.n === current);
	if (at === -1) {
		return (direction === 1 ? onScreen[0] : onScreen.at(-1))!.n;
	}

	return onScreen[(at + direction + onScreen.length) % onScreen.length]!.n;
}

export type LinkTarget =
	| {readonly kind: 'article'; readonly meta: ArticleMeta}
	| {readonly kind: 'web'; readonly url: string}
	| {readonly kind: 'refused'; readonly reason: string};

/**
Where an in-page link (`#install`) jumps: the line of the heading it names (outline.ts has GitHub's anchor rules), or
undefined when the link is not in-page or names no heading. `Backspace` returns to where the reader was.
*/
export function anchorTarget(url: string, rendered: RenderedArticle): {readonly line: number; readonly heading: string} | undefined {
	const target = url.trim();
	if (!target.startsWith('#')) {
		return undefined;
	}

	const heading = headingForAnchor(rendered.headings, target);
	return heading ? {line: heading.line, heading: heading.text} : undefined;
}

const scheme = /^([a-z][a-z\d+.-]*):/iu;
const articleFile = /\.(md|markdown|txt)$/iu;
const openable = new Set(['http', 'https', 'mailto']);

/** A URL without its fragment, and without a trailing slash on the path, for matching stored articles' `url`s. */
const comparable = (url: string) => url.trim().replace(/#.*$/u, '').replace(/\/$/u, '');

function decode(text: string): string {
	try {
		return decodeURIComponent(text);
	} catch {
		return text;
	}
}

const sameHost = (a: string, b: string): boolean => {
	try {
		return new URL(a).hostname.toLowerCase() === new URL(b).hostname.toLowerCase();
	} catch {
		return false;
	}
};

/**
What a link points at. A relative path to a `.md`/`.txt` file (resolved against the current article's folder; a
leading `/` means the library root) or a URL that a stored article has as its `url` opens that article in Tidings.
Other http, https and mailto targets open outside; every other scheme (`javascript:`, `file:`, `data:` …) is refused.
Only articles already in the library can be opened this way, so a path that climbs out of the library opens nothing.
*/
export function resolveTarget(url: string, current: ArticleMeta, all: readonly ArticleMeta[]): LinkTarget {
	const target = url.trim();
	const schemeMatch = scheme.exec(target);
	if (schemeMatch) {
		const name = schemeMatch[1]!.toLowerCase();
		if (!openable.has(name)) {
			return {kind: 'refused', reason: `Not opened: ${name}: links never open (only http, https and mailto)`};
		}

		if (name !== 'mailto') {
			const wanted = comparable(target);
			// A feed chooses its items' links: an item may answer for a URL only on its own feed's host, so that no feed
			// can claim another site's page (a trusted article's link to it would open the feed's text instead).
			const stored = all.find(meta => meta.url !== undefined && comparable(meta.url) === wanted && (meta.feed === undefined || sameHost(meta.feed, target)));
			if (stored) {
				return {kind: 'article', meta: stored};
			}
		}

		return {kind: 'web', url: target};
	}

	if (target.startsWith('#')) {
		return {kind: 'refused', reason: `No heading "${decode(target.slice(1))}" on this page`};
	}

	if (target.startsWith('//') || target === '') {
		return {kind: 'refused', reason: 'Not opened: the link has no scheme (only http, https and mailto open)'};
	}

	const file = decode(target.replace(/[?#].*$/u, ''));
	if (!articleFile.test(file)) {
		return {kind: 'refused', reason: `Not opened: "${file}" is neither a web address nor an article in the library`};
	}

	const resolved = file.startsWith('/')
		? path.posix.normalize(file.slice(1))
		: path.posix.normalize(path.posix.join(path.posix.dirname(current.path), file));
	const stored = resolved.startsWith('../') ? undefined : all.find(meta => meta.path === resolved);
	return stored ? {kind: 'article', meta: stored} : {kind: 'refused', reason: `No article "${resolved}" in the library`};
}
