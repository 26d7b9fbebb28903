import {execFile} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import test from 'ava';
import {parse} from 'smol-toml';

// The built CLI (`npm test` builds first), with every folder it could touch pointed at a temp folder.
const run = promisify(execFile);
const cli = fileURLToPath(new URL('../../bin/tidings.js', import.meta.url));
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-config-cli-'));
const environment: NodeJS.ProcessEnv = {
	...process.env,
	TIDINGS_DIR: fileURLToPath(new URL('../../articles', import.meta.url)),
	TIDINGS_CONFIG_DIR: path.join(base, 'state'),
	TIDINGS_CACHE_DIR: path.join(base, 'cache'),
	XDG_CONFIG_HOME: path.join(base, 'xdg'),
	TIDINGS_CONFIG: '',
	NO_COLOR: '1',
};

type Run = {stdout: string; stderr: string; code: number};
async function tidings(args: string[], env: NodeJS.ProcessEnv = environment): Promise<Run> {
	try {
		const {stdout, stderr} = await run(process.execPath, [cli, ...args], {env, timeout: 60_000});
		return {stdout, stderr, code: 0};
	} catch (error) {
		const failed = error as {stdout: string; stderr: string; code: number};
		return {stdout: failed.stdout, stderr: failed.stderr, code: failed.code};
	}
}

function file(name: string, text: string): string {
	const where = path.join(base, name);
	fs.writeFileSync(where, text);
	return where;
}

test.after.always(() => {
	fs.rmSync(base, {recursive: true, force: true});
});

test('config show --defaults prints a whole, valid file; config check on it says OK', async t => {
	const shown = await tidings(['config', 'show', '--defaults']);
	t.is(shown.code, 0);
	const parsed = parse(shown.stdout) as Record<string, Record<string, unknown>>;
	t.deepEqual(parsed['open']!['browser'], []);
	t.deepEqual(parsed['keys']!['move.down'], ['j', 'down']);
	const checked = await tidings(['config', 'check', '--config', file('defaults.toml', shown.stdout)]);
	t.is(checked.code, 0, checked.stdout + checked.stderr);
	t.regex(checked.stdout, /defaults\.toml: OK\n$/u);
});

test('config check names file, line and key of each problem, and exits 1', async t => {
	const bad = file('bad.toml', '[open]\nbrowser = "firefox"\n\n[keys]\n"move.down" = "ctlr-a"\n"star.toggle" = "x"\n"read.toggle" = "x"\n');
	const {stdout, code} = await tidings(['config', 'check', '--config', bad]);
	t.is(code, 1);
	t.true(stdout.includes(`${bad}:2: open.browser must be a list of arguments`), stdout);
	t.true(stdout.includes(`${bad}:5: move.down: "ctlr-a" is not a key`), stdout);
	t.true(stdout.includes(`${bad}:7: "x" conflicts in the list context`), stdout);
	t.true(stdout.includes('(the other is on line 6)'), stdout);
	t.regex(stdout, /\d errors: the defaults are used in their place\n$/u);
});

test('$TIDINGS_CONFIG is read, and --config wins over it; with neither, the file in $TIDINGS_CONFIG_DIR', async t => {
	const fromEnvironment = file('env.toml', '[open]\nnope = 1\n');
	const viaEnvironment = await tidings(['config', 'check'], {...environment, TIDINGS_CONFIG: fromEnvironment});
	t.true(viaEnvironment.stdout.startsWith(`${fromEnvironment}:2: unknown setting open.nope`));
	const good = file('good.toml', '[open]\nbrowser = ["true"]\n');
	const viaFlag = await tidings(['--config', good, 'config', 'check'], {...environment, TIDINGS_CONFIG: fromEnvironment});
	t.is(viaFlag.code, 0);
	const where = await tidings(['config', 'path']);
	t.is(where.stdout, `${path.join(base, 'state', 'config.toml')}\n`);
	const none = await tidings(['config', 'check']);
	t.regex(none.stdout, /no config file; every default is used/u);
});

test('--help names the keys of the user\'s [keys], not the defaults', async t => {
	const keys = file('keys.toml', '[keys]\n"star.toggle" = "*"\n"move.top" = "g g"\n');
	const {stdout} = await tidings(['--help', '--config', keys]);
	t.regex(stdout, /\n {2}\* +Star \/ unstar/u);
	t.regex(stdout, /\n {2}g g +Go to the top/u);
	t.notRegex(stdout, /\n {2}s +Star/u);
});

test('config show prints the settings in force, and hostile text in the file reaches the terminal neutralised', async t => {
	const hostile = file('hostile.toml', '[open]\nbrowser = ["\\u001b]0;PWNED\\u0007", "{url}"]\n[keys]\n"\\u001b[2J" = "x"\n');
	const shown = await tidings(['config', 'show', '--config', hostile]);
	t.false(shown.stdout.includes('\u001B'), shown.stdout);
	t.true(shown.stdout.includes('browser = ['));
	const checked = await tidings(['config', 'check', '--config', hostile]);
	t.false(checked.stdout.includes('\u001B'));
	t.regex(checked.stdout, /:4: unknown command/u);
});

test('read with a config that has errors still prints the article, and names each error on stderr', async t => {
	const bad = file('bad-read.toml', '[open]\nbrowser = "firefox"\n');
	const {stdout, stderr, code} = await tidings(['read', 'tidings/welcome', '--config', bad]);
	t.is(code, 0, stderr);
	t.regex(stdout, /Welcome to Tidings/u);
	t.true(stderr.includes(`${bad}:2: open.browser must be a list of arguments`), stderr);
});

test('list leaves out what [filters] ignore hides, as the reader\'s list does', async t => {
	const rules = file('ignore.toml', '[filters]\nignore = ["source:world"]\n');
	const all = await tidings(['list', '--json']);
	const filtered = await tidings(['list', '--json', '--config', rules]);
	const sources = (text: string) => (JSON.parse(text) as Array<{source: string}>).map(row => row.source);
	t.true(sources(all.stdout).includes('world'));
	t.false(sources(filtered.stdout).includes('world'), filtered.stderr);
	t.is(sources(filtered.stdout).length, sources(all.stdout).length - sources(all.stdout).filter(source => source === 'world').length);
});
