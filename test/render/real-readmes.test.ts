import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {renderMarkdown, type RenderedArticle} from '../../source/core/render/render-article.js';
import {recordsNote} from '../../source/core/render/table-layout.js';

// Real READMEs (MIT, each with its licence next to it) from packages installed here.
const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'real', 'readmes');
const readme = (name: string) => fs.readFileSync(path.join(fixtures, name, 'README.md'), 'utf8');
const plain = (text: string) => text.replaceAll(/\u001B\[[\d;:]*m/gu, '');
// The HTML elements a README uses, written as tags; code blocks are left out (they may show HTML on purpose).
const rawTag = /<\/?(?:a|b|br|code|details|div|h[1-6]|i|img|kbd|p|picture|source|sub|summary|sup|table|td|th|tr)(?:\s[^<>]*)?\/?>|<!--/iu;

function bodyText(rendered: RenderedArticle): string[] {
	const code = new Set(rendered.blocks.filter(block => block.kind === 'code').flatMap(block => Array.from({length: block.endLine - block.line}, (_, index) => block.line + index)));
	const end = rendered.links[0] ? rendered.links[0].line - 1 : rendered.lines.length;
	return rendered.lines.slice(0, end).map((line, index) => (code.has(index) ? '' : plain(line)));
}

for (const name of ['tsx', 'parse5', 'mimic-function', 'is-number', 'slice-ansi', 'marked-footnote']) {
	test(`${name}: no raw HTML tag, alert marker or footnote marker is left visible, with or without colour`, t => {
		for (const color of [false, true]) {
			const rendered = renderMarkdown(readme(name), {width: 80, color});
			const text = bodyText(rendered);
			t.is(text.filter(line => rawTag.test(line)).join('\n'), '', `${name}, colour ${String(color)}`);
			t.false(text.some(line => /\[!(?:NOTE|WARNING|TIP)\]/u.test(line)));
		}
	});
}

test('tsx: the HTML heading with a logo and badges, centred paragraphs and <sup> read as GitHub shows them', t => {
	const rendered = renderMarkdown(readme('tsx'), {width: 80, color: false});
	const text = bodyText(rendered);
	t.true(text.includes('TypeScript Execute (tsx): The easiest way to run TypeScript in Node.js'));
	t.true(text.some(line => line.startsWith('Already a sponsor? Join the discussion in the Development repo[')), '<sup><i> keeps its text');
	t.deepEqual(rendered.headings.map(heading => heading.text), ['tsx', 'Sponsors'], 'the <h1> is in the outline, named by its logo');
	// Two linked badge images: one number each, for the link's target, not one for the image and one for the link.
	const badges = rendered.links.filter(link => link.url === 'https://npm.im/tsx');
	t.is(badges.length, 2);
	t.false(rendered.links.some(link => link.url.startsWith('https://badgen.net/')));
});

test('parse5: a <div><h1> block is a heading in the outline and the block after it is not glued on', t => {
	const rendered = renderMarkdown(readme('parse5'), {width: 80, color: false});
	const text = bodyText(rendered);
	t.deepEqual(rendered.headings.map(heading => [heading.level, heading.text, heading.slug]), [[1, 'parse5', 'parse5']]);
	t.is(text[rendered.headings[0]!.line], '# parse5');
	t.true(text.includes('HTML parser and serializer.'));
	t.true(text.includes('npm install --save parse5'));
	t.true(text.some(line => line.startsWith('List of parse5 toolset packages[')));
	const titled = renderMarkdown(readme('parse5'), {width: 80, color: false, title: 'parse5'});
	t.deepEqual(titled.headings, [], 'with the title in the header, the body does not repeat it');
});

test('mimic-function: a <picture> is one image link, and the quote after it is a quote', t => {
	const text = bodyText(renderMarkdown(readme('mimic-function'), {width: 80, color: false}));
	t.is(text[0], '[image: mimic-function logo][1]');
	t.true(text.includes('│ Make a function mimic another one'));
});

test('is-number: <details>/<summary> show the summary as a line and the content after it', t => {
	const rendered = renderMarkdown(readme('is-number'), {width: 100, color: false});
	const text = bodyText(rendered);
	const summary = text.indexOf('Contributing');
	t.true(summary > 0);
	t.true(text.slice(summary + 1, summary + 3).some(line => line.startsWith('Pull requests and stars are always welcome.')));
	t.is(String(rendered.headings[0]!.text), 'is-number', 'badges in a heading are left out of its outline entry');
	t.is(rendered.headings[0]!.slug, 'is-number');
});

test('slice-ansi: a GitHub alert is a labelled callout', t => {
	const text = bodyText(renderMarkdown(readme('slice-ansi'), {width: 80, color: false}));
	const label = text.indexOf('│ NOTE');
	t.true(label > 0);
	t.true(text[label + 1]!.startsWith('│ Tabs and other control characters take no columns.'));
	const colored = renderMarkdown(readme('slice-ansi'), {width: 80, color: true}).lines.map(line => plain(line));
	t.true(colored.includes('│ Note'));
});

test('inline HTML: <br>, <kbd>, <sub>, <a>, <img> and comments; things that only look like tags stay text', t => {
	const body = 'Press <kbd>Ctrl</kbd>+<kbd>C</kbd> to stop.<br>Then <a href="https://example.com/docs">read <b>the docs</b></a>.\n\nH<sub>2</sub>O <!-- hidden --> and <img src="logo.png" alt="Logo">.\n\nA `Promise<void>` and Promise<T> and <your-name>.';
	const rendered = renderMarkdown(body, {width: 80, color: false});
	const text = bodyText(rendered);
	t.deepEqual(text.slice(0, 2), ['Press Ctrl+C to stop.', 'Then read the docs[1].']);
	t.true(text.includes('H2O and [image: Logo][2].'), 'the comment leaves nothing');
	t.true(text.includes('A Promise<void> and Promise<T> and <your-name>.'));
	t.deepEqual(rendered.links.map(link => [link.text, link.url]), [['read the docs', 'https://example.com/docs'], ['Logo', 'logo.png']]);
	const colored = renderMarkdown(body, {width: 80, color: true});
	t.true(colored.lines[1]!.includes('\u001B[1mthe docs'), '<b> is bold');
});

test('an HTML table with a heading row is a table; a layout table is its cells as text', t => {
	const body = '<table>\n<tr><th>Name</th><th>Size</th></tr>\n<tr><td>tide</td><td>2 m</td></tr>\n</table>\n\n<table><tr><td><img src="a.png" alt="A"></td><td>Words beside it.</td></tr></table>\n';
	const rendered = renderMarkdown(body, {width: 60, color: false});
	const text = bodyText(rendered);
	t.is(rendered.blocks.filter(block => block.kind === 'table').length, 1);
	t.true(rendered.lines.some(line => /│ Name +│ Size +│/u.test(plain(line))));
	t.true(text.includes('[image: A][1]'));
	t.true(text.includes('Words beside it.'));
});

test('headings are told apart at every level, with colour and without', t => {
	const body = Array.from({length: 6}, (_, index) => `${'#'.repeat(index + 1)} Level ${index + 1}\n\nText.`).join('\n\n');
	const piped = renderMarkdown(body, {width: 60, color: false});
	t.deepEqual(piped.headings.map(heading => plain(piped.lines[heading.line]!)), ['# Level 1', '## Level 2', '### Level 3', '#### Level 4', '##### Level 5', '###### Level 6']);
	const colored = renderMarkdown(body, {width: 60, color: true});
	const styles = colored.headings.map(heading => colored.lines[heading.line]!.replace(/Level \d/u, ''));
	t.is(new Set(styles).size, 6, 'six different styles');
});

test('badges are one short label and one number each; emoji shortcodes become emoji; anchors follow GitHub', t => {
	const body = '[![Build Status](https://img.shields.io/b.svg)](https://ci.example.com) [![npm](https://img.shields.io/npm/v/x.svg)](https://npm.im/x) [![](https://badgen.net/npm/dm/tsx)](https://npm.im/tsx)\n\n:book: Read the docs :sparkles: at 12:30:45, not `:book:`.\n\n## Install & Use\n\n## Install & Use\n';
	const rendered = renderMarkdown(body, {width: 60, color: false});
	t.is(plain(rendered.lines[0]!), 'Build Status[1] npm[2] dm/tsx[3]');
	t.is(rendered.links.length, 3 + 0);
	t.is(plain(rendered.lines[2]!), '📖 Read the docs ✨ at 12:30:45, not :book:.');
	t.deepEqual(rendered.headings.map(heading => heading.slug), ['install--use', 'install--use-1']);
});

test('dom-serializer: its tables never break a word at narrow widths, in a grid or as records', t => {
	const source = readme('dom-serializer');
	const tableText = source.split('\n').filter(line => line.startsWith('|')).join(' ') + ` ${recordsNote}`;
	const words = new Set(tableText.match(/[A-Za-z]+/gu));
	for (const width of [40, 50, 60, 72, 100]) {
		const rendered = renderMarkdown(source, {width, color: false});
		const tables = rendered.blocks.filter(block => block.kind === 'table');
		t.is(tables.length, 2);
		for (const block of tables) {
			for (const line of rendered.lines.slice(block.line, block.endLine)) {
				for (const fragment of plain(line).match(/[A-Za-z]+/gu) ?? []) {
					t.true(words.has(fragment), `"${fragment}" is a piece of a word, at width ${width}: ${plain(line)}`);
				}
			}
		}
	}
});
