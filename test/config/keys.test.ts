import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {defaultTable, helpRows, installKeys, keyHint, keyRows, keysOf, resolveCommand, parseKeySpec} from '../../source/app/keymap.js';
import {defaultsToml} from '../../source/core/config/schema.js';
import {reducer} from '../../source/app/reducer.js';
import {initialState, type Action, type AppState} from '../../source/app/state.js';
import {footers} from '../../source/ui/hints.js';
import {loadSettings} from '../../source/commands/settings.js';
import {neutraliseLine} from '../../source/core/text/neutralise.js';
import type {ArticleMeta} from '../../source/core/types.js';

// The key table in force is one per process: these tests install a table, check, and put the defaults back.
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-keys-'));
let count = 0;
function settingsFrom(text: string) {
	const file = path.join(folder, `config-${++count}.toml`);
	fs.writeFileSync(file, text);
	return loadSettings(file, {});
}

const problems = (settings: ReturnType<typeof settingsFrom>) => settings.problems.map(problem => `${problem.line ?? '-'} ${problem.severity} ${problem.message}`);

test.afterEach.always(() => {
	installKeys(defaultTable);
});

test.after.always(() => {
	fs.rmSync(folder, {recursive: true, force: true});
});

test('key specs as users write them', t => {
	t.is(parseKeySpec('ctrl-a'), 'ctrl+a');
	t.is(parseKeySpec('Ctrl+A'), 'ctrl+a');
	t.is(parseKeySpec('esc'), 'escape');
	t.is(parseKeySpec('g g'), 'g g');
	t.is(parseKeySpec('G'), 'G');
	t.deepEqual(parseKeySpec('ctlr-a'), {error: '"ctlr-a" is not a key (a control key is written ctrl+a or ctrl-a)'});
	t.like(parseKeySpec('a b c d e'), {error: '"a b c d e" is too long a sequence (at most 4 keys)'});
	t.like(parseKeySpec(''), {error: '"" is not a key'});
});

test.serial('a rebound command answers to its new key everywhere it is bound, and its old key does nothing', t => {
	const settings = settingsFrom('[keys]\n"move.down" = ["X", "down"]\n');
	t.deepEqual(problems(settings), []);
	installKeys(settings.keys);
	for (const context of ['list', 'article', 'help', 'picker', 'results', 'wide', 'podcasts'] as const) {
		t.is(resolveCommand(context, 'X'), 'move.down', context);
		t.is(resolveCommand(context, 'j'), undefined, context);
	}

	t.is(resolveCommand('article-found', 'X'), 'move.down', 'a kept search falls back to the reader\'s keys');
	// Help, --help and every footer name the new key.
	t.is(keyHint('move.down', 'move.up'), 'X/k');
	t.true(footers.list()[0]!.startsWith('X/k move'));
	t.is(helpRows('list').find(row => row.id === 'move.down')!.keys, 'X ↓');
	t.is(helpRows().find(row => row.id === 'move.down')!.keys, 'X ↓');
});

test.serial('[keys.<context>] rebinds in that context only', t => {
	const settings = settingsFrom('[keys.article]\n"article.next" = "J"\n"move.down" = "ctrl-n"\n');
	t.deepEqual(problems(settings), []);
	installKeys(settings.keys);
	t.is(resolveCommand('article', 'J'), 'article.next');
	t.is(resolveCommand('article', 'n'), undefined);
	t.is(resolveCommand('article', 'ctrl+n'), 'move.down');
	t.is(resolveCommand('list', 'j'), 'move.down', 'the list keeps j');
	t.deepEqual(keysOf('move.down', 'article'), ['ctrl+n']);
	t.deepEqual(keysOf('move.down', 'list'), ['j', 'down']);
	t.true(footers.reader()[0]!.startsWith('Ctrl-N/k scroll'), 'the reader\'s footer names the reader\'s key');
	t.true(footers.list()[0]!.startsWith('j/k move'), 'the list\'s footer keeps j');
	t.true(footers.reader()[1]!.startsWith('J/p next/previous'));
});

test.serial('[] unbinds; help names the command unbound', t => {
	const settings = settingsFrom('[keys]\n"marks.undo" = []\n');
	installKeys(settings.keys);
	t.is(resolveCommand('list', 'u'), undefined);
	t.is(keyHint('marks.undo'), '(unbound)');
	t.is(helpRows().find(row => row.id === 'marks.undo')!.keys, '(unbound)');
});

const meta = (id: string): ArticleMeta => ({id, path: `${id}.md`, title: neutraliseLine(id), source: neutraliseLine('s'), tags: [], date: '2026-01-01', kind: 'md', size: 1, mtimeMs: 0, words: 1});
const run = (state: AppState, ...actions: Action[]) => actions.reduce((current, action) => reducer(current, action)[0], state);
const keys = (...specs: string[]): Action[] => specs.map(spec => ({type: 'key', spec}));

test.serial('a key sequence (g g) runs its command through the reducer; the first key waits and a wrong second drops it', t => {
	const settings = settingsFrom('[keys]\n"move.top" = "g g"\n"move.bottom" = ["G", "g e"]\n');
	t.deepEqual(problems(settings), []);
	installKeys(settings.keys);
	const start = run(initialState({rows: 20, columns: 80}), {type: 'library-loaded', articles: ['a', 'b', 'c', 'd'].map(id => meta(id)), final: true});
	const atBottom = run(start, ...keys('g', 'e'));
	t.is(atBottom.cursor, 3);
	const waiting = run(atBottom, ...keys('g'));
	t.is(waiting.pendingKeys, 'g');
	t.is(waiting.status, 'g …');
	t.is(waiting.cursor, 3);
	const top = run(waiting, ...keys('g'));
	t.is(top.cursor, 0);
	t.is(top.pendingKeys, undefined);
	t.is(top.status, undefined);
	const dropped = run(atBottom, ...keys('g', 'x', 'k'));
	t.is(dropped.cursor, 2, 'g x did nothing, then k moved up once');
	t.is(keyHint('move.top'), 'g g');
	t.is(helpRows().find(row => row.id === 'move.bottom')!.keys, 'G, g e');
});

test.serial('a key taken from another command\'s defaults moves, with a note; that command keeps its other keys', t => {
	const settings = settingsFrom('[keys]\n"star.toggle" = "j"\n');
	t.deepEqual(problems(settings), [
		'2 note "j" in the list context now runs star.toggle; by default "j" ran move.down',
		'2 note "j" in the article context now runs star.toggle; by default "j" ran move.down',
		'2 note "j" in the results context now runs star.toggle; by default "j" ran move.down',
	]);
	installKeys(settings.keys);
	t.is(resolveCommand('list', 'j'), 'star.toggle');
	t.is(resolveCommand('list', 'down'), 'move.down');
	t.is(resolveCommand('help', 'j'), 'move.down', 'where star.toggle is not bound, j still moves');
});

test.serial('the same key given to two commands in one context is a conflict: both lines named, the second dropped', t => {
	const settings = settingsFrom('[keys]\n"star.toggle" = "x"\n# between\n"read.toggle" = ["x", "M"]\n');
	t.deepEqual(problems(settings).filter(line => line.includes('error')), [
		'4 error "x" conflicts in the list context: keys.star.toggle binds "x" to star.toggle, and keys.read.toggle binds "x" to read.toggle; the second is dropped (the other is on line 2)',
		'4 error "x" conflicts in the article context: keys.star.toggle binds "x" to star.toggle, and keys.read.toggle binds "x" to read.toggle; the second is dropped (the other is on line 2)',
	]);
	installKeys(settings.keys);
	t.is(resolveCommand('list', 'x'), 'star.toggle');
	t.is(resolveCommand('list', 'm'), 'read.toggle', 'the dropped binding leaves read.toggle its default key');
	t.is(resolveCommand('list', 'M'), undefined);
});

test.serial('a key that begins a user\'s sequence cannot also be a key of its own: the default gives way', t => {
	const settings = settingsFrom('[keys]\n"find.clear" = "g c"\n');
	t.deepEqual(problems(settings), ['2 note "g c" in the list context now runs find.clear; by default "g" ran move.top']);
	installKeys(settings.keys);
	t.is(resolveCommand('list', 'g'), undefined);
	t.is(resolveCommand('list', 'home'), 'move.top');
	t.is(resolveCommand('article', 'g'), 'move.top', 'the reader keeps g');
});

test.serial('bad [keys] entries: each named with its line, the defaults kept for them, and nothing else lost', t => {
	const settings = settingsFrom([
		'[keys]',
		'"move.down" = "ctlr-a"',
		'j = "k"',
		'"move.upp" = "x"',
		'"star.toggle" = 5',
		'"app.quit" = "Q"',
		'[keys.nowhere]',
		'"move.down" = "x"',
		'[keys.help]',
		'"star.toggle" = "s"',
	].join('\n'));
	t.deepEqual(problems(settings), [
		'2 error move.down: "ctlr-a" is not a key (a control key is written ctrl+a or ctrl-a); its default keys are kept',
		'3 error unknown command "j" (bindings map a command to keys, such as "move.down" = "j"; a key cannot be bound to a key); `tidings config show --defaults` lists the commands',
		'4 error unknown command "move.upp" (did you mean move.up?); `tidings config show --defaults` lists the commands',
		'5 error star.toggle must be a key ("j"), a list of keys (["j", "down"]) or [] to unbind',
		'7 error [keys.nowhere]: unknown context (known: list, article, help, confirm, prompt, picker, results, article-prompt, article-found, links, outline, wide, podcasts, image)',
		'10 error star.toggle does nothing in the help context (it works in: list, article, results)',
	]);
	installKeys(settings.keys);
	t.is(resolveCommand('list', 'j'), 'move.down');
	t.is(resolveCommand('list', 'Q'), 'app.quit', 'the good entry applies');
	t.is(resolveCommand('list', 'q'), undefined);
});

test.serial('Ctrl-C quits from everywhere whatever the file says', t => {
	const settings = settingsFrom('[keys]\n"app.interrupt" = []\n"app.quit" = "ctrl+c"\n');
	installKeys(settings.keys);
	t.is(resolveCommand('list', 'ctrl+c'), 'app.quit');
	t.is(resolveCommand('article', 'ctrl+c'), 'app.interrupt');
	t.is(resolveCommand('prompt', 'ctrl+c'), 'app.interrupt');
});

test.serial('config show writes a command bound differently per context as [keys.<context>] lines, and reads back the same', t => {
	const settings = settingsFrom('[keys.article]\n"move.down" = "ctrl-n"\n[keys]\n"move.top" = "g g"\n');
	installKeys(settings.keys);
	const text = defaultsToml(keyRows(), settings.config);
	t.true(text.includes('[keys.article]\n"move.down" = ["ctrl+n"]'), text.slice(text.indexOf('[keys.')));
	t.true(text.includes('[keys.list]\n"move.down" = ["j", "down"]'));
	const again = settingsFrom(text);
	t.deepEqual(again.problems, []);
	t.deepEqual(keyRows(again.keys), keyRows(settings.keys));
});
