import React from 'react';
import type {AppState} from '../app/state.js';
import {articleRows} from '../app/state.js';
import {fit, formatDate, readingMinutes, screenLine} from './format.js';
import {shownDate} from '../core/article/parse-article.js';
import {Column, Line} from './primitives.js';
import {footers, hints} from './hints.js';
import {bodyMarginOf, hasReaderHeader, hasReaderStatus, titleLines} from '../app/layout.js';
import {pageLines} from './reading-page.js';
import {readingStatus} from '../app/handlers/reading.js';
import {mediaLine} from './podcasts-screen.js';

/** The reader (its pane's size in `state`); `footer`: the hints of another context (the split screen's preview). */
export function ArticleScreen({state, footer}: {readonly state: AppState; readonly footer?: readonly string[]}) {
	const article = state.article!;
	const {meta, rendered} = article;
	const rows = articleRows(state);
	const margin = bodyMarginOf(state);
	const pad = ' '.repeat(margin);
	const total = rendered?.lines.length ?? 0;
	const percent = total <= rows ? 100 : Math.round(((article.offset + rows) / total) * 100);
	// The article's own address ends the line (O opens it), cut first when the terminal is narrow.
	const details = [meta.source, formatDate(shownDate(meta)), meta.author, meta.error ? undefined : `${readingMinutes(meta.words)} min read`, meta.url]
		.filter(Boolean)
		.join(' · ');
	const body: React.ReactNode[] = [];
	if (rendered) {
		const end = Math.min(total, article.offset + rows);
		const page = pageLines(state, article.offset, end);
		for (let line = article.offset; line < end; line++) {
			body.push(<Line key={line - article.offset} text={screenLine(pad + page[line - article.offset]!)} />);
		}
	} else {
		body.push(<Line key={0} role="footer" text={screenLine(`${pad}Loading…`)} />);
	}

	const position = `${Math.min(100, percent)}%`;
	const reading = readingStatus(state);
	const status = (reading?.prompt ? reading.text : undefined) ?? state.status ?? reading?.text ?? (state.media === undefined ? hints(state.columns, footer ?? footers.reader()) : mediaLine(state.media));
	return (
		<Column rows={state.rows}>
			{hasReaderHeader(state) ? titleLines(state).map((line, index) => <Line key={`title${index}`} role="reader.title" text={fit(line, state.columns)} />) : null}
			{hasReaderHeader(state) ? <Line role="reader.details" text={fit(`${fit(details, Math.max(0, state.columns - position.length - 1))} ${position}`, state.columns)} /> : null}
			<Column rows={rows}>{body}</Column>
			{hasReaderStatus(state) ? <Line role={state.status === undefined && reading === undefined ? 'footer' : 'status'} text={fit(hasReaderHeader(state) || reading?.prompt ? status : `${position} ${meta.title}`, state.columns)} /> : null}
		</Column>
	);
}
