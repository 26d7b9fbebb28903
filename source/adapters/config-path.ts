/** Where the config file is (`--config`, else `$TIDINGS_CONFIG`, else `config.toml` in `$TIDINGS_CONFIG_DIR`, else XDG). */
import os from 'node:os';
import path from 'node:path';

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
