import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {StateStore} from '../../source/adapters/state-store.js';
import {fetchFeed} from '../../source/adapters/feeds/fetch-all.js';
import {addSubscription} from '../../source/adapters/feeds/subscriptions.js';
import {parseArticle} from '../../source/core/article/parse-article.js';
import {serveFeed, startFeedServer, temporaryDirectory, type FeedServer} from './helpers/feed-server.js';

// Feeds from feedparser's own test suite (BSD licence in the folder), served from 127.0.0.1 and stored through the
// whole pipeline: HTTP, decoding, parsing, files in a temporary library.
const samples = path.join(import.meta.dirname, '..', 'fixtures', 'real', 'feedparser');
let server: FeedServer;

test.before(async () => {
	server = await startFeedServer();
	for (const name of fs.readdirSync(samples).filter(file => file.endsWith('.xml'))) {
		server.routes.set(`/${name}`, serveFeed(fs.readFileSync(path.join(samples, name)), 'application/xml'));
	}
});

test.after.always(async () => {
	await server.close();
});

async function store(name: string) {
	const home = temporaryDirectory();
	const library = path.join(home, 'library');
	fs.mkdirSync(library);
	const {store: state} = StateStore.open(path.join(home, 'config'));
	const subscription = {url: server.url(`/${name}`), slug: 'sample'};
	addSubscription(state, subscription);
	const result = await fetchFeed(subscription, {store: state, libraryDir: library});
	const articles = result.written.map(file => {
		const bytes = fs.readFileSync(path.join(library, file));
		return {text: bytes.toString('utf8'), article: parseArticle({path: file, size: bytes.length, mtimeMs: 0}, bytes)};
	});
	return {result, articles};
}

test('items without guid or link, with content in <body>, <fullitem> or xhtml, are stored with their links resolved', async t => {
	const body = await store('base--http_item_body_base_docuri.xml');
	t.is(body.result.status, 'updated');
	t.is(body.articles.length, 1);
	t.true(body.articles[0]!.article.body.includes(`[click here](${server.url('/relative/uri')})`), 'relative to the document');
	const fullitem = await store('lang--item_fullitem_xml_lang_inherit.xml');
	t.is(fullitem.articles.length, 1);
	t.true(fullitem.articles[0]!.article.body.includes('Example content'));
	t.is(String(fullitem.articles[0]!.article.meta.title), 'Example content', 'untitled: named by its text');
	const again = await store('base--http_item_body_base_docuri.xml');
	t.is(again.articles[0]!.article.meta.id, body.articles[0]!.article.meta.id, 'the same content gives the same id on every fetch');
});

test('xml:base on the content wins over the feed\'s, and a sibling\'s xml:base does not leak', async t => {
	const own = await store('base--entry_content_xml_base_inherit_2.xml');
	t.true(own.articles[0]!.article.body.includes('(http://example.com/test/test.html)'), own.articles[0]!.text);
	const inherited = await store('base--entry_content_xml_base_inherit_4.xml');
	t.true(inherited.articles[0]!.article.body.includes('(http://example.com/parent/test.html)'), inherited.articles[0]!.text);
});

test('categories become tags: RSS category, iTunes category; markup nested in a category is not a tag', async t => {
	const tags = async (name: string) => (await store(name)).articles[0]!.article.meta.tags.map(String);
	t.deepEqual(await tags('rss--item_category_multiple.xml'), ['Example category 1', 'Example category 2']);
	t.deepEqual(await tags('itunes--itunes_item_category.xml'), ['Technology']);
	t.deepEqual(await tags('rss--item_category_image.xml'), ['Example category']);
});

test('no dangerous markup survives from the sanitizer feeds, in titles or bodies', async t => {
	const title = await store('sanitize--entry_title_script_inline.xml');
	t.is(String(title.articles[0]!.article.meta.title), 'safe description');
	const content = await store('sanitize--entry_content_script.xml');
	t.true(content.articles[0]!.article.body.includes('safe description'));
	const onload = await store('sanitize--item_xhtml_body_onload.xml');
	t.is(onload.articles.length, 1);
	for (const {article} of [...title.articles, ...content.articles, ...onload.articles]) {
		// The body and the title: the front matter also names the feed's URL, whose file name says "onload".
		t.false(/<script|onload|location\.href/iu.test(`${article.meta.title}\n${article.body}`), article.body);
	}
});

test('a feed with no entries and none of the elements its format requires is fetched, not "malformed"', async t => {
	const empty = await store('atom--feed_copyright.xml');
	t.is(empty.result.status, 'updated');
	t.is(empty.result.error, undefined);
	t.is(empty.articles.length, 0);
});
