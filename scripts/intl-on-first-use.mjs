// A build-time patch (issue 14): the Intl services packages make when their module loads, made on first use instead.
//
// The first Intl object a process makes starts ICU's services (locale data, break rules): ~7-10 ms on this machine
// (`node -e` timing `new Intl.Segmenter()`: 10.1-10.6 ms; a second one 0.05 ms). slice-ansi (tokenize-ansi.js), Ink's
// line-update.js and @alcalzone/ansi-tokenize (Ink's tokenizer) each made a grapheme segmenter at the top of their
// module, so every command that loads the bundle paid it, `list --json` too, which segments nothing; the reader's
// first frame needs none for text whose code units are clusters of their own (scripts/single-unit-clusters.mjs).
// cssomnom (the feed parser's CSS) makes a number formatter the same way.
//
// `const NAME = new Intl.KIND(ARGS);` becomes an object with the methods the module calls on NAME, each making the
// real object once, on its first call. Every other use of NAME (passed along, a property read) fails the build, and
// so does a module that no longer holds exactly the declaration expected: the patch then needs a look.

/** Packages whose modules make an Intl service when they load: the file, and the object's name in it. */
export const intlOnFirstUse = [
	{file: /[\\/]node_modules[\\/]slice-ansi[\\/]tokenize-ansi\.js$/, name: 'GRAPHEME_SEGMENTER'},
	{file: /[\\/]node_modules[\\/]ink[\\/]build[\\/]line-update\.js$/, name: 'segmenter'},
	// Loaded by scripts/ink-output-cache.mjs's plugin, which patches this file for more and calls intlOnFirstUseIn.
	{file: /[\\/]node_modules[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/, name: 'segmenter', loadedElsewhere: true},
	{file: /[\\/]node_modules[\\/]cssomnom[\\/]dist[\\/]CSSStyleDeclaration-[\w-]+\.js$/, name: 'formatter'},
];

const escape = text => text.replaceAll(/[$()*+.?[\\\]^{|}]/gu, '\\$&');

/**
`source` with `const name = new Intl.Kind(…);` made on first use (see above); `file` names it in errors. Throws
when the declaration is not there exactly once or `name` is used other than as `name.method(…)`.
*/
export function intlOnFirstUseIn(source, name, file = 'a module') {
	const declaration = new RegExp(`^const ${escape(name)} = new Intl\\.(\\w+)\\(([^;]*?)\\);$`, 'gmu');
	const found = [...source.matchAll(declaration)];
	// Every NAME that is not a property of something else (`a.NAME`; a spread `...NAME` is a use) nor assigned.
	const uses = [...source.matchAll(new RegExp(`(?<![\\w$])(?<![^.]\\.)${escape(name)}\\b(?!\\s*=)(\\.(\\w+)\\()?`, 'gu'))];
	if (found.length !== 1 || uses.length === 0 || uses.some(use => use[1] === undefined)) {
		throw new Error(`${file} changed: scripts/intl-on-first-use.mjs no longer applies (${name} is not one Intl object only called)`);
	}

	const [whole, kind, parts] = found[0];
	const methods = [...new Set(uses.map(use => use[2]))];
	const made = `${name}Made`;
	const stand = `let ${made};\nconst ${name} = {\n${methods.map(method => `\t${method}: (...parts) => (${made} ??= new Intl.${kind}(${parts})).${method}(...parts),\n`).join('')}};`;
	return source.replace(whole, () => stand);
}

/** The esbuild plugin for the files above that no other plugin loads. */
export const intlOnFirstUsePlugin = {
	name: 'intl-on-first-use',
	setup(build) {
		for (const {file: filter, name} of intlOnFirstUse.filter(entry => !entry.loadedElsewhere)) {
			build.onLoad({filter}, async ({path: file}) => {
				const {readFile} = await import('node:fs/promises');
				return {contents: intlOnFirstUseIn(await readFile(file, 'utf8'), name, file), loader: 'js'};
			});
		}
	},
};
