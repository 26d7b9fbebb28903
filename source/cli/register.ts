/**
The commands about the command line itself: `completion <shell>` and the hidden `manpage`, plus what `--help` adds
under the command list (the query language, the exit statuses, the folders in use). Registered last, so that the
completions and the man page see every command the other modules registered.
*/
import {Argument, type Command} from 'commander';
import {configDirectory} from '../adapters/state-store.js';
import {cacheDirectory} from '../adapters/library.js';
import {completionScript, shells, type Shell} from './completion.js';
import {exitStatusText, pathsText, queryHelpText} from './help.js';
import {manPage} from './manpage.js';

export type ShellCommandsContext = {
	/** The library this invocation would use (may throw when --dir names a missing folder). */
	readonly libraryDir: () => string;
	readonly stdout: NodeJS.WritableStream;
	readonly version: string;
};

export function registerShellCommands(program: Command, context: ShellCommandsContext): void {
	program.command('completion')
		.description('print the shell completion script for bash, zsh or fish (see the README to install it)')
		.addArgument(new Argument('<shell>', 'the shell').choices(shells))
		.action((shell: Shell) => {
			context.stdout.write(completionScript(program, shell));
		});

	program.command('manpage', {hidden: true})
		.description('print the man page (roff)')
		.action(() => {
			context.stdout.write(manPage(program, {version: context.version}));
		});

	program.addHelpText('after', () => {
		let library: string;
		try {
			library = context.libraryDir();
		} catch (error) {
			library = `(${error instanceof Error ? error.message : String(error)})`;
		}

		return `\n${queryHelpText()}\n\n${exitStatusText()}\n\n${pathsText({library, state: configDirectory(), cache: cacheDirectory()})}\n`;
	});
}
