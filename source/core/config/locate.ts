/**
Where a key is in a TOML text, for messages such as `config.toml:12: keys.move.down …`. smol-toml gives the line of a
syntax error but no positions for values, so the lines are found here: table headers (`[a.b]`, `[[a]]`) and the
keys at the start of a line (bare, quoted or dotted), matched against the path of the setting. Bounded: one pass
over at most the first 20 000 lines.
*/

const segment = String.raw`(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')`;
const dotted = new RegExp(String.raw`^\s*(${segment}(?:\s*\.\s*${segment})*)\s*`, 'u');

function parts(text: string): string[] {
	const out: string[] = [];
	const pattern = new RegExp(segment, 'gu');
	for (const match of text.matchAll(pattern)) {
		const part = match[0];
		if (part.startsWith('"')) {
			try {
				out.push(JSON.parse(part) as string);
			} catch {
				out.push(part.slice(1, -1));
			}
		} else {
			out.push(part.startsWith('\'') ? part.slice(1, -1) : part);
		}
	}

	return out;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item, index) => item === b[index]);

/** The 1-based line of `path` (for instance ['keys', 'move.down']), else of its nearest table, else undefined. */
export function locate(source: string, path: readonly string[]): number | undefined {
	let table: string[] = [];
	let best: {line: number; depth: number} | undefined;
	const lines = source.split(/\r?\n/u).slice(0, 20_000);
	for (const [index, raw] of lines.entries()) {
		const line = raw.trimStart();
		const header = /^\[\[?([^\]]*)\]\]?/u.exec(line);
		if (header) {
			table = parts(header[1]!);
			if (same(table, path)) {
				return index + 1;
			}

			if (table.length < path.length && same(table, path.slice(0, table.length)) && (best === undefined || table.length > best.depth)) {
				best = {line: index + 1, depth: table.length};
			}

			continue;
		}

		const key = dotted.exec(line);
		if (!key || !line.slice(key[0].length).startsWith('=')) {
			continue;
		}

		const full = [...table, ...parts(key[1]!)];
		if (same(full, path)) {
			return index + 1;
		}

		if (full.length < path.length && same(full, path.slice(0, full.length)) && (best === undefined || full.length > best.depth)) {
			best = {line: index + 1, depth: full.length};
		}
	}

	return best?.line;
}
