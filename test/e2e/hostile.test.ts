import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {makeHostileLibrary} from '../helpers/hostile-library.js';
import {keys, startTidings, tempDir} from '../helpers/terminal.js';

// The TUI on the hostile library, read back through a terminal emulator: the window title and the clipboard must
// never be touched, no hyperlink may be made, and the screen must stay intact while every article is opened.
test('opening every hostile article in the reader never sets the title, the clipboard or a hyperlink, and the reader keeps working', async t => {
	t.timeout(180_000);
	const base = tempDir();
	const library = path.join(base, 'library');
	fs.mkdirSync(library);
	const {files} = await makeHostileLibrary(library);
	const session = startTidings({
		env: {TIDINGS_DIR: library, TIDINGS_CONFIG_DIR: path.join(base, 'config'), TIDINGS_CACHE_DIR: path.join(base, 'cache')},
		columns: 100,
		rows: 30,
	});
	await session.waitFor(/unread of [1-9]\d*/);
	await session.waitFor(screen => !screen.includes('reading…'));
	const total = Number(/unread of (\d+)/u.exec(session.text())![1]);
	t.true(total >= files.length - 5, `${total} articles listed for ${files.length} files`);

	session.press(keys.enter);
	await session.waitFor(/q back/);
	for (let opened = 1; opened < total; opened++) {
		// Each article is opened by n from the end of the one before (G), so every body is rendered and scrolled.
		await session.waitFor(screen => !screen.includes('Loading…') && /q back/u.test(screen), 30_000);
		session.press('G');
		session.press('n');
		await session.waitFor(screen => !screen.includes('Loading…'), 30_000);
	}

	session.press('q');
	await session.waitFor(/unread of/);
	const screen = session.text();
	t.regex(screen, /Tidings — 0 unread of \d+/, 'every article was opened');
	t.deepEqual(session.titles, [], 'no article set the window title');
	t.deepEqual(session.osc52, [], 'no article wrote the clipboard');
	t.deepEqual(session.hyperlinks, [], 'no article made a hyperlink');
	session.press('q');
	t.is((await session.exited()).exitCode, 0);
});

test('a hostile title is shown visibly in the list, on one row, with the payload inert', async t => {
	const base = tempDir();
	const library = path.join(base, 'library');
	fs.mkdirSync(path.join(library, 'x'), {recursive: true});
	fs.writeFileSync(path.join(library, 'x', 'evil.md'), '---\ntitle: "Evil \\e]0;OWNED\\a title \\e[2J\\e[31m red"\n---\n\nBody \u001B]52;c;aGk=\u0007 text.\n');
	const session = startTidings({env: {TIDINGS_DIR: library, TIDINGS_CONFIG_DIR: path.join(base, 'config'), TIDINGS_CACHE_DIR: path.join(base, 'cache')}});
	await session.waitFor('Evil');
	t.regex(session.text(), /Evil ␛]0;OWNED␇ title ␛\[2J␛\[31m red/);
	session.press(keys.enter);
	await session.waitFor('Body');
	t.regex(session.text(), /Body ␛]52;c;aGk=␇ text\./);
	t.deepEqual(session.titles, []);
	t.deepEqual(session.osc52, []);
	session.press('qq');
	t.is((await session.exited()).exitCode, 0);
});
