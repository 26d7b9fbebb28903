import fs from 'node:fs';
import path from 'node:path';
import {execFile} from 'node:child_process';
import {promisify} from 'node:util';
import test from 'ava';
import {cliPath, keys, startTidings, tempDir} from '../helpers/terminal.js';

const run = promisify(execFile);
const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'real');
const rawTag = /<\/?(?:a|b|br|div|h[1-6]|img|p|picture|source|sup|i)(?:\s[^<>]*)?\/?>|<!--/u;

/** A library holding real files (copied from test/fixtures/real), with config and cache in the same temp folder. */
function library(files: Record<string, string>) {
	const root = tempDir('tidings-real-');
	const folder = path.join(root, 'library');
	for (const [target, source] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(folder, target)), {recursive: true});
		fs.copyFileSync(path.join(fixtures, source), path.join(folder, target));
	}

	const env = {TIDINGS_DIR: folder, TIDINGS_CONFIG_DIR: path.join(root, 'config'), TIDINGS_CACHE_DIR: path.join(root, 'cache'), NO_COLOR: undefined, TMUX: undefined};
	return {root, env};
}

test('in the reader, a README full of HTML shows its text, its heading once and no raw tag', async t => {
	const {root, env} = library({'parse5/README.md': 'readmes/parse5/README.md'});
	const session = startTidings({env, cwd: root, columns: 80, rows: 24});
	await session.waitFor('parse5');
	session.press(keys.enter);
	const screen = await session.waitFor(text => text.includes('HTML parser and serializer.'));
	t.false(rawTag.test(screen), screen);
	t.is(screen.split('\n').filter(line => line.trim() === 'parse5').length, 1, `the title once:\n${screen}`);
	t.true(screen.includes('npm install --save parse5'));
	session.press('q');
	await session.waitFor('Tidings —');
	session.press('q');
	t.is((await session.exited()).exitCode, 0);
});

test('piped, `tidings read` prints real READMEs and text files without tags, alert or footnote markers', async t => {
	const {env} = library({
		'tsx/README.md': 'readmes/tsx/README.md',
		'slice-ansi/README.md': 'readmes/slice-ansi/README.md',
		'doc/pam.txt': 'text/util-linux-PAM-configuration.txt',
	});
	const read = async (id: string) => (await run(process.execPath, [cliPath, 'read', id, '--width', '80'], {env: {...process.env, ...env}})).stdout;
	const tsx = await read('tsx/README.md');
	t.false(rawTag.test(tsx), tsx);
	t.true(tsx.startsWith('tsx\n'), 'titled by its logo, not by markup');
	t.true(tsx.includes('TypeScript Execute (tsx): The easiest way to run TypeScript in Node.js'));
	t.true(tsx.includes('## Sponsors'), 'headings keep their level without colour');
	const slice = await read('slice-ansi/README.md');
	t.false(/\[!NOTE\]|\[\^\d+\]|~~/u.test(slice));
	t.true(slice.includes('│ NOTE'));
	const pam = await read('doc/pam.txt');
	t.true(pam.includes('\n    /etc/pam.d/remote - for -h command line option\n'), pam);
});
