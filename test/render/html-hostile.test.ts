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
