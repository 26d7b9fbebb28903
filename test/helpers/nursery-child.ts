// Runs one scenario of adapters/nursery-cap.ts in a process of its own (V8's flags belong to the process, and ava runs
// test files side by side in one) and prints what it saw as one line of JSON.
import {setImmediate as turn} from 'node:timers/promises';
import v8 from 'node:v8';
import {capNursery, compactAfterLoad, compactFromRows, holiday, nurseryGrowing, onHoliday, scavengeWhenStill, stillChecks} from '../../source/adapters/nursery-cap.js';
import {RenderWorker} from '../../source/adapters/render-worker.js';
import {neutralise, neutraliseLine} from '../../source/core/text/neutralise.js';
import type {Article} from '../../source/core/types.js';

const newSpace = () => v8.getHeapSpaceStatistics().find(space => space.space_name === 'new_space')!;
/**
Whether the ceiling holds: growth is off, or the nursery is no bigger than it (growth is on while it is under half of
it; a GC may double it to the ceiling before the ceiling's observer, which runs after the GC, turns growth off).
*/
const held = () => !nurseryGrowing() || newSpace().physical_space_size <= 8 * 1024 * 1024;
const mb = (bytes: number) => Math.round(bytes / 1024 / 10.24) / 100;

/**
A reader's kind of allocation: in turns of the event loop, some of each turn kept for a while. Returns the nursery's
usual size over the turns (the median: while V8 marks the old generation, the nursery's pages run over for a moment).
*/
/** Where garbage is kept for a moment, so that making it cannot be optimised away. */
const sink: unknown[] = [];

/** Garbage until the nursery is `share` full (or as near as V8's own scavenges let it be). */
function fill(share: number): void {
	for (let round = 0; round < 1000; round++) {
		const space = newSpace();
		if (space.space_used_size >= share * (space.space_used_size + space.space_available_size)) {
			break;
		}

		sink[0] = Array.from({length: 500}, (_, index) => ({index}));
	}

	sink.length = 0;
}

async function allocate(turns: number): Promise<number> {
	let kept: Array<{index: number; text: string}> = [];
	const sizes: number[] = [];
	for (let index = 0; index < turns; index++) {
		for (let item = 0; item < 20_000; item++) {
			kept.push({index: item, text: `line ${index} ${item}`});
		}

		if (kept.length > 200_000) {
			kept = kept.slice(100_000);
		}

		sizes.push(newSpace().physical_space_size);
		await turn();
	}

	return sizes.sort((a, b) => a - b)[Math.floor(sizes.length / 2)]!;
}

const scenario = process.argv[2];
if (scenario === 'uncapped') {
	console.log(JSON.stringify({usual: mb(await allocate(150))}));
} else if (scenario === 'capped') {
	capNursery(8);
	console.log(JSON.stringify({usual: mb(await allocate(150)), held: held()}));
} else if (scenario === 'holiday') {
	capNursery(8);
	await allocate(60);
	const before = held();
	let release = () => {};
	const during = holiday(new Promise<void>(resolve => {
		release = resolve;
	}));
	const inHoliday = onHoliday() && nurseryGrowing();
	const usual = await allocate(150);
	release();
	await during;
	await allocate(5);
	console.log(JSON.stringify({before, inHoliday, after: held(), usual: mb(usual)}));
} else if (scenario === 'still') {
	// 300 ms of stillness here (the reader waits 25 ms): a test machine under load may hold a 10 ms timer back far
	// longer than 25 ms, which would be stillness too.
	const still = scavengeWhenStill(300);
	const frame = async () => new Promise(resolve => {
		setTimeout(resolve, 10);
	});
	// Frames every 10 ms, each leaving garbage: the nursery fills and empties (V8's own scavenges), the scavenger waits.
	// The longest gap between two frames is reported: one of 300 ms or more (a machine that held the timer back) is
	// stillness too, and a check in it is right.
	let last = performance.now();
	let longestGap = 0;
	for (let index = 0; index < 10; index++) {
		still.moved();
		longestGap = Math.max(longestGap, performance.now() - last);
		last = performance.now();
		fill(0.6);
		await frame();
	}

	longestGap = Math.max(longestGap, performance.now() - last);
	const whileMoving = stillChecks().checks;
	// The last frame's garbage: over a quarter of the nursery when the stillness begins.
	still.moved();
	fill(0.6);
	const full = newSpace().space_used_size;
	await new Promise(resolve => {
		setTimeout(resolve, 900);
	});
	const {checks, scavenges, share} = stillChecks();
	console.log(JSON.stringify({whileMoving, longestGap, checks, scavenges, share, full: mb(full), still: mb(newSpace().space_used_size)}));
	still.stop();
} else if (scenario === 'renders') {
	capNursery(8);
	await allocate(60);
	const worker = new RenderWorker();
	const warming = worker.warm();
	const whileBooting = onHoliday() && nurseryGrowing();
	await warming;
	await allocate(5);
	const afterBoot = held();
	const article = (body: string): Article => ({
		meta: {id: 'a', path: 'a.md', title: neutraliseLine('A'), source: neutraliseLine('test'), tags: [], kind: 'md', size: body.length, mtimeMs: 0, words: 1},
		body: neutralise(body),
		warnings: [],
	});
	const short = worker.render(article('# Short\n\nA paragraph.\n'), {width: 60, color: false});
	const whileShort = held() && !onHoliday();
	await short;
	const long = worker.render(article('A paragraph of a long read, said again and again.\n\n'.repeat(6000)), {width: 60, color: false});
	const whileLong = onHoliday() && nurseryGrowing();
	const lines = (await long).lines.length;
	await allocate(5);
	console.log(JSON.stringify({whileBooting, afterBoot, whileShort, whileLong, afterLong: held(), lines}));
	await worker.close();
} else if (scenario === 'compact') {
	// A load's garbage spread over the old generation's pages: kept alive until it is all promoted, then dropped.
	const kept = Array.from({length: 300_000}, (_, index) => ({text: `row ${index} `.repeat(4)})).filter((_, index) => index % 10 === 0);
	const before = process.memoryUsage().heapTotal;
	const under = compactAfterLoad(compactFromRows - 1);
	const ms = compactAfterLoad(compactFromRows);
	const after = process.memoryUsage().heapTotal;
	console.log(JSON.stringify({under, ms, beforeMb: before / 1e6, afterMb: after / 1e6, kept: kept.length}));
}

