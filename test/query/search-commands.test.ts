import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {Command} from 'commander';
import {loadLibrary} from '../../source/adapters/library.js';
import {StateStore} from '../../source/adapters/state-store.js';
import {registerSearchCommands, type SearchRow} from '../../source/commands/search.js';
import {readViews} from '../../source/core/query/views.js';

const temporary = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-'));

type Setup = {library: string; cache: string; config: string};

function setup(): Setup {
	const library = temporary();
	const write = (relative: string, text: string) => {
		fs.mkdirSync(path.dirname(path.join(library, relative)), {recursive: true});
		fs.writeFileSync(path.join(library, relative), text);
	};

	write('harbour-post/tides.md', '---\ntitle: "Spring tides flood the quay"\nid: tides\ndate: 2025-03-01\nsource: Harbour Post\ntags: [coast]\n---\n\nThe spring tides reached the café on the quay. Kittiwakes watched.\n');
	write('harbour-post/ferry.md', '---\ntitle: "Ferry timetable changes"\nid: ferry\ndate: 2025-04-01\nsource: Harbour Post\n---\n\nThe winter ferry leaves earlier. Kittiwakes nest on the pier.\n');
	write('notes/birds.md', '# Birds I saw\n\nA kittiwake and two puffins, and an \u001B]0;pwned\u0007 odd title escape.\n');
	return {library, cache: temporary(), config: temporary()};
}

async function run(where: Setup, ...argv: string[]) {
	let stdout = '';
	let stderr = '';
	let exitCode = 0;
	const program = new Command().name('tidings').exitOverride();
	program.configureOutput({writeOut: text => (stdout += text), writeErr: text => (stderr += text)});
	const stores: StateStore[] = [];
	registerSearchCommands(program, {
		libraryDir: () => where.library,
		cacheDir: () => where.cache,
		openStore() {
			const {store} = StateStore.open(where.config);
			stores.push(store);
			return store;
		},
		loadLibrary: async () => loadLibrary(where.library, {cacheDir: where.cache}),
		stdout: {write: (text: string) => (stdout += text)},
		stderr: {write: (text: string) => (stderr += text)},
		setExitCode(code) {
			exitCode = code;
		},
	});
	let thrown: unknown;
	try {
		await program.parseAsync(['node', 'tidings', ...argv]);
	} catch (error) {
		thrown = error;
	}

	for (const store of stores) {
		store.flush();
	}

	return {stdout, stderr, exitCode, thrown};
}

test('search prints ranked results with title, source, date, score, id and a snippet', async t => {
	const where = setup();
	const {stdout, exitCode} = await run(where, 'search', 'kittiwakes');
	t.is(exitCode, 0);
	t.regex(stdout, /^1\. (Spring tides flood the quay|Ferry timetable changes)\n {3}Harbour Post · 2025-0[34]-01 · score \d+\.\d\d · id (tides|ferry)\n {3}.*Kittiwakes/u);
	t.regex(stdout, /\n2\. /u);
	t.notRegex(stdout, /\n3\. /u);
});

test('search --json prints the shared article row with score and snippet', async t => {
	const where = setup();
	const {store} = StateStore.open(where.config);
	store.change(state => {
		state.read.add('tides');
		state.starred.add('tides');
	}, {flush: 'now'});
	const {stdout, exitCode} = await run(where, 'search', '--json', 'cafe');
	t.is(exitCode, 0);
	const rows = JSON.parse(stdout) as SearchRow[];
	t.is(rows.length, 1);
	const [row] = rows;
	t.like(row, {id: 'tides', title: 'Spring tides flood the quay', source: 'Harbour Post', path: 'harbour-post/tides.md', read: true, starred: true, date: '2025-03-01T00:00:00.000Z'});
	t.true(row!.score > 0);
	t.true(row!.snippet.includes('café'));
	for (const key of ['id', 'title', 'source', 'date', 'path', 'read', 'starred', 'score', 'snippet']) {
		t.true(key in row!, key);
	}
});

test('search takes the query as several words, with operators, and honours --limit', async t => {
	const where = setup();
	const filtered = await run(where, 'search', '--json', 'kittiwakes', 'after:2025-04');
	t.deepEqual((JSON.parse(filtered.stdout) as SearchRow[]).map(row => row.id), ['ferry']);
	const negated = await run(where, 'search', 'kittiwakes', '-ferry', '--json');
	t.deepEqual((JSON.parse(negated.stdout) as SearchRow[]).map(row => row.id), ['tides']);
	const limited = await run(where, 'search', '--json', '--limit', '1', 'kittiwakes');
	t.is((JSON.parse(limited.stdout) as SearchRow[]).length, 1);
});

test('search sees articles added after the last search', async t => {
	const where = setup();
	t.is((await run(where, 'search', 'guillemots')).exitCode, 1);
	fs.writeFileSync(path.join(where.library, 'notes', 'cliffs.md'), '# Cliffs\n\nGuillemots crowd the ledges.\n');
	const after = await run(where, 'search', '--json', 'guillemots');
	t.is(after.exitCode, 0);
	t.deepEqual((JSON.parse(after.stdout) as SearchRow[]).map(row => row.path), ['notes/cliffs.md']);
});

test('search exits 1 and says so when nothing matches; --json prints an empty array', async t => {
	const where = setup();
	const plain = await run(where, 'search', 'albatross');
	t.is(plain.exitCode, 1);
	t.is(plain.stdout, '');
	t.regex(plain.stderr, /No articles match/u);
	const json = await run(where, 'search', '--json', 'albatross');
	t.is(json.exitCode, 1);
	t.deepEqual(JSON.parse(json.stdout), []);
});

test('search points at a query that does not parse and exits 2', async t => {
	const where = setup();
	const {stderr, exitCode, stdout} = await run(where, 'search', 'tides', 'is:sunny');
	t.is(exitCode, 2);
	t.is(stdout, '');
	t.regex(stderr, /is: takes unread, read, starred, fetched, local/u);
	t.true(stderr.includes('tides is:sunny\n      ^^^^^^^^'));
});

test('search refuses a bad --limit through commander', async t => {
	const where = setup();
	const {thrown, stderr} = await run(where, 'search', '--limit', 'many', 'tides');
	t.truthy(thrown);
	t.regex(stderr, /whole number/u);
});

test('search output carries no terminal control characters from an article', async t => {
	const where = setup();
	const {stdout} = await run(where, 'search', 'puffins');
	t.true(stdout.includes('puffins'));
	t.false(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/u.test(stdout));
	const json = await run(where, 'search', '--json', 'puffins');
	t.false(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/u.test(json.stdout));
});

test('view add saves a named query in the store, view list shows it, view remove deletes it', async t => {
	const where = setup();
	const added = await run(where, 'view', 'add', 'Coast', 'tag:coast', '-is:read');
	t.is(added.exitCode, 0);
	t.regex(added.stdout, /Saved view "Coast": tag:coast -is:read/u);
	t.deepEqual(readViews(StateStore.open(where.config).store.state.views), [{name: 'Coast', query: 'tag:coast -is:read'}]);

	await run(where, 'view', 'add', 'Ferries', 'ferry');
	const replaced = await run(where, 'view', 'add', 'Coast', 'source:"Harbour Post"');
	t.regex(replaced.stdout, /Updated view "Coast"/u);

	const listed = await run(where, 'view', 'list');
	t.is(listed.stdout, 'Coast    source:"Harbour Post"\nFerries  ferry\n');
	const json = await run(where, 'view', 'list', '--json');
	t.deepEqual(JSON.parse(json.stdout), [{name: 'Coast', query: 'source:"Harbour Post"'}, {name: 'Ferries', query: 'ferry'}]);

	const removed = await run(where, 'view', 'remove', 'Coast');
	t.is(removed.exitCode, 0);
	t.deepEqual(readViews(StateStore.open(where.config).store.state.views), [{name: 'Ferries', query: 'ferry'}]);
});

test('view add refuses a query that does not parse, pointing at it, and saves nothing', async t => {
	const where = setup();
	const {exitCode, stderr} = await run(where, 'view', 'add', 'Broken', 'tides', '(coast');
	t.is(exitCode, 2);
	t.regex(stderr, /never closed/u);
	t.true(stderr.includes('tides (coast\n      ^'));
	t.deepEqual(readViews(StateStore.open(where.config).store.state.views), []);
});

test('view remove of an unknown name exits 1; view list with none says how to add one', async t => {
	const where = setup();
	const removed = await run(where, 'view', 'remove', 'Nothing');
	t.is(removed.exitCode, 1);
	t.regex(removed.stderr, /no view named "Nothing"/u);
	const listed = await run(where, 'view', 'list');
	t.regex(listed.stdout, /No saved views/u);
});

test('view add keeps other keys of the store untouched', async t => {
	const where = setup();
	const {store} = StateStore.open(where.config);
	store.change(state => {
		state.starred.add('ferry');
		state.extra['laterKey'] = {kept: true};
	}, {flush: 'now'});
	await run(where, 'view', 'add', 'Mine', 'is:starred');
	const reopened = StateStore.open(where.config).store.state;
	t.true(reopened.starred.has('ferry'));
	t.deepEqual(reopened.extra['laterKey'], {kept: true});
});
