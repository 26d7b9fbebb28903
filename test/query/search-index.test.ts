import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {DatabaseSync} from 'node:sqlite';
import test from 'ava';
import {loadLibrary} from '../../source/adapters/library.js';
import {filterArticles, parseQuery} from '../../source/core/query/index.js';
import {openSearchIndex, searchIndexFileName, type IndexFile, type SearchIndex, type SearchResult} from '../../source/adapters/search-index.js';

const temporary = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-'));

type Doc = {title: string; body: string; source?: string; date?: string; tags?: string[]; author?: string; feed?: string; id?: string};

function articleText(doc: Doc): string {
	const lines = ['---', `title: ${JSON.stringify(doc.title)}`];
	if (doc.id) {
		lines.push(`id: ${JSON.stringify(doc.id)}`);
	}

	if (doc.date) {
		lines.push(`date: ${doc.date}`);
	}

	if (doc.source) {
		lines.push(`source: ${JSON.stringify(doc.source)}`);
	}

	if (doc.author) {
		lines.push(`author: ${JSON.stringify(doc.author)}`);
	}

	if (doc.feed) {
		lines.push(`feed: ${JSON.stringify(doc.feed)}`);
	}

	if (doc.tags) {
		lines.push(`tags: [${doc.tags.map(tag => JSON.stringify(tag)).join(', ')}]`);
	}

	lines.push('---', '', doc.body, '');
	return lines.join('\n');
}

class Library {
	readonly dir = temporary();
	#clock = Date.now() - 1_000_000;

	write(relative: string, doc: Doc): void {
		const file = path.join(this.dir, relative);
		fs.mkdirSync(path.dirname(file), {recursive: true});
		fs.writeFileSync(file, articleText(doc));
		// Distinct mtimes even when two writes fall in the same millisecond, as an edit in real life would have.
		this.#clock += 1000;
		fs.utimesSync(file, this.#clock / 1000, this.#clock / 1000);
	}

	files(): IndexFile[] {
		const out: IndexFile[] = [];
		const walk = (folder: string) => {
			for (const entry of fs.readdirSync(folder, {withFileTypes: true})) {
				const full = path.join(folder, entry.name);
				if (entry.isDirectory()) {
					walk(full);
				} else {
					const stat = fs.statSync(full);
					out.push({path: path.relative(this.dir, full).split(path.sep).join('/'), size: stat.size, mtimeMs: stat.mtimeMs});
				}
			}
		};

		walk(this.dir);
		return out;
	}

	async sync(index: SearchIndex) {
		return index.sync(this.dir, this.files(), async relative => fs.promises.readFile(path.join(this.dir, relative)));
	}
}

const hits = (result: SearchResult) => {
	if (!result.ok) {
		throw new Error(result.error.message);
	}

	return result.hits;
};

const paths = (result: SearchResult) => hits(result).map(hit => hit.path);

const filler = 'The committee met on Tuesday to discuss the budget, the timetable and the weather.';

async function rankingLibrary() {
	const library = new Library();
	library.write('coast/title.md', {title: 'Lighthouse keepers return', body: `${filler} Nothing else here.`, source: 'Coast Post', date: '2025-01-10'});
	library.write('coast/thrice.md', {title: 'Harbour news', body: `${filler} The lighthouse was painted. The lighthouse was lit. The lighthouse stood.`, source: 'Coast Post', date: '2025-02-10'});
	library.write('inland/once.md', {title: 'Inland roads', body: `${filler} ${filler} ${filler} A lighthouse is far away. ${filler}`, source: 'Inland Times', date: '2025-03-10', tags: ['roads']});
	library.write('inland/none.md', {title: 'Café culture', body: 'Le café crème est servi au comptoir. Nothing about the sea.', source: 'Inland Times', date: '2025-04-10', author: 'Émile', feed: 'https://inland.example/feed'});
	// Unrelated articles, so that "lighthouse" is a rare word and bm25 scores it well above zero.
	for (let n = 0; n < 8; n++) {
		library.write(`other/${n}.md`, {title: `Minutes ${n}`, body: filler, source: 'Council', date: '2024-01-0' + (n + 1)});
	}

	const index = openSearchIndex(temporary());
	await library.sync(index);
	return {library, index};
}

test('ranking puts a title match above body matches, and more matches above fewer', async t => {
	const {index} = await rankingLibrary();
	const result = index.search('lighthouse');
	t.deepEqual(paths(result), ['coast/title.md', 'coast/thrice.md', 'inland/once.md']);
	const scores = hits(result).map(hit => hit.score);
	t.true(scores[0]! > scores[1]! && scores[1]! > scores[2]!);
	index.close();
});

test('a common word ranks titles, then headings, then body mentions, with scores relative to the best hit', async t => {
	const library = new Library();
	// "install" in nearly every document, as in a library of READMEs: bm25 alone scores it about 0 everywhere.
	library.write('a/once.md', {title: 'Harbour notes', body: `${filler}\n\nYou could install a bench here, the committee said. ${filler}`});
	library.write('b/heading.md', {title: 'Tide tables', body: `${filler}\n\n## Install\n\nRun the script. ${filler}`});
	library.write('c/setext.md', {title: 'Ferry times', body: `${filler}\n\nInstallation and install\n------------------------\n\nThen install it. ${filler}`});
	library.write('d/title.md', {title: 'Install guide', body: `${filler} Nothing more.`});
	for (let n = 0; n < 4; n++) {
		library.write(`other/${n}.md`, {title: `Minutes ${n}`, body: `${filler} They did not install anything.`});
	}

	const index = openSearchIndex(temporary());
	await library.sync(index);
	const result = hits(index.search('install'));
	t.deepEqual(result.slice(0, 3).map(hit => hit.path), ['d/title.md', 'c/setext.md', 'b/heading.md']);
	t.true(result.findIndex(hit => hit.path === 'a/once.md') > 2, 'a single mention in the body comes after every heading');
	t.is(result[0]!.score, 1);
	t.true(result.every(hit => hit.score > 0 && hit.score <= 1), 'no score of 0.00');
	t.true(result.at(-1)!.score < result[0]!.score);
	index.close();
});

test('full-text search folds case and diacritics both ways', async t => {
	const {index} = await rankingLibrary();
	t.deepEqual(paths(index.search('CAFE')), ['inland/none.md']);
	t.deepEqual(paths(index.search('comptoir creme')), ['inland/none.md']);
	index.close();
});

test('a snippet is plain text around the match, with the match positions', async t => {
	const {index} = await rankingLibrary();
	const [hit] = hits(index.search('comptoir'));
	t.truthy(hit);
	t.false(/[\u0000-\u001F]/u.test(hit!.snippet));
	t.true(hit!.snippet.includes('comptoir'));
	t.is(hit!.highlights.length, 1);
	const [start, end] = hit!.highlights[0]!;
	t.is(hit!.snippet.slice(start, end), 'comptoir');
	t.is(String(hit!.title), 'Café culture');
	t.is(String(hit!.meta.source), 'Inland Times');
	index.close();
});

test('phrases, negation and OR reach the full-text query', async t => {
	const {index} = await rankingLibrary();
	t.deepEqual(paths(index.search('"lighthouse was lit"')), ['coast/thrice.md']);
	t.deepEqual(paths(index.search('"lit lighthouse"')), []);
	t.deepEqual(paths(index.search('lighthouse -painted')), ['coast/title.md', 'inland/once.md']);
	t.deepEqual(paths(index.search('painted OR comptoir')).sort(), ['coast/thrice.md', 'inland/none.md']);
	index.close();
});

test('operators filter the ranked hits', async t => {
	const {index} = await rankingLibrary();
	t.deepEqual(paths(index.search('lighthouse source:inland')), ['inland/once.md']);
	t.deepEqual(paths(index.search('lighthouse -source:inland')), ['coast/title.md', 'coast/thrice.md']);
	t.deepEqual(paths(index.search('lighthouse after:2025-02')), ['coast/thrice.md', 'inland/once.md']);
	t.deepEqual(paths(index.search('lighthouse tag:roads')), ['inland/once.md']);
	const marks = {isRead: (id: string) => id === 'coast/title.md', isStarred: (id: string) => id === 'inland/once.md'};
	t.deepEqual(paths(index.search('lighthouse is:unread', {marks})), ['coast/thrice.md', 'inland/once.md']);
	t.deepEqual(paths(index.search('lighthouse is:starred', {marks})), ['inland/once.md']);
	t.deepEqual(paths(index.search('lighthouse', {limit: 2})), ['coast/title.md', 'coast/thrice.md']);
	index.close();
});

test('a query of only operators lists matching articles newest first, unranked', async t => {
	const {index} = await rankingLibrary();
	const result = index.search('source:"coast post" OR is:fetched -source:council');
	t.deepEqual(paths(result), ['inland/none.md', 'coast/thrice.md', 'coast/title.md']);
	t.true(hits(result).every(hit => hit.score === 0));
	t.deepEqual(paths(index.search('author:emile')), ['inland/none.md']);
	index.close();
});

test('a query of only negated words leaves out the articles that contain them', async t => {
	const {index} = await rankingLibrary();
	t.deepEqual(paths(index.search('-lighthouse -minutes')), ['inland/none.md']);
	index.close();
});

test('FTS5 syntax typed by a user is searched as text, never run', async t => {
	const {index} = await rankingLibrary();
	for (const text of ['NEAR(lighthouse keepers)', 'title:lighthouse', 'light*', '^lighthouse', 'a AND', 'lighthouse NOT', '"""', '{title}:x', '-', '&', 'lighthouse "" x']) {
		t.notThrows(() => index.search(text), text);
	}

	// The word "title:lighthouse" is one ordinary word, not a column filter; no article contains it as a phrase.
	t.deepEqual(paths(index.search('title:lighthouse')), []);
	t.deepEqual(paths(index.search('NEAR')), []);
	index.close();
});

test('a query that does not parse is returned as an error with its position', async t => {
	const {index} = await rankingLibrary();
	const result = index.search('lighthouse is:nope');
	t.false(result.ok);
	if (!result.ok) {
		t.is(result.error.start, 11);
		t.is(result.error.end, 18);
	}

	const mixed = index.search('lighthouse OR is:read');
	t.false(mixed.ok);
	index.close();
});

test('the index follows a library that changes under it: add, edit, delete, rename', async t => {
	const library = new Library();
	library.write('a/one.md', {title: 'One', body: 'An article about otters.'});
	library.write('a/two.md', {title: 'Two', body: 'An article about beavers.'});
	const index = openSearchIndex(temporary());
	t.like(await library.sync(index), {added: 2, updated: 0, removed: 0, unchanged: 0});
	t.deepEqual(paths(index.search('otters')), ['a/one.md']);

	library.write('b/three.md', {title: 'Three', body: 'Otters again, and herons.'});
	t.like(await library.sync(index), {added: 1, updated: 0, removed: 0, unchanged: 2});
	t.deepEqual(paths(index.search('otters')).sort(), ['a/one.md', 'b/three.md']);

	library.write('a/one.md', {title: 'One', body: 'Now about kingfishers only.'});
	t.like(await library.sync(index), {added: 0, updated: 1, removed: 0, unchanged: 2});
	t.deepEqual(paths(index.search('otters')), ['b/three.md']);
	t.deepEqual(paths(index.search('kingfishers')), ['a/one.md']);

	fs.rmSync(path.join(library.dir, 'a/two.md'));
	t.like(await library.sync(index), {added: 0, updated: 0, removed: 1, unchanged: 2});
	t.deepEqual(paths(index.search('beavers')), []);

	fs.renameSync(path.join(library.dir, 'b/three.md'), path.join(library.dir, 'a/three-renamed.md'));
	t.like(await library.sync(index), {added: 1, removed: 1, unchanged: 1});
	t.deepEqual(paths(index.search('herons')), ['a/three-renamed.md']);
	t.is(index.count(), 2);

	t.like(await library.sync(index), {added: 0, updated: 0, removed: 0, unchanged: 2});
	index.close();
});

test('the index persists between openings and only re-reads what changed', async t => {
	const library = new Library();
	library.write('x/one.md', {title: 'One', body: 'Puffins nest here.'});
	const cache = temporary();
	const first = openSearchIndex(cache);
	await library.sync(first);
	first.close();
	const second = openSearchIndex(cache);
	t.deepEqual(second.notices, []);
	let reads = 0;
	const report = await second.sync(library.dir, library.files(), relative => {
		reads++;
		return fs.readFileSync(path.join(library.dir, relative));
	});
	t.like(report, {unchanged: 1, added: 0});
	t.is(reads, 0);
	t.deepEqual(paths(second.search('puffins')), ['x/one.md']);
	second.close();
});

test('a file that cannot be read is left out and tried again at the next sync', async t => {
	const library = new Library();
	library.write('x/one.md', {title: 'One', body: 'Gannets dive.'});
	library.write('x/two.md', {title: 'Two', body: 'Gannets fly.'});
	const index = openSearchIndex(temporary());
	const report = await index.sync(library.dir, library.files(), relative => {
		if (relative === 'x/two.md') {
			throw new Error('gone');
		}

		return fs.readFileSync(path.join(library.dir, relative));
	});
	t.like(report, {added: 1, failed: 1});
	t.like(await library.sync(index), {added: 1, unchanged: 1});
	t.is(hits(index.search('gannets')).length, 2);
	index.close();
});

test('a damaged index file is thrown away and rebuilt', async t => {
	const library = new Library();
	library.write('x/one.md', {title: 'One', body: 'Curlews call.'});
	const cache = temporary();
	fs.writeFileSync(path.join(cache, searchIndexFileName), 'this is not a database at all, just some bytes'.repeat(200));
	const index = openSearchIndex(cache);
	t.is(index.notices.length, 1);
	t.regex(index.notices[0]!, /rebuilt/u);
	t.like(await library.sync(index), {added: 1});
	t.deepEqual(paths(index.search('curlews')), ['x/one.md']);
	index.close();
});

test('an index from another schema version is rebuilt', async t => {
	const cache = temporary();
	const old = new DatabaseSync(path.join(cache, searchIndexFileName));
	old.exec('create table docs(path text); insert into docs values (\'stale.md\'); pragma user_version = 99;');
	old.close();
	const library = new Library();
	library.write('x/one.md', {title: 'One', body: 'Terns migrate.'});
	const index = openSearchIndex(cache);
	t.regex(index.notices.join('\n'), /another version/u);
	t.like(await library.sync(index), {added: 1, removed: 0});
	t.deepEqual(paths(index.search('terns')), ['x/one.md']);
	index.close();
});

test('an index built for another library folder starts afresh', async t => {
	const first = new Library();
	first.write('x/one.md', {title: 'One', body: 'Plovers run.'});
	const second = new Library();
	second.write('x/one.md', {title: 'One', body: 'Avocets sweep.'});
	const index = openSearchIndex(temporary());
	await first.sync(index);
	t.like(await second.sync(index), {added: 1, unchanged: 0});
	t.deepEqual(paths(index.search('plovers')), []);
	t.deepEqual(paths(index.search('avocets')), ['x/one.md']);
	index.close();
});

test('operator filters give the same articles in the index as in the in-memory filter', async t => {
	const library = new Library();
	const sources = ['Harbour Post', 'Le Monde', 'notes'];
	const tagSets = [[], ['climate'], ['climate', 'Économie'], ['sport']];
	for (let n = 0; n < 24; n++) {
		library.write(`${sources[n % 3]!.toLowerCase().replaceAll(' ', '-')}/a${n}.md`, {
			id: `a${n}`,
			title: `Article ${n}`,
			body: 'Body text.',
			source: sources[n % 3],
			tags: tagSets[n % 4],
			date: n % 5 === 0 ? undefined : `2025-0${1 + (n % 9)}-1${n % 10}`,
			author: n % 2 === 0 ? 'Émile Zola' : undefined,
			feed: n % 3 === 0 ? 'https://x.example/feed' : undefined,
		});
	}

	const index = openSearchIndex(temporary());
	await library.sync(index);
	const metas = await loadLibrary(library.dir);
	const marks = {isRead: (id: string) => Number(id.slice(1)) % 4 === 1, isStarred: (id: string) => Number(id.slice(1)) % 6 === 0};
	const atoms = ['source:monde', 'source:"harbour post"', 'tag:climate', 'tag:economie', 'author:emile', 'is:read', 'is:unread', 'is:starred', 'is:fetched', 'is:local', 'after:2025-05', 'before:2025-03-15', 'after:2025'];
	let state = 7;
	const pick = () => {
		state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
		return state;
	};

	const queries = [...atoms, ...atoms.map(atom => `-${atom}`)];
	for (let n = 0; n < 60; n++) {
		const a = atoms[pick() % atoms.length]!;
		const b = atoms[pick() % atoms.length]!;
		const c = atoms[pick() % atoms.length]!;
		queries.push([`${a} -${b}`, `${a} OR ${b} ${c}`, `-(${a} OR -${b}) OR ${c}`][n % 3]!);
	}

	let discriminating = 0;
	for (const query of queries) {
		const parsed = parseQuery(query);
		t.true(parsed.ok, query);
		if (parsed.ok) {
			const expected = filterArticles(parsed.query, metas, marks).map(index_ => metas[index_]!.id).sort();
			const actual = hits(index.search(query, {limit: 1000, marks})).map(hit => hit.id).sort();
			t.deepEqual(actual, expected, query);
			if (expected.length > 0 && expected.length < metas.length) {
				discriminating++;
			}
		}
	}

	// The comparison means something only if most queries keep some articles and drop others.
	t.true(discriminating > queries.length * 0.6, `${discriminating} of ${queries.length}`);

	index.close();
});

test('damage found inside the file after it opened is repaired by rebuilding at the sync', async t => {
	const library = new Library();
	for (let n = 0; n < 40; n++) {
		library.write(`x/${n}.md`, {title: `Note ${n}`, body: `Oystercatchers ${'and dunlins '.repeat(200)}`});
	}

	const cache = temporary();
	const first = openSearchIndex(cache);
	await library.sync(first);
	first.close();
	const file = path.join(cache, searchIndexFileName);
	const size = fs.statSync(file).size;
	t.true(size > 16_384);
	// Keep the header and the schema page so that opening succeeds; wreck every page after them.
	const handle = fs.openSync(file, 'r+');
	fs.writeSync(handle, Buffer.alloc(size - 8192, 0xA5), 0, size - 8192, 8192);
	fs.closeSync(handle);

	const index = openSearchIndex(cache);
	const report = await library.sync(index);
	t.is(index.count(), 40);
	t.is(hits(index.search('oystercatchers', {limit: 100})).length, 40);
	t.true(report.rebuilt !== undefined || index.notices.length > 0);
	index.close();
});
