/**
An image file from outside (a feed's server, an article's folder) made ready for the terminal: its kind told from its
first bytes (never from its name or a Content-Type), its size read from the header and refused past the limits
before anything is decoded (a 30000×30000 PNG is a few kilobytes of file and 3.6 GB of pixels), decoded by pure-JS
decoders (pngjs, jpeg-js, omggif: no native addon, so the bundle runs on any Node), its first frame only for a GIF,
scaled down to the cells it will take, and encoded once for the terminal's protocol (a PNG for kitty and iTerm2,
a sixel string for sixel terminals). Pure: bytes in, a result or a one-line reason out; the image worker
(source/adapters/image-worker.ts) runs it off the reader's thread with a deadline.
*/
import {PNG} from 'pngjs';
import jpeg from 'jpeg-js';
import {GifReader} from 'omggif';
import {imageSize} from 'image-size';
import {FINALIZER, image2sixel, introducer, sixelEncode} from 'sixel';
import type {Result} from '../types.js';
import {err, ok} from '../types.js';

export type PictureKind = 'png' | 'jpeg' | 'gif';
export type Protocol = 'kitty' | 'iterm2' | 'sixel';

/** What the decoder accepts: a header past these is refused unread. */
export type PictureLimits = {
	/** Pixels on the longer side. */
	readonly maxSide: number;
	/** Width × height. */
	readonly maxPixels: number;
	/** Bytes of the file. */
	readonly maxBytes: number;
};

export const pictureLimits: PictureLimits = {maxSide: 12_000, maxPixels: 30_000_000, maxBytes: 8 * 1024 * 1024};

/** The terminal's cell in pixels. */
export type CellSize = {readonly width: number; readonly height: number};

/** What the page can give an image: at most `columns` wide and `rows` high. */
export type PictureBox = {readonly columns: number; readonly rows: number};

export type PreparedPicture = {
	readonly kind: PictureKind;
	/** The file's own size. */
	readonly sourceWidth: number;
	readonly sourceHeight: number;
	/** The scaled picture's pixels. */
	readonly width: number;
	readonly height: number;
	/** The cells it takes on the page. */
	readonly columns: number;
	readonly rows: number;
	/** PNG bytes (kitty, iTerm2). */
	readonly png?: Uint8Array;
	/** The whole DCS sequence (sixel). */
	readonly sixel?: string;
};

/** The kind of image the bytes are, from their magic numbers; undefined: not an image Tidings decodes. */
export function sniffPicture(bytes: Uint8Array): PictureKind | undefined {
	const at = (index: number) => bytes[index];
	if (bytes.length >= 8 && at(0) === 0x89 && at(1) === 0x50 && at(2) === 0x4E && at(3) === 0x47 && at(4) === 0x0D && at(5) === 0x0A && at(6) === 0x1A && at(7) === 0x0A) {
		return 'png';
	}

	if (bytes.length >= 3 && at(0) === 0xFF && at(1) === 0xD8 && at(2) === 0xFF) {
		return 'jpeg';
	}

	const head = String.fromCodePoint(...bytes.subarray(0, 6));
	if (head === 'GIF87a' || head === 'GIF89a') {
		return 'gif';
	}

	return undefined;
}

/** Why bytes that are not a decodable image are refused: what they look like instead, in a few words. */
export function notAPicture(bytes: Uint8Array): string {
	const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1');
	if (head.startsWith('RIFF') && head.slice(8, 12) === 'WEBP') {
		return 'a WebP image, which Tidings does not decode';
	}

	if (/^\s*(?:<\?xml[^>]*>\s*)?<svg/iu.test(head)) {
		return 'an SVG drawing, which Tidings does not draw';
	}

	if (/^\s*</u.test(head)) {
		return 'not an image (the server sent HTML or XML)';
	}

	return bytes.length === 0 ? 'an empty file' : 'not a PNG, JPEG or GIF image (by its first bytes)';
}

/**
The cells a picture of `width`×`height` pixels takes in `box`, never enlarged, and the pixels it is scaled to. A sixel
(`bands`) is drawn in bands of 6 pixels: its rows cover the last band whole.
*/
export function fitPicture(width: number, height: number, cell: CellSize, box: PictureBox, bands = false): {columns: number; rows: number; width: number; height: number} {
	const maxWidth = Math.max(1, box.columns) * cell.width;
	const maxHeight = bands ? Math.max(6, Math.floor((Math.max(1, box.rows) * cell.height) / 6) * 6) : Math.max(1, box.rows) * cell.height;
	const scale = Math.min(1, maxWidth / width, maxHeight / height);
	const scaledWidth = Math.max(1, Math.floor(width * scale));
	const scaledHeight = Math.max(1, Math.floor(height * scale));
	return {
		width: scaledWidth,
		height: scaledHeight,
		columns: Math.max(1, Math.ceil(scaledWidth / cell.width)),
		rows: Math.max(1, Math.ceil((bands ? Math.ceil(scaledHeight / 6) * 6 : scaledHeight) / cell.height)),
	};
}

/** `width`×`height` RGBA pixels scaled down to `toWidth`×`toHeight` by averaging each target pixel's source area. */
export function scaleDown(pixels: Uint8Array, width: number, height: number, toWidth: number, toHeight: number): Uint8Array {
	if (toWidth === width && toHeight === height) {
		return pixels;
	}

	const out = new Uint8Array(toWidth * toHeight * 4);
	const xRatio = width / toWidth;
	const yRatio = height / toHeight;
	for (let y = 0; y < toHeight; y++) {
		const y0 = Math.floor(y * yRatio);
		const y1 = Math.max(y0 + 1, Math.min(height, Math.floor((y + 1) * yRatio)));
		for (let x = 0; x < toWidth; x++) {
			const x0 = Math.floor(x * xRatio);
			const x1 = Math.max(x0 + 1, Math.min(width, Math.floor((x + 1) * xRatio)));
			let r = 0;
			let g = 0;
			let b = 0;
			let a = 0;
			let count = 0;
			for (let sy = y0; sy < y1; sy++) {
				let index = ((sy * width) + x0) * 4;
				for (let sx = x0; sx < x1; sx++) {
					const alpha = pixels[index + 3]!;
					r += pixels[index]! * alpha;
					g += pixels[index + 1]! * alpha;
					b += pixels[index + 2]! * alpha;
					a += alpha;
					count++;
					index += 4;
				}
			}

			const target = ((y * toWidth) + x) * 4;
			out[target] = a === 0 ? 0 : Math.round(r / a);
			out[target + 1] = a === 0 ? 0 : Math.round(g / a);
			out[target + 2] = a === 0 ? 0 : Math.round(b / a);
			out[target + 3] = Math.round(a / count);
		}
	}

	return out;
}

/** The opaque colours of RGBA `pixels` (as the sixel package's RGBA8888 numbers), when there are at most 256. */
function exactPalette(pixels: Uint8Array): number[] | undefined {
	const colours = new Set<number>();
	const words = new Uint32Array(pixels.buffer, pixels.byteOffset, pixels.byteLength / 4);
	for (const word of words) {
		if (word >>> 24 !== 0) {
			colours.add(word | 0xFF_00_00_00);
			if (colours.size > 256) {
				return undefined;
			}
		}
	}

	return colours.size === 0 ? undefined : [...colours].map(colour => colour >>> 0);
}

type Decoded = {readonly width: number; readonly height: number; readonly pixels: Uint8Array};

function decode(kind: PictureKind, bytes: Uint8Array, limits: PictureLimits): Decoded {
	switch (kind) {
		case 'png': {
			const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
			return {width: png.width, height: png.height, pixels: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.byteLength)};
		}

		case 'jpeg': {
			const image = jpeg.decode(bytes, {useTArray: true, formatAsRGBA: true, maxResolutionInMP: limits.maxPixels / 1_000_000, maxMemoryUsageInMB: 512});
			return {width: image.width, height: image.height, pixels: image.data};
		}

		case 'gif': {
			const reader = new GifReader(bytes);
			const pixels = new Uint8Array(reader.width * reader.height * 4);
			// The first frame only: an animation shows where it starts.
			reader.decodeAndBlitFrameRGBA(0, pixels);
			return {width: reader.width, height: reader.height, pixels};
		}
	}
}

const kindNames: Record<PictureKind, string> = {png: 'PNG', jpeg: 'JPEG', gif: 'GIF'};

function described(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	// A decoder's message is outside text of a sort (it may quote the file); one short line of printable ASCII.
	return message.replaceAll(/[^\u0020-\u007E]/gu, ' ').slice(0, 80).trim() || 'it could not be read';
}

/** The picture in `bytes`, checked, decoded, scaled into `box` and encoded for `protocol`; or why not, in one line. */
export function preparePicture(bytes: Uint8Array, options: {readonly protocol: Protocol; readonly cell: CellSize; readonly box: PictureBox; readonly limits?: PictureLimits}): Result<PreparedPicture, string> {
	const limits = options.limits ?? pictureLimits;
	if (bytes.length > limits.maxBytes) {
		return err(`the file is ${Math.round(bytes.length / 1024)} KB, over the ${Math.round(limits.maxBytes / 1024)} KB limit`);
	}

	const kind = sniffPicture(bytes);
	if (kind === undefined) {
		return err(notAPicture(bytes));
	}

	let header: {width?: number; height?: number};
	try {
		header = imageSize(bytes);
	} catch (error) {
		return err(`a broken ${kindNames[kind]} (${described(error)})`);
	}

	const {width = 0, height = 0} = header;
	if (width < 1 || height < 1) {
		return err(`a broken ${kindNames[kind]} (no size in its header)`);
	}

	if (width > limits.maxSide || height > limits.maxSide || width * height > limits.maxPixels) {
		return err(`a ${kindNames[kind]} of ${width}×${height} pixels, over the limit of ${limits.maxSide} a side and ${Math.round(limits.maxPixels / 1_000_000)} megapixels`);
	}

	let decoded: Decoded;
	try {
		decoded = decode(kind, bytes, limits);
	} catch (error) {
		const said = described(error);
		// pngjs's own words for the two common breakages, said plainly.
		const plain = /should not go down|too large|exceeds/iu.test(said)
			? 'its pixel data is larger than its size says: a decompression bomb'
			: (/finished stream|unexpected end|end of (?:the )?(?:stream|file|data)|truncated/iu.test(said) ? 'the file is cut short' : said);
		return err(`a broken ${kindNames[kind]} (${plain})`);
	}

	if (decoded.width !== width || decoded.height !== height || decoded.pixels.length < width * height * 4) {
		return err(`a broken ${kindNames[kind]} (its header and its pixels disagree)`);
	}

	const fitted = fitPicture(width, height, options.cell, options.box, options.protocol === 'sixel');
	const pixels = scaleDown(decoded.pixels, width, height, fitted.width, fitted.height);
	const base = {kind, sourceWidth: width, sourceHeight: height, ...fitted};
	if (options.protocol === 'sixel') {
		// The encoder reads the pixels through `data.buffer` from its start: it gets a buffer of its own.
		const own = pixels.byteOffset === 0 && pixels.byteLength === pixels.buffer.byteLength ? pixels : pixels.slice();
		// A picture of at most 256 colours (a diagram, a screenshot) keeps them exactly; the quantizer (which can fold a
		// few flat colours into one) is for photographs.
		const palette = exactPalette(own);
		return ok({...base, sixel: palette ? introducer(1) + sixelEncode(own, fitted.width, fitted.height, palette) + FINALIZER : image2sixel(own, fitted.width, fitted.height, 256, 1)});
	}

	const png = new PNG({width: fitted.width, height: fitted.height});
	png.data = Buffer.from(pixels.buffer, pixels.byteOffset, pixels.byteLength);
	return ok({...base, png: new Uint8Array(PNG.sync.write(png))});
}
