import React from 'react';
import type {AppState} from '../app/state.js';
import {articleRows, bodyWidth} from '../app/state.js';
import {shownDate} from '../core/article/parse-article.js';
import {fit, formatDate, readingMinutes} from './format.js';
import {Column, Line} from './primitives.js';
import {hints} from './list-screen.js';
import {pageLines} from './reading-page.js';
import {readingStatus} from '../app/reading.js';

export function ArticleScreen({state}: {readonly state: AppState}) {
	const article = state.article!;
	const {meta, rendered} = article;
	const rows = articleRows(state);
	const width = bodyWidth(state);
	const margin = state.columns > width + 2 ? Math.floor((state.columns - width) / 2) : Math.min(1, Math.max(0, state.columns - width));
	const pad = ' '.repeat(margin);
	const total = rendered?.lines.length ?? 0;
	const percent = total <= rows ? 100 : Math.round(((article.offset + rows) / total) * 100);
	const details = [meta.source, formatDate(shownDate(meta)), meta.author, meta.error ? undefined : `${readingMinutes(meta.words)} min read`]
		.filter(Boolean)
		.join(' · ');
	const body: React.ReactNode[] = [];
	if (rendered) {
		const end = Math.min(total, article.offset + rows);
		const page = pageLines(state, article.offset, end);
		for (let line = article.offset; line < end; line++) {
			body.push(<Line key={line - article.offset} text={pad + page[line - article.offset]!} />);
		}
	} else {
		body.push(<Line key={0} dim text={`${pad}Loading…`} />);
	}

	const position = `${Math.min(100, percent)}%`;
	const reading = readingStatus(state);
	const status = (reading?.prompt ? reading.text : undefined) ?? state.status ?? reading?.text ?? hints(state.columns, ['j/k scroll · space page · n/p next/previous · m mark · q back · ? help', 'n/p next/previous · q back · ? help', '? help · q back']);
	return (
		<Column rows={state.rows}>
			{state.rows >= 6 ? <Line bold text={fit(meta.title, state.columns)} /> : null}
			{state.rows >= 6 ? <Line dim text={fit(`${fit(details, Math.max(0, state.columns - position.length - 1))} ${position}`, state.columns)} /> : null}
			<Column rows={rows}>{body}</Column>
			{state.rows >= 3 ? <Line dim={state.status === undefined && reading === undefined} text={fit(state.rows >= 6 || reading?.prompt ? status : `${position} ${meta.title}`, state.columns)} /> : null}
		</Column>
	);
}
