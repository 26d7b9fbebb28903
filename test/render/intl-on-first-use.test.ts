// Issue 14: the Intl objects packages make when their module loads are made on first use (scripts/intl-on-first-use.mjs):
// the first one a process makes starts ICU (~7-10 ms), which `list --json` and a start whose text is plain never need.
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import {fileURLToPath} from 'node:url';
import test from 'ava';
// @ts-expect-error: a build script in plain JavaScript, without types.
import {intlOnFirstUse as intlOnFirstUseUntyped, intlOnFirstUseIn as intlOnFirstUseInUntyped} from '../../scripts/intl-on-first-use.mjs';

const intlOnFirstUseIn = intlOnFirstUseInUntyped as (source: string, name: string, file?: string) => string;
const intlOnFirstUse = intlOnFirstUseUntyped as Array<{file: RegExp; name: string}>;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Runs `source` (a script) in a context whose Intl counts what is made; returns what `result` holds and the count. */
function run(source: string): {result: unknown; made: number} {
	let made = 0;
	const counting = new Proxy(Intl, {
		get(target, key) {
			const real = Reflect.get(target, key) as unknown;
			return typeof real === 'function' ? new Proxy(real, {construct(kind, parts) {
				made++;
				return Reflect.construct(kind as new (...parts: unknown[]) => object, parts) as object;
			}}) : real;
		},
	});
	const context = vm.createContext({Intl: counting, result: undefined});
	vm.runInContext(source, context);
	return {result: (context as {result: unknown}).result, made};
}

const module = `const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const formatter = new Intl.NumberFormat("en-US", {
	maximumFractionDigits: 2
});
function split(text) {
	return [...segmenter.segment(text)].map(({segment, index}) => segment + '@' + index);
}
const number = value => formatter.format(value);
`;

test('the object is made on the first call, once, and answers as the one made at load would', t => {
	const patched = intlOnFirstUseIn(intlOnFirstUseIn(module, 'segmenter'), 'formatter');
	t.is(run(patched).made, 0, 'nothing made when the module loads');
	t.is(run(module).made, 2);
	const used = run(`${patched}\nresult = [split('e\\u0301👩‍👩‍👧a'), split('b'), number(1.23456)];`);
	t.is(used.made, 2, 'each made once, on its first call');
	t.deepEqual(used.result, run(`${module}\nresult = [split('e\\u0301👩‍👩‍👧a'), split('b'), number(1.23456)];`).result);
});

test('a module whose object is used other than by calling its methods, or declared otherwise, fails the build', t => {
	t.throws(() => intlOnFirstUseIn(`${module}\nconst other = segmenter;`, 'segmenter', 'x.js'), {message: /x\.js changed/});
	t.throws(() => intlOnFirstUseIn(`${module}\nconsole.log(segmenter.resolvedOptions);`, 'segmenter'));
	t.throws(() => intlOnFirstUseIn('let segmenter = new Intl.Segmenter();\nsegmenter.segment("a");', 'segmenter'));
	t.throws(() => intlOnFirstUseIn(module, 'collator'));
});

test('every package in the table still has its declaration (the build would fail otherwise) and the bundle makes none when it loads', t => {
	const files = (folder: string): string[] => fs.readdirSync(folder, {withFileTypes: true}).flatMap(entry => {
		const full = path.join(folder, entry.name);
		return entry.isDirectory() ? files(full) : [full];
	});
	const packages = files(path.join(root, 'node_modules', 'cssomnom', 'dist'))
		.concat(['slice-ansi/tokenize-ansi.js', 'ink/build/line-update.js', '@alcalzone/ansi-tokenize/build/tokenize.js'].map(file => path.join(root, 'node_modules', file)));
	for (const {file, name} of intlOnFirstUse) {
		const matching = packages.filter(candidate => file.test(candidate));
		t.is(matching.length, 1, String(file));
		t.notThrows(() => intlOnFirstUseIn(fs.readFileSync(matching[0]!, 'utf8'), name));
	}

	// `npm test` has just built dist/: no line of it makes an Intl object at the top of a module.
	const eager = fs.readdirSync(path.join(root, 'dist')).filter(name => name.endsWith('.js')).flatMap(name =>
		fs.readFileSync(path.join(root, 'dist', name), 'utf8').split('\n').filter(line => /^(?:var|let|const) [\w$]+ = new Intl\./u.test(line)).map(line => `${name}: ${line}`));
	t.deepEqual(eager, []);
});
