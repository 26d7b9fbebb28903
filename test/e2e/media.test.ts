import {execFile} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {serveFeed, startFeedServer} from '../feeds/helpers/feed-server.js';
import {needProgram, testPlayer, writeTone} from '../helpers/media.js';
import {cliPath, keys, startTidings, tempDir} from '../helpers/terminal.js';

const run = promisify(execFile);
const withMpv = needProgram('mpv') ? test : test.skip;

/** A podcast feed whose one item has a 90-second tone as its enclosure, on a real server on 127.0.0.1. */
async function podcastSetup() {
	const server = await startFeedServer();
	const base = tempDir();
	const tone = path.join(base, 'tone.wav');
	writeTone(tone, 90);
	const data = fs.readFileSync(tone);
	server.routes.set('/tone.wav', (request, response) => {
		const match = /^bytes=(\d+)-$/u.exec(request.headers.range ?? '');
		const start = match ? Number(match[1]) : 0;
		response.writeHead(match ? 206 : 200, {'Content-Type': 'audio/wav', 'Content-Length': data.length - start, 'Accept-Ranges': 'bytes', ...(match ? {'Content-Range': `bytes ${start}-${data.length - 1}/${data.length}`} : {})});
		response.end(data.subarray(start));
	});
	server.routes.set('/pod.xml', serveFeed(`<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>Tone Radio</title><link>${server.url('/')}</link>
<item><title>The tone episode</title><guid>tone-1</guid><pubDate>Fri, 20 Nov 2026 10:00:00 GMT</pubDate><description>A sine at 440 Hz.</description>
<itunes:duration>01:30</itunes:duration><enclosure url="${server.url('/tone.wav')}" type="audio/wav" length="${data.length}"/></item>
</channel></rss>`));
	const library = path.join(base, 'library');
	fs.mkdirSync(library);
	const configDir = path.join(base, 'config');
	fs.mkdirSync(configDir);
	fs.writeFileSync(path.join(configDir, 'config.toml'), `[media]\nplayer = ${JSON.stringify(testPlayer)}\ndownload-dir = ${JSON.stringify(path.join(base, 'downloads'))}\n`);
	const env = {TIDINGS_DIR: library, TIDINGS_CONFIG_DIR: configDir, TIDINGS_CACHE_DIR: path.join(base, 'cache'), TIDINGS_CONFIG: undefined};
	const {CI: _ci, TIDINGS_CONFIG: _config, ...parent} = process.env;
	await run(process.execPath, [cliPath, 'add', server.url('/pod.xml')], {env: {...parent, ...env}});
	await run(process.execPath, [cliPath, 'fetch'], {env: {...parent, ...env}});
	return {server, base, env, parent, configDir};
}

withMpv('e in the reader plays the enclosure with mpv, the footer shows what plays; pause, seek, speed, stop; the place is kept', async t => {
	const {server, base, env, parent, configDir} = await podcastSetup();
	t.teardown(async () => server.close());
	const listed = JSON.parse((await run(process.execPath, [cliPath, 'list', '--json'], {env: {...parent, ...env}})).stdout) as Array<{id: string}>;
	const {stdout} = await run(process.execPath, [cliPath, 'read', '--json', listed[0]!.id], {env: {...parent, ...env}});
	const read = JSON.parse(stdout) as {attachments: Array<{type: string; size: number; duration: number; playable: boolean}>};
	t.like(read.attachments[0], {type: 'audio/wav', duration: 90, playable: true}, 'read --json gives type, size and duration');
	t.regex(stdout, /audio\/wav, 1\.4 MB, 1:30/u, 'the attachments block shows them too');

	const session = startTidings({env, columns: 100, rows: 20});
	t.teardown(() => session.kill());
	await session.waitFor('The tone episode');
	session.press(keys.enter);
	// The reader shows the attachment with its type, size and length, and `e` plays it.
	await session.waitFor(/tone\.wav\[1\] \(audio\/wav, 1\.4 MB, 1:30\)/u);
	session.press('e');
	await session.waitFor(/▶ Playing 0:0\d \/ 1:30 ×1\.0 · The tone episode/u, 15_000);
	session.press('}');
	await session.waitFor(/×1\.1 · The tone episode/u);
	session.press('.');
	await session.waitFor(/Playing 0:[1-3]\d \/ 1:30/u);
	session.press(',');
	session.press('e');
	const paused = await session.waitFor(/Paused 0:\d\d \/ 1:30 ×1\.1/u);
	const at = /Paused 0:(\d\d)/u.exec(paused)![1]!;
	session.press('x');
	await session.waitFor(/Stopped The tone episode at 0:\d\d/u);
	session.press('q');
	await session.waitFor(/Tidings — 0 unread of 1/u);
	session.press('q');
	t.is((await session.exited()).exitCode, 0);
	const state = JSON.parse(fs.readFileSync(path.join(configDir, 'state.json'), 'utf8')) as {media: {positions: Record<string, {at: number}>}};
	const kept = Object.values(state.media.positions)[0]!;
	t.true(Math.abs(kept.at - Number(at)) <= 1.5, `kept ${kept.at}, shown ${at}`);
	t.is(state.media.positions[server.url('/tone.wav')]?.at, kept.at, 'keyed by the enclosure URL');

	// The next run plays on from there.
	const again = startTidings({env, columns: 100, rows: 20});
	t.teardown(() => again.kill());
	await again.waitFor('The tone episode');
	again.press('e');
	const resumed = await again.waitFor(/Playing 0:\d\d \/ 1:30/u, 15_000);
	t.true(Number(/Playing 0:(\d\d)/u.exec(resumed)![1]) >= Math.floor(kept.at) - 1, resumed);
	again.press('q');
	t.is((await again.exited()).exitCode, 0);
	fs.rmSync(base, {recursive: true, force: true});
});

withMpv('D lists the episode with its length; d downloads it with a progress bar into the template\'s name; Enter plays the file', async t => {
	const {server, base, env} = await podcastSetup();
	t.teardown(async () => server.close());
	const session = startTidings({env, columns: 100, rows: 20});
	t.teardown(() => session.kill());
	await session.waitFor('The tone episode');
	session.press('D');
	await session.waitFor(/Episodes — 1/u);
	await session.waitFor(/The tone episode · Tone Radio\s+1:30/u);
	session.press('d');
	await session.waitFor(/Downloaded The tone episode/u);
	await session.waitFor(/✓ downloaded 1\.4 MB/u);
	const file = path.join(base, 'downloads', 'Tone Radio', '2026-11-20-The tone episode.wav');
	t.true(fs.existsSync(file), 'named by {feed}/{date}-{title}.{ext}');
	session.press(keys.enter);
	await session.waitFor(/Episodes — 1 · ▶ Playing 0:0\d \/ 1:30/u, 15_000);
	session.press(keys.escape);
	await session.waitFor(/Tidings — 1 unread of 1[^]*▶ Playing/u);
	session.press('D');
	await session.waitFor(/Episodes — 1/u);
	session.press('x');
	await session.waitFor(/Deleted the download of The tone episode/u);
	t.false(fs.existsSync(file));
	session.press('q');
	session.press('q');
	t.is((await session.exited()).exitCode, 0);
	fs.rmSync(base, {recursive: true, force: true});
});
