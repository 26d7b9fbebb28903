import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {parseArticle} from '../../source/core/article/parse-article.js';
import {renderArticle} from '../../source/core/render/render-article.js';
import {stripSgr} from '../../source/core/text/styled-ranges.js';

// Text files Debian installs under /usr/share/doc (licences next to them in the fixture folder).
const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, '..', 'fixtures', 'real', 'text', name));
const parse = (name: string, bytes: Uint8Array, metaOnly = false) => parseArticle({path: `doc/${name}`, size: bytes.length, mtimeMs: 0}, bytes, {metaOnly});
const lines = (name: string, bytes: Uint8Array, width = 80) => renderArticle(parse(name, bytes), {width, color: false}).lines.map(line => stripSgr(line));

test('util-linux PAM-configuration.txt keeps its indentation and line structure', t => {
	const shown = lines('pam.txt', fixture('util-linux-PAM-configuration.txt'));
	t.true(shown.includes(' login(1):'), shown.join('\n'));
	t.true(shown.includes('    /etc/pam.d/remote - for -h command line option'));
	t.true(shown.includes('    /etc/pam.d/login  - regular login'), 'inner spacing too');
	// Wrapped at a narrow width, a long indented line continues under its indentation.
	const narrow = lines('pam.txt', fixture('util-linux-PAM-configuration.txt'), 30);
	const at = narrow.indexOf('    /etc/pam.d/remote - for -h');
	t.true(at > 0, narrow.join('\n'));
	t.true(narrow[at + 1]!.startsWith('    ') && narrow[at + 1]!.trim() !== '');
});

test('findutils TODO: an Emacs mode line is not the title, and * stays literal', t => {
	const bytes = fixture('findutils-TODO.txt');
	t.is(String(parse('TODO.txt', bytes).meta.title), 'Internationalization');
	t.is(String(parse('TODO.txt', bytes, true).meta.title), 'Internationalization', 'the list gives the same title');
	t.true(lines('TODO.txt', bytes).includes('** updatedb.sh should be internationalized'));
});

test('mount.txt: tabs become indentation, and a rule under a title is not a title', t => {
	const shown = lines('mount.txt', fixture('util-linux-mount.txt'), 100);
	t.true(shown.includes('== Notes to developers =='));
	t.true(shown.some(line => line.startsWith('        The final solution will be libmount/mount.c')));
	const ruled = new TextEncoder().encode('==========\nHarbour notes\n=============\n\nText.\n');
	t.is(String(parse('ruled.txt', ruled).meta.title), 'Harbour notes');
	t.deepEqual(lines('ruled.txt', ruled), ['Text.']);
});

test('no backslash escape leaks into plain text or its links', t => {
	const bytes = new TextEncoder().encode('Notes\n\nSee [bracket] and a_b *c* at https://example.com/a_b/[x]/~y?q=a*b today.\n');
	const rendered = renderArticle(parse('links.txt', bytes), {width: 100, color: false});
	const text = rendered.lines.map(line => stripSgr(line));
	t.is(text[0], 'See [bracket] and a_b *c* at https://example.com/a_b/[x]/~y?q=a*b[1] today.');
	t.is(String(rendered.links[0]!.url), 'https://example.com/a_b/[x]/~y?q=a*b');
	t.false(text.join('\n').includes('\\'));
});
