import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import React from 'react';
import test from 'ava';
import chalk from 'chalk';
import {render} from 'ink-testing-library';
import {Screen} from '../../source/ui/app.js';
import {installTheme} from '../../source/ui/theme.js';
import {initialState, type AppState} from '../../source/app/state.js';
import {reducer} from '../../source/app/reducer.js';
import {Marks} from '../../source/app/marks.js';
import {colorDepth, inkColor, nearest16, nearest256, resolveTheme, roles, themes} from '../../source/core/theme/theme.js';
import {loadSettings} from '../../source/commands/settings.js';
import type {ArticleMeta} from '../../source/core/types.js';
import type {SafeText} from '../../source/core/text/neutralise.js';

const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-theme-'));
const settingsFrom = (text: string) => {
	const file = path.join(folder, `config-${Math.random().toString(36).slice(2)}.toml`);
	fs.writeFileSync(file, text);
	return loadSettings(file, {});
};

test.after.always(() => {
	installTheme(resolveTheme('terminal', {}, '16'));
	fs.rmSync(folder, {recursive: true, force: true});
});

test('the colour depth comes from NO_COLOR, COLORTERM and TERM', t => {
	t.is(colorDepth({NO_COLOR: '1', COLORTERM: 'truecolor'}), 'none');
	t.is(colorDepth({COLORTERM: 'truecolor', TERM: 'xterm'}), 'truecolor');
	t.is(colorDepth({COLORTERM: '24bit'}), 'truecolor');
	t.is(colorDepth({TERM: 'xterm-256color'}), '256');
	t.is(colorDepth({TERM: 'xterm'}), '16');
	t.is(colorDepth({TERM: 'dumb'}), 'none');
	t.is(colorDepth({TERM: 'xterm-256color'}, false), 'none', 'not a terminal: no colour');
	t.is(colorDepth({NO_COLOR: '', TERM: 'xterm'}), '16', 'an empty NO_COLOR is unset, as no-color.org says');
});

test('a colour is brought down to the terminal: truecolor, the nearest of 256, the nearest of 16, none', t => {
	t.is(inkColor('#ff0000', 'truecolor'), '#ff0000');
	t.is(inkColor('#ff0000', '256'), 'ansi256(196)');
	t.is(inkColor('#ff0000', '16'), 'redBright');
	t.is(inkColor('#ff0000', 'none'), undefined);
	t.is(inkColor('#808080', '256'), 'ansi256(244)');
	t.is(nearest256([0, 0, 0]), 16);
	t.is(nearest16([0, 0, 230]), 'blue');
	t.is(inkColor('ansi256:208', '16'), 'yellow');
	t.is(inkColor('ansi256:208', '256'), 'ansi256(208)');
	t.is(inkColor('cyan', '16'), 'cyan', 'a palette colour is the terminal\'s own at every depth');
	t.is(inkColor('cyan', 'none'), undefined);
});

test('every bundled theme styles every element; the terminal theme uses only the terminal\'s palette', t => {
	for (const theme of Object.values(themes)) {
		t.deepEqual(Object.keys(theme).sort(), [...roles].sort());
	}

	for (const style of Object.values(themes.terminal)) {
		t.false(String(style.fg ?? '').startsWith('#'));
		t.is(style.bg, undefined);
	}

	const dark = resolveTheme('dark', {}, 'none');
	t.true(dark['list.selected'].inverse, 'without colour a selection drawn by its background falls back to inverse');
	t.is(dark['list.selected'].backgroundColor, undefined);
});

test('[theme] from the config file: the theme, the depth and the user\'s styles over it', t => {
	const settings = settingsFrom('[theme]\nname = "dark"\ncolors = "256"\n[theme.styles]\n"list.unread" = {fg = "#ffcc00", underline = true}\n');
	t.deepEqual(settings.problems, []);
	const {theme} = settings.config;
	const resolved = resolveTheme(theme.name, theme.styles, theme.colors === 'auto' ? '16' : theme.colors);
	t.like(resolved['list.unread'], {color: 'ansi256(220)', underline: true, bold: true});
	t.is(resolved['list.header'].color, `ansi256(${nearest256([0x89, 0xB4, 0xFA])})`);
});

test('bad [theme] values are named with their line, and the defaults used', t => {
	const settings = settingsFrom('[theme]\nname = "solarized"\n[theme.styles]\n"list.unred" = {fg = "red"}\n');
	t.deepEqual(settings.problems.map(problem => `${problem.line} ${problem.message}`), [
		'2 theme.name must be one of terminal, dark, light, not string "solarized"; the default is used',
		`4 theme.styles "list.unred" is not an element (did you mean list.unread?) (known: ${roles.join(', ')}); the default is used`,
	]);
	t.is(settings.config.theme.name, 'terminal');
	const colour = settingsFrom('[theme.styles]\n"status" = {fg = "purple"}\n');
	t.regex(colour.problems[0]!.message, /theme\.styles status\.fg: "purple" is not a colour/u);
});

const meta = (id: string): ArticleMeta => ({id, path: `${id}.md`, title: `Title ${id}` as SafeText, source: 's' as SafeText, tags: [], kind: 'md', size: 1, mtimeMs: 0, words: 1, date: '2026-01-01'});

test.serial('the list is drawn in the theme: truecolor SGR for the dark theme\'s rows, none of it with colours off', t => {
	const previous = chalk.level;
	chalk.level = 3;
	try {
		const state: AppState = reducer(initialState({rows: 6, columns: 60, marks: Marks.from({read: ['b'], starred: [], positions: []})}), {type: 'library-loaded', articles: [meta('a'), meta('b')], final: true})[0];
		installTheme(resolveTheme('dark', {}, 'truecolor'));
		const dark = render(<Screen state={state} />).lastFrame()!;
		t.true(dark.includes('\u001B[38;2;137;180;250m'), 'the header in #89b4fa');
		t.true(dark.includes('\u001B[48;2;180;190;254m'), 'the selected row on #b4befe');
		t.true(dark.includes('\u001B[38;2;127;132;156m'), 'the read row in #7f849c');
		installTheme(resolveTheme('dark', {}, 'none'));
		const plain = render(<Screen state={state} />).lastFrame()!;
		t.false(/\u001B\[(?:38|48);/u.test(plain));
		t.true(plain.includes('\u001B[7m'), 'the selection is inverse');
	} finally {
		chalk.level = previous;
		installTheme(resolveTheme('terminal', {}, '16'));
	}
});
