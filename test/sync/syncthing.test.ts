/**
The library synced by two real Syncthing instances (test/sync/syncthing-scenario.ts says what it does and checks).
It runs as a child process: its own exit handlers kill both Syncthing processes and remove every temp folder even when
a check fails or ava gives up on it. Without syncthing it is skipped outside CI, with the reason; in CI it fails.
*/
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';

const syncthing = process.env['SYNCTHING'] ?? '/usr/bin/syncthing';
const inCi = process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false';
const scenario = path.join(path.dirname(fileURLToPath(import.meta.url)), 'syncthing-scenario.ts');
const available = fs.existsSync(syncthing);
if (!available && !inCi) {
	console.log(`syncthing tests skipped: ${syncthing} is not installed (apt-get install syncthing)`);
}

(available || inCi ? test : test.skip)('two Syncthing instances carry the library: the other machine shows the same articles, read marks and stars, no duplicate, no conflict file', async t => {
	t.timeout(200_000);
	const child = spawn(process.execPath, ['--import=tsx', scenario], {stdio: ['ignore', 'pipe', 'pipe']});
	let output = '';
	child.stdout.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	child.stderr.on('data', (chunk: Buffer) => {
		output += chunk.toString();
	});
	t.teardown(() => {
		if (child.exitCode === null) {
			child.kill('SIGTERM');
		}
	});
	const code = await new Promise<number | null>(resolve => {
		child.once('exit', resolve);
	});
	t.log(output.trim());
	t.is(code, 0);
	t.regex(output, /syncthing: [1-9]\d* passed, 0 failed/u);
});
