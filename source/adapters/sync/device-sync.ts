/**
The shared reading state's edge: reads `<library>/.tidings/devices/*.json`, merges them with the local store
(source/core/sync/merge.ts) and writes this device's own file, atomically (the one atomic writer). Synchronous, so
it can run from an exit handler after the last flush.

When: at the reader's start and on `r` (the `sync-merge` effect), after the store's flushes (debounced in the reader,
at once on the command line), on the reader's exit, and whenever the library watcher dispatches
`shared-state-changed`. With no other device in the library, a merge reads one small file and finds nothing to do.

The local store (state-store.ts) stays this device's own store and cache: the merge applies the other devices'
changes to it (not through the undo journal), and the reader shows the store. Its device id lives there too
(`syncDevice`), never in the library: a copied library must not make two machines one device.

Hostile files: every device file is size-checked before it is read, parsed by the bounded parser, and a bad one is
skipped with a one-line notice; the whole pass has a time budget, past which the rest waits for the next merge.
*/
import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import {StringDecoder} from 'node:string_decoder';
import path from 'node:path';
import {deviceIdPattern, formatHlc, parseHlc, tick, type Hlc} from '../../core/sync/hlc.js';
import {appendedHeader, appendedTail, DeviceFileReader, deviceFilePieces, maxDeviceFileBytes, NotAppendable, parseDeviceFile, tailSeparator, type DeviceFile} from '../../core/sync/device-file.js';
import {conflictOriginal} from '../../core/sync/conflict-names.js';
import {classifyDeviceFile, isTemporaryName, joinOf, mergeFolder, type DeviceSeen, type FolderFile, type Unmerged} from '../../core/sync/merge.js';
import {advanceBaseline, applyMarkPatch, baselineChanges, baselineOf, differences, isRecord, type Baseline, type Entry, type FeedRecord, type Patch, type SharedView} from '../../core/sync/shared-state.js';
import {neutraliseLine} from '../../core/text/neutralise.js';
import {removeLeftoverTemporaries, writeFileAtomicSync} from '../atomic-file.js';
import {lockFileSync} from '../file-lock.js';
import type {StateStore, StoreState} from '../state-store.js';
import {safeSlugPattern} from '../feeds/subscriptions.js';

export const devicesFolder = (libraryDir: string): string => path.join(libraryDir, '.tidings', 'devices');
const deviceKey = 'syncDevice';
const feedSettingsKey = 'feedSettings';
/** Past this, the files not read yet wait for the next merge. */
const defaultBudgetMs = 10_000;

/** This device's id: made once, kept in the local store. */
export function deviceIdOf(store: StateStore): string {
	const kept = store.state.extra[deviceKey];
	if (typeof kept === 'string' && deviceIdPattern.test(kept)) {
		return kept;
	}

	const made = randomBytes(8).toString('hex');
	store.change(state => {
		const current = state.extra[deviceKey];
		if (typeof current !== 'string' || !deviceIdPattern.test(current)) {
			state.extra[deviceKey] = made;
		}
	}, {flush: store.keeping ? 'now' : 'later'});
	return store.state.extra[deviceKey] as string;
}

/** The shared part of the local store, as the merge sees it (the Sets and Maps themselves: nothing is copied). */
export function sharedViewOf(state: Readonly<StoreState>): SharedView {
	const feeds = new Map<string, FeedRecord>();
	for (const entry of state.feeds) {
		const record: Record<string, string | boolean> = {};
		for (const [key, value] of Object.entries(entry)) {
			if (key !== 'url' && (typeof value === 'string' || typeof value === 'boolean')) {
				record[key] = value;
			}
		}

		feeds.set(entry.url, record);
	}

	const settings = state.extra[feedSettingsKey];
	const feedSettings = new Map<string, Readonly<Record<string, unknown>>>();
	if (isRecord(settings)) {
		for (const [url, value] of Object.entries(settings)) {
			if (isRecord(value)) {
				feedSettings.set(url, value);
			}
		}
	}

	return {
		read: state.read,
		starred: state.starred,
		positions: state.positions,
		feeds,
		feedSettings,
		views: new Map(state.views.map(view => [view.name, view.query])),
	};
}

/** A subscription field as the store's schema takes it (state-store.ts `storeSchema.feeds`). */
function validFeedField(field: string, value: string | boolean): boolean {
	if (field === 'url') {
		return false;
	}

	if (field === 'slug') {
		return typeof value === 'string' && value.length <= 100 && safeSlugPattern.test(value);
	}

	return field === 'idsNamespaced' ? typeof value === 'boolean' : typeof value === 'string';
}

/** Applies the merge's patches to a store state (inside a store mutator, so it also lands on what is on disk). */
export function applyToState(state: StoreState, patches: readonly Patch[]): void {
	for (const patch of patches) {
		if (applyMarkPatch(state, patch)) {
			continue;
		}

		switch (patch.kind) {
			case 'feed-add': {
				// Only what the store's schema takes: one bad subscription from another device's file would otherwise make
				// the store drop the whole list, and the next merge would then unsubscribe every device from everything.
				const record = Object.fromEntries(Object.entries(patch.record).filter(([field, value]) => validFeedField(field, value)));
				if (!state.feeds.some(entry => entry.url === patch.url) && typeof record['slug'] === 'string') {
					state.feeds.push({...record, url: patch.url, slug: record['slug']});
				}

				break;
			}

			case 'feed-remove': {
				state.feeds = state.feeds.filter(entry => entry.url !== patch.url);
				break;
			}

			case 'feed-field': {
				const entry = state.feeds.find(candidate => candidate.url === patch.url);
				if (entry !== undefined && (patch.value === null ? patch.field !== 'slug' && patch.field !== 'url' : validFeedField(patch.field, patch.value))) {
					if (patch.value === null) {
						delete entry[patch.field];
					} else {
						entry[patch.field] = patch.value;
					}
				}

				break;
			}

			case 'fs': {
				const current = state.extra[feedSettingsKey];
				const all: Record<string, unknown> = isRecord(current) ? {...current} : {};
				if (patch.value === null) {
					delete all[patch.url];
				} else {
					all[patch.url] = patch.value;
				}

				state.extra[feedSettingsKey] = all;
				break;
			}

			case 'v': {
				const others = state.views.filter(view => view.name !== patch.name);
				state.views = patch.value === null ? others : [...others, {name: patch.name, query: patch.value}];
				break;
			}
		}
	}
}

export type {DeviceSeen, Unmerged} from '../../core/sync/merge.js';

export type MergeReport = {
	readonly device: string;
	/** What the merge applied to the local store (the reader turns the marks among them into `marks-applied`). */
	readonly patches: readonly Patch[];
	readonly recorded: number;
	readonly learned: number;
	readonly devices: readonly DeviceSeen[];
	/** Device files (or conflict copies of them) that could not be merged, and why. */
	readonly unmerged: readonly Unmerged[];
	/** One-line notices, neutralised: a skipped file, a folder that cannot be written. */
	readonly notices: readonly string[];
	readonly clock?: Hlc;
	/** True: the store and every device file were as the last merge left them, so nothing was read or joined. */
	readonly inStep?: boolean;
};

/**
Device files parsed before, by path, with the identity of the file they were parsed from: a merge re-reads only the
files that changed since (a 50,000-mark file costs tens of milliseconds to parse; the reader merges after each save).
*/
const parsedFiles = new Map<string, {identity: string; parsed: DeviceFile}>();
/** Per own device file (as parsed or written): the other files whose every register it holds. */
const absorbedInto = new WeakMap<DeviceFile, ReadonlySet<DeviceFile>>();
const maxRemembered = 64;

function remember(file: string, identity: string, parsed: DeviceFile) {
	parsedFiles.delete(file);
	parsedFiles.set(file, {identity, parsed});
	if (parsedFiles.size > maxRemembered) {
		parsedFiles.delete(parsedFiles.keys().next().value!);
	}
}

function identityOf(file: string): string | undefined {
	try {
		const stat = fs.lstatSync(file, {bigint: true});
		return stat.isFile() ? `${stat.dev}:${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}` : undefined;
	} catch {
		return undefined;
	}
}

/** The files of the devices folder, each read (bounded) or with the reason it could not be. */
function readFolder(folder: string, budgetMs: number, now: () => number): {files: FolderFile[]; late: Unmerged[]} {
	const started = now();
	const files: FolderFile[] = [];
	const late: Unmerged[] = [];
	let names: string[];
	try {
		names = fs.readdirSync(folder).sort();
	} catch {
		return {files, late};
	}

	for (const name of names) {
		if (isTemporaryName(name) || classifyDeviceFile(name) === undefined) {
			files.push({name});
			continue;
		}

		if (now() - started > budgetMs) {
			late.push({file: name, reason: 'not read yet (the merge ran out of time; the next one reads it)'});
			continue;
		}

		const file = path.join(folder, name);
		const identity = identityOf(file);
		const cached = parsedFiles.get(file);
		if (cached !== undefined && identity !== undefined && cached.identity === identity) {
			files.push({name, parsed: cached.parsed});
			continue;
		}

		const read = readDeviceFile(file);
		if (!read.ok) {
			files.push({name, error: read.error});
			continue;
		}

		if (read.value.parsed !== undefined && identity !== undefined) {
			remember(file, identity, read.value.parsed);
		}

		files.push(read.value.parsed === undefined ? {name, text: read.value.text} : {name, parsed: read.value.parsed});
	}

	return {files, late};
}

const pieceBytes = 64 * 1024;
const maxLineBytes = 256 * 1024;
/** A tail read back from a device file's end for an append may be this long; a longer one means a whole merge. */
const maxTailBytes = 4 * 1024 * 1024;

/**
A device file, parsed: a line at a time as this Tidings writes it (`DeviceFileReader`: neither the whole text nor
the tree of a whole-text parse is ever held, issue 14), or else whole, as any JSON (a file an older Tidings wrote, or
one that is not a device file at all: then its text, for the merge to say what is wrong with it).
*/
function readDeviceFile(file: string): {ok: true; value: {parsed?: DeviceFile; text?: string}} | {ok: false; error: string} {
	let descriptor: number | undefined;
	try {
		descriptor = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
		const stat = fs.fstatSync(descriptor);
		if (!stat.isFile()) {
			return {ok: false, error: 'it is not a plain file'};
		}

		if (stat.size > maxDeviceFileBytes) {
			return {ok: false, error: `it is ${Math.round(stat.size / 1024 / 1024)} MB, more than a device file can be`};
		}

		const byLine = readByLine(descriptor, stat.size);
		if (byLine !== undefined) {
			return {ok: true, value: {parsed: byLine}};
		}

		const text = readText(descriptor, stat.size);
		const parsed = parseDeviceFile(text);
		return {ok: true, value: parsed.ok ? {parsed: parsed.value} : {text}};
	} catch (error) {
		const {code} = error as NodeJS.ErrnoException;
		return {ok: false, error: code === 'ELOOP' ? 'it is a symbolic link' : `it cannot be read (${code ?? 'error'})`};
	} finally {
		if (descriptor !== undefined) {
			fs.closeSync(descriptor);
		}
	}
}

/** A line longer than `maxLineBytes`: not a file of ours laid out by lines (one an older Tidings wrote on one line). */
class NotByLines extends Error {}

/** The lines of an open file, read 64 KB at a time (the last one as it ends, without a newline or empty). */
function * linesOf(descriptor: number, size: number): Generator<string> {
	const decoder = new StringDecoder('utf8');
	const buffer = Buffer.allocUnsafe(pieceBytes);
	let rest = '';
	let position = 0;
	while (position < size) {
		const got = fs.readSync(descriptor, buffer, 0, Math.min(pieceBytes, size - position), position);
		if (got === 0) {
			break;
		}

		position += got;
		const text = rest + decoder.write(buffer.subarray(0, got));
		let start = 0;
		for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
			yield text.slice(start, end);
			start = end + 1;
		}

		rest = text.slice(start);
		if (rest.length > maxLineBytes) {
			throw new NotByLines('a line too long');
		}
	}

	yield rest + decoder.end();
}

/** The file read in pieces and handed to a `DeviceFileReader` a line at a time; undefined when it is not laid out so. */
function readByLine(descriptor: number, size: number): DeviceFile | undefined {
	const reader = new DeviceFileReader();
	try {
		for (const line of linesOf(descriptor, size)) {
			if (!reader.line(line)) {
				return undefined;
			}
		}
	} catch (error) {
		if (error instanceof NotByLines) {
			return undefined;
		}

		throw error;
	}

	return reader.result();
}

/** `length` bytes of the file from `position` (fewer where it ends). */
function readAt(descriptor: number, position: number, length: number): Buffer {
	const buffer = Buffer.allocUnsafe(length);
	let got = 0;
	while (got < length) {
		const count = fs.readSync(descriptor, buffer, got, length - got, position + got);
		if (count === 0) {
			break;
		}

		got += count;
	}

	return buffer.subarray(0, got);
}

/** The file's first `size` bytes (its size when it was opened: one that grows meanwhile is read as it was). */
const readText = (descriptor: number, size: number): string => readAt(descriptor, 0, size).toString('utf8');

let active = false;

/**
What a merge left in step (issue 14): the store file and every device file, each by its identity, when a merge ended
with nothing left to do. A later merge that finds the same identities has nothing to do either (its result is a
function of those files) and skips the reading and the joining: at every start and every command the one machine
that reads alone merged its own device file again, ~15 ms at 5,000 marks and over 100 ms at 50,000, and the watcher
ran a second merge after each of the reader's own writes. Kept beside the store, not in it (writing it there would
change the store's identity); a cache: a missing, damaged or foreign record only means one full merge.
*/
const inStepName = 'shared-state-in-step.json';
const maxInStepBytes = 256 * 1024;

/**
`clock`: the newest clock that merge saw or made; `settled`: the store showed exactly the join then (its patches all
applied), so that the next merge may find this device's changes against a copy of the store instead of the join
(`appendOwnChanges`).
*/
type InStep = {readonly library: string; readonly store: string; readonly files: ReadonlyArray<readonly [string, string]>; readonly clock?: string; readonly settled?: boolean};

const inStepFile = (store: StateStore): string => path.join(path.dirname(store.path), inStepName);

/** The folder's files by name with their identities: none when it is not there yet, undefined when it cannot be listed. */
function folderIdentities(folder: string): Map<string, string> | undefined {
	const files = new Map<string, string>();
	try {
		for (const name of fs.readdirSync(folder).sort()) {
			files.set(name, identityOf(path.join(folder, name)) ?? 'not a file');
		}
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'ENOENT' ? files : undefined;
	}

	return files;
}

const encodeInStep = (record: InStep): string => JSON.stringify(record);

function parseInStep(text: string | undefined): InStep | undefined {
	if (text === undefined) {
		return undefined;
	}

	try {
		const value: unknown = JSON.parse(text);
		if (!isRecord(value) || typeof value['library'] !== 'string' || typeof value['store'] !== 'string' || !Array.isArray(value['files'])
			|| !(value['files'] as unknown[]).every(pair => Array.isArray(pair) && pair.length === 2 && pair.every(part => typeof part === 'string'))) {
			return undefined;
		}

		return {
			library: value['library'],
			store: value['store'],
			files: value['files'] as Array<[string, string]>,
			clock: typeof value['clock'] === 'string' ? value['clock'] : undefined,
			settled: value['settled'] === true,
		};
	} catch {
		return undefined;
	}
}

const sameFiles = (record: InStep, files: ReadonlyMap<string, string>): boolean => JSON.stringify(record.files) === JSON.stringify([...files]);

/**
Per store and library, the store's shared view as the last merge left it in step (`record`: the in-step record's
text then), with `settled` (issue 14). Kept up to date by `appendOwnChanges`; a copy of the marks (at 50,000 marks
~2 MB), against the ~10 MB of a parsed device file and its join that a merge needed otherwise.
*/
const baselines = new Map<string, {record: string; baseline: Baseline}>();
const baselineKey = (store: StateStore, folder: string): string => `${store.path}\u0000${folder}`;

function keepBaseline(store: StateStore, folder: string, record: string | undefined, baseline: () => Baseline): void {
	const key = baselineKey(store, folder);
	if (record === undefined) {
		baselines.delete(key);
		return;
	}

	baselines.delete(key);
	baselines.set(key, {record, baseline: baseline()});
	if (baselines.size > 8) {
		baselines.delete(baselines.keys().next().value!);
	}
}

/**
The device file open at `descriptor` with one more tail group (`appendedHeader`, `appendedTail`), in pieces: its
header line made again, the bytes between it and the tail copied 64 KB at a time (neither decoded nor split: the
file is this device's own, unchanged since its last merge wrote it), its tail, read from the end, with the group.
Throws (`NotAppendable`, or a read error) before the first piece when the file is not laid out so.
*/
function appendedPieces(descriptor: number, size: number, device: string, clock: Hlc, entries: readonly Entry[]): Iterable<string | Uint8Array> {
	const head = readAt(descriptor, 0, Math.min(size, 4096));
	const headerEnd = head.indexOf(0x0A);
	if (headerEnd === -1) {
		throw new NotAppendable('no header line');
	}

	const header = appendedHeader(head.subarray(0, headerEnd).toString('utf8'), device, clock);
	// The tail: read back from the end until the separator is in the window (the tail holds at most `maxTail` entries).
	const separator = Buffer.from(tailSeparator);
	let from = size;
	let window = Buffer.alloc(0);
	let at = -1;
	while (at === -1 && from > headerEnd) {
		if (window.length > maxTailBytes) {
			throw new NotAppendable('a tail this long is compacted by a whole merge');
		}

		const start = Math.max(headerEnd, from - pieceBytes);
		window = Buffer.concat([readAt(descriptor, start, from - start), window]);
		from = start;
		at = window.indexOf(separator);
	}

	if (at === -1) {
		throw new NotAppendable('no tail');
	}

	const tailStart = from + at + separator.length;
	const tail = appendedTail(window.subarray(at + separator.length).toString('utf8').split('\n'), clock, entries);
	return (function * () {
		yield `${header}\n`;
		const buffer = Buffer.allocUnsafe(pieceBytes);
		for (let position = headerEnd + 1; position < tailStart;) {
			const count = fs.readSync(descriptor, buffer, 0, Math.min(pieceBytes, tailStart - position), position);
			if (count === 0) {
				throw new Error('the device file ended early');
			}

			// Written before the next piece is read: the one buffer serves every piece.
			yield buffer.subarray(0, count);
			position += count;
		}

		yield tail;
	})();
}

/**
A merge that only has this device's own changes to record (issue 14): every device file is as the last merge left
it in step, that merge left the store showing the join (`settled`), and only read marks, stars and positions changed
since, so nothing can be learned from the others and every change wins. Instead of reading the device files and
joining them (~10 MB and ~100 ms at 50,000 marks, on the reader's thread, after every save), the changes are found
against the kept copy of the store (`baselines`) and appended to this device's file as one tail group, its other
bytes copied as they are (`appendedPieces`). Undefined when any of that does not hold, or the file cannot take
the group (laid out otherwise, its tail full, not writable): then the whole merge runs, as before.
*/
function appendOwnChanges(store: StateStore, folder: string, device: string, before: ReadonlyMap<string, string>, record: InStep, recordText: string, now: number): MergeReport | undefined {
	const kept = baselines.get(baselineKey(store, folder));
	const clock = record.settled === true ? parseHlc(record.clock) : undefined;
	const ownName = `${device}.json`;
	if (kept === undefined || kept.record !== recordText || clock === undefined || !before.has(ownName)) {
		return undefined;
	}

	const changes = baselineChanges(kept.baseline, sharedViewOf(store.state));
	if (changes === undefined) {
		return undefined;
	}

	const file = path.join(folder, ownName);
	let stamp = clock;
	if (changes.length > 0) {
		stamp = tick(clock, now, device);
		const entries = changes.map(change => ({...change, hlc: stamp}));
		let descriptor: number | undefined;
		try {
			descriptor = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NOFOLLOW ?? 0));
			const stat = fs.fstatSync(descriptor);
			if (!stat.isFile() || stat.size > maxDeviceFileBytes) {
				return undefined;
			}

			removeLeftoverTemporaries(file);
			writeFileAtomicSync(file, appendedPieces(descriptor, stat.size, device, stamp, entries), {mode: 0o644});
		} catch {
			// Not laid out by lines, the tail full, a write that failed: the whole merge says what it must.
			return undefined;
		} finally {
			if (descriptor !== undefined) {
				fs.closeSync(descriptor);
			}
		}

		// A parse of the file before is of no more use.
		parsedFiles.delete(file);
		advanceBaseline(kept.baseline, changes);
	}

	const text = recordInStep(store, folder, device, before, {complete: true, clock: stamp, settled: true});
	if (text === undefined) {
		baselines.delete(baselineKey(store, folder));
	} else {
		kept.record = text;
	}

	return {device, patches: [], recorded: changes.length, learned: 0, devices: [], unmerged: [], notices: [], clock: stamp};
}

function readInStep(store: StateStore): string | undefined {
	try {
		const file = inStepFile(store);
		return fs.statSync(file).size <= maxInStepBytes ? fs.readFileSync(file, 'utf8') : undefined;
	} catch {
		return undefined;
	}
}

export type MergeOptions = {readonly now?: () => number; readonly budgetMs?: number; readonly write?: boolean};

/**
Merges this device with every device file in the library, applies the result to the store and writes this device's
file. Never throws for a bad file or a library that cannot be written: those become notices and `unmerged`.
*/
export function mergeSharedState(store: StateStore, libraryDir: string, options: MergeOptions = {}): MergeReport {
	const now = options.now ?? Date.now;
	const budget = options.budgetMs ?? defaultBudgetMs;
	const device = deviceIdOf(store);
	const folder = devicesFolder(libraryDir);
	const notices: string[] = [];
	if (active) {
		// A flush inside this merge (its own patches) asked for another: this one covers it.
		return {device, patches: [], recorded: 0, learned: 0, devices: [], unmerged: [], notices: []};
	}

	const lockTarget = path.join(path.dirname(store.path), `device-${device}`);
	let lock;
	try {
		lock = lockFileSync(lockTarget, {stale: 15_000, wait: 30_000});
	} catch (error) {
		return {device, patches: [], recorded: 0, learned: 0, devices: [], unmerged: [], notices: [neutraliseLine(`Couldn't merge the shared reading state: ${(error as Error).message}`)]};
	}

	active = true;
	try {
		// Our changes written first, then whatever another process wrote taken in.
		store.flush();
		store.refresh();
		// Before anything is read: a file that changes from here on has another identity at the next merge.
		const before = folderIdentities(folder);
		const storeBefore = store.identityInStep;
		const recordText = readInStep(store);
		const record = parseInStep(recordText);
		const filesInStep = before !== undefined && record !== undefined && record.library === folder && sameFiles(record, before);
		if (filesInStep && storeBefore !== undefined && record.store === storeBefore) {
			// The store as that merge left it: the copy the next merge finds this device's changes against.
			if (record.settled === true && baselines.get(baselineKey(store, folder))?.record !== recordText) {
				keepBaseline(store, folder, recordText, () => baselineOf(sharedViewOf(store.state)));
			}

			return {device, patches: [], recorded: 0, learned: 0, devices: [], unmerged: [], notices: [], inStep: true};
		}

		if (filesInStep && storeBefore !== undefined && options.write !== false) {
			const appended = appendOwnChanges(store, folder, device, before, record, recordText!, now());
			if (appended !== undefined) {
				return appended;
			}
		}

		const {files, late} = readFolder(folder, budget, now);
		const merged = mergeFolder({device, now: now(), files, local: sharedViewOf(store.state), absorbed: (own: DeviceFile) => absorbedInto.get(own)});
		const {result, devices, mergedConflicts} = merged;
		// Every other file is in the device file now (written, or already holding all they bring): not joined again.
		absorbedInto.set(result.file, new Set(merged.others));
		const unmerged = [...merged.unmerged, ...late];
		notices.push(...merged.notices);
		if (result.patches.length > 0) {
			store.change(state => {
				applyToState(state, result.patches);
			}, {flush: store.keeping ? 'now' : 'later'});
		}

		let written = false;
		if ((result.write || mergedConflicts.length > 0) && options.write !== false) {
			try {
				fs.mkdirSync(folder, {recursive: true});
				const file = path.join(folder, `${device}.json`);
				removeLeftoverTemporaries(file);
				writeFileAtomicSync(file, deviceFilePieces(device, result.contents.snapshot, result.contents.tail), {mode: 0o644});
				const identity = identityOf(file);
				if (identity !== undefined) {
					remember(file, identity, result.file);
				}

				// This device's own conflict copies are in the file now: they can go.
				for (const name of mergedConflicts) {
					fs.rmSync(path.join(folder, name), {force: true});
				}

				written = true;
			} catch (error) {
				const {code} = error as NodeJS.ErrnoException;
				notices.push(`Couldn't write the shared reading state in ${folder} (${code ?? (error as Error).message}); marks stay on this machine until it can`);
			}
		}

		const complete = unmerged.length === 0 && notices.length === 0 && options.write !== false && (written || !result.write);
		// Settled: the store shows the join (no patch was dropped, no change of its own is left for the next merge).
		const view = complete ? sharedViewOf(store.state) : undefined;
		const settled = view !== undefined && differences(view, joinOf(result.file)).changes.length === 0;
		const text = recordInStep(store, folder, device, before, {complete, clock: result.clock, settled});
		keepBaseline(store, folder, settled ? text : undefined, () => baselineOf(view!));

		return {
			device,
			patches: result.patches,
			recorded: result.recorded,
			learned: result.learned,
			devices,
			unmerged,
			notices: notices.map(notice => neutraliseLine(notice)),
			clock: result.clock,
		};
	} finally {
		active = false;
		lock.release();
	}
}

/**
After a merge: the identities it leaves in step, when it is `complete` (nothing unmerged, nothing it could not write)
and the store holds no change not yet written. The other devices' files count as they were before they were read
(one changed or added meanwhile differs at the next merge), this device's own file and the store as they are now.
Otherwise the record goes, so that the next merge is a whole one.
*/
function recordInStep(store: StateStore, folder: string, device: string, before: ReadonlyMap<string, string> | undefined, {complete, clock, settled}: {readonly complete: boolean; readonly clock?: Hlc; readonly settled?: boolean}): string | undefined {
	const file = inStepFile(store);
	try {
		// The store as this merge read it and wrote its patches: undefined when another process wrote it meanwhile.
		const storeNow = store.identityInStep;
		const now = folderIdentities(folder);
		if (!complete || before === undefined || storeNow === undefined || now === undefined) {
			fs.rmSync(file, {force: true});
			return undefined;
		}

		const own = `${device}.json`;
		const files: Array<[string, string]> = [];
		for (const [name, identity] of now) {
			if (name === own) {
				files.push([name, identity]);
			} else if (before.has(name)) {
				files.push([name, before.get(name)!]);
			}
			// A file that came while this merge ran was not read: left out, so the next merge differs and reads it.
		}

		// No fsync, no rename: a record cut short by a crash only differs from any folder, and costs one whole merge.
		const text = encodeInStep({library: folder, store: storeNow, files, clock: clock === undefined ? undefined : formatHlc(clock), settled: settled === true ? true : undefined});
		fs.writeFileSync(file, text, {mode: 0o600});
		return text;
	} catch {
		try {
			fs.rmSync(file, {force: true});
		} catch {}

		return undefined;
	}
}

/**
Merges after the store's flushes: at once (`delayMs` 0, the command line, whose process ends soon), or once things
are quiet for `delayMs` (the reader). `stop` ends it, first running a merge that was waiting (the reader's quit), so
the last changes reach the device file; with none waiting it costs nothing.
*/
export function mergeAfterFlushes(store: StateStore, libraryDir: string, delayMs: number, onReport?: (report: MergeReport) => void): {stop: () => void} {
	let timer: NodeJS.Timeout | undefined;
	let merging = false;
	const run = () => {
		timer = undefined;
		if (merging) {
			return;
		}

		merging = true;
		try {
			onReport?.(mergeSharedState(store, libraryDir));
		} catch {} finally {
			merging = false;
		}
	};

	const unsubscribe = store.onFlush(() => {
		if (merging) {
			return;
		}

		if (delayMs === 0) {
			run();
		} else if (timer === undefined) {
			timer = setTimeout(run, delayMs);
			timer.unref();
		}
	});
	return {
		stop() {
			unsubscribe();
			if (timer !== undefined) {
				clearTimeout(timer);
				run();
			}
		},
	};
}

/** A sync engine's conflict copy of an article, hidden from the list: where it is and which file it is a copy of. */
export type ArticleConflict = {readonly file: string; readonly original: string; readonly identical: boolean};

export type SharedStatus = {
	readonly device: string;
	readonly folder: string;
	readonly devices: readonly DeviceSeen[];
	readonly unmerged: readonly Unmerged[];
	/** Conflict copies of this device's own file, merged at its next merge and then removed. */
	readonly pendingConflicts: readonly string[];
	readonly articleConflicts: readonly ArticleConflict[];
};

const maxConflictScan = 200_000;

/** Conflict copies of articles in the library (hidden folders skipped, bounded), each compared with its original. */
export function articleConflicts(libraryDir: string): ArticleConflict[] {
	const found: ArticleConflict[] = [];
	const folders: Array<{absolute: string; relative: string; depth: number}> = [{absolute: libraryDir, relative: '', depth: 0}];
	let seen = 0;
	while (folders.length > 0 && seen < maxConflictScan) {
		const folder = folders.pop()!;
		let entries: fs.Dirent[];
		try {
			entries = fs.readdirSync(folder.absolute, {withFileTypes: true});
		} catch {
			continue;
		}

		for (const entry of entries) {
			seen++;
			if (entry.name.startsWith('.')) {
				continue;
			}

			const relative = folder.relative === '' ? entry.name : `${folder.relative}/${entry.name}`;
			if (entry.isDirectory() && folder.depth < 32) {
				folders.push({absolute: path.join(folder.absolute, entry.name), relative, depth: folder.depth + 1});
				continue;
			}

			const original = entry.isFile() ? conflictOriginal(entry.name) : undefined;
			if (original !== undefined && /\.(?:md|markdown|txt)$/iu.test(original)) {
				found.push({file: relative, original: folder.relative === '' ? original : `${folder.relative}/${original}`, identical: sameBytes(path.join(folder.absolute, entry.name), path.join(folder.absolute, original))});
			}
		}
	}

	return found.sort((a, b) => (a.file < b.file ? -1 : 1));
}

function sameBytes(a: string, b: string): boolean {
	try {
		const [left, right] = [fs.statSync(a), fs.statSync(b)];
		return left.size === right.size && left.size <= 16 * 1024 * 1024 && fs.readFileSync(a).equals(fs.readFileSync(b));
	} catch {
		return false;
	}
}

/** What `tidings sync status` shows. Reads only: nothing is merged or written. */
export function sharedStateStatus(store: StateStore, libraryDir: string): SharedStatus {
	const device = deviceIdOf(store);
	const folder = devicesFolder(libraryDir);
	const {files, late} = readFolder(folder, defaultBudgetMs, Date.now);
	// The merge's own reading of the files, without writing anything: the same verdict on each file as a merge's.
	const merged = mergeFolder({device, now: Date.now(), files, local: sharedViewOf(store.state)});
	const unmerged = [...merged.unmerged, ...late];
	for (const name of files.map(file => file.name)) {
		const kind = classifyDeviceFile(name);
		if (kind?.conflict && kind.device !== device && !unmerged.some(item => item.file === name)) {
			unmerged.push({file: name, reason: `a conflict copy of device ${kind.device}'s file (merged here; that device removes it)`});
		}
	}

	return {device, folder, devices: merged.devices, unmerged, pendingConflicts: merged.mergedConflicts, articleConflicts: articleConflicts(libraryDir)};
}
