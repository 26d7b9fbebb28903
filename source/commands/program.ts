/**
The command line: one commander program, every subcommand registered from its own module in source/commands/. The
same program gives `--help`; `main` runs it. Importing this module runs nothing (source/cli.tsx does).
*/
import {Command, CommanderError} from 'commander';
import {cacheDirectory, loadLibrary} from '../adapters/library.js';
import {keysAfterText, keysHelpText} from '../cli/help.js';
import {libraryIfAny, libraryOf, openSyncedStore, resolveLibrary, UserError, version, type GlobalOptions} from './context.js';
import {registerListCommand, printList} from './list.js';
import {registerReadCommand} from './read.js';
import {registerMarkCommands} from './marks.js';
import {exitQuietlyOnBrokenPipe} from '../cli/pipe.js';
import {rejectUnknownCommands} from '../cli/suggest.js';
import {registerShellCommands} from '../cli/register.js';
import {registerConfigCommand} from './config.js';
import {registerSyncCommands} from './sync.js';
import {errorLines, installSettings} from './settings.js';
import {neutraliseLine} from '../core/text/neutralise.js';

/** Commands registered without loading anything heavy; every other word (or a request for help) loads the rest. */
const lightCommands = new Set(['list', 'read', 'mark', 'star', 'undo', 'redo', 'config', 'sync']);

export function mayNeedEveryCommand(args: readonly string[]): boolean {
	if (args.some(argument => argument === '--help' || argument === '-h')) {
		return true;
	}

	for (let index = 0; index < args.length; index++) {
		const argument = args[index]!;
		if (argument === '--dir' || argument === '--config') {
			index++;
		} else if (!argument.startsWith('-')) {
			return !lightCommands.has(argument);
		}
	}

	return false;
}

let noticed = false;

/** The config file's settings for a command of the command line; its errors go to stderr once (the defaults stand in). */
function configWithNotice(explicit: string | undefined) {
	const settings = installSettings(explicit);
	if (!noticed) {
		noticed = true;
		for (const line of errorLines(settings)) {
			process.stderr.write(`tidings: ${neutraliseLine(line)}\n`);
		}
	}

	return settings.config;
}

/** The whole program. `every`: register the feed, full-story and search commands too (they load more code). */
export async function buildProgram(options: {every?: boolean} = {}): Promise<Command> {
	const program = new Command();
	program
		.name('tidings')
		.description('A calm, fast, keyboard-first terminal news reader.\nWith no command on a terminal, opens the reader; otherwise prints the list.')
		.version(version, '-v, --version')
		.option('--dir <dir>', 'the article library (default: $TIDINGS_DIR, else the bundled articles/ in a checkout)')
		.option('--config <file>', 'the config file (default: $TIDINGS_CONFIG, else $XDG_CONFIG_HOME/tidings/config.toml)')
		.option('--debug', 'print stack traces for errors')
		.showHelpAfterError('(tidings --help lists the commands)')
		.addHelpText('after', () => keysAfterText(keysHelpText()))
		.exitOverride();

	registerListCommand(program);
	registerReadCommand(program);

	const shared = {
		libraryDir: () => resolveLibrary(program.opts<GlobalOptions>()),
		// Merged with the library's shared reading state when there is a library (issue 20); the plain store without one.
		openStore: () => openSyncedStore(libraryIfAny(program.opts<GlobalOptions>())),
		stdout: process.stdout,
		stderr: process.stderr,
		setExitCode(code: number) {
			process.exitCode = code;
		},
	};
	const loadAll = async () => loadLibrary(shared.libraryDir(), {cacheDir: cacheDirectory()});
	registerMarkCommands(program, {...shared, loadLibrary: loadAll});
	registerConfigCommand(program, {...shared, settings: () => installSettings(program.opts<GlobalOptions>().config)});
	registerSyncCommands(program, shared);
	// The feed, full-story and search commands bring feed parsing, HTML→Markdown, Readability and SQLite with them:
	// they are loaded only when the command line may name one of them (or asks for help), never for the reader.
	if (options.every) {
		const [feeds, fetchFull, search, podcasts] = await Promise.all([import('./feeds.js'), import('./fetch-full.js'), import('./search.js'), import('./podcasts.js')]);
		feeds.registerFeedCommands(program, {...shared, config: () => configWithNotice(program.opts<GlobalOptions>().config)});
		fetchFull.registerFetchFullCommand(program, shared);
		search.registerSearchCommands(program, {...shared, cacheDir: () => cacheDirectory(), loadLibrary: loadAll});
		podcasts.registerPodcastCommands(program, {...shared, config: () => configWithNotice(program.opts<GlobalOptions>().config)});
	}

	registerShellCommands(program, {...shared, version});
	program.action(async () => {
		const global = program.opts<GlobalOptions>();
		if (process.stdin.isTTY && process.stdout.isTTY) {
			const {runTui} = await import('./tui.js');
			await runTui(global);
			return;
		}

		const {metas, store} = await libraryOf(global);
		printList(metas, store, {}, process.stdout, global.config);
	});

	rejectUnknownCommands(program);
	return program;
}

/** `--config <file>` or `--config=<file>` anywhere on the command line (read before commander, for --help too). */
export function configOption(args: readonly string[]): string | undefined {
	let found: string | undefined;
	for (let index = 0; index < args.length; index++) {
		const argument = args[index]!;
		if (argument === '--') {
			break;
		}

		if (argument === '--config') {
			found = args[++index];
		} else if (argument.startsWith('--config=')) {
			found = argument.slice('--config='.length);
		}
	}

	return found;
}

export async function main(argv = process.argv): Promise<void> {
	exitQuietlyOnBrokenPipe();
	const args = argv.slice(2);
	if (args.some(argument => argument === '--help' || argument === '-h' || argument === 'help')) {
		// --help names the keys in force: the user's [keys] are loaded first.
		installSettings(configOption(args));
	}

	const program = await buildProgram({every: mayNeedEveryCommand(args)});
	try {
		await program.parseAsync(argv);
	} catch (error) {
		if (error instanceof CommanderError) {
			process.exitCode = error.exitCode === 0 ? 0 : 2;
			return;
		}

		if (error instanceof UserError) {
			process.stderr.write(`tidings: ${error.message}\n`);
			process.exitCode = error.exitCode;
			return;
		}

		const debug = program.opts<GlobalOptions>().debug === true || argv.includes('--debug');
		process.stderr.write(`tidings: ${error instanceof Error ? error.message : String(error)}\n`);
		if (debug && error instanceof Error) {
			process.stderr.write(`${error.stack}\n`);
		}

		process.exitCode = 1;
	}
}
