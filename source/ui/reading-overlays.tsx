import React from 'react';
import type {AppState} from '../app/state.js';
import type {ReadingOverlay} from '../app/slices.js';
import {hasListChrome, listRows} from '../app/layout.js';
import {footers, hints} from './hints.js';
import {currentHeading, outlineRow} from '../app/outline.js';
import {fit} from './format.js';
import {Column, Line} from './primitives.js';

/** The links overlay (`L`) and the outline (`t`): a title, one row per entry, and the keys that work in them. */
export function ReadingOverlayScreen({state, overlay}: {readonly state: AppState; readonly overlay: ReadingOverlay}) {
	const rendered = state.article?.rendered;
	const chrome = hasListChrome(state);
	const rows = listRows(state);
	const entries: string[] = [];
	let marked: number | undefined;
	if (rendered && overlay.kind === 'links') {
		const numberWidth = String(rendered.links.length).length + 2;
		const textWidth = Math.min(30, Math.max(8, Math.floor(state.columns / 3)));
		for (const link of rendered.links) {
			const text = fit(link.text === '' ? '(no text)' : link.text, textWidth);
			entries.push(`${`[${link.n}]`.padStart(numberWidth)} ${text}  ${link.url}`);
		}
	} else if (rendered) {
		marked = currentHeading(rendered.headings, state.article!.offset);
		for (const index of rendered.headings.keys()) {
			entries.push(`${index === marked ? '▸ ' : '  '}${outlineRow(rendered.headings, index)}`);
		}
	}

	const offset = Math.min(overlay.offset, Math.max(0, entries.length - rows));
	const shown = entries.slice(offset, offset + rows).map((entry, slot) => {
		const index = offset + slot;
		return <Line key={slot} role={index === overlay.cursor ? 'overlay.selected' : undefined} bold={index === marked ? true : undefined} text={fit(entry, state.columns)} />;
	});
	const title = overlay.kind === 'links' ? `Links — ${entries.length}` : 'Outline';
	const keys = hints(state.columns, overlay.kind === 'links' ? footers.links() : footers.outline());
	return (
		<Column rows={state.rows}>
			{chrome ? <Line role="overlay.title" text={fit([title, overlay.kind === 'links' ? state.article?.meta.url : undefined, state.article?.meta.title].filter(Boolean).join(' · '), state.columns)} /> : null}
			<Column rows={rows}>{shown}</Column>
			{chrome ? <Line role={state.status === undefined ? 'footer' : 'status'} text={fit(state.status ?? keys, state.columns)} /> : null}
		</Column>
	);
}
