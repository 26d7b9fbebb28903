// `npx node --import=tsx bench/images.ts [--runs N]` (the project's Node: its worker threads load TypeScript through tsx): the image path's costs, median of N runs after a warm-up, through the
// real image worker (the thread the reader uses): each hostile kind refused, and real pictures made ready for kitty
// (PNG) and sixel at an 80-column page with 10×20-pixel cells.
import {performance} from 'node:perf_hooks';
import {parseArgs} from 'node:util';
import {ImageWorker} from '../source/adapters/image-worker.js';
import type {Protocol} from '../source/core/images/picture.js';
import {greenJpeg, hostile, twoBandPng, twoFrameGif} from '../test/helpers/images.js';

const {values} = parseArgs({options: {runs: {type: 'string', default: '5'}}});
const runs = Number(values.runs);
const worker = new ImageWorker();
const cell = {width: 10, height: 20};
const box = {columns: 80, rows: 30};
const cases: Array<[string, Buffer, Protocol]> = [
	...Object.entries(hostile).map(([name, make]) => [`refuse ${name}`, make(), 'kitty'] as [string, Buffer, Protocol]),
	['PNG 1600×900 → kitty', twoBandPng(1600, 900), 'kitty'],
	['JPEG 4000×3000 → kitty', greenJpeg(4000, 3000), 'kitty'],
	['JPEG 4000×3000 → sixel', greenJpeg(4000, 3000), 'sixel'],
	['GIF 800×600 → sixel', twoFrameGif(800, 600), 'sixel'],
];
console.log('| case | file | median | result |\n| --- | ---: | ---: | --- |');
for (const [name, bytes, protocol] of cases) {
	const samples: number[] = [];
	let result = '';
	for (let run = 0; run <= runs; run++) {
		const start = performance.now();
		 
		const prepared = await worker.prepare(new Uint8Array(bytes), protocol, cell, box);
		const elapsed = performance.now() - start;
		result = prepared.ok ? `${prepared.value.columns}×${prepared.value.rows} cells` : prepared.error;
		if (run > 0) {
			samples.push(elapsed);
		}
	}

	samples.sort((a, b) => a - b);
	console.log(`| ${name} | ${Math.round(bytes.length / 1024)} KB | ${samples[Math.floor(samples.length / 2)]!.toFixed(1)} ms | ${result} |`);
}

await worker.close();
