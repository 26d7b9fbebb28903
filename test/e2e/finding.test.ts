import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {keys, startTidings, tempDir} from '../helpers/terminal.js';

const articles: Record<string, string> = {
	'trains.md': '---\ntitle: Night trains return to Europe\nsource: The Guardian\ndate: 2026-01-05\ntags: [transport, climate]\n---\nSleeper services are back. The tidal wave of bookings surprised the operators.\n',
	'budget.md': '---\ntitle: A budget for the coast\nsource: Guardian Weekly\ndate: 2026-01-02\ntags: [climate, money]\n---\nThe council approved a budget for sea walls.\n\nMore on the harbour.\n',
	'zebras.md': '---\ntitle: Zebras of the plains\nsource: Atlas\ndate: 2026-01-01\n---\nStripes confuse flies, researchers say.\n',
};

function fixture() {
	const root = tempDir();
	const library = path.join(root, 'library');
	fs.mkdirSync(library);
	for (const [name, text] of Object.entries(articles)) {
		fs.writeFileSync(path.join(library, name), text);
	}

	return {
		root,
		env: {TIDINGS_CONFIG_DIR: path.join(root, 'config'), TIDINGS_CACHE_DIR: path.join(root, 'cache'), TIDINGS_DIR: library},
	};
}

type Saved = {read: string[]; starred: string[]; journal?: {entries: Array<{kind: string; ids: string[]}>; pointer: number}};
const readState = (root: string) => JSON.parse(fs.readFileSync(path.join(root, 'config', 'state.json'), 'utf8')) as Saved;

const header = (screen: string) => screen.split('\n')[0] ?? '';

test('a person filters, opens a result, stars it, undoes the star, quits, and after a restart finds the star gone and u still undoing the earlier change', async t => {
	const {root, env} = fixture();
	const first = startTidings({env});
	await first.waitFor(screen => header(screen).includes('3 unread of 3') && screen.includes('Zebras of the plains'));

	first.press('/');
	first.press('budg');
	await first.waitFor(screen => header(screen).includes('/budg · 1 match') && !screen.includes('Zebras'));
	t.regex(first.text(), /\/budg/, 'the prompt shows what was typed');
	first.press('et');
	await first.waitFor(screen => header(screen).includes('/budget · 1 match'));
	first.press(keys.enter);
	await first.waitFor('1 article matches');
	first.press(keys.enter);
	await first.waitFor('The council approved a budget');

	first.press('s');
	await first.waitFor('Starred (u undoes)');
	first.press('u');
	await first.waitFor('Undone: starred 1 article');
	first.press('q');
	await first.waitFor(screen => header(screen).includes('2 unread of 3') && screen.includes('A budget for the coast'));
	t.false(first.text().includes('★'), 'the undone star is not shown');
	first.press('q');
	t.is((await first.exited()).exitCode, 0);

	const saved = readState(root);
	t.deepEqual(saved.read, ['budget.md']);
	t.deepEqual(saved.starred, []);
	t.deepEqual(saved.journal?.entries.map(entry => [entry.kind, entry.ids]), [['read', ['budget.md']], ['star', ['budget.md']]]);
	t.is(saved.journal?.pointer, 1, 'the star is undone but can be redone');

	const second = startTidings({env});
	await second.waitFor(screen => header(screen).includes('2 unread of 3'));
	t.false(second.text().includes('★'));
	second.press('u');
	await second.waitFor(screen => screen.includes('Undone: marked 1 article read') && header(screen).includes('3 unread of 3'));
	second.press('\u0012');
	await second.waitFor(screen => screen.includes('Redone: marked 1 article read') && header(screen).includes('2 unread of 3'));
	second.press('\u0012');
	await second.waitFor(screen => screen.includes('Redone: starred 1 article') && screen.includes('★'));
	second.press('q');
	t.is((await second.exited()).exitCode, 0);
	const again = readState(root);
	t.deepEqual(again.starred, ['budget.md']);
	t.is(again.journal?.pointer, 2);
});

test('full-text search finds a word in a body, shows a snippet, and opens the article; the source picker narrows the list', async t => {
	const {env} = fixture();
	const session = startTidings({env, columns: 90, rows: 20});
	await session.waitFor(screen => screen.includes('Zebras of the plains') && !header(session.text()).includes('indexing'));

	session.press('f');
	session.press('tidal');
	await session.waitFor('Search bodies: tidal');
	session.press(keys.enter);
	await session.waitFor(screen => header(screen).startsWith('Search: tidal — 1 result'));
	t.regex(session.text(), /Night trains return to Europe/);
	t.regex(session.text(), /tidal wave of bookings/, 'a snippet under the title');
	session.press(keys.enter);
	await session.waitFor(screen => screen.includes('Sleeper services are back') && screen.includes('1 match of the search'));
	session.press('q');
	await session.waitFor(screen => header(screen).startsWith('Search: tidal'));
	session.press(keys.escape);
	await session.waitFor(screen => header(screen).startsWith('Tidings —'));

	session.press('S');
	await session.waitFor(screen => header(screen).startsWith('Sources — 3'));
	t.regex(session.text(), /Guardian Weekly +1 unread \/ 1/);
	session.press('G');
	session.press(keys.enter);
	await session.waitFor(screen => header(screen).includes('source: The Guardian · 1 match'));
	t.false(session.text().includes('Zebras'));
	session.press('c');
	await session.waitFor(screen => screen.includes('Zebras') && !header(screen).includes('source:'));
	session.press(keys.ctrlC);
	t.is((await session.exited()).exitCode, 0);
});
