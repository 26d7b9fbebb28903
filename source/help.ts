/**
The fast path of `tidings --help` (also `-h`, after any `--dir` and `--config`): the same text the full program
prints, without loading it (commander, the feed and search modules, React, Ink, the store). bin/tidings.js requires
this entry (built to dist/help.cjs) first when the command line asks for help; `printRootHelp` returns false for
anything else (a subcommand's help, another option, no model built), and the full program runs instead.

What the help is made of, and where each part comes from:
- the usage, options and commands: commander's own layout of the one command table, kept by the build as a model
  (dist/help-model.json, `tidings help-model`) and laid out here for the terminal's width (source/cli/help-model.ts;
  at 80 columns, the width of any output that is not a terminal, the build laid it out already);
- the keys: with no config file, the default key table's, as the build named them (`keysHelpText`); with one, its
  `[keys]` laid over the table by dist/help-keys.cjs (source/help-keys.ts: the same `userKeys` and `keysHelpText`);
- the query language and exit statuses (named by the build: no setting changes them), and the folders in use, named
  here (`moreAfterText`, `pathsText`, neutralised).
*/
import fs from 'node:fs';
import {createRequire} from 'node:module';
import {formatHelpModel, isRootHelp, type RootHelp} from './cli/help-model.js';
import {keysAfterText, moreAfterText} from './cli/help-text.js';
import {exitQuietlyOnBrokenPipe} from './cli/pipe.js';
import {cacheDirectory, configDirectory} from './adapters/folders.js';
import {configPath} from './adapters/config-path.js';
import {resolveLibrary} from './commands/library-folder.js';
import type {keysWithConfig as KeysWithConfig} from './help-keys.js';

export type HelpRequest = {readonly dir?: string; readonly config?: string};

// Not `help`: the root command has an action (bare `tidings` opens the reader), so commander adds no `help` command,
// and the full program answers `tidings help` with "unknown command 'help'" (exit 2); that answer stays its own.
const helpWords = new Set(['--help', '-h']);

/**
A request for the root help this path answers: `--dir <dir>` and `--config <file>` (or `--dir=…`, `--config=…`, the
last one winning, as in commander) and then one help word, nothing else. A value that starts with `-` is left to the
full program, like every other command line.
*/
export function helpRequest(args: readonly string[]): HelpRequest | undefined {
	let dir: string | undefined;
	let config: string | undefined;
	for (let index = 0; index < args.length; index++) {
		const argument = args[index]!;
		if (helpWords.has(argument)) {
			return index === args.length - 1 ? {dir, config} : undefined;
		}

		const [name, inline] = argument.startsWith('--') && argument.includes('=') ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)] : [argument, undefined];
		if (name !== '--dir' && name !== '--config') {
			return undefined;
		}

		const value = inline ?? args[++index];
		if (value === undefined || value.startsWith('-')) {
			return undefined;
		}

		if (name === '--dir') {
			dir = value;
		} else {
			config = value;
		}
	}

	return undefined;
}

function readRootHelp(): RootHelp | undefined {
	try {
		const root: unknown = JSON.parse(fs.readFileSync(new URL('help-model.json', import.meta.url), 'utf8'));
		return isRootHelp(root) ? root : undefined;
	} catch {
		return undefined;
	}
}

/** The keys in force: the default table's when there is no config file (any `[keys]` needs one), else the file's. */
function keysInForce(root: RootHelp, explicit: string | undefined): string {
	const file = configPath(explicit);
	if (!fs.existsSync(file)) {
		return root.defaultKeys;
	}

	const {keysWithConfig} = createRequire(import.meta.url)('./help-keys.cjs') as {keysWithConfig: typeof KeysWithConfig};
	return keysWithConfig(file);
}

/** Prints the root help and returns true, or returns false (printing nothing) when the full program must answer. */
export function printRootHelp(args: readonly string[], into?: NodeJS.WriteStream): boolean {
	const request = helpRequest(args);
	const root = request === undefined ? undefined : readRootHelp();
	if (request === undefined || root === undefined) {
		return false;
	}

	const keys = keysAfterText(keysInForce(root, request.config));
	const more = moreAfterText(root.fixed, () => resolveLibrary({dir: request.dir}), {state: configDirectory(), cache: cacheDirectory()});
	process.exitCode = 0;
	// process.stdout is not touched on this path: making it is the cost avoided (see writeDirectly).
	if (into === undefined && intoPipeOrFile()) {
		// Not a terminal: commander's width is 80, which the build laid out already.
		writeDirectly(`${root.at80}${keys}\n${more}\n`);
		return true;
	}

	const stdout = into ?? process.stdout;
	exitQuietlyOnBrokenPipe();
	// commander's width: the terminal's columns, else 80.
	const width = (stdout.isTTY ? stdout.columns : undefined) ?? 80;
	const layout = width === 80 ? root.at80 : formatHelpModel(root.model, width);
	stdout.write(`${layout}${keys}\n${more}\n`);
	return true;
}

/**
Whether standard output is a pipe, a socket or a file (so surely no terminal). A character device may be a terminal
(or /dev/null): that goes through process.stdout as before.
*/
function intoPipeOrFile(): boolean {
	try {
		const stat = fs.fstatSync(1);
		return stat.isFIFO() || stat.isFile() || stat.isSocket();
	} catch {
		return false;
	}
}

/**
Writes to standard output without making Node's stdout stream: for a pipe Node loads its net and stream modules for
it, 2-4 ms of a 30 ms command (issue 14: `--help` within 1.3 × a bare Node start). A reader gone away (EPIPE) ends the
help quietly, as exitQuietlyOnBrokenPipe does; a pipe that cannot take it all now (EAGAIN: a non-blocking pipe that is
full) gets the rest through the stream, which waits.
*/
function writeDirectly(text: string): void {
	const bytes = Buffer.from(text);
	let done = 0;
	try {
		while (done < bytes.length) {
			done += fs.writeSync(1, bytes, done);
		}
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EPIPE') {
			return;
		}

		if (code !== 'EAGAIN') {
			throw error;
		}

		exitQuietlyOnBrokenPipe();
		process.stdout.write(bytes.subarray(done));
	}
}
