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
