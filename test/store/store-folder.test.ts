/**
Issue 15, "The store and its folder", "Marks lost": each case on a real store in a temp folder, and real processes
for the stalled writer and for concurrent marks and undos.
*/
import {spawn} from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import test from 'ava';
import envPaths from 'env-paths';
import {configDirectory, readStoreFile, StateStore} from '../../source/adapters/state-store.js';
import {writeFileAtomicSync} from '../../source/adapters/atomic-file.js';
import {recordChange} from '../../source/core/journal.js';

const child = fileURLToPath(new URL('../helpers/store-child.ts', import.meta.url));
const temporary = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-folder-'));
const storeFile = (directory: string) => path.join(directory, 'state.json');
const readIds = (directory: string): string[] => {
	const found = readStoreFile(storeFile(directory));
	return found.kind === 'ok' ? [...(found.file.read ?? [])].sort() : [];
};

const mark = (store: StateStore, ...ids: string[]) => {
	store.change(state => {
		recordChange(state, {kind: 'read', ids, after: true});
	}, {flush: 'now'});
};

test('a shared folder (mode 1777) keeps its mode; the store file in it is 0600', t => {
	const shared = temporary();
	fs.chmodSync(shared, 0o1777);
	const {store} = StateStore.open(shared);
	mark(store, 'a');
	t.is(fs.statSync(shared).mode & 0o7777, 0o1777);
	t.is(fs.statSync(storeFile(shared)).mode & 0o777, 0o600);
});

test('an empty TIDINGS_CONFIG_DIR means the default folder, not the current one', t => {
	const fallback = envPaths('tidings', {suffix: ''}).config;
	t.is(configDirectory({TIDINGS_CONFIG_DIR: ''}), fallback);
	t.is(configDirectory({TIDINGS_CONFIG_DIR: '  '}), fallback);
	t.is(configDirectory({}), fallback);
	t.is(configDirectory({TIDINGS_CONFIG_DIR: '/x/y'}), '/x/y');
});

test('a symlinked state.json is read, then replaced by a file of our own: its target keeps its content and mode', t => {
	const directory = temporary();
	const elsewhere = path.join(temporary(), 'dotfiles-state.json');
	const original = JSON.stringify({version: 1, read: ['kept']});
	fs.writeFileSync(elsewhere, original, {mode: 0o644});
	fs.chmodSync(elsewhere, 0o644);
	fs.symlinkSync(elsewhere, storeFile(directory));
	const {store} = StateStore.open(directory);
	t.true(store.isRead('kept'));
	mark(store, 'new');
	t.is(fs.readFileSync(elsewhere, 'utf8'), original);
	t.is(fs.statSync(elsewhere).mode & 0o777, 0o644);
	t.false(fs.lstatSync(storeFile(directory)).isSymbolicLink());
	t.deepEqual(readIds(directory), ['kept', 'new']);
});

test('a lock with a timestamp in the future (the clock was set back) does not block the store', t => {
	const directory = temporary();
	const {store} = StateStore.open(directory);
	const lock = `${storeFile(directory)}.lock`;
	fs.mkdirSync(lock);
	const future = new Date(Date.now() + 3_600_000);
	fs.utimesSync(lock, future, future);
	const started = performance.now();
	mark(store, 'a');
	t.true(performance.now() - started < 2000);
	t.deepEqual(readIds(directory), ['a']);
	t.true(StateStore.open(directory).store.isRead('a'));
});

test('a store that is a folder, or a config folder that cannot exist, still opens: marks work in memory and a notice says they are not kept', t => {
	const directory = temporary();
	fs.mkdirSync(storeFile(directory));
	const {store, notices} = StateStore.open(directory);
	t.false(store.keeping);
	t.regex(notices.join('\n'), /not kept.*state\.json is a folder/u);
	t.deepEqual(store.notices(), notices);
	mark(store, 'a');
	t.true(store.isRead('a'));
	t.true(fs.statSync(storeFile(directory)).isDirectory());

	const file = path.join(temporary(), 'a-file');
	fs.writeFileSync(file, 'x');
	const under = StateStore.open(path.join(file, 'config'));
	t.false(under.store.keeping);
	t.regex(under.notices.join('\n'), /not kept/u);
});

test('a bad value in memory is left out of the written file (conf, checking the schema again, never refuses the write), never the marks', t => {
	const directory = path.join(temporary(), 'config');
	const {store} = StateStore.open(directory);
	store.change(state => {
		state.read.add('world/a');
		state.settings.width = 9999;
		(state.settings as Record<string, unknown>)['sort'] = 'sideways';
		state.positions.set('world/a', 12);
		state.positions.set('world/b', -3);
	}, {flush: 'now'});
	const found = readStoreFile(store.path);
	t.is(found.kind, 'ok');
	if (found.kind === 'ok') {
		t.deepEqual(found.file.read, ['world/a']);
		t.deepEqual(found.file.positions, {'world/a': 12});
		t.not(found.file.settings?.width, 9999);
		t.not(found.file.settings?.sort, 'sideways');
	}

	// The file as written reads back whole, with nothing to salvage.
	const raw = JSON.parse(fs.readFileSync(store.path, 'utf8')) as Record<string, unknown>;
	t.is(raw['version'], 1);
	t.true(StateStore.open(directory).store.isRead('world/a'));
	t.deepEqual(StateStore.open(directory).notices, []);
});

test('a write that fails leaves no temporary file behind, and the old file as it was', t => {
	const directory = temporary();
	const target = path.join(directory, 'x.json');
	fs.writeFileSync(target, 'old');
	t.throws(() => {
		writeFileAtomicSync(target, 'new', {beforeRename() {
			throw new Error('no space left on device');
		}});
	});
	t.deepEqual(fs.readdirSync(directory), ['x.json']);
	t.is(fs.readFileSync(target, 'utf8'), 'old');

	// The store: its file replaced by a folder with something in it, so the rename fails.
	const {store} = StateStore.open(directory);
	mark(store, 'a');
	fs.rmSync(storeFile(directory));
	fs.mkdirSync(path.join(storeFile(directory), 'inside'), {recursive: true});
	t.throws(() => {
		mark(store, 'b');
	});
	t.deepEqual(fs.readdirSync(directory).filter(name => name.includes('.tmp-')), []);
});

type Child = {lines: string[]; pid: number; exited: Promise<number | null>; waitFor(count: number): Promise<void>};

function start(...arguments_: string[]): Child {
	const process_ = spawn(process.execPath, ['--import=tsx', child, ...arguments_], {stdio: ['ignore', 'pipe', 'pipe']});
	const lines: string[] = [];
	let buffered = '';
	let waiting: Array<{count: number; resolve: () => void}> = [];
	process_.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		buffered += chunk;
		const parts = buffered.split('\n');
		buffered = parts.pop()!;
		lines.push(...parts);
		waiting = waiting.filter(waiter => {
			if (lines.length >= waiter.count) {
				waiter.resolve();
				return false;
			}

			return true;
		});
	});
	process_.stderr.resume();
	const exited = new Promise<number | null>(resolve => {
		process_.on('close', resolve);
	});
	return {
		lines,
		pid: process_.pid!,
		exited,
		waitFor: async count => new Promise(resolve => {
			if (lines.length >= count) {
				resolve();
			} else {
				waiting.push({count, resolve});
			}
		}),
	};
}

function lockOwner(lock: string): string {
	try {
		return fs.readFileSync(path.join(lock, 'owner'), 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return '';
		}

		throw error;
	}
}

const sleep = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

test('a writer stopped while it holds the lock (Ctrl-Z) loses no acknowledged mark, its own or another process\'s', async t => {
	const directory = temporary();
	// A large store: each write takes long enough that a stop lands inside the lock.
	fs.writeFileSync(storeFile(directory), JSON.stringify({version: 1, read: Array.from({length: 150_000}, (_, index) => `https://example.com/articles/${index}`)}));
	const lock = `${storeFile(directory)}.lock`;
	const writer = start('loop', directory, 'w');
	await writer.waitFor(2);
	// Stop it while it holds the lock.
	let stoppedInLock = false;
	for (let attempt = 0; attempt < 200 && !stoppedInLock; attempt++) {
		process.kill(writer.pid, 'SIGSTOP');
		await sleep(20);
		// The writer may be stopped between making the lock folder and writing its owner file: not held yet.
		stoppedInLock = lockOwner(lock).startsWith(`${writer.pid}@`);
		if (!stoppedInLock) {
			process.kill(writer.pid, 'SIGCONT');
			await sleep(5 + (attempt % 7) * 3);
		}
	}

	t.true(stoppedInLock, 'the writer was stopped while holding the lock');
	const acknowledgedBefore = writer.lines.length;
	// Past the stale time, another process takes the lock over and marks.
	await sleep(5500);
	const {store} = StateStore.open(directory);
	mark(store, 'other-1');
	mark(store, 'other-2');
	process.kill(writer.pid, 'SIGCONT');
	await writer.waitFor(acknowledgedBefore + 3);
	process.kill(writer.pid, 'SIGKILL');
	await writer.exited;
	const onDisk = new Set(readIds(directory));
	t.true(onDisk.has('other-1') && onDisk.has('other-2'), 'the other process\'s marks survive the stalled writer');
	const acknowledged = writer.lines.map(line => line.replace(/^flushed /u, ''));
	t.deepEqual(acknowledged.filter(id => !onDisk.has(id)), [], 'every mark the stalled writer acknowledged is on disk');
});

test('undo takes back the change this store shows, not one another process recorded after it', t => {
	const directory = temporary();
	const reader = StateStore.open(directory).store;
	mark(reader, 'shown');
	const other = StateStore.open(directory).store;
	mark(other, 'b1', 'b2', 'b3');
	const step = reader.undo();
	t.is(step.kind, 'done');
	t.deepEqual(step.kind === 'done' ? step.entry.ids : [], ['shown']);
	t.deepEqual(readIds(directory), ['b1', 'b2', 'b3']);
	// Redo puts back that change; the other process's undo then takes back its own (now last) change.
	t.is(reader.redo().kind, 'done');
	t.deepEqual(readIds(directory), ['b1', 'b2', 'b3', 'shown']);
	// The other process still shows b1–b3 as its last change, and takes back exactly that.
	const otherStep = other.undo();
	t.deepEqual(otherStep.kind === 'done' ? otherStep.entry.ids : [], ['b1', 'b2', 'b3']);
	t.deepEqual(readIds(directory), ['shown']);
	// A change undone elsewhere is reported, not undone twice.
	const third = StateStore.open(directory).store;
	t.is(third.undo().kind, 'done');
	t.is(reader.undo().kind, 'elsewhere');
});

test('many mark and undo processes at once end with exactly (marks acknowledged − undos acknowledged) marks', async t => {
	const directory = temporary();
	const marks = Array.from({length: 10}, (_, index) => start('mark-one', directory, `m${index}`));
	await sleep(300);
	const undos = Array.from({length: 4}, () => start('undo', directory));
	await Promise.all([...marks, ...undos].map(async running => running.exited));
	const marked = marks.filter(running => running.lines.some(line => line.startsWith('marked '))).length;
	const undone = undos.filter(running => running.lines.some(line => line.startsWith('undone '))).length;
	t.is(marked, 10);
	t.log(`${marked} marks, ${undone} undos acknowledged`);
	t.is(readIds(directory).length, marked - undone);
});

test('undo finds a change that was not written yet after another process wrote meanwhile (the same entry id in memory and on disk)', t => {
	const directory = temporary();
	const reader = StateStore.open(directory).store;
	mark(reader, 'x');
	reader.change(state => {
		recordChange(state, {kind: 'star', ids: ['x'], after: true});
	});
	const other = StateStore.open(directory).store;
	mark(other, 'y');
	const step = reader.undo();
	t.is(step.kind, 'done');
	t.is(step.kind === 'done' ? step.entry.kind : undefined, 'star');
	const found = readStoreFile(storeFile(directory));
	t.deepEqual(found.kind === 'ok' ? found.file.starred : undefined, []);
	t.deepEqual(readIds(directory), ['x', 'y']);
});

test('notices that quote a path are neutralised: a config folder named with ESC and BEL cannot write to the terminal', t => {
	const directory = path.join(temporary(), 'evil\u001B]0;x\u0007');
	fs.mkdirSync(directory);
	fs.writeFileSync(storeFile(directory), '{broken');
	const {store, notices} = StateStore.open(directory);
	t.is(notices.length, 1);
	t.false(/[\u0000-\u001F]/u.test(notices.join('')), JSON.stringify(notices));
	t.false(/[\u0000-\u001F]/u.test(store.notices().join('')));
});
