/**
Issue 15: a property test over generated hostile inputs for the parsers this side owns (feeds, salvage, tag stripping,
front matter, OPML, file names). Each input is a few hostile fragments repeated up to about 1 MB, the shape every
quadratic case so far had (a long run of something a pattern retries from every position). A quadratic step at 1 MB
takes minutes; each parse must finish in seconds. The test bounds its own time: a fixed seed and number of runs.
*/
import test from 'ava';
import fc from 'fast-check';
import {nameFromBytes} from '../../source/adapters/library.js';
import {locateFrontMatter, splitFrontMatter} from '../../source/core/article/front-matter.js';
import {parseArticle} from '../../source/core/article/parse-article.js';
import {parseFeedText, stripTags, tagChunks} from '../../source/core/feeds/parse-feed.js';
import {parseOpmlText} from '../../source/core/feeds/opml.js';

const fragments = [
	'<', '>', '<item', '<item x', '<item>', '</item', '</item>', '<entry', '<entry a="', '</entry>', '&lt;', '&#27;', '<![CDATA[', ']]>',
	'<!--', '-->', '<!DOCTYPE x [', ']>', '<?xml ', '?>', ' ', '\t', '\n', '---', '\n---', '\n--- x', 'key: ', ': ', '#', '"', '\'', '[', ']',
	'<outline title="t" xmlUrl="https://x.example/', '"/>', '<title type="html">', '</title>', 'a', 'é', '\u202E', '\u200B',
];

const prefixes = [
	'<rss version="2.0"><channel><title>t</title><item><guid>g</guid></item>',
	'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>1</id><title type="html">',
	'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel><title>t</title></channel>',
	'<opml version="2.0"><head><title>x</title></head><body>',
	'---\ntitle: a',
	'# a',
	'',
];

const hostile = fc.record({
	prefix: fc.constantFrom(...prefixes),
	unit: fc.array(fc.constantFrom(...fragments), {minLength: 1, maxLength: 4}).map(parts => parts.join('')),
	size: fc.integer({min: 200_000, max: 1_000_000}),
}).map(({prefix, unit, size}) => prefix + unit.repeat(Math.ceil(size / unit.length)));

const limitMs = 5000;
let worst = {ms: 0, label: ''};

function timed(label: string, work: () => unknown): boolean {
	const started = performance.now();
	work();
	const ms = performance.now() - started;
	if (ms > worst.ms) {
		worst = {ms, label};
	}

	return ms < limitMs;
}

test.serial('no generated hostile input of up to 1 MB keeps a parser busy for seconds', t => {
	const encoder = new TextEncoder();
	const outcome = fc.check(fc.property(hostile, text => {
		const facts = {path: 'feed/a.md', size: text.length, mtimeMs: 1};
		return timed('parseFeedText', () => parseFeedText(text, 'https://feed.example/'))
			&& timed('stripTags', () => stripTags(text))
			&& timed('tagChunks', () => tagChunks(text, 'item', 1000))
			&& timed('splitFrontMatter', () => splitFrontMatter(text))
			&& timed('locateFrontMatter', () => locateFrontMatter(text))
			&& timed('parseArticle', () => parseArticle(facts, encoder.encode(text)))
			&& timed('parseArticle (list)', () => parseArticle(facts, encoder.encode(text.slice(0, 256 * 1024)), {metaOnly: true, partial: true}))
			&& timed('parseOpmlText', () => parseOpmlText(text))
			&& timed('nameFromBytes', () => nameFromBytes(encoder.encode(text.slice(0, 4096))));
	}), {numRuns: 60, seed: 99, endOnFailure: true});
	t.log(`worst: ${worst.label} ${Math.round(worst.ms)} ms`);
	t.false(outcome.failed, fc.defaultReportMessage(outcome) ?? 'a counterexample was found');
});
