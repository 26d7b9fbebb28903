/**
What `tidings --help` adds under the command list: the query language it refers to (the same rows as the README and
the reader's help), the exit statuses, and the library, state and cache folders this very invocation would use.
*/
import {queryHelp, queryHelpNote} from '../core/query/query-help.js';
import {neutraliseLine} from '../core/text/neutralise.js';
import {helpRows} from '../app/keymap.js';

export const exitStatuses: ReadonlyArray<{readonly code: number; readonly meaning: string}> = [
	{code: 0, meaning: 'success (also when a reader such as `| head` stops reading early)'},
	{code: 1, meaning: 'nothing found (search), an article or feed not found, some feeds failed to fetch, or another error'},
	{code: 2, meaning: 'bad usage: an unknown command or option, a missing or invalid argument or query'},
];

export type PathsInUse = {readonly library: string; readonly state: string; readonly cache: string};

function table(rows: ReadonlyArray<readonly [string, string]>, indent = '  '): string {
	const width = Math.max(...rows.map(([left]) => left.length)) + 2;
	return rows.map(([left, right]) => `${indent}${left.padEnd(width)}${right}`).join('\n');
}

export function queryHelpText(): string {
	return `Query language (list --query, search, saved views, / in the reader):\n${table(queryHelp.map(row => [row.syntax, row.meaning]))}\n  ${queryHelpNote}`;
}

export function exitStatusText(): string {
	return `Exit status:\n${table(exitStatuses.map(row => [String(row.code), row.meaning]))}`;
}

export function pathsText(paths: PathsInUse): string {
	return `In use now:\n${table([
		['library', `${neutraliseLine(paths.library)}  (--dir, $TIDINGS_DIR)`],
		['state', `${neutraliseLine(paths.state)}  (read marks, stars, positions, feeds, views; $TIDINGS_CONFIG_DIR)`],
		['cache', `${neutraliseLine(paths.cache)}  (indexes, crash log; $TIDINGS_CACHE_DIR)`],
	])}`;
}

/** The reader's keys as the table in force names them (the config file's `[keys]` once installed). */
export function keysHelpText(): string {
	const rows = helpRows();
	const width = Math.max(...rows.map(row => row.keys.length)) + 2;
	return rows.map(row => `  ${row.keys.padEnd(width)}${row.help}`).join('\n');
}

/** The first text under `tidings --help`'s command list: the keys, and where state and settings live. */
export function keysAfterText(): string {
	return `\nKeys in the reader (with the config file's [keys]):\n${keysHelpText()}\n\nState: $TIDINGS_CONFIG_DIR (read marks, positions), $TIDINGS_CACHE_DIR (index cache).\nSettings: config.toml (tidings config show --defaults lists them all).`;
}

/** The second: the query language, the exit statuses and the folders in use (`library` may name why there is none). */
export function moreAfterText(libraryDir: () => string, paths: Omit<PathsInUse, 'library'>): string {
	let library: string;
	try {
		library = libraryDir();
	} catch (error) {
		library = `(${error instanceof Error ? error.message : String(error)})`;
	}

	return `\n${queryHelpText()}\n\n${exitStatusText()}\n\n${pathsText({library, ...paths})}\n`;
}
