import test from 'ava';
import {renderMarkdown} from '../../source/core/render/render-article.js';
import {linkPositions, linksOnScreen, resolveTarget, stepLink} from '../../source/app/reader-links.js';
import {stripSgr} from '../../source/core/text/styled-ranges.js';
import type {ArticleMeta} from '../../source/core/types.js';
import type {SafeText} from '../../source/core/text/neutralise.js';

const meta = (path: string, url?: string): ArticleMeta => ({
	id: path, path, title: path as SafeText, source: 's' as SafeText, tags: [], kind: 'md', size: 1, mtimeMs: 0, words: 1, url: url as SafeText | undefined,
});

for (const color of [false, true]) {
	test(`linkPositions finds each text[n] on its line, after any literal [n] the article writes itself (color ${color})`, t => {
		const body = 'A citation [2] comes first.\n\nSee [Reuters](https://reuters.com) and [**the AP**](https://apnews.com) today.\n\n' +
			`${'Filler words to wrap the line. '.repeat(4)}[last one](https://example.com/z)`;
		const rendered = renderMarkdown(body, {width: 40, color});
		const positions = linkPositions(rendered);
		const shown = positions.map(position => stripSgr(rendered.lines[position.line]!).slice(position.start, position.end));
		t.deepEqual(shown, ['Reuters[1]', 'the AP[2]', 'last one[3]']);
		t.not(positions[1]!.line, 0, 'the literal [2] in the first paragraph is not link 2');
	});
}

test('an image link is highlighted from its [image: …] label', t => {
	const rendered = renderMarkdown('Look: ![a cat](https://example.com/cat.png)', {width: 60, color: false});
	const [position] = linkPositions(rendered);
	t.is(stripSgr(rendered.lines[position!.line]!).slice(position!.start, position!.end), '[image: a cat][1]');
});

test('stepLink moves through the links on the screen and wraps round', t => {
	const body = Array.from({length: 30}, (_, index) => `Para [l${index + 1}](https://example.com/${index + 1}).`).join('\n\n');
	const rendered = renderMarkdown(body, {width: 60, color: false});
	const onScreen = linksOnScreen(rendered, 10, 6);
	t.deepEqual(onScreen.map(position => position.n), [6, 7, 8]);
	t.is(stepLink(onScreen, undefined, 1), 6);
	t.is(stepLink(onScreen, undefined, -1), 8);
	t.is(stepLink(onScreen, 7, 1), 8);
	t.is(stepLink(onScreen, 8, 1), 6);
	t.is(stepLink(onScreen, 6, -1), 8);
	t.is(stepLink(onScreen, 1, 1), 6, 'a highlight that scrolled away starts again on the screen');
	t.is(stepLink([], undefined, 1), undefined);
});

test('resolveTarget opens stored articles by relative path or by url, web links outside, and refuses other schemes', t => {
	const current = meta('news/today/a.md');
	const all = [current, meta('news/today/b.md'), meta('news/other.md'), meta('top.txt'), meta('x/y.md', 'https://example.com/stored/')];
	t.deepEqual(resolveTarget('b.md', current, all), {kind: 'article', meta: all[1]!});
	t.deepEqual(resolveTarget('../other.md#part', current, all), {kind: 'article', meta: all[2]!});
	t.deepEqual(resolveTarget('/top.txt', current, all), {kind: 'article', meta: all[3]!});
	t.deepEqual(resolveTarget('./b%2Emd', current, all), {kind: 'article', meta: all[1]!});
	t.deepEqual(resolveTarget('https://example.com/stored#x', current, all), {kind: 'article', meta: all[4]!});
	t.deepEqual(resolveTarget('https://example.com/elsewhere', current, all), {kind: 'web', url: 'https://example.com/elsewhere'});
	t.deepEqual(resolveTarget('mailto:someone@example.com', current, all), {kind: 'web', url: 'mailto:someone@example.com'});
	for (const refused of ['javascript:alert(1)', 'JavaScript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', '//evil.example/a.md', '../../../../etc/passwd.md', 'missing.md', 'notes.pdf']) {
		t.is(resolveTarget(refused, current, all).kind, 'refused', refused);
	}
});
