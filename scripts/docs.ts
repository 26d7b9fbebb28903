/**
Writes the README's generated blocks from their one source: the key table (source/app/keymap.ts), the query
language (source/core/query/query-help.ts) and the config file's schema (source/core/config/schema.ts). `--check` fails when the README is out of step; `npm test` runs it.
*/
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {helpRows} from '../source/app/keymap.js';
import {queryHelpMarkdown} from '../source/core/query/index.js';
import {configMarkdown} from '../source/core/config/schema.js';

const readmePath = path.join(path.dirname(path.dirname(fileURLToPath(import.meta.url))), 'README.md');

function keysMarkdown(): string {
	const lines = ['| Keys | What they do | Command (for `[keys]`) |', '| --- | --- | --- |'];
	let group = '';
	for (const row of helpRows()) {
		if (row.group !== group) {
			group = row.group;
			lines.push(`| **${group}** | | |`);
		}

		const keys = row.keys.split(' ').map(key => `\`${key === '|' ? '\\|' : key}\``).join(' ');
		lines.push(`| ${keys} | ${row.help} | \`${row.id}\` |`);
	}

	return lines.join('\n');
}

const blocks: Record<string, () => string> = {keys: keysMarkdown, query: queryHelpMarkdown, config: configMarkdown};

export function generate(readme: string): string {
	let out = readme;
	for (const [name, make] of Object.entries(blocks)) {
		const start = `<!-- ${name}:start -->`;
		const end = `<!-- ${name}:end -->`;
		const from = out.indexOf(start);
		const to = out.indexOf(end);
		if (from === -1 || to === -1 || to < from) {
			throw new Error(`README.md has no ${start} … ${end} block`);
		}

		out = `${out.slice(0, from + start.length)}\n${make()}\n${out.slice(to)}`;
	}

	return out;
}

const readme = fs.readFileSync(readmePath, 'utf8');
const next = generate(readme);
if (process.argv.includes('--check')) {
	if (next !== readme) {
		process.stderr.write('README.md is out of step with the key table, the query help or the config schema: run `npm run docs`\n');
		process.exit(1);
	}
} else if (next !== readme) {
	fs.writeFileSync(readmePath, next);
	process.stdout.write('README.md updated\n');
}
