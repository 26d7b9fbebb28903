/**
Every `--json` listing has the fields the README's table documents, no more and no fewer: the built CLI runs each
command against a real library in a temp folder and a real feed served on 127.0.0.1, and the keys of what it prints
are compared with the README.
*/
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import test from 'ava';
import {cliPath, repoRoot, tempDir} from '../helpers/terminal.js';

/** The README's `--json` table: command → documented field names. */
function documentedFields(): Map<string, string[]> {
	const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
	const table = readme.split('| Command | Each element |')[1]!.split('\n\n')[0]!;
	const fields = new Map<string, string[]>();
	const articleRow = /the article row: ([^|]+)\|/u.exec(table)![1]!;
	const names = (text: string) => [...text.matchAll(/`([a-zA-Z]+)`/gu)].map(match => match[1]!);
	for (const line of table.split('\n').slice(2)) {
		const [, command, element] = /^\| `([^`]+) --json` \| (.*) \|$/u.exec(line) ?? [];
		if (command === undefined || element === undefined) {
			continue;
		}

		const base = element.startsWith('the article row') || element.includes('the article row plus') ? names(articleRow) : [];
		const extra = element.startsWith('the article row:') ? [] : names(element.replace(/\([^)]*\)/gu, ''));
		fields.set(command, [...new Set([...base, ...extra])].sort());
	}

	return fields;
}

const feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour news</title><link>http://127.0.0.1/</link><item><title>Ferry late</title><link>http://127.0.0.1/1</link><guid>1</guid><description>The ferry is late.</description><enclosure url="http://127.0.0.1/1.mp3" type="audio/mpeg" length="1000"/></item></channel></rss>';

test('each --json listing has exactly the fields the README documents', async t => {
	const documented = documentedFields();
	t.deepEqual([...documented.keys()].sort(), ['feeds', 'fetch', 'list', 'podcasts list', 'read', 'search', 'view list']);
	const server = http.createServer((_request, response) => {
		response.writeHead(200, {'content-type': 'application/rss+xml'});
		response.end(feed);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const root = tempDir();
	const library = path.join(root, 'library');
	fs.mkdirSync(library);
	fs.writeFileSync(path.join(library, 'harbour.md'), '---\ntitle: The harbour\nsource: Gazette\ntags: [sea]\n---\nBoats in the [harbour](https://example.org/harbour).\n');
	const env = {...process.env, TIDINGS_DIR: library, TIDINGS_CONFIG_DIR: path.join(root, 'config'), TIDINGS_CACHE_DIR: path.join(root, 'cache')};
	const run = async (args: readonly string[], json = true) => new Promise<unknown>((resolve, reject) => {
		execFile(process.execPath, [cliPath, ...args], {env, encoding: 'utf8', timeout: 60_000}, (error, stdout, stderr) => {
			if (error) {
				reject(new Error(`tidings ${args.join(' ')}: ${stderr}`));
				return;
			}

			resolve(json ? JSON.parse(stdout) : stdout);
		});
	});
	const keys = (value: unknown) => Object.keys((Array.isArray(value) ? value[0] : value) as object).sort();
	try {
		const {port} = server.address() as AddressInfo;
		await run(['add', `http://127.0.0.1:${port}/feed.xml`], false);
		await run(['view', 'add', 'sea', 'tag:sea'], false);
		const outputs: Record<string, unknown> = {
			fetch: await run(['fetch', '--json']),
			feeds: await run(['feeds', '--json']),
			list: await run(['list', '--json']),
			search: await run(['search', '--json', 'harbour']),
			read: await run(['read', '--json', 'harbour.md']),
			'view list': await run(['view', 'list', '--json']),
			'podcasts list': await run(['podcasts', 'list', '--json']),
		};
		for (const [command, output] of Object.entries(outputs)) {
			t.deepEqual(keys(output), documented.get(command), `${command} --json`);
		}
	} finally {
		server.close();
	}
});
