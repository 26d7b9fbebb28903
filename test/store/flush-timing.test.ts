// Issue 14: a read mark's flush (the whole file rewritten on the reader's thread) waits for a pause in the reader's
// frames, and never longer than its bound; exit and `flush: 'now'` still write at once.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {setTimeout as sleep} from 'node:timers/promises';
import test from 'ava';
import {readStoreFile, StateStore} from '../../source/adapters/state-store.js';
import {recordChange} from '../../source/core/journal.js';

const temporary = () => fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-flush-timing-'));
const written = (directory: string): string[] => {
	const found = readStoreFile(path.join(directory, 'state.json'));
	return found.kind === 'ok' ? [...(found.file.read ?? [])] : [];
};

const markSoon = (store: StateStore, id: string) => {
	store.change(state => {
		recordChange(state, {kind: 'read', ids: [id], after: true});
	});
};

/**
Calls `postpone` every 20 ms (a reader drawing frames) until `until` says stop or `limitMs` passed; returns how long it
ran, when it last called `postpone`, and the longest gap between two calls (a loaded machine may hold a 20 ms timer
back for longer than the pause a flush waits for: that gap is a pause, and the flush may come in it).
*/
async function moving(store: StateStore, until: () => boolean, limitMs: number): Promise<{ran: number; last: number; longestGap: number}> {
	const started = performance.now();
	let last = started;
	let longestGap = 0;
	while (!until() && performance.now() - started < limitMs) {
		store.postpone();
		const now = performance.now();
		longestGap = Math.max(longestGap, now - last);
		last = now;
		await sleep(20);
	}

	// The stretch after the last call counts too: a flush may come in it before this returns.
	const ended = performance.now();
	return {ran: ended - started, last, longestGap: Math.max(longestGap, ended - last)};
}

test('a flush waits while frames keep coming, and comes once they pause', async t => {
	const directory = temporary();
	const {store} = StateStore.open(directory);
	store.setFlushTiming({quietMs: 150, maxWaitMs: 60_000});
	markSoon(store, 'a');
	// Frames for 600 ms: four quiet periods long, so without the wait the flush would have come meanwhile.
	const {last, longestGap} = await moving(store, () => false, 600);
	if (longestGap < 150) {
		t.deepEqual(written(directory), [], 'not written while the reader kept moving');
	} else {
		t.log(`a ${Math.round(longestGap)} ms gap between frames (a loaded machine): a pause, the flush may have come`);
	}

	while (written(directory).length === 0 && performance.now() - last < 10_000) {
		await sleep(5);
	}

	t.deepEqual(written(directory), ['a'], 'written once the frames paused');
	t.true(longestGap >= 150 || performance.now() - last >= 150 - 1, 'no sooner than the pause after the last frame');
	store.flush();
});

test('frames that never pause hold a flush no longer than its bound', async t => {
	const directory = temporary();
	const {store} = StateStore.open(directory);
	store.setFlushTiming({quietMs: 150, maxWaitMs: 500});
	markSoon(store, 'b');
	const {ran, longestGap} = await moving(store, () => written(directory).length > 0, 15_000);
	t.deepEqual(written(directory), ['b'], 'written while the frames went on');
	t.true(ran >= 500 - 1 || longestGap >= 150, `not before its bound (${Math.round(ran)} ms) unless the frames paused (longest gap ${Math.round(longestGap)} ms)`);
});

test('a flush asked for now, or at exit, does not wait for a pause', t => {
	const directory = temporary();
	const {store} = StateStore.open(directory);
	store.postpone();
	markSoon(store, 'c');
	store.postpone();
	store.flush();
	t.deepEqual(written(directory), ['c']);
	store.change(state => {
		recordChange(state, {kind: 'read', ids: ['d'], after: true});
	}, {flush: 'now'});
	t.deepEqual(written(directory).sort(), ['c', 'd']);
});

test('refresh leaves a pending change to its flush when nobody else wrote the file, and merges when somebody did', t => {
	const directory = temporary();
	const {store} = StateStore.open(directory);
	store.setFlushTiming({quietMs: 60_000, maxWaitMs: 60_000});
	store.change(state => {
		recordChange(state, {kind: 'read', ids: ['first'], after: true});
	}, {flush: 'now'});
	markSoon(store, 'mine');
	store.refresh();
	t.deepEqual(written(directory), ['first'], 'the pending mark is not written by a refresh');
	t.true(store.state.read.has('mine'));
	// Another process marks something: the next refresh writes ours and takes theirs in.
	const other = StateStore.open(directory).store;
	other.change(state => {
		recordChange(state, {kind: 'read', ids: ['theirs'], after: true});
	}, {flush: 'now'});
	store.refresh();
	t.deepEqual(written(directory).sort(), ['first', 'mine', 'theirs']);
	t.deepEqual([...store.state.read].sort(), ['first', 'mine', 'theirs']);
});
