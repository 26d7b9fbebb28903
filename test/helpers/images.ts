/**
Pictures for the image tests, made here with the same pure-JS libraries (pngjs, jpeg-js, omggif), hostile files made by
hand, and decoders for every sequence Tidings writes: kitty's APC chunks and iTerm2's OSC back to the PNG inside, and a
sixel back to its raster (with the sixel package's decoder, a different code path from its encoder).
*/
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import zlib from 'node:zlib';
import {PNG} from 'pngjs';
import jpeg from 'jpeg-js';
import {GifWriter} from 'omggif';
import {decode as decodeSixel} from 'sixel';

/** A `width`×`height` PNG: the top half red, the bottom half blue (so a scaled copy can be checked by colour). */
export function twoBandPng(width: number, height: number): Buffer {
	const png = new PNG({width, height});
	for (let y = 0; y < height; y++) {
		for (let x = 0; x < width; x++) {
			const index = ((y * width) + x) * 4;
			const top = y < height / 2;
			png.data[index] = top ? 255 : 0;
			png.data[index + 1] = 0;
			png.data[index + 2] = top ? 0 : 255;
			png.data[index + 3] = 255;
		}
	}

	return PNG.sync.write(png);
}

export function greenJpeg(width: number, height: number): Buffer {
	const data = Buffer.alloc(width * height * 4);
	for (let index = 0; index < data.length; index += 4) {
		data[index + 1] = 200;
		data[index + 3] = 255;
	}

	return jpeg.encode({data, width, height}, 90).data;
}

/** A GIF of two frames: the first all yellow, the second all black. */
export function twoFrameGif(width: number, height: number): Buffer {
	const buffer = Buffer.alloc(1024 + (width * height * 4));
	const writer = new GifWriter(buffer, width, height, {palette: [0xFF_FF_00, 0x00_00_00], loop: 0});
	writer.addFrame(0, 0, width, height, Array.from({length: width * height}, () => 0), {delay: 10});
	writer.addFrame(0, 0, width, height, Array.from({length: width * height}, () => 1), {delay: 10});
	return buffer.subarray(0, writer.end());
}

function pngChunk(type: string, data: Buffer): Buffer {
	const length = Buffer.alloc(4);
	length.writeUInt32BE(data.length);
	const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
	const crc = Buffer.alloc(4);
	crc.writeUInt32BE(zlib.crc32(body) >>> 0);
	return Buffer.concat([length, body, crc]);
}

/** A PNG by hand: a header claiming `width`×`height` (RGBA) and `raw` as its compressed pixel data. */
export function craftedPng(width: number, height: number, raw: Buffer): Buffer {
	const header = Buffer.alloc(13);
	header.writeUInt32BE(width, 0);
	header.writeUInt32BE(height, 4);
	header[8] = 8;
	header[9] = 6;
	return Buffer.concat([
		Buffer.from([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
		pngChunk('IHDR', header),
		pngChunk('IDAT', zlib.deflateSync(raw, {level: 9})),
		pngChunk('IEND', Buffer.alloc(0)),
	]);
}

/** The hostile files, one of each kind the issue names. */
export const hostile = {
	/** 30000×30000: a few bytes of file, 3.6 GB of pixels. */
	huge: () => craftedPng(30_000, 30_000, Buffer.alloc(16)),
	/** A decompression bomb: 100×100 declared, 200 MB of zeros deflated into its data. */
	bomb: () => craftedPng(100, 100, Buffer.alloc(200_000_000)),
	/** HTML with an image's name. */
	notAnImage: () => Buffer.from('<!doctype html><title>Not found</title><p>No such picture</p>\n'),
	/** A real PNG cut in the middle. */
	truncated: () => {
		const whole = twoBandPng(300, 200);
		return whole.subarray(0, Math.floor(whole.length / 2));
	},
	/** A JPEG whose header claims 60000×60000. */
	hugeJpeg: () => {
		const bytes = Buffer.from(greenJpeg(16, 16));
		// The SOF0 marker's height and width fields.
		const sof = bytes.indexOf(Buffer.from([0xFF, 0xC0]));
		bytes.writeUInt16BE(60_000, sof + 5);
		bytes.writeUInt16BE(60_000, sof + 7);
		return bytes;
	},
};

export type KittyImage = {readonly control: Record<string, string>; readonly png: PNG};

/** Every kitty image transmission in `output` (APC `_G` chunks, tmux-wrapped or not), decoded to its PNG. */
export function decodeKitty(output: string): KittyImage[] {
	const unwrapped = output.replaceAll(/\u001BPtmux;((?:[^\u001B]|\u001B\u001B)*)\u001B\\/gu, (_, inner: string) => inner.replaceAll('\u001B\u001B', '\u001B'));
	const images: KittyImage[] = [];
	let control: Record<string, string> | undefined;
	let data = '';
	for (const match of unwrapped.matchAll(/\u001B_G([^;\u001B]*);([^\u001B]*)\u001B\\/gu)) {
		const keys = Object.fromEntries(match[1]!.split(',').map(pair => pair.split('=') as [string, string]));
		if (keys['a'] === 'q' || keys['a'] === 'd') {
			continue;
		}

		control ??= keys;
		data += match[2];
		if (keys['m'] !== '1') {
			images.push({control, png: PNG.sync.read(Buffer.from(data, 'base64'))});
			control = undefined;
			data = '';
		}
	}

	return images;
}

/** Every iTerm2 inline image (OSC 1337 File=…) in `output`, with its arguments and the PNG inside. */
export function decodeIterm2(output: string): Array<{arguments: Record<string, string>; png: PNG}> {
	return [...output.matchAll(/\u001B\]1337;File=([^:]*):([A-Za-z\d+/=]*)\u0007/gu)].map(match => ({
		arguments: Object.fromEntries(match[1]!.split(';').map(pair => pair.split('=') as [string, string])),
		png: PNG.sync.read(Buffer.from(match[2]!, 'base64')),
	}));
}

/** A sixel sequence's raster: its size and its pixels as 0xAABBGGRR numbers (the sixel package's decoder). */
export function decodeSixelRaster(sequence: string): {width: number; height: number; pixel: (x: number, y: number) => [number, number, number]} {
	const start = sequence.indexOf('q');
	const body = sequence.slice(start + 1, sequence.lastIndexOf('\u001B\\'));
	const result = decodeSixel(body);
	return {
		width: result.width,
		height: result.height,
		pixel(x, y) {
			const value = result.data32[(y * result.width) + x]!;
			return [value & 0xFF, (value >> 8) & 0xFF, (value >> 16) & 0xFF];
		},
	};
}

/** A real HTTP server on 127.0.0.1 serving `files` (path → bytes) with whatever Content-Type is given (default a lie). */
export async function startImageServer(files: Record<string, Buffer | {body: Buffer; type: string}>): Promise<{url: (name: string) => string; close: () => Promise<void>; requests: string[]}> {
	const requests: string[] = [];
	const server = http.createServer((request, response) => {
		requests.push(request.url ?? '');
		const entry = files[(request.url ?? '/').slice(1)];
		if (entry === undefined) {
			response.writeHead(404, {'content-type': 'text/html'}).end('<p>not found</p>');
			return;
		}

		const {body, type} = Buffer.isBuffer(entry) ? {body: entry, type: 'image/png'} : entry;
		response.writeHead(200, {'content-type': type, 'content-length': body.length}).end(body);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as AddressInfo;
	return {
		url: name => `http://127.0.0.1:${port}/${name}`,
		requests,
		close: async () => new Promise<void>(resolve => {
			server.close(() => resolve());
		}),
	};
}
