/**
Shell completions and the man page come from the same command table as `--help`: every command `--help` lists is
completed and documented. The completion scripts run in the real shells (bash always; zsh and fish where installed),
and the man page goes through groff/man, which must render it without a warning.
*/
import {spawnSync} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {cliPath, repoRoot, tempDir} from '../helpers/terminal.js';

const root = tempDir();
const env = {...process.env, TIDINGS_DIR: path.join(repoRoot, 'articles'), TIDINGS_CONFIG_DIR: path.join(root, 'config'), TIDINGS_CACHE_DIR: path.join(root, 'cache')};

function tidings(args: readonly string[]) {
	const result = spawnSync(process.execPath, [cliPath, ...args], {env, encoding: 'utf8', timeout: 60_000});
	return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

const has = (program: string) => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;

/** The commands of a help page's "Commands:" section (first word of each entry), less commander's `help`. */
function helpCommands(help: string): string[] {
	const section = help.split(/^Commands:\n/mu)[1]?.split(/\n\n/u)[0] ?? '';
	return section.split('\n').map(line => /^ {2}(\S+)/u.exec(line)?.[1]).filter((name): name is string => name !== undefined && name !== 'help');
}

function script(shell: string): string {
	const file = path.join(root, `completion.${shell}`);
	const result = tidings(['completion', shell]);
	t0(result.status === 0, result.stderr);
	fs.writeFileSync(file, result.stdout);
	return file;
}

function t0(condition: boolean, message: string) {
	if (!condition) {
		throw new Error(message);
	}
}

const topCommands = helpCommands(tidings(['--help']).stdout);
const viewCommands = helpCommands(tidings(['view', '--help']).stdout);

test('--help lists the commands, and the completion command among them', t => {
	t.true(topCommands.length > 10, topCommands.join(' '));
	t.true(topCommands.includes('completion'));
	t.false(topCommands.includes('manpage'), 'the man page generator is hidden');
	t.deepEqual(viewCommands, ['add', 'remove', 'list']);
});

/** Runs bash completion for the words (the last one being completed) and returns the candidates. */
function bashComplete(file: string, words: readonly string[]): string[] {
	const quoted = words.map(word => `'${word}'`).join(' ');
	const result = spawnSync('bash', ['-c', `source '${file}'; COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; _tidings; printf '%s\\n' "\${COMPREPLY[@]}"`], {encoding: 'utf8'});
	t0(result.status === 0, result.stderr);
	return result.stdout.split('\n').filter(Boolean);
}

test('bash: commands, nested commands, options per command, folders after --dir, choices', t => {
	const file = script('bash');
	t.deepEqual(bashComplete(file, ['tidings', '']), topCommands);
	t.deepEqual(bashComplete(file, ['tidings', 'view', '']), viewCommands);
	t.deepEqual(bashComplete(file, ['tidings', 'se']), ['search']);
	const listOptions = bashComplete(file, ['tidings', 'list', '--']);
	for (const option of ['--query', '--unread', '--starred', '--json', '--dir']) {
		t.true(listOptions.includes(option), option);
	}

	t.false(listOptions.includes('--version'), '--version belongs to tidings itself');
	t.deepEqual(bashComplete(file, ['tidings', 'view', 'list', '--']).filter(option => option === '--json'), ['--json']);
	// The value of --dir is skipped when finding the command, and completed as a folder.
	t.deepEqual(bashComplete(file, ['tidings', '--dir', root, 'vi']), ['view']);
	fs.mkdirSync(path.join(root, 'only-folder-here'), {recursive: true});
	t.deepEqual(bashComplete(file, ['tidings', '--dir', path.join(root, 'only-folder-h')]), [path.join(root, 'only-folder-here')]);
	t.deepEqual(bashComplete(file, ['tidings', 'completion', '']), ['bash', 'zsh', 'fish']);
});

test('zsh: the script parses, and its completer offers the same commands and options (zsh where installed)', t => {
	const file = script('zsh');
	const text = fs.readFileSync(file, 'utf8');
	t.true(text.startsWith('#compdef tidings\n'));
	for (const name of topCommands) {
		t.true(text.includes(`'${name}:`), name);
	}

	if (!has('zsh')) {
		t.log('zsh is not installed here: the script was checked as text only');
		return;
	}

	t.is(spawnSync('zsh', ['-n', file]).status, 0);
	// _describe and _files stand in for zsh's completion system (compinit needs a terminal): they print what they get.
	const harness = `compdef() { :; }
_describe() { local -a given; given=("\${(@P)\${@[-1]}}"); print -r -- "$3 \${(j:|:)\${(@)given%%:*}}"; }
_files() { print -r -- "files $*"; }
source '${file}'
complete() { words=("$@"); CURRENT=\${#words}; PREFIX=\${words[-1]}; _tidings; }
complete tidings ''
complete tidings view ''
complete tidings --dir /tmp list --
complete tidings --dir ''
complete tidings completion ''`;
	const result = spawnSync('zsh', ['-f', '-c', harness], {encoding: 'utf8'});
	t.is(result.stderr, '');
	const lines = result.stdout.split('\n');
	t.is(lines[0], `command ${topCommands.join('|')}`);
	t.is(lines[1], `command ${viewCommands.join('|')}`);
	t.true(lines[2]!.startsWith('option ') && lines[2]!.includes('--json') && lines[2]!.includes('--query'), lines[2]);
	t.is(lines[3], 'files -/');
	t.is(lines[4], 'value bash|zsh|fish');
});

test('fish: the script parses, and fish completes commands, nested commands and options from it (fish where installed)', t => {
	const file = script('fish');
	const text = fs.readFileSync(file, 'utf8');
	for (const name of topCommands) {
		t.true(text.includes(`-a '${name}'`), name);
	}

	if (!has('fish')) {
		t.log('fish is not installed here: the script was checked as text only');
		return;
	}

	const complete = (line: string) => {
		const result = spawnSync('fish', ['--no-config', '-c', `source '${file}'; complete -C '${line}'`], {encoding: 'utf8', env: {...process.env, HOME: root}});
		t0(result.status === 0, result.stderr);
		return result.stdout.split('\n').filter(Boolean).map(entry => entry.split('\t')[0]!);
	};

	t.deepEqual(complete('tidings ').sort(), [...topCommands].sort());
	t.deepEqual(complete('tidings view ').sort(), [...viewCommands].sort());
	t.true(complete('tidings list --').includes('--json'));
	t.false(complete('tidings list --').includes('--version'));
	t.deepEqual(complete('tidings completion ').sort(), ['bash', 'fish', 'zsh']);
});

test('an unknown shell is a usage error', t => {
	const result = tidings(['completion', 'tcsh']);
	t.is(result.status, 2);
	t.regex(result.stderr, /bash, zsh, fish/);
});

test('the man page documents every command, the keys, the query language and the exit statuses, and renders cleanly', t => {
	const page = tidings(['manpage']);
	t.is(page.status, 0);
	for (const name of topCommands) {
		t.regex(page.stdout, new RegExp(String.raw`^\\fB${name.replaceAll('-', String.raw`\\-`)}[ \\]`, 'mu'), name);
	}

	for (const section of ['NAME', 'SYNOPSIS', 'OPTIONS', 'COMMANDS', 'KEYS IN THE READER', 'QUERY LANGUAGE', 'EXIT STATUS', 'ENVIRONMENT']) {
		t.true(page.stdout.includes(`\n.SH ${section}\n`), section);
	}

	t.false(/[^\u0000-\u007F]/u.test(page.stdout), 'plain ASCII roff');
	// What `npm run build` installs is the same page.
	t.is(fs.readFileSync(path.join(repoRoot, 'dist', 'tidings.1'), 'utf8'), page.stdout);
	if (!has('groff')) {
		t.log('groff is not installed here: the page was checked as text only');
		return;
	}

	const file = path.join(root, 'tidings.1');
	fs.writeFileSync(file, page.stdout);
	const checked = spawnSync('groff', ['-man', '-ww', '-z', file], {encoding: 'utf8'});
	t.is(checked.stderr, '', 'groff has no warning');
	const rendered = spawnSync('groff', ['-man', '-Tutf8', file], {encoding: 'utf8'});
	t.regex(rendered.stdout, /tidings - a calm, fast, keyboard-first terminal news reader/u);
	t.regex(rendered.stdout.replaceAll(/.\u0008/gu, ''), /EXIT STATUS[\s\S]*2\s+bad\s+usage/u);
});

test('--help shows the query language it refers to, the exit statuses and the folders in use', t => {
	const help = tidings(['--help']).stdout;
	t.regex(help, /^Query language \(list --query, search, saved views, \/ in the reader\):\n {2}word +Title/mu);
	t.regex(help, /^ {2}is:unread, is:read +Not yet read, or read$/mu);
	t.regex(help, /^Exit status:\n {2}0 +success[^\n]*\n {2}1 +nothing found[^\n]*\n {2}2 +bad usage/mu);
	t.true(help.includes(`  library  ${path.join(repoRoot, 'articles')}  (--dir, $TIDINGS_DIR)`), help);
	t.true(help.includes(`  state    ${path.join(root, 'config')}  (`));
	t.true(help.includes(`  cache    ${path.join(root, 'cache')}  (`));
	const missing = spawnSync(process.execPath, [cliPath, '--dir', path.join(root, 'nowhere'), '--help'], {env, encoding: 'utf8'});
	t.is(missing.status, 0);
	t.regex(missing.stdout, /library {2}\(The library folder [^\n]*nowhere does not exist\)/u);
});
