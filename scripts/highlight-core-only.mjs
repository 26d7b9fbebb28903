// esbuild plugin: `highlight.js` (the full build, which registers all 191 grammars when loaded: ~40 ms of the render
// worker's start) resolves to highlight.js's core; source/core/render/highlight-code.ts registers the grammars a code
// block names, from source/core/render/highlight-languages.ts, when it first meets them (issue 14). Only the bare
// specifier: `highlight.js/lib/...` paths resolve as usual.
export const highlightCoreOnly = {
	name: 'highlight-core-only',
	setup(build) {
		build.onResolve({filter: /^highlight\.js$/}, async args => build.resolve('highlight.js/lib/core', {kind: args.kind, resolveDir: args.resolveDir}));
	},
};
