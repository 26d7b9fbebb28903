import test from 'ava';
import fc from 'fast-check';
import {Marks} from '../../source/app/marks.js';

test('a change returns new marks and leaves the old ones as they were', t => {
	const before = Marks.from({read: ['a'], starred: [], positions: [['a', 4]]});
	const {marks: after, flipped} = before.set('read', ['a', 'b', 'b'], true);
	t.deepEqual(flipped, ['b'], 'only what really changed, each id once');
	t.true(after.isRead('b'));
	t.false(before.isRead('b'));
	t.true(after.version > before.version);
	t.is(before.set('read', ['a'], true).marks, before, 'no change, the same object');
	const moved = after.withPosition('a', 9);
	t.is(moved.position('a'), 9);
	t.is(after.position('a'), 4);
	t.is(moved.withPosition('a', 0).position('a'), undefined, 'line 0 forgets the position');
});

test('setEach gives each id its own value, as undoing a mixed change does', t => {
	const marks = Marks.from({read: ['a'], starred: ['a', 'b'], positions: []});
	const {marks: next, flipped} = marks.setEach('star', ['a', 'b', 'c'], [false, true, true]);
	t.deepEqual(flipped, ['a', 'c']);
	t.deepEqual(['a', 'b', 'c'].map(id => next.isStarred(id)), [false, true, true]);
	t.true(next.isRead('a'), 'stars do not touch read marks');
});

test('any sequence of changes gives the same answers as a plain Set, across compactions', t => {
	t.notThrows(() => fc.assert(fc.property(fc.array(fc.tuple(fc.array(fc.integer({min: 0, max: 2000}), {maxLength: 300}), fc.boolean()), {maxLength: 40}), changes => {
		let marks = Marks.empty();
		const plain = new Set<string>();
		for (const [numbers, value] of changes) {
			const ids = numbers.map(n => `id${n}`);
			marks = marks.set('read', ids, value).marks;
			for (const id of ids) {
				if (value) {
					plain.add(id);
				} else {
					plain.delete(id);
				}
			}
		}

		for (let n = 0; n <= 2000; n++) {
			if (marks.isRead(`id${n}`) !== plain.has(`id${n}`)) {
				return false;
			}
		}

		return true;
	}), {numRuns: 100}));
});
