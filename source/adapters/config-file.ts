/**
The config file found, read (at most 1 MB) and parsed as TOML, and its `[keys]` table as written: the part of
./config.ts that does not load the schema, so that `tidings --help`'s fast path (source/help.ts) names the user's keys
without it. ./config.ts checks the rest. Nothing here throws for a bad file.
*/
import fs from 'node:fs';
import {parse, TomlError} from 'smol-toml';

// Where the file is: in ./config-path.ts, which `tidings --help`'s fast path loads without smol-toml.
export {configPath} from './config-path.js';

export const maxConfigBytes = 1024 * 1024;

export type ConfigProblem = {readonly line?: number; readonly key?: string; readonly message: string; readonly severity: 'error' | 'note'};

/** The file read and parsed as TOML, or why it could not be (`exists`: whether there is a file at all). */
export type ParsedConfig = {readonly raw: Record<string, unknown>; readonly source: string} | {readonly problems: ConfigProblem[]; readonly exists: boolean};

export function readAndParse(file: string): ParsedConfig {
	let source: string;
	try {
		const stat = fs.statSync(file);
		if (!stat.isFile()) {
			return {problems: [{message: 'is not a file; every default is used', severity: 'error'}], exists: true};
		}

		if (stat.size > maxConfigBytes) {
			return {problems: [{message: `is ${stat.size} bytes, more than a config file can be (${maxConfigBytes}); every default is used`, severity: 'error'}], exists: true};
		}

		source = fs.readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') {
			return {problems: [], exists: false};
		}

		return {problems: [{message: `can't be read (${code ?? String(error)}); every default is used`, severity: 'error'}], exists: true};
	}

	try {
		return {raw: parse(source) as Record<string, unknown>, source};
	} catch (error) {
		if (error instanceof TomlError) {
			const first = error.message.split('\n')[0]!.replace(/^Invalid TOML document:\s*/u, '');
			return {problems: [{line: error.line, message: `is not valid TOML: ${first}; every default is used`, severity: 'error'}], exists: true};
		}

		return {problems: [{message: `is not valid TOML: ${String(error)}; every default is used`, severity: 'error'}], exists: true};
	}
}

/** The `[keys]` table as written, when it is a table. */
export function keysTable(raw: Readonly<Record<string, unknown>>): Readonly<Record<string, unknown>> | undefined {
	const keys = raw['keys'];
	return typeof keys === 'object' && keys !== null && !Array.isArray(keys) ? keys as Record<string, unknown> : undefined;
}

/**
The file's `[keys]` alone, read as `readConfig` (./config.ts) reads it (the same `keys`), without checking the other
settings: all `tidings --help`'s fast path needs.
*/
export function readConfigKeys(file: string): Readonly<Record<string, unknown>> | undefined {
	const parsed = readAndParse(file);
	return 'raw' in parsed ? keysTable(parsed.raw) : undefined;
}
