/**
One merge of a device with the library's shared state, as a pure function: the adapter (source/adapters/sync/
device-sync.ts) reads the files, calls `mergeStep`, applies `patches` to the local store and writes `contents` as the
device's file.

1. The device's own file is its join as of its last merge; whatever the local store holds that differs from it was
   changed here since (by the reader, a `tidings mark`, a fetch): those are this device's new changes, recorded with
   one new clock. When the device's own file is missing or unreadable (a first merge, or a damaged copy), the local
   values are recorded with the zero clock instead: they fill the gaps but never override what another device wrote,
   and nothing local is dropped.
2. Every other device's file (and every conflict copy) is joined in.
3. The patches bring the local store to the join; the new file holds the join (snapshot + bounded tail).
*/
import {compareHlc, observe, tick, zeroHlc, type Hlc} from './hlc.js';
import {nextContents, type DeviceFile} from './device-file.js';
import {differences, entryKey, join, joinInto, type Entry, type Patch, type SharedView} from './shared-state.js';

export type MergeInput = {
	readonly device: string;
	readonly now: number;
	/** The device's own file as read; undefined when it is missing or could not be read. */
	readonly own: DeviceFile | undefined;
	/** Every other readable device file, and conflict copies of any (the device's own included). */
	readonly others: readonly DeviceFile[];
	readonly local: SharedView;
	readonly tailLimit?: number;
};

export type MergeOutput = {
	readonly patches: readonly Patch[];
	/** The device file's next snapshot and tail; `write` false when it would be the same as the file already there. */
	readonly contents: {readonly snapshot: readonly Entry[]; readonly tail: readonly Entry[]; readonly compacted: boolean};
	readonly write: boolean;
	/** How many local changes were recorded, and how many registers other devices' files brought. */
	readonly recorded: number;
	readonly learned: number;
	readonly clock: Hlc | undefined;
};

export function mergeStep(input: MergeInput): MergeOutput {
	const {device, now, own, others, local} = input;
	const ownEntries = own === undefined ? [] : [...own.snapshot, ...own.tail];
	const base = join(ownEntries);
	let clock: Hlc | undefined;
	for (const file of [own, ...others]) {
		for (const entry of file === undefined ? [] : [...file.snapshot, ...file.tail]) {
			clock = observe(clock, entry.hlc, now);
		}
	}

	const {changes} = differences(local, base);
	const stamp = changes.length === 0 ? undefined : (own === undefined ? zeroHlc(device) : tick(clock, now, device));
	if (stamp !== undefined && compareHlc(stamp, clock ?? stamp) >= 0) {
		clock = stamp;
	}

	const recorded: Entry[] = changes.map(change => ({...change, hlc: stamp!}));
	const joined = new Map(base);
	joinInto(joined, recorded);
	let learnedCount = 0;
	for (const file of others) {
		learnedCount += joinInto(joined, file.snapshot);
		learnedCount += joinInto(joined, file.tail);
	}

	// What the file gains: every register that differs from what the own file had.
	const learned: Entry[] = [];
	for (const [key, entry] of joined) {
		if (base.get(key) !== entry) {
			learned.push(entry);
		}
	}

	const contents = nextContents(own, learned, joined, input.tailLimit);
	const {patches} = differences(local, joined);
	return {
		patches,
		contents,
		write: own === undefined || learned.length > 0 || contents.compacted,
		recorded: recorded.length,
		learned: learnedCount,
		clock,
	};
}

/** The join of the new file's contents (for the tests: it must equal the join every device converges to). */
export const joinedOf = (contents: {readonly snapshot: readonly Entry[]; readonly tail: readonly Entry[]}) => join(contents.snapshot, contents.tail);

export {entryKey};
