/**
The keys part of the fast `tidings --help` when there is a config file (dist/help-keys.cjs, required by
source/help.ts): the config file's `[keys]` laid over the one key table, named by the same `keysHelpText` as the full
program's help. Without a config file the keys are the default table's, which the build named already.
*/
import {readConfigKeys} from './adapters/config-file.js';
import {installKeys, userKeys} from './app/keymap.js';
import {keysHelpText} from './cli/help.js';

/** The keys in force with `file`'s `[keys]`, as `--help` lists them (like installSettings, without the other settings). */
export function keysWithConfig(file: string): string {
	installKeys(userKeys(readConfigKeys(file)).table);
	return keysHelpText();
}
