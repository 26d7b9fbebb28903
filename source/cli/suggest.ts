/**
`tidings lst` is a mistyped command, not a list with one stray argument: say so in one line, with the nearest real
command (`tidings: unknown command 'lst' (did you mean list?)`). The root command has an action (bare `tidings` opens
the reader), which makes commander treat every unknown word as an excess argument of that action ("too many
arguments"); this hands the word to commander's own unknown-command check instead, whose edit-distance suggestion
over the visible commands and aliases it keeps, and folds commander's lines into one.
*/
import {CommanderError, type Command} from 'commander';
import {neutraliseLine} from '../core/text/neutralise.js';

/** "error: unknown command 'lst'\n(Did you mean list?)\n" → "unknown command 'lst' (did you mean list?)". */
export function oneLine(said: string): string {
	return said
		.split('\n')
		.map(line => line.trim())
		.filter(line => line !== '' && !line.includes('--help'))
		.map(line => line.replace(/^error: /, '').replace(/^\(Did you mean (.*)\?\)$/, '(did you mean $1?)'))
		.join(' ');
}

/**
Says "tidings: unknown command 'WORD' (did you mean …?)" for `command`'s first operand, on one line, and throws the
usage error (exit 2). commander's unknownCommand() builds the words and the edit-distance suggestion from the visible
commands and aliases; its output is caught and folded into one line.
*/
function rejectUnknown(command: Command, stderr: NodeJS.WritableStream): never {
	// The word goes back to the terminal: neutralised like any other outside text.
	command.args[0] = neutraliseLine(command.args[0] ?? '');
	let said = '';
	const output = command.configureOutput();
	command.configureOutput({
		...output,
		writeErr(text) {
			said += text;
		},
		outputError(text) {
			said += text;
		},
	});
	try {
		(command as unknown as {unknownCommand(): never}).unknownCommand();
	} catch {
		// commander's own error (through exitOverride); its words are in `said`.
	} finally {
		command.configureOutput(output);
	}

	const message = oneLine(said) || `unknown command '${command.args[0]}'`;
	const root = command.parent ? ` ${command.name()}` : '';
	stderr.write(`tidings: ${message}; tidings${root} --help lists the commands\n`);
	throw new CommanderError(2, 'commander.unknownCommand', message);
}

/** Call once every subcommand is registered, before parsing. */
export function rejectUnknownCommands(program: Command, stderr: NodeJS.WritableStream = process.stderr): void {
	// Operands reach the root action instead of "too many arguments"; the hook below then names the command.
	program.allowExcessArguments(true);
	program.hook('preAction', (_root, actionCommand) => {
		if (actionCommand === program && program.args.length > 0) {
			rejectUnknown(program, stderr);
		}
	});
	// A command that only groups others (`view`) hands an unknown word to this event instead of its own message.
	const groups = (command: Command): Command[] => command.commands.flatMap(sub => (sub.commands.length > 0 ? [sub, ...groups(sub)] : groups(sub)));
	for (const group of groups(program)) {
		group.on('command:*', () => {
			rejectUnknown(group, stderr);
		});
	}
}
