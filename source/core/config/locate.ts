/**
Where a key is in a TOML text, for messages such as `config.toml:12: keys.move.down …`. smol-toml gives the line of a
syntax error but no positions for values, so the lines are found here: table headers (`[a.b]`, `[[a]]`) and the
keys at the start of a line (bare, quoted or dotted), matched against the path of the setting. Bounded: one pass
over at most the first 200 000 lines, whatever the number of problems.
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

/**
Every key path of the text → its line, in one pass, so finding the lines of many problems costs one scan: the
1-based line of `path` (for instance ['keys', 'move.down']), else of its nearest enclosing table or key, else
undefined.
*/
export function lineIndex(source: string): (path: readonly string[]) => number | undefined {
	const lines = new Map<string, number>();
	let table: string[] = [];
	const record = (path: readonly string[], line: number) => {
		const key = JSON.stringify(path);
		if (!lines.has(key)) {
			lines.set(key, line);
		}
	};

	for (const [index, raw] of source.split(/\r?\n/u).slice(0, 200_000).entries()) {
		const line = raw.trimStart();
		const header = /^\[\[?([^\]]*)\]\]?/u.exec(line);
		if (header) {
			table = parts(header[1]!);
			record(table, index + 1);
			continue;
		}

		const key = dotted.exec(line);
		if (key && line.slice(key[0].length).startsWith('=')) {
			record([...table, ...parts(key[1]!)], index + 1);
		}
	}

	return path => {
		for (let length = path.length; length > 0; length--) {
			const line = lines.get(JSON.stringify(path.slice(0, length)));
			if (line !== undefined) {
				return line;
			}
		}

		return undefined;
	};
}

/** The line of one key path (see `lineIndex`). */
export function locate(source: string, path: readonly string[]): number | undefined {
	return lineIndex(source)(path);
}
