import test from 'ava';
import fc from 'fast-check';
import {compareHlc, formatHlc, maxDriftMs, observe, parseHlc, tick} from '../../../source/core/sync/hlc.js';
import {conflictOriginal} from '../../../source/core/sync/conflict-names.js';
import {encodeDeviceFile, parseDeviceFile} from '../../../source/core/sync/device-file.js';
import {mergeFolder} from '../../../source/core/sync/merge.js';
import {applyPatches, emptyView, materialise, join} from '../../../source/core/sync/shared-state.js';

const a = '00000000000000aa';
const b = '00000000000000bb';

test('a clock never goes backwards, even when the wall clock does, and moves past every clock it sees', t => {
	const first = tick(undefined, 5000, a);
	const second = tick(first, 4000, a);
	t.true(compareHlc(second, first) > 0);
	t.is(second.wall, 5000);
	const seen = observe(second, {wall: 9000, counter: 3, device: b}, 6000);
	const third = tick(seen, 6000, a);
	t.true(compareHlc(third, {wall: 9000, counter: 3, device: b}) > 0);
});

test('a clock far in the future (a broken or hostile file) is not followed', t => {
	const mine = tick(undefined, 1000, a);
	t.is(observe(mine, {wall: 1000 + maxDriftMs + 1, counter: 0, device: b}, 1000), mine);
});

test('clocks survive their text form, and junk is refused', t => {
	const outcome = fc.check(fc.property(fc.integer({min: 0, max: 2 ** 45}), fc.integer({min: 0, max: 0xFF_FF}), (wall, counter) => {
		const clock = {wall, counter, device: a};
		const back = parseHlc(formatHlc(clock));
		return back !== undefined && compareHlc(back, clock) === 0;
	}));
	t.false(outcome.failed);
	for (const junk of ['', 'x', '1.2.3', `zzzzzzzzzzzzz.0.${a}`, 5, null, `1.0.${a}\u0000`]) {
		t.is(parseHlc(junk), undefined);
	}
});

test('conflict copies of Syncthing, Dropbox and Nextcloud name their original', t => {
	t.is(conflictOriginal('2024-01-02-harbour.sync-conflict-20240102-030405-ABCDEFG.md'), '2024-01-02-harbour.md');
	t.is(conflictOriginal(`${a}.sync-conflict-20240102-030405-7XQ2ZZZ.json`), `${a}.json`);
	t.is(conflictOriginal('notes.sync-conflict-20240102-030405-ABCDEFG'), 'notes');
	t.is(conflictOriginal('story (conflicted copy).md'), 'story.md');
	t.is(conflictOriginal('story (Ann\'s conflicted copy 2024-01-02).md'), 'story.md');
	t.is(conflictOriginal('story (conflicted copy 2024-01-02 030405).md'), 'story.md');
	t.is(conflictOriginal('story_conflict-20240102-030405.md'), 'story.md');
	t.is(conflictOriginal('a story about conflict.md'), undefined);
	t.is(conflictOriginal('2024-01-02-harbour.md'), undefined);
});

test('a device file parses back to its entries; bad entries are skipped and counted, a file not ours is an error', t => {
	const merged = mergeFolder({device: a, now: 10_000, files: [], local: applyPatches(emptyView(), [{kind: 'r', id: 'x', value: true}, {kind: 'v', name: 'mine', value: 'is:unread'}])});
	const text = encodeDeviceFile(a, merged.result.contents.snapshot, merged.result.contents.tail);
	const parsed = parseDeviceFile(text);
	t.true(parsed.ok);
	if (parsed.ok) {
		t.is(parsed.value.skipped, 0);
		t.deepEqual([...materialise(join(parsed.value.snapshot)).read], ['x']);
	}

	const hostile = JSON.stringify({format: 'tidings-device-state', version: 1, device: a, snapshot: [
		[`1.0.${a}`, [['r', 'ok', '', true], ['r', 'bad', '', 'yes'], ['zz', 'x', '', true], ['ff', 'u', '', 'no field'], ['p', 'x', '', -1], ['r', 'x'.repeat(5000), '', true]]],
		['not a clock', [['r', 'y', '', true]]],
		'junk',
	]});
	const checked = parseDeviceFile(hostile);
	t.true(checked.ok);
	if (checked.ok) {
		t.deepEqual(checked.value.snapshot.map(entry => entry.id), ['ok']);
		t.is(checked.value.skipped, 7);
	}

	for (const [bad, reason] of [['', /empty/u], ['{"format":"tidings-device-state","version":1,"dev', /not valid JSON/u], ['[]', /not a Tidings device file/u], [JSON.stringify({format: 'tidings-device-state', version: 9}), /version 9/u], [JSON.stringify({format: 'tidings-device-state', version: 1, device: '../x'}), /device id/u]] as const) {
		const result = parseDeviceFile(bad);
		t.false(result.ok);
		if (!result.ok) {
			t.regex(result.error, reason);
		}
	}
});

test('compaction folds the tail into one snapshot of one entry per key once the tail passes its bound', t => {
	let local = emptyView();
	let files: Array<{name: string; text: string}> = [];
	const sizes: number[] = [];
	for (let step = 0; step < 12; step++) {
		local = applyPatches(local, [{kind: 'r', id: 'same', value: step % 2 === 0}]);
		const merged = mergeFolder({device: a, now: 1000 * (step + 1), files, local, tailLimit: 4});
		local = applyPatches(local, merged.result.patches);
		const text = encodeDeviceFile(a, merged.result.contents.snapshot, merged.result.contents.tail);
		files = [{name: `${a}.json`, text}];
		const parsed = parseDeviceFile(text);
		t.true(parsed.ok);
		if (parsed.ok) {
			sizes.push(parsed.value.snapshot.length + parsed.value.tail.length);
		}
	}

	t.true(Math.max(...sizes) <= 5, sizes.join(','));
	t.false(local.read.has('same'));
});

test('a device offline for months merges: its untouched changes win where nobody changed them, lose where others did later', t => {
	const month = 30 * 24 * 60 * 60 * 1000;
	const old = mergeFolder({device: b, now: 1000, files: [], local: applyPatches(emptyView(), [{kind: 'r', id: 'kept', value: true}, {kind: 'r', id: 'later', value: true}])});
	const oldText = encodeDeviceFile(b, old.result.contents.snapshot, old.result.contents.tail);
	const fresh = mergeFolder({device: a, now: 6 * month, files: [{name: `${b}.json`, text: oldText}], local: emptyView()});
	let view = applyPatches(emptyView(), fresh.result.patches);
	t.true(view.read.has('kept'));
	view = applyPatches(view, [{kind: 'r', id: 'later', value: false}]);
	const aText = encodeDeviceFile(a, fresh.result.contents.snapshot, fresh.result.contents.tail);
	const second = mergeFolder({device: a, now: 6 * month + 1000, files: [{name: `${a}.json`, text: aText}, {name: `${b}.json`, text: oldText}], local: view});
	const back = mergeFolder({device: b, now: 2000, files: [{name: `${b}.json`, text: oldText}, {name: `${a}.json`, text: encodeDeviceFile(a, second.result.contents.snapshot, second.result.contents.tail)}], local: applyPatches(emptyView(), [{kind: 'r', id: 'kept', value: true}, {kind: 'r', id: 'later', value: true}])});
	const onB = applyPatches(applyPatches(emptyView(), [{kind: 'r', id: 'kept', value: true}, {kind: 'r', id: 'later', value: true}]), back.result.patches);
	t.true(onB.read.has('kept'));
	t.false(onB.read.has('later'));
});
