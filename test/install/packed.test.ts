/**
The package as a person gets it: `npm pack`, then `npm install -g` of the tarball into a temporary prefix (offline:
the package has no dependencies to fetch, everything that runs is in its bundle), then the installed `tidings` run on
the machine's own Node (not the Node 24 the checkout pins), with a PATH that has no node_modules/.bin in it.
*/
import fs from 'node:fs';
import path from 'node:path';
import {execFileSync, spawnSync} from 'node:child_process';
import test from 'ava';
import {repoRoot, startTidings, tempDir} from '../helpers/terminal.js';
import {systemNode, systemPath} from '../helpers/system-node.js';

const work = tempDir('tidings-install-');
const prefix = path.join(work, 'prefix');
const home = path.join(work, 'home');
const node = systemNode();
let install: {stdout: string; stderr: string; tarball: string; files: string[]} | undefined;

test.before(() => {
	fs.mkdirSync(home, {recursive: true});
	// `npm test` has just built dist/; --ignore-scripts keeps pack from building it again.
	const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', work], {cwd: repoRoot, encoding: 'utf8'})) as Array<{filename: string; files: Array<{path: string}>}>;
	const tarball = path.join(work, packed[0]!.filename);
	const result = spawnSync('npm', ['install', '--global', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', tarball], {cwd: work, encoding: 'utf8'});
	if (result.status !== 0) {
		throw new Error(`npm install -g failed:\n${result.stderr}`);
	}

	install = {stdout: result.stdout, stderr: result.stderr, tarball, files: packed[0]!.files.map(file => file.path)};
});

test.after.always(() => {
	fs.rmSync(work, {recursive: true, force: true});
});

/** The environment of a person with only the system Node, whose home is a temp folder. */
function personEnvironment(): Record<string, string | undefined> {
	return {
		PATH: [path.join(prefix, 'bin'), systemPath()].join(path.delimiter),
		HOME: home,
		XDG_DATA_HOME: path.join(home, 'data'),
		XDG_CONFIG_HOME: path.join(home, 'config'),
		XDG_CACHE_HOME: path.join(home, 'cache'),
		TIDINGS_CONFIG_DIR: path.join(home, 'tidings-config'),
		TIDINGS_CACHE_DIR: path.join(home, 'tidings-cache'),
		TIDINGS_DIR: undefined,
		npm_config_prefix: undefined,
		NODE_OPTIONS: undefined,
	};
}

function run(args: readonly string[]) {
	const environment: Record<string, string> = {};
	for (const [key, value] of Object.entries({...process.env, ...personEnvironment()})) {
		if (value !== undefined) {
			environment[key] = value;
		}
	}

	return spawnSync(path.join(prefix, 'bin', 'tidings'), args, {cwd: work, env: environment, encoding: 'utf8', timeout: 30_000});
}

test('the machine has a Node of its own outside node_modules to run the installed package on', t => {
	t.truthy(node, 'no node on PATH outside node_modules/.bin');
	t.log(`system Node: ${node?.path} ${node?.version}`);
	// What `env node` in the installed bin resolves to with that PATH is the system Node, not the pinned one.
	const which = execFileSync('sh', ['-c', 'command -v node'], {env: {...process.env, PATH: systemPath()}, encoding: 'utf8'}).trim();
	t.is(which, node?.path ?? '(none)');
});

test('the tarball carries the bundle and the articles, no sources, source maps or dependencies', t => {
	const files = install!.files;
	t.true(files.includes('bin/tidings.js'));
	t.true(files.includes('dist/cli.js'));
	// The fast `--help` (issue 14): its entry and the model of the command table it lays out.
	t.true(files.includes('dist/help.cjs'));
	t.true(files.includes('dist/help-keys.cjs'));
	t.true(files.includes('dist/help-model.json'));
	t.true(files.some(file => file.startsWith('articles/')));
	t.false(files.some(file => file.endsWith('.map')), 'no source maps');
	t.false(files.some(file => file.startsWith('source/') || file.startsWith('test/')), 'no sources or tests');
	const manifest = JSON.parse(fs.readFileSync(path.join(prefix, 'lib', 'node_modules', 'tidings', 'package.json'), 'utf8')) as {dependencies?: Record<string, string>};
	t.deepEqual(Object.keys(manifest.dependencies ?? {}), [], 'everything that runs is bundled');
	t.false(fs.existsSync(path.join(prefix, 'lib', 'node_modules', 'tidings', 'node_modules')), 'no node_modules installed with it');
	t.false(/EBADENGINE|Unsupported engine/.test(install!.stderr), install!.stderr);
});

test('the installed tidings --version runs on the system Node', t => {
	const result = run(['--version']);
	t.is(result.stderr, '');
	t.is(result.status, 0);
	const {version} = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {version: string};
	t.is(result.stdout.trim(), version);
});

test('the installed tidings --help runs on the system Node (the fast entry is packed)', t => {
	const result = run(['--help']);
	t.is(result.stderr, '');
	t.is(result.status, 0);
	t.regex(result.stdout, /^Usage: tidings \[options\] \[command\]$/mu);
	t.regex(result.stdout, /^Keys in the reader/mu);
});

test('the installed tidings list prints the bundled articles, copied into the person\'s data folder on first use', t => {
	const result = run(['list']);
	t.is(result.stderr, '');
	t.is(result.status, 0);
	t.regex(result.stdout, /Welcome to Tidings/);
	t.true(fs.existsSync(path.join(home, 'data', 'tidings', 'articles')), 'the library is the person\'s own copy');
});

test('the installed tidings opens the reader in a pseudo-terminal on the system Node and quits cleanly', async t => {
	const session = startTidings({executable: path.join(prefix, 'bin', 'tidings'), cwd: work, env: personEnvironment()});
	try {
		await session.waitFor('Welcome to Tidings', 30_000);
		t.true(session.isAlternateScreen());
		session.press('q');
		const result = await session.exited();
		t.is(result.exitCode, 0);
	} finally {
		try {
			session.kill();
		} catch {}
	}
});

test('the man page is installed with the package, where man finds it', t => {
	const page = path.join(prefix, 'share', 'man', 'man1', 'tidings.1');
	t.true(fs.existsSync(page), 'npm links the "man" entry into the prefix');
	t.regex(fs.readFileSync(page, 'utf8'), /^\.TH TIDINGS 1 /mu);
	if (spawnSync('sh', ['-c', 'command -v man']).status !== 0) {
		t.log('man is not installed here: the page was checked as a file only');
		return;
	}

	const shown = spawnSync('man', ['tidings'], {env: {...process.env, MANPATH: path.join(prefix, 'share', 'man'), MANPAGER: 'cat', PAGER: 'cat', MANWIDTH: '80'}, encoding: 'utf8'});
	t.is(shown.status, 0, shown.stderr);
	t.regex(shown.stdout.replaceAll(/.\u0008/gu, ''), /tidings - a calm, fast, keyboard-first terminal news reader/u);
});
