// highlight.js's grammars for the bundled render worker: scripts/build.mjs writes each one beside the bundle as
// dist/highlight-<name>.js (the CommonJS file highlight.js ships, as it is), and this reads and evaluates one only
// when a code block first names its language (issue 14: the 191 grammars, 1.4 MB, were ~40 ms of the worker's start
// when loaded with it, and ~15 ms still when only compiled with it). Not Node's module loader: the package is ES
// modules ("type": "module"), and the npm package holds dist/*.js only.
import fs from 'node:fs';
import vm from 'node:vm';
import {languageNames} from '../core/render/highlight-languages.js';
import type {LanguageDefinition} from '../core/render/highlight-grammar-loader.js';

const known = new Set(languageNames);

/** The grammar of `name` (one of highlight.js's language names) from the file beside the bundle. */
export function grammarFromFile(name: string): LanguageDefinition {
	// Only names from highlight.js's own list make a file name; a code block's info string never does directly.
	if (!known.has(name)) {
		throw new Error(`highlight.js has no language ${name}`);
	}

	const file = new URL(`highlight-${name}.js`, import.meta.url);
	const wrapper = vm.runInThisContext(`(function (module, exports) {${fs.readFileSync(file, 'utf8')}\n})`, {filename: file.pathname}) as (module: {exports: unknown}, exports: unknown) => void;
	const module = {exports: {} as unknown};
	wrapper(module, module.exports);
	return module.exports as LanguageDefinition;
}
