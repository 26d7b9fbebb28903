// Issue 14: the store's validators compiled at build time (scripts/store-validators.mjs) say exactly what Ajv compiling
// the schema at run time says, for valid stores and damaged ones, key by key.
import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import test from 'ava';
import {build} from 'esbuild';
import {Ajv2020, type ValidateFunction} from 'ajv/dist/2020.js';
// @ts-expect-error: a build script in plain JavaScript, without types.
import {generateStoreValidators as generateUntyped} from '../../scripts/store-validators.mjs';
import {fileToState, stateToFile, storeAjvOptions, storeSchema} from '../../source/adapters/state-store.js';
import {tempDir} from '../helpers/terminal.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const generateStoreValidators = generateUntyped as () => Promise<string>;

test('every top-level key: the precompiled validator agrees with Ajv at run time on valid and damaged values', async t => {
	const result = await build({
		stdin: {contents: await generateStoreValidators(), resolveDir: root, sourcefile: 'store-validators.js', loader: 'js'},
		absWorkingDir: root, bundle: true, format: 'esm', platform: 'node', target: 'node20', write: false, logLevel: 'silent',
	});
	const file = path.join(tempDir(), 'validators.mjs');
	fs.writeFileSync(file, result.outputFiles[0]!.text);
	const {precompiled} = await import(pathToFileURL(file).href) as {precompiled: Record<string, ValidateFunction>};
	t.deepEqual(Object.keys(precompiled).sort(), Object.keys(storeSchema).sort());

	const valid = stateToFile(fileToState({read: ['world/a'], starred: ['world/b'], positions: {'world/a': 12}})) as unknown as Record<string, unknown>;
	const damaged: unknown[] = [null, 3, 'text', [], [1, 'a'], {}, {width: 'wide', sort: 12}, {'world/a': 'twelve'}, [{url: 3}], [{}], true];
	let compared = 0;
	for (const [key, schema] of Object.entries(storeSchema)) {
		const runtime = new Ajv2020(storeAjvOptions).compile(schema);
		const ahead = precompiled[key]!;
		for (const value of [valid[key], ...damaged]) {
			if (value === undefined) {
				continue;
			}

			const expected = runtime(value);
			t.is(ahead(value), expected, `${key}: ${JSON.stringify(value)}`);
			t.deepEqual(ahead.errors?.[0]?.message, runtime.errors?.[0]?.message, `${key}: ${JSON.stringify(value)}`);
			compared++;
		}
	}

	t.true(compared > 50, `${compared} comparisons`);
	t.true(Object.keys(valid).some(key => precompiled[key]!(valid[key])), 'a valid store passes');
});
