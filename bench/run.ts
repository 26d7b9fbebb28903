// `npm run bench`: Tidings and newsboat side by side on generated libraries (issue 3). See bench/README.md.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import {execFile} from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {parseArgs, promisify} from 'node:util';
import {ensureBigArticleLibrary, ensureCorpus, type Corpus} from './lib/corpus.js';
import {TitleIndex} from './lib/match.js';
import {ensureNewsboatCache, findOnPath, newsboatRun, newsboatWorkspace} from './lib/newsboat.js';
import {checkTargets, markdown, type Load, type MarksResult, type ProgramResult, type Results, type Section, type SizeResult, type StartupResult} from './lib/report.js';
import {floorRun, type FloorMode} from './lib/floor.js';
import {buildFloor, floorTitles} from './floor/build.js';
import {Samples} from './lib/stats.js';
import {bigArticleRun, freshFolders, halfRead, listJson, marksRun, snapshotBuild, tidingsBuilt, tidingsRun, tidingsEnv} from './lib/tidings.js';

const execFileAsync = promisify(execFile);

const usage = `npm run bench [-- options]

  --sizes 1000,10000,100000   library sizes (default: all three)
  --runs N                    runs per size (default 5; at 100k at most 3 unless --runs is given)
  --quick                     1k only, 2 runs: a smoke run (< 60 s)
  --seed N                    corpus seed (default 42)
  --no-newsboat               leave newsboat out even when it is on the PATH
  --no-floor                  leave the Ink floor out
  --keep                      keep the temporary work folders
`;

const {values} = parseArgs({
	options: {
		sizes: {type: 'string'},
		runs: {type: 'string'},
		quick: {type: 'boolean', default: false},
		seed: {type: 'string', default: '42'},
		'no-newsboat': {type: 'boolean', default: false},
		'no-floor': {type: 'boolean', default: false},
		keep: {type: 'boolean', default: false},
		help: {type: 'boolean', default: false},
	},
});

if (values.help) {
	process.stdout.write(usage);
	process.exit(0);
}

const quick = values.quick;
const sizes = quick ? [1000] : (values.sizes ?? '1000,10000,100000').split(',').map(Number);
if (sizes.some(size => !Number.isInteger(size) || size < 1)) {
	throw new Error(`--sizes takes whole numbers, not ${values.sizes}`);
}

const runs = values.runs ? Number(values.runs) : (quick ? 2 : 5);
const runsAt100k = values.runs ? runs : Math.min(runs, 3);
const seed = Number(values.seed);
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outputDir = path.join(root, 'bench', 'output');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-bench-run-'));
const buildCopy = path.join(outputDir, `.build-${process.pid}`);
const log = (line: string): void => {
	process.stderr.write(`${line}\n`);
};

const timeoutFor = (size: number): number => Math.max(30_000, size * 0.6);
const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
const toResult = (samples: Samples, errors: string[]): ProgramResult => ({summaries: samples.summaries(), samples: samples.values, errors});
const loadNow = (): number => os.loadavg()[0]!;
let floorStarter: string | undefined;

/** Wall time of whole short commands: a bare `node -e 0` against `tidings --version` and `tidings --help`. */
async function benchStartup(bin: string): Promise<StartupResult> {
	const load: Load = {start: loadNow()};
	const samples = new Samples();
	const errors: string[] = [];
	const env = tidingsEnv(await freshFolders(work, work, []));
	const time = async (args: string[]): Promise<number> => {
		const started = performance.now();
		await execFileAsync(process.execPath, args, {env, cwd: work});
		return performance.now() - started;
	};

	const count = quick ? 7 : 15;
	try {
		// Once each first, so the compile cache and the page cache are warm, as on any start but the very first.
		for (const args of [['-e', '0'], [bin, '--version'], [bin, '--help']]) {
			await time(args);
		}

		// Interleaved, so a burst of load on the shared machine hits all three alike.
		for (let run = 0; run < count; run++) {
			samples.add('nodeMs', await time(['-e', '0']));
			samples.add('versionMs', await time([bin, '--version']));
			samples.add('helpMs', await time([bin, '--help']));
		}

		// What one worker thread that loads nothing adds to a process's RSS: Tidings renders in a worker (so that a
		// hostile article costs a render's deadline, never a frozen reader), so its memory floor is the Ink floor plus
		// this (issue 14). Its own process each time; the RSS once the worker is running and has answered.
		for (let run = 0; run < 5; run++) {
			const {stdout} = await execFileAsync(process.execPath, ['-e', idleWorkerScript], {env, cwd: work});
			samples.add('idleWorkerMb', Number(stdout) / 1024 / 1024);
		}
	} catch (error) {
		errors.push(errorText(error));
	}

	load.end = loadNow();
	return {...toResult(samples, errors), load};
}

const idleWorkerScript = `
const {Worker} = require('node:worker_threads');
const before = process.memoryUsage().rss;
const worker = new Worker('require("node:worker_threads").parentPort.postMessage(0); setInterval(() => {}, 1000);', {eval: true});
worker.once('message', () => setTimeout(() => {
	process.stdout.write(String(process.memoryUsage().rss - before));
	process.exit(0);
}, 200));
`;

async function benchSize(corpus: Corpus, newsboatBin: string | undefined, built: boolean): Promise<SizeResult> {
	const size = corpus.count;
	const count = size >= 100_000 ? runsAt100k : runs;
	const index = TitleIndex.build(corpus);
	const load: Load = {start: loadNow()};
	const result: SizeResult = {size, corpus: {files: corpus.files, bytes: corpus.bytes, generatedMs: corpus.generatedMs, cached: corpus.cached}, load};
	if (built) {
		const samples = new Samples();
		const errors: string[] = [];
		for (let run = 1; run <= count; run++) {
			log(`  Tidings ${size}: run ${run}/${count}`);
			try {
				await tidingsRun(corpus, index, work, samples, timeoutFor(size));
			} catch (error) {
				errors.push(errorText(error));
				log(`    failed: ${errorText(error)}`);
			}

			try {
				const folders = await freshFolders(work, corpus.library, halfRead(corpus));
				samples.add('listJsonColdMs', (await listJson(folders, size)).ms);
				samples.add('listJsonWarmMs', (await listJson(folders, size)).ms);
			} catch (error) {
				errors.push(`list --json: ${errorText(error)}`);
				log(`    list --json failed: ${errorText(error)}`);
			}
		}

		result.tidings = toResult(samples, errors);
	}

	if (floorStarter) {
		const titles = await floorTitles(corpus);
		for (const mode of ['rows', 'screen'] as FloorMode[]) {
			const samples = new Samples();
			const errors: string[] = [];
			for (let run = 1; run <= count; run++) {
				log(`  Ink floor (${mode}) ${size}: run ${run}/${count}`);
				try {
					await floorRun(floorStarter, mode, corpus, titles, index, samples, timeoutFor(size));
				} catch (error) {
					errors.push(errorText(error));
					log(`    failed: ${errorText(error)}`);
				}
			}

			result[mode === 'rows' ? 'floorRows' : 'floorScreen'] = toResult(samples, errors);
		}
	}

	if (newsboatBin) {
		const samples = new Samples();
		const errors: string[] = [];
		try {
			const cache = await ensureNewsboatCache(corpus, newsboatBin, log);
			if (cache.reloadMs !== undefined) {
				log(`  newsboat -x reload of ${size} items took ${(cache.reloadMs / 1000).toFixed(1)} s`);
			}

			const workspace = await newsboatWorkspace(cache, await fsp.mkdtemp(path.join(work, 'newsboat-')));
			for (let run = 1; run <= count; run++) {
				log(`  newsboat ${size}: run ${run}/${count}`);
				try {
					await newsboatRun(cache, workspace, index, size, samples, timeoutFor(size));
				} catch (error) {
					errors.push(errorText(error));
					log(`    failed: ${errorText(error)}`);
				}
			}

			result.newsboat = {...toResult(samples, errors), version: cache.version, reloadMs: cache.reloadMs, feedBytes: cache.feedBytes};
		} catch (error) {
			log(`  newsboat setup failed: ${errorText(error)}`);
			result.newsboat = {...toResult(samples, [errorText(error)]), version: 'newsboat', feedBytes: 0};
		}
	}

	load.end = loadNow();
	return result;
}

async function benchMarks(corpus: Corpus): Promise<MarksResult> {
	const marks = halfRead(corpus).slice(0, 50_000);
	// Marks for articles no longer in the library, as a long-time reader's store holds.
	for (let old = 0; marks.length < 50_000; old++) {
		marks.push(`https://gone.example/${old}`);
	}

	const index = TitleIndex.build(corpus);
	const zero = new Samples();
	const full = new Samples();
	const zeroErrors: string[] = [];
	const fullErrors: string[] = [];
	let check: MarksResult['check'];
	const count = quick ? 1 : Math.min(runs, 3);
	const rounds = quick ? 4 : 8;
	for (let run = 1; run <= count; run++) {
		log(`  read marks (${corpus.count}): run ${run}/${count}`);
		try {
			await marksRun(corpus, index, work, [], 'zero', zero, timeoutFor(corpus.count), rounds);
		} catch (error) {
			zeroErrors.push(errorText(error));
			log(`    failed: ${errorText(error)}`);
		}

		try {
			const outcome = await marksRun(corpus, index, work, marks, 'full', full, timeoutFor(corpus.count), rounds);
			const worst = check && (check.lost + check.missingNew > outcome.lost + outcome.missingNew) ? check : {...outcome, expectedAtLeast: marks.length};
			check = {...worst, expectedAtLeast: marks.length};
		} catch (error) {
			fullErrors.push(errorText(error));
			log(`    failed: ${errorText(error)}`);
		}
	}

	return {size: corpus.count, marks: marks.length, zero: toResult(zero, zeroErrors), full: toResult(full, fullErrors), check};
}

async function main(): Promise<void> {
	const started = performance.now();
	const startedAt = new Date().toISOString();
	// Other work on the machine skews every figure; the load average says how much there was.
	const loadAverageAtStart = os.loadavg()[0]!;
	const built = tidingsBuilt();
	const newsboatBin = values['no-newsboat'] ? undefined : findOnPath('newsboat');
	let newsboatVersion: string | undefined;
	let startup: StartupResult | undefined;
	if (built) {
		const bin = snapshotBuild(buildCopy);
		log('start of a command: node -e 0, tidings --version, tidings --help…');
		startup = await benchStartup(bin);
	} else {
		log('Tidings is not built (no dist/cli.js): measuring newsboat alone.');
	}

	if (!newsboatBin) {
		log(values['no-newsboat'] ? 'newsboat left out (--no-newsboat): Tidings\' figures alone.' : 'newsboat is not on the PATH: Tidings\' figures alone (apt-get install newsboat to compare).');
	}

	if (!values['no-floor']) {
		floorStarter = await buildFloor(path.join(buildCopy, 'floor'));
	}

	const sizeResults: SizeResult[] = [];
	const corpora = new Map<number, Corpus>();
	for (const size of sizes) {
		log(`${size} articles: preparing the library…`);
		const corpus = await ensureCorpus(size, seed);
		corpora.set(size, corpus);
		log(corpus.cached ? `  library from the cache (${corpus.library})` : `  generated ${size} articles (${(corpus.bytes / 1e6).toFixed(0)} MB) in ${((corpus.generatedMs ?? 0) / 1000).toFixed(1)} s`);
		const result = await benchSize(corpus, newsboatBin, built);
		newsboatVersion ??= result.newsboat?.version;
		sizeResults.push(result);
	}

	let big: Results['big'];
	let marks: MarksResult | undefined;
	if (built) {
		log('1 MB article…');
		const library = await ensureBigArticleLibrary(1_000_000);
		const index = new TitleIndex();
		index.add(0, library.title, library.firstMarker);
		const samples = new Samples();
		const errors: string[] = [];
		const bigLoad: Load = {start: loadNow()};
		for (let run = 1; run <= runs; run++) {
			try {
				await bigArticleRun(library, index, work, samples, 30_000);
			} catch (error) {
				errors.push(errorText(error));
				log(`    failed: ${errorText(error)}`);
			}
		}

		bigLoad.end = loadNow();
		big = {...toResult(samples, errors), bytes: library.bytes, load: bigLoad};
		const marksSize = sizes.includes(10_000) ? 10_000 : Math.min(...sizes);
		log(`50,000 read marks, on the ${marksSize} library…`);
		marks = await benchMarks(corpora.get(marksSize)!);
	}

	// Sections of other bench modules (their Markdown and their goals join the table and the goal list), e.g.
	// `sections.push(await runLatencyBench({...}))`.
	const sections: Section[] = [];

	// The in-process measures of finding and rendering: the filter per keystroke, the full-text index (build, update,
	// query, size), search inside a 1 MB article, and rendering it. Each script prints its own lines.
	const largest = Math.max(...sizes);
	const inProcess: Array<{script: string; output: string}> = [];
	for (const [script, args] of [
		['bench/query-filter.ts', ['--count', String(largest)]],
		['bench/tui-filter.ts', ['--count', String(largest)]],
		['bench/search-index.ts', ['--count', String(largest), '--runs', quick ? '3' : '9']],
		['bench/article-search.ts', []],
		['bench/render.ts', ['--runs', quick ? '3' : '9']],
		['bench/store-flush.ts', []],
		// Issue 18: key latency while the index builds and 50 feeds refresh (bench/latency.ts).
		['bench/latency.ts', ['--count', String(largest)]],
	] as const) {
		log(`${script}…`);
		try {
			const {stdout} = await execFileAsync(process.execPath, ['--import=tsx', script, ...args], {maxBuffer: 16 * 1024 * 1024, timeout: 20 * 60_000});
			inProcess.push({script, output: stdout.trim()});
		} catch (error) {
			inProcess.push({script, output: `failed: ${errorText(error)}`});
		}
	}

	const partial = {
		startedAt,
		command: `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}`,
		machine: {cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model.trim() ?? 'unknown CPU', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.versions.node, platform: `${os.platform()} ${os.release()}`, loadAverageAtStart, loadAverageAtEnd: os.loadavg()[0]},
		options: {sizes, runs, runsAt100k, seed, quick},
		newsboat: {found: newsboatBin !== undefined, version: newsboatVersion},
		tidingsBuilt: built,
		startup,
		sizes: sizeResults,
		sections,
		big,
		marks,
	};
	const results: Results = {...partial, targets: checkTargets(partial), durationMs: performance.now() - started};
	const table = `${markdown(results)}\n\n#### Finding and rendering, measured in-process\n\n${inProcess.map(({script, output}) => `\`node --import=tsx ${script}\`\n\n\`\`\`\n${output}\n\`\`\``).join('\n\n')}\n`;
	await fsp.mkdir(outputDir, {recursive: true});
	const stamp = partial.startedAt.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z');
	const jsonFile = path.join(outputDir, `results-${stamp}.json`);
	await fsp.writeFile(jsonFile, JSON.stringify(results, null, '\t'));
	await fsp.writeFile(path.join(outputDir, `results-${stamp}.md`), table);
	process.stdout.write(`\n${table}\n`);
	log(`Results: ${path.relative(process.cwd(), jsonFile)} (whole bench ${(results.durationMs / 1000).toFixed(0)} s)`);
}

try {
	await main();
} finally {
	if (!values.keep) {
		fs.rmSync(work, {recursive: true, force: true});
	}

	fs.rmSync(buildCopy, {recursive: true, force: true});
}
