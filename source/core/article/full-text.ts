import {Readability} from '@mozilla/readability';
import {parseHTML} from 'linkedom';
import {decodeFeedBytes} from '../feeds/decode.js';
import {htmlToMarkdown} from '../feeds/html-to-markdown.js';
import {neutralise, type SafeText} from '../text/neutralise.js';
import type {Result} from '../types.js';
import {err, ok} from '../types.js';

/**
The whole story of a summary-only feed item: the page at its `url`, reduced to its main text by Readability (on
linkedom's light DOM, no browser), then through the same sanitiser and HTML→Markdown path as feed items
(`htmlToMarkdown`) and the same neutraliser. full-text-section.ts stores it in the article's file.
*/

export type ExtractedText = {readonly markdown: SafeText; readonly words: number};

const htmlTypes = /^\s*(?:text\/html|application\/xhtml\+xml)\s*(?:;|$)/iu;

function metaCharset(bytes: Uint8Array): string | undefined {
	const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
	const match = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/iu.exec(head);
	return match?.[1];
}

/** The main text of an HTML page as Markdown, or why there is none. `pageUrl` resolves relative links. */
export function extractFullText(bytes: Uint8Array, contentType: string | undefined, pageUrl: string): Result<ExtractedText, string> {
	if (contentType !== undefined && !htmlTypes.test(contentType)) {
		return err(`the page is not HTML (${contentType.split(';')[0]!.trim()})`);
	}

	const declared = /charset/iu.test(contentType ?? '') ? contentType : (metaCharset(bytes) === undefined ? contentType : `text/html; charset=${metaCharset(bytes)}`);
	const html = decodeFeedBytes(bytes, declared).text;
	let content: string | undefined;
	try {
		const {document} = parseHTML(html);
		// Readability edits the document it is given; this one is ours and thrown away.
		content = new Readability(document as unknown as Document, {charThreshold: 200}).parse()?.content ?? undefined;
	} catch (error) {
		return err(`the page could not be read (${error instanceof Error ? error.message : String(error)})`);
	}

	if (content === undefined || content.trim() === '') {
		return err('no article text found on the page');
	}

	const markdown = htmlToMarkdown(content, pageUrl);
	if (markdown.trim() === '') {
		return err('no article text found on the page');
	}

	const words = markdown.split(/\s+/u).filter(word => /\p{L}|\p{N}/u.test(word)).length;
	return ok({markdown: neutralise(markdown), words});
}
