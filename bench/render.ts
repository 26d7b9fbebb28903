// `node --import=tsx bench/render.ts [--runs N] [--width W]`: renderMarkdown on a 1 MB article of the bench's shape
// (paragraphs, lists, tables, code; bench/lib/corpus.ts generateBigArticle), after a warm-up, printing the median.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {parseArgs} from 'node:util';
import {generateBigArticle} from './lib/corpus.js';
import {renderMarkdown} from '../source/core/render/render-article.js';

const {values} = parseArgs({options: {runs: {type: 'string', default: '7'}, width: {type: 'string', default: '80'}, bytes: {type: 'string', default: String(1024 * 1024)}}});
const runs = Number(values.runs);
const width = Number(values.width);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-bench-render-'));
try {
	const file = path.join(work, 'long-read.md');
	const info = await generateBigArticle(file, Number(values.bytes));
	const text = fs.readFileSync(file, 'utf8');
	const body = text.slice(text.indexOf('\n---\n', 4) + 5);
	const samples: number[] = [];
	let lines = 0;
	for (let run = 0; run <= runs; run++) {
		const start = performance.now();
		const rendered = renderMarkdown(body, {width, color: true});
		const elapsed = performance.now() - start;
		lines = rendered.lines.length;
		if (run > 0) {
			samples.push(elapsed);
		}
	}

	samples.sort((a, b) => a - b);
	const median = samples[Math.floor(samples.length / 2)]!;
	process.stdout.write(`renderMarkdown ${info.bytes} bytes at width ${width}: median ${median.toFixed(1)} ms over ${runs} runs (min ${samples[0]!.toFixed(1)}, max ${samples.at(-1)!.toFixed(1)}), ${lines} lines\n`);
} finally {
	fs.rmSync(work, {recursive: true, force: true});
}
