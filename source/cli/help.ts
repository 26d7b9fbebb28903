/**
What `tidings --help` adds under the command list: the query language it refers to (the same rows as the README and
the reader's help), the exit statuses, and the library, state and cache folders this very invocation would use.
*/
import {queryHelp, queryHelpNote} from '../core/query/query-help.js';
import {helpRows} from '../app/keymap.js';
import {table} from './help-text.js';

export {keysAfterText, moreAfterText, pathsText, type PathsInUse} from './help-text.js';

export const exitStatuses: ReadonlyArray<{readonly code: number; readonly meaning: string}> = [
	{code: 0, meaning: 'success (also when a reader such as `| head` stops reading early)'},
	{code: 1, meaning: 'nothing found (search), an article or feed not found, some feeds failed to fetch, or another error'},
	{code: 2, meaning: 'bad usage: an unknown command or option, a missing or invalid argument or query'},
];

export function queryHelpText(): string {
	return `Query language (list --query, search, saved views, / in the reader):\n${table(queryHelp.map(row => [row.syntax, row.meaning]))}\n  ${queryHelpNote}`;
}

export function exitStatusText(): string {
	return `Exit status:\n${table(exitStatuses.map(row => [String(row.code), row.meaning]))}`;
}

/** The reader's keys as the table in force names them (the config file's `[keys]` once installed). */
export function keysHelpText(): string {
	const rows = helpRows();
	const width = Math.max(...rows.map(row => row.keys.length)) + 2;
	return rows.map(row => `  ${row.keys.padEnd(width)}${row.help}`).join('\n');
}

/** What `--help` says under the keys whatever the config says: the query language and the exit statuses. */
export function fixedHelpText(): string {
	return `${queryHelpText()}\n\n${exitStatusText()}`;
}
