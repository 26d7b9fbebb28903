import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {htmlToMarkdown} from '../../source/core/feeds/html-to-markdown.js';
import {renderMarkdown} from '../../source/core/render/render-article.js';
import {stripSgr} from '../../source/core/text/styled-ranges.js';

// The bzip2 manual as Debian installs it (/usr/share/doc/bzip2/manual.html; licence next to it): a real documentation
// page, the kind a feed links to and `fetch-full` stores.
const manual = fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'real', 'html', 'bzip2-manual.html'), 'utf8');

test('a documentation page keeps its <pre> blocks as code, with their line breaks; # include lines are not headings', t => {
	const markdown = htmlToMarkdown(manual, 'https://sourceware.org/bzip2/manual/manual.html');
	t.true(markdown.includes('```\nCompression:   400k + ( 8 x block size )\n\nDecompression: 100k + ( 4 x block size ), or\n               100k + ( 2.5 x block size )\n```'));
	t.true(markdown.includes('```\ntypedef struct {\n  char *next_in;'));
	const rendered = renderMarkdown(markdown, {width: 100, color: false});
	t.false(rendered.headings.some(heading => heading.text.includes('include')), 'no #include became a heading');
	t.true(rendered.blocks.filter(block => block.kind === 'code').length >= 40);
	t.false(rendered.lines.some(line => /<\/?(?:table|tr|td|div|pre)\b|&nbsp;/u.test(stripSgr(line))));
});

test('layout tables become text, a linked image is one link, an iframe leaves a link, <pre> without <code> is code', t => {
	const markdown = htmlToMarkdown(`<table><tr><td><a href="/post"><img src="/thumb.jpg" alt="Harbour"></a></td><td>Boats&nbsp;return <b>early</b>.</td></tr></table>
<iframe src="https://video.example/embed/42"></iframe>
<pre>line one
    indented two</pre>`, 'https://news.example/feed');
	t.true(markdown.includes('[Image: Harbour](<https://news.example/post>)'), markdown);
	t.false(markdown.includes('thumb.jpg'), 'one link, not an image link inside a link');
	t.true(markdown.includes('Boats\u00A0return **early**.'));
	t.false(/<\/?t[dr]|<table/u.test(markdown));
	t.true(markdown.includes('[Embedded: https://video.example/embed/42](<https://video.example/embed/42>)'));
	t.true(markdown.includes('```\nline one\n    indented two\n```'));
});
