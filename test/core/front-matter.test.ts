import test from 'ava';
import fc from 'fast-check';
import {simpleFrontMatter, splitFrontMatter, yamlFrontMatter} from '../../source/core/article/front-matter.js';
import {frontMatterEnd, parseArticle} from '../../source/core/article/parse-article.js';

const key = fc.constantFrom('title', 'date', 'source', 'url', 'id', 'author', 'tags', 'summary', 'x-y', 'a_b');
const value = fc.oneof(
	fc.string({maxLength: 30}),
	fc.constantFrom('2025-11-30T12:15:11Z', '12', '1.5', 'true', 'null', '~', '[a, b]', '[]', '"quoted"', '"with \\"escape\\""', "'single'", "'it''s'", 'a: b', 'a #b', '&anchor', '*alias', '!!js/function x', '- item', '|', '>'),
	fc.string({maxLength: 20}).map(text => `"${text}"`),
	fc.array(fc.string({maxLength: 8}), {maxLength: 4}).map(items => `[${items.join(', ')}]`),
);

test('the fast path reads a header exactly as the YAML parser does, or leaves it to the parser', t => {
	fc.assert(fc.property(fc.array(fc.tuple(key, value), {maxLength: 6}), fc.string({maxLength: 20}), (pairs, body) => {
		const text = `---\n${pairs.map(([k, v]) => `${k}: ${v}`).join('\n')}\n---\n${body}`;
		const fast = simpleFrontMatter(text);
		if (fast === undefined) {
			return true;
		}

		const slow = yamlFrontMatter(text);
		return slow.problem === undefined && JSON.stringify(fast.data) === JSON.stringify(slow.data) && fast.body === slow.body;
	}), {numRuns: 5000});
	t.deepEqual(splitFrontMatter('---\ntitle: "A headline"\ndate: 2026-01-02\ntags: [a, b]\n---\n\nBody').data, {title: 'A headline', date: '2026-01-02', tags: ['a', 'b']});
});

test('headers the fast path does not read go to the YAML parser', t => {
	for (const text of ['---\ncount: 12\n---\n', '---\ntitle: "a\\"b"\n---\n', '---\nlist:\n  - a\n---\n', '---js\nx\n---\n']) {
		t.is(simpleFrontMatter(text), undefined, text);
	}
});

test('frontMatterEnd finds the byte after the closing line, and -1 without a header', t => {
	const bytes = new TextEncoder().encode('---\ntitle: x\n---\nbody');
	t.is(frontMatterEnd(bytes), 17);
	t.is(frontMatterEnd(new TextEncoder().encode('# no header')), -1);
});

test('metadata read for the list matches the metadata of the whole file', t => {
	const facts = {path: 'src/a.md', size: 200, mtimeMs: 1};
	const text = '---\ntitle: "Quoted title"\ndate: 2026-03-04\nsource: "The Source"\nurl: "https://x.example/a"\ntags: [one, two]\n---\n\n# Heading\n\nBody text.\n';
	const bytes = new TextEncoder().encode(text);
	const full = parseArticle(facts, bytes).meta;
	const listed = parseArticle(facts, bytes, {metaOnly: true}).meta;
	t.deepEqual({...listed, words: 0}, {...full, words: 0});
	const untitled = new TextEncoder().encode('---\ndate: 2026-03-04\n---\n\n# The first heading\n\nBody.\n');
	t.is<string, string>(parseArticle(facts, untitled, {metaOnly: true}).meta.title, 'The first heading');
});
