/**
Issue 18: key latency on the reader's thread while the slow work runs, measured in-process with the reader's own
reducer and effects. A key (`j`, then `k`, alternately) is due every 10 ms; its latency is how late the event loop
got to it (what a key arriving then would wait) plus the time the reducer takes to handle it. Ink's frame comes on
top (~4 ms at 120×40, the pseudo-terminal measures of `npm run bench`). Four phases:

- idle: nothing else running (the floor);
- the start-up comparison of the disk with the index the list was painted from (every file stat-ed; a tenth of
  them older in the index, so their heads are read), in the reader's thread as the reader runs it (the heads in the
  scan worker);
- a full build of the full-text index of the corpus (`open-index`, as the first `f` starts it), from an empty cache;
- a refresh of 50 feeds from a local HTTP server (`fetch-feeds`, 40 new items each), their rows joining the list.

The list holds the whole corpus throughout. Run:

	node --import=tsx bench/latency.ts [--count 100000] [--feeds 50] [--no-index]
*/
import fs from 'node:fs';
import {spawn} from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {initialState, type Action, type AppState} from '../source/app/state.js';
import {reducer} from '../source/app/reducer.js';
import {Marks} from '../source/app/marks.js';
import type {Effect} from '../source/app/actions.js';
import {runEffect, SearchIndexHolder, type EffectDeps} from '../source/effects/index.js';
import {loadLibrary} from '../source/adapters/library.js';
import {LibraryWatcher} from '../source/adapters/library-watcher.js';
import {sortArticles} from '../source/core/library/sort.js';
import {StateStore} from '../source/adapters/state-store.js';
import {addSubscriptions} from '../source/adapters/feeds/subscriptions.js';
import {ensureCorpus} from './lib/corpus.js';
import {numberArgument} from './lib/in-process.js';

const count = numberArgument('count', 100_000);
const feeds = numberArgument('feeds', 50);
const skipIndex = process.argv.includes('--no-index');
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-latency-'));

let state: AppState = initialState({rows: 40, columns: 120, marks: Marks.from({read: [], starred: [], positions: []})});
let deps: EffectDeps;
const running = new Set<Promise<unknown>>();

/** The longest the reducer took over an action that was not a key (what else holds the thread). */
const slowest: Array<{type: string; ms: number}> = [];

function dispatch(action: Action): void {
	const started = performance.now();
	const [next, effects] = reducer(state, action);
	if (action.type !== 'key') {
		slowest.push({type: action.type, ms: performance.now() - started});
	}

	state = next;
	for (const effect of effects) {
		start(effect);
	}
}

// The effects of the phase run as the reader runs them; their actions come back to the reducer on this thread.
function start(effect: Effect): void {
	if (effect.type !== 'open-index' && effect.type !== 'fetch-feeds' && effect.type !== 'prepare-filter') {
		return;
	}

	const done = runEffect(effect, deps).then(actions => {
		for (const action of actions) {
			dispatch(action);
		}
	});
	running.add(done);
	void done.finally(() => running.delete(done));
}

const sleep = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

/** Keys every 10 ms until `until` resolves (or for `ms`). */
async function keys(until: Promise<unknown>): Promise<number[]> {
	let finished = false;
	void until.finally(() => {
		finished = true;
	});
	const samples: number[] = [];
	let spec = 'j';
	while (!finished) {
		const due = performance.now() + 10;
		 
		await sleep(10);
		const started = performance.now();
		dispatch({type: 'key', spec});
		spec = spec === 'j' ? 'k' : 'j';
		samples.push(Math.max(0, started - due) + (performance.now() - started));
	}

	return samples;
}

function summary(name: string, samples: number[], took: number): string {
	const sorted = [...samples].sort((a, b) => a - b);
	const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? 0;
	const over = samples.filter(sample => sample > 16).length;
	return `${name} (${(took / 1000).toFixed(1)} s, ${samples.length} keys): median ${at(0.5).toFixed(2)} ms, p95 ${at(0.95).toFixed(2)} ms, p99 ${at(0.99).toFixed(2)} ms, max ${sorted.at(-1)?.toFixed(2) ?? '0'} ms; ${over} over 16 ms`;
}

async function settle(): Promise<void> {
	while (running.size > 0) {
		 
		await Promise.all([...running]);
	}
}

function rss(feed: number, items: number): string {
	const entries = Array.from({length: items}, (_, item) => `<item><title>Feed ${feed} story ${item} about the harbour</title><link>https://example.com/${feed}/${item}</link><guid>f${feed}-${item}</guid><pubDate>${new Date(Date.UTC(2026, 5, 1 + (item % 28), feed % 24)).toUTCString()}</pubDate><description>&lt;p&gt;${'Words of the story, with a &lt;b&gt;bold&lt;/b&gt; part. '.repeat(40)}&lt;/p&gt;</description></item>`);
	return `<?xml version="1.0"?><rss version="2.0"><channel><title>Bench feed ${feed}</title><link>https://example.com/${feed}</link>${entries.join('')}</channel></rss>`;
}

try {
	// The modules the effects load on first use, loaded ahead: under tsx a first import is compiled on this thread, which
	// the bundled reader never does.
	await Promise.all([import('../source/adapters/index-in-worker.js'), import('../source/adapters/search-index.js'), import('../source/adapters/feeds/fetch-in-worker.js'), import('../source/adapters/notify.js')]);
	const corpus = await ensureCorpus(count, 42);
	const loadStarted = performance.now();
	const metas = await loadLibrary(corpus.library, {cacheDir: path.join(scratch, 'meta-cache')});
	const loadMs = performance.now() - loadStarted;
	const {store} = StateStore.open(path.join(scratch, 'config'));
	deps = {
		store,
		cache: {get: async () => Promise.reject(new Error('not rendered in this bench'))},
		searchIndex: new SearchIndexHolder(),
		libraryDir: corpus.library,
		cacheDir: path.join(scratch, 'cache'),
		environment: process.env,
		progress: dispatch,
		quit() {},
	};
	dispatch({type: 'library-loaded', articles: sortArticles(metas, 'newest'), final: true});
	await settle();
	console.log(`${count} articles in the list (read in ${(loadMs / 1000).toFixed(1)} s); Node ${process.version}; load average ${os.loadavg().map(load => load.toFixed(2)).join(' ')}`);

	let began = performance.now();
	console.log(summary('idle', await keys(sleep(2000)), performance.now() - began));

	// The reader's start: the list painted from the index, then the disk compared with the index's rows, in the index's
	// order as the reader gives them (every file stat-ed, in the reader's thread between keys) while keys arrive; the
	// index holds an older mtime for a tenth of the files, so their heads are read again too (in the scan worker: the
	// corpus itself is not touched, the other benches share it).
	{
		const known = metas.map((meta, index) => (index % 10 === 0 ? {...meta, mtimeMs: meta.mtimeMs - 1000} : meta));
		const watcher = new LibraryWatcher(corpus.library, () => undefined);
		began = performance.now();
		const comparing = watcher.start({manual: true, known});
		const compareSamples = await keys(comparing);
		const changes = await comparing;
		watcher.close();
		console.log(summary(`start-up comparison of ${count} files with the index`, compareSamples, performance.now() - began) + ` (${changes.upserts.length} changed files read)`);
		dispatch({type: 'library-changed', upserts: changes.upserts, removed: changes.removed, added: changes.added.length, final: true});
		await settle();
	}

	// The first `f`: the index is built from nothing, in its worker.
	if (!skipIndex) {
		began = performance.now();
		const build = runEffect({type: 'open-index', articles: state.all}, deps);
		const buildSamples = await keys(build);
		const [status] = await build;
		console.log(summary(`full-text index build, ${count} articles`, buildSamples, performance.now() - began) + ` (${status?.type === 'index-status' ? status.status : 'no status'})`);
		deps.searchIndex.close();
	}

	// 50 feeds from 127.0.0.1 (a server in a process of its own, so serving costs this thread nothing), fetched and
	// written in the fetch worker, each batch of rows merged into the list here.
	const feedsDir = path.join(scratch, 'feeds');
	fs.mkdirSync(feedsDir);
	for (let feed = 0; feed < feeds; feed++) {
		fs.writeFileSync(path.join(feedsDir, `feed-${feed}.xml`), rss(feed, 40));
	}

	const server = spawn(process.execPath, ['-e', `
const http = require('node:http'); const fs = require('node:fs'); const path = require('node:path');
const server = http.createServer((request, response) => {
	const file = path.join(${JSON.stringify(feedsDir)}, path.basename(request.url ?? ''));
	fs.readFile(file, (error, body) => { if (error) { response.writeHead(404).end(); } else { response.writeHead(200, {'Content-Type': 'application/rss+xml'}).end(body); } });
});
server.listen(0, '127.0.0.1', () => { process.stdout.write(String(server.address().port) + '\\n'); });
`], {stdio: ['ignore', 'pipe', 'inherit']});
	const port = await new Promise<number>(resolve => {
		server.stdout.once('data', (chunk: Buffer) => {
			resolve(Number(chunk.toString().trim()));
		});
	});
	addSubscriptions(store, Array.from({length: feeds}, (_, feed) => ({url: `http://127.0.0.1:${port}/feed-${feed}.xml`, slug: `feed-${feed}`})));
	store.flush();
	const library = path.join(scratch, 'library');
	fs.mkdirSync(library);
	deps = {...deps, libraryDir: library};
	const before = state.all.length;
	began = performance.now();
	dispatch({type: 'refresh-due'});
	const refreshSamples = await keys(settle());
	console.log(summary(`refresh of ${feeds} feeds from a local HTTP server`, refreshSamples, performance.now() - began) + ` (${state.all.length - before} rows joined the list)`);
	server.kill();
	slowest.sort((a, b) => b.ms - a.ms);
	console.log(`slowest other actions: ${slowest.slice(0, 4).map(entry => `${entry.type} ${entry.ms.toFixed(1)} ms`).join(', ')}`);
	console.log(`load average at the end: ${os.loadavg().map(load => load.toFixed(2)).join(' ')}`);
} finally {
	fs.rmSync(scratch, {recursive: true, force: true});
}
