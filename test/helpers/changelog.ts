import fs from 'node:fs';
import path from 'node:path';

/** A large real document: Node's CHANGELOG as the `node` package ships it, repeated to `size` characters. */
export function realChangelog(size: number): string {
	const folder = path.resolve('node_modules/node/node_modules');
	const platform = fs.readdirSync(folder).find(name => fs.existsSync(path.join(folder, name, 'CHANGELOG.md')))!;
	const changelog = fs.readFileSync(path.join(folder, platform, 'CHANGELOG.md'), 'utf8');
	return changelog.repeat(Math.ceil(size / changelog.length)).slice(0, size);
}
