/**
Issue 15: zero-width characters, bidi marks and Unicode tag characters in one-line fields (titles, authors, sources,
file names) are shown as `⟦U+…⟧`, as bidi overrides are, so that no title can pass for another; the joiners that
writing needs (emoji sequences, Persian, emoji flags) are kept.
*/
import test from 'ava';
import fc from 'fast-check';
import {parseArticle} from '../../source/core/article/parse-article.js';
import {neutraliseLine} from '../../source/core/text/neutralise.js';

const hidden = ['\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u2060', '\u2061', '\u2062', '\u2063', '\u2064', '\u061C', '\uFEFF', '\u180E', '\u115F', '\u1160', '\u3164', '\uFFA0', '\u17B4', '\u17B5', '\u{E0001}', '\u{E0041}', '\u{E007F}'];
// eslint-disable-next-line no-misleading-character-class -- the joiners are listed to be matched one by one.
const invisible = /[\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u2060-\u2064\u3164\uFEFF\uFFA0\u{E0000}-\u{E007F}]/u;

test('each invisible character in a title is shown as ⟦U+…⟧', t => {
	for (const character of hidden) {
		const code = character.codePointAt(0)!.toString(16).toUpperCase();
		const title = parseArticle({path: 'a.md', size: 1, mtimeMs: 1}, new TextEncoder().encode(`---\ntitle: "pay${character}pal"\nauthor: "a${character}b"\n---\nbody\n`)).meta;
		t.is(title.title as string, `pay⟦U+${code}⟧pal`, code);
		t.is(title.author as string, `a⟦U+${code}⟧b`, code);
	}
});

test('a Unicode tag text hidden in a title is spelled out, not hidden', t => {
	const tags = [...'ignore'].map(letter => String.fromCodePoint(0xE_00_00 + letter.codePointAt(0)!)).join('');
	t.is(neutraliseLine(`Title${tags}`) as string, 'Title⟦U+E0069⟧⟦U+E0067⟧⟦U+E006E⟧⟦U+E006F⟧⟦U+E0072⟧⟦U+E0065⟧');
});

test('joiners that writing needs are kept: emoji sequences, Persian, emoji flags', t => {
	for (const text of ['👨\u200D👩\u200D👧', '🏳\uFE0F\u200D🌈', 'می\u200Cخواهم', 'क्\u200Dष', '🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}']) {
		t.is(neutraliseLine(text) as string, text, JSON.stringify(text));
	}

	t.is(neutraliseLine('ab\u200Dc') as string, 'ab⟦U+200D⟧c');
	t.is(neutraliseLine('x\u{E0067}\u{E007F}') as string, 'x⟦U+E0067⟧⟦U+E007F⟧');
});

test('no invisible character survives between two Latin, Greek or Cyrillic letters, for any input', t => {
	const outcome = fc.check(fc.property(fc.string({unit: 'grapheme-composite', maxLength: 20}), fc.constantFrom(...hidden), fc.constantFrom('a', 'Ω', 'ж', '1', ' '), (text, character, neighbour) => {
		const shown = neutraliseLine(`${neighbour}${character}${neighbour}${text}`);
		return !invisible.test(shown.slice(0, 3));
	}), {numRuns: 2000});
	t.false(outcome.failed, fc.defaultReportMessage(outcome) ?? 'a counterexample was found');
});
