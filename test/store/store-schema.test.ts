import test from 'ava';
import {Ajv2020} from 'ajv/dist/2020.js';
import {storeSchema} from '../../source/adapters/state-store.js';

// The store compiles its schema without checking it against the meta-schema (a start-up cost, issue 14): this is that
// check, once, here.
test('the store\'s schema is a valid JSON Schema 2020-12 document, every key of it', t => {
	const ajv = new Ajv2020({strict: false});
	t.true(ajv.validateSchema({type: 'object', properties: storeSchema}), JSON.stringify(ajv.errors));
	for (const [key, schema] of Object.entries(storeSchema)) {
		t.true(ajv.validateSchema(schema as object), `${key}: ${JSON.stringify(ajv.errors)}`);
	}
});
