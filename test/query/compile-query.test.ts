import test from 'ava';
import {compileQuery, filterArticles, fold, parseQuery, type Marks} from '../../source/core/query/index.js';
import {neutraliseLine} from '../../source/core/text/neutralise.js';
import type {ArticleMeta} from '../../source/core/types.js';

type MetaInput = {id: string; title: string; source?: string; author?: string; tags?: string[]; date?: string; feed?: string};

const meta = ({id, title, source = 'Notes', author, tags = [], date, feed}: MetaInput): ArticleMeta => ({
	id,
	path: `${source}/${id}.md`,
	title: neutraliseLine(title),
	source: neutraliseLine(source),
	author: author === undefined ? undefined : neutraliseLine(author),
	tags: tags.map(tag => neutraliseLine(tag)),
	date,
	feed: feed === undefined ? undefined : neutraliseLine(feed),
	kind: 'md',
	size: 100,
	mtimeMs: 0,
	words: 10,
});

const library = [
	meta({id: 'cafe', title: 'Le Café de Flore reopens', source: 'Le Monde', author: 'Émile Zola', tags: ['Paris', 'Food'], date: '2025-03-14T09:00:00.000Z', feed: 'https://lemonde.example/rss'}),
	meta({id: 'oslo', title: 'Øslo builds a tidal barrier', source: 'The Guardian', author: 'Björn Øvergård', tags: ['climate'], date: '2025-12-31T23:59:59.000Z', feed: 'https://guardian.example/rss'}),
	meta({id: 'trains', title: 'Night trains return to Europe', source: 'The Guardian', tags: ['transport', 'climate'], date: '2026-01-01T00:00:00.000Z', feed: 'https://guardian.example/rss'}),
	meta({id: 'notes', title: 'My notes on strasse naming', source: 'notes', tags: ['straße']}),
	meta({id: 'zurich', title: 'ZÜRICH trams', source: 'Local', author: 'ana', date: '2024-06-01T12:00:00.000Z'}),
];

const marks: Marks = {isRead: id => id === 'cafe' || id === 'zurich', isStarred: id => id === 'oslo'};

const ids = (text: string): string[] => {
	const result = parseQuery(text);
	if (!result.ok) {
		throw new Error(result.error.message);
	}

	return filterArticles(result.query, library, marks).map(index => library[index]!.id);
};

test('fold removes case and diacritics, and spells out letters without a decomposable mark', t => {
	t.is(fold('Café CRÈME'), 'cafe creme');
	t.is(fold('Øslo Łódź Straße Æsir'), 'oslo lodz strasse aesir');
	t.is(fold('ﬁne'), 'fine');
	t.is(fold('plain ascii'), 'plain ascii');
});

test('a word without accents finds the accented title, and the other way round', t => {
	t.deepEqual(ids('cafe'), ['cafe']);
	t.deepEqual(ids('CAFÉ'), ['cafe']);
	t.deepEqual(ids('oslo'), ['oslo']);
	t.deepEqual(ids('zurich'), ['zurich']);
	t.deepEqual(ids('strasse'), ['notes']);
});

test('free words match title, source, author and tags, all of them required', t => {
	t.deepEqual(ids('guardian'), ['oslo', 'trains']);
	t.deepEqual(ids('zola'), ['cafe']);
	t.deepEqual(ids('transport'), ['trains']);
	t.deepEqual(ids('guardian night'), ['trains']);
	t.deepEqual(ids('guardian paris'), []);
});

test('a word matches inside a longer word, so typing narrows as it goes', t => {
	t.deepEqual(ids('trai'), ['trains']);
	t.deepEqual(ids('tra'), ['trains', 'notes', 'zurich']);
	t.deepEqual(ids('tram'), ['zurich']);
});

test('a phrase needs its words together and in order, and never across two fields', t => {
	t.deepEqual(ids('"night trains"'), ['trains']);
	t.deepEqual(ids('"trains night"'), []);
	// The title ends in "reopens" and the source is "Le Monde": a phrase must not join them.
	t.deepEqual(ids('"reopens le"'), []);
});

test('source:, author: and tag: look only at their own field', t => {
	t.deepEqual(ids('source:guardian'), ['oslo', 'trains']);
	t.deepEqual(ids('source:"the guardian"'), ['oslo', 'trains']);
	t.deepEqual(ids('source:night'), []);
	t.deepEqual(ids('author:bjorn'), ['oslo']);
	t.deepEqual(ids('tag:climate'), ['oslo', 'trains']);
	t.deepEqual(ids('tag:clim'), [], 'a tag must match whole');
	t.deepEqual(ids('tag:strasse'), ['notes']);
});

test('is: tests read and starred marks and where the article came from', t => {
	t.deepEqual(ids('is:read'), ['cafe', 'zurich']);
	t.deepEqual(ids('is:unread'), ['oslo', 'trains', 'notes']);
	t.deepEqual(ids('is:starred'), ['oslo']);
	t.deepEqual(ids('is:fetched'), ['cafe', 'oslo', 'trains']);
	t.deepEqual(ids('is:local'), ['notes', 'zurich']);
});

test('after: is on or after the start of the period, before: is before its start', t => {
	t.deepEqual(ids('after:2026'), ['trains']);
	t.deepEqual(ids('after:2025-12-31'), ['oslo', 'trains']);
	t.deepEqual(ids('before:2025-12-31'), ['cafe', 'zurich']);
	t.deepEqual(ids('after:2025-03 before:2025-04'), ['cafe']);
	t.deepEqual(ids('before:2025'), ['zurich']);
});

test('an undated article matches neither before: nor after:, but does match their negation', t => {
	t.false(ids('before:2100').includes('notes'));
	t.false(ids('after:1900').includes('notes'));
	t.true(ids('-before:2100').includes('notes'));
});

test('negation excludes what the term matches', t => {
	t.deepEqual(ids('-is:read'), ['oslo', 'trains', 'notes']);
	t.deepEqual(ids('guardian -night'), ['oslo']);
	t.deepEqual(ids('-"night trains" -tag:climate'), ['cafe', 'notes', 'zurich']);
	t.deepEqual(ids('-(tag:climate OR is:read)'), ['notes']);
});

test('OR takes either side, with AND binding tighter', t => {
	t.deepEqual(ids('zola OR trams'), ['cafe', 'zurich']);
	t.deepEqual(ids('guardian night OR cafe'), ['cafe', 'trains']);
	t.deepEqual(ids('guardian (night OR oslo)'), ['oslo', 'trains']);
	t.deepEqual(ids('is:starred OR is:read tag:paris'), ['cafe', 'oslo']);
});

test('compileQuery tests one row with its own marks', t => {
	const result = parseQuery('is:unread climate');
	t.true(result.ok);
	if (result.ok) {
		const matches = compileQuery(result.query);
		t.true(matches({meta: library[1]!, read: false, starred: false}));
		t.false(matches({meta: library[1]!, read: true, starred: false}));
		t.false(matches({meta: library[0]!, read: false, starred: false}));
	}
});

test('a changed article object is folded afresh, in a list filtered before', t => {
	const list = [meta({id: 'a', title: 'Old title'}), meta({id: 'b', title: 'Other'})];
	const query = parseQuery('fresh');
	t.true(query.ok);
	if (query.ok) {
		t.deepEqual(filterArticles(query.query, list, marks), []);
		list[0] = meta({id: 'a', title: 'Fresh title'});
		t.deepEqual(filterArticles(query.query, list, marks), [0]);
		list.pop();
		t.deepEqual(filterArticles(query.query, list, marks), [0]);
	}
});

test('marks with a version are looked up again only when the version changes', t => {
	const list = [meta({id: 'a', title: 'A'}), meta({id: 'b', title: 'B'})];
	const read = new Set<string>(['a']);
	let version = 1;
	const versioned: Marks = {isRead: id => read.has(id), isStarred: () => false, get version() {
		return version;
	}};
	const query = parseQuery('is:unread');
	t.true(query.ok);
	if (query.ok) {
		t.deepEqual(filterArticles(query.query, list, versioned), [1]);
		read.add('b');
		version++;
		t.deepEqual(filterArticles(query.query, list, versioned), []);
		read.clear();
		version++;
		t.deepEqual(filterArticles(query.query, list, versioned), [0, 1]);
		// Without a version every call asks the marks afresh.
		const unversioned: Marks = {isRead: id => read.has(id), isStarred: () => false};
		read.add('a');
		t.deepEqual(filterArticles(query.query, list, unversioned), [1]);
	}
});

test('the empty query keeps every article', t => {
	t.deepEqual(ids(''), library.map(item => item.id));
});
