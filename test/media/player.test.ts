import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {execFileSync} from 'node:child_process';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {MpvPlayer, probeDuration, reapOrphans} from '../../source/adapters/media/mpv.js';
import {DownloadQueue, downloadRecords} from '../../source/adapters/media/podcasts.js';
import {defaults} from '../../source/core/config/schema.js';
import type {SafeText} from '../../source/core/text/neutralise.js';
import {episodePosition} from '../../source/adapters/media/positions.js';
import {MediaSession} from '../../source/adapters/media/session.js';
import type {MediaStatus} from '../../source/core/media/episode.js';
import {StateStore} from '../../source/adapters/state-store.js';
import {needProgram, testPlayer, writeTone} from '../helpers/media.js';
import {tempDir} from '../helpers/terminal.js';

const withMpv = needProgram('mpv') ? test : test.skip;

async function until<T>(read: () => Promise<T> | T, accept: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		 
		const value = await read();
		if (accept(value)) {
			return value;
		}

		if (Date.now() > deadline) {
			throw new Error(`not reached in ${timeoutMs} ms: ${JSON.stringify(value)}`);
		}

		 
		await new Promise(resolve => {
			setTimeout(resolve, 50);
		});
	}
}

withMpv('a generated tone plays in real mpv through the IPC socket; pause, position, quit, and the next play resumes there', async t => {
	const base = tempDir();
	const tone = path.join(base, 'tone.wav');
	writeTone(tone, 20);
	const configDir = path.join(base, 'config');
	const statuses: Array<MediaStatus | undefined> = [];
	const {store} = StateStore.open(configDir);
	const session = new MediaSession({store, command: testPlayer, onStatus: status => statuses.push(status)});
	const episode = {source: tone, key: 'http://127.0.0.1/tone.wav', title: 'A tone'};
	t.regex(await session.play(episode), /^Playing A tone$/);
	const playing = await until(() => session.status(), status => (status?.position ?? 0) >= 1.2);
	t.false(playing!.paused);
	t.is(Math.round(playing!.duration!), 20, 'mpv reads the duration from the file');
	t.true(statuses.some(status => status?.title === 'A tone'), 'the status reaches the reader');

	t.is(await session.togglePause(), 'Paused');
	await until(() => session.status(), status => status?.paused === true);
	const saved = session.status()!.position!;
	t.true(saved >= 1.2);
	t.regex(await session.changeSpeed(0.1), /Speed ×1\.1/);
	await session.quit();
	store.flush();

	const reopened = StateStore.open(configDir).store;
	const kept = episodePosition(reopened, episode.key);
	t.truthy(kept, 'the place is kept in the store');
	t.true(Math.abs(kept!.at - saved) < 0.2, `kept ${kept?.at} for ${saved}`);

	const again = new MediaSession({store: reopened, command: testPlayer, onStatus: () => undefined});
	t.teardown(() => again.close());
	t.regex(await again.play(episode), /from 0:0\d/);
	const resumed = await until(() => again.status(), status => status?.position !== undefined);
	t.true(resumed!.position! >= saved - 0.5, `resumed at ${resumed?.position}, saved ${saved}`);
	t.regex(await again.seek(-10), /^Back 10 s/);
	t.regex(await again.stop(), /^Stopped A tone/);
	t.is(again.status(), undefined);
	fs.rmSync(base, {recursive: true, force: true});
});

withMpv('mpv killed under the reader: pending requests end, the place is kept, the session says so', async t => {
	const base = tempDir();
	const tone = path.join(base, 'tone.wav');
	writeTone(tone, 20);
	const {store} = StateStore.open(path.join(base, 'config'));
	const messages: string[] = [];
	const session = new MediaSession({store, command: testPlayer, onStatus: (_status, message) => message && messages.push(message)});
	await session.play({source: tone, key: 'k', title: 'T'});
	await until(() => session.status(), status => (status?.position ?? 0) > 0.5);
	const player = (session as unknown as {player: MpvPlayer}).player;
	process.kill(player.pid!, 'SIGKILL');
	await until(() => messages, list => list.length > 0);
	t.regex(messages[0]!, /the player .*T is kept at 0:0\d/);
	t.truthy(episodePosition(store, 'k'));
	await t.throwsAsync(session.togglePause(), {message: 'Nothing is playing'});
	session.close();
});

withMpv('a socket that stops answering times out instead of hanging', async t => {
	const player = await MpvPlayer.start({command: testPlayer, requestTimeoutMs: 300});
	t.teardown(() => player.kill());
	process.kill(player.pid!, 'SIGSTOP');
	// A stop is delivered a moment after kill() returns: under load mpv once answered in between. Linux says when it is
	// stopped (`T` in /proc/<pid>/stat); elsewhere a pause stands in.
	const stat = `/proc/${player.pid!}/stat`;
	await (fs.existsSync(stat) ? until(() => /^\d+ \(.*\) (\S)/su.exec(fs.readFileSync(stat, 'utf8'))?.[1], state => state === 'T') : new Promise(resolve => {
		setTimeout(resolve, 200);
	}));
	// The request's own deadline ends it (the message says so); nothing waits on mpv.
	await t.throwsAsync(player.getProperty('pause'), {message: /did not answer get_property in time/});
	process.kill(player.pid!, 'SIGCONT');
});

test('a missing player is one message, nothing left running', async t => {
	await t.throwsAsync(MpvPlayer.start({command: ['tidings-no-such-player']}), {message: /tidings-no-such-player is not installed/});
});

withMpv('a player left idle by a reader killed outright is asked to quit by the next start; a live reader\'s is left alone', async t => {
	const runtime = tempDir();
	const environment = {...process.env, XDG_RUNTIME_DIR: runtime};
	const orphan = await MpvPlayer.start({command: testPlayer, environment});
	const live = await MpvPlayer.start({command: testPlayer, environment});
	t.teardown(() => {
		orphan.kill();
		live.kill();
	});
	const exited = new Promise<string>(resolve => {
		let said = false;
		for (const player of [orphan, live]) {
			player.onExit(reason => {
				if (!said) {
					said = true;
					resolve(reason);
				}
			});
		}
	});
	// The orphan's reader: a process that has ended.
	const dead = Number(execFileSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {encoding: 'utf8'}));
	const folders = fs.readdirSync(runtime);
	t.is(folders.length, 2, 'one private folder per player');
	t.is(fs.statSync(path.join(runtime, folders[0]!)).mode & 0o777, 0o700);
	fs.writeFileSync(path.join(runtime, folders[0]!, 'owner'), String(dead));
	t.is(await reapOrphans(environment), 1);
	await exited.then(reason => t.regex(reason, /closed its socket|ended|stopped/u));
	t.is(fs.readdirSync(runtime).length, 1);
	const survivor = [orphan, live].find(player => player.alive)!;
	t.truthy(survivor, 'the live reader\'s player still runs');
	t.is(await survivor.getProperty('idle-active'), true);
});

withMpv('an episode played to its end starts again from the beginning, its length kept from mpv', async t => {
	const base = tempDir();
	const tone = path.join(base, 'tone.wav');
	writeTone(tone, 20);
	const {store} = StateStore.open(path.join(base, 'config'));
	const messages: string[] = [];
	const session = new MediaSession({store, command: testPlayer, onStatus: (_status, message) => message && messages.push(message)});
	t.teardown(() => session.close());
	await session.play({source: tone, key: 'end', title: 'Short'});
	await session.seek(19);
	await until(() => messages, list => list.includes('Played to the end: Short'));
	t.like(episodePosition(store, 'end'), {at: 0, duration: 20});
	t.false(session.playing);
	t.regex(await session.play({source: tone, key: 'end', title: 'Short'}), /^Playing Short$/u, 'from the start, not from the end');
});

withMpv('a download whose feed gave no length is probed with mpv, and the length recorded with the file', async t => {
	const base = tempDir();
	const tone = path.join(base, 'tone.wav');
	writeTone(tone, 7);
	t.is(Math.round((await probeDuration(tone, {command: testPlayer}))!), 7);
	t.is(await probeDuration(path.join(base, 'missing.wav'), {command: testPlayer}), undefined);
	const data = fs.readFileSync(tone);
	const server = http.createServer((_request, response) => response.writeHead(200, {'Content-Type': 'audio/wav', 'Content-Length': data.length}).end(data));
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	t.teardown(() => server.close());
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/tone.wav`;
	const {store} = StateStore.open(path.join(base, 'config'));
	const config = {...defaults(), media: {...defaults().media, 'download-dir': path.join(base, 'downloads')}};
	const queue = new DownloadQueue({store, config, cacheDir: base, probe: testPlayer});
	const meta = {id: 'x', path: 'x.md', title: 'Tone' as SafeText, source: 'Show' as SafeText, tags: [], kind: 'md', size: 1, mtimeMs: 0, words: 1} as const;
	const [item] = await queue.add([{id: 'x', meta, n: 1, attachment: {name: 'tone.wav', url, type: 'audio/wav'}}]);
	t.is(item!.state, 'done');
	t.like(downloadRecords(store)[url], {bytes: data.length, type: 'audio/wav', duration: 7});
});
