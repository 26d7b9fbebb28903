/**
One device's file in `<library>/.tidings/devices/<device-id>.json`: written by that device only, read by all.

It holds the device's whole join (every register it has seen, its own and others'), as a snapshot plus a tail: the
tail lists the registers that changed since the snapshot was made, in the order they changed; once it passes
`maxTail` entries the two are folded into a new snapshot (the compaction), which keeps one entry per key. Registers
are grouped by clock, so a thousand articles marked read at once cost one clock, not a thousand.

Because every file is a whole join, a device that was offline for months merges by joining: its old registers lose
to newer ones key by key and win where nobody touched them since. Tombstones (read=false, a feed removed) are kept:
dropping one could let an older `true` in a file that has not arrived yet win over it again.

Parsing is bounded and hostile-safe: a size limit (checked by the caller before reading), an entry limit, and a
check of every field; a bad entry is skipped and counted, a file that is not ours at all is an error, never a throw.
*/
import {parseHlc, formatHlc, deviceIdPattern, compareHlc, type Hlc} from './hlc.js';
import {canonical, entryKinds, isRecord, type Entry, type EntryKind, type EntryValue, type Joined} from './shared-state.js';
import type {Result} from '../types.js';
import {err, ok} from '../types.js';

export const deviceFileFormat = 'tidings-device-state';
/** Past this many tail entries, the next write compacts. */
export const maxTail = 2048;
/** A device file larger than this is not read (a shared state of a million articles is a few tens of MB). */
export const maxDeviceFileBytes = 64 * 1024 * 1024;
const maxEntries = 2_000_000;
const maxIdLength = 4096;
const maxValueLength = 16 * 1024;

export type DeviceFile = {
	readonly device: string;
	readonly snapshot: readonly Entry[];
	readonly tail: readonly Entry[];
	/** Entries left out because they did not pass the checks. */
	readonly skipped: number;
};

type Group = [string, Array<[string, string, string, EntryValue]>];

function groups(entries: readonly Entry[]): Group[] {
	const byClock = new Map<string, Group>();
	for (const entry of entries) {
		const clock = formatHlc(entry.hlc);
		let group = byClock.get(clock);
		if (group === undefined) {
			group = [clock, []];
			byClock.set(clock, group);
		}

		group[1].push([entry.kind, entry.id, entry.field, entry.value]);
	}

	return [...byClock.values()];
}

export function encodeDeviceFile(device: string, snapshot: readonly Entry[], tail: readonly Entry[]): string {
	const latest = [...snapshot, ...tail].reduce<Hlc | undefined>((best, entry) => (best === undefined || compareHlc(entry.hlc, best) > 0 ? entry.hlc : best), undefined);
	return `${JSON.stringify({
		format: deviceFileFormat,
		version: 1,
		device,
		clock: latest === undefined ? undefined : formatHlc(latest),
		snapshot: groups(snapshot),
		tail: groups(tail),
	})}\n`;
}

function validValue(kind: EntryKind, value: unknown): value is EntryValue {
	switch (kind) {
		case 'r':
		case 's':
		case 'f': {
			return typeof value === 'boolean';
		}

		case 'p': {
			return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
		}

		case 'ff': {
			return value === null || typeof value === 'boolean' || (typeof value === 'string' && value.length <= maxValueLength);
		}

		case 'v': {
			return value === null || (typeof value === 'string' && value.length <= maxValueLength);
		}

		case 'fs': {
			return value === null || (isRecord(value) && canonical(value).length <= maxValueLength);
		}
	}
}

function readGroups(value: unknown, into: Entry[], counter: {skipped: number; total: number}): boolean {
	if (!Array.isArray(value)) {
		return false;
	}

	for (const group of value as unknown[]) {
		if (!Array.isArray(group) || group.length !== 2 || !Array.isArray(group[1])) {
			counter.skipped++;
			continue;
		}

		const hlc = parseHlc(group[0]);
		for (const item of group[1] as unknown[]) {
			if (++counter.total > maxEntries) {
				return true;
			}

			if (hlc === undefined || !Array.isArray(item) || item.length !== 4) {
				counter.skipped++;
				continue;
			}

			const [kind, id, field, entryValue] = item as unknown[];
			if (typeof kind !== 'string' || !entryKinds.has(kind) || typeof id !== 'string' || id === '' || id.length > maxIdLength || id.includes('\u0000')
				|| typeof field !== 'string' || field.length > 64 || field.includes('\u0000') || (kind === 'ff') === (field === '')
				|| !validValue(kind as EntryKind, entryValue)) {
				counter.skipped++;
				continue;
			}

			into.push({kind: kind as EntryKind, id, field, value: entryValue, hlc});
		}
	}

	return true;
}

/** Reads a device file's text. An error names what is wrong in a few words (for a one-line notice). */
export function parseDeviceFile(text: string): Result<DeviceFile, string> {
	if (text.trim() === '') {
		return err('it is empty (a partial copy?)');
	}

	let value: unknown;
	try {
		value = JSON.parse(text);
	} catch {
		return err('it is not valid JSON (truncated or a partial copy?)');
	}

	if (!isRecord(value) || value['format'] !== deviceFileFormat) {
		return err('it is not a Tidings device file');
	}

	if (value['version'] !== 1) {
		return err(`it is of version ${JSON.stringify(value['version'])}, which this Tidings does not read (a newer Tidings wrote it?)`);
	}

	const device = value['device'];
	if (typeof device !== 'string' || !deviceIdPattern.test(device)) {
		return err('its device id is not valid');
	}

	const counter = {skipped: 0, total: 0};
	const snapshot: Entry[] = [];
	const tail: Entry[] = [];
	if (!readGroups(value['snapshot'], snapshot, counter) || !readGroups(value['tail'] ?? [], tail, counter)) {
		return err('its entries are not a list');
	}

	return ok({device, snapshot, tail, skipped: counter.skipped});
}

/** The newest clock in a device file that the device itself made: its "last change". */
export function lastOwnChange(file: DeviceFile): Hlc | undefined {
	if (lastChanges.has(file)) {
		return lastChanges.get(file);
	}

	let latest: Hlc | undefined;
	for (const entries of [file.snapshot, file.tail]) {
		for (const entry of entries) {
			if (entry.hlc.device === file.device && entry.hlc.wall > 0 && (latest === undefined || compareHlc(entry.hlc, latest) > 0)) {
				latest = entry.hlc;
			}
		}
	}

	lastChanges.set(file, latest);
	return latest;
}

const lastChanges = new WeakMap<DeviceFile, Hlc | undefined>();

/**
The next file's snapshot and tail: the old ones with `learned` (entries that won in this merge) appended to the tail,
or, once the tail would pass `maxTail`, one compacted snapshot of `joined`.
*/
export function nextContents(previous: DeviceFile | undefined, learned: readonly Entry[], joined: () => Joined, tailLimit = maxTail): {snapshot: readonly Entry[]; tail: readonly Entry[]; compacted: boolean} {
	if (previous === undefined || previous.skipped > 0 || previous.tail.length + learned.length > tailLimit) {
		return {snapshot: [...joined().values()], tail: [], compacted: true};
	}

	return {snapshot: previous.snapshot, tail: [...previous.tail, ...learned], compacted: false};
}
