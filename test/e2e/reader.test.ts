import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {keys, repoRoot, startTidings, tempDir} from '../helpers/terminal.js';

const seedTitle = "Libya's government claims to have retaken Tripoli";

function isolated() {
	const root = tempDir();
	return {
		root,
		env: {
			TIDINGS_CONFIG_DIR: path.join(root, 'config'),
			TIDINGS_CACHE_DIR: path.join(root, 'cache'),
			TIDINGS_DIR: path.join(repoRoot, 'articles'),
		},
	};
}

const readState = (root: string) => JSON.parse(fs.readFileSync(path.join(root, 'config', 'state.json'), 'utf8')) as {
	read: string[];
	positions: Record<string, number>;
	selected?: string;
};

test('a person opens the seed article, moves with n and p, quits, and finds marks and position kept', async t => {
	const {root, env} = isolated();
	const first = startTidings({env});
	await first.waitFor('Welcome to Tidings');
	t.true(first.isAlternateScreen(), 'the list is drawn on the alternate screen');
	t.regex(first.text(), /Tidings — 5 unread of 5/);

	first.press('G');
	await first.waitFor(screen => screen.includes('5/5'));
	first.press(keys.enter);
	await first.waitFor('Turkish-backed forces');
	const reader = first.text();
	t.true(reader.split('\n')[0]!.startsWith(seedTitle), 'the reader header shows the title');
	t.false(reader.includes('title:'), 'front matter is not shown as body text');

	first.press('j'.repeat(3));
	await first.waitFor(screen => !screen.split('\n').slice(2, 4).join('').includes("Libya's internationally"));
	first.press('p');
	await first.waitFor('Where Tidings keeps your reading state');
	first.press('n');
	// Back on the seed article, at the line where it was left.
	await first.waitFor(screen => screen.split('\n')[0]!.startsWith(seedTitle) && screen.includes('Turkish-backed forces') && !screen.includes('has claimed victory'));
	first.press('jjj');
	await first.waitFor(screen => !screen.includes('Turkish-backed forces'));
	first.press('q');
	await first.waitFor('Tidings — 3 unread of 5');
	first.press('q');
	const result = await first.exited();
	t.is(result.exitCode, 0);
	t.false(first.isAlternateScreen(), 'quitting leaves the main screen');
	t.true(first.cursorVisible(), 'quitting shows the cursor again');

	const state = readState(root);
	t.deepEqual(new Set(state.read), new Set(['seed/000_0cde316fb2f254b5', 'tidings/state-and-privacy.txt']));
	t.is(state.positions['seed/000_0cde316fb2f254b5'], 6, 'the position is remembered per article, across n and p');
	t.is(state.selected, 'seed/000_0cde316fb2f254b5');

	const second = startTidings({env});
	await second.waitFor('3 unread of 5');
	t.regex(second.text(), /5\/5/, 'the selection is restored');
	second.press(keys.enter);
	await second.waitFor(screen => screen.split('\n')[0]!.startsWith(seedTitle) && screen.includes('Separately Reuters'));
	t.false(second.text().includes('has claimed victory'), 'the scroll position is restored');
	second.press(keys.ctrlC);
	const again = await second.exited();
	t.is(again.exitCode, 0);
	t.false(second.isAlternateScreen());
});

test('every bundled article can be read with the keyboard alone, from the first to the last with n', async t => {
	const {env} = isolated();
	const session = startTidings({env, columns: 100, rows: 30});
	await session.waitFor('Welcome to Tidings');
	session.press(keys.enter);
	await session.waitFor('A few keys to begin with');
	const titles = ['Adding your own articles', 'What a page can hold', 'Where Tidings keeps your reading state', seedTitle];
	for (const title of titles) {
		session.press('n');
		await session.waitFor(screen => screen.split('\n')[0]!.startsWith(title));
	}

	session.press('n');
	await session.waitFor('This is the last article');
	session.press('q');
	await session.waitFor('0 unread of 5');
	session.press('q');
	t.is((await session.exited()).exitCode, 0);
});

test('the help overlay lists the keys of where it was opened first, from the key table, and closes with Esc', async t => {
	const {env} = isolated();
	const session = startTidings({env});
	await session.waitFor('Welcome to Tidings');
	session.press('?');
	await session.waitFor('Tidings — keys');
	t.regex(session.text(), /Keys in the list/);
	t.regex(session.text(), /Next article in the list; one line down in the reader/);
	t.notRegex(session.text(), /Next article in list order/, 'the reader\'s own keys come after the list\'s');
	session.press(keys.escape);
	await session.waitFor('Welcome to Tidings');
	session.press('q');
	t.is((await session.exited()).exitCode, 0);
});

test('the layout holds at 20×5 and at 200×60, and resizing re-lays out', async t => {
	const {env} = isolated();
	const session = startTidings({env, columns: 20, rows: 5});
	await session.waitFor('Welcome');
	for (const line of session.screen()) {
		t.true(line.length <= 20);
	}

	session.press(keys.enter);
	await session.waitFor(screen => screen.includes('Tidings'));
	session.resize(200, 60);
	await session.waitFor('A few keys to begin with');
	t.true(session.screen().length === 60);
	session.resize(1, 1);
	session.resize(80, 24);
	await session.waitFor('A few keys to begin with');
	session.press('q');
	await session.waitFor('unread of 5');
	session.press('q');
	t.is((await session.exited()).exitCode, 0);
});

test('SIGTERM restores the terminal and keeps the read mark', async t => {
	const {root, env} = isolated();
	const session = startTidings({env});
	await session.waitFor('Welcome to Tidings');
	session.press(keys.enter);
	await session.waitFor('A few keys to begin with');
	session.kill('SIGTERM');
	const result = await session.exited();
	t.is(result.exitCode, 143);
	t.false(session.isAlternateScreen());
	t.true(session.cursorVisible());
	t.deepEqual(readState(root).read, ['tidings/welcome']);
});
