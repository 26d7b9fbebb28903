import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {parse} from 'smol-toml';
import {configPath} from '../../source/adapters/config.js';
import {defaultTable, installKeys, keyRows} from '../../source/app/keymap.js';
import {defaults, defaultsToml} from '../../source/core/config/schema.js';
import {locate} from '../../source/core/config/locate.js';
import {loadSettings} from '../../source/commands/settings.js';

// Every config here is a real file in a temp folder, read through the same loader the reader uses.
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-config-'));
let count = 0;
function write(text: string): string {
	const file = path.join(folder, `config-${++count}.toml`);
	fs.writeFileSync(file, text);
	return file;
}

const load = (text: string) => loadSettings(write(text), {});
const lines = (settings: ReturnType<typeof load>) => settings.problems.map(problem => `${problem.line ?? '-'} ${problem.severity} ${problem.message}`);

test('the file is found at --config, else $TIDINGS_CONFIG, else in $TIDINGS_CONFIG_DIR, else $XDG_CONFIG_HOME/tidings', t => {
	t.is(configPath('/a/c.toml', {TIDINGS_CONFIG: '/b/c.toml'}), '/a/c.toml');
	t.is(configPath(undefined, {TIDINGS_CONFIG: '/b/c.toml', TIDINGS_CONFIG_DIR: '/d'}), '/b/c.toml');
	t.is(configPath(undefined, {TIDINGS_CONFIG_DIR: '/d', XDG_CONFIG_HOME: '/x'}), path.join('/d', 'config.toml'));
	t.is(configPath(undefined, {XDG_CONFIG_HOME: '/x'}), path.join('/x', 'tidings', 'config.toml'));
	t.is(configPath(undefined, {XDG_CONFIG_HOME: 'relative'}), path.join(os.homedir(), '.config', 'tidings', 'config.toml'), 'a relative XDG_CONFIG_HOME is ignored, as the spec says');
});

test('no file: every default, no problem', t => {
	const settings = loadSettings(path.join(folder, 'absent.toml'), {});
	t.false(settings.exists);
	t.deepEqual(settings.config, defaults());
	t.is(settings.keys, defaultTable);
	t.deepEqual(settings.problems, []);
});

test('`config show --defaults` text is itself a valid config: read back, it gives every default and no problem', t => {
	const text = defaultsToml(keyRows(defaultTable));
	const settings = load(text);
	t.deepEqual(lines(settings), []);
	t.deepEqual(settings.config, defaults());
	t.deepEqual(keyRows(settings.keys), keyRows(defaultTable));
	// Every setting of the schema is in it, with a comment line above.
	const parsed = parse(text) as Record<string, Record<string, unknown>>;
	for (const [section, values] of Object.entries(defaults())) {
		if (section !== 'feeds') {
			t.deepEqual(Object.keys(parsed[section]!), Object.keys(values));
		}
	}

	t.true(text.includes('# [feeds."https://example.org/feed.xml"]\n# name = "Example"'), 'per-feed settings are shown as a commented example');

	const textLines = text.split('\n');
	for (const [index, line] of textLines.entries()) {
		if (/^[a-z"][^=]* = /u.test(line)) {
			t.true(textLines[index - 1]!.startsWith('# '), `no comment above ${line}`);
		}
	}
});

test('a setting from the file is used', t => {
	const settings = load('[open]\nbrowser = ["firefox", "--new-tab", "{url}"]\nterminal-browsers = ["w3m"]\n');
	t.deepEqual(lines(settings), []);
	t.deepEqual(settings.config.open.browser, ['firefox', '--new-tab', '{url}']);
	t.deepEqual(settings.config.open['terminal-browsers'], ['w3m']);
});

test('a file that is not TOML: its line is named, every default is used, nothing throws', t => {
	const settings = load('[open]\nbrowser = ["a"]\nthis is not toml\n');
	t.is(settings.problems.length, 1);
	t.is(settings.problems[0]!.line, 3);
	t.regex(settings.problems[0]!.message, /^is not valid TOML: .*; every default is used$/u);
	t.deepEqual(settings.config, defaults());
});

test('unknown sections and keys, wrong types: each named with its line and key, with a near name; the rest applies', t => {
	const settings = load([
		'[open]',
		'browser = "firefox {url}"',
		'terminal-browser = ["w3m"]',
		'',
		'[opne]',
		'x = 1',
		'[open.deep]',
	].join('\n'));
	t.deepEqual(lines(settings), [
		'2 error open.browser must be a list of arguments such as ["program", "{url}"], not one string (commands run without a shell); the default is used',
		'3 error unknown setting open.terminal-browser (did you mean terminal-browsers?)',
		'5 error unknown section [opne] (did you mean open?)',
		'7 error unknown setting open.deep',
	]);
	t.deepEqual(settings.config.open.browser, []);
});

test('a command template with shell syntax or an unknown placeholder is refused, named, and the default used', t => {
	for (const [value, message] of [
		['["sh", "-c", "firefox {url}", "|", "tee"]', /the argument "\|" is shell syntax/u],
		['["firefox", "$(id)"]', /"\$\(id\)" is shell syntax/u],
		['["firefox", "`id`"]', /is shell syntax/u],
		['["firefox", "{link}"]', /unknown placeholder \{link\}/u],
		['[1, 2]', /must be a list of strings/u],
	] as const) {
		const settings = load(`# a comment\n[open]\nbrowser = ${value}\n`);
		t.is(settings.problems.length, 1, value);
		t.is(settings.problems[0]!.line, 3);
		t.regex(settings.problems[0]!.message, message);
		t.deepEqual(settings.config.open.browser, []);
	}
});

test('an oversized file is refused whole, unread', t => {
	const settings = load(`# ${'x'.repeat(1024 * 1024 + 10)}\n`);
	t.regex(settings.problems[0]!.message, /more than a config file can be/u);
	t.deepEqual(settings.config, defaults());
});

test('hostile files: deep nesting, thousands of bad keys or bindings are refused quickly, named by their first problems', t => {
	const deep = load(`a = ${'['.repeat(200_000)}${']'.repeat(200_000)}\n`);
	t.regex(deep.problems[0]!.message, /^is not valid TOML: .*nested/u);
	const started = Date.now();
	const many = load(`${Array.from({length: 40_000}, (_, index) => `k${index} = ${index}`).join('\n')}\n`);
	t.is(many.problems.length, 101);
	t.is(many.problems[0]!.line, 1);
	t.is(many.problems.at(-1)!.message, 'and 39900 more problems');
	const bindings = load(`[keys]\n${Array.from({length: 30_000}, (_, index) => `"move.down${index}" = "x"`).join('\n')}\n`);
	t.regex(bindings.problems[0]!.message, /^\[keys\] has 30000 entries, more than a key table can use/u);
	t.true(Date.now() - started < 10_000, 'a safety bound: the lines are found in one pass, not one per problem');
});

test('lines are found for bare, quoted and dotted keys and for [table.sub] headers', t => {
	const source = '[keys]\n"move.down" = "x"\n[keys.article]\n  \'article.next\' = "J"\n[open]\nbrowser = []\n';
	t.is(locate(source, ['keys', 'move.down']), 2);
	t.is(locate(source, ['keys', 'article', 'article.next']), 4);
	t.is(locate(source, ['keys', 'article']), 3);
	t.is(locate(source, ['open', 'browser']), 6);
	t.is(locate('open.browser = []\n', ['open', 'browser']), 1);
	t.is(locate(source, ['nothing']), undefined);
});

test.after.always(() => {
	installKeys(defaultTable);
	fs.rmSync(folder, {recursive: true, force: true});
});
