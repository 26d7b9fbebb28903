/**
All state is private: after the commands that write it (read marks, the metadata cache, the full-text index and
its WAL files, feeds and views), nothing in the state or cache folders is readable by group or others, whatever the
umask lets new files be.
*/
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {cliPath, repoRoot, tempDir} from '../helpers/terminal.js';

function walk(folder: string): string[] {
	return fs.readdirSync(folder, {withFileTypes: true}).flatMap(entry => {
		const full = path.join(folder, entry.name);
		return entry.isDirectory() ? [full, ...walk(full)] : [full];
	});
}

test('the state and cache folders hold only owner-only files and folders (the search index too)', t => {
	const root = tempDir();
	const env = {...process.env, TIDINGS_DIR: path.join(repoRoot, 'articles'), TIDINGS_CONFIG_DIR: path.join(root, 'config'), TIDINGS_CACHE_DIR: path.join(root, 'cache')};
	// umask 022, the usual default, under which a file created without a mode comes out 0644.
	const run = (args: string) => spawnSync('sh', ['-c', `umask 022; exec '${process.execPath}' '${cliPath}' ${args}`], {env, encoding: 'utf8'});
	for (const args of ['list', 'search welcome', 'mark tidings/welcome', 'view add mine is:unread']) {
		const result = run(args);
		t.is(result.status, 0, `${args}: ${result.stderr}`);
	}

	const files = [...walk(path.join(root, 'config')), ...walk(path.join(root, 'cache'))];
	t.true(files.some(file => /search/u.test(path.basename(file))), files.join('\n'));
	for (const file of files) {
		const mode = fs.statSync(file).mode & 0o777;
		t.is(mode & 0o077, 0, `${path.relative(root, file)} is ${mode.toString(8)}`);
	}
});
