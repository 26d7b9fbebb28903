import test from 'ava';
import {buildIndex, commandIds, contexts, helpRows, helpRowsHere, keyHint, keymap, resolveCommand, type Binding, type CommandId} from '../../source/app/keymap.js';

test('the key table loads: every spec parses and no key is bound twice in one context', t => {
	const index = buildIndex(keymap);
	const seen = new Map<string, CommandId>();
	for (const id of commandIds) {
		for (const context of keymap[id].contexts) {
			for (const spec of keymap[id].keys) {
				const key = `${context} ${spec}`;
				t.false(seen.has(key), `${key} is bound to ${seen.get(key)} and ${id}`);
				seen.set(key, id);
				t.is(index.get(key), id);
			}
		}
	}
});

test('a typo in a key spec throws when the table loads, and so does a key bound twice in one context', t => {
	const table = {...keymap};
	t.throws(() => buildIndex({...table, 'move.down': {...table['move.down'], keys: ['jj']}}), {message: /Bad key spec "jj"/});
	t.throws(() => buildIndex({...table, 'move.down': {...table['move.down'], keys: ['ctrl+F1']}}), {message: /Bad key spec/});
	t.throws(() => buildIndex({...table, 'read.toggle': {...table['read.toggle'], keys: ['j']}}), {message: /The key j is bound twice in the list context: move.down and read.toggle/});
	const empty: Binding = {...table['app.quit'], help: ' '};
	t.throws(() => buildIndex({...table, 'app.quit': empty}), {message: /needs keys, contexts and help/});
});

test('Ctrl-C quits from every context, and a kept search in the reader falls back to the reader\'s keys', t => {
	for (const context of contexts) {
		t.regex(resolveCommand(context, 'ctrl+c') ?? '', /^app\.(quit|interrupt)$/u, context);
	}

	t.is(resolveCommand('article-found', 'n'), 'search.next');
	t.is(resolveCommand('article-found', 'j'), 'move.down');
	t.is(resolveCommand('article', 'n'), 'article.next');
	t.is(resolveCommand('wide', 'j'), 'move.down', 'the movement keys are bound in wide mode itself');
	t.is(resolveCommand('prompt', 'q'), undefined, 'a prompt binds no printable key: q is text there');
});

test('help for a context lists that context\'s keys first, then every other key once', t => {
	const rows = helpRows('article');
	const here = helpRowsHere('article');
	t.is(rows.length, helpRows().length);
	t.deepEqual(rows.map(row => row.id).sort(), helpRows().map(row => row.id).sort());
	t.true(rows.slice(0, here).every(row => keymap[row.id].contexts.includes('article')));
	t.true(rows.slice(here).every(row => !keymap[row.id].contexts.includes('article')));
	t.is(rows[0]!.id, 'move.down');
});

test('hints name the key the table binds, so they change with it', t => {
	t.is(keyHint('find.clear'), 'c');
	t.is(keyHint('move.down', 'move.up'), 'j/k');
	t.is(keyHint('results.close'), 'Esc');
	t.is(keyHint('marks.redo'), 'Ctrl-R');
});
