import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {parseArticle, plainTitle, shownDate} from '../../source/core/article/parse-article.js';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'real', 'readmes');
const parseReadme = (name: string, options: {metaOnly?: boolean} = {}) => {
	const bytes = fs.readFileSync(path.join(fixtures, name, 'README.md'));
	return parseArticle({path: `${name}/README.md`, size: bytes.length, mtimeMs: Date.UTC(2025, 2, 4, 10)}, bytes, options);
};

for (const metaOnly of [false, true]) {
	test(`real READMEs are titled by their name, as plain text (${metaOnly ? 'list' : 'whole file'})`, t => {
		// `# is-number [![NPM version](…)](…) …`: the badges are not the title.
		t.is(String(parseReadme('is-number', {metaOnly}).meta.title), 'is-number');
		// `<h1 align="center"><picture>…<img alt="tsx">…</picture> <a><img></a> <a><img></a></h1>`: the logo's alt text.
		t.is(String(parseReadme('tsx', {metaOnly}).meta.title), 'tsx');
		// A logo paragraph, then `<div align="center"><h1>parse5</h1>`.
		t.is(String(parseReadme('parse5', {metaOnly}).meta.title), 'parse5');
		// DefinitelyTyped's `# Installation` is a section: the README is named after its package folder.
		t.is(String(parseReadme('retry', {metaOnly}).meta.title), 'retry');
		t.is(String(parseReadme('slice-ansi', {metaOnly}).meta.title), 'slice-ansi');
	});
}

test('titles from headings are plain text (front matter titles stay as written); setext headings count; code blocks do not', t => {
	const parse = (text: string, file = 'notes/a.md') => String(parseArticle({path: file, size: text.length, mtimeMs: 0}, new TextEncoder().encode(text)).meta.title);
	t.is(parse('# **Bold** <em>news</em> &amp; [links](https://x.example)\nBody.'), 'Bold news & links');
	t.is(parse('---\ntitle: "Escaped <html> in a title"\n---\n# Other\n'), 'Escaped <html> in a title');
	t.is(parse('Harbour news\n============\n\nText.'), 'Harbour news');
	t.is(parse('```sh\n# not a title\n```\n\n# The title `code`\n'), 'The title code');
	t.is(parse('## Only a section\n\nText.'), 'Only a section', 'not a README: its first heading');
	t.is(parse('Text only.\n'), 'a');
	t.is(plainTitle('snake_case_name and *emphasis* and \\[escaped\\]'), 'snake_case_name and emphasis and [escaped]');
});

test('a file that names no date is shown with its modification time; sorting keeps the date it names', t => {
	const mtimeMs = Date.UTC(2025, 0, 2, 3, 4, 5);
	const undated = parseArticle({path: 'a.md', size: 7, mtimeMs}, new TextEncoder().encode('# A\n\nB\n'));
	t.is(undated.meta.date, undefined);
	t.is(shownDate(undated.meta), '2025-01-02T03:04:05.000Z');
	const dated = parseArticle({path: 'b.md', size: 40, mtimeMs}, new TextEncoder().encode('---\ndate: 2024-06-01\n---\n# B\n'));
	t.is(shownDate(dated.meta), '2024-06-01T00:00:00.000Z');
	t.is(shownDate({mtimeMs: 0}), undefined);
});
