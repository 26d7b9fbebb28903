// Issue 18: the start-up comparison of the disk with the rows the reader painted from its index, in this thread and in
// the scan worker; a folder the index did not know is watched from then on; the index's change log; the scan worker
// ends when idle, so watching costs no thread.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {LibraryWatcher, type WatcherEvent} from '../../source/adapters/library-watcher.js';
import {closeScanWorker, LibraryScanner, runScanJob, type ScanJob, type ScanResult} from '../../source/adapters/library-scan.js';
import {appendLibraryCacheChanges, libraryCacheChangesBytes, loadLibrary, readLibraryCache} from '../../source/adapters/library.js';
import {packFiles, packFilesInSlices, unpackFiles, WorkerJobs} from '../../source/adapters/worker-job.js';
import type {ArticleMeta} from '../../source/core/types.js';
import type {SafeText} from '../../source/core/text/neutralise.js';
import {tempDir} from '../helpers/terminal.js';
import {until} from '../helpers/until.js';

const article = (title: string) => `---\ntitle: ${title}\ndate: 2026-01-01\n---\n\nBody of ${title}.\n`;

/** A library as the reader last saw it (its index written), then changed while the reader was not running. */
async function changedLibrary() {
	const root = tempDir();
	const cacheDir = tempDir();
	fs.mkdirSync(path.join(root, 'news'));
	fs.writeFileSync(path.join(root, 'news', 'kept.md'), article('Kept'));
	fs.writeFileSync(path.join(root, 'news', 'edited.md'), article('Before'));
	fs.writeFileSync(path.join(root, 'news', 'deleted.md'), article('Deleted'));
	const known = await loadLibrary(root, {cacheDir});
	// Later mtimes than the index has, whatever the file system's resolution.
	const later = new Date(Date.now() + 5000);
	fs.writeFileSync(path.join(root, 'news', 'edited.md'), article('After, and longer'));
	fs.utimesSync(path.join(root, 'news', 'edited.md'), later, later);
	fs.rmSync(path.join(root, 'news', 'deleted.md'));
	fs.writeFileSync(path.join(root, 'news', 'added.md'), article('Added'));
	fs.mkdirSync(path.join(root, 'new-source'));
	fs.writeFileSync(path.join(root, 'new-source', 'first.txt'), 'First\n\nA plain text article.\n');
	return {root, cacheDir, known};
}

const titles = (result: {upserts: ReadonlyArray<{path: string; title: string}>}) => Object.fromEntries(result.upserts.map(meta => [meta.path, String(meta.title)]));

for (const place of ['thread', 'worker'] as const) {
	test(`the start-up comparison (in the ${place}) gives what changed while the reader was closed, nothing else`, async t => {
		const {root, known} = await changedLibrary();
		const events: WatcherEvent[] = [];
		const watcher = new LibraryWatcher(root, event => events.push(event), new LibraryScanner(root, place));
		t.teardown(() => watcher.close());
		const changes = await watcher.start({known});
		t.deepEqual(titles(changes), {'news/edited.md': 'After, and longer', 'news/added.md': 'Added', 'new-source/first.txt': 'First'});
		t.deepEqual([...changes.added].sort(), ['new-source/first.txt', 'news/added.md']);
		t.deepEqual(changes.removed, ['news/deleted.md']);
		t.like(events.at(-1), {type: 'mode', mode: 'watching', files: 4});

		// The folder the index did not know is watched now: a file written into it arrives as a batch.
		fs.writeFileSync(path.join(root, 'new-source', 'second.md'), article('Second'));
		await until(() => events.some(event => event.type === 'changes' && event.changes.upserts.some(meta => meta.path === 'new-source/second.md')), 'the new folder\'s file');
		t.deepEqual(await watcher.rescan(), {upserts: [], removed: [], added: []});
	});
}

test('the whole load (no index, or a long change log) writes the index again and gives the differences from the painted rows', async t => {
	const {root, cacheDir, known} = await changedLibrary();
	const job: ScanJob = {type: 'load', root, cacheDir, known: packFiles(known)};
	const result: ScanResult = await runScanJob(job);
	t.deepEqual(titles(result.changes), {'news/edited.md': 'After, and longer', 'news/added.md': 'Added', 'new-source/first.txt': 'First'});
	t.deepEqual(result.changes.removed, ['news/deleted.md']);
	t.deepEqual(new Set(result.folders), new Set(['', 'news', 'new-source']));
	t.deepEqual(readLibraryCache(root, cacheDir)?.map(meta => meta.path).sort(), ['new-source/first.txt', 'news/added.md', 'news/edited.md', 'news/kept.md']);
});

test('the index\'s change log: appended changes are read back over the index, a line cut short is skipped, a whole load folds it in', async t => {
	const {root, cacheDir, known} = await changedLibrary();
	t.is(libraryCacheChangesBytes(root, cacheDir), 0);
	const {changes} = await runScanJob({type: 'compare', root, known: packFiles(known)});
	appendLibraryCacheChanges(root, cacheDir, changes);
	const log = fs.readdirSync(cacheDir).find(name => name.endsWith('.changes.jsonl'))!;
	t.truthy(log);
	// A crash in the middle of a write leaves a line cut short: it is skipped, the lines before it count.
	fs.appendFileSync(path.join(cacheDir, log), '{"upserts":[{"path":"news/ghost.md","id":"gh');
	const read = readLibraryCache(root, cacheDir)!;
	t.deepEqual(Object.fromEntries(read.map(meta => [meta.path, String(meta.title)])), {
		'news/kept.md': 'Kept', 'news/edited.md': 'After, and longer', 'news/added.md': 'Added', 'new-source/first.txt': 'First',
	});
	// The comparison against what the log says finds nothing more.
	t.deepEqual((await runScanJob({type: 'compare', root, known: packFiles(read)})).changes, {upserts: [], removed: [], added: []});
	await loadLibrary(root, {cacheDir});
	t.is(libraryCacheChangesBytes(root, cacheDir), 0, 'the whole load wrote the index and removed the log');
	t.is(readLibraryCache(root, cacheDir)?.length, 4);
});

test('a whole load against its index: unchanged rows come from the index row by row, every change is read, the index is written only when something changed', async t => {
	const {root, cacheDir, known} = await changedLibrary();
	const index = path.join(cacheDir, fs.readdirSync(cacheDir).find(name => name.endsWith('.json'))!);
	const byPath = (metas: ReadonlyArray<{path: string; title: string}>) => Object.fromEntries(metas.map(meta => [meta.path, String(meta.title)]));
	t.deepEqual(byPath(known), {'news/kept.md': 'Kept', 'news/edited.md': 'Before', 'news/deleted.md': 'Deleted'});
	// Renamed, edited, removed and added files move rows: the rows after the first difference are found by path.
	const loaded = await loadLibrary(root, {cacheDir});
	t.deepEqual(byPath(loaded), {'news/kept.md': 'Kept', 'news/edited.md': 'After, and longer', 'news/added.md': 'Added', 'new-source/first.txt': 'First'});
	t.deepEqual(byPath(readLibraryCache(root, cacheDir)!), byPath(loaded));
	// Nothing changed since: the same rows in the same order, and the index is not written again.
	const written = fs.statSync(index, {bigint: true});
	const again = await loadLibrary(root, {cacheDir});
	t.deepEqual(again.map(meta => meta.path), loaded.map(meta => meta.path));
	t.deepEqual(byPath(again), byPath(loaded));
	const after = fs.statSync(index, {bigint: true});
	t.is(after.ino, written.ino);
	t.is(after.mtimeNs, written.mtimeNs);
	// An index whose rows are in another order (written by an older Tidings, or a file system that lists differently)
	// is still matched by path.
	const [header, ...rows] = fs.readFileSync(index, 'utf8').split('\n').filter(line => line !== '');
	fs.writeFileSync(index, [header, ...rows.reverse(), ''].join('\n'));
	const reordered = await loadLibrary(root, {cacheDir});
	t.deepEqual(byPath(reordered), byPath(loaded));
	t.deepEqual(reordered.map(meta => meta.path), loaded.map(meta => meta.path));
});

test('the index (version 4) writes a url equal to the id and an empty tag list as null; read back, the rows are whole again, and a version 3 index is still read', async t => {
	const root = tempDir();
	const cacheDir = tempDir();
	fs.mkdirSync(path.join(root, 'news'));
	fs.writeFileSync(path.join(root, 'news', 'plain.md'), article('Plain'));
	fs.writeFileSync(path.join(root, 'news', 'linked.md'), '---\ntitle: Linked\nurl: https://example.org/linked\ntags: [harbour, tides]\n---\n\nBody.\n');
	const loaded = await loadLibrary(root, {cacheDir});
	const index = path.join(cacheDir, fs.readdirSync(cacheDir).find(name => name.endsWith('.json'))!);
	const [headerLine, ...rowLines] = fs.readFileSync(index, 'utf8').split('\n').filter(line => line !== '');
	const written = {...JSON.parse(headerLine!) as {version: number; root: string}, entries: rowLines.map(line => JSON.parse(line) as Record<string, unknown>)};
	t.is(written.version, 4);
	t.is(rowLines.length, 2, 'a line per row after the header');
	const plain = written.entries.find(entry => entry['path'] === 'news/plain.md')!;
	const linked = written.entries.find(entry => entry['path'] === 'news/linked.md')!;
	t.is(plain['tags'], null);
	t.deepEqual(linked['tags'], ['harbour', 'tides']);
	t.is(linked['url'] === null, loaded.find(meta => meta.path === 'news/linked.md')!.url === linked['id']);
	const read = readLibraryCache(root, cacheDir)!;
	// As JSON (a key holding undefined is no key).
	const byPath = (metas: readonly ArticleMeta[]) => JSON.parse(JSON.stringify(Object.fromEntries(metas.map(meta => [meta.path, meta])))) as unknown;
	t.deepEqual(byPath(read), byPath(loaded));
	const plainRow = read.find(meta => meta.path === 'news/plain.md')!;
	t.true(plainRow.tags.length === 0 && Array.isArray(plainRow.tags));
	t.true(read.every(meta => meta.url === undefined || typeof meta.url === 'string'));
	// Version 3 wrote every value out: still read, the same rows.
	fs.writeFileSync(index, JSON.stringify({version: 3, root: written.root, entries: loaded}));
	t.deepEqual(byPath(readLibraryCache(root, cacheDir)!), byPath(loaded));
	fs.writeFileSync(index, JSON.stringify({version: 2, root: written.root, entries: loaded}));
	t.is(readLibraryCache(root, cacheDir), undefined, 'an older format is not read');
	// Damaged: a line cut short, a line that is not a row, another root. Each makes the index stale (a whole load).
	const whole = [headerLine, ...rowLines, ''].join('\n');
	for (const damaged of [whole.slice(0, -20), [headerLine, '[1,2]', ...rowLines, ''].join('\n'), whole.replace(JSON.stringify(written.root), JSON.stringify('/elsewhere')), '']) {
		fs.writeFileSync(index, damaged);
		t.is(readLibraryCache(root, cacheDir), undefined);
	}

	// Rows that fill many pieces of 64 KB, with characters of several bytes across their edges.
	const many = Array.from({length: 3000}, (_, at) => ({...loaded[0]!, path: `news/${at}-é€😀.md`, id: `id-${at}`, title: `Tïtle ${'ü'.repeat(at % 50)} ${at}` as SafeText}));
	fs.writeFileSync(index, [headerLine, ...many.map(meta => JSON.stringify(meta)), ''].join('\n'));
	t.deepEqual(readLibraryCache(root, cacheDir)!.map(meta => String(meta.title)), many.map(meta => String(meta.title)));
});

test('no change log is started without an index to apply it to', t => {
	const root = tempDir();
	const cacheDir = tempDir();
	appendLibraryCacheChanges(root, cacheDir, {upserts: [], removed: ['a.md']});
	t.deepEqual(fs.readdirSync(cacheDir), []);
});

test('a worker with nothing to do ends (its memory goes back) and the next job starts one again', async t => {
	const root = tempDir();
	fs.writeFileSync(path.join(root, 'one.md'), article('One'));
	const jobs = new WorkerJobs<ScanJob, unknown, ScanResult>(() => new URL('../../source/adapters/library-scan-entry.ts', import.meta.url), {idleMs: 200});
	t.teardown(async () => jobs.close());
	const first = await jobs.run({type: 'compare', root, known: packFiles([])});
	t.deepEqual(first.changes.added, ['one.md']);
	t.true(jobs.running);
	await until(() => !jobs.running, 'the idle worker to end');
	const second = await jobs.run({type: 'read', root, relatives: ['one.md']});
	t.is(String(second.changes.upserts[0]?.title), 'One');
	// A worker ending (idle, or closed) while the next job has already started another must not fail that job.
	const closing = jobs.close();
	const third = jobs.run({type: 'read', root, relatives: ['one.md']});
	await closing;
	t.is(String((await third).changes.upserts[0]?.title), 'One');
});

test('from the worker, many rows come back in several messages and every one arrives once', async t => {
	const root = tempDir();
	fs.mkdirSync(path.join(root, 'feed'));
	for (let index = 0; index < 2500; index++) {
		fs.writeFileSync(path.join(root, 'feed', `${index}.md`), article(`Item ${index}`));
	}

	const result = await new LibraryScanner(root, 'worker').compare([]);
	t.is(result.changes.upserts.length, 2500);
	t.is(new Set(result.changes.upserts.map(meta => meta.path)).size, 2500);
	t.is(String(result.changes.upserts.find(meta => meta.path === 'feed/2499.md')?.title), 'Item 2499');
	t.is(result.changes.added.length, 2500);
	// In this thread the same job gives the same rows.
	const here = await new LibraryScanner(root, 'thread').compare([]);
	t.deepEqual(new Set(here.changes.upserts.map(meta => meta.path)), new Set(result.changes.upserts.map(meta => meta.path)));
});

test('r while the start-up comparison runs waits for it, and finds nothing it already told', async t => {
	const {root, known} = await changedLibrary();
	const watcher = new LibraryWatcher(root, () => undefined, new LibraryScanner(root, 'worker'));
	t.teardown(() => watcher.close());
	const starting = watcher.start({known});
	const rescanning = watcher.rescan();
	const [changes, again] = await Promise.all([starting, rescanning]);
	t.is(changes.upserts.length, 3);
	t.deepEqual(again, {upserts: [], removed: [], added: []});
});

test('files packed in slices for a worker come back whole and in order, empty or past a slice', async t => {
	for (const count of [0, 1, 8191, 8192, 8193, 20_000]) {
		const files = Array.from({length: count}, (_, index) => ({path: `s-${index % 7}/${index}.md`, size: index * 3, mtimeMs: 1_700_000_000_000 + index}));
		const packed = await packFilesInSlices(files);
		t.deepEqual(unpackFiles(packed), files, `${count} files`);
		t.deepEqual(unpackFiles(packFiles(files)), files);
	}
});

test('the comparison finds the same changes whatever the order of the rows it is given: the index\'s, reversed, shuffled', async t => {
	const root = tempDir();
	for (const source of ['a', 'b', 'c']) {
		fs.mkdirSync(path.join(root, source));
		for (let index = 0; index < 40; index++) {
			fs.writeFileSync(path.join(root, source, `${index}.md`), article(`${source} ${index}`));
		}
	}

	const known = await loadLibrary(root);
	fs.rmSync(path.join(root, 'b', '7.md'));
	fs.rmSync(path.join(root, 'b', '8.md'));
	fs.writeFileSync(path.join(root, 'b', 'new.md'), article('New'));
	fs.writeFileSync(path.join(root, 'c', '3.md'), article('c 3, edited and longer'));
	const later = new Date(Date.now() + 5000);
	fs.utimesSync(path.join(root, 'c', '3.md'), later, later);
	const shuffled = known.map((meta, index) => ({meta, key: (index * 7919) % known.length})).sort((a, b) => a.key - b.key).map(({meta}) => meta);
	for (const [order, rows] of [['index', known], ['reversed', [...known].reverse()], ['shuffled', shuffled]] as const) {
		const {changes} = await new LibraryScanner(root, 'thread').compare(rows);
		t.deepEqual([...changes.removed].sort(), ['b/7.md', 'b/8.md'], order);
		t.deepEqual(changes.added, ['b/new.md'], order);
		t.deepEqual(changes.upserts.map(meta => meta.path).sort(), ['b/new.md', 'c/3.md'], order);
	}
});

test('the comparison: a file added in the middle and one removed are told, the rest is unchanged; a path the reader listed twice is not removed', async t => {
	const root = tempDir();
	fs.mkdirSync(path.join(root, 'news'));
	for (let index = 0; index < 50; index++) {
		fs.writeFileSync(path.join(root, 'news', `${index}.md`), article(`Article ${index}`));
	}

	const known = await loadLibrary(root);
	fs.rmSync(path.join(root, 'news', '20.md'));
	fs.writeFileSync(path.join(root, 'news', 'new.md'), article('New'));
	const twice = [...known, known[3]!];
	const result = await runScanJob({type: 'compare', root, known: packFiles(twice)});
	t.deepEqual(result.changes.removed, ['news/20.md']);
	t.deepEqual(result.changes.added, ['news/new.md']);
	t.deepEqual(result.changes.upserts.map(meta => meta.title), ['New']);
});

test.serial('the first reading of a small library runs in the reader\'s thread (no worker to start), a large one in the worker', async t => {
	const small = tempDir();
	fs.writeFileSync(path.join(small, 'one.md'), article('One'));
	await closeScanWorker();
	const first = await new LibraryScanner(small).load(tempDir(), []);
	t.deepEqual(first.changes.added, ['one.md']);
	t.false(LibraryScanner.workerRunning, 'no worker for one article');
	const large = tempDir();
	for (let folder = 0; folder < 3; folder++) {
		fs.mkdirSync(path.join(large, `f${folder}`));
		for (let index = 0; index < 1700; index++) {
			fs.writeFileSync(path.join(large, `f${folder}`, `${index}.txt`), `Item ${index}\n`);
		}
	}

	const many = await new LibraryScanner(large).load(tempDir(), []);
	t.is(many.changes.added.length, 5100);
	t.true(LibraryScanner.workerRunning, 'the worker read 5,100 files');
	await closeScanWorker();
});
