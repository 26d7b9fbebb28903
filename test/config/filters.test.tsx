import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import React from 'react';
import test from 'ava';
import chalk from 'chalk';
import {render} from 'ink-testing-library';
import {highlightOf, installDisplayRules} from '../../source/app/display-rules.js';
import {reducer} from '../../source/app/reducer.js';
import {initialState, type AppState} from '../../source/app/state.js';
import {loadSettings} from '../../source/commands/settings.js';
import {resolveTheme} from '../../source/core/theme/theme.js';
import type {SafeText} from '../../source/core/text/neutralise.js';
import type {ArticleMeta} from '../../source/core/types.js';
import {Screen} from '../../source/ui/app.js';
import {installTheme} from '../../source/ui/theme.js';

// [filters] through a real config file, applied by the real reducer and drawn by the real list view.
const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-filters-'));
let count = 0;
function settingsFrom(text: string) {
	const file = path.join(folder, `config-${++count}.toml`);
	fs.writeFileSync(file, text);
	return loadSettings(file, {});
}

const meta = (id: string, source: string, tags: string[] = []): ArticleMeta => ({id, path: `${id}.md`, title: `Title ${id}` as SafeText, source: source as SafeText, tags: tags as SafeText[], kind: 'md', size: 1, mtimeMs: 0, words: 1, date: `2026-01-0${id.length}`});
const library = [meta('a', 'Nature', ['science']), meta('bb', 'Tabloid', ['sports']), meta('ccc', 'Harbour News')];
const loaded = (): AppState => reducer(initialState({rows: 8, columns: 60}), {type: 'library-loaded', articles: library, final: true})[0];

test.afterEach.always(() => {
	installDisplayRules({ignore: [], highlight: []});
	installTheme(resolveTheme('terminal', {}, '16'));
});

test.after.always(() => {
	fs.rmSync(folder, {recursive: true, force: true});
});

test.serial('ignore queries hide matching articles from the list, also those a fetch brings in later', t => {
	const settings = settingsFrom('[filters]\nignore = ["tag:sports", "category:gossip"]\n');
	t.deepEqual(settings.problems, []);
	installDisplayRules(settings.config.filters);
	const state = loaded();
	t.deepEqual(state.all.map(item => item.id).sort(), ['a', 'ccc']);
	const after = reducer(state, {type: 'articles-ingested', articles: [meta('dddd', 'Tabloid', ['gossip']), meta('eeeee', 'Harbour News')], message: '2 new'})[0];
	t.deepEqual(after.all.map(item => item.id).sort(), ['a', 'ccc', 'eeeee']);
});

test.serial('highlight rules colour the rows they match, in the rule\'s style or the theme\'s', t => {
	const settings = settingsFrom('[filters]\nhighlight = [{query = "source:nature", fg = "#ff8800", bold = true}, {query = "tag:sports"}]\n');
	t.deepEqual(settings.problems, []);
	installDisplayRules(settings.config.filters);
	t.deepEqual(highlightOf(library[0]!, false, false), {fg: '#ff8800', bold: true});
	t.deepEqual(highlightOf(library[1]!, false, false), {});
	t.is(highlightOf(library[2]!, false, false), undefined);
	const previous = chalk.level;
	chalk.level = 3;
	try {
		installTheme(resolveTheme('terminal', {}, 'truecolor'), 'truecolor');
		const state = reducer(loaded(), {type: 'key', spec: 'G'})[0];
		const lines = render(<Screen state={state} />).lastFrame()!.split('\n');
		const row = (id: string) => lines.find(line => line.includes(`Title ${id}`))!;
		t.true(row('a').includes('\u001B[38;2;255;136;0m'), row('a'));
		t.true(row('bb').includes('\u001B[33m'), 'no style: the terminal theme\'s list.highlight (yellow)');
		t.false(row('ccc').includes('\u001B[38;2;255;136;0m'));
	} finally {
		chalk.level = previous;
	}
});

test('bad filters are named with their line and the defaults used', t => {
	const settings = settingsFrom('[filters]\nignore = ["tag:"]\nhighlight = [{query = "x", fg = "purple"}]\nfirst-screen = "feeds"\n');
	t.deepEqual(settings.problems.map(problem => `${problem.line} ${problem.message}`), [
		'2 filters.ignore "tag:": tag: needs a value, e.g. tag:science; the default is used',
		'3 filters.highlight rule 1: fg: "purple" is not a colour (#rrggbb, ansi256:0-255, or one of black, red, green, yellow, blue, magenta, cyan, white, gray, redBright, greenBright, yellowBright, blueBright, magentaBright, cyanBright, whiteBright); the default is used',
		'4 filters.first-screen must be one of list, views, not string "feeds"; the default is used',
	]);
	t.deepEqual(settings.config.filters, {ignore: [], 'ignore-at-fetch': [], highlight: [], 'first-screen': 'list'});
});
