import test from 'ava';
import {renderMarkdown} from '../../source/core/render/render-article.js';
import {parseFeedText} from '../../source/core/feeds/parse-feed.js';

// Hostile shapes of HTML in Markdown and in feeds: each used to take from seconds to a minute (or overflow the stack).
// The bounds are generous safety limits, not speed targets.
const within = (t: {true(value: boolean, message?: string): void}, started: number, what: string) => {
	t.true(performance.now() - started < 2000, `${what} took ${Math.round(performance.now() - started)} ms`);
};

test('20,000 unclosed inline tags are matched in one pass, and deep nesting is flattened, not a stack overflow', t => {
	for (const [what, body] of [
		['unclosed <b>', 'x <b>'.repeat(20_000)],
		['nested <b>', `${'<b>'.repeat(5000)}deep${'</b>'.repeat(5000)}`],
		['nested <a>', `${'<a href="https://x.example">'.repeat(3000)}deep${'</a>'.repeat(3000)}`],
	] as const) {
		const started = performance.now();
		const rendered = renderMarkdown(body, {width: 80, color: false});
		within(t, started, what);
		t.is(rendered.fallback, undefined, `${what} is rendered, not refused`);
		t.false(rendered.lines.some(line => /<\/?[ab]\b/u.test(line)), `${what}: no raw tag`);
	}
});

test('a feed nested 100,000 deep is not handed to the lenient DOM reader', t => {
	const xml = `<rss version="2.0"><channel><item><body>${'<b>'.repeat(100_000)}x${'</b>'.repeat(100_000)}</body></item></channel></rss>`;
	const started = performance.now();
	parseFeedText(xml, 'https://x.example/feed.xml');
	within(t, started, 'deep feed');
});

test('titles, excerpts and the search headings column stay quick on hostile text', async t => {
	const {headingText} = await import('../../source/adapters/search-index.js');
	const {parseArticle, plainTitle} = await import('../../source/core/article/parse-article.js');
	const {excerptTitle} = await import('../../source/core/feeds/feed-item-to-article.js');
	const cases: Array<[string, () => unknown]> = [
		['a 1 MB line', () => headingText('a'.repeat(1_000_000))],
		['100,000 image openers in a title', () => plainTitle('![x'.repeat(100_000))],
		['100,000 image openers in an excerpt', () => excerptTitle('![x'.repeat(100_000))],
		['5,000 unclosed <h1>', () => parseArticle({path: 'a.md', size: 1, mtimeMs: 0}, new TextEncoder().encode('<h1>'.repeat(5000)))],
		['100,000 scripts in an html title', () => parseFeedText(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><title type="html">${'&lt;script&gt;'.repeat(100_000)}</title></entry></feed>`, 'https://x.example/f')],
	];
	for (const [what, run] of cases) {
		const started = performance.now();
		run();
		within(t, started, what);
	}
});

test('tables nested 64 deep convert in linear time, in feeds and in README HTML', async t => {
	const {htmlToMarkdown} = await import('../../source/core/feeds/html-to-markdown.js');
	const html = `${'<table><tr><td>'.repeat(64)}x${'</td></tr></table>'.repeat(64)}`;
	let started = performance.now();
	t.is(htmlToMarkdown(html, undefined), 'x');
	within(t, started, 'nested tables in a feed');
	started = performance.now();
	t.true(renderMarkdown(`${html}\n`, {width: 80, color: false}).lines.includes('x' as never));
	within(t, started, 'nested tables in a README');
});
