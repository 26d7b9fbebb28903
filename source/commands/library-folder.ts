/**
Where the package and the library are, and how a user mistake is reported: the part of ./context.ts that loads nothing
heavy (node:fs, node:path, env-paths), so that `tidings --help`'s fast path (source/help.ts) can name the library in use.
*/
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import envPaths from 'env-paths';

/** The folder holding package.json, found from this module (in the bundle and in the source tree alike). */
export const packageRoot = (() => {
	let folder = path.dirname(fileURLToPath(import.meta.url));
	while (!fs.existsSync(path.join(folder, 'package.json')) && path.dirname(folder) !== folder) {
		folder = path.dirname(folder);
	}

	return folder;
})();

/** Thrown for a user mistake: printed as one line on stderr, exit 2 (bad usage) or 1. */
export class UserError extends Error {
	constructor(message: string, readonly exitCode = 1) {
		super(message);
	}
}

export type GlobalOptions = {dir?: string; debug?: boolean; config?: string};

/**
The library: `--dir`, else `$TIDINGS_DIR`, else the bundled `articles/` when run from a checkout, else a per-user
folder (created on first use with the bundled welcome articles in it).
*/
export function resolveLibrary(options: GlobalOptions, environment = process.env): string {
	const chosen = options.dir ?? environment['TIDINGS_DIR'];
	if (chosen !== undefined && chosen !== '') {
		const resolved = path.resolve(chosen);
		if (!fs.existsSync(resolved)) {
			throw new UserError(`The library folder ${resolved} does not exist`);
		}

		return resolved;
	}

	const bundled = path.join(packageRoot, 'articles');
	if (fs.existsSync(path.join(packageRoot, '.git')) && fs.existsSync(bundled)) {
		return bundled;
	}

	const personal = path.join(envPaths('tidings', {suffix: ''}).data, 'articles');
	if (!fs.existsSync(personal)) {
		fs.mkdirSync(personal, {recursive: true});
		if (fs.existsSync(bundled)) {
			fs.cpSync(bundled, personal, {recursive: true});
		}
	}

	return personal;
}
