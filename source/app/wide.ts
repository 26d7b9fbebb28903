import type {ArticleMeta} from '../core/types.js';
import type {Action, AppState, Effect, Step} from './state.js';
import {articleRows, bodyWidth, contextOf} from './state.js';
import {resolveCommand, type CommandId} from './keymap.js';
import {clamp} from './scroll.js';
import {stripSgr} from '../core/text/styled-ranges.js';

/**
Wide mode, images and the whole story on the reading page (issue 8). `w` shows the table or code block on the screen
at its natural width (`RenderedArticle.blocks`), scrolled sideways with ←/→ and up and down with the usual movement
keys; `w`, `q` or Esc return to the page where it was. `i` asks the runtime to show the image on the screen, and `F`
asks it to fetch the whole story; both are effects, so nothing slow happens on the key press.
*/

export type WideView = {
	/** Index into `rendered.blocks`. */
	readonly block: number;
	readonly top: number;
	readonly column: number;
};

export type WideEffect =
	| {type: 'fetch-full'; meta: ArticleMeta}
	| {type: 'show-image'; n: number; url: string};

export type WideAction =
	/** The fetch for `id` ended: `meta` (the file's new metadata) when the story was stored; `message` either way. */
	{type: 'full-text-fetched'; id: string; meta?: ArticleMeta; message: string};

export const wideCommands = ['wide.toggle', 'wide.left', 'wide.right', 'wide.close', 'image.show', 'article.fetchFull'] as const satisfies readonly CommandId[];
type WideCommand = typeof wideCommands[number];
const isWideCommand = (id: CommandId): id is WideCommand => (wideCommands as readonly CommandId[]).includes(id);

// In wide mode the reader's movement keys move the wide view; they are looked up in the reader's context, so the key
// table keeps one binding for each (no second copy of j/k/space/g/G for this mode).
const movement = new Set<CommandId>(['move.down', 'move.up', 'move.pageDown', 'move.pageUp', 'move.halfDown', 'move.halfUp', 'move.top', 'move.bottom']);

export function wideContext(state: AppState): 'wide' | undefined {
	return state.article?.wide !== undefined && state.overlay === undefined ? 'wide' : undefined;
}


/** The block to show wide: the first on the screen whose page form is cut, else the first on the screen. */
function blockInView(state: AppState): number | undefined {
	const article = state.article;
	const rendered = article?.rendered;
	if (!article || !rendered) {
		return undefined;
	}

	const top = article.offset;
	const bottom = top + articleRows(state);
	let first: number | undefined;
	for (const [index, block] of rendered.blocks.entries()) {
		if (block.line >= bottom) {
			break;
		}

		if (block.endLine > top) {
			if (block.cut) {
				return index;
			}

			first ??= index;
		}
	}

	return first;
}

/** The first image link (`[image: …][n]`) on the screen. */
function imageInView(state: AppState): {n: number; url: string} | undefined {
	const article = state.article;
	const rendered = article?.rendered;
	if (!article || !rendered || rendered.images.length === 0) {
		return undefined;
	}

	const numbers = new Set(rendered.images.map(image => image.n));
	const end = Math.min(rendered.lines.length, article.offset + articleRows(state));
	for (let line = article.offset; line < end; line++) {
		for (const match of stripSgr(rendered.lines[line]!).matchAll(/\[image: [^\]]*\]\[(\d+)\]/gu)) {
			const n = Number(match[1]);
			const image = rendered.images.find(candidate => candidate.n === n);
			if (numbers.has(n) && image) {
				return {n, url: image.url};
			}
		}
	}

	return undefined;
}

function moveWide(state: AppState, change: (view: WideView, rows: number, lastTop: number, lastColumn: number) => Partial<WideView>): AppState {
	const article = state.article;
	const view = article?.wide;
	const block = view === undefined ? undefined : article?.rendered?.blocks[view.block];
	if (!article || !view || !block) {
		return state;
	}

	const rows = articleRows(state);
	const lastTop = Math.max(0, block.wideLines.length - rows);
	const lastColumn = Math.max(0, block.wideWidth - state.columns);
	const next = {...view, ...change(view, rows, lastTop, lastColumn)};
	return {...state, article: {...article, wide: {...next, top: clamp(next.top, 0, lastTop), column: clamp(next.column, 0, lastColumn)}}};
}

function wideMove(state: AppState, id: CommandId): AppState {
	const half = (rows: number) => Math.max(1, Math.floor(rows / 2));
	switch (id) {
		case 'move.down': {
			return moveWide(state, view => ({top: view.top + 1}));
		}

		case 'move.up': {
			return moveWide(state, view => ({top: view.top - 1}));
		}

		case 'move.pageDown': {
			return moveWide(state, (view, rows) => ({top: view.top + Math.max(1, rows - 1)}));
		}

		case 'move.pageUp': {
			return moveWide(state, (view, rows) => ({top: view.top - Math.max(1, rows - 1)}));
		}

		case 'move.halfDown': {
			return moveWide(state, (view, rows) => ({top: view.top + half(rows)}));
		}

		case 'move.halfUp': {
			return moveWide(state, (view, rows) => ({top: view.top - half(rows)}));
		}

		case 'move.top': {
			return moveWide(state, () => ({top: 0, column: 0}));
		}

		case 'move.bottom': {
			return moveWide(state, (_view, _rows, lastTop) => ({top: lastTop}));
		}

		default: {
			return state;
		}
	}
}

function wideCommand(state: AppState, id: WideCommand): Step {
	const article = state.article;
	if (!article) {
		return [state, []];
	}

	// A sideways step of a quarter screen: small enough to keep one's place, big enough to cross a 200-column table.
	const step = Math.max(4, Math.floor(state.columns / 4));
	switch (id) {
		case 'wide.toggle':
		case 'wide.close': {
			if (article.wide !== undefined) {
				return [{...state, article: {...article, wide: undefined}}, []];
			}

			if (id === 'wide.close') {
				return [state, []];
			}

			const block = blockInView(state);
			if (block === undefined) {
				return [{...state, status: article.rendered ? 'No table or code block on this screen' : 'The article is still loading'}, []];
			}

			const kind = article.rendered!.blocks[block]!.kind;
			return [{...state, article: {...article, wide: {block, top: 0, column: 0}}, status: `Wide ${kind === 'table' ? 'table' : 'code'}: ←/→ scroll sideways · w or Esc back`}, []];
		}

		case 'wide.left': {
			return [moveWide(state, view => ({column: view.column - step})), []];
		}

		case 'wide.right': {
			return [moveWide(state, view => ({column: view.column + step})), []];
		}

		case 'image.show': {
			const image = imageInView(state);
			if (!image) {
				return [{...state, status: 'No image on this screen'}, []];
			}

			return [state, [{type: 'show-image', n: image.n, url: image.url}]];
		}

		case 'article.fetchFull': {
			if (article.meta.url === undefined || article.meta.url === '') {
				return [{...state, status: 'This article has no address (url) to fetch the whole story from'}, []];
			}

			return [{...state, status: 'Fetching the whole story…'}, [{type: 'fetch-full', meta: article.meta}]];
		}
	}
}

/** Handles wide mode, `i` and `F`, and hands everything else to `next`. */
export function wideReducer(state: AppState, action: Action, next: (state: AppState, action: Action) => Step): Step {
	if (action.type === 'full-text-fetched') {
		const article = state.article;
		if (!action.meta) {
			return [{...state, status: action.message}, []];
		}

		const meta = action.meta;
		// The list keeps the new metadata too, so opening the article again renders the new file, not a cached one.
		const all = state.all.map(candidate => (candidate.id === action.id ? meta : candidate));
		if (!article || article.id !== action.id) {
			return [{...state, all, status: action.message}, []];
		}

		return [
			{...state, all, article: {...article, meta, wide: undefined}, status: action.message},
			[{type: 'render-article', meta, width: bodyWidth(state)} satisfies Effect],
		];
	}

	if (action.type === 'command' && isWideCommand(action.command)) {
		return wideCommand(state, action.command);
	}

	const context = action.type === 'key' ? contextOf(state) : undefined;
	// Only on the page itself (or with a search kept): in a prompt `w`, `i` and `F` are letters being typed.
	if (action.type === 'key' && (context === 'wide' || context === 'article' || context === 'article-found')) {
		const quiet = state.status === undefined ? state : {...state, status: undefined};
		if (context === 'wide') {
			const id = resolveCommand('wide', action.spec);
			if (id !== undefined && isWideCommand(id)) {
				return wideCommand(quiet, id);
			}

			if (id === 'app.quit') {
				return next(state, action);
			}

			const fallback = resolveCommand('article', action.spec);
			return [fallback !== undefined && movement.has(fallback) ? wideMove(quiet, fallback) : state, []];
		}

		const id = resolveCommand('article', action.spec);
		if (id !== undefined && isWideCommand(id)) {
			return wideCommand(quiet, id);
		}
	}

	const [after, effects] = next(state, action);
	// A new rendering (another width, another article) has other blocks: wide mode ends with the one it showed.
	if (after.article?.wide !== undefined && after.article.rendered !== state.article?.rendered) {
		return [{...after, article: {...after.article, wide: undefined}}, effects];
	}

	return [after, effects];
}
