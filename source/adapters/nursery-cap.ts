import {PerformanceObserver} from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

/**
A ceiling on the young generation of the reader's heap (issue 14: peak RSS).

Node 24's V8 doubles the young generation each time more bytes have survived its scavenges, in all, than it holds:
the reader, which keeps a little of every frame (Ink's line caches, the pages drawn ahead), grew it to ~57 MB resident
in the bench's minute of keys at 10k articles (the test's allocation: 80 MB), where 8 MB does the same work.
`--max-semi-space-size` can only be given when Node starts; what can be changed later is the growth factor, which V8
reads each time it would grow. So once the nursery is past half of `mb`, growing is turned off (factor 1); should V8
shrink it again (its memory reducer, when idle), growing is turned back on until it is there again. Checked after
each garbage collection, never on a timer: an idle reader does no work for this. Measured with the bench's driver,
8 runs each way in turn (the note of the commit that added this): 10k peak RSS 234 → 193 MB, 1k 182 → 164 MB, the
keys no slower (with `scavengeWhenStill` below).

A V8 flag changed at run time changes the hash that Node's built-in code cache and its compile cache are checked
against, so a worker that boots meanwhile compiles Node's own modules again (~25 ms more to start, measured) and
misses the compile cache made under the other flags. `holiday` gives V8's own flags back while something the reader
waits for needs them: the renderer's worker booting and loading (the flags are the defaults again then, so both
caches are accepted), and a long article rendering and coming back (a burst that survives: the 1 MB article's first
screen took 30 ms more in a nursery held small). The background workers (library scan, index, feeds, images) boot
under the ceiling's flag, ~25 ms later, off the reader's thread.
*/
const defaultGrowthFactor = 2;

type Cap = {readonly ceiling: number; growing: boolean; holidays: number};
let cap: Cap | undefined;

const newSpace = () => v8.getHeapSpaceStatistics().find(({space_name: name}) => name === 'new_space');

function check(): void {
	if (cap === undefined) {
		return;
	}

	// V8 doubles it: a nursery over half the ceiling may not grow again.
	const growing = cap.holidays > 0 || (newSpace()?.physical_space_size ?? 0) * 2 <= cap.ceiling;
	if (growing !== cap.growing) {
		cap.growing = growing;
		v8.setFlagsFromString(`--semi-space-growth-factor=${growing ? defaultGrowthFactor : 1}`);
	}
}

/** Holds this process's nursery to `mb` megabytes from now on (once; for the life of the process). */
export function capNursery(mb: number): void {
	if (cap !== undefined) {
		return;
	}

	try {
		new PerformanceObserver(check).observe({entryTypes: ['gc']});
	} catch {
		return;
	}

	cap = {ceiling: mb * 1024 * 1024, growing: true, holidays: 0};
	check();
}

/** V8's default flags until `work` settles (see above); `work` itself is returned. Without a ceiling, nothing. */
export async function holiday<T>(work: Promise<T>): Promise<T> {
	const during = cap;
	if (during === undefined) {
		return work;
	}

	during.holidays++;
	check();
	try {
		return await work;
	} finally {
		during.holidays--;
		check();
	}
}

/** V8's `gc` with the options Node gives it. */
type Gc = (options: {type: 'minor'} | {type: 'major'; execution: 'sync'; flavor: 'last-resort'}) => void;
let gcFunction: Gc | false | undefined;
/** What the stillness checks did (for tests): how many ran, how many scavenged, how full the last one found it. */
const stillness = {checks: 0, scavenges: 0, share: 0};

/** V8's `gc`, taken from a fresh context while `--expose-gc` is on for a moment (no flag stays changed). */
function collector(): Gc | false {
	if (gcFunction === undefined) {
		try {
			v8.setFlagsFromString('--expose-gc');
			gcFunction = vm.runInNewContext('gc') as Gc;
		} catch {
			gcFunction = false;
		} finally {
			v8.setFlagsFromString('--no-expose-gc');
		}
	}

	return gcFunction;
}

/**
Empties the nursery while the reader is still: `stillMs` after the last `moved()` (each frame), a scavenge if the
nursery is over a quarter full, so that the next key rarely pays for one (with the ceiling above, a scavenge comes
every few MB of allocation; one costs ~0.3–2 ms, now spent between keys instead of inside one). One timer at a time,
unref'd; nothing runs while nothing moves.
*/
export function scavengeWhenStill(stillMs: number): {moved(): void; stop(): void} {
	let last = 0;
	let timer: NodeJS.Timeout | undefined;
	const fire = (): void => {
		timer = undefined;
		const wait = last + stillMs - performance.now();
		if (wait > 0) {
			timer = setTimeout(fire, wait);
			timer.unref();
			return;
		}

		const space = newSpace();
		const gc = collector();
		stillness.checks++;
		stillness.share = space === undefined ? 0 : space.space_used_size / (space.space_used_size + space.space_available_size);
		if (gc !== false && stillness.share > 0.25) {
			gc({type: 'minor'});
			stillness.scavenges++;
		}
	};

	return {
		moved() {
			last = performance.now();
			if (timer === undefined) {
				timer = setTimeout(fire, stillMs);
				timer.unref();
			}
		},
		stop() {
			clearTimeout(timer);
			timer = undefined;
		},
	};
}

/** Whether the nursery may grow now (for tests). */
export const nurseryGrowing = (): boolean => cap?.growing ?? true;

/** Whether a holiday is on (for tests). */
export const onHoliday = (): boolean => (cap?.holidays ?? 0) > 0;

/**
What `scavengeWhenStill` has done (for tests): its checks, its scavenges (V8's own come whenever the nursery fills,
and a full collection of V8's empties it too), and how full the nursery was at the last check (0–1).
*/
export const stillChecks = (): Readonly<typeof stillness> => ({...stillness});

/** From this many rows on, a large library's start pays for one memory-reducing collection (`compactAfterLoad`). */
export const compactFromRows = 50_000;

/**
One memory-reducing full collection after a large library's index is read, before the first frame (issue 14: peak
RSS). Reading the index leaves its garbage spread over the old generation's pages (the parse, the sort's keys, the
store's file): at 100,000 rows ~150 MB committed for ~115 MB live. Node 24's V8 keeps a freed page in the process for
any thread to reuse rather than giving it back, so that slack stayed for the session and everything after stacked on
it. A collection of the `last-resort` kind compacts and returns the free pages (~100 ms at 100,000 rows, paid once
before the titles; under `compactFromRows` rows it would cost more start than it saves). Returns its milliseconds (0
when not run).
*/
export function compactAfterLoad(rows: number): number {
	if (rows < compactFromRows) {
		return 0;
	}

	const gc = collector();
	if (gc === false) {
		return 0;
	}

	const start = performance.now();
	gc({type: 'major', execution: 'sync', flavor: 'last-resort'});
	return performance.now() - start;
}
