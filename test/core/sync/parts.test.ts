import test from 'ava';
import fc from 'fast-check';
import {compareHlc, formatHlc, maxDriftMs, observe, parseHlc, tick, type Hlc} from '../../../source/core/sync/hlc.js';
import {conflictOriginal} from '../../../source/core/sync/conflict-names.js';
import {appendedHeader, appendedTail, DeviceFileReader, deviceFilePieces, encodeDeviceFile, NotAppendable, parseDeviceFile, tailSeparator, type DeviceFile} from '../../../source/core/sync/device-file.js';
import {mergeFolder} from '../../../source/core/sync/merge.js';
import {advanceBaseline, applyPatches, baselineChanges, baselineOf, emptyView, materialise, join, type Entry} from '../../../source/core/sync/shared-state.js';

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

/** A device file's text with one more tail group, made as the adapter makes it (the snapshot's bytes copied). */
function appended(text: string, device: string, clock: Hlc, entries: readonly Entry[], tailLimit?: number): string {
	const headerEnd = text.indexOf('\n');
	const at = text.lastIndexOf(tailSeparator);
	if (headerEnd === -1 || at === -1) {
		throw new NotAppendable('not laid out by lines');
	}

	const header = appendedHeader(text.slice(0, headerEnd), device, clock);
	return `${header}${text.slice(headerEnd, at + tailSeparator.length)}${appendedTail(text.slice(at + tailSeparator.length).split('\n'), clock, entries, tailLimit)}`;
}

/** A text handed to a `DeviceFileReader` a line at a time: the file, or false when it is not read by lines. */
function readByLines(text: string): DeviceFile | false | undefined {
	const reader = new DeviceFileReader();
	for (const line of text.split('\n')) {
		if (!reader.line(line)) {
			return false;
		}
	}

	return reader.result();
}

test('issue 14: a device file is written in pieces, a line per entry, and read back a line at a time to what a whole-text parse gives', t => {
	const ids = ['plain', 'gazette/日本の記事', 'emoji 📰 "quoted" \\ back', 'line\nbreak\u2028sep', `long/${'é'.repeat(3000)}`];
	const patches = [];
	for (let index = 0; index < 3000; index++) {
		patches.push({kind: 'r' as const, id: `${ids[index % ids.length]!}-${index}`, value: index % 7 !== 0});
	}

	const local = applyPatches(emptyView(), [...patches, {kind: 's', id: ids[1]!, value: true}, {kind: 'p', id: ids[2]!, value: 40}, {kind: 'v', name: 'later, "maybe"', value: 'is:starred'}, {kind: 'feed-add', url: 'https://example.test/feed.xml', record: {slug: 'gazette', title: 'Ga\nzette'}}, {kind: 'fs', url: 'https://example.test/feed.xml', value: {tags: ['news', 'ünï']}}]);
	const first = mergeFolder({device: a, now: 10_000, files: [], local});
	const next = applyPatches(local, [{kind: 'r', id: 'later', value: true}]);
	const second = mergeFolder({device: a, now: 20_000, files: [{name: `${a}.json`, parsed: first.result.file}], local: next});
	t.true(second.result.write);
	t.true(second.result.contents.tail.length > 0, 'a snapshot and a tail');
	const pieces = [...deviceFilePieces(a, second.result.contents.snapshot, second.result.contents.tail)];
	t.true(pieces.length > 2, `${pieces.length} pieces`);
	t.true(pieces.slice(0, -1).every(piece => piece.length < 96 * 1024));
	const text = pieces.join('');
	t.is(text, encodeDeviceFile(a, second.result.contents.snapshot, second.result.contents.tail));
	const whole = parseDeviceFile(text);
	t.true(whole.ok);
	const lines = readByLines(text);
	t.truthy(lines);
	if (whole.ok && lines) {
		t.deepEqual(lines, whole.value);
		t.is(lines.snapshot.length + lines.tail.length, second.result.contents.snapshot.length + second.result.contents.tail.length);
		t.deepEqual(materialise(join(lines.snapshot, lines.tail)), materialise(join(second.result.contents.snapshot, second.result.contents.tail)));
	}

	// The same file as an older Tidings wrote it, on one line: not read by lines (the whole-text parse reads it).
	const oneLine = JSON.stringify(JSON.parse(text));
	t.false(readByLines(oneLine));
	t.true(parseDeviceFile(oneLine).ok);
	// Cut short, or a line that is not what it looks like: not a file by lines (the whole-text parse says why).
	t.falsy(readByLines(text.slice(0, text.lastIndexOf('],"tail"'))));
	t.falsy(readByLines(text.slice(0, text.lastIndexOf(']}'))));
	t.is(readByLines(text.slice(0, text.lastIndexOf(']}') - 1)), undefined);
	const broken = text.replace('"r","plain-5"', '"r",plain-5"');
	t.not(broken, text);
	t.false(readByLines(broken));
	t.false(parseDeviceFile(broken).ok);
	t.false(readByLines(text.replace('\n]]\n', '\n]]\n]]\n')));
	t.false(readByLines(text.replace('",[\n', '",[\n",[\n')));
	t.false(readByLines(text.replace(/"version":1/u, '"version":2')));
});

test('issue 14: bad entries in a file laid out by lines are skipped and counted as a whole-text parse skips them', t => {
	const clock = `1.0.${a}`;
	const lines = [
		`{"format":"tidings-device-state","version":1,"device":"${a}","clock":"${clock}","snapshot":[`,
		`[${JSON.stringify(clock)},[`,
		...[['r', 'ok', '', true], ['r', 'bad', '', 'yes'], ['zz', 'x', '', true], ['ff', 'u', '', 'no field'], ['p', 'x', '', -1], ['r', 'x'.repeat(5000), '', true], ['r', 'short']].map((item, index, all) => `${JSON.stringify(item)}${index === all.length - 1 ? '' : ','}`),
		']],',
		'["not a clock",[',
		'["r","y","",true]',
		']]',
		'],"tail":[',
		']}',
		'',
	];
	const text = lines.join('\n');
	const whole = parseDeviceFile(text);
	const byLines = readByLines(text);
	t.true(whole.ok);
	t.truthy(byLines);
	if (whole.ok && byLines) {
		t.deepEqual(byLines, whole.value);
		t.deepEqual(byLines.snapshot.map(entry => entry.id), ['ok']);
		t.is(byLines.skipped, whole.value.skipped);
	}
});

test('issue 14: a tail group appended to a file (its snapshot copied as it is) gives the file a whole merge would write, by any reader', t => {
	const local = applyPatches(emptyView(), Array.from({length: 3000}, (_, index) => ({kind: 'r' as const, id: `world/${index}-ü`, value: true})));
	const first = mergeFolder({device: a, now: 10_000, files: [], local});
	for (const withTail of [false, true]) {
		let base = first.result;
		let view = local;
		if (withTail) {
			view = applyPatches(view, [{kind: 'r', id: 'world/tail', value: true}]);
			base = mergeFolder({device: a, now: 15_000, files: [{name: `${a}.json`, parsed: first.result.file}], local: view}).result;
		}

		const text = encodeDeviceFile(a, base.contents.snapshot, base.contents.tail);
		const baseline = baselineOf(view);
		const next = applyPatches(view, [{kind: 'r', id: 'world/new', value: true}, {kind: 'r', id: 'world/5-ü', value: false}, {kind: 's', id: 'world/7-ü', value: true}, {kind: 'p', id: 'world/9-ü', value: 12}]);
		const changes = baselineChanges(baseline, next)!;
		t.is(changes.length, 4);
		const clock = {wall: 20_000, counter: 0, device: a};
		const result = appended(text, a, clock, changes.map(change => ({...change, hlc: clock})));
		// Read whole and by lines: the same file, which is what a whole merge of the same changes gives.
		const whole = parseDeviceFile(result);
		t.true(whole.ok);
		t.deepEqual(readByLines(result), whole.ok ? whole.value : undefined);
		const merged = mergeFolder({device: a, now: 20_000, files: [{name: `${a}.json`, text}], local: next});
		if (whole.ok) {
			t.deepEqual(materialise(join(whole.value.snapshot, whole.value.tail)), materialise(join(merged.result.contents.snapshot, merged.result.contents.tail)));
			t.deepEqual(materialise(join(whole.value.snapshot, whole.value.tail)).read, next.read);
			t.is(whole.value.tail.length, base.contents.tail.length + 4);
			// Nothing of this device's is left for a whole merge to record over the appended file.
			t.is(mergeFolder({device: a, now: 30_000, files: [{name: `${a}.json`, text: result}], local: next}).result.recorded, 0);
		}

		t.is(result.slice(0, result.indexOf('\n')), `{"format":"tidings-device-state","version":1,"device":"${a}","clock":"${formatHlc(clock)}","snapshot":[`, 'a header with the new clock');
		advanceBaseline(baseline, changes);
		t.deepEqual(baselineChanges(baseline, next), []);
	}
});

test('issue 14: a file that cannot take a tail group says so: laid out otherwise, another device\'s, cut short, its tail full; subscriptions changed are no baseline change', t => {
	const local = applyPatches(emptyView(), [{kind: 'r', id: 'x', value: true}]);
	const merged = mergeFolder({device: a, now: 10_000, files: [], local});
	const text = encodeDeviceFile(a, merged.result.contents.snapshot, merged.result.contents.tail);
	const clock = {wall: 20_000, counter: 0, device: a};
	const entry = {kind: 'r' as const, id: 'y', field: '', value: true, hlc: clock};
	const attempt = (file: string, device = a, entries = [entry], limit?: number) => () => appended(file, device, clock, entries, limit);
	t.notThrows(attempt(text));
	t.throws(attempt(JSON.stringify(JSON.parse(text))), {instanceOf: NotAppendable});
	t.throws(attempt(text, b), {instanceOf: NotAppendable});
	t.throws(attempt(text.slice(0, text.lastIndexOf(']}'))), {instanceOf: NotAppendable});
	t.throws(attempt(text.replace(/\]\}\n$/u, 'junk\n]}\n')), {instanceOf: NotAppendable});
	t.throws(attempt(`${text}more`), {instanceOf: NotAppendable});
	t.throws(attempt(text, a, [entry, {...entry, id: 'z'}], 1), {instanceOf: NotAppendable});
	t.is(baselineChanges(baselineOf(local), applyPatches(local, [{kind: 'v', name: 'later', value: 'is:starred'}])), undefined);
	t.is(baselineChanges(baselineOf(local), applyPatches(local, [{kind: 'feed-add', url: 'https://example.test/f', record: {slug: 'f'}}])), undefined);
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
