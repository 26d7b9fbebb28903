import React from 'react';
import type {AppState} from '../app/state.js';
import {helpRows, helpRowsHere, type Context, type HelpRow} from '../app/keymap.js';
import {hasListChrome, listRows} from '../app/layout.js';
import {fit} from './format.js';
import {queryHelp} from '../core/query/query-help.js';
import type {SafeLine} from '../core/text/neutralise.js';
import {footers, hints} from './hints.js';
import {Column, Line} from './primitives.js';

const contextNames: Record<Context, string> = {
	list: 'the list', article: 'the reader', help: 'the help', confirm: 'a question', prompt: 'a prompt', picker: 'a picker',
	results: 'the search results', 'article-prompt': 'the reader\'s prompt', 'article-found': 'the reader with a search kept',
	links: 'the links', outline: 'the outline', wide: 'wide mode', podcasts: 'the episodes', image: 'a full-screen image',
};

function grouped(rows: readonly HelpRow[], columns: number, keyWidth: number): SafeLine[] {
	const lines: SafeLine[] = [];
	let group = '';
	for (const row of rows) {
		if (row.group !== group) {
			if (lines.length > 0) {
				lines.push(fit('', columns));
			}

			group = row.group;
			lines.push(fit(group, columns));
		}

		lines.push(fit(`  ${fit(row.keys, keyWidth)}${row.help}`, columns));
	}

	return lines;
}

/**
The help overlay: generated from the key table, so it cannot drift from the keys. Opened from somewhere, it lists
the keys that work there first, then every other key.
*/
export function helpLines(columns: number, context?: Context): SafeLine[] {
	const rows = helpRows(context);
	const keyWidth = Math.min(24, Math.max(...rows.map(row => row.keys.length)) + 2);
	// The query language that "/" and "f" (and the key table's "query language below") refer to.
	// The query's first column is as wide as its longest term (within reason), not the keys' column.
	const syntaxWidth = Math.min(32, Math.max(...queryHelp.map(row => row.syntax.length)) + 2);
	const query = [fit('', columns), fit('Query language', columns), ...queryHelp.map(row => fit(`  ${fit(row.syntax, syntaxWidth)}${row.meaning}`, columns))];
	if (context === undefined) {
		return [...grouped(rows, columns, keyWidth), ...query];
	}

	const here = helpRowsHere(context);
	return [
		fit(`Keys in ${contextNames[context]}`, columns),
		fit('', columns),
		...grouped(rows.slice(0, here), columns, keyWidth),
		fit('', columns),
		fit('Everywhere else', columns),
		fit('', columns),
		...grouped(rows.slice(here), columns, keyWidth),
		...query,
	];
}

export function HelpOverlay({state}: {readonly state: AppState}) {
	const overlay = state.overlay?.kind === 'help' ? state.overlay : undefined;
	const lines = helpLines(state.columns, overlay?.context);
	const chrome = hasListChrome(state);
	const rows = listRows(state);
	const offset = Math.min(overlay?.offset ?? 0, Math.max(0, lines.length - rows));
	return (
		<Column rows={state.rows}>
			{chrome ? <Line role="overlay.title" text={fit('Tidings — keys', state.columns)} /> : null}
			<Column rows={rows}>
				{lines.slice(offset, offset + rows).map((line, slot) => <Line key={slot} text={line} />)}
			</Column>
			{chrome ? <Line role="footer" text={fit(hints(state.columns, footers.help()), state.columns)} /> : null}
		</Column>
	);
}
