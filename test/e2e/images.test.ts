import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {keys, startTidings, tempDir, type Session} from '../helpers/terminal.js';
import {decodeIterm2, decodeKitty, decodeSixelRaster, greenJpeg, hostile, startImageServer, twoBandPng} from '../helpers/images.js';
import {bodyMarginOf, bodyWidth, readingWidth} from '../../source/app/layout.js';
import {fitPicture} from '../../source/core/images/picture.js';
import {diacriticIndex, placeholder} from '../../source/core/images/page-images.js';

const cell = {width: 10, height: 20};

/**
A terminal that says it is kitty: the kitty graphics query is answered OK, the cell size is 10×20 pixels, and DA1 (the
last query) ends the exchange. Answered once, the first time the queries are seen.
*/
function kittyAnswers() {
	let answered = false;
	return (output: string) => {
		if (answered || !output.includes('\u001B[c')) {
			return undefined;
		}

		answered = true;
		const kitty = /\u001B_Gi=(\d+),[^;]*a=q/u.exec(output);
		return `${kitty ? `\u001B_Gi=${kitty[1]!};OK\u001B\\` : ''}\u001B[6;${cell.height};${cell.width}t\u001B[?62;22c`;
	};
}

async function fixture(t: {teardown: (fn: () => Promise<void>) => void}) {
	const server = await startImageServer({'bands.png': twoBandPng(800, 400), 'photo.jpg': greenJpeg(64, 48), 'page.png': hostile.notAnImage(), 'huge.png': hostile.huge()});
	t.teardown(async () => server.close());
	const root = tempDir('tidings-images-e2e-');
	const library = path.join(root, 'library');
	fs.mkdirSync(library);
	fs.writeFileSync(path.join(library, 'pictures.md'), `---
title: Pictures
date: 2026-11-20
---
The opening paragraph, long enough to wrap at forty columns and to show that text sits above the picture.

![Bands](${server.url('bands.png')})

Text after the first image.

![A photo](${server.url('photo.jpg')})

![Broken](${server.url('page.png')})

![Too big](${server.url('huge.png')})

Closing line.

${Array.from({length: 30}, (_, index) => `Filler paragraph ${index + 1}, so that the page always scrolls.`).join('\n\n')}
`);
	return {root, library, env: {TIDINGS_DIR: library, TIDINGS_CONFIG_DIR: path.join(root, 'config'), TIDINGS_CACHE_DIR: path.join(root, 'cache'), TIDINGS_CONFIG: path.join(root, 'config.toml')}};
}

type PlaceholderRow = {row: number; start: number; cells: number; id: number; rowIndex: number};

/** The rows of the screen that hold kitty placeholders: where they start, how many, the image id (fg colour), the row. */
function placeholderRows(session: Session): PlaceholderRow[] {
	const buffer = session.terminal.buffer.active;
	const rows: PlaceholderRow[] = [];
	for (let row = 0; row < session.terminal.rows; row++) {
		const line = buffer.getLine(buffer.viewportY + row)!;
		let start = -1;
		let cells = 0;
		let id = -1;
		let rowIndex = -1;
		for (let column = 0; column < session.terminal.cols; column++) {
			const cellAt = line.getCell(column)!;
			const chars = cellAt.getChars();
			if (chars.startsWith(placeholder)) {
				if (start === -1) {
					start = column;
					id = cellAt.getFgColor();
					rowIndex = chars.length > 2 ? diacriticIndex(chars.slice(2, 3)) : -1;
				}

				cells++;
			} else if (start !== -1 && chars.trim() !== '') {
				cells = -1000; // text after placeholders on the same row: an overlap
			}
		}

		if (start !== -1) {
			rows.push({row, start, cells, id, rowIndex});
		}
	}

	return rows;
}

for (const columns of [40, 80, 160]) {
	test(`kitty at ${columns} columns: each image takes the rows its size needs, as placeholders, and no text is overlapped`, async t => {
		const {env} = await fixture(t);
		const session = startTidings({columns, rows: 40, env, answer: kittyAnswers()});
		t.teardown(() => session.kill());
		await session.waitFor('Pictures');
		session.press(keys.enter);
		await session.waitFor(screen => screen.includes(placeholder) && screen.includes('image 3 not shown'));
		await session.waitFor(screen => (screen.match(new RegExp(placeholder, 'gu')) ?? []).length > 0 && screen.includes('A photo'));
		// Both pictures in: the bands (800×400) and the photo (64×48), sized to the reading width and the 10×20 cell.
		const width = bodyWidth({columns, readingWidth: readingWidth.default});
		const margin = bodyMarginOf({columns, readingWidth: readingWidth.default});
		const bands = fitPicture(800, 400, cell, {columns: width, rows: 40});
		const photo = fitPicture(64, 48, cell, {columns: width, rows: 40});
		await session.waitFor(() => placeholderRows(session).length >= Math.min(30, bands.rows + photo.rows) || placeholderRows(session).length >= 30, 15_000);
		const screen = session.screen();
		const rows = placeholderRows(session);
		const bandsLine = screen.findIndex(line => line.includes('[image: Bands]'));
		t.true(bandsLine >= 0, screen.join('\n'));
		// The rows right under the link are the image, top to bottom, each `columns` cells from the text's left edge.
		const first = rows.filter(row => row.row > bandsLine && row.row <= bandsLine + bands.rows);
		t.is(first.length, Math.min(bands.rows, screen.length - bandsLine - 2), screen.join('\n'));
		for (const [index, row] of first.entries()) {
			t.is(row.row, bandsLine + 1 + index);
			t.is(row.start, margin);
			t.is(row.cells, bands.columns, `row ${row.row}: only placeholders, ${bands.columns} of them, no text beside them`);
			t.is(row.rowIndex, index, 'each row names its row of the image');
		}

		// kitty received the picture for that id, at the size the rows were reserved for.
		const transmitted = decodeKitty(session.raw());
		const sent = transmitted.find(image => Number(image.control['i']) === first[0]!.id);
		t.truthy(sent, 'the placeholder colour names a transmitted image');
		t.is(sent!.png.width, bands.width);
		t.is(sent!.png.height, bands.height);
		t.is(Number(sent!.control['c']), bands.columns);
		t.is(Number(sent!.control['r']), bands.rows);
		// The text that follows is under the image, on rows of its own.
		const after = screen.findIndex(line => line.includes('Text after the first image'));
		if (after !== -1) {
			t.true(after > bandsLine + bands.rows, screen.join('\n'));
		}

		// Scrolling moves the image with the text: the link and its rows go up together.
		session.press('j');
		await session.waitFor(() => session.screen().findIndex(line => line.includes('[image: Bands]')) === bandsLine - 1);
		const moved = placeholderRows(session).filter(row => row.id === first[0]!.id);
		t.is(moved[0]!.row, bandsLine);
		t.is(moved[0]!.rowIndex, 0);
		// The end of the page: the photo, the refused images with their reasons, and the closing text, none overlapped.
		session.press('G');
		await session.waitFor('Filler paragraph 30');
		const bothShown = (screen: string) => screen.includes('Closing line.') && screen.includes('[image: Broken]') && screen.includes('image 4 not shown');
		for (let step = 0; step < 80 && !bothShown(session.text()); step++) {
			const before = session.text();
			session.press('k');
			await session.waitFor(screen => screen !== before);
		}

		const end = await session.waitFor(bothShown);
		const joined = end.replaceAll(/\n\s*/gu, ' ');
		t.regex(joined, /image 3 not shown: not an image \(the server sent HTML or XML\)/u);
		t.regex(joined, /image 4 not shown: a PNG of 30000×30000 pixels, over the limit/u);
		for (const row of placeholderRows(session)) {
			t.true(row.cells > 0, `row ${row.row} has text beside its placeholders`);
		}
	});
}

test('i turns the images off (the links stay) and on again; without graphics the page keeps its links and says why', async t => {
	const {env} = await fixture(t);
	const session = startTidings({columns: 80, rows: 30, env, answer: kittyAnswers()});
	t.teardown(() => session.kill());
	await session.waitFor('Pictures');
	session.press(keys.enter);
	await session.waitFor(placeholder);
	session.press('i');
	await session.waitFor(screen => !screen.includes(placeholder) && screen.includes('Images off'));
	t.regex(session.text(), /\[image: Bands\]\[1\]\n\s*\n\s*Text after the first image/u);
	session.press('i');
	await session.waitFor(placeholder);

	const plain = startTidings({columns: 80, rows: 30, env: {...env, TIDINGS_CACHE_DIR: path.join(env.TIDINGS_CACHE_DIR, 'other')}});
	t.teardown(() => plain.kill());
	await plain.waitFor('Pictures');
	plain.press(keys.enter);
	await plain.waitFor('[image: Bands][1]');
	plain.press('i');
	await plain.waitFor('This terminal cannot draw images');
	t.false(plain.text().includes(placeholder));
});

test('1i shows image [1] full screen at the terminal\'s size; q goes back to the page', async t => {
	const {env} = await fixture(t);
	const session = startTidings({columns: 60, rows: 20, env, answer: kittyAnswers()});
	t.teardown(() => session.kill());
	await session.waitFor('Pictures');
	session.press(keys.enter);
	await session.waitFor(placeholder);
	session.press('1');
	session.press('i');
	await session.waitFor(screen => screen.includes('Image [1]: Bands'));
	const full = fitPicture(800, 400, cell, {columns: 60, rows: 19});
	// The view shows "Loading…" first, then the picture prepared at the screen's size.
	await session.waitFor(() => placeholderRows(session).length === full.rows);
	const rows = placeholderRows(session);
	t.is(rows.length, full.rows);
	t.is(rows[0]!.row, 0);
	t.is(rows[0]!.cells, full.columns);
	session.press('q');
	await session.waitFor('[image: Bands][1]');
});

/** A terminal with sixel and no kitty graphics (DA1 says 4), 10×20-pixel cells. */
function sixelAnswers() {
	let answered = false;
	return (output: string) => {
		if (answered || !output.includes('\u001B[c')) {
			return undefined;
		}

		answered = true;
		return `\u001B[6;${cell.height};${cell.width}t\u001B[?62;4;22c`;
	};
}

test('sixel: the image is drawn over its blank rows after the frame, erased and drawn again one row up when the page scrolls', async t => {
	const {env} = await fixture(t);
	const session = startTidings({columns: 80, rows: 40, env, answer: sixelAnswers()});
	t.teardown(() => session.kill());
	await session.waitFor('Pictures');
	session.press(keys.enter);
	await session.waitFor('image 3 not shown');
	const sixel = /\u001B\[(\d+);(\d+)H\u001BP0;1;q([^\u001B]*)\u001B\\/gu;
	await session.waitFor(() => [...session.raw().matchAll(sixel)].length >= 2);
	const screen = session.screen();
	const bandsLine = screen.findIndex(line => line.includes('[image: Bands]'));
	const width = bodyWidth({columns: 80, readingWidth: readingWidth.default});
	const margin = bodyMarginOf({columns: 80, readingWidth: readingWidth.default});
	const bands = fitPicture(800, 400, cell, {columns: width, rows: 40}, true);
	const draws = [...session.raw().matchAll(sixel)];
	const first = draws.find(match => Number(match[1]) === bandsLine + 2)!;
	t.truthy(first, `a sixel at row ${bandsLine + 2}: ${draws.map(match => match[1]).join(', ')}`);
	t.is(Number(first[2]), margin + 1);
	const raster = decodeSixelRaster(`\u001BP0;1;q${first[3]!}\u001B\\`);
	t.is(raster.width, bands.width);
	t.is(raster.height, bands.height);
	// The rows under the link are blank on the screen (the picture is over them), the text after them below.
	t.true(screen.slice(bandsLine + 1, bandsLine + 1 + bands.rows).every(line => line.trim() === ''), screen.join('\n'));
	t.true(screen.findIndex(line => line.includes('Text after the first image')) > bandsLine + bands.rows);
	const before = session.raw().length;
	session.press('j');
	await session.waitFor(() => [...session.raw().slice(before).matchAll(sixel)].length > 0);
	const after = session.raw().slice(before);
	// Erased where it was (ECH over its columns on each of its rows), drawn one row up.
	for (let row = 0; row < bands.rows; row++) {
		t.true(after.includes(`\u001B[${bandsLine + 2 + row};${margin + 1}H\u001B[${bands.columns}X`), `row ${row} erased`);
	}

	t.is(Number([...after.matchAll(sixel)][0]![1]), bandsLine + 1);
	// A key that moves nothing draws nothing again.
	const still = session.raw().length;
	session.press('?');
	await session.waitFor('Keys');
	session.press(keys.escape);
	await session.waitFor('[image: Bands]');
	const reopened = session.raw().slice(still);
	const rowsDrawn = [...reopened.matchAll(sixel)].map(match => Number(match[1]));
	t.true(rowsDrawn.includes(bandsLine + 1), 'the help covered it; back on the page it is drawn again');
	t.is(new Set(rowsDrawn).size, rowsDrawn.length, `each image once: rows ${rowsDrawn.join(', ')}`);
});

test('iTerm2 (named by TERM_PROGRAM; its DA1 has no sixel): the inline image is drawn at its rows and decodes to the reserved size', async t => {
	const {env} = await fixture(t);
	let answered = false;
	const session = startTidings({columns: 80, rows: 40, env: {...env, TERM_PROGRAM: 'iTerm.app'}, answer(output) {
		if (answered || !output.includes('\u001B[c')) {
			return undefined;
		}

		answered = true;
		return `\u001B[6;${cell.height};${cell.width}t\u001B[?62;22c`;
	}});
	t.teardown(() => session.kill());
	await session.waitFor('Pictures');
	session.press(keys.enter);
	await session.waitFor('image 3 not shown');
	await session.waitFor(() => decodeIterm2(session.raw()).length >= 2);
	const bandsLine = session.screen().findIndex(line => line.includes('[image: Bands]'));
	const width = bodyWidth({columns: 80, readingWidth: readingWidth.default});
	const bands = fitPicture(800, 400, cell, {columns: width, rows: 40});
	t.true(session.raw().includes(`\u001B[${bandsLine + 2};${bodyMarginOf({columns: 80, readingWidth: readingWidth.default}) + 1}H\u001B]1337;File=`));
	const image = decodeIterm2(session.raw()).find(found => found.png.width === bands.width)!;
	t.is(image.png.height, bands.height);
	t.like(image.arguments, {width: String(bands.columns), height: String(bands.rows), inline: '1'});
});

test('[reading] images = "off": the terminal is not asked, the links stay, and i says why', async t => {
	const {env} = await fixture(t);
	fs.writeFileSync(env.TIDINGS_CONFIG, '[reading]\nimages = "off"\n');
	const session = startTidings({columns: 80, rows: 30, env, answer: kittyAnswers()});
	t.teardown(() => session.kill());
	await session.waitFor('Pictures');
	t.false(session.raw().includes('a=q'), 'no kitty query');
	session.press(keys.enter);
	await session.waitFor('[image: Bands][1]');
	session.press('i');
	await session.waitFor('images are off ([reading] images = "off")');
	t.false(session.text().includes(placeholder));
});

test('kitty before 0.28 (XTVERSION says 0.26.5: no placeholders): the picture is sent once, placed over its rows, unplaced when they move', async t => {
	const {env} = await fixture(t);
	let answered = false;
	const session = startTidings({columns: 80, rows: 40, env, answer(output) {
		if (answered || !output.includes('\u001B[c')) {
			return undefined;
		}

		answered = true;
		return `\u001B_Gi=31;OK\u001B\\\u001BP>|kitty(0.26.5)\u001B\\\u001B[6;${cell.height};${cell.width}t\u001B[?62;c`;
	}});
	t.teardown(() => session.kill());
	await session.waitFor('Pictures');
	session.press(keys.enter);
	await session.waitFor('image 3 not shown');
	const place = /\u001B\[(\d+);(\d+)H\u001B_Ga=p,i=(\d+),p=1,c=(\d+),r=(\d+),C=1,q=2\u001B\\/gu;
	await session.waitFor(() => [...session.raw().matchAll(place)].length >= 2);
	t.false(session.text().includes(placeholder), 'no placeholder cells');
	const bandsLine = session.screen().findIndex(line => line.includes('[image: Bands]'));
	const bands = fitPicture(800, 400, cell, {columns: bodyWidth({columns: 80, readingWidth: readingWidth.default}), rows: 40});
	const placed = [...session.raw().matchAll(place)].find(match => Number(match[1]) === bandsLine + 2)!;
	t.truthy(placed);
	t.deepEqual([Number(placed[4]), Number(placed[5])], [bands.columns, bands.rows]);
	const sent = decodeKitty(session.raw()).find(image => image.control['i'] === placed[3]);
	t.like(sent?.control, {a: 't'});
	t.is(sent?.png.width, bands.width);
	const before = session.raw().length;
	session.press('j');
	await session.waitFor(() => [...session.raw().slice(before).matchAll(place)].length > 0);
	t.true(session.raw().slice(before).includes(`\u001B_Ga=d,d=i,i=${placed[3]!},q=2\u001B\\`), 'unplaced where it was');
	t.is(Number([...session.raw().slice(before).matchAll(place)][0]![1]), bandsLine + 1);
});
