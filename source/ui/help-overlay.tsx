import React from 'react';
import type {AppState} from '../app/state.js';
import {helpRows} from '../app/keymap.js';
import {queryHelp} from '../core/query/query-help.js';
import {fit} from './format.js';
import {Column, Line} from './primitives.js';

/** The help overlay: generated from the key table, so it cannot drift from the keys. */
export function helpLines(columns: number): string[] {
	const lines: string[] = [];
	let group = '';
	const rows = helpRows();
	const keyWidth = Math.min(24, Math.max(...rows.map(row => row.keys.length)) + 2);
	for (const row of rows) {
		if (row.group !== group) {
			if (group !== '') {
				lines.push('');
			}

			group = row.group;
			lines.push(group);
		}

		lines.push(fit(`  ${fit(row.keys, keyWidth)}${row.help}`, columns));
	}

	// The query language that "/" and "f" (and the key table's "query language below") refer to.
	lines.push('', 'Query language', ...queryHelp.map(row => fit(`  ${fit(row.syntax, keyWidth)}${row.meaning}`, columns)));
	return lines;
}

export function HelpOverlay({state}: {readonly state: AppState}) {
	const lines = helpLines(state.columns);
	const rows = Math.max(1, state.rows - 2);
	const offset = Math.min(state.overlay?.kind === 'help' ? state.overlay.offset : 0, Math.max(0, lines.length - rows));
	return (
		<Column rows={state.rows}>
			{state.rows >= 4 ? <Line bold text={fit('Tidings — keys', state.columns)} /> : null}
			<Column rows={state.rows >= 4 ? rows : state.rows}>
				{lines.slice(offset, offset + (state.rows >= 4 ? rows : state.rows)).map((line, slot) => <Line key={slot} text={line} />)}
			</Column>
			{state.rows >= 4 ? <Line dim text={fit('j/k scroll · ? q Esc close', state.columns)} /> : null}
		</Column>
	);
}
