import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {renderMarkdown} from '../../source/core/render/render-article.js';
import {headingForAnchor} from '../../source/app/outline.js';
import {anchorTarget} from '../../source/app/reader-links.js';
import {stripSgr} from '../../source/core/text/styled-ranges.js';

// ink-testing-library's README (MIT): its in-page links name repeated headings (`#lastframe-1`), as GitHub numbers them.
const readme = fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'real', 'readmes', 'ink-testing-library', 'README.md'), 'utf8');

test('every in-page link of a real README jumps to the heading GitHub would', t => {
	const rendered = renderMarkdown(readme, {width: 80, color: true});
	const inPage = rendered.links.filter(link => link.url.startsWith('#'));
	t.true(inPage.length >= 4);
	for (const link of inPage) {
		const target = anchorTarget(link.url, rendered);
		t.truthy(target, link.url);
	}

	const lastFrame = anchorTarget('#lastframe-1', rendered)!;
	const headings = rendered.headings.filter(heading => heading.text === 'lastFrame()');
	t.is(headings.length, 3, 'three headings of the same name');
	t.is(lastFrame.line, headings[1]!.line, '-1 is the second of them');
	t.is(stripSgr(rendered.lines[lastFrame.line]!), 'lastFrame()');
	t.is(String(anchorTarget('#stdout', rendered)!.heading), 'stdout');
});

test('anchors: GitHub prefixes, percent-encoding and heading text are understood; unknown ones name nothing', t => {
	const rendered = renderMarkdown('# Café & Bar\n\nText.\n\n## Install it\n\nMore.\n', {width: 60, color: false});
	t.is(String(headingForAnchor(rendered.headings, '#caf%C3%A9--bar')?.text), 'Café & Bar');
	t.is(String(headingForAnchor(rendered.headings, '#user-content-install-it')?.text), 'Install it');
	t.is(String(headingForAnchor(rendered.headings, '#Install it')?.text), 'Install it');
	t.is(headingForAnchor(rendered.headings, '#nowhere'), undefined);
	t.is(anchorTarget('https://example.com/#install-it', rendered), undefined, 'only in-page links');
});
