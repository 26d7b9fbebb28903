// Bundles source/cli.tsx into dist/ with esbuild. A bundle starts ~3x faster than loading Ink's many modules one by
// one, and NODE_ENV=production keeps React's development build (and its checks) out of the hot path.
import {build} from 'esbuild';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
fs.rmSync(path.join(root, 'dist'), {recursive: true, force: true});
await build({
	absWorkingDir: root,
	// The feed parser's worker is its own entry, written next to the chunks so `new URL('./feed-parse-worker.js', import.meta.url)` finds it.
	entryPoints: [{in: 'source/cli.tsx', out: 'cli'}, {in: 'source/adapters/feeds/feed-parse-worker.ts', out: 'feed-parse-worker'}],
	outdir: 'dist',
	bundle: true,
	splitting: true,
	format: 'esm',
	platform: 'node',
	target: 'node22',
	sourcemap: 'linked',
	legalComments: 'none',
	logLevel: 'warning',
	define: {'process.env.NODE_ENV': '"production"'},
	// Ink imports react-devtools-core only when DEV=true; it is an optional peer we never ship.
	alias: {'react-devtools-core': './scripts/devtools-stub.mjs'},
	// CommonJS dependencies inside an ESM bundle still call require() for Node built-ins.
	banner: {js: "import {createRequire as __tidingsCreateRequire} from 'node:module'; const require = __tidingsCreateRequire(import.meta.url);"},
	external: ['node-pty'],
});
