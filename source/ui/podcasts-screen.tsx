import React from 'react';
import type {AppState} from '../app/state.js';
import {listRows} from '../app/state.js';
import {hasListChrome} from '../app/layout.js';
import type {EpisodeRow, MediaStatusView, PodcastsOverlay} from '../app/slices.js';
import {formatClock, formatSize} from '../core/media/episode.js';
import {fit} from './format.js';
import {hints, footers} from './hints.js';
import {Column, Line} from './primitives.js';

/** `▶ 1:23 / 20:00 ×1.0 · Title`: what plays, for the footer of the list and the reader and the episodes' header. */
export function mediaLine(media: MediaStatusView): string {
	const clock = `${formatClock(media.position ?? 0)}${media.duration === undefined ? '' : ` / ${formatClock(media.duration)}`}`;
	return `${media.paused ? 'Paused' : '▶ Playing'} ${clock} ×${media.speed.toFixed(1)} · ${media.title}`;
}

const barCells = 10;

/** `[████░░░░░░]  42%`, or the size when there is no total. */
export function progressBar(received: number, total: number | undefined): string {
	if (total === undefined || total <= 0) {
		return `[${'░'.repeat(barCells)}] ${formatSize(received) ?? '0 B'}`;
	}

	const fraction = Math.max(0, Math.min(1, received / total));
	const filled = Math.round(fraction * barCells);
	return `[${'█'.repeat(filled)}${'░'.repeat(barCells - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
}

const marks: Record<EpisodeRow['state'], string> = {new: ' ', queued: '·', downloading: '↓', done: '✓', failed: '!', cancelled: '×'};

/** One episode as one row: mark, progress (or size), date, title · source, where it was left, its length. */
export function episodeLine(row: EpisodeRow, columns: number): string {
	const progress = row.state === 'downloading' || row.state === 'queued' || (row.state === 'cancelled' && row.received > 0)
		? progressBar(row.received, row.total)
		: (row.state === 'failed' ? `failed: ${row.message ?? ''}` : (row.state === 'done' ? `downloaded ${formatSize(row.total) ?? ''}` : formatSize(row.total) ?? ''));
	const length = row.duration === undefined ? '' : formatClock(row.duration);
	const kept = row.position === undefined ? '' : `at ${formatClock(row.position)}`;
	const right = [kept, length].filter(Boolean).join(' of ');
	if (columns < 50) {
		// Narrow: the mark, the percentage while it downloads, the title.
		const percent = row.state === 'downloading' && row.total !== undefined && row.total > 0 ? `${Math.floor((row.received / row.total) * 100)}% ` : '';
		return `${marks[row.state]} ${percent}${row.title}`;
	}

	const left = `${marks[row.state]} ${fit(progress, 20)} ${columns >= 70 ? `${fit((row.date ?? '').slice(0, 10), 10)} ` : ''}`;
	const titleCells = Math.max(1, columns - left.length - right.length - 1);
	return `${left}${fit(`${row.title} · ${row.source}`, titleCells)} ${right}`;
}

export function PodcastsScreen({state, overlay}: {readonly state: AppState; readonly overlay: PodcastsOverlay}) {
	const rows = listRows(state);
	const episodes = state.episodes ?? [];
	const chrome = hasListChrome(state);
	const downloading = episodes.filter(row => row.state === 'downloading').length;
	const header = `Episodes — ${episodes.length}${downloading > 0 ? ` · ${downloading} downloading` : ''}${state.media === undefined ? '' : ` · ${mediaLine(state.media)}`}`;
	const slots: React.ReactNode[] = [];
	for (let slot = 0; slot < rows; slot++) {
		const index = overlay.offset + slot;
		const row = episodes[index];
		if (row !== undefined) {
			slots.push(<Line key={slot} role={index === overlay.cursor ? 'list.selected' : (row.state === 'done' ? 'list.read' : 'list.unread')} text={fit(episodeLine(row, state.columns), state.columns)} />);
		} else if (slot === 0 && episodes.length === 0) {
			slots.push(<Line key={slot} role="list.empty" text={fit(state.episodes === undefined ? 'Looking for episodes…' : 'No episodes: articles from feeds with audio or video attachments are listed here.', state.columns)} />);
		}
	}

	return (
		<Column rows={state.rows}>
			{chrome ? <Line role="list.header" text={fit(header, state.columns)} /> : null}
			<Column rows={rows}>{slots}</Column>
			{chrome ? <Line role={state.status === undefined ? 'footer' : 'status'} text={fit(state.status ?? hints(state.columns, footers.podcasts()), state.columns)} /> : null}
		</Column>
	);
}
