/**
The machine's own Node: the first `node` on PATH outside any node_modules/.bin. Under `npm test` the PATH starts
with the checkout's node_modules/.bin, where the pinned Node 24 lives; a person who installs Tidings globally has
only the system Node, and that is the one these tests must run it on.
*/
import fs from 'node:fs';
import path from 'node:path';
import {execFileSync} from 'node:child_process';

/** PATH without the node_modules/.bin folders that npm puts in front. */
export function systemPath(environment = process.env): string {
	return (environment['PATH'] ?? '')
		.split(path.delimiter)
		.filter(folder => folder !== '' && !folder.split(path.sep).includes('node_modules'))
		.join(path.delimiter);
}

export function systemNode(environment = process.env): {path: string; version: string} | undefined {
	for (const folder of systemPath(environment).split(path.delimiter)) {
		const candidate = path.join(folder, 'node');
		try {
			fs.accessSync(candidate, fs.constants.X_OK);
		} catch {
			continue;
		}

		const version = execFileSync(candidate, ['--version'], {encoding: 'utf8'}).trim();
		return {path: candidate, version};
	}

	return undefined;
}
