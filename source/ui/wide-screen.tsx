import React from 'react';
import type {AppState} from '../app/state.js';
import {articleRows} from '../app/state.js';
import {fit, screenLine} from './format.js';
import {sliceStyled} from '../core/text/cells.js';
import {footers, hints} from './hints.js';
import {hasReaderHeader, hasReaderStatus} from '../app/layout.js';
import {Column, Line} from './primitives.js';

/**
Wide mode: one table or code block at its natural width, the screen a window onto it that ←/→ move sideways. The
lines were rendered once (`RenderedArticle.blocks`); this only slices them, by cells, keeping their colours.
*/
export function WideScreen({state}: {readonly state: AppState}) {
	const article = state.article!;
	const view = article.wide!;
	const block = article.rendered?.blocks[view.block];
	const rows = articleRows(state);
	const lines = block?.wideLines ?? [];
	const widest = block?.wideWidth ?? 0;

	const body: React.ReactNode[] = [];
	const end = Math.min(lines.length, view.top + rows);
	for (let line = view.top; line < end; line++) {
		body.push(<Line key={line - view.top} text={screenLine(sliceStyled(lines[line]!, view.column, view.column + state.columns))} />);
	}

	const last = Math.min(widest, view.column + state.columns);
	const where = `${block?.kind === 'code' ? 'Code' : 'Table'} shown wide · columns ${view.column + 1}–${last} of ${widest} · rows ${Math.min(lines.length, view.top + 1)}–${end} of ${lines.length}`;
	const status = state.status ?? hints(state.columns, footers.wide());
	return (
		<Column rows={state.rows}>
			{hasReaderHeader(state) ? <Line role="reader.title" text={fit(article.meta.title, state.columns)} /> : null}
			{hasReaderHeader(state) ? <Line role="reader.details" text={fit(where, state.columns)} /> : null}
			<Column rows={rows}>{body}</Column>
			{hasReaderStatus(state) ? <Line role={state.status === undefined ? 'footer' : 'status'} text={fit(status, state.columns)} /> : null}
		</Column>
	);
}
