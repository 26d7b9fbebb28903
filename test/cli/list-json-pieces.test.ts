/**
`list --json` writes its array a few hundred rows at a time (issue 14); the text must be the very text of the whole
array through safeJson, for every count around the piece size and for values JSON and safeJson escape.
*/
import test from 'ava';
import {safeJson} from '../../source/core/json.js';
import {writeJsonArray} from '../../source/commands/list.js';

const hostile = ['plain', 'line\u2028separator', 'c1\u0085control', 'bidi\u202Eoverride', 'quote " and \\ backslash', 'tab\tand\nnewline', 'emoji 👩‍👩‍👧', '\u007F'];

test('the pieces join to the whole array as safeJson writes it, at every count around the piece size', t => {
	for (const perPiece of [1, 3, 256]) {
		for (const count of [0, 1, 2, perPiece - 1, perPiece, perPiece + 1, 2 * perPiece, 2 * perPiece + 1, 5 * perPiece + 2]) {
			const items = Array.from({length: Math.max(0, count)}, (_, index) => ({index, title: hostile[index % hostile.length]!, tags: index % 2 === 0 ? [] : ['a', 'b'], nested: {none: null}}));
			let written = '';
			const pieces: string[] = [];
			writeJsonArray(items, item => ({...item, odd: item.index % 2 === 1}), {
				write(text: string) {
					written += text;
					pieces.push(text);
				},
			}, perPiece);
			t.is(written, `${safeJson(items.map(item => ({...item, odd: item.index % 2 === 1})), 2)}\n`, `${count} items, ${perPiece} a piece`);
			t.is(pieces.length, Math.max(1, Math.ceil(count / perPiece)), `${count} items in ${perPiece}s`);
		}
	}
});
