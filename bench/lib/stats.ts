export type Summary = {n: number; median: number; p95: number; min: number; max: number};

/** Samples by measure name; every sample of every run is kept, so medians and p95s pool the runs. */
export class Samples {
	readonly values: Record<string, number[]> = {};

	add(name: string, value: number): void {
		(this.values[name] ??= []).push(value);
	}

	summary(name: string): Summary | undefined {
		return summarise(this.values[name] ?? []);
	}

	summaries(): Record<string, Summary> {
		const out: Record<string, Summary> = {};
		for (const name of Object.keys(this.values)) {
			const summary = this.summary(name);
			if (summary) {
				out[name] = summary;
			}
		}

		return out;
	}
}

/** Median (mean of the middle two for an even count) and p95 by nearest rank. */
export function summarise(values: readonly number[]): Summary | undefined {
	if (values.length === 0) {
		return undefined;
	}

	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
	const p95 = sorted[Math.min(sorted.length - 1, Math.ceil(0.95 * sorted.length) - 1)]!;
	return {n: sorted.length, median, p95, min: sorted[0]!, max: sorted.at(-1)!};
}
