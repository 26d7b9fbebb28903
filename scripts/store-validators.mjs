// Build step (issue 14): Ajv's standalone code for the store's per-key validators, so a start does not compile them.
// `generateStoreValidators()` runs under tsx (it imports the store's schema from the TypeScript source); the esbuild
// plugin loads source/adapters/store-validators.ts as that code. See that module's comment.
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/**
The module text: one standalone validator per top-level key of storeSchema, exported as `precompiled`. Each is Ajv's
CommonJS output for that one schema inside a function of its own (Ajv names the functions of every standalone module
alike, so several cannot share one scope); esbuild bundles the Ajv runtime parts they require.
*/
export async function generateStoreValidators() {
	const [{storeSchema, storeAjvOptions}, {Ajv2020}, {default: standaloneCode}] = await Promise.all([
		import('../source/adapters/state-store.ts'),
		import('ajv/dist/2020.js'),
		import('ajv/dist/standalone/index.js'),
	]);
	const parts = [];
	const table = [];
	for (const [index, [key, schema]] of Object.entries(storeSchema).entries()) {
		const ajv = new Ajv2020({...storeAjvOptions, code: {source: true}});
		const code = standaloneCode(ajv, ajv.compile(schema));
		parts.push(`const v${index} = (() => {\nconst module = {exports: {}};\nconst exports = module.exports;\n${code}\nreturn module.exports;\n})();`);
		table.push(`${JSON.stringify(key)}: v${index}`);
	}

	return `${parts.join('\n')}\nexport const precompiled = {${table.join(', ')}};\n`;
}

/** The esbuild plugin: the module is generated once per build (in a child Node under tsx) and loaded in its place. */
export const storeValidators = {
	name: 'store-validators',
	setup(build) {
		let generated;
		build.onLoad({filter: /[\\/]source[\\/]adapters[\\/]store-validators\.ts$/}, () => {
			generated ??= execFileSync(process.execPath, ['--import=tsx', '--input-type=module', '-e',
				"const {generateStoreValidators} = await import('./scripts/store-validators.mjs'); process.stdout.write(await generateStoreValidators());"], {cwd: root, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024});
			return {contents: generated, loader: 'js', resolveDir: root};
		});
	},
};
