import {execFile} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {cliPath, keys, repoRoot, startTidings, tempDir} from '../helpers/terminal.js';

test('the reader starts with a bad config value named in the status line, and the user\'s keys work and show in the footer and help', async t => {
	const root = tempDir();
	const configDir = path.join(root, 'config');
	fs.mkdirSync(configDir);
	const file = path.join(configDir, 'config.toml');
	fs.writeFileSync(file, '[open]\nbrowser = "firefox"\n\n[keys]\n"move.bottom" = "g e"\n"app.quit" = "x"\n');
	const session = startTidings({env: {TIDINGS_CONFIG_DIR: configDir, TIDINGS_CACHE_DIR: path.join(root, 'cache'), TIDINGS_DIR: path.join(repoRoot, 'articles'), TIDINGS_CONFIG: undefined}, columns: 120});
	await session.waitFor('Welcome to Tidings');
	await session.waitFor(`${file}:2: open.browser must be a list of arguments`);
	session.press('j');
	await session.waitFor(screen => screen.includes('x quit'));
	session.press('g');
	await session.waitFor('g …');
	session.press('e');
	await session.waitFor(screen => screen.includes('5/5'));
	session.press('?');
	await session.waitFor(screen => /g e +Go to the bottom/u.test(screen));
	session.press('?');
	await session.waitFor(screen => screen.includes('x quit'));
	session.press('q');
	session.press('k');
	await session.waitFor(screen => screen.includes('4/5'), 5000);
	session.press('x');
	const result = await session.exited();
	t.is(result.exitCode, 0);
});

test('filters.first-screen = "views" opens on the saved views; ignore hides articles; theme "dark" at 256 colours draws in the cube', async t => {
	const root = tempDir();
	const configDir = path.join(root, 'config');
	fs.mkdirSync(configDir);
	const env = {TIDINGS_CONFIG_DIR: configDir, TIDINGS_CACHE_DIR: path.join(root, 'cache'), TIDINGS_DIR: path.join(repoRoot, 'articles'), TIDINGS_CONFIG: undefined, NO_COLOR: undefined, COLORTERM: undefined, TERM: 'xterm-256color'};
	await promisify(execFile)(process.execPath, [cliPath, 'view', 'add', 'Everything', 'is:unread OR is:read'], {env: {...process.env, ...env}});
	fs.writeFileSync(path.join(configDir, 'config.toml'), '[filters]\nfirst-screen = "views"\nignore = ["Libya"]\n[theme]\nname = "dark"\n');
	const session = startTidings({env, columns: 100});
	await session.waitFor(screen => screen.includes('Everything'));
	session.press(keys.enter);
	await session.waitFor(screen => screen.includes('Welcome to Tidings'));
	t.false(session.text().includes('Libya'), 'the ignored article is not in the list');
	t.regex(session.text(), / of 4\b/u, 'four of the five articles are listed');
	const cell = session.terminal.buffer.active.getLine(0)!.getCell(0)!;
	t.true(cell.isFgPalette() && cell.getFgColor() >= 16, `the header is drawn in a 256-colour cube colour (${cell.getFgColor()})`);
	session.press('q');
	session.press('q');
	session.kill();
	await session.exited();
});

test('| hands the terminal to actions.pipe with the article on its standard input, and the reader comes back', async t => {
	const root = tempDir();
	const configDir = path.join(root, 'config');
	fs.mkdirSync(configDir);
	const out = path.join(root, 'piped.json');
	const recorder = path.join(root, 'record.mjs');
	fs.writeFileSync(recorder, `import fs from 'node:fs';
const chunks = [];
process.stdin.on('data', chunk => chunks.push(chunk));
process.stdin.on('end', () => {
	fs.writeFileSync(process.argv[2], JSON.stringify({args: process.argv.slice(3), stdin: Buffer.concat(chunks).toString('utf8')}));
});
`);
	fs.writeFileSync(path.join(configDir, 'config.toml'), `[actions]\npipe = ${JSON.stringify([process.execPath, recorder, out, '{title}'])}\n`);
	const session = startTidings({env: {TIDINGS_CONFIG_DIR: configDir, TIDINGS_CACHE_DIR: path.join(root, 'cache'), TIDINGS_DIR: path.join(repoRoot, 'articles'), TIDINGS_CONFIG: undefined}, columns: 100});
	t.teardown(() => {
		session.kill();
	});
	await session.waitFor('Welcome to Tidings');
	session.press('G');
	await session.waitFor(screen => screen.includes('5/5'));
	session.press(keys.enter);
	await session.waitFor('Turkish-backed forces');
	session.press('|');
	await session.waitFor(screen => screen.includes('Piped to '), 15_000);
	await session.waitFor('Turkish-backed forces');
	const piped = JSON.parse(fs.readFileSync(out, 'utf8')) as {args: string[]; stdin: string};
	t.deepEqual(piped.args, ['Libya\'s government claims to have retaken Tripoli as Russian-backed rebel retreats']);
	t.true(piped.stdin.includes('Turkish-backed forces'));
	session.press('q');
	session.press('q');
	t.is((await session.exited()).exitCode, 0);
});
