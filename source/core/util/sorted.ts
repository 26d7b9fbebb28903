/** The first position in `items` (sorted by `keyOf`, ascending) whose key is at least `target`; `items.length` if none. */
export function lowerBound<T>(items: readonly T[], target: number, keyOf: (item: T) => number): number {
	let low = 0;
	let high = items.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (keyOf(items[middle]!) < target) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return low;
}

export const identity = (value: number): number => value;
