/**
The state and cache folders, from the environment alone (env-paths only): light enough for
`tidings --help`'s fast path (source/help.ts), which names both without loading the store or the library scanner.
*/
import envPaths from 'env-paths';

/**
The folder that holds the store: `$TIDINGS_CONFIG_DIR`, else the platform's config folder for `tidings`. An empty
value counts as unset (a shell's `TIDINGS_CONFIG_DIR= tidings` means "no override", not "the current folder").
*/
export function configDirectory(environment: NodeJS.ProcessEnv = process.env): string {
	const value = environment['TIDINGS_CONFIG_DIR'];
	return value === undefined || value.trim() === '' ? envPaths('tidings', {suffix: ''}).config : value;
}

/**
The index cache's folder: `$TIDINGS_CACHE_DIR`, else the platform's cache folder for `tidings` (./library.ts
re-exports it).
*/
export function cacheDirectory(environment: NodeJS.ProcessEnv = process.env): string {
	const value = environment['TIDINGS_CACHE_DIR'];
	return value === undefined || value.trim() === '' ? envPaths('tidings', {suffix: ''}).cache : value;
}
