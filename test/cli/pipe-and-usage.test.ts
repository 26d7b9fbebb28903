/**
The command line as a Unix tool: output cut short by the reader (`| head -1`) ends quietly and successfully, a
mistyped command and a URL without a scheme each get one clear line. The built CLI runs as a real process, against
a real library in a temp folder and a real HTTP server on 127.0.0.1.
*/
import {execFile, spawnSync} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import test from 'ava';
import {cliPath, tempDir} from '../helpers/terminal.js';
import {parseFeedUrl} from '../../source/adapters/feeds/add-feed.js';

/** Enough articles that `list` writes far more than a pipe holds (64 KiB), so a closed pipe is certain to be hit. */
function bigLibrary() {
	const root = tempDir();
	const dir = path.join(root, 'library');
	fs.mkdirSync(dir);
	for (let index = 0; index < 2500; index++) {
		const name = String(index).padStart(4, '0');
		fs.writeFileSync(path.join(dir, `story-${name}.md`), `---\ntitle: Story number ${name} about the harbour and its trains\nsource: Gazette\ndate: 2026-01-01\n---\nThe harbour and the trains, again, in story ${name}.\n`);
	}

	// One long article for `read`: its text alone is several pipes' worth.
	fs.writeFileSync(path.join(dir, 'long.md'), `---\ntitle: A long one\n---\n${'Harbour trains run all night long. '.repeat(20_000)}\n`);
	const env = {...process.env, TIDINGS_DIR: dir, TIDINGS_CONFIG_DIR: path.join(root, 'config'), TIDINGS_CACHE_DIR: path.join(root, 'cache')};
	return {root, env};
}

const library = bigLibrary();

/** `tidings ARGS | head -1` in a shell with pipefail, so the status is tidings' own; its stderr goes to a file. */
function throughHead(args: readonly string[]) {
	const errors = path.join(library.root, `stderr-${Math.random().toString(36).slice(2)}`);
	const quoted = [process.execPath, cliPath, ...args].map(word => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
	const result = spawnSync('bash', ['-c', `set -o pipefail; ${quoted} 2>'${errors}' | head -1`], {env: library.env, encoding: 'utf8', timeout: 60_000});
	return {status: result.status, stdout: result.stdout, stderr: fs.readFileSync(errors, 'utf8')};
}

for (const args of [['list'], ['list', '--json'], [], ['search', 'harbour'], ['read', 'long.md'], ['read', '--json', 'long.md']]) {
	test(`tidings ${args.join(' ') || '(no command, not a terminal)'} | head -1 exits 0 with nothing on stderr`, t => {
		const result = throughHead(args);
		t.is(result.stderr, '', 'no EPIPE stack trace');
		t.is(result.status, 0);
		t.is(result.stdout.split('\n').filter(Boolean).length, 1);
	});
}

function tidings(args: readonly string[]) {
	const result = spawnSync(process.execPath, [cliPath, ...args], {env: library.env, encoding: 'utf8', timeout: 60_000});
	return {status: result.status, stdout: result.stdout, stderr: result.stderr};
}

test('a mistyped command is named as unknown in one line, with the nearest command suggested, and exits 2', t => {
	const result = tidings(['lst']);
	t.is(result.stdout, '');
	t.is(result.stderr, "tidings: unknown command 'lst' (did you mean list?); tidings --help lists the commands\n");
	t.is(result.status, 2);
	t.regex(tidings(['--dir', path.join(library.root, 'library'), 'feds']).stderr, /^tidings: unknown command 'feds' \(did you mean feeds\?\);[^\n]*\n$/);
	const nested = tidings(['view', 'lsit']);
	t.is(nested.stderr, "tidings: unknown command 'lsit' (did you mean list?); tidings view --help lists the commands\n");
	t.is(nested.status, 2);
});

test('an unknown word with escape sequences in it comes back neutralised', t => {
	const result = tidings(['\u001B]0;owned\u0007x']);
	t.is(result.status, 2);
	t.false(result.stderr.includes('\u001B'), JSON.stringify(result.stderr));
	t.is(result.stderr.split('\n').filter(Boolean).length, 1);
});

test('a command given too many arguments still says so (a known command is not "unknown")', t => {
	const result = tidings(['list', 'extra']);
	t.is(result.status, 2);
	t.regex(result.stderr, /too many arguments for 'list'/);
});

test('parseFeedUrl: no scheme means https, and host:port is a host with a port, not a scheme', t => {
	t.deepEqual(parseFeedUrl('example.org/feed'), {ok: true, value: 'https://example.org/feed'});
	t.deepEqual(parseFeedUrl('localhost:8080/feed.xml'), {ok: true, value: 'https://localhost:8080/feed.xml'});
	t.deepEqual(parseFeedUrl('127.0.0.1:8080'), {ok: true, value: 'https://127.0.0.1:8080/'});
	t.false(parseFeedUrl('ftp://example.org/feed').ok);
	t.false(parseFeedUrl('mailto:someone@example.org').ok);
});

test('a scheme-less URL of a plain-HTTP server gets one clear line (no OpenSSL dump); with http:// it subscribes', async t => {
	const feed = '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour news</title><link>http://127.0.0.1/</link><item><title>Ferry late</title><link>http://127.0.0.1/1</link><guid>1</guid></item></channel></rss>';
	const server = http.createServer((_request, response) => {
		response.writeHead(200, {'content-type': 'application/rss+xml'});
		response.end(feed);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	try {
		const {port} = server.address() as AddressInfo;
		const {env} = bigLibrary();
		const run = async (args: readonly string[]) => new Promise<{status: number | null; stdout: string; stderr: string}>(resolve => {
			// Asynchronous: the server answers from this same process.
			execFile(process.execPath, [cliPath, ...args], {env, encoding: 'utf8', timeout: 60_000}, (error, stdout, stderr) => {
				resolve({status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr});
			});
		});
		const bare = await run(['add', `127.0.0.1:${port}/feed.xml`]);
		t.is(bare.status, 1);
		t.is(bare.stderr.split('\n').filter(Boolean).length, 1, bare.stderr);
		t.regex(bare.stderr, /^tidings: couldn't fetch https:\/\/127\.0\.0\.1:\d+\/feed\.xml: the server does not speak HTTPS there \(for a plain-HTTP feed, give http:\/\/ explicitly\)\n$/);
		t.false(/SSL routines|openssl/i.test(bare.stderr));
		const explicit = await run(['add', `http://127.0.0.1:${port}/feed.xml`]);
		t.is(explicit.stderr, '');
		t.is(explicit.status, 0);
		t.regex(explicit.stdout, /Subscribed to Harbour news/);
	} finally {
		server.close();
	}
});
