/**
The full-text index at library scale: full build, an update for 100 new articles, an unchanged re-sync, warm query
latency (median of N runs after a warm-up) and the size on disk. Run:

	node --import=tsx bench/search-index.ts [--count 100000] [--runs 15]

The library is the shared seeded corpus (bench/lib/corpus.ts), cached under the temp folder; the index goes to a
fresh temp folder that is removed afterwards. The 100 new articles live in a folder of their own and are presented
to the index under `bench-new/`, so the shared corpus is never written to.
*/
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {openSearchIndex, type IndexFile} from '../source/adapters/search-index.js';
import {articleBody, articleFile, articleMeta, ensureCorpus, sources} from './lib/corpus.js';
import {numberArgument} from './lib/in-process.js';

const count = numberArgument('count', 100_000);
const runs = numberArgument('runs', 15);
const seed = 42;

const median = (values: number[]): number => {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

const ms = (value: number) => `${value.toFixed(1)} ms`;

function scan(library: string): IndexFile[] {
	const files: IndexFile[] = [];
	for (const folder of fs.readdirSync(library, {withFileTypes: true})) {
		if (!folder.isDirectory()) {
			continue;
		}

		for (const name of fs.readdirSync(path.join(library, folder.name))) {
			const relative = `${folder.name}/${name}`;
			const stat = fs.statSync(path.join(library, relative));
			files.push({path: relative, size: stat.size, mtimeMs: stat.mtimeMs});
		}
	}

	return files;
}

function folderBytes(folder: string): number {
	let total = 0;
	for (const name of fs.readdirSync(folder)) {
		total += fs.statSync(path.join(folder, name)).size;
	}

	return total;
}

const corpus = await ensureCorpus(count, seed);
const extra = await fsp.mkdtemp(path.join(os.tmpdir(), 'tidings-bench-new-'));
const cacheDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'tidings-bench-index-'));
try {
	const files = scan(corpus.library);
	const read = async (relative: string) => (relative.startsWith('bench-new/')
		? fsp.readFile(path.join(extra, relative.slice('bench-new/'.length)))
		: fsp.readFile(path.join(corpus.library, relative)));

	console.log(`library: ${files.length} articles, ${(corpus.bytes / 1e6).toFixed(0)} MB (${corpus.library})`);
	const index = openSearchIndex(cacheDir);
	let started = performance.now();
	const built = await index.sync(corpus.library, files, read);
	const buildMs = performance.now() - started;
	console.log(`full build: ${(buildMs / 1000).toFixed(1)} s (${built.added} added)`);

	started = performance.now();
	const same = await index.sync(corpus.library, files, read);
	console.log(`re-sync, nothing changed: ${ms(performance.now() - started)} (${same.unchanged} unchanged)`);

	const newFiles: IndexFile[] = [];
	for (let index_ = 0; index_ < 100; index_++) {
		const meta = articleMeta(seed + 1, index_);
		const name = `new-${index_}.md`;
		const text = articleFile(meta, articleBody(seed + 1, meta).markdown);
		await fsp.writeFile(path.join(extra, name), text);
		const stat = await fsp.stat(path.join(extra, name));
		newFiles.push({path: `bench-new/${name}`, size: stat.size, mtimeMs: stat.mtimeMs});
	}

	started = performance.now();
	const update = await index.sync(corpus.library, [...files, ...newFiles], read);
	const updateMs = performance.now() - started;
	console.log(`update, 100 new articles: ${ms(updateMs)} (${update.added} added)`);

	const queries = [
		'harbour', // in nearly every article: the ranking worst case
		'tidal barrier', // title words, in a share of articles
		'"tidal barrier"',
		'"seed banks" ferry',
		'lighthouse keepers -storm',
		`council vote source:"${sources[0]!.name}"`, // a ranked word with a filter that keeps 1 in 50
		'council vote source:nowhere', // a filter that keeps nothing: every match is tested
		'museum loans after:2025-06',
		'shipbuilders OR beekeepers',
		'zzzunmatched',
	];
	const medians: Array<[string, number, number]> = [];
	for (const query of queries) {
		const first = index.search(query, {limit: 20});
		const times: number[] = [];
		for (let run = 0; run < runs; run++) {
			started = performance.now();
			index.search(query, {limit: 20});
			times.push(performance.now() - started);
		}

		medians.push([query, median(times), first.ok ? first.hits.length : -1]);
	}

	for (const [query, time, hits] of medians) {
		console.log(`query ${JSON.stringify(query)}: median ${ms(time)} (${hits} hits)`);
	}

	const all = medians.map(([, time]) => time);
	console.log(`warm query, median of the per-query medians: ${ms(median(all))}; slowest query median: ${ms(Math.max(...all))}`);
	index.close();
	console.log(`size on disk: ${(folderBytes(cacheDir) / 1e6).toFixed(0)} MB for ${(corpus.bytes / 1e6).toFixed(0)} MB of articles`);
	console.log(JSON.stringify({count: files.length, buildMs, updateMs, queryMedianMs: median(all), querySlowestMs: Math.max(...all), bytes: folderBytes(cacheDir)}));
} finally {
	await fsp.rm(extra, {recursive: true, force: true});
	await fsp.rm(cacheDir, {recursive: true, force: true});
}
