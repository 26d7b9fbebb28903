import type {Result} from '../types.js';
import {err, ok} from '../types.js';
import {locateFrontMatter} from './front-matter.js';

/**
Where the whole story of an article lives in its file: under the summary, after a separator and a marker comment, so
it reads offline, and fetching again replaces it rather than adding a second copy. The front matter gets a
`fetched:` line and is otherwise kept byte for byte. String functions only, with no heavy imports: the renderer and
the feed writer use them too.
*/

/** The comment that opens the fetched section; the renderer hides it, as any Markdown viewer hides comments. */
export const fullTextMarker = '<!-- tidings:full-text -->';
const sectionStart = `\n\n---\n\n${fullTextMarker}\n`;
export const fullTextHeading = 'The whole story';

/** The file's text without a previously fetched section. */
export function withoutFullText(fileText: string): string {
	const at = fileText.indexOf(sectionStart);
	return at === -1 ? fileText : fileText.slice(0, at) + '\n';
}

/** The fetched section of a file's text (from its separator to the end), if it has one. */
export function fullTextSection(fileText: string): string | undefined {
	const at = fileText.indexOf(sectionStart);
	return at === -1 ? undefined : fileText.slice(at);
}


function setFetched(header: string, fetchedAt: string): string {
	const line = `fetched: ${fetchedAt}\n`;
	const existing = /^fetched:.*\n/mu;
	return existing.test(header) ? header.replace(existing, line) : header + line;
}

/**
`fileText` with `markdown` stored as its fetched section: the summary and the rest of the front matter stay as they
were, `fetched: <fetchedAt>` is set, and an earlier fetched section is replaced.
*/
export function withFullText(fileText: string, markdown: string, fetchedAt: string): Result<string, string> {
	const text = fileText.replaceAll('\r\n', '\n');
	const bounds = locateFrontMatter(text);
	if (bounds === undefined || bounds.language !== '') {
		return err('the file has no front matter to record the fetch in');
	}

	const header = setFetched(bounds.header, fetchedAt);
	const summary = withoutFullText(text.slice(bounds.bodyStart)).trimEnd();
	const section = `${sectionStart}## ${fullTextHeading}\n\n${markdown.trim()}\n`;
	return ok(`---\n${header}---\n${summary}${section}`);
}

/**
A feed item rewritten on a later fetch keeps the whole story fetched for it earlier: the new text (summary and front
matter from the feed) gets the old file's fetched section and `fetched:` line back.
*/
export function carryFullText(previous: string | undefined, next: string): string {
	if (previous === undefined) {
		return next;
	}

	const section = fullTextSection(previous.replaceAll('\r\n', '\n'));
	const fetched = /^fetched:[ \t]*(\S.*)$/mu.exec(locateFrontMatter(previous.replaceAll('\r\n', '\n'))?.header ?? '')?.[1];
	if (section === undefined || fetched === undefined) {
		return next;
	}

	const bounds = locateFrontMatter(next);
	if (bounds === undefined) {
		return next;
	}

	const summary = withoutFullText(next.slice(bounds.bodyStart)).trimEnd();
	return `---\n${setFetched(bounds.header, fetched)}---\n${summary}${section}`;
}
