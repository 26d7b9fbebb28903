import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import type {ArticleRow} from '../../source/core/article-row.js';
import {cliPath, tempDir} from '../helpers/terminal.js';

function library() {
	const root = tempDir();
	const dir = path.join(root, 'library');
	fs.mkdirSync(dir);
	fs.writeFileSync(path.join(dir, 'trains.md'), '---\ntitle: Night trains return\nsource: The Guardian\ndate: 2026-01-05\ntags: [transport, Climate]\n---\nSleepers.\n');
	fs.writeFileSync(path.join(dir, 'budget.md'), '---\ntitle: A budget for the coast\nsource: Guardian Weekly\ndate: 2026-01-02\ntags: [climate]\n---\nWalls.\n');
	fs.writeFileSync(path.join(dir, 'cafe.md'), '---\ntitle: Le Café reopens\nsource: Le Monde\ndate: 2026-01-01\n---\nCoffee.\n');
	const env = {...process.env, TIDINGS_DIR: dir, TIDINGS_CONFIG_DIR: path.join(root, 'config'), TIDINGS_CACHE_DIR: path.join(root, 'cache')};
	return (...args: string[]) => {
		const result = spawnSync(process.execPath, [cliPath, ...args], {env, encoding: 'utf8'});
		return {stdout: result.stdout, stderr: result.stderr, code: result.status};
	};
}

const ids = (stdout: string) => (JSON.parse(stdout) as ArticleRow[]).map(row => row.id);

test('list --query, --source, --tag and --starred narrow the list with the query language, and --json gives article rows', t => {
	const tidings = library();
	t.deepEqual(ids(tidings('list', '--json', '--query', 'cafe').stdout), ['cafe.md'], 'accents are ignored');
	t.deepEqual(ids(tidings('list', '--json', '--query', 'tag:climate -source:weekly').stdout), ['trains.md']);
	t.deepEqual(ids(tidings('list', '--json', '--source', 'the guardian').stdout), ['trains.md'], '--source matches the whole name');
	t.deepEqual(ids(tidings('list', '--json', '--tag', 'CLIMATE').stdout), ['trains.md', 'budget.md']);
	t.deepEqual(ids(tidings('list', '--json', '--starred').stdout), []);
	const row = (JSON.parse(tidings('list', '--json', '--query', 'trains').stdout) as ArticleRow[])[0]!;
	t.deepEqual(Object.keys(row), ['id', 'title', 'date', 'source', 'author', 'url', 'tags', 'feed', 'path', 'read', 'starred', 'words', 'error']);
});

test('a list query that does not parse exits 2 with a pointer at the bad term', t => {
	const result = library()('list', '--query', 'budget source:');
	t.is(result.code, 2);
	t.regex(result.stderr, /source:/);
	t.regex(result.stderr, /\^+/);
});

test('star, mark, undo and redo share the journal with the reader', t => {
	const tidings = library();
	t.regex(tidings('star', 'trains.md', 'budget.md').stdout, /Starred 2 articles/);
	t.deepEqual(ids(tidings('list', '--json', '--starred').stdout), ['trains.md', 'budget.md']);
	t.regex(tidings('mark', 'cafe.md').stdout, /Marked 1 read/);
	t.regex(tidings('undo').stdout, /Undone: marked 1 article read/);
	t.regex(tidings('undo').stdout, /Undone: starred 2 articles/);
	t.deepEqual(ids(tidings('list', '--json', '--starred').stdout), []);
	const nothing = tidings('undo');
	t.is(nothing.code, 1);
	t.regex(nothing.stderr, /nothing to undo/);
	t.regex(tidings('redo').stdout, /Redone: starred 2 articles/);
	t.regex(tidings('star', '--unstar', 'budget.md').stdout, /Unstarred 1 article/);
	t.deepEqual(ids(tidings('list', '--json', '--query', 'is:starred').stdout), ['trains.md']);
	const redo = tidings('redo');
	t.is(redo.code, 1, 'a new change drops what could have been redone');
	const missing = tidings('star', 'nope.md');
	t.is(missing.code, 1);
	t.regex(missing.stderr, /no article with id "nope.md"/);
});
