/**
Case- and diacritic-insensitive comparison key: NFKD, combining marks removed, lower-cased. A few Latin letters that
carry no decomposable mark (ø, ł, đ, ß, æ, œ, ı, þ) are spelled out too, so that `oslo` finds `Øslo`, as SQLite's
`unicode61 remove_diacritics 2` tokenizer does for the full-text index.
*/

const marks = /\p{M}/gu;
const ascii = /^[\u0000-\u007F]*$/u;
const letters = /[øłđßæœıþð]/gu;
const spelled: Readonly<Record<string, string>> = {
	ø: 'o', ł: 'l', đ: 'd', ß: 'ss', æ: 'ae', œ: 'oe', ı: 'i', þ: 'th', ð: 'd',
};

export function fold(text: string): string {
	// Most titles and names are ASCII; skipping normalisation for them is what keeps folding 100k rows cheap.
	if (ascii.test(text)) {
		return text.toLowerCase();
	}

	return text.normalize('NFKD').replace(marks, '').toLowerCase().replace(letters, letter => spelled[letter] ?? letter);
}

/** Folds and turns every run of white space into one space: the form phrases are compared in. */
export const foldPhrase = (text: string): string => fold(text).replaceAll(/\s+/gu, ' ').trim();
