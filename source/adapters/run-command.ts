/**
Runs a command of the config file (`actions.pipe`, `actions.bookmark`, `openers.enclosures`): a list of arguments,
started directly (`shell: false`), so nothing in an argument (a URL with `;`, a title with `$(…)`) is read by a shell.
`{name}` placeholders are filled with one whole argument each. A command that needs the terminal (a pager, mpv) gets
it through `suspend` (Ink hands the terminal over and takes it back); without a terminal it runs with its output
dropped. Bounded: a command that does not end within `timeoutMs` is stopped.
*/
import {spawn} from 'node:child_process';
import path from 'node:path';

/** `{url}` → the URL, as one argument (never split, never given to a shell). Unknown placeholders stay as written. */
export function fillArguments(template: readonly string[], values: Readonly<Record<string, string>>): string[] {
	return template.map(argument => argument.replaceAll(/\{([a-z]+)\}/gu, (whole, name: string) => values[name] ?? whole));
}

export type RunResult = {readonly ok: boolean; readonly message: string; readonly code?: number | null};

export type RunOptions = {
	/** Written to the command's standard input, then closed. */
	readonly input?: string;
	/** Hands the terminal over while the command runs (Ink's suspendTerminal). */
	readonly suspend?: (run: () => Promise<void>) => Promise<void>;
	readonly environment?: NodeJS.ProcessEnv;
	readonly timeoutMs?: number;
};

const describe = (error: unknown) => (error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'not found' : (error instanceof Error ? error.message : String(error)));

export async function runArguments(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
	const [program, ...args] = argv;
	if (program === undefined || program === '') {
		return {ok: false, message: 'no command is set'};
	}

	const name = path.basename(program);
	const interactive = options.suspend !== undefined;
	const start = async () => new Promise<RunResult>(resolve => {
		let stderr = '';
		const child = spawn(program, args, {
			shell: false,
			env: options.environment ?? process.env,
			stdio: [options.input === undefined ? (interactive ? 'inherit' : 'ignore') : 'pipe', interactive ? 'inherit' : 'ignore', interactive ? 'inherit' : 'pipe'],
		});
		const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGTERM'), options.timeoutMs);
		child.stderr?.on('data', (chunk: Buffer) => {
			if (stderr.length < 4096) {
				stderr += chunk.toString('utf8');
			}
		});
		child.stdin?.on('error', () => undefined);
		child.stdin?.end(options.input);
		child.once('error', error => {
			clearTimeout(timer);
			resolve({ok: false, message: `couldn't start ${name}: ${describe(error)}`});
		});
		child.once('close', (code, signal) => {
			clearTimeout(timer);
			const said = stderr.trim().split('\n')[0]?.slice(0, 200) ?? '';
			if (code === 0) {
				resolve({ok: true, message: name, code});
			} else {
				resolve({ok: false, code, message: `${name} ${signal ? `was stopped (${signal})` : `failed (exit ${code})`}${said === '' ? '' : `: ${said}`}`});
			}
		});
	});

	if (options.suspend) {
		let result: RunResult = {ok: false, message: `${name} did not run`};
		await options.suspend(async () => {
			result = await start();
		});
		return result;
	}

	return start();
}
