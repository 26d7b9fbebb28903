/**
The config file: found (`--config`, else `$TIDINGS_CONFIG`, else `config.toml` in `$TIDINGS_CONFIG_DIR`, else
`$XDG_CONFIG_HOME/tidings/config.toml`), read (at most 1 MB), parsed with smol-toml and checked against the one schema
(source/core/config/schema.ts); the `[keys]` table comes back raw, with a way to find lines, for the key table
(source/app/keymap.ts; source/commands/settings.ts joins the two). Nothing here throws for a bad file: each
problem is one line naming the file, the line and the key, the default stands in for the bad value, and the reader
starts. A missing file is no problem (every default).
*/
import {lineIndex} from '../core/config/locate.js';
import {defaults, validate, type Config} from '../core/config/schema.js';
import {keysTable, readAndParse, type ConfigProblem} from './config-file.js';

// Finding, reading and parsing the file, and the raw `[keys]`: in ./config-file.ts, which loads no schema.
export {configPath, maxConfigBytes, readConfigKeys, type ConfigProblem} from './config-file.js';

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

/** `file:line: message`, as compilers write it. */
export function describeProblem(file: string, problem: ConfigProblem): string {
	return `${file}${problem.line === undefined ? '' : `:${problem.line}`}: ${problem.severity === 'note' ? 'note: ' : ''}${problem.message}`;
}

/** Reads and checks the file; never throws. */
export function readConfig(file: string): ReadConfig {
	const parsed = readAndParse(file);
	if ('problems' in parsed) {
		return {path: file, exists: parsed.exists, config: defaults(), locate: () => undefined, problems: parsed.problems};
	}

	const {raw, source} = parsed;
	const {config, problems} = validate(raw);
	const locate = lineIndex(source);
	const found: ConfigProblem[] = problems.map(problem => ({line: locate(problem.path), key: problem.path.join('.'), message: problem.message, severity: 'error'}));
	const keys = raw['keys'];
	if (keys !== undefined && (typeof keys !== 'object' || keys === null || Array.isArray(keys))) {
		found.push({line: locate(['keys']), key: 'keys', message: 'keys must be a table [keys]; the default keys are used', severity: 'error'});
	}

	return {path: file, exists: true, config, keys: keysTable(raw), locate, problems: found};
}
