// Issue 18: the library watcher on real folders: changes of every kind, a burst batched, dot folders ignored but the
// shared device folder told, and the polling fallback.
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {LibraryWatcher, type WatcherEvent} from '../../source/adapters/library-watcher.js';
import {tempDir} from '../helpers/terminal.js';

const article = (title: string) => `---\ntitle: ${title}\ndate: 2026-01-01\n---\n\nBody.\n`;

function collect(root: string): {watcher: LibraryWatcher; events: WatcherEvent[]; waitFor(test: (events: WatcherEvent[]) => boolean): Promise<void>} {
	const events: WatcherEvent[] = [];
	const watcher = new LibraryWatcher(root, event => events.push(event));
	return {
		watcher,
		events,
		async waitFor(check) {
			const deadline = Date.now() + 10_000;
			while (!check(events)) {
				if (Date.now() > deadline) {
					throw new Error(`no such events: ${JSON.stringify(events).slice(0, 2000)}`);
				}

				 
				await new Promise(resolve => {
					setTimeout(resolve, 25);
				});
			}
		},
	};
}

const changes = (events: WatcherEvent[]) => events.flatMap(event => (event.type === 'changes' ? [event.changes] : []));
const upserted = (events: WatcherEvent[]) => new Set(changes(events).flatMap(change => change.upserts.map(meta => meta.path)));
const removed = (events: WatcherEvent[]) => new Set(changes(events).flatMap(change => change.removed));

test('added, changed, renamed and removed files, a new folder, a removed folder; dot folders left out', async t => {
	const root = tempDir();
	fs.mkdirSync(path.join(root, 'a'));
	fs.writeFileSync(path.join(root, 'a', 'one.md'), article('One'));
	const {watcher, events, waitFor} = collect(root);
	t.teardown(() => watcher.close());
	await watcher.start();
	t.like(events[0], {type: 'mode', mode: 'watching', files: 1});

	fs.writeFileSync(path.join(root, 'a', 'two.md'), article('Two'));
	fs.mkdirSync(path.join(root, '.git'));
	fs.writeFileSync(path.join(root, '.git', 'x.md'), article('hidden'));
	await waitFor(all => upserted(all).has('a/two.md'));
	const added = changes(events).find(change => change.upserts.some(meta => meta.path === 'a/two.md'));
	t.deepEqual(added?.added, ['a/two.md']);
	t.is(String(added?.upserts[0]?.title), 'Two');

	fs.renameSync(path.join(root, 'a', 'two.md'), path.join(root, 'a', 'renamed.md'));
	await waitFor(all => upserted(all).has('a/renamed.md') && removed(all).has('a/two.md'));

	fs.mkdirSync(path.join(root, 'b', 'c'), {recursive: true});
	fs.writeFileSync(path.join(root, 'b', 'c', 'deep.txt'), 'Deep\n\ntext\n');
	await waitFor(all => upserted(all).has('b/c/deep.txt'));
	fs.writeFileSync(path.join(root, 'b', 'c', 'later.md'), article('Later'));
	await waitFor(all => upserted(all).has('b/c/later.md'));

	fs.rmSync(path.join(root, 'b'), {recursive: true});
	await waitFor(all => removed(all).has('b/c/deep.txt') && removed(all).has('b/c/later.md'));
	t.false([...upserted(events)].some(name => name.startsWith('.git')), 'dot folders are not read');
});

test('a burst of 2,000 files is a few batches, not 2,000 updates; the shared device folder is told once', async t => {
	const root = tempDir();
	fs.mkdirSync(path.join(root, 'feed'));
	fs.mkdirSync(path.join(root, '.tidings', 'devices'), {recursive: true});
	const {watcher, events, waitFor} = collect(root);
	t.teardown(() => watcher.close());
	await watcher.start();
	for (let index = 0; index < 2000; index++) {
		fs.writeFileSync(path.join(root, 'feed', `${index}.md`), article(`Item ${index}`));
	}

	await waitFor(all => upserted(all).size === 2000);
	t.true(changes(events).length <= 10, `${changes(events).length} batches`);
	fs.writeFileSync(path.join(root, '.tidings', 'devices', 'laptop.json'), '{}');
	fs.writeFileSync(path.join(root, '.tidings', 'devices', 'phone.json'), '{}');
	await waitFor(all => all.some(event => event.type === 'shared-state-changed'));
	await new Promise(resolve => {
		setTimeout(resolve, 600);
	});
	t.is(events.filter(event => event.type === 'shared-state-changed').length, 1);
});

test('polling, where watching is not possible: a rescan finds what changed', async t => {
	const root = tempDir();
	fs.writeFileSync(path.join(root, 'one.md'), article('One'));
	const {watcher, events, waitFor} = collect(root);
	t.teardown(() => watcher.close());
	await watcher.start({poll: true});
	t.like(events[0], {type: 'mode', mode: 'polling'});
	fs.writeFileSync(path.join(root, 'two.md'), article('Two'));
	fs.rmSync(path.join(root, 'one.md'));
	await waitFor(all => upserted(all).has('two.md') && removed(all).has('one.md'));
	const again = await watcher.rescan();
	t.deepEqual(again, {upserts: [], removed: [], added: []});
});
