import matter from 'gray-matter';
import {parseDocument} from 'yaml';

export type FrontMatter = {
	readonly data: Readonly<Record<string, unknown>>;
	readonly body: string;
	/** Present when a header was there but could not be used; the body is then everything after it. */
	readonly problem?: string;
};

const refuse = (language: string) => () => {
	throw new Error(`${language} front matter is not supported`);
};

/**
YAML through `yaml` (eemeli/yaml) rather than gray-matter's default js-yaml 3: the core schema knows no `!!js/*` tags
(they stay inert strings, with a warning), and `maxAliasCount` stops alias-expansion bombs.
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

// gray-matter ships a `javascript` engine that calls eval() on `---js` headers. Every engine but YAML is replaced, so
// no header language can run code.
const engines = {
	yaml: parseYaml,
	javascript: refuse('JavaScript'),
	js: refuse('JavaScript'),
	json: refuse('JSON'),
	coffee: refuse('CoffeeScript'),
	toml: refuse('TOML'),
};

const simpleKey = /^([A-Za-z_][\w-]*):(?:[ \t]+(.*?))?[ \t]*$/u;
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

/**
The front matter that nearly every file has (flat `key: value` lines with plain or simply quoted strings and flow
lists of words) read without the YAML parser, which is most of the cost of listing 100,000 articles. Anything else
(escapes, numbers, booleans, nested or multi-line values, anchors, tags) returns undefined and goes to `yaml`, so
the result is always what the YAML core schema would give.
*/
export function simpleFrontMatter(text: string): FrontMatter | undefined {
	const firstBreak = text.indexOf('\n');
	if (firstBreak === -1 || text.slice(0, firstBreak).trimEnd() !== '---') {
		return undefined;
	}

	let end = text.indexOf('\n---', firstBreak - 1);
	while (end !== -1) {
		const after = text.indexOf('\n', end + 4);
		const rest = text.slice(end + 4, after === -1 ? text.length : after);
		if (rest.trim() === '') {
			if (rest !== '') {
				// `--- ` with trailing blanks: gray-matter keeps them in the body; leave such files to it.
				return undefined;
			}

			break;
		}

		end = text.indexOf('\n---', end + 4);
	}

	if (end === -1) {
		return undefined;
	}

	const data: Record<string, unknown> = {};
	const header = end <= firstBreak ? '' : text.slice(firstBreak + 1, end);
	for (const line of header.split('\n')) {
		if (line.trim() === '' || line.startsWith('#')) {
			continue;
		}

		const match = simpleKey.exec(line);
		const scalar = match ? simpleScalar(match[2] ?? '') : undefined;
		if (!match || !scalar || match[1] === '__proto__') {
			return undefined;
		}

		data[match[1]!] = scalar.value;
	}

	const bodyStart = text.indexOf('\n', end + 1);
	return {data, body: bodyStart === -1 ? '' : text.slice(bodyStart + 1)};
}

/** Splits an optional YAML front matter header from a Markdown text. Never throws. */
export function splitFrontMatter(text: string): FrontMatter {
	if (!text.startsWith('---')) {
		return {data: {}, body: text};
	}

	return simpleFrontMatter(text) ?? yamlFrontMatter(text);
}

/** The general path: gray-matter finds the header, `yaml` reads it. */
export function yamlFrontMatter(text: string): FrontMatter {
	try {
		// An options object also keeps gray-matter from caching every file's text in its module-level cache.
		const file = matter(text, {engines: engines as never});
		return {data: file.data as Record<string, unknown>, body: file.content};
	} catch (error) {
		const reason = error instanceof Error ? error.message : String(error);
		const end = /^---[^\n]*\n[\s\S]*?\n---[ \t]*(?:\n|$)/u.exec(text);
		return {data: {}, body: end ? text.slice(end[0].length) : text, problem: reason};
	}
}
