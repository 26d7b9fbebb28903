/*
Runs Tidings' feed pipeline (HTTP → decode → parse → write files) over feedparser's own test feeds, served from
127.0.0.1, and prints how many feeds were fetched without error, how many of their entries were stored, and whether
any stored file holds dangerous markup. feedparser's tests are not part of Tidings; fetch them first:
  git clone https://github.com/kurtmckee/feedparser /tmp/feedparser   (or any copy of its tests/ folder)
  node --import=tsx scripts/feedparser-suite.ts /tmp/feedparser/tests [wellformed illformed encoding …]
A feed's `Header:` comment lines (feedparser's HTTP test convention) become response headers.
*/
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import pLimit from 'p-limit';
import {StateStore} from '../source/adapters/state-store.js';
import {fetchFeed} from '../source/adapters/feeds/fetch-all.js';
import {addSubscription} from '../source/adapters/feeds/subscriptions.js';

const suite = path.resolve(process.argv[2] ?? 'tests');
const groups = process.argv.length > 3 ? process.argv.slice(3) : ['wellformed', 'illformed'];
const files = groups.flatMap(group => fs.readdirSync(path.join(suite, group), {recursive: true, encoding: 'utf8'})
	.filter(file => file.endsWith('.xml') || file.endsWith('.rdf') || file.endsWith('.json'))
	.map(file => path.join(group, file)))
	.sort();

const server = http.createServer((request, response) => {
	const file = path.join(suite, decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
	if (!file.startsWith(suite) || !fs.existsSync(file)) {
		response.writeHead(404).end();
		return;
	}

	const bytes = fs.readFileSync(file);
	const headers: Record<string, string> = {'content-type': file.endsWith('.json') ? 'application/json' : 'application/xml'};
	for (const match of bytes.toString('latin1').slice(0, 2000).matchAll(/^Header:\s*([\w-]+):\s*(.*)$/gmu)) {
		headers[match[1]!.toLowerCase()] = match[2]!.trim();
	}

	response.writeHead(200, headers).end(bytes);
});
await new Promise<void>(resolve => {
	server.listen(0, '127.0.0.1', resolve);
});
const port = (server.address() as {port: number}).port;
const temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-feedparser-'));
const library = path.join(temporary, 'library');
fs.mkdirSync(library);
const {store} = StateStore.open(path.join(temporary, 'config'));
const dangerous = /<\s*(?:script|iframe|object|embed|style|applet|form|meta|link|base)\b|\]\(\s*<?\s*(?:javascript|vbscript|data):|\bon[a-z]+\s*=\s*["']|<[a-z][^>]*\sstyle\s*=/iu;
const totals = {feeds: 0, fetched: 0, entries: 0, stored: 0, dangerous: 0};
const failures: string[] = [];
const short: string[] = [];
const unsafe: string[] = [];
const limit = pLimit(6);
await Promise.all(files.map((file, index) => limit(async () => {
	const text = fs.readFileSync(path.join(suite, file), 'latin1');
	const entries = file.endsWith('.json')
		? (JSON.parse(fs.readFileSync(path.join(suite, file), 'utf8')) as {items?: unknown[]}).items?.length ?? 0
		: (text.replaceAll(/<!--[\s\S]*?-->/gu, '').match(/<(?:[\w-]+:)?(?:item|entry)[\s>/]/gu)?.length ?? 0);
	const subscription = {url: `http://127.0.0.1:${port}/${file.split(path.sep).map(part => encodeURIComponent(part)).join('/')}`, slug: `feed-${index}`};
	addSubscription(store, subscription);
	const result = await fetchFeed(subscription, {store, libraryDir: library});
	totals.feeds++;
	totals.entries += entries;
	if (result.status === 'failed') {
		failures.push(`${file}: ${result.error ?? ''}`);
		return;
	}

	totals.fetched++;
	const stored = Math.min(entries, result.added + result.updated + result.unchanged);
	totals.stored += stored;
	if (stored < entries) {
		short.push(`${file}: ${stored} of ${entries}`);
	}

	for (const written of result.written) {
		const body = fs.readFileSync(path.join(library, written), 'utf8');
		if (dangerous.test(body)) {
			totals.dangerous++;
			unsafe.push(`${file}: ${dangerous.exec(body)![0]}`);
		}
	}
})));
server.close();
fs.rmSync(temporary, {recursive: true, force: true});
const percent = (part: number, whole: number) => `${(100 * part / Math.max(1, whole)).toFixed(1)} %`;
console.log(`groups: ${groups.join(', ')}`);
console.log(`feeds fetched without error: ${totals.fetched} of ${totals.feeds} (${percent(totals.fetched, totals.feeds)})`);
console.log(`entries stored: ${totals.stored} of ${totals.entries} (${percent(totals.stored, totals.entries)})`);
console.log(`stored files with dangerous markup: ${totals.dangerous}`);
if (process.env['VERBOSE']) {
	console.log(['', 'Failed:', ...failures, '', 'Entries missing:', ...short, '', 'Dangerous:', ...unsafe].join('\n'));
}
