/**
A separate Tidings-like process for the store fault tests: marks ids through `StateStore` and says on stdout, one line
per id, when each mark has been flushed. `mark <dir> <prefix> <count>` marks `<prefix>0…` and exits;
`loop <dir> <prefix>` marks until it is killed.
*/
import {StateStore} from '../../source/adapters/state-store.js';

const [mode, directory, prefix, countText] = process.argv.slice(2);
if (directory === undefined || prefix === undefined) {
	throw new Error('usage: store-child.ts mark|loop <dir> <prefix> [count]');
}

const {store} = StateStore.open(directory);
const count = mode === 'loop' ? Number.POSITIVE_INFINITY : Number(countText ?? '10');
for (let index = 0; index < count; index++) {
	const id = `${prefix}${index}`;
	store.change(state => {
		state.read.add(id);
		state.positions.set(id, index);
	}, {flush: 'now'});
	process.stdout.write(`flushed ${id}\n`);
}
