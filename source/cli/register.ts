/**
The commands about the command line itself: `completion <shell>` and the hidden `manpage`, plus what `--help` adds
under the command list (the query language, the exit statuses, the folders in use). Registered last, so that the
completions and the man page see every command the other modules registered.
*/
import {Argument, type Command} from 'commander';
import {cacheDirectory, configDirectory} from '../adapters/folders.js';
import {completionScript, shells, type Shell} from './completion.js';
import {fixedHelpText, keysHelpText, moreAfterText} from './help.js';
import {formatHelpModel, helpModel, type RootHelp} from './help-model.js';
import {defaultTable, installKeys} from '../app/keymap.js';
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

	program.command('help-model', {hidden: true})
		.description('print the root help as a model for the fast --help, with the texts it does not compute (JSON; the build writes it to dist/help-model.json)')
		.action(() => {
			const model = helpModel(program);
			// The keys as the default table names them, whatever config file this build runs with.
			installKeys(defaultTable);
			const root: RootHelp = {model, at80: formatHelpModel(model, 80), defaultKeys: keysHelpText(), fixed: fixedHelpText()};
			context.stdout.write(`${JSON.stringify(root)}\n`);
		});

	program.addHelpText('after', () => moreAfterText(fixedHelpText(), context.libraryDir, {state: configDirectory(), cache: cacheDirectory()}));
}
