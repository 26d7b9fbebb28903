// `tidings fetch --notify` (issue 18): without a terminal the notification goes to notify-send, as an argument list,
// here a notify-send of our own on the PATH that records its arguments (a real process boundary).
import {execFile} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import test, {type ExecutionContext} from 'ava';
import {startFeedServer} from '../feeds/helpers/feed-server.js';
import {cliPath, tempDir} from '../helpers/terminal.js';

const run = promisify(execFile);
const hostile = 'Bad\u001B]0;pwned\u0007 <b>bold</b> & \u001B[31mred\u009C';

async function setUp(t: ExecutionContext) {
	const server = await startFeedServer();
	t.teardown(async () => server.close());
	const items = [1, 2].map(n => `<item><title>${n === 1 ? hostile : 'Quiet news'}</title><guid>n-${n}</guid><link>https://example.com/${n}</link></item>`).join('');
	server.routes.set('/feed.xml', (_request, response) => {
		response.writeHead(200, {'Content-Type': 'application/rss+xml'}).end(`<?xml version="1.0"?><rss version="2.0"><channel><title>${hostile.replaceAll('&', '&amp;').replaceAll('<', '&lt;')}</title><link>https://example.com/</link>${items}</channel></rss>`);
	});
	const base = tempDir();
	fs.mkdirSync(path.join(base, 'library'));
	const {CI: _ci, ...parent} = process.env;
	const env = {...parent, TIDINGS_DIR: path.join(base, 'library'), TIDINGS_CONFIG_DIR: path.join(base, 'config'), TIDINGS_CACHE_DIR: path.join(base, 'cache')};
	await run(process.execPath, [cliPath, 'add', server.url('/feed.xml'), '--name', 'Feed ; with <markup>'], {env});
	return {base, env};
}

test('fetch --notify runs notify-send with the count as whole arguments, text neutralised; plain fetch does not', async t => {
	const {base, env} = await setUp(t);
	const bin = path.join(base, 'bin');
	fs.mkdirSync(bin);
	const log = path.join(base, 'argv.log');
	fs.writeFileSync(path.join(bin, 'notify-send'), '#!/bin/sh\nfor argument in "$@"; do printf "%s\\0" "$argument" >> "$NOTIFY_LOG"; done\n', {mode: 0o755});
	const withStub = {...env, PATH: `${bin}${path.delimiter}${process.env['PATH'] ?? ''}`, NOTIFY_LOG: log};

	await run(process.execPath, [cliPath, 'fetch'], {env: withStub});
	t.false(fs.existsSync(log), 'no notification without --notify');
	fs.rmSync(path.join(base, 'library'), {recursive: true});
	fs.mkdirSync(path.join(base, 'library'));
	// The items again as new: a fresh library and no validators, so the fetch stores them.
	const state = JSON.parse(fs.readFileSync(path.join(base, 'config', 'state.json'), 'utf8')) as {feeds: Array<Record<string, unknown>>};
	for (const feed of state.feeds) {
		delete feed['etag'];
		delete feed['lastModified'];
	}

	fs.writeFileSync(path.join(base, 'config', 'state.json'), JSON.stringify(state));
	await run(process.execPath, [cliPath, 'fetch', '--notify'], {env: withStub});
	const argv = fs.readFileSync(log, 'utf8').split('\0').slice(0, -1);
	t.deepEqual(argv.slice(0, 3), ['--app-name=Tidings', '--', 'Tidings: 2 new articles']);
	t.is(argv.length, 4);
	t.regex(argv[3]!, /^Feed ; with &lt;markup&gt; \(2\)$/u);
	t.false(/[\u0000-\u001F\u007F-\u009F]/u.test(argv.join('')), 'no control character reaches notify-send');
});
