import React from 'react';
import type {AppState} from '../app/state.js';
import {articleRows} from '../app/state.js';
import {fit, formatDate, readingMinutes, screenLine} from './format.js';
import {shownDate} from '../core/article/parse-article.js';
import {bodyLine, Column, Line} from './primitives.js';
import {footers, hints} from './hints.js';
import {bodyMarginOf, hasReaderHeader, hasReaderStatus, titleLines} from '../app/layout.js';
import {pageLines} from './reading-page.js';
import {readingStatus} from '../app/handlers/reading.js';
import {keyHint} from '../app/keymap.js';
import {placeholderLines} from '../core/images/page-images.js';
import {showImages, type Placement} from './image-layer.js';
import {mediaLine} from './podcasts-screen.js';

/**
The reader (its pane's size in `state`); `footer`: the hints of another context (the split screen's preview);
`origin`: where its pane starts on the screen (the split screen's article pane), for the images drawn over its rows.
*/
export function ArticleScreen({state, footer, origin}: {readonly state: AppState; readonly footer?: readonly string[]; readonly origin?: {readonly top: number; readonly left: number}}) {
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
	// sixel and iTerm2 images over their blank rows, each only when all its rows are on the screen.
	const top = (origin?.top ?? 0) + (hasReaderHeader(state) ? titleLines(state).length + 1 : 0);
	const placements: Placement[] = [];
	for (const image of article.images?.rows ?? []) {
		if (image.line >= article.offset && image.line + image.rows <= article.offset + rows) {
			placements.push({id: image.id, row: top + image.line - article.offset, column: (origin?.left ?? 0) + margin, columns: image.columns, rows: image.rows});
		}
	}

	showImages(placements);
	if (rendered) {
		const end = Math.min(total, article.offset + rows);
		const page = pageLines(state, article.offset, end);
		for (let line = article.offset; line < end; line++) {
			body.push(<Line key={line - article.offset} text={bodyLine(pad, page[line - article.offset]!)} />);
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

/** An image full screen (`3i`): kitty's placeholders, or blank rows the image layer draws over; q, Esc or i go back. */
export function ImageScreen({state}: {readonly state: AppState}) {
	const article = state.article!;
	const view = article.imageView!;
	const rows = Math.max(1, state.rows - 1);
	const image = (article.images?.base ?? article.rendered)?.images?.find(candidate => candidate.n === view.n);
	const lines: string[] = [];
	const {slot} = view;
	if (slot.state === 'ready') {
		if (slot.placeholders) {
			lines.push(...placeholderLines(slot.id, slot.columns, slot.rows));
		} else {
			showImages([{id: slot.id, row: 0, column: 0, columns: slot.columns, rows: slot.rows}]);
		}
	} else {
		lines.push(slot.state === 'loading' ? `Loading image [${view.n}]…` : `Image [${view.n}] not shown: ${slot.reason}`);
	}

	const body = Array.from({length: rows}, (_, index) => <Line key={index} text={screenLine(lines[index] ?? '')} />);
	const status = `Image [${view.n}]${image?.alt ? `: ${image.alt}` : ''} · ${keyHint('image.open')} opens it in the viewer · ${keyHint('image.close')} back`;
	return (
		<Column rows={state.rows}>
			<Column rows={rows}>{body}</Column>
			<Line role="footer" text={fit(status, state.columns)} />
		</Column>
	);
}
