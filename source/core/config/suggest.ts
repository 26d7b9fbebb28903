/** Near misses in what a user wrote: a mistyped setting, key command or context. */

/** ` (did you mean x?)` for a near miss (edit distance at most 2). */
export function suggest(word: string, known: readonly string[]): string {
	const near = known.map(name => [name, distance(word.toLowerCase(), name.toLowerCase())] as const).filter(([, d]) => d <= 2).sort((a, b) => a[1] - b[1])[0];
	return near ? ` (did you mean ${near[0]}?)` : '';
}

function distance(a: string, b: string): number {
	if (Math.abs(a.length - b.length) > 2 || a.length > 64 || b.length > 64) {
		return 99;
	}

	let previous = Array.from({length: b.length + 1}, (_, index) => index);
	for (let i = 1; i <= a.length; i++) {
		const current = [i];
		for (let j = 1; j <= b.length; j++) {
			current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
		}

		previous = current;
	}

	return previous[b.length]!;
}
