/**
Runs the real, built CLI in a pseudo-terminal (@lydell/node-pty: node-pty with prebuilt binaries) and reads the screen back through a terminal emulator
(@xterm/headless), the way a person sees it. Assertions look at the emulated screen, never at raw bytes: a substring
of the byte stream cannot tell whether a line was later erased or overwritten (Ink's reconstruct-terminal note).
*/
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import {fileURLToPath} from 'node:url';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';
import test from 'ava';

const {Terminal} = xterm;

/*
A test that fails while its program still runs leaves the pseudo-terminal open, and the open pty keeps the test file's
worker alive: ava then waits for its inactivity timeout, which it drops for good when the timer fires inside another
test's `t.timeout` window (seen in CI: a run that never ended). Every session still running when the file's tests are
done is killed here.
*/
const running = new Set<pty.IPty>();
test.after.always('end the terminal sessions a failed test left running', () => {
	for (const child of running) {
		child.kill('SIGKILL');
	}

	running.clear();
});
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = path.join(repoRoot, 'bin', 'tidings.js');

export type Session = {
	readonly terminal: InstanceType<typeof Terminal>;
	/** The visible screen, one string per row, trailing spaces trimmed. */
	screen(): string[];
	text(): string;
	/** Waits until the screen satisfies the predicate (or contains the text); fails with the screen on timeout. */
	waitFor(condition: string | RegExp | ((screen: string) => boolean), timeout?: number): Promise<string>;
	/** Writes keys as a terminal would send them (`\r` Enter, `\u001B[B` Down …). */
	press(keys: string): void;
	resize(columns: number, rows: number): void;
	readonly titles: string[];
	readonly osc52: string[];
	readonly hyperlinks: string[];
	/** Everything the program wrote, as written (escape sequences included). */
	raw(): string;
	cursorVisible(): boolean;
	isAlternateScreen(): boolean;
	/** Resolves when the process has exited and its output has reached the emulator. */
	exited(): Promise<{exitCode: number; signal?: number}>;
	kill(signal?: string): void;
	readonly pid: number;
};

export type StartOptions = {
	readonly args?: readonly string[];
	readonly env?: Record<string, string | undefined>;
	readonly columns?: number;
	readonly rows?: number;
	readonly cwd?: string;
	/** Run this program instead of the checkout's bin/tidings.js on the Node running the tests (an installed `tidings`). */
	readonly executable?: string;
	/**
	Answers the program's terminal queries as a terminal would: called with everything the program wrote so far each
	time it writes; what it returns is typed back (once per call that returns something).
	*/
	readonly answer?: (output: string) => string | undefined;
};

export function tempDir(prefix = 'tidings-test-'): string {
	return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function startTidings(options: StartOptions = {}): Session {
	const columns = options.columns ?? 80;
	const rows = options.rows ?? 24;
	const terminal = new Terminal({cols: columns, rows, allowProposedApi: true, scrollback: 0});
	const titles: string[] = [];
	const osc52: string[] = [];
	const hyperlinks: string[] = [];
	let cursorVisible = true;
	terminal.onTitleChange(title => titles.push(title));
	terminal.parser.registerOscHandler(52, data => {
		osc52.push(data);
		return true;
	});
	terminal.parser.registerOscHandler(8, data => {
		if (data !== ';') {
			hyperlinks.push(data);
		}

		return false;
	});
	terminal.parser.registerCsiHandler({prefix: '?', final: 'h'}, parameters => {
		if (parameters.includes(25)) {
			cursorVisible = true;
		}

		return false;
	});
	terminal.parser.registerCsiHandler({prefix: '?', final: 'l'}, parameters => {
		if (parameters.includes(25)) {
			cursorVisible = false;
		}

		return false;
	});

	const environment: Record<string, string> = {};
	for (const [key, value] of Object.entries(process.env)) {
		// Under CI=true Ink renders non-interactively; a person's terminal is not CI (Ink's own tests do the same).
		if (value !== undefined && key !== 'CI' && !key.startsWith('CONTINUOUS_INTEGRATION') && key !== 'NODE_OPTIONS') {
			environment[key] = value;
		}
	}

	environment['TERM'] = 'xterm-256color';
	environment['COLORTERM'] = 'truecolor';
	for (const [key, value] of Object.entries(options.env ?? {})) {
		if (value === undefined) {
			delete environment[key];
		} else {
			environment[key] = value;
		}
	}

	const [file, ...leading] = options.executable === undefined ? [process.execPath, cliPath] : [options.executable];
	const child = pty.spawn(file!, [...leading, ...(options.args ?? [])], {
		name: 'xterm-256color',
		cols: columns,
		rows,
		cwd: options.cwd ?? repoRoot,
		env: environment,
	});
	running.add(child);
	child.onExit(() => {
		running.delete(child);
	});
	// The emulator's own answers (DA1 to the reader's start-up queries, a cursor report) go back as a terminal's would,
	// unless the test answers the queries itself.
	if (options.answer === undefined) {
		terminal.onData(data => {
			child.write(data);
		});
	}

	let pending = Promise.resolve();
	let written = '';
	child.onData(data => {
		written += data;
		const reply = options.answer?.(written);
		if (reply !== undefined) {
			child.write(reply);
		}

		pending = pending.then(async () => new Promise<void>(resolve => {
			terminal.write(data, resolve);
		}));
	});
	const exit = new Promise<{exitCode: number; signal?: number}>(resolve => {
		child.onExit(event => {
			void pending.then(() => resolve(event));
		});
	});

	const screen = () => {
		const buffer = terminal.buffer.active;
		const lines: string[] = [];
		for (let row = 0; row < terminal.rows; row++) {
			lines.push(buffer.getLine(buffer.viewportY + row)?.translateToString(true) ?? '');
		}

		return lines;
	};

	return {
		terminal,
		screen,
		text: () => screen().join('\n'),
		async waitFor(condition, timeout = 15_000) {
			const test = typeof condition === 'function'
				? condition
				: (typeof condition === 'string' ? (text: string) => text.includes(condition) : (text: string) => condition.test(text));
			const deadline = Date.now() + timeout;
			for (;;) {
				await pending;
				const text = screen().join('\n');
				if (test(text)) {
					return text;
				}

				if (Date.now() > deadline) {
					throw new Error(`Timed out waiting for ${String(condition)}; the screen was:\n${text}`);
				}

				await new Promise(resolve => {
					setTimeout(resolve, 20);
				});
			}
		},
		press(keys) {
			child.write(keys);
		},
		resize(newColumns, newRows) {
			child.resize(newColumns, newRows);
			terminal.resize(newColumns, newRows);
		},
		titles,
		osc52,
		hyperlinks,
		raw: () => written,
		cursorVisible: () => cursorVisible,
		isAlternateScreen: () => terminal.buffer.active.type === 'alternate',
		exited: async () => exit,
		kill(signal) {
			child.kill(signal);
		},
		pid: child.pid,
	};
}

export const keys = {
	enter: '\r',
	escape: '\u001B',
	down: '\u001B[B',
	up: '\u001B[A',
	pageDown: '\u001B[6~',
	pageUp: '\u001B[5~',
	ctrlC: '\u0003',
} as const;
