/**
The user's settings, loaded once at start: the config file (source/adapters/config.ts) with its `[keys]` laid over the
key table (source/app/keymap.ts). `loadSettings` reads and checks; `installSettings` puts the keys in force for
input, `?`, `--help` and every hint.
*/
import {configPath, describeProblem, readConfig, type ConfigProblem} from '../adapters/config.js';
import {installKeys, userKeys, type KeyTable} from '../app/keymap.js';
import type {Config} from '../core/config/schema.js';
import {colorDepth, resolveTheme, type ColorDepth, type ResolvedTheme} from '../core/theme/theme.js';

export type Settings = {
	readonly path: string;
	readonly exists: boolean;
	readonly config: Config;
	readonly keys: KeyTable;
	readonly problems: readonly ConfigProblem[];
};

const maxProblems = 100;

export function loadSettings(explicit?: string, environment: NodeJS.ProcessEnv = process.env): Settings {
	const file = configPath(explicit, environment);
	const read = readConfig(file);
	const {table, problems} = userKeys(read.keys);
	const keyProblems: ConfigProblem[] = problems.map(problem => ({
		line: read.locate(problem.path),
		key: problem.path.join('.'),
		message: problem.other === undefined ? problem.message : `${problem.message} (the other is on line ${read.locate(problem.other) ?? '?'})`,
		severity: problem.severity,
	}));
	const sorted = [...read.problems, ...keyProblems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
	// A file of thousands of bad lines is named by its first hundred problems, and a count.
	const all = sorted.length <= maxProblems ? sorted : [...sorted.slice(0, maxProblems), {message: `and ${sorted.length - maxProblems} more problems`, severity: 'error' as const}];
	return {path: file, exists: read.exists, config: read.config, keys: table, problems: all};
}

let loaded: Settings | undefined;

/** Loads the settings once and puts the keys in force; later calls return the same settings. */
export function installSettings(explicit?: string, environment: NodeJS.ProcessEnv = process.env): Settings {
	loaded ??= loadSettings(explicit, environment);
	installKeys(loaded.keys);
	return loaded;
}

/** The errors (not the notes) as lines for stderr or the status bar. */
export const errorLines = (settings: Settings): string[] => settings.problems.filter(problem => problem.severity === 'error').map(problem => describeProblem(settings.path, problem));

/** The config's `[theme]` resolved to the terminal's depth (`colors = "auto"`: from NO_COLOR, COLORTERM, TERM). */
export function themeInForce(config: Config, stream: NodeJS.WriteStream = process.stdout, environment: NodeJS.ProcessEnv = process.env): {depth: ColorDepth; theme: ResolvedTheme} {
	const {theme} = config;
	const depth = theme.colors === 'auto' ? colorDepth(environment, stream.isTTY === true) : theme.colors;
	return {depth, theme: resolveTheme(theme.name, theme.styles, depth)};
}
