/**
The reading state shared by every device that reads one library, as a state-based CRDT: a map from keys to
last-writer-wins registers. Each register holds a value and the hybrid logical clock (hlc.ts) of the change that set
it; joining two maps keeps, for every key, the register with the higher clock. The join is commutative, associative
and idempotent, so devices that exchange their files in any order, any number of times, end with the same state
(test/core/sync/converge.test.ts checks it with fast-check).

Keys, by kind:
- `r` read, `s` starred (true/false): last writer wins per article; false is kept as a tombstone, so an old `true`
  from a device that was offline for months cannot come back over a newer `false`.
- `p` reading position (0 = none), per article.
- `f` subscribed (true/false) per feed URL, and `ff` one field of a subscription (URL + field name): together a
  last-writer-wins element set with its elements' fields merged one by one, so renaming a feed on one machine and
  fetching it (new validators) on another both survive.
- `fs` a feed's settings (`tidings add --every/--keep/--tag`), whole, per URL; null = none.
- `v` a saved view's query by name; null = removed.

Pure: no fs, no clock of its own. The device files are read and written by source/adapters/sync/device-sync.ts.
*/
import {compareHlc, type Hlc} from './hlc.js';

export type EntryKind = 'r' | 's' | 'p' | 'f' | 'ff' | 'fs' | 'v';
export const entryKinds: ReadonlySet<string> = new Set<EntryKind>(['r', 's', 'p', 'f', 'ff', 'fs', 'v']);

export type EntryValue = boolean | number | string | null | Readonly<Record<string, unknown>>;

export type Entry = {
	readonly kind: EntryKind;
	/** Article id, feed URL or view name. */
	readonly id: string;
	/** The subscription's field for `ff`; '' for every other kind. */
	readonly field: string;
	readonly value: EntryValue;
	readonly hlc: Hlc;
};

/**
The winning entry per key, one map per kind keyed by the id itself (by field and URL for `ff`): looking up an article
id that is already a string costs no new string, which at 50,000 marks is most of a merge's time.
*/
export class Joined {
	readonly #byKind = new Map<EntryKind, Map<string, Entry>>();
	#size = 0;

	get size(): number {
		return this.#size;
	}

	get(kind: EntryKind, id: string, field = ''): Entry | undefined {
		return this.#byKind.get(kind)?.get(field === '' ? id : `${field}\u0000${id}`);
	}

	set(entry: Entry): void {
		let map = this.#byKind.get(entry.kind);
		if (map === undefined) {
			map = new Map();
			this.#byKind.set(entry.kind, map);
		}

		const key = entry.field === '' ? entry.id : `${entry.field}\u0000${entry.id}`;
		if (!map.has(key)) {
			this.#size++;
		}

		map.set(key, entry);
	}

	/** Sets `entry` when it beats the entry there (or `fallback`'s, when there is none here); true when it did. */
	offer(entry: Entry, fallback?: Joined): boolean {
		const current = this.get(entry.kind, entry.id, entry.field) ?? fallback?.get(entry.kind, entry.id, entry.field);
		if (wins(entry, current)) {
			this.set(entry);
			return true;
		}

		return false;
	}

	* values(): IterableIterator<Entry> {
		for (const map of this.#byKind.values()) {
			yield * map.values();
		}
	}

	/**
	Each entry, kind by kind. The loops over a whole join use this, not `values()`: a generator's result object per
	entry is ~2 MB a pass at 50,000 marks, and a merge made several passes (issue 14).
	*/
	forEach(visit: (entry: Entry) => void): void {
		for (const map of this.#byKind.values()) {
			map.forEach(entry => {
				visit(entry);
			});
		}
	}

	/** The entries of one kind (a feed's fields: without a pass over every read mark). */
	ofKind(kind: EntryKind): Iterable<Entry> {
		return this.#byKind.get(kind)?.values() ?? [];
	}

	copy(): Joined {
		const copy = new Joined();
		for (const [kind, map] of this.#byKind) {
			copy.#byKind.set(kind, new Map(map));
		}

		copy.#size = this.#size;
		return copy;
	}
}

/** JSON with sorted keys: two equal values give one string, whatever order their keys came in. */
export function canonical(value: unknown): string {
	if (value === null || typeof value !== 'object') {
		return JSON.stringify(value) ?? 'null';
	}

	if (Array.isArray(value)) {
		return `[${value.map(item => canonical(item)).join(',')}]`;
	}

	const record = value as Record<string, unknown>;
	return `{${Object.keys(record).sort().filter(key => record[key] !== undefined).map(key => `${JSON.stringify(key)}:${canonical(record[key])}`).join(',')}}`;
}

/** Whether `candidate` beats `current`: the higher clock; on the same clock (only a hostile file), the larger value. */
export function wins(candidate: Entry, current: Entry | undefined): boolean {
	if (current === undefined) {
		return true;
	}

	const order = compareHlc(candidate.hlc, current.hlc);
	return order === 0 ? canonical(candidate.value) > canonical(current.value) : order > 0;
}

/** Joins entries into `into` (changed in place, returned); returns too how many keys took a new entry. */
export function joinInto(into: Joined, entries: Iterable<Entry>): number {
	let changed = 0;
	for (const entry of entries) {
		if (into.offer(entry)) {
			changed++;
		}
	}

	return changed;
}

export function join(...sources: Array<Iterable<Entry>>): Joined {
	const joined = new Joined();
	for (const source of sources) {
		joinInto(joined, source);
	}

	return joined;
}

/** A subscription's fields other than its URL. */
export type FeedRecord = Readonly<Record<string, string | boolean>>;

/** The part of a device's state that is shared, as the local store holds it. */
export type SharedView = {
	readonly read: ReadonlySet<string>;
	readonly starred: ReadonlySet<string>;
	readonly positions: ReadonlyMap<string, number>;
	/** Feed URL → its subscription's fields (with `slug`). */
	readonly feeds: ReadonlyMap<string, FeedRecord>;
	readonly feedSettings: ReadonlyMap<string, Readonly<Record<string, unknown>>>;
	/** View name → query. */
	readonly views: ReadonlyMap<string, string>;
};

export const emptyView = (): SharedView => ({read: new Set(), starred: new Set(), positions: new Map(), feeds: new Map(), feedSettings: new Map(), views: new Map()});

/** A change to a device's local store that brings it to the joined state. */
export type Patch =
	| {readonly kind: 'r' | 's'; readonly id: string; readonly value: boolean}
	| {readonly kind: 'p'; readonly id: string; readonly value: number}
	| {readonly kind: 'feed-add'; readonly url: string; readonly record: FeedRecord}
	| {readonly kind: 'feed-remove'; readonly url: string}
	| {readonly kind: 'feed-field'; readonly url: string; readonly field: string; readonly value: string | boolean | null}
	| {readonly kind: 'fs'; readonly url: string; readonly value: Readonly<Record<string, unknown>> | null}
	| {readonly kind: 'v'; readonly name: string; readonly value: string | null};

/** A change without its clock: the clock is given when the change is recorded. */
export type Change = Omit<Entry, 'hlc'>;

const valueOf = (joined: Joined, kind: EntryKind, id: string, field = ''): EntryValue | undefined => joined.get(kind, id, field)?.value;

/** The fields of the subscription at `url` in `joined`. */
function feedRecordOf(joined: Joined, url: string, fieldsByUrl: ReadonlyMap<string, Entry[]>): FeedRecord {
	const record: Record<string, string | boolean> = {};
	for (const entry of fieldsByUrl.get(url) ?? []) {
		if (typeof entry.value === 'string' || typeof entry.value === 'boolean') {
			record[entry.field] = entry.value;
		}
	}

	void joined;
	return record;
}

/**
Where `local` and `joined` differ, both ways: `changes` are the local values (what this device changed since the
join it last wrote: recorded with a new clock), `patches` the joined ones (what to apply to the local store so it
shows the join). A subscription's fields are compared only while the local store has it.
*/
export function differences(local: SharedView, joined: Joined): {changes: Change[]; patches: Patch[]} {
	const changes: Change[] = [];
	const patches: Patch[] = [];
	const flag = (kind: 'r' | 's', set: ReadonlySet<string>) => {
		for (const id of set) {
			if (valueOf(joined, kind, id) !== true) {
				changes.push({kind, id, field: '', value: true});
				patches.push({kind, id, value: false});
			}
		}
	};

	flag('r', local.read);
	flag('s', local.starred);
	for (const [id, line] of local.positions) {
		const joinedLine = valueOf(joined, 'p', id);
		if (joinedLine !== line) {
			changes.push({kind: 'p', id, field: '', value: line});
			patches.push({kind: 'p', id, value: typeof joinedLine === 'number' ? joinedLine : 0});
		}
	}

	const fieldsByUrl = new Map<string, Entry[]>();
	for (const entry of joined.ofKind('ff')) {
		let list = fieldsByUrl.get(entry.id);
		if (list === undefined) {
			list = [];
			fieldsByUrl.set(entry.id, list);
		}

		list.push(entry);
	}

	for (const [url, record] of local.feeds) {
		const subscribed = valueOf(joined, 'f', url) === true;
		if (!subscribed) {
			changes.push({kind: 'f', id: url, field: '', value: true});
			patches.push({kind: 'feed-remove', url});
		}

		for (const [field, value] of Object.entries(record)) {
			const joinedValue = valueOf(joined, 'ff', url, field);
			if (joinedValue !== value) {
				changes.push({kind: 'ff', id: url, field, value});
				if (subscribed) {
					patches.push({kind: 'feed-field', url, field, value: typeof joinedValue === 'string' || typeof joinedValue === 'boolean' ? joinedValue : null});
				}
			}
		}

		for (const entry of fieldsByUrl.get(url) ?? []) {
			if (entry.value !== null && record[entry.field] === undefined) {
				changes.push({kind: 'ff', id: url, field: entry.field, value: null});
				if (subscribed && (typeof entry.value === 'string' || typeof entry.value === 'boolean')) {
					patches.push({kind: 'feed-field', url, field: entry.field, value: entry.value});
				}
			}
		}
	}

	for (const [url, settings] of local.feedSettings) {
		const joinedValue = valueOf(joined, 'fs', url);
		if (canonical(joinedValue ?? null) !== canonical(settings)) {
			changes.push({kind: 'fs', id: url, field: '', value: settings});
			patches.push({kind: 'fs', url, value: isRecord(joinedValue) ? joinedValue : null});
		}
	}

	for (const [name, query] of local.views) {
		const joinedValue = valueOf(joined, 'v', name);
		if (joinedValue !== query) {
			changes.push({kind: 'v', id: name, field: '', value: query});
			patches.push({kind: 'v', name, value: typeof joinedValue === 'string' ? joinedValue : null});
		}
	}

	joined.forEach(entry => {
		switch (entry.kind) {
			case 'r':
			case 's': {
				const set = entry.kind === 'r' ? local.read : local.starred;
				if (entry.value === true && !set.has(entry.id)) {
					changes.push({kind: entry.kind, id: entry.id, field: '', value: false});
					patches.push({kind: entry.kind, id: entry.id, value: true});
				}

				break;
			}

			case 'p': {
				if (typeof entry.value === 'number' && entry.value > 0 && !local.positions.has(entry.id)) {
					changes.push({kind: 'p', id: entry.id, field: '', value: 0});
					patches.push({kind: 'p', id: entry.id, value: entry.value});
				}

				break;
			}

			case 'f': {
				if (entry.value === true && !local.feeds.has(entry.id)) {
					changes.push({kind: 'f', id: entry.id, field: '', value: false});
					const record = feedRecordOf(joined, entry.id, fieldsByUrl);
					if (typeof record['slug'] === 'string') {
						patches.push({kind: 'feed-add', url: entry.id, record});
					}
				}

				break;
			}

			case 'fs': {
				if (isRecord(entry.value) && !local.feedSettings.has(entry.id)) {
					changes.push({kind: 'fs', id: entry.id, field: '', value: null});
					patches.push({kind: 'fs', url: entry.id, value: entry.value});
				}

				break;
			}

			case 'v': {
				if (typeof entry.value === 'string' && !local.views.has(entry.id)) {
					changes.push({kind: 'v', id: entry.id, field: '', value: null});
					patches.push({kind: 'v', name: entry.id, value: entry.value});
				}

				break;
			}

			case 'ff': {
				break;
			}
		}
	});

	return {changes, patches};
}

/**
A shared view as a merge left it, for the next merge to find this device's own changes without the join (issue 14):
the marks, stars and positions copied, the subscriptions, feed settings and views as one canonical text.
*/
export type Baseline = {readonly read: Set<string>; readonly starred: Set<string>; readonly positions: Map<string, number>; readonly rest: string};

const restOf = (view: SharedView): string => canonical([
	Object.fromEntries(view.feeds),
	Object.fromEntries(view.feedSettings),
	Object.fromEntries(view.views),
]);

export const baselineOf = (view: SharedView): Baseline => ({read: new Set(view.read), starred: new Set(view.starred), positions: new Map(view.positions), rest: restOf(view)});

/**
What changed from `baseline` to `view`, as `differences` records it against a join that `baseline` shows exactly:
a mark or star made (true) or taken back (false), a position set or gone (0). Undefined when the subscriptions, the
feed settings or the views changed too: those take a whole merge.
*/
export function baselineChanges(baseline: Baseline, view: SharedView): Change[] | undefined {
	if (restOf(view) !== baseline.rest) {
		return undefined;
	}

	const changes: Change[] = [];
	const flags = (kind: 'r' | 's', before: ReadonlySet<string>, after: ReadonlySet<string>) => {
		for (const id of after) {
			if (!before.has(id)) {
				changes.push({kind, id, field: '', value: true});
			}
		}

		for (const id of before) {
			if (!after.has(id)) {
				changes.push({kind, id, field: '', value: false});
			}
		}
	};

	flags('r', baseline.read, view.read);
	flags('s', baseline.starred, view.starred);
	for (const [id, line] of view.positions) {
		if (baseline.positions.get(id) !== line) {
			changes.push({kind: 'p', id, field: '', value: line});
		}
	}

	for (const id of baseline.positions.keys()) {
		if (!view.positions.has(id)) {
			changes.push({kind: 'p', id, field: '', value: 0});
		}
	}

	return changes;
}

/** The baseline after `changes` (from `baselineChanges`), changed in place. */
export function advanceBaseline(baseline: Baseline, changes: readonly Change[]): void {
	for (const change of changes) {
		if (change.kind === 'r' || change.kind === 's') {
			const set = change.kind === 'r' ? baseline.read : baseline.starred;
			if (change.value === true) {
				set.add(change.id);
			} else {
				set.delete(change.id);
			}
		} else if (change.kind === 'p') {
			if (typeof change.value === 'number' && change.value > 0) {
				baseline.positions.set(change.id, change.value);
			} else {
				baseline.positions.delete(change.id);
			}
		}
	}
}

/** The shared view that `joined` stands for (what every device shows once it has merged). */
export function materialise(joined: Joined): SharedView {
	const read = new Set<string>();
	const starred = new Set<string>();
	const positions = new Map<string, number>();
	const feeds = new Map<string, Record<string, string | boolean>>();
	const fields: Entry[] = [];
	const feedSettings = new Map<string, Readonly<Record<string, unknown>>>();
	const views = new Map<string, string>();
	for (const entry of joined.values()) {
		if (entry.kind === 'r' && entry.value === true) {
			read.add(entry.id);
		} else if (entry.kind === 's' && entry.value === true) {
			starred.add(entry.id);
		} else if (entry.kind === 'p' && typeof entry.value === 'number' && entry.value > 0) {
			positions.set(entry.id, entry.value);
		} else if (entry.kind === 'f' && entry.value === true) {
			feeds.set(entry.id, {});
		} else if (entry.kind === 'ff') {
			fields.push(entry);
		} else if (entry.kind === 'fs' && isRecord(entry.value)) {
			feedSettings.set(entry.id, entry.value);
		} else if (entry.kind === 'v' && typeof entry.value === 'string') {
			views.set(entry.id, entry.value);
		}
	}

	for (const entry of fields) {
		const record = feeds.get(entry.id);
		if (record !== undefined && (typeof entry.value === 'string' || typeof entry.value === 'boolean')) {
			record[entry.field] = entry.value;
		}
	}

	for (const [url, record] of feeds) {
		if (typeof record['slug'] !== 'string') {
			feeds.delete(url);
		}
	}

	return {read, starred, positions, feeds, feedSettings, views};
}

/** The marks a merge patch changes: the store's sets and map, or a shared view's copies of them. */
export type MarkTarget = {readonly read: Set<string>; readonly starred: Set<string>; readonly positions: Map<string, number>};

/** Applies a read, starred or position patch (the one place both the store and a view take them); false for others. */
export function applyMarkPatch(target: MarkTarget, patch: Patch): boolean {
	switch (patch.kind) {
		case 'r':
		case 's': {
			const set = patch.kind === 'r' ? target.read : target.starred;
			if (patch.value) {
				set.add(patch.id);
			} else {
				set.delete(patch.id);
			}

			return true;
		}

		case 'p': {
			if (patch.value > 0) {
				target.positions.set(patch.id, patch.value);
			} else {
				target.positions.delete(patch.id);
			}

			return true;
		}

		default: {
			return false;
		}
	}
}

/** Applies patches to a shared view (a copy): what the adapter does to the store, for the tests and the status. */
export function applyPatches(view: SharedView, patches: readonly Patch[]): SharedView {
	const read = new Set(view.read);
	const starred = new Set(view.starred);
	const positions = new Map(view.positions);
	const feeds = new Map<string, FeedRecord>(view.feeds);
	const feedSettings = new Map(view.feedSettings);
	const views = new Map(view.views);
	for (const patch of patches) {
		if (applyMarkPatch({read, starred, positions}, patch)) {
			continue;
		}

		switch (patch.kind) {
			case 'feed-add': {
				feeds.set(patch.url, patch.record);
				break;
			}

			case 'feed-remove': {
				feeds.delete(patch.url);
				break;
			}

			case 'feed-field': {
				const record = feeds.get(patch.url);
				if (record !== undefined) {
					const next: Record<string, string | boolean> = {...record};
					if (patch.value === null) {
						delete next[patch.field];
					} else {
						next[patch.field] = patch.value;
					}

					feeds.set(patch.url, next);
				}

				break;
			}

			case 'fs': {
				if (patch.value === null) {
					feedSettings.delete(patch.url);
				} else {
					feedSettings.set(patch.url, patch.value);
				}

				break;
			}

			case 'v': {
				if (patch.value === null) {
					views.delete(patch.name);
				} else {
					views.set(patch.name, patch.value);
				}

				break;
			}
		}
	}

	return {read, starred, positions, feeds, feedSettings, views};
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
