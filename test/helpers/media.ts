import {execFileSync} from 'node:child_process';
import fs from 'node:fs';

/**
A program a test needs (mpv): present, or the test fails under CI (`.ci/run` installs it) and is skipped elsewhere with
a printed reason. Returns whether the test should be declared as a test (true) or a skip (false).
*/
export function needProgram(name: string): boolean {
	let found = false;
	try {
		execFileSync('sh', ['-c', 'command -v "$1"', 'sh', name], {stdio: 'ignore'});
		found = true;
	} catch {}

	if (!found && !process.env['CI']) {
		console.log(`${name} is not installed: its tests are skipped (under CI they fail)`);
	}

	return found || Boolean(process.env['CI']);
}

/** A mono 16-bit PCM WAV of a sine tone, `seconds` long, written in plain JS (no sox needed). */
export function writeTone(file: string, seconds: number, rate = 8000): void {
	const samples = Math.round(seconds * rate);
	const data = Buffer.alloc(samples * 2);
	for (let n = 0; n < samples; n++) {
		data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * n) / rate) * 8000), n * 2);
	}

	const header = Buffer.alloc(44);
	header.write('RIFF', 0, 'ascii');
	header.writeUInt32LE(36 + data.length, 4);
	header.write('WAVE', 8, 'ascii');
	header.write('fmt ', 12, 'ascii');
	header.writeUInt32LE(16, 16);
	header.writeUInt16LE(1, 20);
	header.writeUInt16LE(1, 22);
	header.writeUInt32LE(rate, 24);
	header.writeUInt32LE(rate * 2, 28);
	header.writeUInt16LE(2, 32);
	header.writeUInt16LE(16, 34);
	header.write('data', 36, 'ascii');
	header.writeUInt32LE(data.length, 40);
	fs.writeFileSync(file, Buffer.concat([header, data]));
}

/** The player's arguments for tests: no sound card, no window, no user config. */
export const testPlayer = ['mpv', '--ao=null', '--vo=null', '--no-config'];
