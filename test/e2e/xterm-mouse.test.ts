// Issue 18, in a real terminal: with Tidings' mouse on, Shift and a drag still make the terminal's own text selection
// (the text lands in the X PRIMARY selection and Tidings never sees the drag), while a plain click selects a row.
// xterm under Xvfb, driven by xdotool, read back with xclip (Debian packages; `.ci/run` installs them).
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {needProgram} from '../helpers/media.js';
import {cliPath, repoRoot, tempDir} from '../helpers/terminal.js';

const run = promisify(execFile);
const sleep = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

const programs = ['Xvfb', 'xterm', 'xdotool', 'xclip'];
const present = programs.every(name => needProgram(name));
const declare = present ? test.serial : test.skip;

// The middle of a cell of the 80×24 window (xterm's border is 2 px), from the window's size in pixels.
let size = {width: 804, height: 484};
const cell = (column: number, row: number) => {
	const width = (size.width - 4) / 80;
	const height = (size.height - 4) / 24;
	return [String(Math.round(2 + ((column + 0.5) * width))), String(Math.round(2 + ((row + 0.5) * height)))];
};

declare('Shift and a drag select text in the terminal; a plain click selects the row in Tidings', async t => {
	const base = tempDir();
	const library = path.join(base, 'library');
	fs.cpSync(path.join(repoRoot, 'articles'), library, {recursive: true});
	const children: ChildProcess[] = [];
	t.teardown(() => {
		// SIGTERM: Xvfb then removes its /tmp/.X<n>-lock (a lock left behind, its pid taken by another process later,
		// makes that display number look busy).
		for (const child of children.reverse()) {
			child.kill('SIGTERM');
		}
	});
	// Xvfb picks a free display number itself and writes it to fd 3 once clients can connect (a fixed number failed
	// on a machine where an earlier run's lock was left: "Can't open display").
	const server = spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1024x768x24', '-nolisten', 'tcp'], {stdio: ['ignore', 'ignore', 'ignore', 'pipe']});
	children.push(server);
	const display = await new Promise<string>((resolve, reject) => {
		let written = '';
		const timer = setTimeout(() => {
			reject(new Error('Xvfb did not start within 20 s'));
		}, 20_000);
		server.stdio[3]!.on('data', (chunk: Uint8Array) => {
			written += String(chunk);
			if (written.includes('\n')) {
				clearTimeout(timer);
				resolve(`:${written.trim()}`);
			}
		});
		server.once('exit', code => {
			clearTimeout(timer);
			reject(new Error(`Xvfb exited (${String(code)})`));
		});
	});
	// Without CI in the environment: Ink draws nothing but the last frame when it thinks it runs under CI.
	const {CI: _ci, ...parent} = process.env;
	const env = {
		...parent, DISPLAY: display, TIDINGS_DIR: library, TIDINGS_CONFIG_DIR: path.join(base, 'config'),
		TIDINGS_CACHE_DIR: path.join(base, 'cache'), TIDINGS_CONFIG: path.join(base, 'config.toml'), TIDINGS_WATCH: 'off',
	};
	const x = async (...args: string[]) => (await run('xdotool', args, {env, timeout: 10_000})).stdout.trim();

	const terminal = spawn('xterm', ['-geometry', '80x24+0+0', '-fa', 'Monospace', '-fs', '10', '-e', process.execPath, cliPath], {env, stdio: 'ignore'});
	children.push(terminal);
	const exited = new Promise<number | null>(resolve => terminal.once('exit', resolve));
	// Visible, not only there: focusing a window xterm has made but not yet mapped fails with X's BadMatch (a CI run
	// on a busy machine), and so may a focus in the moment it is mapped: tried again for up to 5 s.
	const window = (await x('search', '--sync', '--onlyvisible', '--class', 'xterm')).split('\n')[0]!;
	for (let attempt = 0; ; attempt++) {
		try {
			await x('windowfocus', '--sync', window);
			break;
		} catch (error) {
			if (attempt >= 50) {
				throw error;
			}

			await sleep(100);
		}
	}

	const geometry = /Geometry: (\d+)x(\d+)/u.exec(await x('getwindowgeometry', window));
	size = {width: Number(geometry?.[1] ?? 804), height: Number(geometry?.[2] ?? 484)};

	// Row 2 of the screen is the second article ("Adding your own articles", title from column 26). Shift and a drag
	// over it, until the reader has drawn it and the terminal gives the words back as its selection.
	let selected = '';
	for (let attempt = 0; attempt < 40 && !selected.includes('Adding your own'); attempt++) {
		await x('mousemove', '--window', window, ...cell(26, 2), 'keydown', 'shift', 'mousedown', '1', 'mousemove', '--window', window, ...cell(40, 2), 'mousemove', '--window', window, ...cell(50, 2), 'mouseup', '1', 'keyup', 'shift');
		selected = (await run('xclip', ['-o', '-selection', 'primary'], {env}).then(result => result.stdout, () => ''));
		if (!selected.includes('Adding your own')) {
			await sleep(250);
		}
	}

	t.regex(selected, /Adding your own/u, 'the terminal selected the text under the Shift-drag');
	// The drag did not reach Tidings: Enter opens the first row, still selected.
	await x('key', '--window', window, 'Return');
	await sleep(600);
	await x('key', '--window', window, 'q');
	await sleep(400);
	// A plain click selects the fourth row (screen row 4) in Tidings; Enter opens it.
	await x('mousemove', '--window', window, ...cell(30, 4), 'click', '1');
	await sleep(400);
	await x('key', '--window', window, 'Return');
	await sleep(600);
	await x('key', '--window', window, 'q', 'q');
	t.is(await Promise.race([exited, sleep(10_000).then(() => 'timeout')]), 0);
	const state = JSON.parse(fs.readFileSync(path.join(base, 'config', 'state.json'), 'utf8')) as {read: string[]};
	t.is(state.read.length, 2, JSON.stringify(state.read));
	t.true(state.read.includes('tidings/welcome'), 'Enter after the drag opened the first row');
	t.false(state.read.includes('tidings/adding-articles'), 'the dragged row was never selected by Tidings');
});
