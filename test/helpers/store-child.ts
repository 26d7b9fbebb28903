/**
A separate Tidings-like process for the store fault tests: marks ids through `StateStore` and says on stdout, one line
per id, when each mark has been flushed. `mark <dir> <prefix> <count>` marks `<prefix>0…` and exits;
`loop <dir> <prefix>` marks until it is killed; `mark-one <dir> <id>` records one read mark in the undo journal (as
`tidings mark` does) and prints `marked <id>`; `undo <dir>` undoes the last change (as `tidings undo` does) and prints
`undone <ids>` or `nothing`.
*/
import {StateStore} from '../../source/adapters/state-store.js';
import {recordChange} from '../../source/core/journal.js';

const [mode, directory, prefix, countText] = process.argv.slice(2);
if (directory === undefined || (prefix === undefined && mode !== 'undo')) {
	throw new Error('usage: store-child.ts mark|loop|mark-one|undo <dir> [<prefix>|<id>] [count]');
}

const {store} = StateStore.open(directory);
if (mode === 'mark-one') {
	store.change(state => {
		recordChange(state, {kind: 'read', ids: [prefix!], after: true});
	}, {flush: 'now'});
	process.stdout.write(`marked ${prefix}\n`);
} else if (mode === 'undo') {
	// As `tidings undo`: a change undone elsewhere meanwhile means the next one is the last.
	for (let attempt = 0; attempt < 20; attempt++) {
		const step = store.undo();
		if (step.kind === 'done') {
			process.stdout.write(`undone ${step.entry.ids.join(' ')}\n`);
			break;
		}

		if (step.kind === 'nothing') {
			process.stdout.write('nothing\n');
			break;
		}
	}
} else {
	const count = mode === 'loop' ? Number.POSITIVE_INFINITY : Number(countText ?? '10');
	for (let index = 0; index < count; index++) {
		const id = `${prefix!}${index}`;
		store.change(state => {
			state.read.add(id);
			state.positions.set(id, index);
		}, {flush: 'now'});
		process.stdout.write(`flushed ${id}\n`);
	}
}
