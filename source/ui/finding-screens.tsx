import React from 'react';
import {Text} from 'ink';
import type {AppState} from '../app/state.js';
import {listRows} from '../app/state.js';
import {resultRows} from '../app/layout.js';
import type {PickerOverlay, Prompt, Results} from '../app/slices.js';
import {cellWidth, graphemes} from '../core/text/cells.js';
import {neutraliseLine, type SafeLine} from '../core/text/neutralise.js';
import {fit, formatDate} from './format.js';
import {Column, Line} from './primitives.js';
import {styleOf} from './theme.js';
import {footers, hints} from './hints.js';
import {keyHint} from '../app/keymap.js';
import {hasListChrome} from '../app/layout.js';

const promptLabels: Record<Prompt['kind'], string> = {filter: '/', fulltext: 'Search bodies: ', 'view-name': 'Save view as: '};

/** Keeps the end of a line that is too long, where the typing happens. */
function tail(text: string, width: number): string {
	if (cellWidth(text) <= width) {
		return text;
	}

	const clusters = graphemes(text);
	let kept = '';
	for (let index = clusters.length - 1; index >= 0; index--) {
		const next = clusters[index]! + kept;
		if (cellWidth(next) > width - 1) {
			break;
		}

		kept = next;
	}

	return `…${kept}`;
}

/**
The prompt on the bottom row: the text with a block cursor; a query that does not parse has its bad term underlined
and the parser's message after it, while the list above keeps the last good result.
*/
export function PromptLine({prompt, columns}: {readonly prompt: Prompt; readonly columns: number}) {
	const label = promptLabels[prompt.kind];
	const text = neutraliseLine(prompt.text) as string;
	const {error} = prompt;
	if (error === undefined || cellWidth(label + text) + 2 > columns) {
		const shown = tail(label + text, Math.max(1, columns - 1));
		return (
			<Text wrap="truncate-end" {...styleOf('prompt')}>
				{shown}
				<Text inverse> </Text>
				{' '.repeat(Math.max(0, columns - 1 - cellWidth(shown)))}
			</Text>
		);
	}

	const before = text.slice(0, error.start);
	const bad = text.slice(error.start, error.end);
	const after = text.slice(error.end);
	const message = fit(`  ${error.message}`, Math.max(0, columns - cellWidth(label + text) - 1));
	return (
		<Text wrap="truncate-end" {...styleOf('prompt')}>
			{label}{before}
			<Text {...styleOf('prompt.error')} underline>{bad === '' ? '' : bad}</Text>
			{after}
			<Text inverse> </Text>
			<Text {...styleOf('prompt.error')}>{message}</Text>
		</Text>
	);
}

/** A line with some ranges highlighted (the matched words of a snippet); ranges are clipped to the fitted text. */
function Highlighted({text, ranges, dim}: {readonly text: SafeLine; readonly ranges: ReadonlyArray<readonly [number, number]>; readonly dim?: boolean}) {
	const parts: React.ReactNode[] = [];
	let at = 0;
	for (const [start, end] of ranges) {
		if (start >= text.length || start < at) {
			continue;
		}

		parts.push(text.slice(at, start));
		parts.push(<Text key={start} {...styleOf('match')}>{text.slice(start, Math.min(end, text.length))}</Text>);
		at = Math.min(end, text.length);
	}

	parts.push(text.slice(at));
	return <Text wrap="truncate-end" dimColor={dim}>{parts}</Text>;
}

/** Full-text results: two rows per hit, the title (with source and date) and a snippet around the first match. */
export function ResultsScreen({state, results}: {readonly state: AppState; readonly results: Results}) {
	const {columns} = state;
	const chrome = hasListChrome(state);
	const rows = listRows(state);
	const perPage = resultRows(state);
	const slots: React.ReactNode[] = [];
	if (results.hits.length === 0) {
		slots.push(<Line key="empty" role="list.empty" text={fit(`No article contains "${neutraliseLine(results.query)}". ${keyHint('find.fullText')} searches again; ${keyHint('results.close')} goes back to the list.`, columns)} />);
	}

	for (let slot = 0; slot < perPage; slot++) {
		const position = results.offset + slot;
		const hit = results.hits[position];
		if (hit === undefined) {
			break;
		}

		const selected = position === results.cursor;
		const starred = state.marks.isStarred(hit.meta.id) ? '★' : ' ';
		const read = state.marks.isRead(hit.meta.id) ? ' ' : '●';
		const details = [hit.meta.source, formatDate(hit.meta.date)].filter(Boolean).join(' · ');
		const detailWidth = Math.min(cellWidth(details), Math.max(0, Math.floor(columns / 3)));
		const titleWidth = Math.max(1, columns - 3 - (detailWidth > 0 ? detailWidth + 2 : 0));
		const title = `${read}${starred} ${fit(hit.meta.title, titleWidth)}${detailWidth > 0 ? `  ${fit(details, detailWidth)}` : ''}`;
		slots.push(<Line key={`t${slot}`} text={fit(title, columns)} role={selected ? 'list.selected' : 'list.unread'} />);
		const indent = '    ';
		const snippet = fit(indent + hit.snippet, columns);
		slots.push(<Highlighted key={`s${slot}`} dim text={snippet} ranges={hit.highlights.map(([start, end]) => [start + indent.length, end + indent.length] as const)} />);
	}

	const count = results.hits.length;
	const header = `Search: ${neutraliseLine(results.query)} — ${count} ${count === 1 ? 'result' : 'results'}, best first${count > 0 ? `  ${results.cursor + 1}/${count}` : ''}`;
	const footer = state.status ?? hints(columns, footers.results());
	return (
		<Column rows={state.rows}>
			{chrome ? <Line role="list.header" text={fit(header, columns)} /> : null}
			<Column rows={rows}>{slots}</Column>
			{chrome ? (state.find.prompt ? <PromptLine prompt={state.find.prompt} columns={columns} /> : <Line role={state.status === undefined ? 'footer' : 'status'} text={fit(footer, columns)} />) : null}
		</Column>
	);
}

const pickerTitles: Record<PickerOverlay['picker'], string> = {source: 'Sources', tag: 'Tags', view: 'Saved views'};

/** The source, tag and view pickers: one entry a row, with its unread and total counts. */
export function PickerScreen({state, picker}: {readonly state: AppState; readonly picker: PickerOverlay}) {
	const {columns} = state;
	const chrome = hasListChrome(state);
	const rows = listRows(state);
	const slots: React.ReactNode[] = [];
	for (let slot = 0; slot < rows; slot++) {
		const position = picker.offset + slot;
		const item = picker.items[position];
		if (item === undefined) {
			break;
		}

		const counts = `${item.unread} unread / ${item.total}`;
		const countWidth = Math.min(cellWidth(counts), Math.max(0, columns - 6));
		const nameWidth = Math.max(1, columns - countWidth - 3);
		const note = picker.picker === 'view' && item.note !== undefined ? `  ${item.note}` : '';
		const row = `  ${fit(neutraliseLine(item.label + note), nameWidth)} ${fit(counts, countWidth)}`;
		slots.push(<Line key={slot} text={fit(row, columns)} role={position === picker.cursor ? 'overlay.selected' : (item.unread > 0 ? 'list.unread' : undefined)} />);
	}

	const header = `${pickerTitles[picker.picker]} — ${picker.items.length}  ${picker.cursor + 1}/${picker.items.length}`;
	return (
		<Column rows={state.rows}>
			{chrome ? <Line role="list.header" text={fit(header, columns)} /> : null}
			<Column rows={rows}>{slots}</Column>
			{chrome ? <Line role="footer" text={fit(hints(columns, footers.picker()), columns)} /> : null}
		</Column>
	);
}
