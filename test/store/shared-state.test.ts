/**
The shared reading state with real stores and real files: two devices (two config folders, so two device ids) share
one library folder, as two machines do once a sync engine has copied it. A file-sync engine is not needed to check
the merge itself; test/sync/syncthing.ts runs two real Syncthing instances.
*/
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {StateStore} from '../../source/adapters/state-store.js';
import {devicesFolder, deviceIdOf, mergeSharedState, sharedStateStatus} from '../../source/adapters/sync/device-sync.js';
import {addSubscription, listSubscriptions, updateSubscription} from '../../source/adapters/feeds/subscriptions.js';
import {saveFeedSettings, storedFeedSettings} from '../../source/adapters/feed-settings.js';
import {loadLibrary} from '../../source/adapters/library.js';
import {tempDir} from '../helpers/terminal.js';

function twoDevices() {
	const root = tempDir();
	const library = path.join(root, 'library');
	fs.mkdirSync(library);
	const a = StateStore.open(path.join(root, 'a')).store;
	const b = StateStore.open(path.join(root, 'b')).store;
	return {root, library, a, b};
}

test('marks, stars, positions, views, subscriptions with their validators and feed settings go from one device to the other', t => {
	const {library, a, b} = twoDevices();
	a.change(state => {
		state.read.add('feed:gazette:1');
		state.starred.add('feed:gazette:2');
		state.positions.set('feed:gazette:1', 40);
		state.views.push({name: 'later', query: 'is:starred'});
	}, {flush: 'now'});
	addSubscription(a, {url: 'https://example.test/feed.xml', slug: 'gazette', title: 'Gazette'});
	updateSubscription(a, 'https://example.test/feed.xml', {etag: '"v1"', lastModified: 'Tue, 01 Jan 2030 00:00:00 GMT'});
	saveFeedSettings(a, 'https://example.test/feed.xml', {tags: ['news']});
	a.flush();
	mergeSharedState(a, library);
	const report = mergeSharedState(b, library);
	t.deepEqual(report.notices, []);
	t.true(b.isRead('feed:gazette:1'));
	t.true(b.isStarred('feed:gazette:2'));
	t.is(b.state.positions.get('feed:gazette:1'), 40);
	t.deepEqual(b.state.views, [{name: 'later', query: 'is:starred'}]);
	const [feed] = listSubscriptions(b);
	t.like(feed, {url: 'https://example.test/feed.xml', slug: 'gazette', etag: '"v1"', lastModified: 'Tue, 01 Jan 2030 00:00:00 GMT'});
	t.deepEqual(storedFeedSettings(b)['https://example.test/feed.xml'], {tags: ['news']});
	// On disk too: a new process on B sees them.
	b.flush();
	t.true(StateStore.open(path.dirname(b.path)).store.isRead('feed:gazette:1'));

	// B unreads and unsubscribes; A follows.
	b.change(state => {
		state.read.delete('feed:gazette:1');
		state.feeds = [];
	}, {flush: 'now'});
	mergeSharedState(b, library);
	mergeSharedState(a, library);
	t.false(a.isRead('feed:gazette:1'));
	t.deepEqual(listSubscriptions(a), []);
	t.true(a.isStarred('feed:gazette:2'));
});

test('the device id is made once, kept in the local store, and is not in the library', t => {
	const {root, library, a} = twoDevices();
	const id = deviceIdOf(a);
	t.regex(id, /^[\da-f]{16}$/u);
	t.is(StateStore.open(path.join(root, 'a')).store.state.extra['syncDevice'], id);
	mergeSharedState(a, library);
	t.deepEqual(fs.readdirSync(devicesFolder(library)), [`${id}.json`]);
});

test('issue 14: a device file is written a line per entry; one an older Tidings wrote on one line is still merged', t => {
	const {library, a, b} = twoDevices();
	a.change(state => {
		for (let index = 0; index < 2000; index++) {
			state.read.add(`world/article-${index}-${'ü'.repeat(index % 40)}`);
		}

		state.starred.add('world/article-7');
	}, {flush: 'now'});
	mergeSharedState(a, library);
	const aFile = path.join(devicesFolder(library), `${deviceIdOf(a)}.json`);
	const written = fs.readFileSync(aFile, 'utf8');
	t.true(written.split('\n').length > 2000, 'a line per entry');
	t.true(fs.statSync(aFile).size > 64 * 1024, 'more than one piece');
	// As an older Tidings wrote it: the same JSON on one line.
	fs.writeFileSync(aFile, `${JSON.stringify(JSON.parse(written))}\n`);
	const report = mergeSharedState(b, library);
	t.deepEqual(report.notices, []);
	t.true(b.isRead(`world/article-1999-${'ü'.repeat(1999 % 40)}`));
	t.is(b.state.read.size, 2000);
	t.true(b.isStarred('world/article-7'));
	// A reads its own file on one line, and lays it out by lines when it next writes it.
	a.change(state => {
		state.read.add('world/later');
	}, {flush: 'now'});
	t.deepEqual(mergeSharedState(a, library).notices, []);
	t.true(fs.readFileSync(aFile, 'utf8').split('\n').length > 2000);
	mergeSharedState(b, library);
	t.true(b.isRead('world/later'));
	t.is(b.state.read.size, 2001);
});

test('a damaged or truncated device file is skipped with a one-line notice; nothing local is lost, nothing crashes', t => {
	const {library, a, b} = twoDevices();
	a.change(state => {
		state.read.add('x');
	}, {flush: 'now'});
	mergeSharedState(a, library);
	const aFile = path.join(devicesFolder(library), `${deviceIdOf(a)}.json`);
	const whole = fs.readFileSync(aFile, 'utf8');
	fs.writeFileSync(aFile, whole.slice(0, Math.floor(whole.length / 2)));
	fs.writeFileSync(path.join(devicesFolder(library), 'ffffffffffffffff.json'), '\u001B]0;pwned\u0007 not json');
	b.change(state => {
		state.read.add('mine');
	}, {flush: 'now'});
	const report = mergeSharedState(b, library);
	t.is(report.notices.length, 2);
	for (const notice of report.notices) {
		t.false(notice.includes('\n'));
		t.false(notice.includes('\u001B'));
	}

	t.true(b.isRead('mine'));
	t.false(b.isRead('x'));
	const status = sharedStateStatus(b, library);
	t.is(status.unmerged.length, 2);
	// A's own file damaged: A keeps its marks and writes a whole file again.
	const again = mergeSharedState(a, library);
	t.true(a.isRead('x'));
	t.true(a.isRead('mine'));
	t.true(again.notices.some(notice => notice.includes(path.basename(aFile))));
	mergeSharedState(b, library);
	t.true(b.isRead('x'));
});

test('a sync-conflict copy of a device file is merged, and its device removes it', t => {
	const {library, a, b} = twoDevices();
	a.change(state => {
		state.read.add('one');
	}, {flush: 'now'});
	mergeSharedState(a, library);
	const folder = devicesFolder(library);
	const id = deviceIdOf(a);
	const conflict = path.join(folder, `${id}.sync-conflict-20240102-030405-ABCDEFG.json`);
	fs.copyFileSync(path.join(folder, `${id}.json`), conflict);
	a.change(state => {
		state.read.add('two');
	}, {flush: 'now'});
	mergeSharedState(a, library);
	t.false(fs.existsSync(conflict));
	// The other device merges a conflict copy too (here: one only it has, holding a mark the original lost).
	fs.writeFileSync(conflict, fs.readFileSync(path.join(folder, `${id}.json`), 'utf8').replace('"two"', '"three"'));
	mergeSharedState(b, library);
	t.true(b.isRead('one'));
	t.true(b.isRead('two'));
	t.true(b.isRead('three'));
	t.true(sharedStateStatus(a, library).pendingConflicts.length === 1);
});

test('conflict copies of articles are not listed while the original is there; the status names them', async t => {
	const {library, a} = twoDevices();
	fs.mkdirSync(path.join(library, 'gazette'));
	const text = '---\ntitle: Harbour\nid: one\n---\nBody\n';
	fs.writeFileSync(path.join(library, 'gazette', 'harbour.md'), text);
	fs.writeFileSync(path.join(library, 'gazette', 'harbour.sync-conflict-20240102-030405-ABCDEFG.md'), text);
	fs.writeFileSync(path.join(library, 'gazette', 'harbour (Ann\'s conflicted copy 2024-01-02).md'), `${text}more\n`);
	fs.writeFileSync(path.join(library, 'gazette', 'orphan.sync-conflict-20240102-030405-ABCDEFG.md'), text);
	const metas = await loadLibrary(library);
	t.deepEqual(metas.map(meta => meta.path).sort(), ['gazette/harbour.md', 'gazette/orphan.sync-conflict-20240102-030405-ABCDEFG.md']);
	const status = sharedStateStatus(a, library);
	t.deepEqual(status.articleConflicts.map(item => [item.file, item.identical]), [
		['gazette/harbour (Ann\'s conflicted copy 2024-01-02).md', false],
		['gazette/harbour.sync-conflict-20240102-030405-ABCDEFG.md', true],
		['gazette/orphan.sync-conflict-20240102-030405-ABCDEFG.md', false],
	]);
});

test('a hostile device file cannot smuggle an unsafe folder or a field the store refuses, nor cost the other subscriptions', t => {
	const {library, a} = twoDevices();
	addSubscription(a, {url: 'https://example.test/feed.xml', slug: 'gazette'});
	a.flush();
	const clock = `${(Date.now() + 1000).toString(36)}.0.ffffffffffffffff`;
	fs.mkdirSync(devicesFolder(library), {recursive: true});
	fs.writeFileSync(path.join(devicesFolder(library), 'ffffffffffffffff.json'), JSON.stringify({format: 'tidings-device-state', version: 1, device: 'ffffffffffffffff', snapshot: [[clock, [
		['f', 'https://evil.test/a', '', true], ['ff', 'https://evil.test/a', 'slug', '../../etc'],
		['f', 'https://evil.test/b', '', true], ['ff', 'https://evil.test/b', 'slug', 'fine'], ['ff', 'https://evil.test/b', 'title', true],
		['ff', 'https://example.test/feed.xml', 'name', false],
	]]]}));
	mergeSharedState(a, library);
	a.flush();
	const reopened = StateStore.open(path.dirname(a.path));
	t.deepEqual(reopened.notices, []);
	t.deepEqual(listSubscriptions(reopened.store).map(feed => [feed.url, feed.slug, feed.title, feed.name]), [
		['https://example.test/feed.xml', 'gazette', undefined, undefined],
		['https://evil.test/b', 'fine', undefined, undefined],
	]);
});

test('a merge that finds the store and every device file as the last merge left them does nothing; any change is merged', t => {
	const {library, a, b} = twoDevices();
	a.change(state => {
		state.read.add('x');
	}, {flush: 'now'});
	// The first merge makes the devices folder and a's file; the next one finds them as it left them.
	t.false(fs.existsSync(devicesFolder(library)));
	mergeSharedState(a, library);
	t.true(mergeSharedState(a, library).inStep);
	// The folder gone (a library copied afresh): merged again, a's file written again.
	fs.rmSync(devicesFolder(library), {recursive: true});
	t.false(mergeSharedState(a, library).inStep === true);
	t.true(fs.existsSync(path.join(devicesFolder(library), `${deviceIdOf(a)}.json`)));
	mergeSharedState(b, library);
	t.true(b.isRead('x'));
	t.false(mergeSharedState(a, library).inStep === true, 'b\'s file is new to a');
	const again = mergeSharedState(a, library);
	t.true(again.inStep);
	t.deepEqual(again.patches, []);
	// The reader's watcher after a's own write, and b's too: nothing to do.
	t.true(mergeSharedState(b, library).inStep);

	// Another device's change.
	b.change(state => {
		state.read.add('y');
	}, {flush: 'now'});
	t.false(mergeSharedState(b, library).inStep === true);
	t.false(mergeSharedState(a, library).inStep === true);
	t.true(a.isRead('y'));

	// A local change reaches the other device.
	a.change(state => {
		state.starred.add('z');
	}, {flush: 'now'});
	mergeSharedState(a, library);
	mergeSharedState(b, library);
	t.true(b.isStarred('z'));

	// Another process on a's machine (a second store on the same folder: `tidings mark` from cron) writes the store:
	// a's next merge reads it and writes it into a's device file.
	const other = StateStore.open(path.dirname(a.path)).store;
	other.change(state => {
		state.read.add('w');
	}, {flush: 'now'});
	t.false(mergeSharedState(a, library).inStep === true);
	mergeSharedState(b, library);
	t.true(b.isRead('w'));

	// A device file changed by hand, or by a sync engine, with the same size: merged again.
	const bFile = path.join(devicesFolder(library), `${deviceIdOf(b)}.json`);
	mergeSharedState(a, library);
	t.true(mergeSharedState(a, library).inStep);
	fs.utimesSync(bFile, new Date(), new Date(Date.now() + 5000));
	t.false(mergeSharedState(a, library).inStep === true);

	// A damaged or hostile record is only a whole merge.
	for (const junk of ['{"library', 'null', JSON.stringify({library: library, store: 'x', files: []}), 'x'.repeat(300_000)]) {
		fs.writeFileSync(path.join(path.dirname(a.path), 'shared-state-in-step.json'), junk);
		const report = mergeSharedState(a, library);
		t.false(report.inStep === true);
		t.deepEqual(report.notices, []);
		t.true(mergeSharedState(a, library).inStep);
	}

	t.true(a.isRead('x') && a.isRead('y') && a.isRead('w') && a.isStarred('z'));
});

test('issue 14: a merge with only this device\'s own marks to record appends them to its file without reading any device file; a whole merge finds nothing left to record', t => {
	const {library, a, b} = twoDevices();
	a.change(state => {
		for (let index = 0; index < 3000; index++) {
			state.read.add(`world/${index}`);
		}
	}, {flush: 'now'});
	mergeSharedState(a, library);
	mergeSharedState(b, library);
	t.is(mergeSharedState(a, library).devices.length, 2, 'a whole merge: b\'s file is new');
	t.true(mergeSharedState(a, library).inStep);
	const aFile = path.join(devicesFolder(library), `${deviceIdOf(a)}.json`);
	const inStepFile = path.join(path.dirname(a.path), 'shared-state-in-step.json');
	// The snapshot's lines (the header's clock is the newest one, so it changes).
	const snapshotOf = (text: string) => text.slice(text.indexOf('\n'), text.indexOf('],"tail":['));
	const before = fs.readFileSync(aFile, 'utf8');

	for (let round = 0; round < 3; round++) {
		a.change(state => {
			state.read.add(`world/new-${round}`);
			state.read.delete(`world/${round}`);
			state.starred.add(`world/${10 + round}`);
			state.positions.set(`world/${20 + round}`, 12 + round);
		}, {flush: 'now'});
		const report = mergeSharedState(a, library);
		// The append reads no device file, so it names none.
		t.deepEqual(report.devices, [], `round ${round}: appended`);
		t.is(report.recorded, 4);
		t.deepEqual(report.patches, []);
		t.is(snapshotOf(fs.readFileSync(aFile, 'utf8')), snapshotOf(before), 'the snapshot copied as it was');
		t.true(mergeSharedState(a, library).inStep);
	}

	// What a whole merge makes of the appended file: nothing of a's left to record, nothing to write.
	fs.rmSync(inStepFile);
	const whole = mergeSharedState(a, library);
	t.true(whole.devices.length > 0);
	t.is(whole.recorded, 0);
	t.deepEqual(whole.patches, []);
	// The other device sees every change.
	mergeSharedState(b, library);
	for (let round = 0; round < 3; round++) {
		t.true(b.isRead(`world/new-${round}`));
		t.false(b.isRead(`world/${round}`));
		t.true(b.isStarred(`world/${10 + round}`));
		t.is(b.state.positions.get(`world/${20 + round}`), 12 + round);
	}

	t.is(b.state.read.size, 3000);

	// A subscription, a change from another device, a tail that would pass its bound: a whole merge each time.
	addSubscription(a, {url: 'https://example.test/feed.xml', slug: 'gazette', title: 'Gazette'});
	t.true(mergeSharedState(a, library).devices.length > 0, 'a subscription');
	b.change(state => {
		state.read.add('world/from-b');
	}, {flush: 'now'});
	mergeSharedState(b, library);
	a.change(state => {
		state.read.add('world/mine');
	}, {flush: 'now'});
	t.true(mergeSharedState(a, library).devices.length > 0, 'b\'s file changed');
	t.true(a.isRead('world/from-b'));
	a.change(state => {
		for (let index = 0; index < 2100; index++) {
			state.starred.add(`world/${index}`);
		}
	}, {flush: 'now'});
	t.true(mergeSharedState(a, library).devices.length > 0, 'the tail full: compacted');
	t.true(fs.readFileSync(aFile, 'utf8').includes('],"tail":[\n]}'), 'an empty tail after the compaction');
	mergeSharedState(b, library);
	t.true(b.isStarred('world/2099'));
});
