/**
The config file: found (`--config`, else `$TIDINGS_CONFIG`, else `config.toml` in `$TIDINGS_CONFIG_DIR`, else
`$XDG_CONFIG_HOME/tidings/config.toml`), read (at most 1 MB), parsed with smol-toml and checked against the one schema
(source/core/config/schema.ts); the `[keys]` table comes back raw, with a way to find lines, for the key table
(source/app/keymap.ts; source/commands/settings.ts joins the two). Nothing here throws for a bad file: each
problem is one line naming the file, the line and the key, the default stands in for the bad value, and the reader
starts. A missing file is no problem (every default).
*/
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {parse, TomlError} from 'smol-toml';
import {lineIndex} from '../core/config/locate.js';
import {defaults, validate, type Config} from '../core/config/schema.js';

export const maxConfigBytes = 1024 * 1024;

export type ConfigProblem = {readonly line?: number; readonly key?: string; readonly message: string; readonly severity: 'error' | 'note'};

export type ReadConfig = {
	readonly path: string;
	readonly exists: boolean;
	readonly config: Config;
	/** The `[keys]` table as written, when it is a table. */
	readonly keys?: Readonly<Record<string, unknown>>;
	/** The line of a key path in the file. */
	readonly locate: (path: readonly string[]) => number | undefined;
	readonly problems: readonly ConfigProblem[];
};

/** Where the config file is. `explicit` is `--config`. */
export function configPath(explicit?: string, environment: NodeJS.ProcessEnv = process.env): string {
	const chosen = explicit ?? environment['TIDINGS_CONFIG'];
	if (chosen !== undefined && chosen !== '') {
		return path.resolve(chosen);
	}

	const stateDir = environment['TIDINGS_CONFIG_DIR'];
	if (stateDir !== undefined && stateDir !== '') {
		return path.join(stateDir, 'config.toml');
	}

	const xdg = environment['XDG_CONFIG_HOME'];
	const base = xdg !== undefined && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.config');
	return path.join(base, 'tidings', 'config.toml');
}

/** `file:line: message`, as compilers write it. */
export function describeProblem(file: string, problem: ConfigProblem): string {
	return `${file}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.severity === 'note' ? 'note: ' : ''}${problem.message}`;
}

/** Reads and checks the file; never throws. */
export function readConfig(file: string): ReadConfig {
	const fallback = (problems: ConfigProblem[], exists: boolean): ReadConfig => ({path: file, exists, config: defaults(), locate: () => undefined, problems});
	let source: string;
	try {
		const stat = fs.statSync(file);
		if (!stat.isFile()) {
			return fallback([{message: 'is not a file; every default is used', severity: 'error'}], true);
		}

		if (stat.size > maxConfigBytes) {
			return fallback([{message: `is ${stat.size} bytes, more than a config file can be (${maxConfigBytes}); every default is used`, severity: 'error'}], true);
		}

		source = fs.readFileSync(file, 'utf8');
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'ENOENT') {
			return fallback([], false);
		}

		return fallback([{message: `can't be read (${code ?? String(error)}); every default is used`, severity: 'error'}], true);
	}

	let raw: Record<string, unknown>;
	try {
		raw = parse(source) as Record<string, unknown>;
	} catch (error) {
		if (error instanceof TomlError) {
			const first = error.message.split('\n')[0]!.replace(/^Invalid TOML document:\s*/u, '');
			return fallback([{line: error.line, message: `is not valid TOML: ${first}; every default is used`, severity: 'error'}], true);
		}

		return fallback([{message: `is not valid TOML: ${String(error)}; every default is used`, severity: 'error'}], true);
	}

	const {config, problems} = validate(raw);
	const locate = lineIndex(source);
	const found: ConfigProblem[] = problems.map(problem => ({line: locate(problem.path), key: problem.path.join('.'), message: problem.message, severity: 'error'}));
	const keys = raw['keys'];
	if (keys !== undefined && (typeof keys !== 'object' || keys === null || Array.isArray(keys))) {
		found.push({line: locate(['keys']), key: 'keys', message: 'keys must be a table [keys]; the default keys are used', severity: 'error'});
	}

	const isTable = typeof keys === 'object' && keys !== null && !Array.isArray(keys);
	return {path: file, exists: true, config, keys: isTable ? keys as Record<string, unknown> : undefined, locate, problems: found};
}
