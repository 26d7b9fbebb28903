// Bundles source/cli.tsx into dist/ with esbuild. A bundle starts ~3x faster than loading Ink's many modules one by
// one, and NODE_ENV=production keeps React's development build (and its checks) out of the hot path.
import {build} from 'esbuild';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import fs from 'node:fs';
import os from 'node:os';
import {execFileSync} from 'node:child_process';
import {stringWidthPrefilter} from './string-width-prefilter.mjs';
import {highlightCoreOnly} from './highlight-core-only.mjs';
import {lazyNodeEmoji} from './lazy-node-emoji.mjs';
import {inkOutputCache} from './ink-output-cache.mjs';
import {storeValidators} from './store-validators.mjs';
import {intlOnFirstUsePlugin} from './intl-on-first-use.mjs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

// Packages a command needs only now and then, evaluated on first use instead of when the bundle loads (issue 14). The
// importer gets a stand-in whose every use require()s the bundled CommonJS module, which esbuild turns into that
// module's own lazy initialiser: for a default export, an object whose properties are read from the module; for named
// exports, functions of the same names, called or constructed.
// - semver (for conf's `migrations`, which the store does not use) and ajv-formats (for conf's writer): ~5 ms of every
//   command that opens the store.
// - ajv (conf's validator and the store's own, ~560 KB with conf): only a command that writes the store compiles a
//   schema; `list --json` and the reader's first frame never do (~8 ms of every command).
// - yaml (~260 KB): only a head with front matter needs it, and a warm start reads no head.
const lazyOnFirstUse = [
	{name: 'semver', importer: /[\\/]node_modules[\\/]conf[\\/]/},
	{name: 'ajv-formats', importer: /[\\/]node_modules[\\/]conf[\\/]/},
	{name: 'ajv/dist/2020.js', importer: /[\\/](?:node_modules[\\/]conf[\\/]|source[\\/]adapters[\\/]state-store\.ts$)/, exports: ['Ajv2020']},
	{name: 'yaml', importer: /[\\/]source[\\/]core[\\/](?:article[\\/]front-matter|feeds[\\/]feed-item-to-article)\.ts$/, exports: ['parseDocument', 'stringify']},
];
const standIn = (name, exports) => exports === undefined
	? `export default new Proxy({}, {get: (_, key) => require(${JSON.stringify(name)})[key]});\n`
	: exports.map(key => `export function ${key}(...parts) {\n\tconst real = require(${JSON.stringify(name)}).${key};\n\treturn new.target ? new real(...parts) : real.apply(this, parts);\n}\n`).join('');
const lazyPackages = {
	name: 'lazy-on-first-use',
	setup(lazyBuild) {
		lazyBuild.onResolve({filter: /^(?:semver|ajv-formats|ajv\/dist\/2020\.js|yaml)$/}, ({path: name, importer, namespace, resolveDir}) => {
			const lazy = lazyOnFirstUse.find(entry => entry.name === name && entry.importer.test(importer));
			return namespace === 'file' && lazy !== undefined ? {path: name, namespace: 'lazy-on-first-use', pluginData: {resolveDir, exports: lazy.exports}} : undefined;
		});
		lazyBuild.onLoad({filter: /.*/, namespace: 'lazy-on-first-use'}, ({path: name, pluginData}) => ({
			contents: standIn(name, pluginData.exports),
			resolveDir: pluginData.resolveDir,
			loader: 'js',
		}));
	},
};
fs.rmSync(path.join(root, 'dist'), {recursive: true, force: true});
const options = {
	absWorkingDir: root,
	// The workers are entries of their own, written next to the chunks so `new URL('./<name>.js', import.meta.url)` finds
	// them: the feed parser's (source/adapters/feeds/parse-in-worker.ts), the renderer's (source/adapters/render-worker.ts) and the
	// image decoder's (source/adapters/image-worker.ts).
	entryPoints: [
		{in: 'source/cli.tsx', out: 'cli'},
		{in: 'source/adapters/feeds/feed-parse-worker.ts', out: 'feed-parse-worker'},
		{in: 'source/adapters/render-worker-entry.ts', out: 'render-worker'},
		{in: 'source/adapters/image-worker-entry.ts', out: 'image-worker'},
		// Issue 18: the feed fetch, the full-text index and the library watcher, each off the reader's thread.
		{in: 'source/adapters/feeds/fetch-worker-entry.ts', out: 'fetch-worker'},
		{in: 'source/adapters/index-worker-entry.ts', out: 'index-worker'},
		{in: 'source/adapters/library-scan-entry.ts', out: 'library-scan'},
	],
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node20',
	sourcemap: 'linked',
	legalComments: 'none',
	logLevel: 'warning',
	// sixel's quantizer (node_modules/sixel/upng.js) assigns an undeclared global `UPNG`, which throws in the bundle's
	// strict mode; as a property of globalThis the assignment is legal.
	define: {'process.env.NODE_ENV': '"production"', UPNG: 'globalThis.UPNG'},
	// Ink imports react-devtools-core only when DEV=true; it is an optional peer we never ship.
	alias: {'react-devtools-core': './scripts/devtools-stub.mjs'},
	// string-width with a cheap emoji check in front of its RGI_Emoji expression (~35 ms of every start; issue 14).
	// highlight.js's core only in the render worker, and marked-terminal's node-emoji on first use (issue 14); the Intl
	// objects packages make when they load, on first use (scripts/intl-on-first-use.mjs).
	plugins: [stringWidthPrefilter, inkOutputCache, intlOnFirstUsePlugin, lazyPackages, storeValidators, highlightCoreOnly, lazyNodeEmoji],
	// CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
	banner: {js: "import {createRequire as __tidingsCreateRequire} from 'node:module'; const require = __tidingsCreateRequire(import.meta.url);"},
};
await build(options);
// `tidings --help` without the program (issue 14): bin/tidings.js tries it first when the command line asks for help.
// One minified CommonJS file of its own, loaded with require(): the ESM loader's resolving, reading and linking of
// each module (and of each built-in it names) cost more than the few ms this path may take beyond Node's own start.
// wrap-ansi, slice-ansi and ansi-styles compute their tables when they load (~0.5 ms); the help wraps and cuts nothing
// (core/text/cells.ts imports them for what it does elsewhere), so here they are declared free of side effects and
// left out as unused.
const unusedTextPackages = {
	name: 'unused-text-packages',
	setup(helpBuild) {
		helpBuild.onResolve({filter: /^(?:wrap-ansi|slice-ansi|ansi-styles)$/}, async ({path: name, kind, resolveDir, importer, pluginData}) => {
			if (pluginData?.resolving) {
				return undefined;
			}

			const resolved = await helpBuild.resolve(name, {kind, resolveDir, importer, pluginData: {resolving: true}});
			return resolved.errors.length > 0 ? undefined : {path: resolved.path, namespace: resolved.namespace, sideEffects: false};
		});
	},
};
await build({
	...options,
	plugins: [...options.plugins, unusedTextPackages],
	// The keys of a config file's [keys] in a file of its own (the key table, smol-toml), required only when there is one.
	entryPoints: [{in: 'source/help.ts', out: 'help'}, {in: 'source/help-keys.ts', out: 'help-keys'}],
	outExtension: {'.js': '.cjs'},
	format: 'cjs',
	splitting: false,
	minify: true,
	define: {...options.define, 'import.meta.url': '__tidingsHelpUrl'},
	banner: {js: "var __tidingsHelpUrl = require('node:url').pathToFileURL(__filename).href;"},
});

// highlight.js's grammars beside the bundle, one file each, read by the render worker when a code block first names
// the language (source/adapters/highlight-grammars.ts; issue 14): the bundle itself holds highlight.js's core only
// (scripts/highlight-core-only.mjs).
{
	const {languageNames} = await import('./highlight-language-names.mjs');
	const languages = path.join(root, 'node_modules', 'highlight.js', 'lib', 'languages');
	for (const name of languageNames()) {
		fs.copyFileSync(path.join(languages, `${name}.js`), path.join(root, 'dist', `highlight-${name}.js`));
	}
}

// The man page (and the help model), from the built program itself (its command table, the key table, the query help): npm installs
// dist/tidings.1 with the package ("man" in package.json). Run with a throwaway state folder: it reads nothing.
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-build-'));
try {
	const page = execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'manpage'], {
		cwd: root,
		encoding: 'utf8',
		env: {...process.env, TIDINGS_CONFIG_DIR: path.join(scratch, 'config'), TIDINGS_CACHE_DIR: path.join(scratch, 'cache'), NO_COLOR: '1'},
	});
	fs.writeFileSync(path.join(root, 'dist', 'tidings.1'), page);
	// The root help as a model for the fast --help (source/help.ts): commander's layout of the command table, laid out
	// for the terminal's width at run time.
	const model = execFileSync(process.execPath, [path.join(root, 'dist', 'cli.js'), 'help-model'], {
		cwd: root,
		encoding: 'utf8',
		env: {...process.env, TIDINGS_CONFIG: '', TIDINGS_CONFIG_DIR: path.join(scratch, 'config'), TIDINGS_CACHE_DIR: path.join(scratch, 'cache'), NO_COLOR: '1'},
	});
	fs.writeFileSync(path.join(root, 'dist', 'help-model.json'), model);
} finally {
	fs.rmSync(scratch, {recursive: true, force: true});
}
