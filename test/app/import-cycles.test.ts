import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const sourceDir = path.join(root, 'source');

/** Every module under source/ and the modules of source/ it imports (static and dynamic), resolved as tsc resolves them. */
function importGraph(): Map<string, string[]> {
	const config = ts.parseJsonConfigFileContent(ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile).config, ts.sys, root);
	const graph = new Map<string, string[]>();
	const files = fs.readdirSync(sourceDir, {recursive: true, encoding: 'utf8'}).filter(file => /\.tsx?$/u.test(file) && !file.endsWith('.d.ts')).map(file => path.join(sourceDir, file));
	for (const file of files) {
		const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
		const targets: string[] = [];
		for (const {fileName} of info.importedFiles) {
			const resolved = ts.resolveModuleName(fileName, file, config.options, ts.sys).resolvedModule?.resolvedFileName;
			if (resolved?.startsWith(sourceDir) && !resolved.endsWith('.d.ts')) {
				targets.push(resolved);
			}
		}

		graph.set(file, targets);
	}

	return graph;
}

/** The strongly connected components with more than one module (or a module importing itself): Tarjan's algorithm. */
function cycles(graph: Map<string, string[]>): string[][] {
	let counter = 0;
	const index = new Map<string, number>();
	const low = new Map<string, number>();
	const stack: string[] = [];
	const onStack = new Set<string>();
	const found: string[][] = [];
	const visit = (node: string) => {
		index.set(node, counter);
		low.set(node, counter);
		counter++;
		stack.push(node);
		onStack.add(node);
		for (const next of graph.get(node) ?? []) {
			if (!index.has(next)) {
				visit(next);
				low.set(node, Math.min(low.get(node)!, low.get(next)!));
			} else if (onStack.has(next)) {
				low.set(node, Math.min(low.get(node)!, index.get(next)!));
			}
		}

		if (low.get(node) === index.get(node)) {
			const component: string[] = [];
			let member: string;
			do {
				member = stack.pop()!;
				onStack.delete(member);
				component.push(path.relative(root, member));
			} while (member !== node);
			if (component.length > 1 || (graph.get(node) ?? []).includes(node)) {
				found.push(component.sort());
			}
		}
	};

	for (const node of graph.keys()) {
		if (!index.has(node)) {
			visit(node);
		}
	}

	return found;
}

test('no module in source/ imports itself through a circle of imports', t => {
	const graph = importGraph();
	t.true(graph.size > 50, 'the whole of source/ was read');
	t.true([...graph.values()].some(targets => targets.length > 0), 'imports were resolved');
	t.deepEqual(cycles(graph), []);
});

test('the cycle finder finds a circle when there is one', t => {
	const graph = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
	t.deepEqual(cycles(graph).map(component => component.length), [3]);
});

test('no handler imports the root state, and the core imports nothing from app, ui, effects or commands', t => {
	const graph = importGraph();
	for (const [file, targets] of graph) {
		const relative = path.relative(sourceDir, file);
		if (relative.startsWith(`app${path.sep}handlers`)) {
			t.false(targets.some(target => target.endsWith(path.join('app', 'state.ts'))), relative);
		}

		if (relative.startsWith('core')) {
			t.false(targets.some(target => /source[/\\](app|ui|effects|commands|adapters)[/\\]/u.test(target)), relative);
		}
	}
});
