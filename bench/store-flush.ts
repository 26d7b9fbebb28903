/**
How long one flush of the read-state store takes with 50,000 marks in it (the flush runs on the UI thread 250 ms
after a change). `node --import=tsx bench/store-flush.ts`
*/
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {StateStore} from '../source/adapters/state-store.js';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-flush-'));
try {
	const {store} = StateStore.open(directory);
	store.change(state => {
		for (let index = 0; index < 50_000; index++) {
			state.read.add(`source-${index % 50}/2026-01-01-article-number-${index}.md`);
		}
	}, {flush: 'now'});
	const times: number[] = [];
	for (let round = 0; round < 31; round++) {
		const started = performance.now();
		store.change(state => {
			state.read.add(`new-${round}`);
		}, {flush: 'now'});
		times.push(performance.now() - started);
	}

	times.sort((a, b) => a - b);
	process.stdout.write(`flush with 50,000 marks: median ${times[15]!.toFixed(1)} ms, p95 ${times[29]!.toFixed(1)} ms; file ${fs.statSync(store.path).size} bytes\n`);
} finally {
	fs.rmSync(directory, {recursive: true, force: true});
}
