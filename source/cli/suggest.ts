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

/** Call once every subcommand is registered, before parsing. */
export function rejectUnknownCommands(program: Command, stderr: NodeJS.WritableStream = process.stderr): void {
	// Operands reach the root action instead of "too many arguments"; the hook below then names the command.
	program.allowExcessArguments(true);
	program.hook('preAction', (_root, actionCommand) => {
		if (actionCommand !== program || program.args.length === 0) {
			return;
		}

		// The word goes back to the terminal: neutralised like any other outside text.
		program.args[0] = neutraliseLine(program.args[0]!);
		let said = '';
		const output = program.configureOutput();
		program.configureOutput({
			...output,
			writeErr(text) {
				said += text;
			},
			outputError(text) {
				said += text;
			},
		});
		try {
			(program as unknown as {unknownCommand(): never}).unknownCommand();
		} catch {
			// commander's own error (through exitOverride); its words are in `said`.
		} finally {
			program.configureOutput(output);
		}

		const message = oneLine(said) || `unknown command '${program.args[0]}'`;
		stderr.write(`tidings: ${message}; tidings --help lists the commands\n`);
		throw new CommanderError(2, 'commander.unknownCommand', message);
	});
}
