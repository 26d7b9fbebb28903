/**
Where highlight.js's grammars come from (the names are in ./highlight-languages.ts, generated): node_modules (the
TypeScript sources: tests, tsx), or, in the bundle, the files scripts/build.mjs writes beside it
(dist/highlight-<name>.js), which the render worker reads only when a code block names the language
(source/adapters/highlight-grammars.ts).
*/
import {createRequire} from 'node:module';
import type hljs from 'highlight.js/lib/core';

export type LanguageDefinition = Parameters<typeof hljs.registerLanguage>[1];

const fromNodeModules = createRequire(import.meta.url);
let load = (name: string): LanguageDefinition => fromNodeModules(`highlight.js/lib/languages/${name}.js`) as LanguageDefinition;

export function setGrammarLoader(loader: (name: string) => LanguageDefinition): void {
	load = loader;
}

/** A language's grammar (`name` is one of languageNames), loaded when first asked for. */
export function languageDefinition(name: string): LanguageDefinition {
	return load(name);
}
