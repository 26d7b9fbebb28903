import test from 'ava';
import {itemBody} from '../../source/core/feeds/feed-item-to-article.js';
import {htmlToMarkdown} from '../../source/core/feeds/html-to-markdown.js';
import {attachmentsOf} from '../../source/core/actions/attachments.js';
import {renderMarkdown} from '../../source/core/render/render-article.js';
import type {FeedItem} from '../../source/core/feeds/types.js';
import type {SafeText} from '../../source/core/text/neutralise.js';

test('a feed\'s <img> stays an image for the reader to draw; a linked image stays one link; a tracking pixel goes', t => {
	const markdown = htmlToMarkdown('<p>Before.</p><img src="/img/quay.jpg" alt="The quay"><a href="/story"><img src="/thumb.jpg" alt="Story"></a><img src="https://stats.wordpress.com/b.gif?x=1" width="1" height="1">', 'https://news.example/feed');
	t.true(markdown.includes('![The quay](<https://news.example/img/quay.jpg>)'), markdown);
	t.true(markdown.includes('[Image: Story](<https://news.example/story>)'));
	t.false(markdown.includes('stats.wordpress.com'));
	const rendered = renderMarkdown(markdown as SafeText, {width: 60, color: false});
	t.deepEqual(rendered.images.map(image => image.url), ['https://news.example/img/quay.jpg']);
});

test('an enclosure or media:content of an image type is listed as an image (drawn by the reader), and E still offers it', t => {
	const item = {
		id: 'x',
		title: 'Photo of the day',
		html: '<p>Look.</p>',
		enclosures: [{url: 'https://cdn.example/photo.jpg', type: 'image/jpeg', length: 120_000}, {url: 'https://cdn.example/ep.mp3', type: 'audio/mpeg'}],
	} as unknown as FeedItem;
	const body = itemBody(item);
	t.regex(body, /- !\[photo\.jpg\]\(<https:\/\/cdn\.example\/photo\.jpg>\) \(image\/jpeg, [\d.]+ KB\)/u);
	t.true(body.includes('- [ep.mp3](<https://cdn.example/ep.mp3>) (audio/mpeg)'));
	t.deepEqual(attachmentsOf(body).map(attachment => attachment.url), ['https://cdn.example/photo.jpg', 'https://cdn.example/ep.mp3']);
	t.deepEqual(renderMarkdown(body as SafeText, {width: 60, color: false}).images.map(image => image.url), ['https://cdn.example/photo.jpg']);
});
