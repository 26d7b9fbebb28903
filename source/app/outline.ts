/** The article's outline: its headings, which one the reader is in, and the next and previous ones from the page. */
import {slug} from 'github-slugger';
import type {ArticleHeading} from '../core/render/render-article.js';

/** Index of the heading the top line of the page is under (the last one at or above it), if any. */
export function currentHeading(headings: readonly ArticleHeading[], offset: number): number | undefined {
	let current: number | undefined;
	for (const [index, heading] of headings.entries()) {
		if (heading.line > offset) {
			break;
		}

		current = index;
	}

	return current;
}

/** The first heading below the top line of the page. */
export function nextHeading(headings: readonly ArticleHeading[], offset: number): ArticleHeading | undefined {
	return headings.find(heading => heading.line > offset);
}

/** The last heading above the top line of the page. */
export function previousHeading(headings: readonly ArticleHeading[], offset: number): ArticleHeading | undefined {
	return headings.findLast(heading => heading.line < offset);
}

/** One row of the outline overlay: the heading indented two spaces per level below the shallowest one. */
export function outlineRow(headings: readonly ArticleHeading[], index: number): string {
	const top = Math.min(...headings.map(heading => heading.level));
	const heading = headings[index]!;
	return `${'  '.repeat(Math.max(0, heading.level - top))}${heading.text}`;
}

/**
The heading an in-page link (`[Install](#install)`, a README's table of contents) points at, by GitHub's anchor rules:
the fragment is compared, percent-decoded, with each heading's slug (github-slugger, duplicates numbered `-1`, `-2`),
with GitHub's `user-content-` prefix allowed; a fragment written as heading text (`#Install & Use`) is slugged first.
*/
export function headingForAnchor(headings: readonly ArticleHeading[], fragment: string): ArticleHeading | undefined {
	let wanted = fragment.replace(/^#/u, '');
	try {
		wanted = decodeURIComponent(wanted);
	} catch {}

	wanted = wanted.replace(/^user-content-/iu, '');
	if (wanted === '') {
		return undefined;
	}

	return headings.find(heading => heading.slug === wanted)
		?? headings.find(heading => heading.slug === wanted.toLowerCase())
		?? headings.find(heading => heading.slug === slug(wanted));
}
