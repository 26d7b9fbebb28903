/**
The command table as data, read from the very commander program that prints `--help` (its visible commands,
options and arguments, through commander's own Help), so that the shell completions and the man page cannot drift
from it: whatever a command module registers shows up in all three.
*/
import type {Command} from 'commander';

export type OptionSpec = {
	/** `-v`, `--version`… */
	readonly flags: readonly string[];
	/** The flags as help shows them: `--width <n>`. */
	readonly usage: string;
	readonly takesValue: boolean;
	readonly description: string;
	/** What the value names, for a shell to complete it: a folder, a file, or nothing it can know. */
	readonly value: 'directory' | 'file' | undefined;
};

export type ArgumentSpec = {readonly name: string; readonly required: boolean; readonly variadic: boolean; readonly description: string; readonly choices: readonly string[]};

export type CommandSpec = {
	readonly name: string;
	/** `tidings`, `tidings view`, `tidings view add`. */
	readonly path: readonly string[];
	readonly aliases: readonly string[];
	readonly summary: string;
	readonly description: string;
	readonly usage: string;
	readonly options: readonly OptionSpec[];
	readonly arguments: readonly ArgumentSpec[];
	readonly commands: readonly CommandSpec[];
};

function valueKind(name: string): OptionSpec['value'] {
	if (/\bdir(?:ectory)?\b|folder/iu.test(name)) {
		return 'directory';
	}

	return /\bfile\b|\bpath\b/iu.test(name) ? 'file' : undefined;
}

export function commandTable(command: Command, parents: readonly string[] = []): CommandSpec {
	const help = command.createHelp();
	const path = [...parents, command.name()];
	const firstLine = (text: string) => text.split('\n')[0] ?? '';
	return {
		name: command.name(),
		path,
		aliases: command.aliases(),
		summary: firstLine(command.summary() || command.description()),
		description: command.description(),
		usage: command.usage(),
		options: help.visibleOptions(command).map(option => ({
			flags: [option.short, option.long].filter((flag): flag is string => flag !== undefined),
			usage: option.flags,
			takesValue: option.required || option.optional,
			description: option.description,
			value: option.required || option.optional ? valueKind(`${option.long ?? ''} ${option.flags}`) : undefined,
		})),
		arguments: command.registeredArguments.map(argument => ({
			name: argument.name(),
			required: argument.required,
			variadic: argument.variadic,
			description: argument.description,
			choices: argument.argChoices ?? [],
		})),
		// The implicit `help` command is left out: `--help` on every command says the same, and it has no options.
		commands: help.visibleCommands(command).filter(sub => sub.name() !== 'help' || sub.commands.length > 0).map(sub => commandTable(sub, path)),
	};
}

/** Every command in the table, depth first, the root first. */
export function allCommands(table: CommandSpec): CommandSpec[] {
	return [table, ...table.commands.flatMap(sub => allCommands(sub))];
}
