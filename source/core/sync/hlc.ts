/**
Hybrid logical clocks (Kulkarni et al., "Logical Physical Clocks", 2014): a wall time in milliseconds, a counter for
changes within one millisecond (or while the wall clock stands behind a time already seen), and the device that made
the change, so that two clocks are never equal unless they are one change. Ordering is total: wall, then counter,
then device id. Pure: the caller passes the current time.

Why not wall time alone: two machines' clocks differ, and a laptop whose clock is an hour behind would lose every
change it makes to older ones made elsewhere. An HLC never goes backwards on a device and moves past every time it
has seen, so a change made after reading another device's state is ordered after it even with a slow clock.
*/

export type Hlc = {readonly wall: number; readonly counter: number; readonly device: string};

/** The lowest clock: what a change carries when it only fills a gap (a device's first merge), never overriding. */
export const zeroHlc = (device: string): Hlc => ({wall: 0, counter: 0, device});

export function compareHlc(a: Hlc, b: Hlc): number {
	if (a.wall !== b.wall) {
		return a.wall < b.wall ? -1 : 1;
	}

	if (a.counter !== b.counter) {
		return a.counter < b.counter ? -1 : 1;
	}

	return a.device < b.device ? -1 : (a.device > b.device ? 1 : 0);
}

/** A device id as Tidings makes them: 16 lowercase hex digits. Device files of other names are not read. */
export const deviceIdPattern = /^[\da-f]{16}$/u;

/**
How far ahead of our own clock another device's clock may be before we stop following it: a hostile or broken file
with a time in the year 3000 would otherwise drag every later change of ours there. Its changes still merge.
*/
export const maxDriftMs = 24 * 60 * 60 * 1000;

/** The clock for a change made now on `device`, after `last` (the latest clock this device made or saw). */
export function tick(last: Hlc | undefined, now: number, device: string): Hlc {
	const wall = Math.max(Math.trunc(now), last?.wall ?? 0);
	const counter = last !== undefined && wall === last.wall ? last.counter + 1 : 0;
	return {wall, counter, device};
}

/** The clock after seeing `seen` (another device's change): never behind it, unless it is too far in the future. */
export function observe(last: Hlc | undefined, seen: Hlc, now: number): Hlc | undefined {
	if (seen.wall > now + maxDriftMs) {
		return last;
	}

	return last === undefined || compareHlc(seen, last) > 0 ? seen : last;
}

const maxWall = 8_640_000_000_000_000;
const maxCounter = 0xFF_FF_FF;

/** `wall.counter.device`, wall and counter in base 36: short, and readable by a person who must look. */
export const formatHlc = (clock: Hlc): string => `${clock.wall.toString(36)}.${clock.counter.toString(36)}.${clock.device}`;

/** The clock a string written by `formatHlc` stands for; undefined for anything else (a hostile file's junk). */
export function parseHlc(text: unknown): Hlc | undefined {
	if (typeof text !== 'string' || text.length > 64) {
		return undefined;
	}

	const match = /^([\da-z]{1,12})\.([\da-z]{1,6})\.([\da-f]{16})$/u.exec(text);
	if (match === null) {
		return undefined;
	}

	const wall = Number.parseInt(match[1]!, 36);
	const counter = Number.parseInt(match[2]!, 36);
	if (!Number.isSafeInteger(wall) || wall > maxWall || counter > maxCounter) {
		return undefined;
	}

	return {wall, counter, device: match[3]!};
}
