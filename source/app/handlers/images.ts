/**
Images in the reading page. Once an article's lines are rendered, and the terminal can draw images (its answer at
start, source/app/graphics.ts) and the reader has not turned them off (`i`, or `[reading] images = "off"`), the page's
images are asked for (an effect fetches, checks and decodes them off the reader's thread); each one that arrives gets
rows of its own under its `[image: alt][n]` line (source/core/images/page-images.ts), sized to the reading width and
the terminal's cell, and the position on the page stays on the same text. An image that cannot be shown gets one line
with the reason; its link stays either way.

`i` turns the page's images on and off; `3i` shows image [3] full screen (q, Esc or i go back); `I` opens the image
nearest the middle of the screen (`3I`: image [3]) in the system viewer. Owns `article.images` and `article.imageView`.
*/
import type {Effect, Step} from '../actions.js';
import type {CommandId} from '../keymap.js';
import {keyHint} from '../keymap.js';
import {articleRows, bodyWidth} from '../layout.js';
import {clamp} from '../scroll.js';
import {linkPositions} from '../reader-links.js';
import {graphicsInForce} from '../graphics.js';
import type {OpenArticle, PageImages, ReaderSlice, ScreenSlice, StatusSlice} from '../slices.js';
import {layoutImages, maxPlaceholderRows, type ImageSlot} from '../../core/images/page-images.js';
import {neutraliseLine, type SafeLine} from '../../core/text/neutralise.js';
import {wrapCells} from '../../core/text/cells.js';
import type {RenderedArticle} from '../../core/render/render-article.js';

type ImagesState = ReaderSlice & ScreenSlice & StatusSlice;
export type ImageCommand = Extract<CommandId, 'image.show' | 'image.open' | 'image.close'>;

/** At most this many images of one article are fetched; the rest keep their links. */
export const maxPageImages = 30;

/** The box of cells an image of the page may take: the reading width, and the screen's rows less one. */
export function pageImageBox(state: ScreenSlice & ReaderSlice): {columns: number; rows: number; key: string} {
	const columns = bodyWidth(state);
	const rows = clamp(articleRows(state) - 1, 1, maxPlaceholderRows);
	return {columns, rows, key: `${columns}x${rows}`};
}

/** The box of the full-screen view: the whole terminal but the status row. */
export function fullImageBox(state: ScreenSlice & ReaderSlice): {columns: number; rows: number; key: string} {
	const columns = Math.max(1, state.columns);
	const rows = clamp(state.rows - 1, 1, maxPlaceholderRows);
	return {columns, rows, key: `full:${columns}x${rows}`};
}

/** A line of the laid-out page back to the line of `base` it shows (an image's rows: the image's own line). */
function baseLine(line: number, inserts: PageImages['inserts']): number {
	let shift = 0;
	for (const insert of inserts) {
		const start = insert.after + 1 + shift;
		if (line < start) {
			break;
		}

		if (line < start + insert.count) {
			return insert.after;
		}

		shift += insert.count;
	}

	return line - shift;
}

/** The open article's top line as a line of its text without image rows (what is remembered as its position). */
export const textLine = (article: OpenArticle): number => (article.images ? baseLine(article.offset, article.images.inserts) : article.offset);

function laidLine(line: number, inserts: PageImages['inserts']): number {
	let shift = 0;
	for (const insert of inserts) {
		if (insert.after < line) {
			shift += insert.count;
		}
	}

	return line + shift;
}

/** The page with `images` laid in (or without them when hidden), the reader kept on the same text. */
function laidOut<S extends ImagesState>(state: S, article: OpenArticle, images: PageImages): S {
	const hidden = state.imagesHidden === true;
	const top = article.images ? baseLine(article.offset, article.images.inserts) : article.offset;
	const positions = linkPositions(images.base);
	const slots = new Map(Object.entries(images.slots).map(([n, slot]) => [Number(n), slot] as const));
	const width = bodyWidth(state);
	// The reason an image is not shown, wrapped to the reading width under its link.
	const note = (text: string): SafeLine[] => wrapCells(`(${neutraliseLine(text)})`, Math.max(10, width - 2)).map(line => `  ${line}` as SafeLine);
	const {rendered, rows, inserts} = hidden ? {rendered: images.base, rows: [], inserts: []} : layoutImages(images.base, slots, n => positions[n - 1]?.line, note);
	const next: PageImages = {...images, rows, inserts};
	const max = Math.max(0, rendered.lines.length - articleRows(state));
	return {...state, article: {...article, rendered, images: next, offset: clamp(laidLine(top, inserts), 0, max)}};
}

/** The images of `rendered` to fetch for the page: each link number once, the first `maxPageImages`. */
function wanted(rendered: RenderedArticle): Array<{n: number; url: string}> {
	const seen = new Set<number>();
	const out: Array<{n: number; url: string}> = [];
	for (const image of rendered.images) {
		if (!seen.has(image.n) && out.length < maxPageImages) {
			seen.add(image.n);
			out.push({n: image.n, url: image.url});
		}
	}

	return out;
}

const drawsImages = (state: ImagesState): boolean => graphicsInForce().protocol !== undefined && state.imagesHidden !== true;

/**
After the page's lines arrive (a new article, another width): the images already prepared for this box are laid in
again, and the others are asked for.
*/
export function imagesOnRender<S extends ImagesState>(state: S, preview = false): Step<S> {
	const {article} = state;
	const rendered = article?.rendered;
	if (!article || !rendered || rendered.fallback !== undefined || (rendered.images ?? []).length === 0) {
		return [article?.images ? {...state, article: {...article, images: undefined}} : state, []];
	}

	const box = pageImageBox(state);
	const kept = article.images?.box === box.key ? article.images.slots : {};
	const images: PageImages = {base: rendered, box: box.key, slots: kept, rows: [], inserts: []};
	// The new lines replace the old page: its offset is already in their terms.
	const fresh = {...article, images: undefined};
	if (!drawsImages(state) || preview) {
		return [laidOut(state, fresh, images), []];
	}

	const missing = wanted(rendered).filter(image => kept[image.n] === undefined);
	const slots: Record<number, ImageSlot> = {...kept};
	for (const image of missing) {
		slots[image.n] = {state: 'loading'};
	}

	const effects: Effect[] = missing.length === 0 ? [] : [{type: 'load-images', meta: article.meta, images: missing, box: box.key, columns: box.columns, rows: box.rows}];
	return [laidOut(state, fresh, {...images, slots}), effects];
}

/** Prepared (or refused) images arrive: they take their rows, if the page is still the one they were made for. */
export function imagesPrepared<S extends ImagesState>(state: S, action: {readonly id: string; readonly box: string; readonly slots: ReadonlyArray<{readonly n: number; readonly slot: ImageSlot}>; readonly full?: boolean}): Step<S> {
	const {article} = state;
	if (!article || article.id !== action.id) {
		return [state, []];
	}

	if (action.full) {
		const shown = article.imageView;
		const found = action.slots.find(entry => entry.n === shown?.n);
		return [shown && found ? {...state, article: {...article, imageView: {n: shown.n, slot: found.slot}}} : state, []];
	}

	const {images} = article;
	if (!images || images.box !== action.box) {
		return [state, []];
	}

	const slots = {...images.slots};
	for (const {n, slot} of action.slots) {
		slots[n] = slot;
	}

	return [laidOut(state, article, {...images, slots}), []];
}

/** The image nearest the middle of the screen (by its link's line), or image `n` when a number was typed. */
function chosenImage(state: ImagesState, named: number | undefined): {n: number; url: string} | undefined {
	const article = state.article!;
	const rendered = article.images?.base ?? article.rendered;
	if (!rendered) {
		return undefined;
	}

	if (named !== undefined) {
		const image = (rendered.images ?? []).find(candidate => candidate.n === named);
		return image && {n: image.n, url: image.url};
	}

	const positions = linkPositions(rendered);
	const top = article.images ? baseLine(article.offset, article.images.inserts) : article.offset;
	const bottom = article.images ? baseLine(article.offset + articleRows(state) - 1, article.images.inserts) : article.offset + articleRows(state) - 1;
	const middle = (top + bottom) / 2;
	let best: {n: number; url: string; distance: number} | undefined;
	for (const image of rendered.images ?? []) {
		const line = positions[image.n - 1]?.line;
		if (line !== undefined && line >= top && line <= bottom) {
			const distance = Math.abs(line - middle);
			if (!best || distance < best.distance) {
				best = {n: image.n, url: image.url, distance};
			}
		}
	}

	return best && {n: best.n, url: best.url};
}

export function imageCommand<S extends ImagesState>(state: S, id: ImageCommand): Step<S> {
	const {article} = state;
	if (!article) {
		return [state, []];
	}

	const digits = article.reading?.digits;
	const named = digits === undefined ? undefined : Number.parseInt(digits, 10);
	const page = digits === undefined ? state : {...state, article: {...article, reading: {...article.reading, digits: undefined}}};
	const current = page.article!;
	switch (id) {
		case 'image.close': {
			return [{...page, article: {...current, imageView: undefined}}, []];
		}

		case 'image.open': {
			const image = current.imageView ? chosenImage(page, current.imageView.n) : chosenImage(page, named);
			if (!image) {
				return [{...page, status: named === undefined ? 'No image on this screen' : `There is no image [${named}]`}, []];
			}

			return [{...page, status: `Opening image [${image.n}]…`}, [{type: 'show-image', n: image.n, url: image.url, meta: current.meta}]];
		}

		case 'image.show': {
			const graphics = graphicsInForce();
			if (named !== undefined) {
				const image = chosenImage(page, named);
				if (!image) {
					return [{...page, status: `There is no image [${named}]`}, []];
				}

				if (graphics.protocol === undefined) {
					return [{...page, status: `This terminal cannot draw images (${graphics.reason}); ${keyHint('image.open')} opens image [${named}] in the viewer`}, []];
				}

				const box = fullImageBox(page);
				return [
					{...page, article: {...current, imageView: {n: image.n, slot: {state: 'loading'}}}},
					[{type: 'load-images', meta: current.meta, images: [image], box: box.key, columns: box.columns, rows: box.rows, full: true}],
				];
			}

			if (graphics.protocol === undefined) {
				return [{...page, status: `This terminal cannot draw images (${graphics.reason}); the links stay, and ${keyHint('image.open')} opens one in the viewer`}, []];
			}

			const hidden = page.imagesHidden !== true;
			const toggled = {...page, imagesHidden: hidden, status: hidden ? 'Images off: the links stay' : 'Images on'};
			const [next, effects] = imagesOnRender({...toggled, article: {...current, rendered: current.images?.base ?? current.rendered, images: current.images && {...current.images, rows: [], inserts: []}, offset: current.images ? baseLine(current.offset, current.images.inserts) : current.offset}});
			return [next, effects];
		}
	}
}
