/**
Issue 15, "Memory and files": size limits are enforced while reading (never only from `stat()`), only regular files are
read and a skipped file says why, names that are not UTF-8 are listed, UTF-16 with a byte order mark is decoded.
Real files in a temp folder.
*/
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {loadArticle, readArticleFileSync, readMetaSync, scanLibrary, SkippedFileError} from '../../source/adapters/library.js';
import type {FileFacts} from '../../source/core/article/parse-article.js';

const tempLibrary = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-files-'));

const factsOf = (root: string, relative: string): FileFacts => {
	const stat = fs.statSync(path.join(root, relative));
	return {path: relative, size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs)};
};

const onLinux = process.platform === 'linux' ? test : test.skip;

onLinux('a symlink into /proc (stat says 0 bytes) is refused by read, list and search, with the reason', async t => {
	const root = tempLibrary();
	// /proc/self/status has content but reports size 0, like /proc/self/pagemap, which reads until memory runs out.
	fs.symlinkSync('/proc/self/status', path.join(root, 'status.md'));
	fs.symlinkSync('/proc/self/pagemap', path.join(root, 'pagemap.md'));
	fs.writeFileSync(path.join(root, 'real.md'), '# Real\n\nText.\n');
	const files = await scanLibrary(root);
	t.deepEqual(files.map(file => file.path).sort(), ['pagemap.md', 'real.md', 'status.md']);
	for (const name of ['status.md', 'pagemap.md']) {
		const facts = files.find(file => file.path === name)!;
		const started = performance.now();
		const article = await loadArticle(root, facts);
		t.regex(article.meta.error ?? '', /system file \/proc\/.*skipped/u, name);
		t.regex(readMetaSync(root, facts).error ?? '', /system file/u, name);
		t.throws(() => readArticleFileSync(path.join(root, name)), {instanceOf: SkippedFileError});
		t.true(performance.now() - started < 2000, name);
	}

	t.is((await loadArticle(root, files.find(file => file.path === 'real.md')!)).meta.error, undefined);
});

test('the size limit holds while reading, whatever stat() said', t => {
	const root = tempLibrary();
	const file = path.join(root, 'big.md');
	fs.writeFileSync(file, 'x'.repeat(300_000));
	t.is(readArticleFileSync(file, 300_000).length, 300_000);
	const error = t.throws(() => readArticleFileSync(file, 299_999), {instanceOf: SkippedFileError});
	t.regex(error.message, /too large to open/u);
});

onLinux('a FIFO swapped in for an article is refused at once, not waited on', async t => {
	const root = tempLibrary();
	fs.writeFileSync(path.join(root, 'pipe.md'), '# Was a file\n');
	const facts = factsOf(root, 'pipe.md');
	fs.rmSync(path.join(root, 'pipe.md'));
	const {execFileSync} = await import('node:child_process');
	execFileSync('mkfifo', [path.join(root, 'pipe.md')]);
	const article = await loadArticle(root, facts);
	t.regex(article.meta.error ?? '', /not a regular file/u);
	t.regex(readMetaSync(root, facts).error ?? '', /not a regular file/u);
});

onLinux('a file name that is not UTF-8 is listed (its bad bytes shown as \\xNN) and opens', async t => {
	const root = tempLibrary();
	const name = Buffer.concat([Buffer.from('caf'), Buffer.from([0xE9]), Buffer.from('.md')]);
	fs.writeFileSync(Buffer.concat([Buffer.from(root + path.sep), name]), '# Latin-1 name\n\nBody.\n');
	fs.mkdirSync(Buffer.concat([Buffer.from(root + path.sep), Buffer.from([0xFF]), Buffer.from('dir')]));
	fs.writeFileSync(Buffer.concat([Buffer.from(root + path.sep), Buffer.from([0xFF]), Buffer.from('dir/inner.md')]), '# Inner\n');
	const files = await scanLibrary(root);
	t.deepEqual(files.map(file => file.path).sort(), ['\\xFFdir/inner.md', 'caf\\xE9.md']);
	const article = await loadArticle(root, files.find(file => file.path === 'caf\\xE9.md')!);
	t.is(article.meta.error, undefined);
	t.is(article.meta.title as string, 'Latin-1 name');
	t.is(readMetaSync(root, files.find(file => file.path === '\\xFFdir/inner.md')!).title as string, 'Inner');
});

test('UTF-16 with a byte order mark is read as text, in the list and in the reader', async t => {
	const root = tempLibrary();
	const text = '---\ntitle: Wide title é\n---\n\nBody in UTF-16 ✓\n';
	const little = Buffer.concat([Buffer.from([0xFF, 0xFE]), Buffer.from(text, 'utf16le')]);
	const big = Buffer.from(little);
	big.swap16();
	fs.writeFileSync(path.join(root, 'le.md'), little);
	fs.writeFileSync(path.join(root, 'be.md'), big);
	for (const name of ['le.md', 'be.md']) {
		const facts = factsOf(root, name);
		const meta = readMetaSync(root, facts);
		t.is(meta.error, undefined, name);
		t.is(meta.title as string, 'Wide title é', name);
		const article = await loadArticle(root, facts);
		t.true(article.body.includes('Body in UTF-16 ✓'), name);
	}
});
