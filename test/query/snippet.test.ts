import test from 'ava';
import {findTermMatches, makeSnippet, termWords} from '../../source/core/query/snippet.js';

const marked = (text: string, terms: string[], words?: number) => {
	const snippet = makeSnippet(text, terms, {words});
	let out = '';
	let at = 0;
	for (const [start, end] of snippet.highlights) {
		out += `${snippet.text.slice(at, start)}[${snippet.text.slice(start, end)}]`;
		at = end;
	}

	return out + snippet.text.slice(at);
};

const long = Array.from({length: 60}, (_, index) => `w${index}`).join(' ');

test('a snippet centres on the first match and marks each match inside it', t => {
	t.is(marked(`${long} otters swim. More otters. ${long}`, ['otters'], 12), '…w57 w58 w59 [otters] swim. More [otters]. w0 w1 w2 w3 w4…');
});

test('matching folds case and diacritics, on whole words only', t => {
	t.is(marked('Le CAFÉ et les cafés du coin.', ['cafe']), 'Le [CAFÉ] et les cafés du coin.');
	t.is(marked('Cafeteria only.', ['cafe']), 'Cafeteria only.');
});

test('a phrase is marked as one run of consecutive words', t => {
	t.is(marked('The night\n\n  trains run. Night owls; trains too.', ['night trains']), 'The [night trains] run. Night owls; trains too.');
});

test('white space is collapsed and the marks move with the text', t => {
	const snippet = makeSnippet('a\n\n\tb   target\n c', ['target']);
	t.is(snippet.text, 'a b target c');
	t.deepEqual(snippet.highlights, [[4, 10]]);
});

test('without a match the snippet is the start of the text', t => {
	t.is(marked(`${long}`, ['absent'], 5), 'w0 w1 w2 w3 w4…');
	t.deepEqual(makeSnippet('', ['x']), {text: '', highlights: []});
});

test('termWords splits a term the way the index tokenizes it', t => {
	t.deepEqual(termWords('E-mail, Café!'), ['e', 'mail', 'cafe']);
});

test('findTermMatches finds every whole-word occurrence of the terms in a whole text', t => {
	const text = 'Sea level rises. The sea-level data; SEA LEVEL again, and seal levels not.';
	const ranges = findTermMatches(text, ['sea level']);
	t.deepEqual(ranges.map(([start, end]) => text.slice(start, end)), ['Sea level', 'sea-level', 'SEA LEVEL']);
	t.deepEqual(findTermMatches(text, []), []);
});
