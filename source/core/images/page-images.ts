/**
Images on the reading page as rows of the page. An image drawn beside Ink's frame would be painted over by the next
frame and would not scroll with the text; so each image takes rows of its own in the rendered lines, under its
`[image: alt][n]` line, and those rows are ordinary lines: the views slice them like any other, scrolling moves
them, search and links count them, nothing else is ever written there.

- kitty: the rows hold kitty's Unicode placeholders (U+10EEEE, the row as a combining mark on each row's first cell,
  the image id as the 24-bit foreground colour). The terminal draws the image wherever those cells are, so it
  scrolls, clips at the screen's edges and survives Ink's redraws like text: nothing is drawn after a frame.
- sixel and iTerm2: the rows are blank, and the image is drawn over them after a frame in which they are all on the
  screen (source/ui/image-layer.ts); partly visible rows show nothing rather than a clipped or misplaced image.
- an image that could not be shown: one line under its link with the reason.

Pure: the rendered article in, a new one out with every line number (links, headings, blocks) moved past the rows.
*/
import type {RenderedArticle} from '../render/render-article.js';
import type {SafeLine} from '../text/neutralise.js';

/** How one image of the page is shown (keyed by its link number in the page's state). */
export type ImageSlot =
	| {readonly state: 'loading'}
	| {readonly state: 'ready'; readonly id: number; readonly columns: number; readonly rows: number; readonly placeholders: boolean}
	| {readonly state: 'failed'; readonly reason: string};

/** A reserved block of rows in the laid-out page: `line` is its first row. */
export type ImageRows = {readonly n: number; readonly id: number; readonly line: number; readonly rows: number; readonly columns: number};

export const placeholder = '\u{10EEEE}';

/**
kitty's row and column diacritics (rowcolumn-diacritics.txt of the graphics protocol), the first 128: combining marks
of class 230, so every width table counts them as zero cells. A row is its index here.
*/
const diacritics = [
	0x03_05, 0x03_0D, 0x03_0E, 0x03_10, 0x03_12, 0x03_3D, 0x03_3E, 0x03_3F, 0x03_46, 0x03_4A, 0x03_4B, 0x03_4C,
	0x03_50, 0x03_51, 0x03_52, 0x03_57, 0x03_5B, 0x03_63, 0x03_64, 0x03_65, 0x03_66, 0x03_67, 0x03_68, 0x03_69,
	0x03_6A, 0x03_6B, 0x03_6C, 0x03_6D, 0x03_6E, 0x03_6F, 0x04_83, 0x04_84, 0x04_85, 0x04_86, 0x04_87, 0x05_92,
	0x05_93, 0x05_94, 0x05_95, 0x05_97, 0x05_98, 0x05_99, 0x05_9C, 0x05_9D, 0x05_9E, 0x05_9F, 0x05_A0, 0x05_A1,
	0x05_A8, 0x05_A9, 0x05_AB, 0x05_AC, 0x05_AF, 0x05_C4, 0x06_10, 0x06_11, 0x06_12, 0x06_13, 0x06_14, 0x06_15,
	0x06_16, 0x06_17, 0x06_57, 0x06_58, 0x06_59, 0x06_5A, 0x06_5B, 0x06_5D, 0x06_5E, 0x06_D6, 0x06_D7, 0x06_D8,
	0x06_D9, 0x06_DA, 0x06_DB, 0x06_DC, 0x06_DF, 0x06_E0, 0x06_E1, 0x06_E2, 0x06_E4, 0x06_E7, 0x06_E8, 0x06_EB,
	0x06_EC, 0x07_30, 0x07_32, 0x07_33, 0x07_35, 0x07_36, 0x07_3A, 0x07_3D, 0x07_3F, 0x07_40, 0x07_41, 0x07_43,
	0x07_45, 0x07_47, 0x07_49, 0x07_4A, 0x07_EB, 0x07_EC, 0x07_ED, 0x07_EE, 0x07_EF, 0x07_F0, 0x07_F1, 0x07_F3,
	0x08_16, 0x08_17, 0x08_18, 0x08_19, 0x08_1B, 0x08_1C, 0x08_1D, 0x08_1E, 0x08_1F, 0x08_20, 0x08_21, 0x08_22,
	0x08_23, 0x08_25, 0x08_26, 0x08_27, 0x08_29, 0x08_2A, 0x08_2B, 0x08_2C,
].map(code => String.fromCodePoint(code));

/** The most rows an image may take with placeholders (one diacritic per row). */
export const maxPlaceholderRows = diacritics.length;

/** The index a row or column diacritic stands for (tests read the placeholders back with it). */
export const diacriticIndex = (mark: string): number => diacritics.indexOf(mark);

/** The 24-bit foreground colour that names image `id` to kitty. */
export const idColour = (id: number): string => `\u001B[38;2;${(id >> 16) & 0xFF};${(id >> 8) & 0xFF};${id & 0xFF}m`;

/**
The placeholder lines of image `id`, `columns`×`rows` cells: each row's first cell carries its row and column 0; the
cells after it carry none, and kitty takes the row from the left and the next column.
*/
export function placeholderLines(id: number, columns: number, rows: number): SafeLine[] {
	const lines: SafeLine[] = [];
	for (let row = 0; row < Math.min(rows, maxPlaceholderRows); row++) {
		lines.push(`${idColour(id)}${placeholder}${diacritics[row]!}${diacritics[0]!}${placeholder.repeat(Math.max(0, columns - 1))}\u001B[39m` as SafeLine);
	}

	return lines;
}

/**
The page with the images' rows: after the line of each image whose slot is ready, its rows; after a failed one, the
reason. `lines` says where each image's link is (its line in `rendered`), from the page's link positions.
*/
export function layoutImages(
	rendered: RenderedArticle,
	slots: ReadonlyMap<number, ImageSlot>,
	lineOf: (n: number) => number | undefined,
	note: (text: string) => readonly SafeLine[],
): {rendered: RenderedArticle; rows: ImageRows[]; inserts: Array<{after: number; count: number}>} {
	const inserts: Array<{after: number; n: number; lines: SafeLine[]; slot: ImageSlot}> = [];
	const seen = new Set<number>();
	for (const image of rendered.images) {
		const slot = slots.get(image.n);
		const line = lineOf(image.n);
		if (!slot || slot.state === 'loading' || line === undefined || seen.has(image.n)) {
			continue;
		}

		seen.add(image.n);
		if (slot.state === 'failed') {
			inserts.push({after: line, n: image.n, slot, lines: [...note(`image ${image.n} not shown: ${slot.reason}`)]});
		} else {
			const lines = slot.placeholders ? placeholderLines(slot.id, slot.columns, slot.rows) : Array.from({length: slot.rows}, () => '' as SafeLine);
			inserts.push({after: line, n: image.n, slot, lines});
		}
	}

	if (inserts.length === 0) {
		return {rendered, rows: [], inserts: []};
	}

	inserts.sort((a, b) => a.after - b.after);
	const lines: SafeLine[] = [];
	const rows: ImageRows[] = [];
	let next = 0;
	for (const insert of inserts) {
		lines.push(...rendered.lines.slice(next, insert.after + 1));
		next = insert.after + 1;
		if (insert.slot.state === 'ready') {
			rows.push({n: insert.n, id: insert.slot.id, line: lines.length, rows: insert.lines.length, columns: insert.slot.columns});
		}

		lines.push(...insert.lines);
	}

	lines.push(...rendered.lines.slice(next));
	// A line at `line` in the old page is at `line` plus the rows inserted after lines before it.
	const shift = (line: number): number => {
		let moved = line;
		for (const insert of inserts) {
			if (insert.after < line) {
				moved += insert.lines.length;
			}
		}

		return moved;
	};

	return {
		rendered: {
			...rendered,
			lines,
			links: rendered.links.map(link => ({...link, line: shift(link.line)})),
			headings: rendered.headings.map(heading => ({...heading, line: shift(heading.line)})),
			blocks: rendered.blocks.map(block => ({...block, line: shift(block.line), endLine: shift(block.endLine - 1) + 1})),
		},
		rows,
		inserts: inserts.map(insert => ({after: insert.after, count: insert.lines.length})),
	};
}
