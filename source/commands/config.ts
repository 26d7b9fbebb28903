/**
`tidings config check`: every problem of the config file, one line each (`file:line: message`), exit 1 when there
is an error. `tidings config show`: the settings in force as a config file; `--defaults`: the whole file with every
default and a comment each, generated from the schema. `tidings config path`: where the file is looked for.
*/
import type {Command} from 'commander';
import {describeProblem} from '../adapters/config.js';
import {defaultTable, keyRows} from '../app/keymap.js';
import {defaultsToml} from '../core/config/schema.js';
import {neutraliseLine} from '../core/text/neutralise.js';
import type {Settings} from './settings.js';

export type ConfigCommandContext = {
	settings(): Settings;
	stdout: {write(text: string): unknown};
	setExitCode(code: number): void;
};

export function registerConfigCommand(program: Command, context: ConfigCommandContext): void {
	const config = program.command('config').description('Check or show the config file (config.toml)');
	config
		.command('check')
		.description('Check the config file: each problem with its file, line and key; exit 1 on an error')
		.action(() => {
			const settings = context.settings();
			if (!settings.exists) {
				context.stdout.write(`${neutraliseLine(settings.path)}: no config file; every default is used\n`);
				return;
			}

			for (const problem of settings.problems) {
				context.stdout.write(`${neutraliseLine(describeProblem(settings.path, problem))}\n`);
			}

			const errors = settings.problems.filter(problem => problem.severity === 'error').length;
			if (errors > 0) {
				context.stdout.write(`${errors} ${errors === 1 ? 'error' : 'errors'}: the defaults are used in their place\n`);
				context.setExitCode(1);
			} else {
				context.stdout.write(`${neutraliseLine(settings.path)}: OK\n`);
			}
		});
	config
		.command('show')
		.description('Print the settings in force as a config file')
		.option('--defaults', 'print every default instead, with a comment each')
		.action((options: {defaults?: boolean}) => {
			if (options.defaults) {
				context.stdout.write(defaultsToml(keyRows(defaultTable)));
				return;
			}

			const settings = context.settings();
			context.stdout.write(neutraliseLine(`# ${settings.path}${settings.exists ? '' : ' (not there: the defaults)'}`) + '\n');
			context.stdout.write(defaultsToml(keyRows(), settings.config).split('\n').map(line => neutraliseLine(line)).join('\n'));
		});
	config
		.command('path')
		.description('Print where the config file is looked for')
		.action(() => {
			context.stdout.write(`${neutraliseLine(context.settings().path)}\n`);
		});
}
