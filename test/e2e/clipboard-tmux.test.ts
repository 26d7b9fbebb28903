/**
`y` under a real tmux: a tmux server of the test's own (its own -L socket name, its own socket folder through
TMUX_TMPDIR, a temp config instead of ~/.tmux.conf), attached from a pseudo-terminal read by a terminal emulator, with
the built Tidings running in its pane. The emulator is the "outer terminal": what tmux passes on to it is recorded.
*/
import fs from 'node:fs';
import path from 'node:path';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import test, {type ExecutionContext} from 'ava';
import {cliPath, keys, startTidings, tempDir, type Session} from '../helpers/terminal.js';

const run = promisify(execFile);
const articleUrl = 'https://example.com/first?tmux=1';

function inTmux(t: ExecutionContext, name: string, config: string): {session: Session; tmux: (...args: string[]) => Promise<{stdout: string}>} {
	const root = tempDir('tidings-tmux-');
	const library = path.join(root, 'library');
	fs.mkdirSync(library, {recursive: true});
	fs.writeFileSync(path.join(library, 'first.md'), `---\ntitle: First page\nurl: ${articleUrl}\n---\n# Overview\n\nA line to read.\n`);
	const socketFolder = path.join(root, 'tmux');
	fs.mkdirSync(socketFolder, {mode: 0o700});
	const configFile = path.join(root, 'tmux.conf');
	fs.writeFileSync(configFile, `set -g status off\n${config}`);
	const env = {
		TIDINGS_DIR: library,
		TIDINGS_CONFIG_DIR: path.join(root, 'config'),
		TIDINGS_CACHE_DIR: path.join(root, 'cache'),
		TMUX: undefined,
		TMUX_PANE: undefined,
		TMUX_TMPDIR: socketFolder,
	};
	const {TMUX: _outer, TMUX_PANE: _pane, ...outside} = process.env;
	const tmuxEnv = {...outside, TMUX_TMPDIR: socketFolder};
	const tmux = async (...args: string[]) => run('tmux', ['-L', name, ...args], {env: tmuxEnv, timeout: 5000});
	const session = startTidings({executable: 'tmux', args: ['-L', name, '-f', configFile, 'new-session', process.execPath, cliPath], env, columns: 220, rows: 24, cwd: root});
	t.teardown(async () => {
		session.kill();
		await tmux('kill-server').catch(() => undefined);
	});
	return {session, tmux};
}

async function copyAddress(session: Session) {
	await session.waitFor('First page');
	session.press(keys.enter);
	await session.waitFor('A line to read.');
	session.press('y');
}

const decoded = (session: Session) => session.osc52.map(data => Buffer.from(data.split(';')[1] ?? '', 'base64').toString('utf8'));

test('with set-clipboard on, y puts the address in tmux\'s buffer (and tmux passes it on to the terminal)', async t => {
	const {session, tmux} = inTmux(t, `tidings-13b-on-${process.pid}`, 'set -g set-clipboard on\n');
	await copyAddress(session);
	await session.waitFor(`Sent the article's address to tmux's clipboard (OSC 52; tmux passes it on to the terminal): ${articleUrl}`);
	let buffer = '';
	for (let tries = 0; tries < 100 && buffer !== articleUrl; tries++) {
		buffer = await tmux('show-buffer').then(({stdout}) => stdout, () => '');
		await new Promise(resolve => {
			setTimeout(resolve, 50);
		});
	}

	t.is(buffer, articleUrl, 'tmux show-buffer holds the copied address');
	await session.waitFor(() => session.osc52.length > 0, 5000);
	t.deepEqual(decoded(session), [articleUrl], 'tmux passed the copy on to the outer terminal');
});

test('with tmux\'s defaults (set-clipboard external, no passthrough), y copies nothing and says so, with how to enable it', async t => {
	const {session, tmux} = inTmux(t, `tidings-13b-off-${process.pid}`, '');
	await copyAddress(session);
	t.is((await tmux('show-options', '-gv', 'set-clipboard')).stdout.trim(), 'external');
	const screen = await session.waitFor('Not copied: tmux drops OSC 52 here (set-clipboard external, allow-passthrough off); add `set -g set-clipboard on` to ~/.tmux.conf');
	t.notRegex(screen, /Copied|Sent/u);
	t.regex(screen, new RegExp(`the article's address: ${articleUrl.replaceAll('?', '\\?')}`, 'u'));
	await t.throwsAsync(tmux('show-buffer'), undefined, 'tmux has no buffer');
	t.deepEqual(session.osc52, [], 'nothing reached the terminal');
});

test('with only allow-passthrough on, y sends the sequence through tmux\'s passthrough and the terminal gets it', async t => {
	const {session, tmux} = inTmux(t, `tidings-13b-pass-${process.pid}`, 'set -g allow-passthrough on\n');
	await copyAddress(session);
	await session.waitFor(`Sent the article's address through tmux to the terminal's clipboard (OSC 52 in tmux's passthrough): ${articleUrl}`);
	await session.waitFor(() => session.osc52.length > 0, 5000);
	t.deepEqual(decoded(session), [articleUrl]);
	await t.throwsAsync(tmux('show-buffer'), undefined, 'the copy went past tmux, not into its buffer');
});
