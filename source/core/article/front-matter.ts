import {parseDocument} from 'yaml';

/**
THE front matter reader: the library, the feed writer (finding an item's file by its `id`) and the full-story writer
(recording `fetched:`) all find and read headers here, so they cannot disagree about where a header ends.

Every step is linear in the text: the header is found with `indexOf` (no backtracking pattern), a header larger than
`maxFrontMatterBytes` is not parsed at all (12 MB of YAML cost 9 s and a gigabyte), and the fast path below reads
each line with a pattern that cannot backtrack.
*/

export type FrontMatter = {
	readonly data: Readonly<Record<string, unknown>>;
	readonly body: string;
	/** Present when a header was there but could not be used; the body is then everything after it. */
	readonly problem?: string;
};

/** Headers longer than this (in UTF-16 code units, about bytes for YAML) are reported and skipped, not parsed. */
export const maxFrontMatterBytes = 256 * 1024;

export type FrontMatterBounds = {
	/** The language named after the opening `---` (`---js`), lower case; '' for none. */
	readonly language: string;
	/** The header's lines, each ending in `\n` ('' for an empty header). */
	readonly header: string;
	/** Where the header's text starts and where the body starts (after the closing line). */
	readonly headerStart: number;
	readonly bodyStart: number;
};

/**
Where the front matter of `text` is: a first line `---` (optionally naming a language) and a closing line that is
`---` alone (trailing blanks allowed). Undefined when there is no such pair: the text is all body. Linear.
*/
export function locateFrontMatter(text: string): FrontMatterBounds | undefined {
	if (!text.startsWith('---')) {
		return undefined;
	}

	const firstBreak = text.indexOf('\n');
	if (firstBreak === -1) {
		return undefined;
	}

	const language = text.slice(3, firstBreak).trim().toLowerCase();
	let close = text.indexOf('\n---', firstBreak - 1);
	while (close !== -1) {
		const lineEnd = text.indexOf('\n', close + 4);
		const rest = text.slice(close + 4, lineEnd === -1 ? text.length : lineEnd);
		if (rest.trim() === '') {
			const headerStart = firstBreak + 1;
			return {
				language,
				header: close < headerStart ? '' : text.slice(headerStart, close + 1),
				headerStart,
				bodyStart: lineEnd === -1 ? text.length : lineEnd + 1,
			};
		}

		close = text.indexOf('\n---', close + 4);
	}

	return undefined;
}

/**
YAML through `yaml` (eemeli/yaml): the core schema knows no `!!js/*` tags (they stay inert strings, with a warning),
and `maxAliasCount` stops alias-expansion bombs. No other header language is read, so none can run code.
*/
function parseYaml(text: string): Record<string, unknown> {
	const document = parseDocument(text, {schema: 'core', prettyErrors: false, uniqueKeys: false});
	if (document.errors.length > 0) {
		throw new Error(document.errors[0]!.message.split('\n')[0]);
	}

	const value: unknown = document.toJS({maxAliasCount: 100});
	if (value === null || value === undefined) {
		return {};
	}

	if (typeof value !== 'object' || Array.isArray(value)) {
		throw new Error('front matter is not a mapping of keys to values');
	}

	return value as Record<string, unknown>;
}

const languageNames: Readonly<Record<string, string>> = {js: 'JavaScript', javascript: 'JavaScript', json: 'JSON', coffee: 'CoffeeScript', toml: 'TOML'};

// YAML core-schema scalars that are not strings (numbers, booleans, null): left to the real parser.
const typedScalar = /^(?:[-+]?\d+|0o[0-7]+|0x[\dA-Fa-f]+|[-+]?(?:\.\d+|\d+(?:\.\d*)?)(?:[eE][-+]?\d+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|true|True|TRUE|false|False|FALSE|null|Null|NULL|~)$/u;
const plainScalar = /^[^-?:,[\]{}#&*!|>'"%@`\s](?:[^#:]|:(?!\s|$)|(?<!\s)#)*$/u;
const plainItem = /^[^-?:,[\]{}#&*!|>'"%@`\s][^,[\]{}#:'"]*$/u;

function simpleScalar(raw: string): {value: unknown} | undefined {
	if (raw === '') {
		return {value: null};
	}

	if (raw.startsWith('"')) {
		const inner = raw.slice(1, -1);
		return raw.length >= 2 && raw.endsWith('"') && !/["\\]/u.test(inner) ? {value: inner} : undefined;
	}

	if (raw.startsWith("'")) {
		const inner = raw.slice(1, -1);
		return raw.length >= 2 && raw.endsWith("'") && !inner.includes("'") ? {value: inner} : undefined;
	}

	if (raw.startsWith('[')) {
		if (!raw.endsWith(']')) {
			return undefined;
		}

		const inner = raw.slice(1, -1).trim();
		if (inner === '') {
			return {value: []};
		}

		const items = inner.split(',').map(item => item.trim());
		return items.every(item => plainItem.test(item) && !typedScalar.test(item)) ? {value: items} : undefined;
	}

	return plainScalar.test(raw) && !typedScalar.test(raw) ? {value: raw} : undefined;
}

/** `key:`, then (after at least one blank) the raw value, trailing blanks cut by hand: no backtracking on blanks. */
function keyAndValue(line: string): {key: string; value: string} | undefined {
	const colon = line.indexOf(':');
	if (colon <= 0 || !/^[A-Za-z_][\w-]*$/u.test(line.slice(0, colon))) {
		return undefined;
	}

	let end = line.length;
	while (end > colon + 1 && (line.charCodeAt(end - 1) === 0x20 || line.charCodeAt(end - 1) === 0x09)) {
		end--;
	}

	if (end === colon + 1) {
		return {key: line.slice(0, colon), value: ''};
	}

	const first = line.charCodeAt(colon + 1);
	if (first !== 0x20 && first !== 0x09) {
		return undefined;
	}

	let start = colon + 1;
	while (line.charCodeAt(start) === 0x20 || line.charCodeAt(start) === 0x09) {
		start++;
	}

	return {key: line.slice(0, colon), value: line.slice(start, end)};
}

/**
The front matter that nearly every file has (flat `key: value` lines with plain or simply quoted strings and flow
lists of words) read without the YAML parser, which is most of the cost of listing 100,000 articles. Anything else
(escapes, numbers, booleans, nested or multi-line values, anchors, tags) returns undefined and goes to `yaml`, so
the result is always what the YAML core schema would give.
*/
export function simpleFrontMatter(text: string, bounds = locateFrontMatter(text)): FrontMatter | undefined {
	if (bounds === undefined || bounds.language !== '' || bounds.header.length > maxFrontMatterBytes) {
		return undefined;
	}

	const data: Record<string, unknown> = {};
	for (const line of bounds.header.split('\n')) {
		if (line.trim() === '' || line.startsWith('#')) {
			continue;
		}

		const pair = keyAndValue(line);
		const scalar = pair ? simpleScalar(pair.value) : undefined;
		if (!pair || !scalar || pair.key === '__proto__') {
			return undefined;
		}

		data[pair.key] = scalar.value;
	}

	return {data, body: text.slice(bounds.bodyStart)};
}

/** Splits an optional YAML front matter header from a Markdown text. Never throws. */
export function splitFrontMatter(text: string): FrontMatter {
	const bounds = locateFrontMatter(text);
	if (bounds === undefined) {
		return {data: {}, body: text};
	}

	return simpleFrontMatter(text, bounds) ?? yamlFrontMatter(text, bounds);
}

/** The general path: the header read by `yaml`, unless it is too large or in another language. */
export function yamlFrontMatter(text: string, bounds = locateFrontMatter(text)): FrontMatter {
	if (bounds === undefined) {
		return {data: {}, body: text};
	}

	const body = text.slice(bounds.bodyStart);
	if (bounds.language !== '' && bounds.language !== 'yaml' && bounds.language !== 'yml') {
		return {data: {}, body, problem: `${languageNames[bounds.language] ?? 'This'} front matter is not supported`};
	}

	if (bounds.header.length > maxFrontMatterBytes) {
		return {data: {}, body, problem: `the header is too large (${Math.ceil(bounds.header.length / 1024)} KB; the limit is ${maxFrontMatterBytes / 1024} KB)`};
	}

	try {
		return {data: parseYaml(bounds.header), body};
	} catch (error) {
		return {data: {}, body, problem: error instanceof Error ? error.message : String(error)};
	}
}
