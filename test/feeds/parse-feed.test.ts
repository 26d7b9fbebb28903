import test from 'ava';
import {decodeFeedBytes} from '../../source/core/feeds/decode.js';
import {parseFeedDate} from '../../source/core/feeds/dates.js';
import {detectFormat} from '../../source/core/feeds/detect-format.js';
import {discoverFeedLinks} from '../../source/core/feeds/discover.js';
import {parseFeedText} from '../../source/core/feeds/parse-feed.js';
import type {ParsedFeed} from '../../source/core/feeds/types.js';
import {stripDoctype} from '../../source/core/feeds/xml-guard.js';
import {fixture} from './helpers/feed-server.js';

function parseFixture(name: string, url = `https://feeds.example/${name}`): ParsedFeed {
	const decoded = decodeFeedBytes(fixture(name));
	const result = parseFeedText(decoded.text, url);
	if (!result.ok) {
		throw new Error(`${name}: ${result.error.reason}`);
	}

	return result.value;
}

test('a news site RSS 2.0 feed gives items with content:encoded, dc:creator, dates in UTC and media enclosures', t => {
	const feed = parseFixture('news-rss2.xml');
	t.is(feed.format, 'rss');
	t.is(feed.title, 'The Daily Ledger - World');
	t.is(feed.siteUrl, 'https://news.example/world/');
	t.is(feed.items.length, 3);
	const [first, second, third] = feed.items;
	t.is(first!.id, 'ledger-123');
	t.is(first!.title, 'Harbour reopens after storm & floods');
	t.is(first!.author, 'Ana Ruiz');
	t.is(first!.date, '2024-06-04T07:30:00.000Z');
	t.true(first!.html!.includes('<strong>reopened</strong>'));
	t.deepEqual(first!.enclosures.map(enclosure => enclosure.url), ['https://news.example/img/harbour-large.jpg']);
	t.is(second!.date, '2024-06-03T22:05:00.000Z', 'RFC 822 without seconds and with a US zone name');
	t.is(third!.date, '2024-06-02T19:00:00.000Z', 'a zone name V8 does not know (CEST)');
});

test('a blog Atom feed resolves relative links against xml:base and reads HTML titles as text', t => {
	const feed = parseFixture('blog-atom.xml');
	t.is(feed.format, 'atom');
	t.is(feed.title, 'Notes from the Workshop');
	const [post, plain] = feed.items;
	t.is(post!.id, 'tag:blog.example,2024:post-42');
	t.is(post!.title, 'Fixing a wobbly table');
	t.is(post!.url, 'https://blog.example/posts/wobbly-table/');
	t.is(post!.date, '2024-05-20T08:00:00.000Z', 'published wins over updated');
	t.is(post!.author, 'Sam Carter');
	t.is(plain!.html, 'Less is more &lt;really&gt;.', 'a text summary is escaped into HTML, never interpreted');
});

test('a JSON Feed gives HTML items, text items and attachments, with the feed author as fallback', t => {
	const feed = parseFixture('json-feed.json');
	t.is(feed.format, 'json-feed');
	const [photo, note] = feed.items;
	t.is(photo!.date, '2024-06-01T12:12:00.000Z');
	t.is(photo!.author, 'Priya N.');
	t.is(note!.id, '2');
	t.is(note!.html, undefined);
	t.is(note!.text, 'A short note without a title.\n\n*Not* emphasis.');
	t.deepEqual(note!.enclosures, [{url: 'https://micro.example/audio/note.m4a', type: 'audio/x-m4a', length: 1_234_567}]);
});

test('an RSS 1.0 (RDF) feed uses rdf:about as the id and dc:date/dc:creator', t => {
	const feed = parseFixture('rdf.xml');
	t.is(feed.format, 'rdf');
	t.deepEqual(feed.items.map(item => [item.id, item.author, item.date]), [
		['https://science.example/a/1', 'M. Okafor', '2024-06-02T18:00:00.000Z'],
		['https://science.example/a/2', undefined, '2024-06-01T00:00:00.000Z'],
	]);
});

test('a podcast feed keeps its enclosures (with the item\'s itunes:duration), resolving a relative one against the feed URL', t => {
	const feed = parseFixture('podcast.xml', 'https://slowradio.example/feed.xml');
	t.deepEqual(feed.items.map(item => item.enclosures), [
		[{url: 'https://cdn.slowradio.example/ep12.mp3', type: 'audio/mpeg', length: 58_123_456, duration: 3723}],
		[{url: 'https://slowradio.example/audio/ep11.mp3', type: 'audio/mpeg', length: 0}],
	]);
	t.is(feed.items[0]!.author, 'Jo Banks');
});

test('an entity-expansion bomb is not expanded: its DTD is cut and the references stay literal', t => {
	const text = fixture('billion-laughs.xml').toString('utf8');
	const result = parseFeedText(text, 'https://feeds.example/bomb');
	t.true(result.ok);
	const feed = (result as {value: ParsedFeed}).value;
	t.is(feed.items[0]!.title, 'Bomb &lol9;');
	t.true(JSON.stringify(feed).length < 2000, 'nothing was multiplied');
});

test('an external entity is never resolved: no file content, no request, and the item survives', t => {
	const result = parseFeedText(fixture('xxe.xml').toString('utf8'), 'https://feeds.example/xxe');
	t.true(result.ok);
	const feed = (result as {value: ParsedFeed}).value;
	t.is(feed.items[0]!.html, 'secret: &xxe;');
	t.false(JSON.stringify(feed).includes('root:'));
});

test('stripDoctype removes an internal subset with brackets and quotes inside', t => {
	t.is(stripDoctype('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "]>"><!ENTITY b \'[\'>]><x>&a;</x>'), '<?xml version="1.0"?><x>&a;</x>');
	t.is(stripDoctype('<x>no doctype</x>'), '<x>no doctype</x>');
});

test('malformed XML with junk before the prolog keeps the good items and says so', t => {
	const feed = parseFixture('broken.xml');
	t.is(feed.title, 'Corner Shop News');
	t.deepEqual(feed.items.map(item => item.id), ['shop-1', 'shop-2', 'shop-3', 'http://shop.example/4']);
	t.is(feed.items[0]!.title, 'Fish & chips are back', 'an unescaped ampersand is read as one');
	t.regex(feed.warnings.join(' '), /malformed XML: 4 item/u);
});

test('a Windows-1252 feed declared in its prolog decodes curly quotes, dashes and the euro sign', t => {
	const decoded = decodeFeedBytes(fixture('windows-1252.xml'));
	t.is(decoded.charset, 'windows-1252');
	const feed = parseFixture('windows-1252.xml');
	t.is(feed.title, 'Café “Le Monde”');
	t.is(feed.items[0]!.title, 'Crème brûlée – €5');
});

test('a feed declaring ISO-8859-1 but sending UTF-8 is read as UTF-8 with a warning', t => {
	const decoded = decodeFeedBytes(fixture('wrong-charset.xml'));
	t.is(decoded.charset, 'utf-8');
	t.regex(decoded.warning ?? '', /declared iso-8859-1 but the bytes are UTF-8/u);
	t.is(parseFixture('wrong-charset.xml').items[0]!.title, 'Grüße aus Zürich – über 日本');
});

test('a Content-Type charset is used, and a wrong UTF-8 label on Latin-1 bytes falls back to Windows-1252', t => {
	const latin = Buffer.from('<rss version="2.0"><channel><title>Caf\u00E9</title></channel></rss>', 'latin1');
	t.is(decodeFeedBytes(latin, 'text/xml; charset=ISO-8859-1').text.includes('Café'), true);
	const mislabelled = decodeFeedBytes(latin, 'text/xml; charset=utf-8');
	t.is(mislabelled.charset, 'windows-1252');
	t.true(mislabelled.text.includes('Café'));
	t.regex(mislabelled.warning ?? '', /not UTF-8/u);
	const koi = Buffer.from([0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4]);
	t.is(decodeFeedBytes(koi, 'text/xml; charset=koi8-r').text, 'Привет');
});

test('dates in RFC 822 and RFC 3339 with real-world deviations come out as UTC ISO strings', t => {
	const cases: Array<[string, string | undefined]> = [
		['Tue, 04 Jun 2024 08:30:00 +0100', '2024-06-04T07:30:00.000Z'],
		['Tue, 04 Jun 2024 08:30:00 GMT', '2024-06-04T08:30:00.000Z'],
		['Wed, 04 Jun 2024 08:30:00 GMT', '2024-06-04T08:30:00.000Z'],
		['4 Sept 2024 08:30:00 BST', '2024-09-04T07:30:00.000Z'],
		['Di, 04 Jun 2024 08:30:00 +0200', '2024-06-04T06:30:00.000Z'],
		['Tue, 04 Jun 2024 08:30:00', '2024-06-04T08:30:00.000Z'],
		['2024-06-04T08:30:00+02:00', '2024-06-04T06:30:00.000Z'],
		['2024-06-04T08:30:00.123456Z', '2024-06-04T08:30:00.123Z'],
		['2024-06-04 08:30:00', '2024-06-04T08:30:00.000Z'],
		['2024-06-04', '2024-06-04T00:00:00.000Z'],
		['yesterday', undefined],
		['', undefined],
		['0000-00-00 00:00:00', undefined],
	];
	for (const [input, expected] of cases) {
		t.is(parseFeedDate(input), expected, input);
	}
});

test('format detection goes by content: RSS, Atom, RDF, JSON Feed and web pages', t => {
	t.is(detectFormat(fixture('news-rss2.xml').toString()), 'rss');
	t.is(detectFormat(fixture('blog-atom.xml').toString()), 'atom');
	t.is(detectFormat(fixture('rdf.xml').toString()), 'rdf');
	t.is(detectFormat(fixture('json-feed.json').toString()), 'json-feed');
	t.is(detectFormat(fixture('page.html').toString()), 'html');
	t.is(detectFormat('{"hello": 1}'), 'unknown');
	t.is(detectFormat('<?xml version="1.0"?><!-- hi --><svg/>'), 'unknown');
});

test('a web page is reported as a page, not parsed as a feed', t => {
	const result = parseFeedText(fixture('page.html').toString(), 'https://blog.example/');
	t.false(result.ok);
	t.is((result as {error: {format?: string}}).error.format, 'html');
});

test('feed discovery reads <link rel="alternate"> and puts comment feeds last', t => {
	t.deepEqual(discoverFeedLinks(fixture('page.html').toString(), 'https://blog.example/notes/'), [
		'https://blog.example/atom.xml',
		'https://blog.example/comments/feed/',
	]);
});

test('items with neither an id nor a link are kept under a stable id made from their content', t => {
	const xml = '<rss version="2.0"><channel><title>T</title><item><title>lost</title></item><item><title>other</title></item><item><guid>g</guid></item></channel></rss>';
	const result = parseFeedText(xml, 'https://x.example/f');
	t.true(result.ok);
	const feed = (result as {value: ParsedFeed}).value;
	const ids = feed.items.map(item => item.id!);
	t.is(ids.length, 3);
	t.regex(ids[0]!, /^tidings:content:[\da-f]{32}$/u);
	t.not(ids[0], ids[1], 'different content, different id');
	t.is(ids[2], 'g');
	t.deepEqual(feed.warnings, []);
	const again = (parseFeedText(xml, 'https://x.example/f') as {value: ParsedFeed}).value;
	t.deepEqual(again.items.map(item => item.id), ids, 'a refetch gives the same ids, so nothing is stored twice');
	const elsewhere = (parseFeedText(xml, 'https://y.example/f') as {value: ParsedFeed}).value;
	t.not(elsewhere.items[0]!.id, ids[0], 'the feed URL is part of the id');
});
