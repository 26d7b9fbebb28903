/**
Read marks, stars and reading positions as the reducer holds them: immutable values. A change returns a new `Marks`
and leaves the old one as it was, so replaying the same actions gives the same state.

A plain copy of a 50,000-id Set on every mark would cost milliseconds on a key, so each collection is a frozen base
plus a small delta of changes over it (design.md's "base set + small delta"): a change copies only the delta, and
when the delta grows past `compactAt` it is folded into a new base (amortised O(1) a change). The store is written
by an effect (source/effects/store.ts); nothing here touches it.
*/

const compactAt = 512;

/** An immutable map of ids to values: `undefined` in the delta means "removed from the base". */
class IdMap<V> {
	static empty<V>(): IdMap<V> {
		return new IdMap<V>(new Map(), new Map());
	}

	static of<V>(entries: Iterable<readonly [string, V]>): IdMap<V> {
		return new IdMap<V>(new Map(entries), new Map());
	}

	private constructor(private readonly base: ReadonlyMap<string, V>, private readonly delta: ReadonlyMap<string, V | undefined>) {}

	get(id: string): V | undefined {
		return this.delta.has(id) ? this.delta.get(id) : this.base.get(id);
	}

	with(changes: Iterable<readonly [string, V | undefined]>): IdMap<V> {
		const delta = new Map(this.delta);
		for (const [id, value] of changes) {
			delta.set(id, value);
		}

		if (delta.size <= compactAt) {
			return new IdMap(this.base, delta);
		}

		const base = new Map(this.base);
		for (const [id, value] of delta) {
			if (value === undefined) {
				base.delete(id);
			} else {
				base.set(id, value);
			}
		}

		return new IdMap(base, new Map());
	}
}

export type MarkKind = 'read' | 'star';

/** The outcome of a change: the new marks and how many of the ids really changed (for the unread count). */
export type MarkChange = {readonly marks: Marks; readonly flipped: readonly string[]};

export class Marks {
	static empty(): Marks {
		return new Marks(IdMap.empty(), IdMap.empty(), IdMap.empty(), 0);
	}

	/** A snapshot of what the store holds, taken once at start-up (or after another process changed it). */
	static from(snapshot: {readonly read: Iterable<string>; readonly starred: Iterable<string>; readonly positions: Iterable<readonly [string, number]>}): Marks {
		const flag = (ids: Iterable<string>) => IdMap.of<true>([...ids].map(id => [id, true] as const));
		return new Marks(flag(snapshot.read), flag(snapshot.starred), IdMap.of(snapshot.positions), 0);
	}

	private constructor(
		private readonly read: IdMap<true>,
		private readonly starred: IdMap<true>,
		private readonly positions: IdMap<number>,
		/** Changes with every change, so the filter's per-list cache of marks (core/query) knows when to look again. */
		readonly version: number,
	) {}

	isRead(id: string): boolean {
		return this.read.get(id) === true;
	}

	isStarred(id: string): boolean {
		return this.starred.get(id) === true;
	}

	has(kind: MarkKind, id: string): boolean {
		return kind === 'read' ? this.isRead(id) : this.isStarred(id);
	}

	/** The remembered scroll line of an article, if any. */
	position(id: string): number | undefined {
		return this.positions.get(id);
	}

	/** Sets `kind` to `value` for every id; `flipped` lists the ids whose mark really changed. */
	set(kind: MarkKind, ids: readonly string[], value: boolean): MarkChange {
		return this.apply(kind, ids, () => value);
	}

	/** Sets each id to its own value (`values[i]` for `ids[i]`), as undoing a mixed change does. */
	setEach(kind: MarkKind, ids: readonly string[], values: readonly boolean[]): MarkChange {
		return this.apply(kind, ids, index => values[index] === true);
	}

	withPosition(id: string, line: number): Marks {
		if (this.positions.get(id) === (line > 0 ? line : undefined)) {
			return this;
		}

		return new Marks(this.read, this.starred, this.positions.with([[id, line > 0 ? line : undefined]]), this.version);
	}

	private apply(kind: MarkKind, ids: readonly string[], valueAt: (index: number) => boolean): MarkChange {
		const flipped: string[] = [];
		const changes: Array<readonly [string, true | undefined]> = [];
		const seen = new Set<string>();
		for (const [index, id] of ids.entries()) {
			const value = valueAt(index);
			if (seen.has(id)) {
				continue;
			}

			seen.add(id);
			if (this.has(kind, id) !== value) {
				flipped.push(id);
				changes.push([id, value ? true : undefined]);
			}
		}

		if (flipped.length === 0) {
			return {marks: this, flipped};
		}

		const read = kind === 'read' ? this.read.with(changes) : this.read;
		const starred = kind === 'star' ? this.starred.with(changes) : this.starred;
		return {marks: new Marks(read, starred, this.positions, this.version + 1), flipped};
	}
}
