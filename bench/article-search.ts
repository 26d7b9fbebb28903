// `node --import=tsx bench/article-search.ts [--runs N]`: search inside a 1 MB article, as `/` does while typing.
// Two articles: the bench's long read (bench/lib/corpus.ts generateBigArticle, mostly ASCII) and a generated one where
// a third of the paragraphs carry accented Latin, CJK and Arabic words. Each is rendered once at width 80 (not
// measured); then, per run, a fresh folded index is built by the first keystroke and every later keystroke scans it.
// Prints the median of the first keystroke (index build + scan) and of the later ones (scan only), in milliseconds.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {parseArgs} from 'node:util';
import {generateBigArticle} from './lib/corpus.js';
import {createRandom} from './lib/prng.js';
import {summarise} from './lib/stats.js';
import {renderMarkdown} from '../source/core/render/render-article.js';
import {findInLines, foldLines} from '../source/core/text/find-in-lines.js';

const {values} = parseArgs({options: {runs: {type: 'string', default: '9'}}});
const runs = Number(values.runs);
const megabyte = 1024 * 1024;

function mixedArticle(bytes: number): string {
	const random = createRandom(8, 1);
	const plain = ['the', 'reader', 'coffee', 'market', 'river', 'council', 'report', 'said', 'on', 'tuesday', 'while', 'prices', 'rose'];
	const foreign = ['café', 'Zürich', 'naïve', 'São', 'Paulo', 'Łódź', 'Straße', '東京', '北京の', 'ニュース', 'القاهرة', 'الأخبار', 'Ørsted'];
	const paragraphs: string[] = [];
	let size = 0;
	while (size < bytes) {
		const words = random.chance(1 / 3) ? [...plain, ...foreign] : plain;
		const paragraph = Array.from({length: random.int(40, 120)}, () => random.pick(words)).join(' ') + '.';
		const block = random.chance(0.05) ? `## ${paragraph.slice(0, 40)}` : paragraph;
		paragraphs.push(block);
		size += Buffer.byteLength(block) + 2;
	}

	return paragraphs.join('\n\n');
}

const queries = ['coffee pr', 'zurich', 'Straße', '東京'];

function measure(name: string, body: string) {
	const rendered = renderMarkdown(body, {width: 80, color: true});
	const first: number[] = [];
	const later: number[] = [];
	let matches = 0;
	for (let run = 0; run <= runs; run++) {
		for (const query of queries) {
			let index: ReturnType<typeof foldLines> | undefined;
			for (let length = 1; length <= [...query].length; length++) {
				const typed = [...query].slice(0, length).join('');
				const start = performance.now();
				index ??= foldLines(rendered.lines);
				matches = findInLines(index, typed).length;
				const elapsed = performance.now() - start;
				if (run > 0) {
					(length === 1 ? first : later).push(elapsed);
				}
			}
		}
	}

	const f = summarise(first)!;
	const l = summarise(later)!;
	const format = (value: number) => value.toFixed(2);
	process.stdout.write(`${name}: ${(Buffer.byteLength(body) / megabyte).toFixed(2)} MB, ${rendered.lines.length} lines; `
		+ `first keystroke (fold + scan) median ${format(f.median)} ms, p95 ${format(f.p95)}; `
		+ `later keystrokes median ${format(l.median)} ms, p95 ${format(l.p95)}, max ${format(l.max)} (last query: ${matches} matches)\n`);
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-bench-search-'));
try {
	const file = path.join(work, 'long-read.md');
	await generateBigArticle(file, megabyte);
	const text = fs.readFileSync(file, 'utf8');
	measure('long read', text.slice(text.indexOf('\n---\n', 4) + 5));
	measure('mixed scripts', mixedArticle(megabyte));
} finally {
	fs.rmSync(work, {recursive: true, force: true});
}
