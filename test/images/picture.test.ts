import test from 'ava';
import {fitPicture, preparePicture, sniffPicture, type Protocol} from '../../source/core/images/picture.js';
import {iterm2Image, kittyTransmit, tmuxWrap} from '../../source/core/images/sequences.js';
import {decodeIterm2, decodeKitty, decodeSixelRaster, greenJpeg, hostile, twoBandPng, twoFrameGif} from '../helpers/images.js';

const cell = {width: 10, height: 20};
const box = {columns: 40, rows: 30};
const prepare = (bytes: Buffer, protocol: Protocol, inBox = box) => preparePicture(new Uint8Array(bytes), {protocol, cell, box: inBox});

test('the kind is told by the first bytes, never by a name', t => {
	t.is(sniffPicture(twoBandPng(4, 4)), 'png');
	t.is(sniffPicture(greenJpeg(8, 8)), 'jpeg');
	t.is(sniffPicture(twoFrameGif(4, 4)), 'gif');
	t.is(sniffPicture(hostile.notAnImage()), undefined);
});

test('an image is never enlarged, and is scaled into the box of cells keeping its shape', t => {
	t.deepEqual(fitPicture(100, 60, cell, box), {width: 100, height: 60, columns: 10, rows: 3});
	// 800×400 into 40 columns of 10 px: 400×200 pixels, 40 columns, 10 rows of 20 px.
	t.deepEqual(fitPicture(800, 400, cell, box), {width: 400, height: 200, columns: 40, rows: 10});
	// A tall one is held by the rows: 30 rows × 20 px = 600 px high.
	t.deepEqual(fitPicture(300, 3000, cell, box), {width: 60, height: 600, columns: 6, rows: 30});
});

test('kitty: the transmitted chunks decode back to a PNG of the scaled size, with the cells in the control data', t => {
	const result = prepare(twoBandPng(800, 400), 'kitty');
	t.true(result.ok);
	if (!result.ok) {
		return;
	}

	const picture = result.value;
	const chunks = kittyTransmit(4242, picture.png!, picture.columns, picture.rows);
	const [image] = decodeKitty(chunks.join(''));
	t.is(image!.png.width, 400);
	t.is(image!.png.height, 200);
	t.like(image!.control, {a: 'T', f: '100', i: '4242', U: '1', c: '40', r: '10', q: '2'});
	// Top half red, bottom half blue, after scaling.
	t.deepEqual([...image!.png.data.subarray(0, 3)], [255, 0, 0]);
	const bottom = ((399 * 200) - 1) * 4;
	t.deepEqual([...image!.png.data.subarray(bottom, bottom + 3)], [0, 0, 255]);
	// Chunked at 4096 base64 characters, every chunk but the last saying more follows.
	t.true(chunks.every(chunk => chunk.length <= 4096 + 80));
	// Through tmux's passthrough the same image comes out.
	t.is(decodeKitty(chunks.map(tmuxWrap).join(''))[0]!.png.width, 400);
});

test('iTerm2: the inline image decodes back to a PNG of the scaled size, stretched over the reserved cells', t => {
	const result = prepare(greenJpeg(120, 90), 'iterm2');
	if (!result.ok) {
		t.fail(result.error);
		return;
	}

	const [image] = decodeIterm2(iterm2Image(result.value.png!, result.value.columns, result.value.rows));
	t.is(image!.png.width, 120);
	t.is(image!.png.height, 90);
	t.like(image!.arguments, {inline: '1', width: '12', height: '5'});
	t.true(image!.png.data[1]! > 150 && image!.png.data[0]! < 60, 'green');
});

test('sixel: the sequence decodes to the expected raster, the top red and the bottom blue', t => {
	const result = prepare(twoBandPng(200, 120), 'sixel');
	if (!result.ok) {
		t.fail(result.error);
		return;
	}

	const raster = decodeSixelRaster(result.value.sixel!);
	t.is(raster.width, 200);
	t.is(raster.height, 120);
	t.deepEqual(raster.pixel(10, 10), [255, 0, 0]);
	t.deepEqual(raster.pixel(190, 110), [0, 0, 255]);
	t.is(result.value.rows, 6);
	t.is(result.value.columns, 20);
});

test('a GIF shows its first frame', t => {
	const result = prepare(twoFrameGif(60, 40), 'sixel');
	if (!result.ok) {
		t.fail(result.error);
		return;
	}

	const raster = decodeSixelRaster(result.value.sixel!);
	t.deepEqual(raster.pixel(30, 20), [255, 255, 0]);
});

const refusals: Array<[keyof typeof hostile, RegExp]> = [
	['huge', /PNG of 30000×30000 pixels, over the limit/u],
	['bomb', /broken PNG \(its pixel data is larger than its size says: a decompression bomb\)/u],
	['notAnImage', /not an image \(the server sent HTML or XML\)/u],
	['truncated', /broken PNG \(the file is cut short\)/u],
	['hugeJpeg', /JPEG of 60000×60000 pixels, over the limit/u],
];

for (const [kind, reason] of refusals) {
	test(`a hostile image is refused with a reason: ${kind}`, t => {
		for (const protocol of ['kitty', 'sixel'] as const) {
			const result = prepare(hostile[kind](), protocol);
			t.false(result.ok);
			t.regex(result.ok ? '' : result.error, reason);
		}
	});
}
