/** Builds the Ink floor (bench/floor/ink-floor.tsx) the way scripts/build.mjs builds Tidings, and its titles file. */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {build} from 'esbuild';
import {articleMeta, type Corpus} from '../lib/corpus.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** Bundles the floor into `folder` (same esbuild options as Tidings: one ESM bundle, NODE_ENV=production) and returns its starter. */
export async function buildFloor(folder: string): Promise<string> {
	const root = path.dirname(path.dirname(here));
	await build({
		absWorkingDir: root,
		entryPoints: [{in: path.join(here, 'ink-floor.tsx'), out: 'ink-floor'}],
		outdir: folder,
		bundle: true,
		format: 'esm',
		platform: 'node',
		target: 'node20',
		legalComments: 'none',
		logLevel: 'warning',
		define: {'process.env.NODE_ENV': '"production"'},
		alias: {'react-devtools-core': './scripts/devtools-stub.mjs'},
		banner: {js: "import {createRequire as __floorCreateRequire} from 'node:module'; const require = __floorCreateRequire(import.meta.url);"},
	});
	// Started like bin/tidings.js starts Tidings: V8's compile cache on, then the bundle.
	const starter = path.join(folder, 'ink-floor-bin.mjs');
	fs.writeFileSync(starter, [
		"import module from 'node:module';",
		'try { module.enableCompileCache?.(); } catch {}',
		"await import('./ink-floor.js');",
		'',
	].join('\n'));
	return starter;
}

/** The list the floor shows: every article of the corpus newest first, as Tidings lists them. Kept beside the corpus. */
export async function floorTitles(corpus: Corpus): Promise<string> {
	const file = path.join(corpus.root, 'floor-titles.json');
	if (!fs.existsSync(file)) {
		const items = [];
		for (let index = 0; index < corpus.count; index++) {
			const meta = articleMeta(corpus.seed, index);
			items.push({title: meta.title, source: meta.source.name, date: meta.date, path: meta.relPath});
		}

		await fsp.writeFile(file, JSON.stringify(items));
	}

	return file;
}
