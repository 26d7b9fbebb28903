/**
The frame of what `tidings --help` adds under the command list, and the folders in use: the part that loads neither
the key table nor the query help, so that the fast path (source/help.ts) fills it with texts the build made from them
(./help.ts makes the same texts at run time for the full program).
*/
import {neutraliseLine} from '../core/text/neutralise.js';

export type PathsInUse = {readonly library: string; readonly state: string; readonly cache: string};

/** Rows of two columns, the left one padded to the widest. */
export function table(rows: ReadonlyArray<readonly [string, string]>, indent = '  '): string {
	const width = Math.max(...rows.map(([left]) => left.length)) + 2;
	return rows.map(([left, right]) => `${indent}${left.padEnd(width)}${right}`).join('\n');
}

export function pathsText(paths: PathsInUse): string {
	return `In use now:\n${table([
		['library', `${neutraliseLine(paths.library)}  (--dir, $TIDINGS_DIR)`],
		['state', `${neutraliseLine(paths.state)}  (read marks, stars, positions, feeds, views; $TIDINGS_CONFIG_DIR)`],
		['cache', `${neutraliseLine(paths.cache)}  (indexes, crash log; $TIDINGS_CACHE_DIR)`],
	])}`;
}

/** The first text under the command list: `keys` (./help.ts `keysHelpText`), and where state and settings live. */
export function keysAfterText(keys: string): string {
	return `\nKeys in the reader (with the config file's [keys]):\n${keys}\n\nState: $TIDINGS_CONFIG_DIR (read marks, positions), $TIDINGS_CACHE_DIR (index cache).\nSettings: config.toml (tidings config show --defaults lists them all).`;
}

/**
The second: `fixed` (./help.ts `fixedHelpText`: the query language and the exit statuses), then the folders in use
(`library` may name why there is none).
*/
export function moreAfterText(fixed: string, libraryDir: () => string, paths: Omit<PathsInUse, 'library'>): string {
	let library: string;
	try {
		library = libraryDir();
	} catch (error) {
		library = `(${error instanceof Error ? error.message : String(error)})`;
	}

	return `\n${fixed}\n\n${pathsText({library, ...paths})}\n`;
}
