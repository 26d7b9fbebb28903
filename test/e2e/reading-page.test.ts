import fs from 'node:fs';
import path from 'node:path';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import test from 'ava';
import {cliPath, keys, startTidings, tempDir, type Session} from '../helpers/terminal.js';
import {until} from '../helpers/until.js';

const run = promisify(execFile);
const hostileUrl = 'https://x.example/?q=$(touch x)&r=`touch x`;touch x';

/** A library in a temp folder, a $BROWSER that records its arguments, and the environment pointing at both. */
function fixture() {
	const root = tempDir('tidings-reading-');
	const library = path.join(root, 'library');
	fs.mkdirSync(path.join(library, 'notes'), {recursive: true});
	const paragraphs = Array.from({length: 12}, (_, index) => `Filler paragraph ${index} so that the page scrolls.`).join('\n\n');
	fs.writeFileSync(path.join(library, 'notes', 'first.md'), `---
title: First page
date: 2026-01-02
url: https://example.com/first
---
# Overview

See [Reuters](https://www.reuters.com/world), [the second note](second.md), [bad](javascript:alert(1)) and [hostile][h].

[h]: <${hostileUrl}>

## Café section

The café in Zürich serves coffee. CAFE is loud. A cafe again.

${paragraphs}

## Closing words

The end of the first page.
`);
	fs.writeFileSync(path.join(library, 'notes', 'second.md'), `---
title: Second page
date: 2026-01-01
---
# Second

Back to [the first](first.md).
`);
	const argvFile = path.join(root, 'argv.txt');
	const browser = path.join(root, 'browse');
	fs.writeFileSync(browser, `#!/bin/sh\nfor argument in "$@"; do printf '%s\\n' "$argument" >> '${argvFile}'; done\nprintf '%s\\n' '--end--' >> '${argvFile}'\n`, {mode: 0o755});
	const env = {
		TIDINGS_DIR: library,
		TIDINGS_CONFIG_DIR: path.join(root, 'config'),
		TIDINGS_CACHE_DIR: path.join(root, 'cache'),
		BROWSER: browser,
		TMUX: undefined,
	};
	return {root, library, env, argvFile};
}

const invocations = (file: string): string[][] => {
	if (!fs.existsSync(file)) {
		return [];
	}

	return fs.readFileSync(file, 'utf8').split('--end--\n').filter(chunk => chunk !== '').map(chunk => chunk.replace(/\n$/u, '').split('\n'));
};

const bottom = (session: Session) => session.screen().at(-1)!;

/** Whether every cell of `text` on the screen row that holds it is drawn in reverse video. */
function isInverse(session: Session, text: string): boolean {
	const buffer = session.terminal.buffer.active;
	for (let row = 0; row < session.terminal.rows; row++) {
		const line = buffer.getLine(buffer.viewportY + row)!;
		const column = line.translateToString(true).indexOf(text);
		if (column !== -1) {
			return [...text].every((_, offset) => line.getCell(column + offset)!.isInverse() !== 0);
		}
	}

	return false;
}

async function openFirst(session: Session) {
	await session.waitFor('First page');
	session.press(keys.enter);
	await session.waitFor(screen => screen.startsWith('First page') && screen.includes('Reuters[1]'));
}

test('links are numbered, open in $BROWSER as one argument with nothing run by a shell, and javascript: is refused', async t => {
	const {root, env, argvFile} = fixture();
	const session = startTidings({env, cwd: root});
	await openFirst(session);
	t.regex(session.text(), /the second note\[2\]/u);
	session.press('G');
	await session.waitFor('[1] https://www.reuters.com/world');
	session.press('g');

	session.press('1o');
	await until(() => invocations(argvFile).length === 1, 'the browser to be started');
	t.deepEqual(invocations(argvFile), [['https://www.reuters.com/world']]);
	await session.waitFor('Opened in browse');

	session.press('o4');
	await session.waitFor('Open link: 4');
	session.press(keys.enter);
	await until(() => invocations(argvFile).length === 2, 'the browser to be started again');
	t.deepEqual(invocations(argvFile)[1], [hostileUrl], 'the URL arrived as exactly one argument, byte for byte');
	t.false(fs.existsSync(path.join(root, 'x')), '$(…), backticks and ; ran nothing');

	session.press('3o');
	await session.waitFor('Not opened: javascript: links never open');
	session.press('q');
	await session.waitFor('Tidings —');
	session.press('q');
	t.is((await session.exited()).exitCode, 0);
	t.is(invocations(argvFile).length, 2, 'the javascript: link started nothing');
	t.false(fs.existsSync(path.join(root, 'x')));
});

test('an internal link opens the other article, Backspace comes back and > goes forward again', async t => {
	const {root, env} = fixture();
	const session = startTidings({env, cwd: root});
	await openFirst(session);
	session.press('2o');
	await session.waitFor(screen => screen.startsWith('Second page') && screen.includes('Backspace goes back'));
	session.press('\u007F');
	await session.waitFor(screen => screen.startsWith('First page'));
	session.press('>');
	await session.waitFor(screen => screen.startsWith('Second page'));
	session.press('1o');
	await session.waitFor(screen => screen.startsWith('First page'));
	session.press('\u007F');
	await session.waitFor(screen => screen.startsWith('Second page'));
	session.press(keys.ctrlC);
	t.is((await session.exited()).exitCode, 0);
	const {stdout} = await run(process.execPath, [cliPath, '--help'], {env: {...process.env, ...env}});
	t.regex(stdout, /Backspace <\s+Back to the article a followed link came from/u);
	t.regex(stdout, />\s+Forward again along followed links/u);
});

test('the outline marks the current heading and jumps; [ and ] move between headings', async t => {
	const {root, env} = fixture();
	const session = startTidings({env, cwd: root, rows: 14});
	await openFirst(session);
	session.press('t');
	await session.waitFor('Outline · First page');
	t.regex(session.text(), /▸ Overview *\n {4}Café section\n {4}Closing words/u);
	session.press('jj');
	session.press(keys.enter);
	await session.waitFor(screen => screen.startsWith('First page') && screen.includes('Closing words') && !screen.includes('Overview'));
	session.press('[');
	await session.waitFor(screen => screen.split('\n')[2]!.includes('Café section'));
	session.press('t');
	await session.waitFor(/▸ +Café section/u);
	session.press(keys.escape);
	await session.waitFor(screen => screen.startsWith('First page'));
	session.press(keys.ctrlC);
	t.is((await session.exited()).exitCode, 0);
});

test('/ highlights matches as they are typed, n and N move through them, and after Esc n is the next article again', async t => {
	const {root, env} = fixture();
	const session = startTidings({env, cwd: root});
	await openFirst(session);
	session.press('/cafe');
	await session.waitFor(screen => bottom(session) === '/cafe' && screen.includes('The café'));
	t.true(isInverse(session, 'café'), 'the match is marked while typing');
	session.press(keys.enter);
	await session.waitFor('match 1/4');
	session.press('n');
	await session.waitFor('match 2/4');
	session.press('N');
	session.press('N');
	await session.waitFor('match 4/4');
	session.press(keys.escape);
	await session.waitFor('Search cleared');
	t.false(isInverse(session, 'café'));
	session.press('n');
	await session.waitFor(screen => screen.startsWith('Second page'));
	session.press(keys.ctrlC);
	t.is((await session.exited()).exitCode, 0);
});

test('y copies the article\'s address with OSC 52; Tab highlights a link in reverse video and y copies it', async t => {
	const {root, env} = fixture();
	const session = startTidings({env, cwd: root});
	await openFirst(session);
	session.press('y');
	await session.waitFor('Sent the article\'s address to the terminal\'s clipboard (OSC 52)');
	session.press('\t');
	await session.waitFor('[1] https://www.reuters.com/world · Enter opens');
	t.true(isInverse(session, 'Reuters[1]'));
	session.press('\t');
	await session.waitFor('[2] second.md');
	t.false(isInverse(session, 'Reuters[1]'));
	session.press('\u001B[Z');
	await session.waitFor('[1] https://www.reuters.com/world · Enter opens');
	session.press('y');
	await session.waitFor('Sent link 1 to the terminal\'s clipboard (OSC 52)');
	const decoded = session.osc52.map(data => {
		const [target, payload] = data.split(';');
		return `${target}:${Buffer.from(payload!, 'base64').toString('utf8')}`;
	});
	t.deepEqual(decoded, ['c:https://example.com/first', 'c:https://www.reuters.com/world']);
	session.press(keys.ctrlC);
	t.is((await session.exited()).exitCode, 0);
});

test('a terminal browser named in the settings gets the terminal and Tidings takes it back when it exits', async t => {
	const {root, env, argvFile} = fixture();
	const w3m = path.join(root, 'w3m');
	fs.writeFileSync(w3m, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${argvFile}'\nprintf 'inside w3m: press Enter\\n'\nread answer\nprintf '%s\\n' "$answer" >> '${argvFile}'\n`, {mode: 0o755});
	const session = startTidings({env: {...env, BROWSER: w3m}, cwd: root});
	await openFirst(session);
	session.press('1o');
	await session.waitFor('inside w3m: press Enter');
	session.press('typed in w3m\r');
	await until(() => fs.readFileSync(argvFile, 'utf8').includes('typed in w3m'), 'w3m to read the typed line');
	await session.waitFor(screen => screen.startsWith('First page') && screen.includes('Back from w3m'));
	t.deepEqual(fs.readFileSync(argvFile, 'utf8').split('\n'), ['https://www.reuters.com/world', 'typed in w3m', '']);
	session.press('j');
	await session.waitFor(screen => !screen.includes('Back from w3m'));
	session.press(keys.ctrlC);
	t.is((await session.exited()).exitCode, 0);
});

for (const columns of [40, 80, 160]) {
	test(`at ${columns} columns the page fits, links stay numbered, and - and + change the kept reading width`, async t => {
		const {root, env} = fixture();
		const session = startTidings({env, cwd: root, columns, rows: 30});
		await openFirst(session);
		const width = Math.min(80, columns - 2);
		const body = session.screen().slice(2, -1).filter(line => line.trim() !== '');
		for (const line of session.screen()) {
			t.true(line.length <= columns, line);
		}

		t.true(body.every(line => line.trimStart().length <= width), 'every body line is within the reading width');
		if (columns === 160) {
			t.true(body.every(line => line.startsWith(' '.repeat(39))), 'the page is centred');
		}

		session.press('-');
		await session.waitFor(`Reading width 76${columns < 78 ? ` (${width} fit here)` : ''}`);
		session.press('q');
		await session.waitFor('Tidings —');
		session.press('q');
		t.is((await session.exited()).exitCode, 0);
		const state = JSON.parse(fs.readFileSync(path.join(root, 'config', 'state.json'), 'utf8')) as {settings: {width: number}};
		t.is(state.settings.width, 76);

		const {stdout} = await run(process.execPath, [cliPath, 'read', 'notes/first.md', '--width', String(Math.max(20, width))], {env: {...process.env, ...env, BROWSER: ''}});
		t.regex(stdout, /Reuters\[1\]/u);
		t.regex(stdout, /\[1\] https:\/\/www\.reuters\.com\/world/u);
		t.regex(stdout, /\[2\] second\.md/u);
	});
}
