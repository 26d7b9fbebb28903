// esbuild plugin: marked-terminal imports node-emoji (and with it emojilib's table of every emoji: ~5 ms to evaluate
// in each render worker's start, issue 14) for its `emoji` option, which source/core/render/render-article.ts turns
// off (GitHub's shortcodes are gemoji's there). marked-terminal gets a module with node-emoji's `get` that loads the
// real node-emoji on its first call instead, so nothing changes should the option ever be turned on.
const namespace = 'tidings-lazy-node-emoji';

export const lazyNodeEmoji = {
	name: 'lazy-node-emoji',
	setup(build) {
		build.onResolve({filter: /^node-emoji$/}, args => (/[\\/]marked-terminal[\\/]/.test(args.importer) ? {path: 'node-emoji', namespace, pluginData: {resolveDir: args.resolveDir}} : undefined));
		build.onLoad({filter: /.*/, namespace}, args => ({
			contents: 'export function get(name) {\n\treturn require("node-emoji").get(name);\n}\n',
			resolveDir: args.pluginData.resolveDir,
			loader: 'js',
		}));
	},
};
