import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import test from 'ava';
import {makeHostileLibrary} from '../helpers/hostile-library.js';

// The built CLI (`npm run build` runs before ava in `npm test`), fed the hostile library through a pipe: not a TTY,
// so not even Tidings' own SGR styling may come out, let alone anything from an article.
const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../bin/tidings.js', import.meta.url));
const anyControl = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

let environment: NodeJS.ProcessEnv;

test.before(async () => {
	const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-'));
	const library = path.join(base, 'library');
	fs.mkdirSync(library);
	await makeHostileLibrary(library);
	const {NO_COLOR: _noColor, FORCE_COLOR: _forceColor, ...rest} = process.env;
	environment = {...rest, TIDINGS_DIR: library, TIDINGS_CONFIG_DIR: path.join(base, 'config'), TIDINGS_CACHE_DIR: path.join(base, 'cache'), CI: 'false'};
});

const tidings = async (...arguments_: string[]) => run(process.execPath, [cli, ...arguments_], {env: environment, maxBuffer: 64 * 1024 * 1024, timeout: 60_000});

test('tidings list prints the hostile library with no control character and exits normally', async t => {
	const {stdout, stderr} = await tidings('list');
	t.false(anyControl.test(stdout.replaceAll('\n', '')), JSON.stringify(stdout.match(anyControl)));
	t.false(anyControl.test(stderr.replaceAll('\n', '')));
	t.true(stdout.includes('␛]0;PWNED-TITLE␇'), 'the payload is shown, visibly');
});

test('tidings list --json escapes nothing live and its decoded titles hold no control character', async t => {
	const {stdout} = await tidings('list', '--json');
	t.false(anyControl.test(stdout.replaceAll('\n', '')));
	const rows = JSON.parse(stdout) as Array<Record<string, unknown>>;
	t.true(rows.length > 20);
	for (const row of rows) {
		for (const key of ['title', 'source', 'author', 'url', 'error']) {
			const value = row[key];
			t.false(typeof value === 'string' && anyControl.test(value), `${String(row['path'])}: ${key}`);
		}
	}
});

test('tidings read prints every hostile article with no control character and exits normally', async t => {
	const {stdout} = await tidings('list', '--json');
	const ids = (JSON.parse(stdout) as Array<{id: string}>).map(row => row.id);
	const queue = [...ids];
	const worker = async () => {
		for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
			const result = await tidings('read', '--width', '60', id);
			t.false(anyControl.test(result.stdout.replaceAll('\n', '')), `${id}: ${JSON.stringify(result.stdout.match(anyControl))}`);
			t.true(result.stdout.length > 0, id);
		}
	};

	await Promise.all([worker(), worker()]);
	t.true(ids.length > 20);
});
