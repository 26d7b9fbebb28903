/**
The journal of mark changes: every change to read marks and stars is recorded here, so that `u` (and `tidings undo`)
can take it back and `Ctrl-R` (and `tidings redo`) can put it back, across restarts. It lives in the state store as
`journal` (`{entries, pointer}`), and every function here is a mutator over the store's state: run inside
`store.change`, it is applied to memory at once and again to the file's state at the flush, so two processes that both
record changes merge instead of losing one another's.

`pointer` counts the entries that are applied; entries after it are the ones `redo` puts back, and recording a new
change drops them (as every editor's undo does).
*/

export type MarkKind = 'read' | 'star';

/**
One change. `after` is the state every id was set to (a change always sets one value); `before` is what each id had:
one boolean when they all had the same, else a string of `0`/`1`, one character per id. That keeps "mark all read"
over 10,000 articles at 10,000 ids plus a word, not 10,000 objects.
*/
export type JournalEntry = {
	readonly kind: MarkKind;
	readonly ids: readonly string[];
	readonly before: boolean | string;
	readonly after: boolean;
	/**
	A random token naming this change, so that undo takes back the change the user saw even when other processes have
	recorded changes after it (issue 15). Entries written before it existed have none and are matched by content.
	*/
	readonly id?: string;
};

export type Journal = {readonly entries: readonly JournalEntry[]; readonly pointer: number};

/** What the journal functions need from the store's state (a `StoreState` is one). */
export type JournalTarget = {
	read: Set<string>;
	starred: Set<string>;
	/** The journal as the store keeps it (checked by `readJournal`). */
	journal?: unknown;
};

/** At most this many changes are kept… */
export const journalLimit = 1000;
/** …and at most this many ids across them, so that a store file stays small after many bulk changes. */
export const journalIdLimit = 100_000;

const emptyJournal: Journal = {entries: [], pointer: 0};

// Journals written by the functions below are well formed by construction: checking one again on every change would
// cost a pass over up to `journalIdLimit` ids per mark. Only a journal read from the file is checked.
const trusted = new WeakSet<object>();

function keep(target: JournalTarget, journal: Journal): void {
	trusted.add(journal);
	target.journal = journal;
}

function isEntry(value: unknown): value is JournalEntry {
	if (typeof value !== 'object' || value === null) {
		return false;
	}

	const {kind, ids, before, after} = value as Record<string, unknown>;
	if ((kind !== 'read' && kind !== 'star') || typeof after !== 'boolean' || !Array.isArray(ids) || !ids.every(id => typeof id === 'string')) {
		return false;
	}

	const {id} = value as Record<string, unknown>;
	if (id !== undefined && typeof id !== 'string') {
		return false;
	}

	return typeof before === 'boolean' || (typeof before === 'string' && before.length === ids.length && /^[01]*$/u.test(before));
}

/** The journal in a store's `journal`, dropping entries that are not well formed (never throwing). */
export function readJournal(value: unknown): Journal {
	if (typeof value !== 'object' || value === null) {
		return emptyJournal;
	}

	if (trusted.has(value)) {
		return value as Journal;
	}

	const {entries, pointer} = value as Record<string, unknown>;
	if (!Array.isArray(entries)) {
		return emptyJournal;
	}

	const kept = entries.filter(entry => isEntry(entry));
	const at = typeof pointer === 'number' && Number.isInteger(pointer) ? Math.max(0, Math.min(pointer, kept.length)) : kept.length;
	return {entries: kept, pointer: at};
}

let idSeed: {readonly seed: string; next: number} | undefined;

/**
Runs `work` (a store mutator) so that the entries it records get ids made from `seed`. The store applies a mutator
twice, to memory at once and to the file's state at the flush: with the same seed both get the same ids, so that
`undoEntry` finds on disk the entry the user saw in memory.
*/
export function withEntryIds(seed: string, work: () => void): void {
	const outer = idSeed;
	idSeed = {seed, next: 0};
	try {
		work();
	} finally {
		idSeed = outer;
	}
}

/** A fresh entry id: random (or from the seed of `withEntryIds`), so two processes never make the same one. */
const newEntryId = (): string => (idSeed === undefined ? globalThis.crypto.randomUUID() : `${idSeed.seed}-${idSeed.next++}`);

const setOf = (target: JournalTarget, kind: MarkKind) => (kind === 'read' ? target.read : target.starred);

export const beforeAt = (entry: JournalEntry, index: number): boolean =>
	typeof entry.before === 'boolean' ? entry.before : entry.before[index] === '1';

function bound(entries: JournalEntry[]): JournalEntry[] {
	let start = Math.max(0, entries.length - journalLimit);
	let ids = 0;
	for (let index = entries.length - 1; index >= start; index--) {
		ids += entries[index]!.ids.length;
		if (ids > journalIdLimit && index < entries.length - 1) {
			start = index + 1;
			break;
		}
	}

	return start === 0 ? entries : entries.slice(start);
}

/**
Sets `ids` to `after` (read, or starred) and records the change. Ids already in that state are left out of the
entry; when none change, nothing is recorded. Returns how many ids changed.
*/
export function recordChange(target: JournalTarget, change: {readonly kind: MarkKind; readonly ids: readonly string[]; readonly after: boolean}): number {
	const set = setOf(target, change.kind);
	const ids: string[] = [];
	const seen = new Set<string>();
	for (const id of change.ids) {
		if (!seen.has(id) && set.has(id) !== change.after) {
			seen.add(id);
			ids.push(id);
		}
	}

	if (ids.length === 0) {
		return 0;
	}

	for (const id of ids) {
		if (change.after) {
			set.add(id);
		} else {
			set.delete(id);
		}
	}

	const journal = readJournal(target.journal);
	const entries = [...journal.entries.slice(0, journal.pointer), {kind: change.kind, ids, before: !change.after, after: change.after, id: newEntryId()}];
	const kept = bound(entries);
	keep(target, {entries: kept, pointer: kept.length});
	return ids.length;
}

/** A short description of an entry, for the status line: "marked 12 articles read". */
export function describeEntry(entry: JournalEntry): string {
	const count = entry.ids.length === 1 ? '1 article' : `${entry.ids.length} articles`;
	if (entry.kind === 'read') {
		return `marked ${count} ${entry.after ? 'read' : 'unread'}`;
	}

	return `${entry.after ? 'starred' : 'unstarred'} ${count}`;
}

function setAll(target: JournalTarget, entry: JournalEntry, value: (index: number) => boolean): void {
	const set = setOf(target, entry.kind);
	for (const [index, id] of entry.ids.entries()) {
		if (value(index)) {
			set.add(id);
		} else {
			set.delete(id);
		}
	}
}

/** Takes back the last applied change. Returns it, or undefined when there is nothing to undo. */
export function undoChange(target: JournalTarget): JournalEntry | undefined {
	const journal = readJournal(target.journal);
	const entry = journal.entries[journal.pointer - 1];
	if (entry === undefined) {
		return undefined;
	}

	setAll(target, entry, index => beforeAt(entry, index));
	keep(target, {entries: journal.entries, pointer: journal.pointer - 1});
	return entry;
}

/** Applies again the last change that was undone. Returns it, or undefined when there is nothing to redo. */
export function redoChange(target: JournalTarget): JournalEntry | undefined {
	const journal = readJournal(target.journal);
	const entry = journal.entries[journal.pointer];
	if (entry === undefined) {
		return undefined;
	}

	setAll(target, entry, () => entry.after);
	keep(target, {entries: journal.entries, pointer: journal.pointer + 1});
	return entry;
}

/** The same change: by id when both have one, else by content (entries from before ids existed). */
export function sameEntry(a: JournalEntry, b: JournalEntry): boolean {
	if (a.id !== undefined || b.id !== undefined) {
		return a.id === b.id;
	}

	return a.kind === b.kind && a.after === b.after && a.before === b.before && a.ids.length === b.ids.length && a.ids.every((id, index) => b.ids[index] === id);
}

/** The last applied change (what `undoChange` would take back), without changing anything. */
export function lastApplied(target: JournalTarget): JournalEntry | undefined {
	const journal = readJournal(target.journal);
	return journal.entries[journal.pointer - 1];
}

/** The next undone change (what `redoChange` would put back), without changing anything. */
export function nextUndone(target: JournalTarget): JournalEntry | undefined {
	const journal = readJournal(target.journal);
	return journal.entries[journal.pointer];
}

/**
Takes back `shown`, the change the user saw, wherever it is among the applied changes: when other processes have
recorded changes after it, only its ids are set back, and it moves to the head of the undone changes (so `redo`
puts it back). Returns undefined when it is not applied any more (undone elsewhere, or dropped from the journal):
the caller says it cannot.
*/
export function undoEntry(target: JournalTarget, shown: JournalEntry): JournalEntry | undefined {
	const journal = readJournal(target.journal);
	let at = -1;
	for (let index = journal.pointer - 1; index >= 0; index--) {
		if (sameEntry(journal.entries[index]!, shown)) {
			at = index;
			break;
		}
	}

	if (at === -1) {
		return undefined;
	}

	const entry = journal.entries[at]!;
	setAll(target, entry, index => beforeAt(entry, index));
	const entries = [...journal.entries];
	entries.splice(at, 1);
	entries.splice(journal.pointer - 1, 0, entry);
	keep(target, {entries, pointer: journal.pointer - 1});
	return entry;
}

/** Puts back `shown`, a change the user saw undone, wherever it is among the undone changes; undefined when it is not. */
export function redoEntry(target: JournalTarget, shown: JournalEntry): JournalEntry | undefined {
	const journal = readJournal(target.journal);
	const at = journal.entries.findIndex((entry, index) => index >= journal.pointer && sameEntry(entry, shown));
	if (at === -1) {
		return undefined;
	}

	const entry = journal.entries[at]!;
	setAll(target, entry, () => entry.after);
	const entries = [...journal.entries];
	entries.splice(at, 1);
	entries.splice(journal.pointer, 0, entry);
	keep(target, {entries, pointer: journal.pointer + 1});
	return entry;
}

/** The JSON schema of `journal`, for the state store's `storeSchema`. */
export const journalSchema = {
	type: 'object',
	properties: {
		pointer: {type: 'number', minimum: 0},
		entries: {
			type: 'array',
			items: {
				type: 'object',
				required: ['kind', 'ids', 'before', 'after'],
				properties: {
					kind: {enum: ['read', 'star']},
					ids: {type: 'array', items: {type: 'string'}},
					before: {anyOf: [{type: 'boolean'}, {type: 'string'}]},
					after: {type: 'boolean'},
					id: {type: 'string'},
				},
			},
		},
	},
} as const;
