import React, {memo} from 'react';
import type {AppState} from '../app/state.js';
import {listRows} from '../app/state.js';
import type {ArticleMeta} from '../core/types.js';
import type {SafeLine} from '../core/text/neutralise.js';
import {shownDate} from '../core/article/parse-article.js';
import {fit, formatDate, readingTime} from './format.js';
import {Column, Line} from './primitives.js';
import {describeFinding} from '../app/handlers/finding.js';
import {isNarrowed} from '../app/visible.js';
import {footers, hints} from './hints.js';
import {keyHint, keyHints} from '../app/keymap.js';
import {hasListChrome, listColumns} from '../app/layout.js';
import {PromptLine} from './finding-screens.js';
import {highlightOf} from '../app/display-rules.js';
import type {Style} from '../core/theme/theme.js';
import {styleWith} from './theme.js';
import {cellWidth} from '../core/text/cells.js';
import {mediaLine} from './podcasts-screen.js';

type Layout = {readonly date: number; readonly source: number; readonly time: number; readonly title: number};

export function layoutFor(columns: number): Layout {
	const {date: dates, source: sources, time: times} = listColumns;
	const date = columns >= dates.from ? dates.cells : 0;
	const source = columns >= sources.from ? sources.cells : (columns >= sources.narrowFrom ? sources.narrowCells : 0);
	const time = columns >= times.from ? times.cells : 0;
	const gaps = 2 + (date ? 1 : 0) + (source ? 1 : 0) + (time ? 1 : 0);
	return {date, source, time, title: Math.max(1, columns - gaps - date - source - time)};
}

/** One list row as plain text: `●★2026-11-20 source  title  4m` (★ when starred). Exactly `columns` cells wide. */
export function formatRow(meta: ArticleMeta, read: boolean, columns: number, starred = false): SafeLine {
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
	<RowLine text={formatRow(meta, read, columns, starred)} selected={selected} read={read} highlight={selected ? undefined : highlightOf(meta, read, starred)} />
));

/** A list row in its role's style; a row a highlight rule matches takes the rule's style (else the theme's). */
function RowLine({text, selected, read, highlight}: {readonly text: SafeLine; readonly selected: boolean; readonly read: boolean; readonly highlight?: Style}) {
	if (highlight !== undefined) {
		return <Line text={text} role="list.highlight" style={styleWith('list.highlight', highlight)} />;
	}

	return <Line text={text} role={selected ? 'list.selected' : (read ? 'list.read' : 'list.unread')} />;
}

/** The list (its pane's size in `state`); `aside`: the article pane has the keys, and the footer says how to come back. */
export function ListScreen({state, aside = false}: {readonly state: AppState; readonly aside?: boolean}) {
	const chrome = hasListChrome(state);
	const slots = listSlots(state);
	return (
		<Column rows={state.rows}>
			{chrome ? <Line role="list.header" text={fit(header(state), state.columns)} /> : null}
			<Column rows={listRows(state)}>{slots}</Column>
			{chrome ? (state.find.prompt && state.overlay === undefined
				? <PromptLine prompt={state.find.prompt} columns={state.columns} />
				: (aside
					? <Line role="footer" text={fit(hints(state.columns, footers.listAside()), state.columns)} />
					: <Line role={state.overlay === undefined && state.status === undefined ? 'footer' : 'status'} text={fit(footer(state), state.columns)} />)) : null}
		</Column>
	);
}

/** The list's rows on the screen, from `state.listOffset` (source/ui/ink-warm.tsx draws the next page's ahead). */
export function listSlots(state: AppState): React.ReactNode[] {
	const rows = listRows(state);
	const slots: React.ReactNode[] = [];
	for (let slot = 0; slot < rows; slot++) {
		const index = state.visible[state.listOffset + slot];
		const meta = index === undefined ? undefined : state.all[index];
		if (meta) {
			// Keyed by slot, not by article: a frame is at most `rows` nodes, whatever the library size.
			slots.push(<Row key={slot} meta={meta} read={state.marks.isRead(meta.id)} starred={state.marks.isStarred(meta.id)} selected={state.listOffset + slot === state.cursor} columns={state.columns} />);
		} else if (slot === 0 && state.visible.length === 0) {
			slots.push(<Line key={slot} role="list.empty" text={fit(emptyMessage(state), state.columns)} />);
		}
	}

	return slots;
}

function emptyMessage(state: AppState): string {
	if (state.loading) {
		return 'Reading the library…';
	}

	if (isNarrowed(state.find) && state.all.length > 0) {
		return `No article matches. ${keyHints('find.clear')} shows every article.`;
	}

	return state.unreadOnly && state.all.length > 0 ? `No unread articles. ${keyHint('list.unreadOnly')} shows all.` : 'No articles here. Add .md or .txt files to the library folder (see README).';
}

export {hints} from './hints.js';

function header(state: AppState): string {
	const filter = state.unreadOnly ? ' · unread only' : '';
	const loading = state.loading ? ' · reading…' : '';
	const position = state.visible.length > 0 ? `  ${state.cursor + 1}/${state.visible.length}` : '';
	const full = `Tidings — ${state.unreadCount} unread of ${state.all.length}${filter}${describeFinding(state)}${loading}${position}`;
	// A narrow list (a split screen's pane) keeps the position in sight: it comes first when the whole line does not fit.
	// The refresh note (issue 18) comes last and is the first to be cut.
	return (cellWidth(full) <= state.columns || position === '' ? full : `${position.trim()} · ${state.unreadCount} unread${filter}${describeFinding(state)}${loading}`) + refreshNote(state);
}

/** Issue 18: the running fetch's progress, else when the last one ended (local time). */
function refreshNote(state: AppState): string {
	if (state.refresh !== undefined && state.refresh.total > 0) {
		return ` · refreshing ${state.refresh.done}/${state.refresh.total}`;
	}

	if (state.lastRefreshAt === undefined) {
		return '';
	}

	const at = new Date(state.lastRefreshAt);
	return Number.isNaN(at.getTime()) ? '' : ` · refreshed ${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

function footer(state: AppState): string {
	if (state.overlay?.kind === 'confirm') {
		return state.overlay.message;
	}

	return state.status ?? (state.media === undefined ? hints(state.columns, footers.list()) : mediaLine(state.media));
}
