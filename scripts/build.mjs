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
	// The render worker (source/adapters/render-worker.ts) runs dist/render-worker.js in its own thread.
	entryPoints: ['source/cli.tsx', {in: 'source/adapters/render-worker-entry.ts', out: 'render-worker'}],
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
