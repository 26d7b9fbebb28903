/**
`tidings --help` is answered by a small entry (source/help.ts, built to dist/help.cjs) instead of the whole program
(issue 14). It must print exactly what the program prints: the same layout at every width commander wraps to, the
same keys with the config file's [keys], the same folders for `--dir` and `--config`, the same exit status.
*/
import fs from 'node:fs';
import path from 'node:path';
import {spawnSync} from 'node:child_process';
import test from 'ava';
import {buildProgram} from '../../source/commands/program.js';
import {formatHelpModel, helpModel} from '../../source/cli/help-model.js';
import {helpRequest} from '../../source/help.js';
import {cliPath, repoRoot, startTidings, tempDir} from '../helpers/terminal.js';

const fullProgram = path.join(repoRoot, 'dist', 'cli.js');
const fastEntry = path.join(repoRoot, 'dist', 'help.cjs');

test('the help model laid out at every width from 1 to 300 columns is what commander prints', async t => {
	const program = await buildProgram({every: true});
	// Through JSON, as the build keeps it.
	const model = JSON.parse(JSON.stringify(helpModel(program))) as ReturnType<typeof helpModel>;
	let width = 80;
	program.configureOutput({getOutHelpWidth: () => width});
	const differing: number[] = [];
	for (width = 1; width <= 300; width++) {
		if (formatHelpModel(model, width) !== program.helpInformation()) {
			differing.push(width);
		}
	}

	t.deepEqual(differing, [], 'widths where the fast layout differs from commander\'s');
	// The model is of the whole table: every visible command is in it.
	for (const command of program.commands.filter(command => !(command as unknown as {_hidden: boolean})._hidden)) {
		t.true(model.template.includes(`  ${command.name()}`) || model.pieces.some(piece => piece.kind === 'item' && piece.term.startsWith(command.name())), command.name());
	}
});

test('only a root help request takes the fast path', t => {
	t.deepEqual(helpRequest(['--help']), {dir: undefined, config: undefined});
	t.deepEqual(helpRequest(['-h']), {dir: undefined, config: undefined});
	t.deepEqual(helpRequest(['--config', 'a.toml', '--dir=lib', '--help']), {dir: 'lib', config: 'a.toml'});
	t.deepEqual(helpRequest(['--dir', 'a', '--dir', 'b', '-h']), {dir: 'b', config: undefined});
	for (const args of [[], ['help'], ['feeds', '--help'], ['--help', 'feeds'], ['--help', '--dir', 'x'], ['--debug', '--help'], ['--dir', '--help'], ['--dir'], ['--help', '--help'], ['list', '-h']]) {
		t.is(helpRequest(args), undefined, args.join(' '));
	}
});

type Run = {stdout: string; stderr: string; status: number | null};

function run(command: readonly string[], environment: NodeJS.ProcessEnv, cwd: string): Run {
	const result = spawnSync(process.execPath, command, {cwd, env: environment, encoding: 'utf8'});
	return {stdout: result.stdout, stderr: result.stderr, status: result.status};
}

function environmentFor(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const environment: NodeJS.ProcessEnv = {
		PATH: process.env['PATH'],
		HOME: home,
		XDG_CONFIG_HOME: path.join(home, 'config'),
		XDG_DATA_HOME: path.join(home, 'data'),
		XDG_CACHE_HOME: path.join(home, 'cache'),
		TIDINGS_CONFIG_DIR: path.join(home, 'state'),
		TIDINGS_CACHE_DIR: path.join(home, 'index'),
		...extra,
	};
	return environment;
}

const rebinding = `# a person's keys\n[keys]\n"move.down" = ["J", "down"]\n"star.toggle" = "ctrl+s"\n"app.quit" = []\n\n[keys.article]\n"article.back" = ["h", "esc"]\n`;

test('the fast entry prints what the program prints: defaults, [keys] rebinding, --config, --dir, a missing --dir, a broken config', t => {
	const home = tempDir('tidings-fast-help-');
	const library = path.join(home, 'library');
	fs.mkdirSync(library);
	const keysFile = path.join(home, 'keys.toml');
	fs.writeFileSync(keysFile, rebinding);
	const broken = path.join(home, 'broken.toml');
	fs.writeFileSync(broken, '[keys\n"move.down" = ');
	const plain = path.join(home, 'plain.toml');
	fs.writeFileSync(plain, '[reading]\nwidth = 72\n');
	const stateConfig = path.join(home, 'state');
	fs.mkdirSync(stateConfig);
	const cases: Array<{args: string[]; env?: NodeJS.ProcessEnv; note: string}> = [
		{args: ['--help'], env: {TIDINGS_DIR: library}, note: 'defaults'},
		{args: ['-h'], env: {TIDINGS_DIR: library}, note: '-h'},
		{args: ['--config', keysFile, '--help'], env: {TIDINGS_DIR: library}, note: '--config with [keys]'},
		{args: [`--config=${keysFile}`, '-h'], env: {TIDINGS_DIR: library}, note: '--config= with [keys]'},
		{args: ['--help'], env: {TIDINGS_DIR: library, TIDINGS_CONFIG: keysFile}, note: '$TIDINGS_CONFIG with [keys]'},
		{args: ['--dir', library, '--help'], note: '--dir'},
		{args: ['--dir', path.join(home, 'nowhere'), '--help'], note: 'a missing --dir'},
		{args: ['--config', broken, '--help'], env: {TIDINGS_DIR: library}, note: 'a config that is not TOML'},
		{args: ['--help'], note: 'no library named: the person\'s own folder'},
		{args: ['--config', plain, '--help'], env: {TIDINGS_DIR: library}, note: 'a config without [keys]'},
		{args: ['--help'], env: {TIDINGS_DIR: library, TIDINGS_CONFIG: path.join(home, 'missing.toml')}, note: 'a config file that is not there'},
		{args: ['--config', keysFile, '--help'], env: {TIDINGS_DIR: library, COLUMNS: '40'}, note: 'COLUMNS does not change a pipe\'s width'},
	];
	for (const {args, env, note} of cases) {
		const environment = environmentFor(home, env);
		const full = run([fullProgram, ...args], environment, home);
		const fast = run(['-e', 'process.exitCode = require(process.argv[1]).printRootHelp(process.argv.slice(2)) ? 0 : 3', fastEntry, ...args], environment, home);
		const viaBin = run([cliPath, ...args], environment, home);
		t.is(full.status, 0, note);
		t.is(fast.status, 0, `${note}: the fast entry answered`);
		t.is(fast.stdout, full.stdout, note);
		t.is(fast.stderr, full.stderr, note);
		t.deepEqual(viaBin, full, `${note}, through bin/tidings.js`);
	}

	// The rebinding shows: the fast path did read the [keys].
	const rebound = run([cliPath, '--config', keysFile, '--help'], environmentFor(home, {TIDINGS_DIR: library}), home).stdout;
	t.regex(rebound, /^ {2}J ↓ +Next article/mu);
	t.regex(rebound, /^ {2}\(unbound\) +Quit$/mu);
	fs.rmSync(home, {recursive: true, force: true});
});

test('the fast entry declines what is not the root help, and the program answers it', t => {
	const home = tempDir('tidings-fast-help-');
	const environment = environmentFor(home, {TIDINGS_DIR: path.join(repoRoot, 'articles')});
	for (const args of [['feeds', '--help'], ['help'], ['--debug', '--help']]) {
		const fast = run(['-e', 'process.exitCode = require(process.argv[1]).printRootHelp(process.argv.slice(2)) ? 0 : 3', fastEntry, ...args], environment, home);
		t.is(fast.status, 3, args.join(' '));
		t.is(fast.stdout, '', args.join(' '));
		t.deepEqual(run([cliPath, ...args], environment, home), run([fullProgram, ...args], environment, home), args.join(' '));
	}

	fs.rmSync(home, {recursive: true, force: true});
});

for (const columns of [50, 200]) {
	test(`on a terminal ${columns} columns wide, the fast help wraps as the program does`, async t => {
		const home = tempDir('tidings-fast-help-');
		const env = {...environmentFor(home, {TIDINGS_DIR: path.join(repoRoot, 'articles')}), CI: undefined};
		const fast = startTidings({args: ['--help'], env, columns, rows: 40, cwd: home});
		const full = startTidings({executable: process.execPath, args: [fullProgram, '--help'], env, columns, rows: 40, cwd: home});
		const [fastExit, fullExit] = await Promise.all([fast.exited(), full.exited()]);
		t.is(fastExit.exitCode, 0);
		t.is(fullExit.exitCode, 0);
		t.is(fast.raw(), full.raw());
		// The width mattered: the same help through a pipe (80 columns) is laid out otherwise.
		const piped = run([cliPath, '--help'], env, home).stdout;
		t.not(fast.raw().replaceAll('\r\n', '\n'), piped);
		t.is(fast.raw().replaceAll('\r\n', '\n').replaceAll(/ +\n/gu, '\n').replaceAll(/\s+/gu, ' '), piped.replaceAll(/\s+/gu, ' '));
		fs.rmSync(home, {recursive: true, force: true});
	});
}
