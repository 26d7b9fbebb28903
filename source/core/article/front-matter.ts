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

/** Splits an optional YAML front matter header from a Markdown text. Never throws. */
export function splitFrontMatter(text: string): FrontMatter {
	if (!text.startsWith('---')) {
		return {data: {}, body: text};
	}

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
