// The part of highlight.js's core (`highlight.js/lib/core`, the instance its full build extends) that
// highlight-code.ts uses. highlight.js's own declarations (types/index.d.ts) come with the DOM's types, which would
// change the whole program's view of `NodeListOf` and the like.
declare module 'highlight.js/lib/core' {
	type LanguageDefinition = (hljs?: unknown) => object;
	type Language = {readonly aliases?: readonly string[]} & Record<string, unknown>;
	const hljs: {
		registerLanguage(languageName: string, language: LanguageDefinition): void;
		unregisterLanguage(languageName: string): void;
		registerAliases(aliasList: string | readonly string[], options: {languageName: string}): void;
		getLanguage(languageName: string): Language | undefined;
		listLanguages(): string[];
	};
	export default hljs;
}
