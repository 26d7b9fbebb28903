import test from 'ava';
import {excerptTitle, feedItemToArticle} from '../../source/core/feeds/feed-item-to-article.js';

const feed = {source: 'Micro', feedUrl: 'https://micro.example/feed.xml'};

test('an item without a title is named by the start of its text, not "Untitled"', t => {
	const short = feedItemToArticle({id: 'a', html: '<p>Just setting up my <b>blog</b>.</p>', enclosures: []}, feed, '2025-01-01T00:00:00.000Z');
	t.true(short.text.includes('title: Just setting up my blog.\n'), short.text);
	const long = feedItemToArticle({id: 'b', html: '<p>The harbour master counts the boats each morning before the tide turns and the ferries leave.</p>', enclosures: []}, feed, '2025-01-01T00:00:00.000Z');
	t.true(long.text.includes('title: The harbour master counts the boats each morning before the…\n'), long.text);
	t.true(long.fileName.startsWith('2025-01-01-the-harbour-master'));
	const empty = feedItemToArticle({id: 'c', enclosures: []}, feed, '2025-01-01T00:00:00.000Z');
	t.true(empty.text.includes('title: Untitled\n'));
	t.is(excerptTitle('```\ncode\n```\n\n- A list item with words\n'), 'A list item with words');
});

test('Atom entries inherit the feed\'s author; type="html" titles are decoded; CDATA and double-escaped titles are text', async t => {
	const {parseFeedText} = await import('../../source/core/feeds/parse-feed.js');
	const atom = parseFeedText(`<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>f</id><updated>2024-01-01T00:00:00Z</updated>
<author><name>Feed Author</name></author>
<entry><id>1</id><updated>2024-01-01T00:00:00Z</updated><title type="html">Escaped &amp;lt;html&amp;gt; in a title</title><category term="tides" label="Tides"/><category term="boats"/></entry>
<entry><id>2</id><updated>2024-01-01T00:00:00Z</updated><title type="html">&lt;b&gt;Bold&lt;/b&gt; &amp;amp; plain</title><author><name>Own Author</name></author></entry>
</feed>`, 'https://x.example/atom');
	t.true(atom.ok);
	const entries = atom.ok ? atom.value.items : [];
	t.is(entries[0]!.author, 'Feed Author');
	t.is(entries[1]!.author, 'Own Author');
	t.is(entries[0]!.title, 'Escaped <html> in a title');
	t.is(entries[1]!.title, 'Bold & plain');
	t.deepEqual(entries[0]!.tags, ['Tides', 'boats']);
	const rss = parseFeedText(`<rss version="2.0"><channel><title>T</title><link>https://x.example/</link><description>d</description>
<item><title><![CDATA[<em>Storm</em> warning]]></title><link>https://x.example/1</link><description>d</description><category>Weather</category></item>
<item><title>Fish &amp;amp; chips &amp;lt;3</title><link>https://x.example/2</link><description>d</description></item>
</channel></rss>`, 'https://x.example/rss');
	const items = rss.ok ? rss.value.items : [];
	t.is(items[0]!.title, 'Storm warning');
	t.deepEqual(items[0]!.tags, ['Weather']);
	t.is(items[1]!.title, 'Fish & chips <3');
	const json = parseFeedText(JSON.stringify({version: 'https://jsonfeed.org/version/1.1', title: 'J', items: [{id: 'a', content_text: 'x', tags: ['one', 'two']}]}), 'https://x.example/feed.json');
	t.deepEqual(json.ok ? json.value.items[0]!.tags : [], ['one', 'two']);
	const file = feedItemToArticle(items[0]!, feed, '2025-01-01T00:00:00.000Z');
	t.true(file.text.includes('tags:\n  - Weather\n'), 'tags are written to the front matter, where T and tag: find them');
	const filed = feedItemToArticle(items[0]!, {...feed, category: 'News'}, '2025-01-01T00:00:00.000Z');
	t.true(filed.text.includes('tags:\n  - Weather\n  - News\n'), 'an OPML category is a tag of every item');
});

test('content in xhtml:body or media:description is the item\'s body, not "nothing recoverable"', async t => {
	const {parseFeedText} = await import('../../source/core/feeds/parse-feed.js');
	const xhtml = parseFeedText(`<rss version="2.0" xmlns:xhtml="http://www.w3.org/1999/xhtml"><channel>
<item><xhtml:body><xhtml:p>Tide <xhtml:a href="/tables">tables</xhtml:a> for May.</xhtml:p></xhtml:body></item>
</channel></rss>`, 'https://x.example/feed.xml');
	t.true(xhtml.ok);
	const [item] = xhtml.ok ? xhtml.value.items : [];
	t.truthy(item?.id);
	t.regex(item?.html ?? '', /Tide .*tables.* for May\./u);
	const media = parseFeedText(`<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<item><media:group><media:content url="https://x.example/v.mp4" type="video/mp4"/><media:description>Boats at dawn.</media:description></media:group></item>
</channel></rss>`, 'https://x.example/feed.xml');
	t.true(media.ok);
	const [video] = media.ok ? media.value.items : [];
	t.is(video?.html, 'Boats at dawn.');
	t.deepEqual(video?.enclosures.map(enclosure => enclosure.url), ['https://x.example/v.mp4']);
});
