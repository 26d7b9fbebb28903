/**
A small seeded PRNG (sfc32 seeded through splitmix32), so a corpus is the same bytes on every machine and every run.
`Math.random` cannot be seeded, and one stream per article (seeded from the corpus seed and the article's index) lets
any single article be regenerated on its own, in any order, which the RSS writer and the screen matchers rely on.
*/
export type Random = {
	/** A float in [0, 1). */
	next(): number;
	/** An integer in [min, max], both ends included. */
	int(min: number, max: number): number;
	pick<T>(items: readonly T[]): T;
	chance(probability: number): boolean;
};

function splitmix32(seed: number): () => number {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x9e_37_79_b9) >>> 0;
		let z = state;
		z = Math.imul(z ^ (z >>> 16), 0x85_eb_ca_6b);
		z = Math.imul(z ^ (z >>> 13), 0xc2_b2_ae_35);
		return (z ^ (z >>> 16)) >>> 0;
	};
}

export function createRandom(...seeds: number[]): Random {
	let mixed = 0x12_34_56_78;
	for (const seed of seeds) {
		mixed = splitmix32(mixed ^ (seed >>> 0))();
	}

	const seeder = splitmix32(mixed);
	let a = seeder();
	let b = seeder();
	let c = seeder();
	let d = seeder();
	const next = (): number => {
		a >>>= 0;
		b >>>= 0;
		c >>>= 0;
		d >>>= 0;
		let t = (a + b) | 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) | 0;
		c = (c << 21) | (c >>> 11);
		d = (d + 1) | 0;
		t = (t + d) | 0;
		c = (c + t) | 0;
		return (t >>> 0) / 4_294_967_296;
	};

	// The generator's first outputs are still close to the seed; discard a few.
	for (let i = 0; i < 12; i++) {
		next();
	}

	return {
		next,
		int: (min, max) => min + Math.floor(next() * (max - min + 1)),
		pick: items => items[Math.floor(next() * items.length)]!,
		chance: probability => next() < probability,
	};
}
