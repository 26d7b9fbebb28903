/**
Pages drawn into Ink's caches before they are shown (issue 14). The build patches Ink's output stage to keep its
caches across frames (scripts/ink-output-cache.mjs); a page not shown yet still misses them: `n` to an article not
seen yet cut ~40 new lines into cells, ~4 ms of its frame at 120×40, and a page down drew 40 new rows. Once a
neighbour is rendered ahead, its first page goes through the same caches with the very strings the reader's view
will draw; after a frame of the list, the page below is drawn off screen with the list's own rows (Ink's
`renderToString`, the same components), so `space` finds it there. Without the patched Ink (the tests run Ink as
shipped) neither is done.
*/
import React from 'react';
import {renderToString} from 'ink';
import type {ArticleMeta} from '../core/types.js';
import type {RenderedArticle} from '../core/render/render-article.js';
import type {AppState} from '../app/state.js';
import {articleRows, bodyMarginOf, listRows, panesOf} from '../app/layout.js';
import {bodyLine, Column, inkText, PlainContext} from './primitives.js';
import {listSlots} from './list-screen.js';

type WarmHooks = {readonly text?: (text: string) => void; readonly widest?: (text: string) => number};

// The name scripts/ink-output-cache.mjs gives them (`warmHooksName`; test/ui/ink-warm.test.tsx reads it from there).
const hooks = (): WarmHooks | undefined => (globalThis as Record<symbol, WarmHooks | undefined>)[Symbol.for('tidings.ink-warm')];

/** Lines warmed between two turns of the event loop: a key that arrives meanwhile waits for a few lines at most. */
const warmSlice = 8;

/**
The lines the reader's body shows for `meta` opened now (`rendered` its lines), through Ink's caches, `warmSlice`
lines at a time with `pause` (a turn of the event loop) between them; without `pause`, at once.
*/
export async function warmArticlePage(state: AppState, meta: ArticleMeta, rendered: RenderedArticle, pause?: () => Promise<void>): Promise<void> {
	const warm = hooks();
	// The split screen's article pane follows the cursor and draws its own preview: one pane only.
	if (warm?.text === undefined || panesOf(state) !== undefined) {
		return;
	}

	const rows = articleRows({...state, article: {meta}});
	const max = Math.max(0, rendered.lines.length - rows);
	const from = Math.min(max, Math.max(0, state.marks.position(meta.id) ?? 0));
	const pad = ' '.repeat(bodyMarginOf(state));
	const to = Math.min(rendered.lines.length, from + rows);
	for (let line = from; line < to; line++) {
		if (pause !== undefined && line > from && (line - from) % warmSlice === 0) {
			await pause();
		}

		const text = inkText(bodyLine(pad, rendered.lines[line]!));
		warm.text(text);
		warm.widest?.(text);
	}
}

/**
The list's rows for `next` (the state a key would lead to: the page below) drawn off screen, so that its frame finds
them in Ink's caches. `plain`: the reader's PlainContext. Only with the patched Ink; only a list on the whole screen.
*/
export function warmListPage(next: AppState, plain: boolean): string | undefined {
	if (hooks()?.text === undefined || next.article !== undefined || next.overlay !== undefined || panesOf(next) !== undefined) {
		return undefined;
	}

	return renderToString(<PlainContext.Provider value={plain}><Column rows={listRows(next)}>{listSlots(next)}</Column></PlainContext.Provider>, {columns: next.columns});
}

/**
After each frame of the list, the page a page down would show next (`pageDown`: the state the reducer makes of it)
is drawn ahead in a turn of the event loop of its own, once. Only the page below: the one above was drawn on the way
down, and drawing both cost more memory (10k: peak RSS +15 MB) than page up gained. Returns the unsubscribe.
*/
export function warmNextListPage(store: {getState(): AppState; subscribe(listener: () => void): () => void}, pageDown: (state: AppState) => AppState, plain: boolean, draw = warmListPage): () => void {
	let scheduled: NodeJS.Immediate | undefined;
	// The rows (positions in the list) drawn already, on the screen or ahead, for one list, its marks and the size.
	let drawn: {readonly visible: AppState['visible']; readonly marks: AppState['marks']; readonly columns: number; readonly rows: number; readonly positions: Set<number>} | undefined;
	const cover = (from: number, rows: number): void => {
		for (let position = from; position < from + rows; position++) {
			drawn!.positions.add(position);
		}
	};

	const notDrawn = (from: number, rows: number): number => {
		let count = 0;
		for (let position = from; position < from + rows; position++) {
			count += drawn!.positions.has(position) ? 0 : 1;
		}

		return count;
	};

	const warm = () => {
		scheduled = undefined;
		const state = store.getState();
		// Not while the library loads: its rows are still coming, and the start has better things to do.
		if (state.loading || state.article !== undefined || state.overlay !== undefined || state.find.prompt !== undefined) {
			return;
		}

		if (drawn?.visible !== state.visible || drawn.marks !== state.marks || drawn.columns !== state.columns || drawn.rows !== state.rows) {
			drawn = {visible: state.visible, marks: state.marks, columns: state.columns, rows: state.rows, positions: new Set()};
		}

		const rows = listRows(state);
		cover(state.listOffset, rows);
		const next = pageDown(state);
		// `j` moves the page below by a row: drawn again only when a quarter of its rows are new.
		if (notDrawn(next.listOffset, rows) > rows / 4) {
			cover(next.listOffset, rows);
			draw(next, plain);
		}
	};

	const unsubscribe = store.subscribe(() => {
		scheduled ??= setImmediate(warm);
	});
	return () => {
		unsubscribe();
		if (scheduled !== undefined) {
			clearImmediate(scheduled);
		}
	};
}
