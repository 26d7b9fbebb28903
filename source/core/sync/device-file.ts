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

/**
The entries by clock, in the order each clock first appears: grouped by the clock object first (the entries of one
group, one change or one file's group, share theirs), then by its text, so each clock is formatted once, not once per
entry.
*/
function groups(entries: readonly Entry[]): Array<{readonly clock: string; readonly entries: Entry[]}> {
	const byObject = new Map<Hlc, {readonly clock: string; readonly entries: Entry[]}>();
	const byText = new Map<string, {readonly clock: string; readonly entries: Entry[]}>();
	for (const entry of entries) {
		let group = byObject.get(entry.hlc);
		if (group === undefined) {
			const clock = formatHlc(entry.hlc);
			group = byText.get(clock);
			if (group === undefined) {
				group = {clock, entries: []};
				byText.set(clock, group);
			}

			byObject.set(entry.hlc, group);
		}

		group.entries.push(entry);
	}

	return [...byText.values()];
}

/** How the header line ends: the snapshot's opening bracket. */
const snapshotOpens = '"snapshot":[';
const tailOpens = '],"tail":[';
const fileEnds = ']}';
const pieceLength = 64 * 1024;

/** The newest clock of any entry in `lists` (the header's `clock`; for a file, that of the entry that won its key). */
export function newestClock(...lists: ReadonlyArray<readonly Entry[]>): Hlc | undefined {
	let newest: Hlc | undefined;
	for (const entries of lists) {
		for (const entry of entries) {
			if (newest === undefined || compareHlc(entry.hlc, newest) > 0) {
				newest = entry.hlc;
			}
		}
	}

	return newest;
}

/** A device file's first line: what it is, whose, its newest clock, and the snapshot's opening bracket. */
function headerLine(device: string, clock: Hlc | undefined): string {
	const header = JSON.stringify({format: deviceFileFormat, version: 1, device, clock: clock === undefined ? undefined : formatHlc(clock)});
	return `${header.slice(0, -1)},${snapshotOpens}`;
}

/** A group's opening line. */
const groupLine = (clock: string): string => `[${JSON.stringify(clock)},[`;

/** An entry's line within its group (a comma after all but the group's last). */
const entryLine = (entry: Entry, last: boolean): string =>
	`[${JSON.stringify(entry.kind)},${JSON.stringify(entry.id)},${JSON.stringify(entry.field)},${JSON.stringify(entry.value)}]${last ? '' : ','}`;

/**
A device file's text in pieces of about 64 KB, for writing as it is made: at 50,000 marks one string of the whole file
is 5 MB (a large object, as is the buffer it is written from), and a merge's memory is its peak (issue 14). One JSON
value, as before, laid out one line per entry, which `DeviceFileReader` reads a line at a time:

	{"format":"tidings-device-state","version":1,"device":"…","clock":"…","snapshot":[
	["<clock>",[
	["r","<id>","",true],
	["r","<id>","",true]
	]],
	["<clock>",[
	…
	]]
	],"tail":[
	…
	]}

Any JSON reader reads it whole (an older Tidings, `parseDeviceFile`).
*/
export function * deviceFilePieces(device: string, snapshot: readonly Entry[], tail: readonly Entry[]): Generator<string> {
	let piece = `${headerLine(device, newestClock(snapshot, tail))}\n`;
	for (const [index, entries] of [snapshot, tail].entries()) {
		if (index === 1) {
			piece += `${tailOpens}\n`;
		}

		const clocks = groups(entries);
		for (const [groupIndex, group] of clocks.entries()) {
			piece += `${groupLine(group.clock)}\n`;
			for (let at = 0; at < group.entries.length; at++) {
				piece += `${entryLine(group.entries[at]!, at === group.entries.length - 1)}\n`;
				if (piece.length >= pieceLength) {
					yield piece;
					piece = '';
				}
			}

			piece += groupIndex === clocks.length - 1 ? ']]\n' : ']],\n';
		}
	}

	yield `${piece}${fileEnds}\n`;
}

export function encodeDeviceFile(device: string, snapshot: readonly Entry[], tail: readonly Entry[]): string {
	return [...deviceFilePieces(device, snapshot, tail)].join('');
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

/** One entry of a group, checked; false when it does not pass (counted by the caller). */
function readItem(item: unknown, hlc: Hlc, into: Entry[]): boolean {
	if (!Array.isArray(item) || item.length !== 4) {
		return false;
	}

	// By index: a destructuring is an iterator and its results per entry, ~8 MB at 50,000 (issue 14).
	const kind: unknown = item[0];
	const id: unknown = item[1];
	const field: unknown = item[2];
	const entryValue: unknown = item[3];
	if (typeof kind !== 'string' || !entryKinds.has(kind) || typeof id !== 'string' || id === '' || id.length > maxIdLength || id.includes('\u0000')
		|| typeof field !== 'string' || field.length > 64 || field.includes('\u0000') || (kind === 'ff') === (field === '')
		|| !validValue(kind as EntryKind, entryValue)) {
		return false;
	}

	into.push({kind: kind as EntryKind, id, field, value: entryValue, hlc});
	return true;
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

			if (hlc === undefined || !readItem(item, hlc, into)) {
				counter.skipped++;
			}
		}
	}

	return true;
}

/** What the first part of a device file says of itself: an error in a few words when it is not one we read. */
function checkHeader(value: unknown): Result<string, string> {
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

	return ok(device);
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

	const header = checkHeader(value);
	if (!header.ok) {
		return header;
	}

	const record = value as Readonly<Record<string, unknown>>;
	const counter = {skipped: 0, total: 0};
	const snapshot: Entry[] = [];
	const tail: Entry[] = [];
	if (!readGroups(record['snapshot'], snapshot, counter) || !readGroups(record['tail'] ?? [], tail, counter)) {
		return err('its entries are not a list');
	}

	return ok({device: header.value, snapshot, tail, skipped: counter.skipped});
}

/** Longer than this, a line is not one `deviceFilePieces` wrote (an entry is at most a few tens of KB). */
const maxLineLength = 256 * 1024;

/**
Reads a device file a line at a time, as `deviceFilePieces` lays it out, so that a merge never holds the whole text
(5 MB at 50,000 marks) nor the tree a whole-text `JSON.parse` builds (issue 14). Fed lines in order; `line` answers
false as soon as the text is not laid out that way (a file an older Tidings wrote on one line, or anything else),
and the caller then reads the file whole with `parseDeviceFile`, which checks it as it always did. Each entry is
checked as there; what comes out is the same `DeviceFile`.
*/
export class DeviceFileReader {
	#device: string | undefined;
	#part: 'header' | 'snapshot' | 'tail' | 'end' = 'header';
	#hlc: Hlc | undefined | null = null;
	#lastInGroup = false;
	readonly #snapshot: Entry[] = [];
	readonly #tail: Entry[] = [];
	readonly #counter = {skipped: 0, total: 0};

	/** Takes the next line (without its newline); false when the file is not laid out as `deviceFilePieces` writes. */
	line(line: string): boolean {
		if (line.length > maxLineLength) {
			return false;
		}

		try {
			return this.#take(line);
		} catch {
			// A line that is not the JSON it looks like.
			return false;
		}
	}

	#take(line: string): boolean {
		switch (this.#part) {
			case 'header': {
				if (!line.startsWith('{') || !line.endsWith(snapshotOpens)) {
					return false;
				}

				// Not one we read (another format, a newer version): the whole-text parse says why.
				const header = checkHeader(JSON.parse(`${line}]}`));
				if (!header.ok) {
					return false;
				}

				this.#device = header.value;
				this.#part = 'snapshot';
				return true;
			}

			case 'snapshot':
			case 'tail': {
				return this.#body(line);
			}

			case 'end': {
				return line === '';
			}
		}
	}

	#body(line: string): boolean {
		if (this.#hlc === null) {
			// Between groups: a group opens, or the part ends.
			if (line === tailOpens && this.#part === 'snapshot') {
				this.#part = 'tail';
				return true;
			}

			if (line === fileEnds && this.#part === 'tail') {
				this.#part = 'end';
				return true;
			}

			if (!line.startsWith('["') || !line.endsWith('",[')) {
				return false;
			}

			const opened: unknown = JSON.parse(`${line}]]`);
			// As in `readGroups`: the entries of a group whose clock is not one are skipped, each counted.
			this.#hlc = parseHlc((opened as unknown[])[0]);
			this.#lastInGroup = false;
			return true;
		}

		if (line === ']]' || line === ']],') {
			this.#hlc = null;
			return true;
		}

		if (this.#lastInGroup || !line.startsWith('[')) {
			return false;
		}

		const last = !line.endsWith(',');
		this.#lastInGroup = last;
		if (++this.#counter.total > maxEntries) {
			return true;
		}

		const item: unknown = JSON.parse(last ? line : line.slice(0, -1));
		if (this.#hlc === undefined || !readItem(item, this.#hlc, this.#part === 'tail' ? this.#tail : this.#snapshot)) {
			this.#counter.skipped++;
		}

		return true;
	}

	/** What the lines made, once the last was given: undefined when the text ended before the file did. */
	result(): DeviceFile | undefined {
		if (this.#part !== 'end' || this.#device === undefined) {
			return undefined;
		}

		return ({device: this.#device, snapshot: this.#snapshot, tail: this.#tail, skipped: this.#counter.skipped});
	}
}

/** Thrown when a device file cannot take the entries as a new tail group (the caller merges whole). */
export class NotAppendable extends Error {}

/** The line between a device file's snapshot and its tail, with the newlines around it. */
export const tailSeparator = `\n${tailOpens}\n`;

/**
A device file with one more tail group, `entries` at `clock`, made without parsing its entries (issue 14): the
header line is made again with the new clock (`appendedHeader`), the snapshot's lines are copied as they are (the
adapter copies their bytes), and the tail's lines, after `tailSeparator`, get the group (`appendedTail`). For a merge
that only records this device's own changes over a file it wrote itself (the adapter checks that nothing changed
since). Both throw `NotAppendable` when the lines are not laid out as `deviceFilePieces` writes them, the header is
not this device's, or the tail would pass `tailLimit` (then the whole merge compacts).
*/
export function appendedHeader(line: string, device: string, clock: Hlc): string {
	const header = line.startsWith('{') && line.endsWith(snapshotOpens) && line.length <= 4096 ? checkHeader(JSON.parse(`${line}]}`)) : undefined;
	if (header?.ok !== true || header.value !== device) {
		throw new NotAppendable('not a device file of this device laid out by lines');
	}

	return headerLine(device, clock);
}

/** The tail's lines (after `tailSeparator`, to the file's end) with the group appended, as text: see `appendedHeader`. */
export function appendedTail(lines: readonly string[], clock: Hlc, entries: readonly Entry[], tailLimit = maxTail): string {
	let ended = false;
	let inGroup = false;
	let tailEntries = 0;
	const kept: string[] = [];
	for (const line of lines) {
		if (ended) {
			if (line !== '') {
				throw new NotAppendable('text after the end');
			}
		} else if (!inGroup && line === fileEnds) {
			ended = true;
		} else if (inGroup && (line === ']]' || line === ']],')) {
			inGroup = false;
			kept.push(line);
		} else if (!inGroup && line.startsWith('["') && line.endsWith('",[')) {
			inGroup = true;
			kept.push(line);
		} else if (inGroup && line.startsWith('[')) {
			tailEntries++;
			kept.push(line);
		} else {
			throw new NotAppendable('a line out of place');
		}
	}

	if (!ended) {
		throw new NotAppendable('the file ends early');
	}

	if (tailEntries + entries.length > tailLimit) {
		throw new NotAppendable('the tail is full');
	}

	// A group after the last one needs a comma there.
	if (kept.length > 0) {
		kept[kept.length - 1] = ']],';
	}

	kept.push(groupLine(formatHlc(clock)));
	for (let at = 0; at < entries.length; at++) {
		kept.push(entryLine(entries[at]!, at === entries.length - 1));
	}

	kept.push(']]', fileEnds, '');
	return kept.join('\n');
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
		const snapshot: Entry[] = [];
		joined().forEach(entry => {
			snapshot.push(entry);
		});
		return {snapshot, tail: [], compacted: true};
	}

	return {snapshot: previous.snapshot, tail: [...previous.tail, ...learned], compacted: false};
}
