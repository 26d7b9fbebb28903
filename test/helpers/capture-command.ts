import {PassThrough} from 'node:stream';
import {Command} from 'commander';

export type CommandRun = {stdout: string; stderr: string; code: number};

/** What a command's context needs to write and to set the exit code, captured in memory. */
export type CapturedStreams = {
	stdout: NodeJS.WriteStream;
	stderr: NodeJS.WriteStream;
	setExitCode(code: number): void;
};

/**
Runs `tidings <args>` on a fresh commander program that `register` fills with commands, capturing what they write
and the exit code they set; commander's own output (usage errors) goes to stderr as it would.
*/
export async function runCommand(register: (program: Command, streams: CapturedStreams) => void, args: readonly string[]): Promise<CommandRun> {
	const stdout = new PassThrough();
	const stderr = new PassThrough();
	let out = '';
	let error = '';
	stdout.on('data', chunk => {
		out += String(chunk);
	});
	stderr.on('data', chunk => {
		error += String(chunk);
	});
	let code = 0;
	const program = new Command().exitOverride().configureOutput({
		writeOut(text) {
			error += text;
		},
		writeErr(text) {
			error += text;
		},
	});
	register(program, {
		stdout: stdout as unknown as NodeJS.WriteStream,
		stderr: stderr as unknown as NodeJS.WriteStream,
		setExitCode(value) {
			code = value;
		},
	});
	await program.parseAsync([...args], {from: 'user'});
	return {stdout: out, stderr: error, code};
}
