import test from 'ava';
import {formatQuery, parseQuery, pointAtError, type Query} from '../../source/core/query/index.js';

const parsed = (text: string): Query => {
	const result = parseQuery(text);
	if (!result.ok) {
		throw new Error(`expected ${JSON.stringify(text)} to parse: ${result.error.message}`);
	}

	return result.query;
};

const shape = (text: string) => formatQuery(parsed(text));

const failure = (text: string) => {
	const result = parseQuery(text);
	if (result.ok) {
		throw new Error(`expected ${JSON.stringify(text)} not to parse, got ${formatQuery(result.query)}`);
	}

	return {...result.error, term: text.slice(result.error.start, result.error.end)};
};

test('an empty or blank query matches everything', t => {
	t.deepEqual(parsed(''), {kind: 'all'});
	t.deepEqual(parsed('   '), {kind: 'all'});
});

test('free words are folded to lower case without accents and joined by an implicit AND', t => {
	t.is(shape('Café  Société'), 'cafe AND societe');
	const query = parsed('Café');
	t.like(query, {kind: 'text', value: 'cafe', raw: 'Café', phrase: false, start: 0, end: 4});
});

test('a quoted phrase is one term, with its inner white space collapsed', t => {
	t.like(parsed('"Night   Trains"'), {kind: 'text', value: 'night trains', phrase: true, start: 0, end: 16});
	t.is(shape('"a \\"b\\" c" d'), '"a \\"b\\" c" AND d');
});

test('source:, tag: and author: take a bare or quoted value', t => {
	t.like(parsed('source:"The Guardian"'), {kind: 'field', field: 'source', value: 'the guardian', raw: 'The Guardian', start: 0, end: 21});
	t.like(parsed('tag:Économie'), {kind: 'field', field: 'tag', value: 'economie'});
	t.like(parsed('AUTHOR:zola'), {kind: 'field', field: 'author', value: 'zola'});
});

test('is: takes each of the five states, in any case', t => {
	for (const state of ['unread', 'read', 'starred', 'fetched', 'local']) {
		t.like(parsed(`is:${state.toUpperCase()}`), {kind: 'is', state});
	}
});

test('before: and after: take a day, a month or a year', t => {
	t.like(parsed('before:2026-01-01'), {kind: 'date', op: 'before', bound: '2026-01-01'});
	t.like(parsed('after:2025-06'), {kind: 'date', op: 'after', bound: '2025-06'});
	t.like(parsed('after:2024'), {kind: 'date', op: 'after', bound: '2024'});
	t.like(parsed('before:2024-02-29'), {kind: 'date', bound: '2024-02-29'});
});

test('a word with another prefix before a colon stays an ordinary word', t => {
	t.like(parsed('re:Invent'), {kind: 'text', value: 're:invent', phrase: false});
	t.like(parsed('10:30'), {kind: 'text', value: '10:30'});
});

test('a leading minus negates a term, a phrase or a group; a minus inside a word is part of it', t => {
	t.is(shape('-is:read'), '-is:read');
	t.is(shape('-"press release"'), '-"press release"');
	t.is(shape('-(a OR b) c'), '-(a OR b) AND c');
	t.is(shape('e-mail'), 'e-mail');
	t.is(shape('--a'), '--a');
});

test('AND binds tighter than OR, and parentheses regroup', t => {
	t.is(shape('a b OR c'), '(a AND b) OR c');
	t.is(shape('a OR b c'), 'a OR (b AND c)');
	t.is(shape('a OR b OR c'), 'a OR b OR c');
	t.is(shape('(a OR b) c'), '(a OR b) AND c');
	t.is(shape('a (b OR (c d))'), 'a AND (b OR (c AND d))');
});

test('only upper-case OR is the operator', t => {
	t.is(shape('cats or dogs'), 'cats AND or AND dogs');
	t.is(shape('cats Or dogs'), 'cats AND or AND dogs');
});

test('operators combine in one query', t => {
	t.is(
		shape('climate "sea level" source:"The Guardian" -is:read after:2025 OR tag:science'),
		'(climate AND "sea level" AND source:"the guardian" AND -is:read AND after:2025) OR tag:science',
	);
});

test('an unknown is: value is pointed at', t => {
	const error = failure('climate is:bogus');
	t.is(error.term, 'is:bogus');
	t.regex(error.message, /unread, read, starred, fetched, local/u);
});

test('a field without a value is pointed at', t => {
	t.is(failure('a tag: b').term, 'tag:');
	t.is(failure('source:""').term, 'source:""');
	t.regex(failure('author:').message, /needs a value/u);
});

test('a date that is not a real date is pointed at', t => {
	t.is(failure('before:2025-02-30').term, 'before:2025-02-30');
	t.is(failure('after:2025-13').term, 'after:2025-13');
	t.is(failure('after:someday x').term, 'after:someday', 'yesterday is a relative date now (test/query/relative-dates.test.ts); someday is not');
	t.regex(failure('after:25').message, /YYYY-MM-DD/u);
});

test('an unclosed quote is pointed at from the quote to the end', t => {
	const error = failure('a "night trains');
	t.is(error.start, 2);
	t.is(error.end, 15);
	t.is(failure('source:"The Gu').term, '"The Gu');
});

test('empty quotes are refused', t => {
	t.is(failure('a "" b').term, '""');
});

test('a dangling OR is pointed at', t => {
	t.is(failure('OR a').term, 'OR');
	t.is(failure('a OR').term, 'OR');
	t.is(failure('a OR OR b').start, 2);
	t.is(failure('(a OR) b').term, 'OR');
});

test('a minus with nothing to negate is pointed at', t => {
	t.is(failure('a - b').term, '-');
	t.is(failure('a -').term, '-');
	t.is(failure('(a -)').term, '-');
	t.is(failure('-OR b').term, '-');
});

test('unbalanced and empty parentheses are pointed at', t => {
	t.is(failure('a (b').start, 2);
	t.is(failure('a (b').term, '(');
	t.is(failure('a ) b').term, ')');
	t.is(failure('() a').term, '()');
	t.is(failure('((a)').term, '(');
});

test('pointAtError draws carets under the bad term', t => {
	const text = 'climate is:bogus';
	const result = parseQuery(text);
	t.false(result.ok);
	if (!result.ok) {
		t.is(pointAtError(text, result.error), 'climate is:bogus\n        ^^^^^^^^');
	}
});

test('parseQuery never throws, whatever the input', t => {
	const inputs = ['"', '(', ')', '-', ':', 'is:', '"\\', '\\"', '-(', ')(', 'a"b"c', '\u0000', 'OR', '((((', '"a" OR -', 'tag:"x'];
	for (const input of inputs) {
		t.notThrows(() => parseQuery(input), input);
	}

	for (let seed = 1; seed < 400; seed++) {
		let text = '';
		let state = seed;
		for (let index = 0; index < 12; index++) {
			state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
			text += ['a', ' ', '"', '(', ')', '-', 'OR', 'is:', 'tag:', 'x', ':', '\\'][state % 12];
		}

		const result = parseQuery(text);
		if (!result.ok) {
			t.true(result.error.start >= 0 && result.error.end <= text.length && result.error.start <= result.error.end, text);
		}
	}
});
