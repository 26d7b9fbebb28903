/**
The split screen and the mouse in a real pseudo-terminal: the layout key, the article pane following the selection,
the layout kept across restarts, and mouse reports written into the pty the way a terminal sends them (SGR, 1-based
cells) for the wheel, clicks, double clicks and clicks on link numbers. A recording opener set in the config file
stands in for the browser.
*/
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {keys, startTidings, tempDir, type Session} from '../helpers/terminal.js';
import {until} from '../helpers/until.js';

const count = 30;
const title = (index: number) => `Story ${String(index).padStart(2, '0')}`;

function fixture(options: {mouse?: boolean} = {}) {
	const root = tempDir('tidings-panes-');
	const library = path.join(root, 'library', 'desk');
	fs.mkdirSync(library, {recursive: true});
	for (let index = 1; index <= count; index++) {
		const lines = Array.from({length: 40}, (_, line) => `Paragraph ${line} of ${title(index)}.`).join('\n\n');
		// Newest first: story 01 is the newest.
		const day = String(31 - index).padStart(2, '0');
		fs.writeFileSync(path.join(library, `story-${index}.md`), `---\ntitle: ${title(index)}\ndate: 2026-10-${day}\n---\nBody of ${title(index)}: read [the source](https://example.org/story-${index}) first.\n\n${lines}\n`);
	}

	const opened = path.join(root, 'opened.txt');
	const opener = path.join(root, 'open');
	fs.writeFileSync(opener, `#!/bin/sh\nprintf '%s\\n' "$1" >> '${opened}'\n`, {mode: 0o755});
	const configDir = path.join(root, 'config');
	fs.mkdirSync(configDir);
	fs.writeFileSync(path.join(configDir, 'config.toml'), `[open]\nbrowser = ["${opener}", "{url}"]\n${options.mouse === false ? '[ui]\nmouse = false\n' : ''}`);
	const env = {TIDINGS_DIR: path.join(root, 'library'), TIDINGS_CONFIG_DIR: configDir, TIDINGS_CACHE_DIR: path.join(root, 'cache'), TIDINGS_CONFIG: undefined, BROWSER: undefined, TMUX: undefined};
	return {root, env, opened};
}

/** Records the private modes the program sets and resets (`CSI ? n h` / `l`), in order. */
function recordModes(session: Session): string[] {
	const modes: string[] = [];
	for (const final of ['h', 'l'] as const) {
		session.terminal.parser.registerCsiHandler({prefix: '?', final}, parameters => {
			for (const parameter of parameters) {
				modes.push(`${String(parameter)}${final}`);
			}

			return false;
		});
	}

	return modes;
}

/** The row and column (0-based) where `text` is drawn, at or right of column `from`. */
function find(session: Session, text: string, from = 0): {row: number; column: number} | undefined {
	const screen = session.screen();
	for (const [row, line] of screen.entries()) {
		const column = line.indexOf(text, from);
		if (column !== -1) {
			return {row, column};
		}
	}

	return undefined;
}

/** A mouse report as a terminal sends it: SGR, 1-based cells. */
const sgr = (button: number, column: number, row: number, release = false) => `\u001B[<${button};${column + 1};${row + 1}${release ? 'm' : 'M'}`;
const click = (column: number, row: number) => sgr(0, column, row) + sgr(0, column, row, true);
const wheelDown = (column: number, row: number) => sgr(65, column, row);

/** The column where the article pane starts: right of the divider side by side, 0 when stacked. */
function articleLeft(session: Session): number {
	const line = session.screen()[1] ?? '';
	const divider = line.indexOf('│');
	return divider === -1 ? 0 : divider + 1;
}

const position = (session: Session) => /(\d+)\/30/u.exec(session.screen()[0] ?? '')?.[1];

/** Longer than a double click's interval: the next click is a click of its own. */
const pause = async () => new Promise(resolve => {
	setTimeout(resolve, 450);
});

for (const [columns, rows] of [[80, 24], [200, 60]] as const) {
	test(`${columns}×${rows}: \\ splits the screen, the article pane follows the selection, Enter and q move the keys, and the layout is kept`, async t => {
		const {env} = fixture();
		const session = startTidings({env, columns, rows});
		t.teardown(() => {
			session.kill();
		});
		await session.waitFor(title(1));
		session.press('\\');
		await session.waitFor('side by side');
		// The list on the left, the selected article's body on the right, on the same rows.
		await session.waitFor(screen => screen.includes(`Body of ${title(1)}`));
		const left = articleLeft(session);
		t.true(left > 20, `a divider splits the screen (${left})`);
		t.true(find(session, `Body of ${title(1)}`)!.column >= left, 'the body is in the article pane');
		t.true(find(session, title(2))!.column < left, 'the list is in the list pane');
		session.press('jj');
		await session.waitFor(screen => screen.includes(`Body of ${title(3)}`) && screen.includes('3/30'));
		t.false(session.text().includes(`Body of ${title(1)}`), 'the article pane shows only the selected article');
		// Enter: the article has the keys; j scrolls it; q gives the keys back to the list.
		session.press(keys.enter);
		await session.waitFor('back to the list');
		session.press('j'.repeat(6));
		await session.waitFor(screen => !screen.includes(`Body of ${title(3)}`));
		t.is(position(session), '3', 'j scrolled the article, not the list');
		session.press('q');
		await session.waitFor(screen => screen.includes('Enter reads it here'));
		session.press('j');
		await session.waitFor(screen => screen.includes(`Body of ${title(4)}`) && screen.includes('4/30'));
		session.press('\\');
		await session.waitFor('List above the article');
		await session.waitFor(screen => screen.includes(`Body of ${title(4)}`));
		const stackedBody = find(session, `Body of ${title(4)}`)!;
		t.true(stackedBody.row > find(session, title(4))!.row, 'stacked: the article is below the list');
		session.press('q');
		t.is((await session.exited()).exitCode, 0);

		// Kept: the next start opens stacked.
		const again = startTidings({env, columns, rows});
		t.teardown(() => {
			again.kill();
		});
		await again.waitFor(screen => screen.includes(`Body of ${title(4)}`) && screen.includes('4/30'));
		t.true(find(again, `Body of ${title(4)}`)!.row > find(again, title(4))!.row, 'the stacked layout was kept');
		again.press('q');
		await again.exited();
	});
}

test('20×5: a split layout falls back to one pane and everything keeps working', async t => {
	const {env} = fixture();
	const first = startTidings({env, columns: 80, rows: 24});
	await first.waitFor(title(1));
	first.press('\\');
	await first.waitFor('side by side');
	first.press('q');
	await first.exited();
	const session = startTidings({env, columns: 20, rows: 5});
	t.teardown(() => {
		session.kill();
	});
	await session.waitFor(title(1));
	t.false(session.text().includes('│'), 'no divider at 20×5');
	t.false(session.text().includes('Body of'), 'no article pane');
	session.press('j');
	session.press(keys.enter);
	await session.waitFor(screen => screen.includes('Body of') || screen.includes('read [the'));
	session.press('q');
	await session.waitFor(title(2));
	session.press('\\');
	await session.waitFor(screen => screen.includes('too small') || screen.includes('List above'));
	session.resize(200, 60);
	// The layout key moved on to stacked, which the larger terminal now has room for.
	await session.waitFor(screen => screen.includes(`Body of ${title(2)}`));
	t.true(find(session, `Body of ${title(2)}`)!.row > find(session, title(3))!.row, 'stacked below the list');
	session.press('q');
	t.is((await session.exited()).exitCode, 0);
});

for (const [columns, rows] of [[80, 24], [200, 60]] as const) {
	test(`${columns}×${rows}: the wheel scrolls the list and the article, a click selects, a double click opens, a click on a link number opens it`, async t => {
		const {env, opened} = fixture();
		const session = startTidings({env, columns, rows});
		t.teardown(() => {
			session.kill();
		});
		const modes = recordModes(session);
		await session.waitFor(title(1));
		t.true(modes.includes('1000h') && modes.includes('1006h'), `mouse reporting is on (${modes.join(' ')})`);
		t.is(session.terminal.modes.mouseTrackingMode, 'vt200');

		// One pane: the wheel moves the list, a click selects, a double click opens.
		session.press(wheelDown(5, 5));
		await session.waitFor(screen => screen.includes('4/30'));
		const row = find(session, title(6))!;
		session.press(click(row.column, row.row));
		await session.waitFor(screen => screen.includes('6/30'));
		t.false(session.text().includes('Body of'), 'one click only selects');
		await pause();
		session.press(click(row.column, row.row) + click(row.column, row.row));
		await session.waitFor(screen => screen.includes(`Body of ${title(6)}`));
		const marker = find(session, '[the source][1]') ?? find(session, 'source[1]')!;
		t.truthy(marker, 'the link is numbered');
		session.press(wheelDown(10, rows - 5));
		await session.waitFor(screen => !screen.includes(`Body of ${title(6)}`));
		session.press('g');
		await session.waitFor(`Body of ${title(6)}`);
		const link = find(session, '[1]')!;
		session.press(click(link.column + 1, link.row));
		await until(() => fs.existsSync(opened) && fs.readFileSync(opened, 'utf8').includes('story-6'), 'the opener to record the link');
		t.deepEqual(fs.readFileSync(opened, 'utf8').trim().split('\n'), ['https://example.org/story-6']);
		session.press('q');
		await session.waitFor(screen => screen.includes('6/30') && !screen.includes('Body of'));

		// Split: the wheel scrolls the pane under the pointer.
		session.press('\\');
		await session.waitFor(screen => screen.includes(`Body of ${title(6)}`));
		const left = articleLeft(session);
		session.press(wheelDown(left + 5, rows - 4));
		await session.waitFor(screen => !screen.includes(`Body of ${title(6)}`));
		t.is(position(session), '6', 'the wheel over the article pane left the list alone');
		session.press(wheelDown(3, 4));
		await session.waitFor(screen => screen.includes('9/30') && screen.includes(`Body of ${title(9)}`));
		// A click in the list selects; the article pane follows; a double click opens in the article pane.
		const other = find(session, title(11))!;
		t.true(other.column < left);
		session.press(click(other.column, other.row));
		await session.waitFor(screen => screen.includes('11/30') && screen.includes(`Body of ${title(11)}`));
		await pause();
		session.press(click(other.column, other.row) + click(other.column, other.row));
		await session.waitFor(screen => screen.includes('back to the list') && find(session, '[1]', left) !== undefined);
		const second = find(session, '[1]', left)!;
		t.true(second.column >= left, 'the link is in the article pane');
		session.press(click(second.column + 1, second.row));
		await until(() => fs.readFileSync(opened, 'utf8').includes('story-11'), 'the opener to record the second link');
		t.deepEqual(fs.readFileSync(opened, 'utf8').trim().split('\n'), ['https://example.org/story-6', 'https://example.org/story-11']);
		// A click on the list gives it the keys back.
		session.press(click(3, 3));
		await session.waitFor(screen => screen.includes('Enter reads it here'));
		session.press('q');
		t.is((await session.exited()).exitCode, 0);
		t.is(session.terminal.modes.mouseTrackingMode, 'none', 'mouse reporting is off after quitting');
		t.deepEqual(modes.filter(mode => mode.startsWith('100')).slice(-2), ['1000l', '1006l']);
	});
}

test('garbage that looks like a mouse report is no key press; a child given the terminal, a stop and a signal turn mouse reporting off', async t => {
	const {env} = fixture();
	fs.appendFileSync(path.join(env.TIDINGS_CONFIG_DIR, 'config.toml'), '[actions]\npipe = ["true"]\n');
	const session = startTidings({env});
	t.teardown(() => {
		session.kill();
	});
	const modes = recordModes(session);
	await session.waitFor(title(1));
	// `q` inside broken reports would quit; `j` would move.
	session.press('\u001B[<0;1;1q\u001B[<99999999999999999999;5;5M\u001B[<0;5;j');
	session.press('\u001B[<0;5;5x');
	await new Promise(resolve => {
		setTimeout(resolve, 300);
	});
	t.regex(session.screen()[0] ?? '', /1\/30/u, 'nothing moved');
	session.press('j');
	await session.waitFor('2/30');
	// `|` hands the terminal to the pipe command: reporting off while it runs, on again after.
	session.press(keys.enter);
	await session.waitFor(`Body of ${title(2)}`);
	const before = modes.length;
	session.press('|');
	await until(() => modes.slice(before).includes('1000h'), 'mouse reporting to come back after the pipe');
	t.deepEqual(modes.slice(before).filter(mode => mode.startsWith('100')), ['1000l', '1006l', '1000h', '1006h']);
	// Stopped (SIGTSTP from outside, as a shell's job control sends): off; continued: on again.
	session.kill('SIGTSTP');
	await until(() => session.terminal.modes.mouseTrackingMode === 'none', 'reporting off when stopped');
	session.kill('SIGCONT');
	await until(() => session.terminal.modes.mouseTrackingMode === 'vt200', 'reporting on when continued');
	session.press('q');
	await session.waitFor(title(3));
	session.kill('SIGTERM');
	await session.exited();
	t.is(session.terminal.modes.mouseTrackingMode, 'none');
});

test('[ui] mouse = false: no mouse reporting is asked for, and the terminal keeps its own mouse', async t => {
	const {env} = fixture({mouse: false});
	const session = startTidings({env});
	const modes = recordModes(session);
	await session.waitFor(title(1));
	session.press('j');
	await session.waitFor('2/30');
	t.false(modes.some(mode => mode.startsWith('1000') || mode.startsWith('1002') || mode.startsWith('1003') || mode.startsWith('1006')), modes.join(' '));
	t.is(session.terminal.modes.mouseTrackingMode, 'none');
	session.press('q');
	await session.exited();
});
