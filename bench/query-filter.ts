/**
The type-as-you-go filter at library scale: each keystroke re-parses the query and filters every article's metadata.
Prints the one-off cost of folding the rows, then the median and 95th percentile per keystroke. Run:

	node --import=tsx bench/query-filter.ts [--count 100000] [--runs 5]

Metadata comes from the shared seeded corpus generator (bench/lib/corpus.ts) without touching the disk; tags,
authors, feeds and a few accented titles are added deterministically so that every operator has work to do.
*/
import {performance} from 'node:perf_hooks';
import {filterArticles, parseQuery, prepareRows, type Marks} from '../source/core/query/index.js';
import {benchMetas, numberArgument} from './lib/in-process.js';

const count = numberArgument('count', 100_000);
const runs = numberArgument('runs', 5);
const metas = benchMetas(count, {varied: true});

const read = new Set(metas.filter((_meta, index) => index % 3 === 0).map(meta => meta.id));
const starred = new Set(metas.filter((_meta, index) => index % 50 === 0).map(meta => meta.id));
// As the TUI should pass them: with a version that changes when a mark does, so marks are looked up once per change.
const marks: Marks = {isRead: id => read.has(id), isStarred: id => starred.has(id), version: 1};

const typed = (text: string): string[] => Array.from({length: text.length}, (_, index) => text.slice(0, index + 1));
const keystrokes = [
	...typed('council vote'),
	...typed('cafe'),
	...typed('"night trains"'),
	...typed('source:harbour is:unread'),
	...typed('tag:economie -is:read'),
	...typed('author:bjorn after:2025-06'),
	...typed('bridge OR ferry -tag:sport'),
	...typed('(scientists OR engineers) before:2025-01'),
];

let started = performance.now();
prepareRows(metas);
const foldMs = performance.now() - started;

const times: number[] = [];
let matched = 0;
for (let run = 0; run < runs + 1; run++) {
	for (const text of keystrokes) {
		started = performance.now();
		const parsed = parseQuery(text);
		const matches = parsed.ok ? filterArticles(parsed.query, metas, marks) : undefined;
		const elapsed = performance.now() - started;
		if (run > 0) {
			// The first pass warms the JIT.
			times.push(elapsed);
			matched += matches?.length ?? 0;
		}
	}
}

times.sort((a, b) => a - b);
const at = (fraction: number) => times[Math.min(times.length - 1, Math.floor(fraction * times.length))]!;
console.log(`${count} articles; folding every row once: ${foldMs.toFixed(0)} ms`);
console.log(`filter per keystroke (parse + filter, ${times.length} keystrokes): median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms`);
console.log(JSON.stringify({count, foldMs, medianMs: at(0.5), p95Ms: at(0.95), maxMs: times.at(-1), averageMatches: Math.round(matched / times.length)}));
