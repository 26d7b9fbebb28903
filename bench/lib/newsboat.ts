import {execFile} from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import {performance} from 'node:perf_hooks';
import {promisify} from 'node:util';
import {articleMeta, writeRssFeed, type Corpus} from './corpus.js';
import {changed, isList, isOpen, isOther, type TitleIndex} from './match.js';
import {PtySession} from './pty.js';
import type {Samples} from './stats.js';

const run = promisify(execFile);

/**
newsboat on the same items: the corpus as one RSS feed, served once from 127.0.0.1 and loaded into newsboat's cache
with `newsboat -x reload`. The cache is kept beside the corpus (keyed like it), and each bench run works on a copy.
The feed's URL is stored in the cache, so later runs reuse the URL of the reload in their urls file; with
auto-reload off and no reload on start-up, newsboat never fetches it again.
*/

export function findOnPath(name: string): string | undefined {
	for (const folder of (process.env.PATH ?? '').split(path.delimiter)) {
		const candidate = path.join(folder, name);
		try {
			fs.accessSync(candidate, fs.constants.X_OK);
			return candidate;
		} catch {}
	}

	return undefined;
}

export const newsboatConfig = [
	'auto-reload no',
	'refresh-on-startup no',
	'show-read-feeds yes',
	'show-read-articles yes',
	'confirm-exit no',
	'cleanup-on-quit no',
	'max-items 0',
	'text-width 80',
	'',
].join('\n');

export type NewsboatCache = {
	bin: string;
	version: string;
	feedTitle: string;
	feedUrl: string;
	/** The pristine cache (half the items marked read), to be copied for each run. */
	cacheFile: string;
	feedBytes: number;
	/** Set when the cache was built in this run. */
	reloadMs?: number;
	cached: boolean;
};

async function serveOnce<T>(file: string, body: (url: string) => Promise<T>): Promise<T> {
	const server = http.createServer((request, response) => {
		if (request.url !== '/feed.xml') {
			response.writeHead(404).end();
			return;
		}

		response.writeHead(200, {'content-type': 'application/rss+xml; charset=utf-8', 'content-length': fs.statSync(file).size});
		fs.createReadStream(file).pipe(response);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const address = server.address();
	if (!address || typeof address === 'string') {
		throw new Error('the feed server has no port');
	}

	try {
		return await body(`http://127.0.0.1:${address.port}/feed.xml`);
	} finally {
		server.closeAllConnections();
		await new Promise(resolve => {
			server.close(resolve);
		});
	}
}

/** Marks the odd-indexed items read, as the Tidings store marks the odd-indexed articles read. */
async function markHalfRead(cacheFile: string, corpus: Corpus): Promise<void> {
	const {DatabaseSync} = await import('node:sqlite');
	const database = new DatabaseSync(cacheFile);
	try {
		database.exec('BEGIN');
		const statement = database.prepare('UPDATE rss_item SET unread = 0 WHERE guid = ?');
		for (let index = 1; index < corpus.count; index += 2) {
			statement.run(articleMeta(corpus.seed, index).url);
		}

		database.exec('COMMIT');
	} finally {
		database.close();
	}
}

export async function ensureNewsboatCache(corpus: Corpus, bin: string, log: (line: string) => void): Promise<NewsboatCache> {
	const folder = path.join(corpus.root, 'newsboat');
	const cacheFile = path.join(folder, 'cache.db');
	const done = path.join(folder, 'newsboat.json');
	const {stdout} = await run(bin, ['-v']);
	const version = /newsboat \S+/.exec(stdout)?.[0] ?? 'newsboat';
	const feedTitle = `Tidings bench ${corpus.count}`;
	try {
		const saved = JSON.parse(await fsp.readFile(done, 'utf8')) as {feedUrl: string; feedBytes: number};
		return {bin, version, feedTitle, feedUrl: saved.feedUrl, cacheFile, feedBytes: saved.feedBytes, cached: true};
	} catch {}

	await fsp.rm(folder, {recursive: true, force: true});
	await fsp.mkdir(folder, {recursive: true});
	const feedFile = path.join(folder, 'feed.xml');
	log(`  writing the ${corpus.count}-item RSS feed for newsboat…`);
	const {bytes: feedBytes} = await writeRssFeed(feedFile, corpus.count, corpus.seed, feedTitle);
	const configFile = path.join(folder, 'config');
	await fsp.writeFile(configFile, newsboatConfig);
	const home = path.join(folder, 'home');
	await fsp.mkdir(home, {recursive: true});
	log(`  loading it into newsboat's cache (newsboat -x reload, ${(feedBytes / 1e6).toFixed(0)} MB)…`);
	const started = performance.now();
	const feedUrl = await serveOnce(feedFile, async url => {
		const urlsFile = path.join(folder, 'urls');
		await fsp.writeFile(urlsFile, `${url}\n`);
		// Asynchronous on purpose: the feed is served by this very process.
		await run(bin, ['-x', 'reload', '-u', urlsFile, '-c', cacheFile, '-C', configFile], {env: {...process.env, HOME: home}, maxBuffer: 64 * 1024 * 1024});
		return url;
	});
	const reloadMs = performance.now() - started;
	await markHalfRead(cacheFile, corpus);
	await fsp.rm(feedFile, {force: true});
	await fsp.writeFile(done, JSON.stringify({feedUrl, feedBytes, reloadMs}));
	return {bin, version, feedTitle, feedUrl, cacheFile, feedBytes, reloadMs, cached: false};
}

/** A working folder for one set of runs: a copy of the cache, the urls file and the config. */
export async function newsboatWorkspace(cache: NewsboatCache, folder: string): Promise<{args: string[]; env: NodeJS.ProcessEnv}> {
	await fsp.mkdir(folder, {recursive: true});
	const cacheFile = path.join(folder, 'cache.db');
	await fsp.copyFile(cache.cacheFile, cacheFile);
	const urlsFile = path.join(folder, 'urls');
	await fsp.writeFile(urlsFile, `${cache.feedUrl}\n`);
	const configFile = path.join(folder, 'config');
	await fsp.writeFile(configFile, newsboatConfig);
	const home = path.join(folder, 'home');
	await fsp.mkdir(home, {recursive: true});
	return {args: ['-u', urlsFile, '-c', cacheFile, '-C', configFile], env: {HOME: home, PATH: process.env.PATH}};
}

/**
One newsboat session on the same items: time to titles (start, Enter on the feed, item titles on screen), the list
keys (arrows, Page Down/Up, End/Home), open, J/K (next/previous article, the equivalent of Tidings' n/p) and back.
*/
export async function newsboatRun(cache: NewsboatCache, workspace: {args: string[]; env: NodeJS.ProcessEnv}, index: TitleIndex, count: number, samples: Samples, timeoutMs: number): Promise<void> {
	const session = PtySession.spawn(cache.bin, workspace.args, {env: workspace.env, cwd: workspace.env.HOME});
	try {
		const feed = await session.waitForScreen(screen => screen.lines.some(line => line.includes(cache.feedTitle)), timeoutMs, 'the feed list');
		samples.add('nb.feedListMs', feed - session.startedAt);
		session.write(session.key('enter'));
		const titles = await session.waitForChange(screen => index.titleRows(screen) >= Math.min(5, count), timeoutMs, 'the item titles');
		samples.add('nb.titlesMs', titles - session.startedAt);
		const press = async (name: string, key: string, predicate = changed): Promise<void> => {
			const timing = await session.keyLatency(key, predicate, {what: `newsboat to react to ${name}`, timeoutMs: 10_000});
			samples.add(`nb.${name}Ms`, timing.settledMs);
			samples.add(`nb.${name}FirstMs`, timing.ms);
		};

		for (let i = 0; i < 5; i++) {
			await press('down', session.key('down'));
		}

		for (let i = 0; i < 5; i++) {
			await press('up', session.key('up'));
		}

		for (let i = 0; i < 3; i++) {
			await press('pageDown', session.key('pageDown'));
		}

		for (let i = 0; i < 3; i++) {
			await press('pageUp', session.key('pageUp'));
		}

		await press('end', session.key('end'), (_before, after) => index.selectedTitle(after).includes(count - 1));
		await press('home', session.key('home'), (_before, after) => index.selectedTitle(after).includes(0));
		for (let round = 0; round < 3; round++) {
			await session.keyLatency(session.key('down'), changed);
			await press('open', session.key('enter'), isOpen(index));
			if (round === 0) {
				await press('next', 'J', isOther(index));
				await press('prev', 'K', isOther(index));
				await press('next', 'J', isOther(index));
				await press('prev', 'K', isOther(index));
			}

			await press('back', 'q', isList(index));
		}

		// As for Tidings (tidings.ts `quit`): the peak includes quitting.
		session.write('q');
		await session.waitForScreen(screen => screen.lines.some(line => line.includes('Your feeds')), 5000, 'the feed list');
		session.sampleUntilExit();
		session.write('q');
		const result = await session.close(10_000);
		if (result.killed) {
			throw new Error('newsboat did not exit within 10 s of q');
		}

		samples.add('nb.peakRssMb', session.peakRss() / 1024);
	} finally {
		session.kill('SIGKILL');
	}
}
