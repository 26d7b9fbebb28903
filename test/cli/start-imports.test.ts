/**
Issue 14: Ink's layout engine (yoga-layout) loads its WebAssembly through `fetch` when `fetch` is on the global object,
and the first `fetch` loads Node's whole HTTP client (~25 ms of every start). The reader imports Ink with `fetch`
taken off (`importInkWithoutFetch` in source/commands/tui.tsx), which only works if nothing loads Ink before: a static
import of a view in the reader's module once did (every view imports Ink). This holds the built bundle to it: the
chunk with yoga is not among the static imports of the command line's entry or of the reader's chunk.
*/
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';

const dist = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');

/** The chunks `file` imports statically (`import … from "./x.js"`, `import "./x.js"`), and theirs, and so on. */
function staticImports(file: string): Set<string> {
	const seen = new Set<string>();
	const visit = (name: string) => {
		const text = fs.readFileSync(path.join(dist, name), 'utf8');
		for (const match of text.matchAll(/(?:^|[;\n}])\s*import\s*(?:[^"'()]*?\sfrom\s*)?["']\.\/([^"']+\.js)["']/gu)) {
			const imported = match[1]!;
			if (!seen.has(imported)) {
				seen.add(imported);
				visit(imported);
			}
		}
	};

	visit(file);
	return seen;
}

test('neither the command line\'s entry nor the reader\'s chunk loads Ink (and yoga) before the reader takes fetch away', t => {
	const chunks = fs.readdirSync(dist).filter(name => name.endsWith('.js'));
	const yoga = chunks.filter(name => fs.readFileSync(path.join(dist, name), 'utf8').includes('calculateLayout'));
	t.true(yoga.length > 0, 'the chunk with yoga is found');
	const reader = chunks.filter(name => /^tui-[\w-]+\.js$/u.test(name));
	t.is(reader.length, 1, 'the reader\'s chunk is found');
	for (const entry of ['cli.js', reader[0]!]) {
		const imported = staticImports(entry);
		t.true(imported.size > 0, `${entry} has static imports (the pattern finds them)`);
		for (const chunk of yoga) {
			t.false(imported.has(chunk), `${entry} imports ${chunk} (yoga) statically`);
		}
	}

	// And the reader's chunk does import it, dynamically: the check above would pass for a bundle without yoga too.
	t.true(fs.readFileSync(path.join(dist, 'cli.js'), 'utf8').includes('import("./tui-'), 'the reader is a dynamic import');
});
