/**
The split screen: the layout toggle, and the article pane that follows the list's selection while the list has the
keys (the preview). Owns `panes` and `preview`. The preview is lines from the render cache (effects/render.ts): a
long article is previewed from its rendered beginning only, under the render worker's short preview deadline, so
holding `j` never queues whole renders. Enter opens the selected article in the article pane (the `article` context
then has the keys); q or Esc gives them back to the list.
*/
import type {RenderedArticle} from '../../core/render/render-article.js';
import type {Effect, Step} from '../actions.js';
import {articleRows, bodyWidth, codeWidthOf, nextPaneMode, panesOf} from '../layout.js';
import {clamp} from '../scroll.js';
import type {ListSlice, PaneSlice, ReaderSlice, ScreenSlice, StatusSlice} from '../slices.js';
import {selectAt, selectedOf} from '../visible.js';
import {articleResized, previewBytes} from './article.js';

type Split = ScreenSlice & ListSlice & ReaderSlice & PaneSlice & StatusSlice;

const describe = {single: 'One pane at a time', side: 'List and article side by side', stacked: 'List above the article'} as const;

/** The layout key: one pane → side by side → stacked → one pane; kept in the settings. */
export function togglePanes<S extends Split>(state: S): Step<S> {
	const panes = nextPaneMode(state.panes);
	const shown = {...state, panes};
	const fallback = panes !== 'single' && panesOf(shown) === undefined ? ' (the terminal is too small: one pane until it is larger)' : '';
	const actual = panesOf(shown)?.kind ?? 'single';
	const status = `${describe[panes]}${fallback}${actual !== panes && fallback === '' ? ` (${describe[actual].toLowerCase()} fits this terminal)` : ''}`;
	// The list pane has other rows, the article pane other columns: keep the selection in view, re-wrap the article.
	const [resized, effects] = articleResized(selectAt(shown, shown.cursor));
	return [{...resized, status}, [...effects, {type: 'save-settings', settings: {panes}}]];
}

/**
After every action: in a split screen, while the list has the keys, the article pane shows the selected article. Asks
for its lines when the selection (or the pane's width) changed; nothing else.
*/
export function followSelection<S extends Split>(state: S): Step<S> {
	if (state.article !== undefined || panesOf(state) === undefined) {
		return [state, []];
	}

	const meta = selectedOf(state);
	if (meta === undefined) {
		return [state.preview === undefined ? state : {...state, preview: undefined}, []];
	}

	const width = bodyWidth(state);
	const revision = `${meta.mtimeMs}:${meta.size}`;
	const {preview} = state;
	if (preview?.id === meta.id && preview.width === width && preview.revision === revision) {
		return [state, []];
	}

	const render: Effect = {type: 'render-article', meta, width, codeWidth: codeWidthOf(state), follow: true, ...(meta.size > previewBytes ? {part: 'preview' as const} : {})};
	// The same article changed on disk keeps its lines until the new ones come; at another width they would not fit.
	const kept = preview?.id === meta.id && preview.width === width ? {rendered: preview.rendered, offset: preview.offset} : {offset: 0};
	return [{...state, preview: {id: meta.id, width, revision, ...kept}}, [render]];
}

/** Rendered lines for the preview arrive: kept when they are still the selected article's at the pane's width. */
export function previewRendered<S extends Split>(state: S, action: {readonly id: string; readonly width: number; readonly rendered: RenderedArticle}): Step<S> {
	const {preview} = state;
	if (preview?.id !== action.id || preview.width !== action.width) {
		return [state, []];
	}

	return [{...state, preview: {...preview, rendered: action.rendered, offset: clamp(preview.offset, 0, previewMax(state, action.rendered))}}, []];
}

/** The preview's last top line: its lines less the pane's body rows (the preview's title is the selected one's). */
function previewMax(state: Split, rendered: RenderedArticle): number {
	const meta = selectedOf(state);
	const rows = articleRows({...state, article: meta ? {meta} : undefined});
	return Math.max(0, rendered.lines.length - rows);
}

/** The wheel over the preview: scrolls it by `lines` (it stays the preview; Enter or a click reads it). */
export function scrollPreview<S extends Split>(state: S, lines: number): S {
	const {preview} = state;
	if (!preview?.rendered) {
		return state;
	}

	return {...state, preview: {...preview, offset: clamp(preview.offset + lines, 0, previewMax(state, preview.rendered))}};
}
