import {execFile} from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {fileURLToPath} from 'node:url';
import {articleMeta, type BigArticle, type Corpus} from './corpus.js';
import {changed, isList, isOpen, isOther, normalise, type TitleIndex} from './match.js';
import {PtySession, type Screen} from './pty.js';
import type {Samples} from './stats.js';

/** The built CLI, started as a user starts it. */
export const tidingsBin = path.join(path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url)))), 'bin', 'tidings.js');
export const tidingsBuilt = (): boolean => fs.existsSync(path.join(path.dirname(path.dirname(tidingsBin)), 'dist', 'cli.js'));
let bin = tidingsBin;

/**
Copies the build (bin/, dist/, package.json; articles/ linked) into `folder` and runs that copy from now on, so a
rebuild in the checkout during a long bench (esbuild empties dist/ first) cannot break a run half-way. `folder`
must be inside the checkout, so that packages left out of the bundle still resolve from its node_modules.
*/
export function snapshotBuild(folder: string): string {
	const root = path.dirname(path.dirname(tidingsBin));
	fs.mkdirSync(folder, {recursive: true});
	fs.cpSync(path.join(root, 'bin'), path.join(folder, 'bin'), {recursive: true});
	fs.cpSync(path.join(root, 'dist'), path.join(folder, 'dist'), {recursive: true});
	fs.copyFileSync(path.join(root, 'package.json'), path.join(folder, 'package.json'));
	if (fs.existsSync(path.join(root, 'articles'))) {
		fs.symlinkSync(path.join(root, 'articles'), path.join(folder, 'articles'));
	}

	bin = path.join(folder, 'bin', 'tidings.js');
	return bin;
}

/** Runs the build whose starter is `starter` (a `bin/tidings.js` beside its `dist/`) from now on. */
export function useBuild(starter: string): void {
	bin = starter;
}

export type Folders = {library: string; config: string; cache: string; home: string};

export function tidingsEnv(folders: Folders): NodeJS.ProcessEnv {
	return {
		PATH: process.env.PATH,
		HOME: folders.home,
		XDG_CONFIG_HOME: path.join(folders.home, '.config'),
		XDG_CACHE_HOME: path.join(folders.home, '.cache'),
		TIDINGS_DIR: folders.library,
		TIDINGS_CONFIG_DIR: folders.config,
		TIDINGS_CACHE_DIR: folders.cache,
	};
}

/** Fresh config, cache and home folders under `work`, the store holding `read`. */
export async function freshFolders(work: string, library: string, read: readonly string[]): Promise<Folders> {
	await fsp.mkdir(work, {recursive: true});
	const base = await fsp.mkdtemp(path.join(work, 'tidings-'));
	const folders = {library, config: path.join(base, 'config'), cache: path.join(base, 'cache'), home: path.join(base, 'home')};
	// Each run is a new machine (a new config folder, so a new device id) with the library to itself: the shared
	// reading state of earlier runs' "machines" (issue 20) is removed, or every run would merge all the ones before it.
	await fsp.rm(path.join(library, '.tidings'), {recursive: true, force: true});
	await Promise.all([folders.config, folders.cache, folders.home].map(async folder => fsp.mkdir(folder, {recursive: true})));
	await writeStore(folders.config, read);
	return folders;
}

export async function writeStore(configDir: string, read: readonly string[]): Promise<void> {
	const store = {version: 1, read, starred: [], positions: {}, settings: {width: 80, sort: 'newest', unreadOnly: false}};
	await fsp.writeFile(path.join(configDir, 'state.json'), JSON.stringify(store), {mode: 0o600});
}

/** The ids of the odd-indexed articles: half the library marked read. An article's id is its url here. */
export function halfRead(corpus: Pick<Corpus, 'count' | 'seed'>): string[] {
	const ids: string[] = [];
	for (let index = 1; index < corpus.count; index += 2) {
		ids.push(articleMeta(corpus.seed, index).url);
	}

	return ids;
}

const loading = (screen: Screen): boolean => screen.lines.some(line => /reading…|Reading the library/.test(line));

export function spawnTidings(folders: Folders, args: string[] = []): PtySession {
	return PtySession.spawn(process.execPath, [bin, ...args], {env: tidingsEnv(folders), cwd: folders.home});
}

/** Waits for the first titles, then for the whole library (no "reading…" left on screen). */
export async function waitForTitles(session: PtySession, index: TitleIndex, count: number, timeoutMs: number): Promise<{titlesMs: number; readyMs: number}> {
	const minimum = Math.min(5, count);
	const titles = await session.waitForScreen(screen => index.titleRows(screen) >= minimum, timeoutMs, 'article titles');
	const ready = await session.waitForScreen(screen => index.titleRows(screen) >= minimum && !loading(screen), timeoutMs, 'the library to finish loading');
	return {titlesMs: titles - session.startedAt, readyMs: ready - session.startedAt};
}

export async function quit(session: PtySession, samples: Samples, prefix: string): Promise<void> {
	// The peak is the whole session's, quitting included: the last save and the shared-state merge run on the way out.
	session.sampleUntilExit();
	const sent = performance.now();
	session.write('q');
	const result = await session.close(10_000);
	if (result.killed) {
		throw new Error(`${prefix}did not exit within 10 s of q`);
	}

	samples.add(`${prefix}quitMs`, performance.now() - sent);
	samples.add(`${prefix}peakRssMb`, session.peakRss() / 1024);
}

/**
One cold start and one warm start on fresh folders: time to titles both ways, then the list keys, open, n/p and back
on the warm one.
*/
export async function tidingsRun(corpus: Corpus, index: TitleIndex, work: string, samples: Samples, timeoutMs: number): Promise<void> {
	const folders = await freshFolders(work, corpus.library, halfRead(corpus));
	const cold = spawnTidings(folders);
	try {
		const t = await waitForTitles(cold, index, corpus.count, timeoutMs);
		samples.add('titlesColdMs', t.titlesMs);
		samples.add('readyColdMs', t.readyMs);
		await quit(cold, samples, 'cold.');
	} finally {
		cold.kill('SIGKILL');
	}

	const warm = spawnTidings(folders);
	try {
		const t = await waitForTitles(warm, index, corpus.count, timeoutMs);
		samples.add('titlesWarmMs', t.titlesMs);
		samples.add('readyWarmMs', t.readyMs);
		await listKeys(warm, index, corpus.count, samples);
		await reading(warm, index, samples);
		await quit(warm, samples, '');
	} finally {
		warm.kill('SIGKILL');
	}
}

export async function listKeys(session: PtySession, index: TitleIndex, count: number, samples: Samples): Promise<void> {
	const press = async (name: string, key: string, predicate = changed): Promise<void> => {
		const timing = await session.keyLatency(key, predicate, {what: `the list to change after ${name}`});
		samples.add(`${name}Ms`, timing.settledMs);
		samples.add(`${name}FirstMs`, timing.ms);
	};

	for (let i = 0; i < 5; i++) {
		await press('j', 'j');
	}

	for (let i = 0; i < 5; i++) {
		await press('k', 'k');
	}

	for (let i = 0; i < 3; i++) {
		await press('pageDown', ' ');
	}

	for (let i = 0; i < 3; i++) {
		await press('pageUp', 'b');
	}

	await press('G', 'G', (_before, after) => index.selectedTitle(after).includes(count - 1));
	await press('g', 'g', (_before, after) => index.selectedTitle(after).includes(0));
}

export async function reading(session: PtySession, index: TitleIndex, samples: Samples): Promise<void> {
	const press = async (name: string, key: string, predicate: (before: Screen, after: Screen) => boolean): Promise<void> => {
		const timing = await session.keyLatency(key, predicate, {what: `${name}`, timeoutMs: 10_000});
		samples.add(`${name}Ms`, timing.settledMs);
		samples.add(`${name}FirstMs`, timing.ms);
	};

	for (let round = 0; round < 3; round++) {
		await session.keyLatency('j', changed);
		await press('open', '\r', isOpen(index));
		if (round === 0) {
			await press('next', 'n', isOther(index));
			await press('prev', 'p', isOther(index));
			await press('next', 'n', isOther(index));
			await press('prev', 'p', isOther(index));
		}

		await press('back', 'q', isList(index));
	}
}

/** The 1 MB article: open it (Enter until its first words are on screen), then scroll with space, j and G. */
export async function bigArticleRun(big: BigArticle & {library: string}, index: TitleIndex, work: string, samples: Samples, timeoutMs: number): Promise<void> {
	const folders = await freshFolders(work, big.library, []);
	const session = spawnTidings(folders);
	const first = normalise(big.firstMarker);
		const shows = (screen: Screen, marker: string): boolean => normalise(screen.lines.join(' ')).includes(marker);
	try {
		await waitForTitles(session, index, 1, timeoutMs);
		const open = await session.keyLatency('\r', (_before, after) => shows(after, first), {timeoutMs, what: 'the 1 MB article to open'});
		samples.add('big.openMs', open.settledMs);
		samples.add('big.openFirstMs', open.ms);
		for (const [name, key] of [['space', ' '], ['j', 'j']] as const) {
			for (let i = 0; i < 5; i++) {
				const timing = await session.keyLatency(key, changed, {what: `the article to scroll after ${name}`});
				samples.add(`big.${name}Ms`, timing.settledMs);
			}
		}

		// The end of the article may be its link references rather than its last paragraph: any change away from the top.
		const end = await session.keyLatency('G', changed, {what: 'the end of the 1 MB article'});
		samples.add('big.GMs', end.settledMs);
		const top = await session.keyLatency('g', (_before, after) => shows(after, first), {what: 'the top of the 1 MB article'});
		samples.add('big.gMs', top.settledMs);
		session.write('q');
		await session.waitForScreen(screen => index.titleRows(screen) >= 1 && !shows(screen, first), 5000, 'the list after the article');
		await quit(session, samples, 'big.');
	} finally {
		session.kill('SIGKILL');
	}
}

/**
With `marks` read marks in the store (or none), open and close articles (which marks them read) and time the keys;
after quitting, check the store still holds every mark it started with plus one for each article opened.
*/
export async function marksRun(corpus: Corpus, index: TitleIndex, work: string, marks: readonly string[], label: string, samples: Samples, timeoutMs: number, rounds = 8): Promise<{lost: number; missingNew: number; storeMarks: number}> {
	const folders = await freshFolders(work, corpus.library, marks);
	// Warm the index cache first, so both cases measure the same warm start.
	const warmUp = spawnTidings(folders);
	try {
		await waitForTitles(warmUp, index, corpus.count, timeoutMs);
		await quit(warmUp, samples, `${label}.warmup.`);
	} finally {
		warmUp.kill('SIGKILL');
	}

	await writeStore(folders.config, marks);
	const session = spawnTidings(folders);
	const opened: number[] = [];
	try {
		await waitForTitles(session, index, corpus.count, timeoutMs);
		for (let round = 0; round < rounds; round++) {
			const down = await session.keyLatency('j', changed);
			samples.add(`${label}.jMs`, down.settledMs);
			const open = await session.keyLatency('\r', isOpen(index), {what: 'open', timeoutMs: 10_000});
			samples.add(`${label}.openMs`, open.settledMs);
			opened.push(index.openArticle(session.screen())!);
			const back = await session.keyLatency('q', isList(index), {what: 'back', timeoutMs: 10_000});
			samples.add(`${label}.backMs`, back.settledMs);
		}

		await quit(session, samples, `${label}.`);
	} finally {
		session.kill('SIGKILL');
	}

	const stored = JSON.parse(await fsp.readFile(path.join(folders.config, 'state.json'), 'utf8')) as {read?: string[]};
	const read = new Set(stored.read ?? []);
	let lost = 0;
	for (const mark of marks) {
		if (!read.has(mark)) {
			lost++;
		}
	}

	let missingNew = 0;
	for (const article of opened) {
		if (!read.has(articleMeta(corpus.seed, article).url)) {
			missingNew++;
		}
	}

	return {lost, missingNew, storeMarks: read.size};
}

/** `tidings list --json`: wall time, and a check that it printed every article. */
export async function listJson(folders: Folders, count: number): Promise<{ms: number; articles: number}> {
	const started = performance.now();
	const stdout = await new Promise<string>((resolve, reject) => {
		execFile(process.execPath, [bin, 'list', '--json'], {env: tidingsEnv(folders), cwd: folders.home, maxBuffer: 2 * 1024 * 1024 * 1024}, (error, out) => {
			if (error) {
				reject(error);
			} else {
				resolve(out);
			}
		});
	});
	const ms = performance.now() - started;
	const parsed = JSON.parse(stdout) as unknown;
	const articles = Array.isArray(parsed) ? parsed.length : -1;
	if (articles !== count) {
		throw new Error(`list --json printed ${articles} articles, not ${count}`);
	}

	return {ms, articles};
}
