/**
The standalone executable (`npm run dist`: Node's single executable application) runs on a machine with no Node:
here with an environment whose PATH holds no node at all, a fresh HOME, and nothing but the one file.
*/
import {execFileSync, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {repoRoot, startTidings, tempDir} from '../helpers/terminal.js';

const work = tempDir('tidings-standalone-');
const executable = path.join(work, 'out', 'tidings');
const home = path.join(work, 'home');
const empty = path.join(work, 'empty-path');

test.before(() => {
	fs.mkdirSync(home);
	fs.mkdirSync(empty);
	// `npm test` has just built dist/; this packs it (what `npm run dist` does after building).
	execFileSync(process.execPath, [path.join(repoRoot, 'scripts', 'dist.mjs'), path.join(work, 'out')], {cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe']});
});

test.after.always(() => {
	fs.rmSync(work, {recursive: true, force: true});
});

/** No Node anywhere: PATH is an empty folder, HOME a temp folder. */
const environment = () => ({PATH: empty, HOME: home, LANG: 'C.UTF-8', TIDINGS_CONFIG_DIR: path.join(home, 'state'), TIDINGS_CACHE_DIR: path.join(home, 'cache')});

test('the executable is one file, and runs --version and list with no Node on PATH', t => {
	t.deepEqual(fs.readdirSync(path.join(work, 'out')), ['tidings']);
	t.not(spawnSync('/bin/sh', ['-c', 'command -v node'], {env: environment()}).status, 0, 'no node to be found');
	const version = spawnSync(executable, ['--version'], {env: environment(), encoding: 'utf8', cwd: work});
	t.is(version.stderr, '');
	t.is(version.status, 0);
	const {version: expected} = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {version: string};
	t.is(version.stdout.trim(), expected);
	const list = spawnSync(executable, ['list'], {env: environment(), encoding: 'utf8', cwd: work});
	t.is(list.stderr, '');
	t.is(list.status, 0);
	t.regex(list.stdout, /Welcome to Tidings/);
	// It unpacked itself once, into the cache folder, and the welcome articles became the person's library.
	const unpacked = fs.readdirSync(path.join(home, '.cache', 'tidings')).filter(name => name.startsWith('standalone-'));
	t.is(unpacked.length, 1, unpacked.join(' '));
	t.true(fs.existsSync(path.join(home, '.local', 'share', 'tidings', 'articles')));
});

test('the executable opens the reader in a pseudo-terminal and quits cleanly', async t => {
	const session = startTidings({executable, cwd: work, env: {...environment(), TIDINGS_DIR: undefined, NODE_OPTIONS: undefined}});
	try {
		await session.waitFor('Welcome to Tidings', 30_000);
		session.press('q');
		t.is((await session.exited()).exitCode, 0);
	} finally {
		try {
			session.kill();
		} catch {}
	}
});
