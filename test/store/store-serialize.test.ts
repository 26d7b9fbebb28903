// Issue 14: the store's file is written a piece at a time (`serializeStore`), and says exactly what
// `JSON.stringify(value, undefined, '\t')` says, for stores of every shape and size.
import test from 'ava';
import fc from 'fast-check';
import {fileToState, serializeStore, stateToFile} from '../../source/adapters/state-store.js';

const text = (value: Readonly<Record<string, unknown>>): string => Buffer.from(serializeStore(value)).toString('utf8');
const expected = (value: unknown): string => `${JSON.stringify(value, undefined, '\t')}\n`;

test('a store of 50,000 read marks, positions and every other key is written as JSON.stringify writes it', t => {
	const read = Array.from({length: 50_000}, (_, index) => `https://example.test/2026/${index}/ünïcode-"quoted"-\\-${'📰'.repeat(index % 3)}`);
	const positions = Object.fromEntries(read.slice(0, 3000).map((id, index) => [id, index]));
	const file = {
		...stateToFile(fileToState({read, starred: read.slice(0, 10), positions, selected: read[5]})),
		feeds: [{url: 'https://example.test/feed', slug: 'gazette', title: 'Ga\nzette'}],
		views: [{name: 'later', query: 'is:starred'}],
		journal: undefined,
		empty: {},
		none: [],
	};
	t.is(text(file), expected(file));
	t.true(serializeStore(file).length > 3 * 1024 * 1024);
});

test('any JSON-shaped store, long lists and maps included, is written as JSON.stringify writes it', t => {
	const leaf = fc.oneof(fc.string({unit: 'grapheme'}), fc.integer(), fc.double({noNaN: true, noDefaultInfinity: true}), fc.boolean(), fc.constant(null));
	const value = fc.oneof(
		leaf,
		fc.array(fc.string({unit: 'grapheme'}), {minLength: 0, maxLength: 600}),
		fc.array(fc.oneof(leaf, fc.constant(undefined), fc.dictionary(fc.string(), leaf, {maxKeys: 3}), fc.array(leaf, {maxLength: 3})), {minLength: 250, maxLength: 400}),
		fc.dictionary(fc.string({unit: 'grapheme'}), fc.oneof(leaf, fc.constant(undefined), fc.array(leaf, {maxLength: 3})), {minKeys: 0, maxKeys: 600}),
		fc.dictionary(fc.string(), fc.constant(undefined), {minKeys: 257, maxKeys: 300}),
		fc.constant(undefined),
	);
	fc.assert(fc.property(fc.dictionary(fc.string({unit: 'grapheme'}), value, {maxKeys: 6}), store => {
		t.is(text(store), expected(store));
	}), {numRuns: 60});
});
