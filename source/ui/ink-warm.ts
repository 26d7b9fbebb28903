/**
A page drawn into Ink's caches before it is shown (issue 14). The build patches Ink's output stage to keep its caches
across frames (scripts/ink-output-cache.mjs); a page of an article not shown yet still misses them: `n` to such an
article cut ~40 new lines into cells, ~4 ms of its frame at 120×40. Once a neighbour is rendered ahead, its first page
goes through the same caches, with the very strings the reader's view will draw, so `n` and `p` find them there.
Without the patched Ink (the tests run Ink as shipped) it does nothing.
*/
import type {ArticleMeta} from '../core/types.js';
import type {RenderedArticle} from '../core/render/render-article.js';
import type {AppState} from '../app/state.js';
import {articleRows, bodyMarginOf, panesOf} from '../app/layout.js';
import {bodyLine, inkText} from './primitives.js';

type WarmHooks = {readonly text?: (text: string) => void; readonly widest?: (text: string) => number};

// The name scripts/ink-output-cache.mjs gives them (`warmHooksName`).
const hooks = (): WarmHooks | undefined => (globalThis as Record<symbol, WarmHooks | undefined>)[Symbol.for('tidings.ink-warm')];

/** The lines the reader's body shows for `meta` opened now (`rendered` its lines), through Ink's caches. */
export function warmArticlePage(state: AppState, meta: ArticleMeta, rendered: RenderedArticle): void {
	const warm = hooks();
	// The split screen's article pane follows the cursor and draws its own preview: one pane only.
	if (warm?.text === undefined || panesOf(state) !== undefined) {
		return;
	}

	const rows = articleRows({...state, article: {meta}});
	const max = Math.max(0, rendered.lines.length - rows);
	const from = Math.min(max, Math.max(0, state.marks.position(meta.id) ?? 0));
	const pad = ' '.repeat(bodyMarginOf(state));
	for (let line = from; line < Math.min(rendered.lines.length, from + rows); line++) {
		const text = inkText(bodyLine(pad, rendered.lines[line]!));
		warm.text(text);
		warm.widest?.(text);
	}
}
