import React, {memo} from 'react';
import type {AppState} from '../app/state.js';
import {listRows} from '../app/state.js';
import type {ArticleMeta} from '../core/types.js';
import {shownDate} from '../core/article/parse-article.js';
import {fit, formatDate, readingTime} from './format.js';
import {cellWidth} from '../core/text/cells.js';
import {Column, Line} from './primitives.js';
import {describeFinding, isNarrowed} from '../app/finding.js';
import {PromptLine} from './finding-screens.js';

type Layout = {readonly date: number; readonly source: number; readonly time: number; readonly title: number};

export function layoutFor(columns: number): Layout {
	const date = columns >= 60 ? 10 : 0;
	const source = columns >= 100 ? 18 : (columns >= 70 ? 12 : 0);
	const time = columns >= 40 ? 4 : 0;
	const gaps = 2 + (date ? 1 : 0) + (source ? 1 : 0) + (time ? 1 : 0);
	return {date, source, time, title: Math.max(1, columns - gaps - date - source - time)};
}

/** One list row as plain text: `●★2026-11-20 source  title  4m` (★ when starred). Exactly `columns` cells wide. */
export function formatRow(meta: ArticleMeta, read: boolean, columns: number, starred = false): string {
	const layout = layoutFor(columns);
	const mark = meta.error ? '!' : (read ? ' ' : '●');
	let row = `${mark}${starred ? '★' : ' '}`;
	if (layout.date) {
		row += fit(formatDate(shownDate(meta)), layout.date) + ' ';
	}

	if (layout.source) {
		row += fit(meta.source, layout.source) + ' ';
	}

	const title = meta.error ? `${meta.title} (unreadable: ${meta.error})` : meta.title;
	row += fit(title, layout.title);
	if (layout.time) {
		row += ' ' + fit(meta.error ? '' : readingTime(meta.words).padStart(layout.time), layout.time);
	}

	return fit(row, columns);
}

const Row = memo(({meta, read, starred, selected, columns}: {readonly meta: ArticleMeta; readonly read: boolean; readonly starred: boolean; readonly selected: boolean; readonly columns: number}) => (
	<Line text={formatRow(meta, read, columns, starred)} inverse={selected} dim={read && !selected} bold={!read} />
));

export function ListScreen({state}: {readonly state: AppState}) {
	const rows = listRows(state);
	const chrome = state.rows >= 4;
	const slots: React.ReactNode[] = [];
	for (let slot = 0; slot < rows; slot++) {
		const index = state.visible[state.listOffset + slot];
		const meta = index === undefined ? undefined : state.all[index];
		if (meta) {
			// Keyed by slot, not by article: a frame is at most `rows` nodes, whatever the library size.
			slots.push(<Row key={slot} meta={meta} read={state.marks.isRead(meta.id)} starred={state.marks.isStarred?.(meta.id) === true} selected={state.listOffset + slot === state.cursor} columns={state.columns} />);
		} else if (slot === 0 && state.visible.length === 0) {
			slots.push(<Line key={slot} dim text={emptyMessage(state)} />);
		}
	}

	return (
		<Column rows={state.rows}>
			{chrome ? <Line bold text={fit(header(state), state.columns)} /> : null}
			<Column rows={rows}>{slots}</Column>
			{chrome ? (state.find.prompt && state.overlay === undefined
				? <PromptLine prompt={state.find.prompt} columns={state.columns} />
				: <Line dim={state.overlay === undefined && state.status === undefined} text={fit(footer(state), state.columns)} />) : null}
		</Column>
	);
}

function emptyMessage(state: AppState): string {
	if (state.loading) {
		return 'Reading the library…';
	}

	if (isNarrowed(state.find) && state.all.length > 0) {
		return 'No article matches. Esc or c shows every article.';
	}

	return state.unreadOnly && state.all.length > 0 ? 'No unread articles. U shows all.' : 'No articles here. Add .md or .txt files to the library folder (see README).';
}

/** The longest hint line that fits: the help key stays visible at any width where anything does. */
export function hints(columns: number, options: readonly string[]): string {
	return options.find(option => cellWidth(option) <= columns) ?? options.at(-1)!;
}

function header(state: AppState): string {
	const filter = state.unreadOnly ? ' · unread only' : '';
	const loading = state.loading ? ' · reading…' : '';
	const position = state.visible.length > 0 ? `  ${state.cursor + 1}/${state.visible.length}` : '';
	return `Tidings — ${state.unreadCount} unread of ${state.all.length}${filter}${describeFinding(state)}${loading}${position}`;
}

function footer(state: AppState): string {
	if (state.overlay?.kind === 'confirm') {
		return state.overlay.message;
	}

	return state.status ?? hints(state.columns, ['j/k move · Enter read · / filter · f search · s star · u undo · ? help · q quit', 'j/k move · Enter read · / filter · ? help · q quit', '? help · q quit']);
}
