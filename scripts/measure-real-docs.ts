/*
Counts what real documents leave visible in `tidings read` output (no colour, as when piped): raw HTML tags and
comments outside code blocks and code spans (rendered in colour so that code spans, yellow, can be told apart), `~~`, GitHub alert markers (`[!NOTE]`) and footnote markers (`[^1]`), plus titles
that still hold Markdown or HTML. Usage: node --import=tsx scripts/measure-real-docs.ts <library folder> [width]
*/
import {scanLibrary, loadArticle} from '../source/adapters/library.js';
import {renderArticle} from '../source/core/render/render-article.js';
import {parseArticle} from '../source/core/article/parse-article.js';
import {stripSgr} from '../source/core/text/styled-ranges.js';
import fs from 'node:fs';
import path from 'node:path';

const root = process.argv[2] ?? 'articles';
const width = Number(process.argv[3] ?? 100);
const tagNames = 'a|abbr|b|blockquote|br|center|code|dd|del|details|div|dl|dt|em|font|h[1-6]|hr|i|iframe|img|input|ins|kbd|li|ol|p|picture|pre|s|samp|source|span|strike|strong|sub|summary|sup|table|tbody|td|th|thead|tr|tt|u|ul|video';
const tag = new RegExp(`<\\/?(?:${tagNames})(?:\\s[^<>]*)?\\/?>|<!--`, 'giu');
const counts = {documents: 0, tags: 0, strike: 0, alert: 0, footnote: 0, documentsWithTags: 0, markupTitles: 0, refused: 0, sectionTitles: 0};
const examples: string[] = [];
for (const facts of await scanLibrary(root)) {
	const article = await loadArticle(root, facts);
	const rendered = renderArticle(article, {width, color: true});
	counts.documents++;
	if (rendered.fallback) {
		counts.refused++;
	}

	const inCode = new Set<number>();
	for (const block of rendered.blocks) {
		if (block.kind === 'code') {
			for (let line = block.line; line < block.endLine; line++) {
				inCode.add(line);
			}
		}
	}

	const linksStart = rendered.links[0]?.line ?? rendered.lines.length;
	let tags = 0;
	for (const [index, line] of rendered.lines.entries()) {
		if (inCode.has(index) || index >= linksStart - 1) {
			continue;
		}

		const text = stripSgr(line.replaceAll(/\u001B\[33m.*?\u001B\[39m/gu, ''));
		const found = text.match(tag)?.length ?? 0;
		tags += found;
		if (found > 0 && examples.length < 15) {
			examples.push(`${facts.path}: ${text.slice(0, 120)}`);
		}

	}

	// The markers are counted in the output without colour (what a pipe gets), code blocks left out.
	const piped = renderArticle(article, {width, color: false});
	const pipedCode = new Set(piped.blocks.filter(block => block.kind === 'code').flatMap(block => Array.from({length: block.endLine - block.line}, (_, offset) => block.line + offset)));
	for (const [index, line] of piped.lines.entries()) {
		if (pipedCode.has(index)) {
			continue;
		}

		counts.strike += line.match(/~~/gu)?.length ?? 0;
		counts.alert += line.match(/\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]/giu)?.length ?? 0;
		counts.footnote += line.match(/\[\^[^\]\s]+\]/gu)?.length ?? 0;
	}

	counts.tags += tags;
	counts.documentsWithTags += tags > 0 ? 1 : 0;
	const title = parseArticle(facts, fs.readFileSync(path.join(root, facts.path))).meta.title;
	if (/[<>]|!\[|\]\(|\*\*|`/u.test(title)) {
		counts.markupTitles++;
	}

	// A README titled after one of its sections.
	if (/^(?:installation|install|usage|table of contents)$/iu.test(title)) {
		counts.sectionTitles++;
	}
}

console.log(JSON.stringify(counts));
console.log(examples.join('\n'));
