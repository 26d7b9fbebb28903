/**
The article body in the theme's colours (issue 17): the renderer takes the body's styles from the theme, resolved to
the terminal's depth, as plain data; the `terminal` theme draws exactly what Tidings always drew; the reader's render
cache keys on the theme; the search and Tab-link marks come from the theme too.
*/
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {renderMarkdown} from '../../source/core/render/render-article.js';
import {bodyTheme, colorDepth, resolveTheme, sgrOf, type ColorDepth} from '../../source/core/theme/theme.js';
import {markRanges, stripSgr} from '../../source/core/text/styled-ranges.js';
import {RenderCache} from '../../source/effects/index.js';
import {loadLibrary} from '../../source/adapters/library.js';
import {closeRenderWorker} from '../../source/adapters/render-worker.js';

const body = [
	'# Heading one', '', 'Intro with a [link](https://example.com/a) and `code`.', '', '## Heading two', '',
	'> a quote', '', '```', 'plain code', '```', '', '| a | b |', '|---|---|', '| 1 | 2 |', '',
].join('\n');
const sgrCodes = (text: string) => new Set([...text.matchAll(/\u001B\[([\d;:]*)m/gu)].map(match => match[1]));
const themed = (name: 'terminal' | 'dark' | 'light', depth: ColorDepth, color = true) =>
	renderMarkdown(body, {width: 60, color, theme: bodyTheme(resolveTheme(name, {}, depth))});
const lineWith = (lines: readonly string[], text: string) => lines.find(line => stripSgr(line).includes(text)) ?? '';

// Golden: the dark theme's h1 (#cba6f7), h2 (#89b4fa), link (#89b4fa) and code gutter (#585b70) at each depth.
const golden: Record<Exclude<ColorDepth, 'none'>, {h1: string; h2: string; link: string; gutter: string}> = {
	truecolor: {h1: '38;2;203;166;247', h2: '38;2;137;180;250', link: '38;2;137;180;250', gutter: '38;2;88;91;112'},
	256: {h1: '38;5;183', h2: '38;5;111', link: '38;5;111', gutter: '38;5;241'},
	16: {h1: '37', h2: '94', link: '94', gutter: '90'},
};

for (const depth of ['truecolor', '256', '16'] as const) {
	test(`the dark theme's headings, link and code gutter are drawn in its colours at ${depth}`, t => {
		const {lines} = themed('dark', depth);
		const expected = golden[depth];
		t.true(lineWith(lines, 'Heading one').includes(`\u001B[${expected.h1}m`), JSON.stringify(lineWith(lines, 'Heading one')));
		t.true(lineWith(lines, 'Heading one').includes('\u001B[4m'), 'h1 is underlined');
		t.true(lineWith(lines, 'Heading two').includes(`\u001B[${expected.h2}m`), JSON.stringify(lineWith(lines, 'Heading two')));
		t.true(lineWith(lines, 'Intro with').includes(`\u001B[${expected.link}m`), JSON.stringify(lineWith(lines, 'Intro with')));
		t.true(lineWith(lines, 'plain code').startsWith(`\u001B[${expected.gutter}m`), JSON.stringify(lineWith(lines, 'plain code')));
		// The terminal theme's own colours (magenta h1, green h2) are gone.
		t.false(lineWith(lines, 'Heading one').includes('\u001B[35m'));
		t.false(lineWith(lines, 'Heading two').includes('\u001B[32m'));
		const plain = themed('terminal', depth).lines.map(line => stripSgr(line));
		t.deepEqual(lines.map(line => stripSgr(line)), plain, 'the same text, only the colours differ');
	});
}

test('a truecolor colour never appears below truecolor, nor a 256-colour one at 16', t => {
	const at256 = [...sgrCodes(themed('dark', '256').lines.join('\n'))];
	const at16 = [...sgrCodes(themed('light', '16').lines.join('\n'))];
	t.false(at256.some(code => code?.includes('38;2;')));
	t.false(at16.some(code => code?.includes('38;2;') || code?.includes('38;5;')));
});

test('NO_COLOR: no colour at all, in any theme', t => {
	const depth = colorDepth({NO_COLOR: '1', COLORTERM: 'truecolor', TERM: 'xterm-256color'});
	t.is(depth, 'none');
	// As the reader renders under NO_COLOR (useColor: false): no SGR at all, and headings keep their # marks.
	const off = themed('dark', depth, false);
	t.false(off.lines.join('\n').includes('\u001B['));
	t.true(off.lines.some(line => line === '# Heading one'));
	// `colors = "none"` on a colour terminal: the attributes stay, no colour does.
	const attributesOnly = [...sgrCodes(themed('dark', depth).lines.join('\n'))].flatMap(code => code!.split(';').map(Number));
	t.true(attributesOnly.length > 0);
	t.false(attributesOnly.some(code => (code >= 30 && code <= 38) || (code >= 40 && code <= 48) || (code >= 90 && code <= 107)), String(attributesOnly));
});

test('the terminal theme renders exactly as without a theme, at every depth', t => {
	const today = renderMarkdown(body, {width: 60, color: true});
	for (const depth of ['truecolor', '256', '16', 'none'] as const) {
		const rendered = themed('terminal', depth);
		if (depth === 'none') {
			t.notDeepEqual(rendered.lines, today.lines, 'without colour the terminal theme keeps only its attributes');
		} else {
			t.deepEqual(rendered.lines, today.lines, depth);
		}
	}

	// The lines today's terminal theme draws (a golden of the heading, link and gutter colours).
	t.true(lineWith(today.lines, 'Heading one').includes('\u001B[35m\u001B[1m\u001B[4m'));
	t.true(lineWith(today.lines, 'Heading two').includes('\u001B[32m\u001B[1m'));
	t.true(lineWith(today.lines, 'Intro with').includes('\u001B[34mlink\u001B[39m'));
});

test('a style of the config file over a body role reaches the body', t => {
	const theme = bodyTheme(resolveTheme('terminal', {'body.h2': {fg: '#ff0000'}, 'body.link': {fg: 'ansi256:208', bold: true}}, 'truecolor'));
	const {lines} = renderMarkdown(body, {width: 60, color: true, theme});
	t.true(lineWith(lines, 'Heading two').includes('\u001B[38;2;255;0;0m'));
	t.true(lineWith(lines, 'Intro with').includes('\u001B[38;5;208m\u001B[1mlink'));
	t.true(lineWith(lines, 'Heading one').includes('\u001B[35m'), 'the other roles keep the theme\'s');
	t.deepEqual(JSON.parse(JSON.stringify(theme)), theme, 'the body theme is plain data');
});

test('the search and link marks: inverse in the terminal theme and without colour, the theme\'s colours otherwise', t => {
	const terminal = resolveTheme('terminal', {}, 'truecolor');
	t.deepEqual(sgrOf(terminal['reader.search']), {on: '\u001B[7m', off: '\u001B[27m'});
	t.deepEqual(sgrOf(terminal['reader.search.current']), {on: '\u001B[4;7m', off: '\u001B[24;27m'});
	t.deepEqual(sgrOf(terminal['reader.link']), {on: '\u001B[7m', off: '\u001B[27m'});
	const dark = resolveTheme('dark', {}, 'truecolor');
	t.deepEqual(sgrOf(dark['reader.search']), {on: '\u001B[38;2;30;30;46;48;2;249;226;175m', off: '\u001B[39;49m'});
	t.is(sgrOf(resolveTheme('dark', {}, '256')['reader.link']).on, '\u001B[38;5;235;48;5;111m');
	const none = resolveTheme('dark', {}, 'none');
	t.deepEqual(sgrOf(none['reader.search']), {on: '\u001B[7m', off: '\u001B[27m'}, 'the background is lost: inverse');
	t.deepEqual(sgrOf(none['reader.search.current']), {on: '\u001B[4;7m', off: '\u001B[24;27m'});
	t.deepEqual(sgrOf({}), {on: '\u001B[7m', off: '\u001B[27m'}, 'a style that shows nothing is inverse');
});

test('a coloured mark gives the line its own styling back at its end; an inverse one leaves the line as it was', t => {
	const line = 'see \u001B[34mblue link text\u001B[39m end';
	const coloured = sgrOf(resolveTheme('dark', {}, 'truecolor')['reader.search']);
	const marked = markRanges(line, [{start: 9, end: 13, ...coloured}]);
	t.is(stripSgr(marked), stripSgr(line));
	t.true(marked.includes(`${coloured.on}link${coloured.off}\u001B[34m text`), JSON.stringify(marked));
	const inverse = markRanges(line, [{start: 9, end: 13, on: '\u001B[7m', off: '\u001B[27m'}]);
	t.is(inverse, 'see \u001B[34mblue \u001B[7mlink\u001B[27m text\u001B[39m end');
});

test('the render cache renders again when the theme changes, and the worker draws the theme as this thread does', async t => {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-theme-cache-'));
	t.teardown(async () => {
		await closeRenderWorker();
		fs.rmSync(root, {recursive: true, force: true});
	});
	fs.writeFileSync(path.join(root, 'a.md'), `---\ntitle: Something else\n---\n${body}`);
	const [meta] = await loadLibrary(root);
	const dark = bodyTheme(resolveTheme('dark', {}, 'truecolor'));
	const cache = new RenderCache(root, true, dark);
	const first = await cache.get(meta!, 60);
	t.is(await cache.get(meta!, 60), first, 'the same theme: from the cache');
	t.true(lineWith(first.lines, 'Heading two').includes('\u001B[38;2;137;180;250m'));
	t.deepEqual(first.lines, renderMarkdown(body, {width: 60, color: true, theme: dark, title: 'Something else'}).lines, 'the worker renders the theme');
	cache.setTheme(undefined);
	const terminal = await cache.get(meta!, 60);
	t.not(terminal, first);
	t.true(lineWith(terminal.lines, 'Heading two').includes('\u001B[32m'));
	cache.setTheme(bodyTheme(resolveTheme('light', {}, '256')));
	t.true(lineWith((await cache.get(meta!, 60)).lines, 'Heading two').includes('\u001B[38;5;'));
});

test('footnote references, link numbers, the Links heading, list markers and code tokens take the theme\'s colours too', t => {
	const text = ['A claim.[^1] See [the site](https://example.com/).', '', '- one', '- two', '', '```js', 'const answer = "yes"; // why', '```', '', '[^1]: The source.', ''].join('\n');
	const dark = renderMarkdown(text, {width: 60, color: true, theme: bodyTheme(resolveTheme('dark', {}, 'truecolor'))}).lines;
	const plain = renderMarkdown(text, {width: 60, color: true}).lines;
	const all = dark.join('\n');
	t.true(lineWith(dark, 'A claim').includes('\u001B[38;2;148;226;213m'), 'the footnote reference (#94e2d5)');
	t.true(lineWith(dark, 'See the site').includes('\u001B[38;2;108;112;134m') || all.includes('\u001B[38;2;108;112;134m[1]'), 'the link number (#6c7086)');
	t.true(lineWith(dark, 'Links').includes('\u001B[38;2;203;166;247m'), 'the Links heading (#cba6f7)');
	t.true(lineWith(dark, 'const answer').includes('\u001B[38;2;203;166;247m'), 'a keyword (#cba6f7)');
	t.true(lineWith(dark, 'const answer').includes('\u001B[38;2;166;227;161m'), 'a string (#a6e3a1)');
	t.false(all.includes('\u001B[36m'), 'no terminal cyan left in the dark theme');
	t.deepEqual(renderMarkdown(text, {width: 60, color: true, theme: bodyTheme(resolveTheme('terminal', {}, '16'))}).lines, plain, 'the terminal theme draws what it always drew');
});
