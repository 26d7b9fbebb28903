// The 1 MB article alone (issue 14: its first screen ≤ 100 ms after Enter), for one build or several interleaved:
//   node --import=tsx bench/big-article.ts --runs 10                      the checkout's build (npm run build first)
//   node --import=tsx bench/big-article.ts --runs 10 --builds a,b         folders holding bin/ and dist/, run in turn
//   node --import=tsx bench/big-article.ts --runs 10 --titles 1000        also a warm start's time to titles at 1k
// Each run is bench/lib/tidings.ts's bigArticleRun (the one `npm run bench` does): Enter the moment the titles appear.
// Prints the median, min and max of each build's first screen, its first change, and its peak RSS, with the load.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {parseArgs} from 'node:util';
import {ensureBigArticleLibrary, ensureCorpus} from './lib/corpus.js';
import {TitleIndex} from './lib/match.js';
import {Samples, summarise} from './lib/stats.js';
import {bigArticleRun, freshFolders, halfRead, quit, snapshotBuild, spawnTidings, useBuild, waitForTitles} from './lib/tidings.js';

const {values} = parseArgs({options: {runs: {type: 'string', default: '10'}, builds: {type: 'string'}, titles: {type: 'string'}}});
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const runs = Number(values.runs);
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-big-'));
const builds = values.builds === undefined
	? [{name: 'checkout', bin: snapshotBuild(path.join(root, 'bench', 'output', `.build-${process.pid}`))}]
	: values.builds.split(',').map(folder => ({name: path.basename(folder), bin: path.join(path.resolve(folder), 'bin', 'tidings.js')}));
const library = await ensureBigArticleLibrary(1_000_000);
const index = new TitleIndex();
index.add(0, library.title, library.firstMarker);
const corpus = values.titles === undefined ? undefined : await ensureCorpus(Number(values.titles), 42);
const corpusIndex = corpus === undefined ? undefined : TitleIndex.build(corpus);
const samples = new Map(builds.map(build => [build.name, new Samples()]));
const loadStart = os.loadavg()[0]!;
for (let run = 0; run < runs; run++) {
	// Interleaved, and the order turned round every run, so a change in the machine's load falls on every build alike.
	for (const build of run % 2 === 0 ? builds : [...builds].reverse()) {
		useBuild(build.bin);
		try {
			await bigArticleRun(library, index, work, samples.get(build.name)!, 30_000);
			if (corpus !== undefined) {
				// A warm start (the index cache made by a first, untimed one) to the first titles.
				const folders = await freshFolders(work, corpus.library, halfRead(corpus));
				for (const timed of [false, true]) {
					const session = spawnTidings(folders);
					try {
						const {titlesMs} = await waitForTitles(session, corpusIndex!, corpus.count, 60_000);
						if (timed) {
							samples.get(build.name)!.add('titlesWarmMs', titlesMs);
							// The reader idle on its list 1.5 s later: the render worker loaded and warmed up.
							await new Promise(resolve => {
								setTimeout(resolve, 1500);
							});
							const rss = /^VmRSS:\s+(\d+) kB/mu.exec(fs.readFileSync(`/proc/${session.pid}/status`, 'utf8'))?.[1];
							if (rss !== undefined) {
								samples.get(build.name)!.add('idleRssMb', Number(rss) / 1024);
							}
						}

						await quit(session, new Samples(), '');
					} finally {
						session.kill('SIGKILL');
					}
				}
			}
		} catch (error) {
			process.stderr.write(`${build.name}: ${error instanceof Error ? error.message : String(error)}\n`);
		}
	}

	process.stderr.write(`run ${run + 1}/${runs}, load ${os.loadavg()[0]!.toFixed(2)}\n`);
}

const fmt = (values: readonly number[] | undefined, unit: string): string => {
	const summary = summarise(values ?? []);
	return summary === undefined ? '—' : `${summary.median.toFixed(1)} ${unit} (min ${summary.min.toFixed(1)}, max ${summary.max.toFixed(1)}, n ${summary.n})`;
};

process.stdout.write(`load average ${loadStart.toFixed(2)} → ${os.loadavg()[0]!.toFixed(2)}; ${runs} runs, interleaved\n`);
for (const [name, sample] of samples) {
	process.stdout.write(`${name}: first screen ${fmt(sample.values['big.openMs'], 'ms')}; first change ${fmt(sample.values['big.openFirstMs'], 'ms')}; peak RSS ${fmt(sample.values['big.peakRssMb'], 'MB')}${corpus === undefined ? '' : `; time to titles at ${corpus.count}, warm ${fmt(sample.values['titlesWarmMs'], 'ms')}; RSS idle on the list 1.5 s after ${fmt(sample.values['idleRssMb'], 'MB')}`}\n`);
}

fs.rmSync(work, {recursive: true, force: true});
