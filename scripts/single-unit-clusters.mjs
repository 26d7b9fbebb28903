// The code units that are each a grapheme cluster of their own whatever their neighbours (issue 14): printable ASCII,
// Latin-1 and the Latin extensions (U+00A0-U+02FF, before the combining marks), and the punctuation, arrows,
// mathematical, technical, box-drawing, geometric and dingbat symbols of U+2010-U+2BFF, less the line and paragraph
// separators and bidi controls (U+2028-U+202E), the invisible operators (U+2060-U+206F) and the combining marks for
// symbols (U+20D0-U+20FF). Text made only of them needs no Intl.Segmenter: each code unit is a segment at its index.
// One list for the build-time patches of string-width and ansi-tokenize and for the tests; source/core/text/cells.ts
// has the same test in TypeScript (test/hostile/cells.test.ts holds it to this list for every code unit).
export const singleUnitRanges = [[0x20, 0x7E], [0xA0, 0x2FF], [0x2010, 0x2027], [0x202F, 0x205F], [0x2070, 0x20CF], [0x2100, 0x2BFF]];

/** A JavaScript expression, true when the code unit in `name` is one of them. */
export const singleUnitTest = name => singleUnitRanges.map(([from, to]) => `(${name} >= 0x${from.toString(16)} && ${name} <= 0x${to.toString(16)})`).join(' || ');
