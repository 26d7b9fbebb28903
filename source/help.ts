/**
The fast path of `tidings --help` (also `-h`, after any `--dir` and `--config`): the same text the full program
prints, without loading it (commander, the feed and search modules, React, Ink, the store). bin/tidings.js
imports this entry first when the command line asks for help; `printRootHelp` returns false for anything else (a
subcommand's help, another option, no model built), and the full program runs instead.

What the help is made of, and where each part comes from:
- the usage, options and commands: commander's own layout of the one command table, kept by the build as a model
  (dist/help-model.json, `tidings help-model`) and laid out here for the terminal's width (source/cli/help-model.ts);
- the keys: the one key table with the config file's `[keys]` (the same `userKeys` and `keysAfterText`);
- the query language, exit statuses and folders in use: the same `moreAfterText`.
*/
import fs from 'node:fs';
import {formatHelpModel, isHelpModel, type HelpModel} from './cli/help-model.js';
import {keysAfterText, moreAfterText} from './cli/help.js';
import {exitQuietlyOnBrokenPipe} from './cli/pipe.js';
import {cacheDirectory, configDirectory} from './adapters/folders.js';
import {resolveLibrary} from './commands/library-folder.js';
import {configPath, readConfigKeys} from './adapters/config-file.js';
import {installKeys, userKeys} from './app/keymap.js';

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

function readModel(): HelpModel | undefined {
	try {
		const model: unknown = JSON.parse(fs.readFileSync(new URL('help-model.json', import.meta.url), 'utf8'));
		return isHelpModel(model) ? model : undefined;
	} catch {
		return undefined;
	}
}

/** Prints the root help and returns true, or returns false (printing nothing) when the full program must answer. */
export function printRootHelp(args: readonly string[], stdout: NodeJS.WriteStream = process.stdout): boolean {
	const request = helpRequest(args);
	const model = request === undefined ? undefined : readModel();
	if (request === undefined || model === undefined) {
		return false;
	}

	exitQuietlyOnBrokenPipe();
	// Like the full program (installSettings, source/commands/settings.ts): the config file's [keys] laid over the key
	// table are in force before the keys are named. The other settings play no part in the help, and are not checked.
	installKeys(userKeys(readConfigKeys(configPath(request.config))).table);
	// commander's width: the terminal's columns, else 80.
	const width = (stdout.isTTY ? stdout.columns : undefined) ?? 80;
	const more = moreAfterText(() => resolveLibrary({dir: request.dir}), {state: configDirectory(), cache: cacheDirectory()});
	stdout.write(`${formatHelpModel(model, width)}${keysAfterText()}\n${more}\n`);
	process.exitCode = 0;
	return true;
}
