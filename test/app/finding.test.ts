import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {contextOf} from '../../source/app/state.js';
import {describeFinding, firstMatchLine} from '../../source/app/handlers/finding.js';
import type {FoundHit} from '../../source/app/slices.js';
import {AppHarness} from '../helpers/app-harness.js';
import {journalIdLimit, journalLimit, readJournal, recordChange, redoChange, undoChange, type JournalTarget} from '../../source/core/journal.js';
import {StateStore} from '../../source/adapters/state-store.js';
import {neutraliseLine} from '../../source/core/text/neutralise.js';
import type {ArticleMeta} from '../../source/core/types.js';
import type {RenderedArticle} from '../../source/core/render/render-article.js';

type MetaInput = {id: string; title: string; source?: string; tags?: string[]; date?: string};

const meta = ({id, title, source = 'Notes', tags = [], date}: MetaInput): ArticleMeta => ({
	id,
	path: `${id}.md`,
	title: neutraliseLine(title),
	source: neutraliseLine(source),
	tags: tags.map(tag => neutraliseLine(tag)),
	date,
	kind: 'md',
	size: 100,
	mtimeMs: 0,
	words: 10,
});

const library = [
	meta({id: 'trains', title: 'Night trains return to Europe', source: 'The Guardian', tags: ['transport', 'climate'], date: '2026-01-05T00:00:00.000Z'}),
	meta({id: 'cafe', title: 'Le Café de Flore reopens', source: 'Le Monde', tags: ['food'], date: '2026-01-04T00:00:00.000Z'}),
	meta({id: 'barrier', title: 'Oslo builds a tidal barrier', source: 'The Guardian', tags: ['climate'], date: '2026-01-03T00:00:00.000Z'}),
	meta({id: 'budget', title: 'A budget for the coast', source: 'Guardian Weekly', tags: ['climate', 'money'], date: '2026-01-02T00:00:00.000Z'}),
	meta({id: 'zebra', title: 'Zebras of the plains', source: 'Atlas', tags: [], date: '2026-01-01T00:00:00.000Z'}),
];

/** The real reducer and store (test/helpers/app-harness.ts) over the library above. */
class Harness extends AppHarness {
	constructor(articles: readonly ArticleMeta[] = library, rows = 12) {
		super(articles, {rows, columns: 100});
	}
}

test('typing a filter re-filters the list on every key, and the header shows the count', t => {
	const h = new Harness();
	h.keys('/');
	t.is(contextOf(h.state), 'prompt');
	h.type('g');
	t.deepEqual(h.listed(), ['trains', 'barrier', 'budget'], 'g matches titles, sources and tags as a substring');
	h.type('uardian');
	t.deepEqual(h.listed(), ['trains', 'barrier', 'budget']);
	h.type(' climate -tag:money');
	t.deepEqual(h.listed(), ['trains', 'barrier']);
	t.regex(describeFinding(h.state), /\/guardian climate -tag:money · 2 match/);
});

test('a query that does not parse points at the bad term and keeps the last good result', t => {
	const h = new Harness();
	h.keys('/').type('climate');
	t.deepEqual(h.listed(), ['trains', 'barrier', 'budget']);
	h.type(' (oslo');
	t.deepEqual(h.listed(), ['trains', 'barrier', 'budget'], 'the list is unchanged');
	const error = h.state.find.prompt?.error;
	t.truthy(error);
	t.is(h.state.find.prompt?.text.slice(error!.start, error!.end), '(');
	h.keys('enter');
	t.is(h.state.find.prompt, undefined);
	t.is(h.state.find.filter, 'climate', 'Enter keeps the last filter that parsed');
	t.deepEqual(h.listed(), ['trains', 'barrier', 'budget']);
});

test('Enter keeps the filter and returns to the list; Esc in the prompt clears it', t => {
	const h = new Harness();
	h.keys('/').type('oslo').keys('enter');
	t.is(contextOf(h.state), 'list');
	t.deepEqual(h.listed(), ['barrier']);
	h.keys('/');
	t.is(h.state.find.prompt?.text, 'oslo', 'the prompt opens on the current filter');
	h.keys('escape');
	t.is(h.state.find.filter, '');
	t.deepEqual(h.listed(), library.map(item => item.id));
});

test('printable keys typed into the prompt go to the prompt, never to commands', t => {
	const h = new Harness();
	h.keys('/').type('qsuAmUSTvo?');
	t.is(h.state.find.prompt?.text, 'qsuAmUSTvo?');
	t.deepEqual(h.effects.filter(effect => effect.type !== 'prepare-filter' && effect.type !== 'open-index'), [], 'no quit, star, undo or mark');
	t.is(h.state.overlay, undefined);
});

test('Backspace deletes a character, Ctrl-W the last word and Ctrl-U the whole prompt', t => {
	const h = new Harness();
	h.keys('/').type('guardian clim');
	h.keys('backspace');
	t.is(h.state.find.prompt?.text, 'guardian cli');
	h.keys('ctrl+w');
	t.is(h.state.find.prompt?.text, 'guardian ');
	h.keys('ctrl+u');
	t.is(h.state.find.prompt?.text, '');
	t.deepEqual(h.listed(), library.map(item => item.id));
});

test('n and p in the reader move within the filtered list', t => {
	const h = new Harness();
	h.keys('/').type('tag:climate').keys('enter', 'enter');
	t.is(h.state.article?.id, 'trains');
	h.keys('n');
	t.is(h.state.article?.id, 'barrier');
	h.keys('n');
	t.is(h.state.article?.id, 'budget');
	h.keys('n');
	t.is(h.state.article?.id, 'budget', 'the last match is the end');
	t.is(h.state.status, 'This is the last article');
});

test('the source picker lists sources with unread counts and narrows the list to exactly that source', t => {
	const h = new Harness();
	h.dispatch({type: 'marks-applied', kind: 'read', ids: ['barrier'], values: [true], message: ''});
	h.keys('S');
	t.is(contextOf(h.state), 'picker');
	const overlay = h.state.overlay!;
	t.is(overlay.kind, 'picker');
	if (overlay.kind !== 'picker') {
		return;
	}

	t.deepEqual(overlay.items.map(item => [item.label, item.unread, item.total]), [
		['Atlas', 1, 1], ['Guardian Weekly', 1, 1], ['Le Monde', 1, 1], ['The Guardian', 1, 2],
	]);
	h.keys('G', 'enter');
	t.deepEqual(h.listed(), ['trains', 'barrier'], '"The Guardian", not "Guardian Weekly"');
	t.regex(describeFinding(h.state), /source: The Guardian · 2 match/);
	h.keys('c');
	t.deepEqual(h.listed(), library.map(item => item.id), 'c clears the narrowing');
});

test('the tag picker narrows by tag, combines with the source narrowing, and Esc in the list clears both', t => {
	const h = new Harness();
	h.keys('T');
	const overlay = h.state.overlay;
	t.true(overlay?.kind === 'picker' && overlay.items.map(item => item.label).join(',') === 'climate,food,money,transport');
	h.keys('enter');
	t.deepEqual(h.listed(), ['trains', 'barrier', 'budget']);
	h.keys('S', 'G', 'enter');
	t.deepEqual(h.listed(), ['trains', 'barrier']);
	t.regex(describeFinding(h.state), /source: The Guardian · tag: climate/);
	h.keys('escape');
	t.deepEqual(h.listed(), library.map(item => item.id));
	t.notRegex(describeFinding(h.state), /source|tag|match/);
});

test('Esc in a picker cancels without narrowing', t => {
	const h = new Harness();
	h.keys('S', 'j', 'escape');
	t.is(h.state.overlay, undefined);
	t.deepEqual(h.listed(), library.map(item => item.id));
});

test('o cycles newest, oldest, source and title, keeps the same article selected, and asks for the order to be saved', t => {
	const h = new Harness();
	h.keys('j', 'j');
	t.is(h.selected(), 'barrier');
	const orders: string[] = [];
	for (let round = 0; round < 4; round++) {
		h.keys('o');
		orders.push(h.state.find.sort);
		t.is(h.selected(), 'barrier', `still on the same article sorted by ${h.state.find.sort}`);
	}

	t.deepEqual(orders, ['oldest', 'source', 'title', 'newest']);
	h.keys('o');
	t.deepEqual(h.state.all.map(item => item.id), ['zebra', 'budget', 'barrier', 'cafe', 'trains']);
	t.deepEqual(h.effects.filter(effect => effect.type === 'save-settings' && effect.settings.sort !== undefined).map(effect => effect.type === 'save-settings' && effect.settings.sort), ['oldest', 'source', 'title', 'newest', 'oldest']);
	t.regex(describeFinding(h.state), /by oldest/);
});

test('sorting inside a filter keeps the filter and the selected article', t => {
	const h = new Harness();
	h.keys('/').type('climate').keys('enter', 'j');
	t.is(h.selected(), 'barrier');
	h.keys('o', 'o');
	t.is(h.state.find.sort, 'source');
	t.deepEqual(h.listed(), ['budget', 'trains', 'barrier'], 'Guardian Weekly before The Guardian');
	t.is(h.selected(), 'barrier');
});

test('a library loaded after the order changed is shown in that order', t => {
	const h = new Harness();
	h.keys('o', 'o', 'o');
	t.is(h.state.find.sort, 'title');
	h.dispatch({type: 'library-loaded', articles: library, final: true});
	t.deepEqual(h.state.all.map(item => item.id), ['budget', 'cafe', 'trains', 'barrier', 'zebra']);
});

test('mark all as read inside a filter touches only the filtered articles, and one undo takes it all back', async t => {
	const h = new Harness();
	h.keys('/').type('climate').keys('enter', 'A');
	t.is(h.state.overlay?.kind, 'confirm');
	t.regex(h.state.overlay?.kind === 'confirm' ? h.state.overlay.message : '', /Mark 3 listed articles read/);
	h.keys('y');
	t.deepEqual(h.readIds(), new Set(['trains', 'barrier', 'budget']), 'the model has the marks at once');
	t.is(h.state.unreadCount, 2);
	await h.settled();
	t.deepEqual(new Set(h.store.state.read), new Set(['trains', 'barrier', 'budget']), 'and the store keeps them');
	t.is(readJournal(h.store.state.journal).entries.length, 1, 'one change in the journal');
	h.keys('u');
	await h.settled();
	t.is(h.readIds().size, 0);
	t.is(h.store.state.read.size, 0);
	t.is(h.state.unreadCount, 5);
	t.is(h.state.status, 'Undone: marked 3 articles read');
	h.keys('ctrl+r');
	await h.settled();
	t.deepEqual(h.readIds(), new Set(['trains', 'barrier', 'budget']));
	t.deepEqual(new Set(h.store.state.read), new Set(['trains', 'barrier', 'budget']));
});

test('s stars the selected article in the list and the open article in the reader; u and Ctrl-R undo and redo it', async t => {
	const h = new Harness();
	h.keys('j', 's');
	t.true(h.starredIds().has('cafe'));
	t.is(h.state.status, 'Starred (u undoes)');
	h.keys('enter', 'j', 's');
	t.false(h.starredIds().has('cafe'), 's in the reader unstars the open article');
	await h.settled();
	h.keys('u');
	await h.settled();
	t.true(h.starredIds().has('cafe'));
	h.keys('u');
	await h.settled();
	t.false(h.readIds().has('cafe'), 'opening the article marked it read, and that too is undone');
	h.keys('u');
	await h.settled();
	t.false(h.starredIds().has('cafe'));
	h.keys('u');
	await h.settled();
	t.is(h.state.find.prompt, undefined);
	h.keys('ctrl+r');
	await h.settled();
	h.keys('ctrl+r');
	await h.settled();
	t.true(h.readIds().has('cafe'));
	t.true(h.starredIds().has('cafe'));
	h.keys('ctrl+r');
	await h.settled();
	t.false(h.starredIds().has('cafe'));
	t.false(h.store.state.starred.has('cafe'), 'the store agrees with the screen');
});

test('is:starred in the filter finds starred articles', t => {
	const h = new Harness();
	h.keys('G', 's', 'g');
	h.keys('/').type('is:starred').keys('enter');
	t.deepEqual(h.listed(), ['zebra']);
});

test('"unread only" combines with the filter and keeps the article just read listed', t => {
	const h = new Harness();
	h.keys('/').type('climate').keys('enter', 'enter', 'q', 'U');
	t.true(h.state.unreadOnly);
	t.deepEqual(h.listed(), ['trains', 'barrier', 'budget'], 'the article just read stays under the cursor');
	h.keys('U', 'U');
	t.is(h.selected(), 'trains');
	h.keys('j', 'U', 'U');
	t.deepEqual(h.listed(), ['barrier', 'budget']);
});

test('a filter saved from the prompt with Ctrl-S becomes a view, and v switches to it with its unread count', t => {
	const h = new Harness();
	h.keys('/').type('tag:climate').keys('ctrl+s');
	t.is(h.state.find.prompt?.kind, 'view-name');
	h.type('Climate desk').keys('enter');
	t.deepEqual(h.state.find.views, [{name: 'Climate desk', query: 'tag:climate'}]);
	t.true(h.effects.some(effect => effect.type === 'save-view' && effect.view.name === 'Climate desk'));
	h.keys('escape');
	t.deepEqual(h.listed(), library.map(item => item.id));
	h.dispatch({type: 'marks-applied', kind: 'read', ids: ['trains'], values: [true], message: ''});
	h.keys('v');
	const overlay = h.state.overlay;
	t.true(overlay?.kind === 'picker' && overlay.items[0]!.unread === 2 && overlay.items[0]!.total === 3);
	h.keys('enter');
	t.deepEqual(h.listed(), ['trains', 'barrier', 'budget']);
	t.regex(describeFinding(h.state), /view: Climate desk · 3 match/);
});

const hit = (article: ArticleMeta, snippet: string): FoundHit => ({meta: article, snippet, highlights: [], score: 1});

// Rendered lines carry real SGR (the renderer's output); neutralising them here would make the escapes visible text.
const rendered = (lines: string[]): RenderedArticle => ({lines, links: [], headings: [], width: 60}) as unknown as RenderedArticle;

test('full-text search opens the index on first use, waits for it, shows results, and opens a result scrolled to its first match', t => {
	const h = new Harness(library, 10);
	t.is(h.state.find.index, 'idle', 'the index is not built until full-text search is asked for');
	t.false(h.effects.some(effect => effect.type === 'open-index'));
	h.keys('f');
	t.is(h.state.find.index, 'indexing', 'f opens the index');
	t.true(h.effects.some(effect => effect.type === 'open-index'));
	h.type('tidal').keys('enter');
	t.is(h.state.find.pendingSearch, 'tidal');
	h.dispatch({type: 'index-status', status: 'ready'});
	t.true(h.effects.some(effect => effect.type === 'search' && effect.text === 'tidal'));
	h.dispatch({type: 'search-results', query: 'tidal', terms: ['tidal'], hits: [hit(library[2]!, 'a tidal barrier'), hit(library[3]!, 'tidal money')]});
	t.is(contextOf(h.state), 'results');
	h.keys('j', 'enter');
	t.is(h.state.article?.id, 'budget');
	t.deepEqual(h.state.article?.findTerms, ['tidal']);
	const lines = Array.from({length: 40}, (_, line) => (line === 25 ? 'where the \u001B[1mtidal\u001B[22m money goes' : `line ${line}`));
	h.dispatch({type: 'article-rendered', id: 'budget', width: 60, rendered: rendered(lines)});
	t.is(h.state.article?.offset, 24, 'one line of context above the match');
	t.deepEqual(h.state.article?.reading?.search, {query: 'tidal', current: 0}, 'the reader\'s search highlights the words');
	t.is(contextOf(h.state), 'article-found');
	h.keys('s');
	t.true(h.starredIds().has('budget'), 's stars while the search is shown');
	h.keys('p');
	t.is(h.state.article?.id, 'barrier', 'p walks the results');
	h.keys('q');
	t.is(contextOf(h.state), 'results', 'back to the results');
	h.keys('escape');
	t.is(contextOf(h.state), 'list');
});

test('firstMatchLine finds whole words across styled lines and counts the matches', t => {
	t.deepEqual(firstMatchLine(['intro', 'the tid', 'al wave', 'a \u001B[3mTidal\u001B[23m wave', 'tidal'], ['tidal']), {line: 3, count: 2, text: 'Tidal'});
	t.is(firstMatchLine(['nothing here'], ['tidal']), undefined);
});

test('the journal keeps the last 1,000 changes, and bounds the ids it keeps', t => {
	const target: JournalTarget = {read: new Set(), starred: new Set()};
	for (let change = 0; change < journalLimit + 5; change++) {
		recordChange(target, {kind: 'read', ids: [`a${change}`], after: true});
	}

	const journal = readJournal(target.journal);
	t.is(journal.entries.length, journalLimit);
	t.is(journal.pointer, journalLimit);
	t.deepEqual(journal.entries[0]!.ids, ['a5']);

	const big: JournalTarget = {read: new Set(), starred: new Set()};
	const half = Math.ceil(journalIdLimit / 2) + 1;
	for (let change = 0; change < 3; change++) {
		recordChange(big, {kind: 'read', ids: Array.from({length: half}, (_, index) => `c${change}-${index}`), after: true});
	}

	t.is(readJournal(big.journal).entries.length, 1, 'only the newest bulk change fits under the id bound');
});

test('a change that changes nothing is not recorded, and a new change drops what could have been redone', t => {
	const target: JournalTarget = {read: new Set(['a']), starred: new Set()};
	t.is(recordChange(target, {kind: 'read', ids: ['a'], after: true}), 0);
	t.is(readJournal(target.journal).entries.length, 0);
	recordChange(target, {kind: 'star', ids: ['a', 'b'], after: true});
	recordChange(target, {kind: 'read', ids: ['b'], after: true});
	undoChange(target);
	recordChange(target, {kind: 'read', ids: ['c'], after: true});
	const journal = readJournal(target.journal);
	t.deepEqual(journal.entries.map(entry => entry.ids), [['a', 'b'], ['c']]);
	t.is(redoChange(target), undefined);
	t.false(target.read.has('b'));
});

test('readJournal drops malformed entries and clamps the pointer', t => {
	const journal = readJournal({entries: [{kind: 'read', ids: ['a'], before: false, after: true}, {kind: 'nope'}, 'x', {kind: 'star', ids: ['b', 'c'], before: '01', after: true}], pointer: 99});
	t.is(journal.entries.length, 2);
	t.is(journal.pointer, 2);
	const target: JournalTarget = {read: new Set(['a']), starred: new Set(['b', 'c']), journal};
	undoChange(target);
	t.deepEqual([...target.starred], ['c'], 'the per-id form restores each id to what it was');
});

test('the journal and its pointer survive a restart of the store: undo after reopening takes back the earlier change', t => {
	const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-'));
	const first = StateStore.open(directory).store;
	first.change(state => {
		recordChange(state, {kind: 'read', ids: ['a', 'b'], after: true});
	});
	first.change(state => {
		recordChange(state, {kind: 'star', ids: ['a'], after: true});
	});
	first.change(state => {
		undoChange(state);
	});
	first.flush();

	const second = StateStore.open(directory).store;
	t.false(second.isStarred('a'));
	t.is(readJournal(second.state.journal).pointer, 1);
	second.change(state => {
		undoChange(state);
	}, {flush: 'now'});
	const third = StateStore.open(directory).store;
	t.false(third.isRead('a'));
	t.false(third.isRead('b'));
	third.change(state => {
		redoChange(state);
		redoChange(state);
	}, {flush: 'now'});
	const fourth = StateStore.open(directory).store;
	t.true(fourth.isRead('a'));
	t.true(fourth.isStarred('a'));
});
