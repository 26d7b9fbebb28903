/**
Opens a web link outside Tidings: `$BROWSER` if set, else the platform's opener. The URL is always one argument of
a program started directly, never a command line for a shell, so nothing in a link (`$(…)`, backticks, `;`) runs.
A terminal browser (w3m, lynx …) needs the terminal: Tidings hands it over (Ink's `suspendTerminal`) and takes it
back when the browser exits; anything else is started detached so the reader stays usable.
*/
import {spawn} from 'node:child_process';
import path from 'node:path';

export const defaultTerminalBrowsers: readonly string[] = ['w3m', 'lynx', 'links', 'elinks', 'browsh'];

export type BrowserCommand = {readonly program: string; readonly args: readonly string[]};

/**
The program and arguments for a URL. `$BROWSER` may list several programs separated by `:` (the first is used) and
may carry arguments, split on spaces, with `%s` standing for the URL, as Python's webbrowser reads it.
*/
export function browserCommand(url: string, environment: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, configured: readonly string[] = []): BrowserCommand {
	// The config file's `open.browser`: a list of arguments, `{url}` one whole argument (appended when absent).
	if (configured.length > 0) {
		const [program = '', ...rest] = configured;
		return {program, args: rest.some(argument => argument.includes('{url}')) ? rest.map(argument => argument.replaceAll('{url}', url)) : [...rest, url]};
	}

	const first = (environment['BROWSER'] ?? '').split(':').map(entry => entry.trim()).find(entry => entry !== '');
	if (first !== undefined) {
		const [program = first, ...rest] = first.split(/\s+/u);
		const args = rest.some(argument => argument.includes('%s'))
			? rest.map(argument => argument.replaceAll('%s', url))
			: [...rest, url];
		return {program, args};
	}

	if (platform === 'darwin') {
		return {program: 'open', args: [url]};
	}

	if (platform === 'win32') {
		return {program: 'explorer.exe', args: [url]};
	}

	return {program: 'xdg-open', args: [url]};
}

export type OpenOptions = {
	readonly environment: NodeJS.ProcessEnv;
	readonly terminalBrowsers: readonly string[];
	/** The config file's `open.browser` (empty: `$BROWSER`, else the platform's opener). */
	readonly browser?: readonly string[];
	/** Ink's suspendTerminal, when the program has a terminal to hand over. */
	readonly suspend?: (run: () => Promise<void>) => Promise<void>;
};

export type OpenResult = {readonly ok: true; readonly message: string} | {readonly ok: false; readonly message: string};

const describe = (error: unknown) => (error instanceof Error && 'code' in error && error.code === 'ENOENT' ? 'not found' : (error instanceof Error ? error.message : String(error)));

export async function openUrl(url: string, options: OpenOptions): Promise<OpenResult> {
	const {program, args} = browserCommand(url, options.environment, process.platform, options.browser);
	const name = path.basename(program);
	if (options.terminalBrowsers.includes(name)) {
		if (!options.suspend) {
			return {ok: false, message: `Couldn't open the link: ${name} needs the terminal, and Tidings has none to hand over`};
		}

		let failure: string | undefined;
		await options.suspend(async () => new Promise<void>(resolve => {
			const child = spawn(program, args, {stdio: 'inherit', shell: false});
			child.once('error', error => {
				failure = describe(error);
				resolve();
			});
			child.once('exit', () => {
				resolve();
			});
		}));
		return failure === undefined ? {ok: true, message: `Back from ${name}`} : {ok: false, message: `Couldn't start ${name}: ${failure}`};
	}

	return new Promise(resolve => {
		const child = spawn(program, args, {detached: true, stdio: 'ignore', shell: false});
		child.once('error', error => {
			resolve({ok: false, message: `Couldn't open the link with ${name}: ${describe(error)}`});
		});
		child.once('spawn', () => {
			child.unref();
			resolve({ok: true, message: `Opened in ${name}: ${url}`});
		});
	});
}
