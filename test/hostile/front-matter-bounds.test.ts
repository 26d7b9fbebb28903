/**
Issue 15: front matter is read in linear time and bounded in size, by one reader that the library, the feed writer
and the full-story writer share. The time bounds are generous safety nets (each input took seconds to minutes before).
*/
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {locateFrontMatter, maxFrontMatterBytes, splitFrontMatter} from '../../source/core/article/front-matter.js';
import {withFullText} from '../../source/core/article/full-text-section.js';
import {parseArticle} from '../../source/core/article/parse-article.js';
import {scanFeedFolder} from '../../source/adapters/feeds/feed-writer.js';

const timed = <T>(work: () => T): {value: T; ms: number} => {
	const started = performance.now();
	const value = work();
	return {value, ms: performance.now() - started};
};

const facts = {path: 'a.md', size: 1, mtimeMs: 1};
const encode = (text: string) => new TextEncoder().encode(text);

test('a value with a long run of blanks is read in linear time, with the same value', t => {
	for (const size of [60_000, 240_000]) {
		const text = `---\ntitle: a${' '.repeat(size)}b\nsource: x   \n---\nbody`;
		const {value, ms} = timed(() => splitFrontMatter(text));
		t.is(value.data['title'], `a${' '.repeat(size)}b`);
		t.is(value.data['source'], 'x');
		t.true(ms < 2000, `${size} blanks: ${Math.round(ms)} ms`);
	}
});

test('a heading with a long run of blanks or #s before its end is read in linear time', t => {
	for (const filler of [' ', '#', ' #']) {
		const text = `# a${filler.repeat(10_000)}b\n\nbody\n`;
		const {value, ms} = timed(() => parseArticle(facts, encode(text), {metaOnly: true}));
		t.true(value.meta.title.startsWith('a'), filler);
		t.true(ms < 2000, `${JSON.stringify(filler)}: ${Math.round(ms)} ms`);
	}

	t.is(parseArticle(facts, encode('# Title ##  \n')).meta.title as string, 'Title');
});

test('12 MB of YAML front matter is reported and skipped, not parsed; the body is kept', t => {
	const text = `---\nkey: [${'a, '.repeat(4_000_000)}b]\n---\n\n# The body\n`;
	const {value, ms} = timed(() => parseArticle(facts, encode(text)));
	t.true(value.warnings.some(warning => /front matter ignored: the header is too large \(\d+ KB; the limit is 256 KB\)/u.test(warning)), value.warnings.join('\n'));
	t.true(value.body.includes('# The body'));
	t.is(value.meta.title as string, 'The body');
	t.true(ms < 2000, `${Math.round(ms)} ms`);
	// Just under the limit is still read.
	const under = `---\ntitle: fits\nlist: [${'a, '.repeat(Math.floor((maxFrontMatterBytes - 40) / 3))}b]\n---\n`;
	t.is(splitFrontMatter(under).data['title'], 'fits');
});

test('one reader: a header closed by "---" with trailing blanks, or with CRLF line ends, is found by the feed writer too', async t => {
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-fm-'));
	fs.writeFileSync(path.join(folder, 'blanks.md'), '---\nid: "item-1"\ntitle: One\n---   \nbody\n');
	fs.writeFileSync(path.join(folder, 'crlf.md'), '---\r\nid: "item-2"\r\ntitle: Two\r\n---\r\nbody\r\n');
	const found = await scanFeedFolder(folder);
	t.deepEqual([...found.keys()].sort(), ['item-1', 'item-2']);
	t.is(parseArticle(facts, encode('---\nid: "item-1"\n---   \nbody\n')).meta.id, 'item-1');
	const fetched = withFullText('---\nid: x\n---   \nSummary\n', 'Whole story', '2026-01-01T00:00:00Z');
	t.true(fetched.ok && fetched.value.startsWith('---\nid: x\nfetched: 2026-01-01T00:00:00Z\n---\nSummary'));
});

test('the header is found with indexOf, never a backtracking pattern: many near-miss closing lines stay linear', t => {
	const text = `---\n${'---x\n'.repeat(200_000)}`;
	const {value, ms} = timed(() => locateFrontMatter(text));
	t.is(value, undefined);
	t.true(ms < 2000, `${Math.round(ms)} ms`);
});
