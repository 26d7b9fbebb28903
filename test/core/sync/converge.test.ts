/**
Three simulated devices share one library through a file-sync engine that copies their device files in any order:
whole, truncated (a partial copy), as an old version, or as a sync-conflict copy next to the file. Whatever the
interleaving of local changes, merges and copies, once the engine has copied everything and every device has merged,
all three show the same state, and the changes made last (after seeing everything) are what they all show: no mark
is lost. The merge is the one the adapter runs (`mergeFolder`: the same parsing, conflict names and compaction).
*/
import test from 'ava';
import fc from 'fast-check';
import {encodeDeviceFile} from '../../../source/core/sync/device-file.js';
import {mergeFolder} from '../../../source/core/sync/merge.js';
import {applyPatches, canonical, emptyView, type Patch, type SharedView} from '../../../source/core/sync/shared-state.js';

const ids = ['000000000000000a', '000000000000000b', '000000000000000c'] as const;
const skews = [-7000, 0, 4000];
const articles = ['a1', 'a2', 'a3', 'a4'];
const feeds = ['https://x.test/f1', 'https://x.test/f2'];

type Device = {id: string; local: SharedView; folder: Map<string, string>; history: string[]};

const change: fc.Arbitrary<Patch> = fc.oneof(
	fc.record({kind: fc.constantFrom('r' as const, 's' as const), id: fc.constantFrom(...articles), value: fc.boolean()}),
	fc.record({kind: fc.constant('p' as const), id: fc.constantFrom(...articles), value: fc.integer({min: 0, max: 3})}),
	fc.constantFrom(...feeds).map(url => ({kind: 'feed-add' as const, url, record: {slug: `s${url.slice(-1)}`}})),
	fc.constantFrom(...feeds).map(url => ({kind: 'feed-remove' as const, url})),
	fc.record({kind: fc.constant('feed-field' as const), url: fc.constantFrom(...feeds), field: fc.constantFrom('title', 'etag'), value: fc.oneof(fc.constantFrom('A', 'B'), fc.constant(null))}),
	fc.record({kind: fc.constant('fs' as const), url: fc.constantFrom(...feeds), value: fc.oneof(fc.constant(null), fc.record({every: fc.integer({min: 1, max: 3})}))}),
	fc.record({kind: fc.constant('v' as const), name: fc.constantFrom('v1', 'v2'), value: fc.oneof(fc.constant(null), fc.constantFrom('is:unread', 'is:starred'))}),
);

type Op =
	| {type: 'change'; d: number; patch: Patch}
	| {type: 'merge'; d: number}
	| {type: 'copy'; from: number; to: number; of: number; mode: 'full' | 'truncated' | 'old' | 'conflict'; pick: number};

const op: fc.Arbitrary<Op> = fc.oneof(
	{weight: 4, arbitrary: fc.record({type: fc.constant('change' as const), d: fc.nat(2), patch: change})},
	{weight: 3, arbitrary: fc.record({type: fc.constant('merge' as const), d: fc.nat(2)})},
	{weight: 4, arbitrary: fc.record({type: fc.constant('copy' as const), from: fc.nat(2), to: fc.nat(2), of: fc.nat(2), mode: fc.constantFrom('full' as const, 'full' as const, 'truncated' as const, 'old' as const, 'conflict' as const), pick: fc.nat(1000)})},
);

function merge(device: Device, now: number, tailLimit: number): void {
	const files = [...device.folder].map(([name, text]) => ({name, text}));
	const {result, mergedConflicts} = mergeFolder({device: device.id, now, files, local: device.local, tailLimit});
	device.local = applyPatches(device.local, result.patches);
	if (result.write || mergedConflicts.length > 0) {
		const text = encodeDeviceFile(device.id, result.contents.snapshot, result.contents.tail);
		device.folder.set(`${device.id}.json`, text);
		device.history.push(text);
		for (const name of mergedConflicts) {
			device.folder.delete(name);
		}
	}
}

/** Copies what `from` holds of device `of`'s file to `to`, the way a sync engine might. */
function copy(devices: Device[], operation: Extract<Op, {type: 'copy'}>): void {
	const from = devices[operation.from]!;
	const to = devices[operation.to]!;
	const owner = devices[operation.of]!;
	const name = `${owner.id}.json`;
	const text = operation.mode === 'old' ? owner.history[operation.pick % Math.max(1, owner.history.length)] : from.folder.get(name);
	if (text === undefined) {
		return;
	}

	switch (operation.mode) {
		case 'full':
		case 'old': {
			to.folder.set(name, text);
			break;
		}

		case 'truncated': {
			to.folder.set(name, text.slice(0, operation.pick % Math.max(1, text.length)));
			break;
		}

		case 'conflict': {
			to.folder.set(`${owner.id}.sync-conflict-20240102-030405-ABCDEFG.json`, text);
			break;
		}
	}
}

const byKey = <V>(map: ReadonlyMap<string, V>) => Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : 1)));
const shown = (view: SharedView) => canonical({
	read: [...view.read].sort(),
	starred: [...view.starred].sort(),
	positions: byKey(view.positions),
	feeds: byKey(view.feeds),
	feedSettings: byKey(view.feedSettings),
	views: byKey(view.views),
});

function run(operations: readonly Op[], last: ReadonlyArray<{d: number; patch: Patch}>, tailLimit: number): string | undefined {
	const devices: Device[] = ids.map(id => ({id, local: emptyView(), folder: new Map(), history: []}));
	let time = 1_700_000_000_000;
	const now = (d: number) => time + skews[d]!;
	const exchange = () => {
		for (let round = 0; round < 3; round++) {
			for (const [d, device] of devices.entries()) {
				time += 1000;
				merge(device, now(d), tailLimit);
			}

			for (const owner of devices) {
				const latest = owner.history.at(-1);
				for (const device of devices) {
					if (latest !== undefined) {
						device.folder.set(`${owner.id}.json`, latest);
					}
				}
			}
		}
	};

	for (const operation of operations) {
		time += 1000;
		if (operation.type === 'change') {
			devices[operation.d]!.local = applyPatches(devices[operation.d]!.local, [operation.patch]);
		} else if (operation.type === 'merge') {
			merge(devices[operation.d]!, now(operation.d), tailLimit);
		} else {
			copy(devices, operation);
		}
	}

	// The last changes: each made after its device has seen everything, so each must be what every device ends with.
	const expected = new Map<string, Extract<Patch, {kind: 'r' | 's' | 'p'}>>();
	for (const {d, patch} of last) {
		exchange();
		devices[d]!.local = applyPatches(devices[d]!.local, [patch]);
		time += 1000;
		merge(devices[d]!, now(d), tailLimit);
		if (patch.kind === 'r' || patch.kind === 's' || patch.kind === 'p') {
			expected.set(`${patch.kind}:${patch.id}`, patch);
		}
	}

	exchange();
	const first = shown(devices[0]!.local);
	for (const device of devices.slice(1)) {
		if (shown(device.local) !== first) {
			return `device ${device.id} shows ${shown(device.local)}, device ${devices[0]!.id} ${first}`;
		}
	}

	for (const device of devices) {
		for (const patch of expected.values()) {
			const value = patch.kind === 'r' ? device.local.read.has(patch.id) : (patch.kind === 's' ? device.local.starred.has(patch.id) : device.local.positions.get(patch.id) ?? 0);
			if (value !== patch.value) {
				return `device ${device.id} lost the last change ${JSON.stringify(patch)}`;
			}
		}
	}

	return undefined;
}

test('any interleaving of changes, merges and copies (partial, old, conflict copies) on three devices converges and loses no mark', t => {
	const last = fc.array(fc.record({d: fc.nat(2), patch: change.filter(patch => patch.kind === 'r' || patch.kind === 's' || patch.kind === 'p')}), {maxLength: 6});
	const outcome = fc.check(fc.property(fc.array(op, {maxLength: 60}), last, fc.constantFrom(2, 2048), (operations, lastChanges, tailLimit) => {
		const problem = run(operations, lastChanges, tailLimit);
		return problem === undefined;
	}), {numRuns: 300});
	t.false(outcome.failed, outcome.counterexample ? `${JSON.stringify(outcome.counterexample).slice(0, 1500)}\n${run(...outcome.counterexample as [Op[], Array<{d: number; patch: Patch}>, number]) ?? ''}` : '');
});

test('a device whose own file was damaged keeps every local mark and never overrides a newer change elsewhere', t => {
	const [a, b] = ids;
	let local = applyPatches(emptyView(), [{kind: 'r', id: 'x', value: true}, {kind: 's', id: 'y', value: true}]);
	// B unmarked x later than anything A's lost file held.
	const fromB = mergeFolder({device: b, now: 2000, files: [], local: applyPatches(emptyView(), [{kind: 'r', id: 'z', value: true}])});
	const bText = encodeDeviceFile(b, fromB.result.contents.snapshot, fromB.result.contents.tail);
	const merged = mergeFolder({device: a, now: 1000, files: [{name: `${a}.json`, text: '{"format":"tidings-dev'}, {name: `${b}.json`, text: bText}], local});
	t.is(merged.notices.length, 1);
	t.regex(merged.notices[0]!, /Skipped the shared-state file 000000000000000a\.json: it is not valid JSON/u);
	local = applyPatches(local, merged.result.patches);
	t.true(local.read.has('x'));
	t.true(local.starred.has('y'));
	t.true(local.read.has('z'));
	t.true(merged.result.write);
});
