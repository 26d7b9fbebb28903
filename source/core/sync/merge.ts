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
import {lastOwnChange, newestClock, nextContents, parseDeviceFile, type DeviceFile} from './device-file.js';
import {conflictOriginal} from './conflict-names.js';
import {differences, join, Joined, type Entry, type Patch, type SharedView} from './shared-state.js';

export type MergeInput = {
	readonly device: string;
	readonly now: number;
	/** The device's own file as read; undefined when it is missing or could not be read. */
	readonly own: DeviceFile | undefined;
	/** Every other readable device file, and conflict copies of any (the device's own included). */
	readonly others: readonly DeviceFile[];
	readonly local: SharedView;
	readonly tailLimit?: number;
	/**
	Files already wholly in `own` (joined into it when it was written, or found to hold nothing newer): not joined
	again. Only a speed-up: the result is the same without it.
	*/
	readonly absorbed?: ReadonlySet<DeviceFile>;
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
	/** The device file as it is after the merge (the one to write when `write`), its join already made. */
	readonly file: DeviceFile;
};

// Per parsed file, computed once: a merge after every save must not rebuild a 50,000-entry join each time.
const joins = new WeakMap<DeviceFile, Joined>();
const latest = new WeakMap<DeviceFile, Hlc | undefined>();

export function joinOf(file: DeviceFile): Joined {
	let joined = joins.get(file);
	if (joined === undefined) {
		joined = join(file.snapshot, file.tail);
		joins.set(file, joined);
	}

	return joined;
}

function latestOf(file: DeviceFile): Hlc | undefined {
	if (!latest.has(file)) {
		// Over the file's lists, not its join: the newest clock of any entry is that of the entry that won its key.
		latest.set(file, newestClock(file.snapshot, file.tail));
	}

	return latest.get(file);
}

export function mergeStep(input: MergeInput): MergeOutput {
	const {device, now, own, others, local} = input;
	const base: Joined = own === undefined ? new Joined() : joinOf(own);
	const fresh = others.filter(file => input.absorbed?.has(file) !== true);
	let clock: Hlc | undefined;
	for (const file of own === undefined ? others : [own, ...others]) {
		const seen = latestOf(file);
		if (seen !== undefined) {
			clock = observe(clock, seen, now);
		}
	}

	const {changes} = differences(local, base);
	const stamp = changes.length === 0 ? undefined : (own === undefined ? zeroHlc(device) : tick(clock, now, device));
	if (stamp !== undefined && compareHlc(stamp, clock ?? stamp) >= 0) {
		clock = stamp;
	}

	// The registers that beat the own file's: this device's changes, then what the others bring.
	const delta = new Joined();
	const offer = (entry: Entry): boolean => delta.offer(entry, base);

	let recordedWon = 0;
	for (const change of changes) {
		if (offer({...change, hlc: stamp!})) {
			recordedWon++;
		}
	}

	let learnedCount = 0;
	for (const file of fresh) {
		joinOf(file).forEach(entry => {
			if (offer(entry)) {
				learnedCount++;
			}
		});
	}

	const learned = [...delta.values()];
	let joinedAll: Joined | undefined;
	const joined = () => {
		if (joinedAll === undefined) {
			joinedAll = base.copy();
			for (const entry of delta.values()) {
				joinedAll.set(entry);
			}
		}

		return joinedAll;
	};

	const contents = nextContents(own, learned, joined, input.tailLimit);
	// When only this device's own changes won, the local store already shows the join: nothing to apply.
	const patches = learnedCount === 0 && recordedWon === changes.length ? [] : differences(local, joined()).patches;
	const write = own === undefined || learned.length > 0 || contents.compacted;
	const file: DeviceFile = write || own === undefined ? {device, snapshot: contents.snapshot, tail: contents.tail, skipped: 0} : own;
	if (file !== own) {
		joins.set(file, joined());
	}

	return {
		patches,
		contents,
		file,
		write,
		recorded: changes.length,
		learned: learnedCount,
		clock,
	};
}

/** The join of the new file's contents (for the tests: it must equal the join every device converges to). */
export const joinedOf = (contents: {readonly snapshot: readonly Entry[]; readonly tail: readonly Entry[]}) => join(contents.snapshot, contents.tail);

/** A file found in the devices folder: its text, or why it could not be read. */
export type FolderFile = {readonly name: string; readonly text?: string; readonly error?: string; /** Already parsed (the adapter's cache of unchanged files). */ readonly parsed?: DeviceFile};

export type DeviceSeen = {
	readonly device: string;
	readonly file: string;
	readonly own: boolean;
	/** The device's newest own change, as a time (its clock's wall part). */
	readonly lastChange?: Date;
	readonly entries: number;
};

export type Unmerged = {readonly file: string; readonly reason: string};

/** Temporary names of the sync engines (Syncthing's `.syncthing.x.tmp`, `~syncthing~x.tmp`) and ours: never read. */
export const isTemporaryName = (name: string): boolean => name.startsWith('.') || name.startsWith('~syncthing~') || name.endsWith('.tmp');

/** Which device a file in the devices folder belongs to, and whether it is a sync engine's conflict copy. */
export function classifyDeviceFile(name: string): {readonly device: string; readonly conflict: boolean} | undefined {
	const original = conflictOriginal(name);
	const match = /^([\da-f]{16})\.json$/u.exec(original ?? name);
	return match === null ? undefined : {device: match[1]!, conflict: original !== undefined};
}

export type FolderMerge = {
	readonly result: MergeOutput;
	readonly devices: readonly DeviceSeen[];
	readonly unmerged: readonly Unmerged[];
	/** Conflict copies of this device's own file that are in the new contents: the device removes them. */
	readonly mergedConflicts: readonly string[];
	/** One line each, not neutralised yet. */
	readonly notices: readonly string[];
	/** The other devices' files (and conflict copies) that were joined. */
	readonly others: readonly DeviceFile[];
};

/**
A merge over a devices folder's files as read (the adapter reads them; the property tests hand them in): temporary
names skipped, every other name checked, each file parsed with the bounded parser; a file that fails is skipped and
named, never fatal, and never costs a local mark (the local store keeps its values; only registers win or lose).
*/
export function mergeFolder(input: {readonly device: string; readonly now: number; readonly files: readonly FolderFile[]; readonly local: SharedView; readonly tailLimit?: number; readonly absorbed?: (own: DeviceFile) => ReadonlySet<DeviceFile> | undefined}): FolderMerge {
	const {device} = input;
	let own: DeviceFile | undefined;
	const others: DeviceFile[] = [];
	const devices: DeviceSeen[] = [];
	const unmerged: Unmerged[] = [];
	const mergedConflicts: string[] = [];
	const notices: string[] = [];
	for (const file of input.files) {
		if (isTemporaryName(file.name)) {
			continue;
		}

		const kind = classifyDeviceFile(file.name);
		if (kind === undefined) {
			unmerged.push({file: file.name, reason: 'not a device file name (left alone)'});
			continue;
		}

		const parsed = file.parsed === undefined
			? (file.text === undefined ? {ok: false as const, error: file.error ?? 'it cannot be read'} : parseDeviceFile(file.text))
			: {ok: true as const, value: file.parsed};
		if (!parsed.ok) {
			unmerged.push({file: file.name, reason: parsed.error});
			notices.push(`Skipped the shared-state file ${file.name}: ${parsed.error}`);
			continue;
		}

		if (parsed.value.device !== kind.device) {
			unmerged.push({file: file.name, reason: `it says it is device ${parsed.value.device}`});
			notices.push(`Skipped the shared-state file ${file.name}: it names another device`);
			continue;
		}

		if (kind.conflict) {
			others.push(parsed.value);
			if (kind.device === device) {
				mergedConflicts.push(file.name);
			}

			continue;
		}

		const last = lastOwnChange(parsed.value);
		devices.push({device: kind.device, file: file.name, own: kind.device === device, lastChange: last === undefined ? undefined : new Date(last.wall), entries: parsed.value.snapshot.length + parsed.value.tail.length});
		if (kind.device === device) {
			own = parsed.value;
		} else {
			others.push(parsed.value);
		}
	}

	const result = mergeStep({device, now: input.now, own, others, local: input.local, tailLimit: input.tailLimit, absorbed: own === undefined ? undefined : input.absorbed?.(own)});
	return {result, devices, unmerged, mergedConflicts, notices, others};
}
