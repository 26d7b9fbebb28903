/**
Wide mode: `w` shows a table or code block on the screen at its natural width (`RenderedArticle.blocks`): after a
typed number (`2w`) the nth on the screen from the top, else the one whose page form is cut nearest the middle of the
screen. It scrolls sideways with ←/→ and up and down with the usual movement keys (bound in the `wide` context of the
key table); `w`, `q` or Esc return to the page where it was. Owns
`article.wide`.
*/
import type {Step} from '../actions.js';
import {keyHint, type CommandId} from '../keymap.js';
import {articlePaneColumns, articleRows} from '../layout.js';
import {clamp} from '../scroll.js';
import type {ReaderSlice, ScreenSlice, StatusSlice, WideView} from '../slices.js';

type WideState = ReaderSlice & ScreenSlice & StatusSlice;

export type WideCommand = Extract<CommandId, 'wide.toggle' | 'wide.left' | 'wide.right' | 'wide.close'>;

/** The tables and code blocks with a line on the screen, top to bottom (their indexes in `rendered.blocks`). */
function blocksInView(state: WideState): number[] {
	const article = state.article;
	const rendered = article?.rendered;
	if (!article || !rendered) {
		return [];
	}

	const top = article.offset;
	const bottom = top + articleRows(state);
	const shown: number[] = [];
	for (const [index, block] of rendered.blocks.entries()) {
		if (block.line >= bottom) {
			break;
		}

		if (block.endLine > top) {
			shown.push(index);
		}
	}

	return shown;
}

/**
The block `w` shows without a number: of the blocks on the screen, the one whose page form is cut (records, squeezed
columns, cut code lines), else any, nearest the middle of the screen (a block across the middle is at distance 0;
the upper one wins a tie).
*/
function blockNearestMiddle(state: WideState, shown: readonly number[]): number | undefined {
	const blocks = state.article!.rendered!.blocks;
	const middle = state.article!.offset + Math.floor((articleRows(state) - 1) / 2);
	const distance = (index: number) => {
		const block = blocks[index]!;
		return middle < block.line ? block.line - middle : Math.max(0, middle - (block.endLine - 1));
	};

	const nearest = (candidates: readonly number[]) => candidates.reduce<number | undefined>((best, index) => (best === undefined || distance(index) < distance(best) ? index : best), undefined);
	return nearest(shown.filter(index => blocks[index]!.cut)) ?? nearest(shown);
}


function moveWide<S extends WideState>(state: S, change: (view: WideView, rows: number, lastTop: number, lastColumn: number) => Partial<WideView>): S {
	const article = state.article;
	const view = article?.wide;
	const block = view === undefined ? undefined : article?.rendered?.blocks[view.block];
	if (!article || !view || !block) {
		return state;
	}

	const rows = articleRows(state);
	const lastTop = Math.max(0, block.wideLines.length - rows);
	const lastColumn = Math.max(0, block.wideWidth - articlePaneColumns(state));
	const next = {...view, ...change(view, rows, lastTop, lastColumn)};
	return {...state, article: {...article, wide: {...next, top: clamp(next.top, 0, lastTop), column: clamp(next.column, 0, lastColumn)}}};
}

/** The movement commands in wide mode. */
export function wideMove<S extends WideState>(state: S, id: CommandId): S {
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

export function wideCommand<S extends WideState>(state: S, id: WideCommand): Step<S> {
	const article = state.article;
	if (!article) {
		return [state, []];
	}

	// A sideways step of a quarter screen: small enough to keep one's place, big enough to cross a 200-column table.
	const step = Math.max(4, Math.floor(articlePaneColumns(state) / 4));
	switch (id) {
		case 'wide.toggle':
		case 'wide.close': {
			if (article.wide !== undefined) {
				return [{...state, article: {...article, wide: undefined}}, []];
			}

			if (id === 'wide.close') {
				return [state, []];
			}

			// A number typed before w (`2w`) names the block on the screen, counted from the top.
			const digits = article.reading?.digits;
			const page = digits === undefined ? state : {...state, article: {...article, reading: {...article.reading, digits: undefined}}};
			const shown = blocksInView(state);
			if (shown.length === 0) {
				return [{...page, status: article.rendered ? 'No table or code block on this screen' : 'The article is still loading'}, []];
			}

			const named = digits === undefined ? undefined : Number.parseInt(digits, 10);
			if (named !== undefined && (named < 1 || named > shown.length)) {
				return [{...page, status: `No block ${named} on this screen: ${shown.length === 1 ? 'one table or code block' : `${shown.length} tables or code blocks`} (${shown.length === 1 ? keyHint('wide.toggle') : `1${keyHint('wide.toggle')}–${shown.length}${keyHint('wide.toggle')}`})`}, []];
			}

			const block = named === undefined ? blockNearestMiddle(state, shown)! : shown[named - 1]!;
			const kind = article.rendered!.blocks[block]!.kind === 'table' ? 'table' : 'code';
			const which = shown.length === 1 ? '' : ` ${shown.indexOf(block) + 1} of ${shown.length} on the screen (1${keyHint('wide.toggle')}–${shown.length}${keyHint('wide.toggle')} picks one)`;
			return [{...page, article: {...page.article!, wide: {block, top: 0, column: 0}}, status: `Wide ${kind}${which}: ${keyHint('wide.left', 'wide.right')} scroll sideways · ${keyHint('wide.toggle')} or ${keyHint('wide.close')} back`}, []];
		}

		case 'wide.left': {
			return [moveWide(state, view => ({column: view.column - step})), []];
		}

		case 'wide.right': {
			return [moveWide(state, view => ({column: view.column + step})), []];
		}
	}
}

