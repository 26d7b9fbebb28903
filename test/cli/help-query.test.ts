/**
The reader's help (`?`) ends with the query language that its "/" row points to ("query language below"), from the
same rows as `--help`, the man page and the README.
*/
import test from 'ava';
import {helpLines} from '../../source/ui/help-overlay.js';
import {queryHelp} from '../../source/core/query/query-help.js';
import {helpRows} from '../../source/app/keymap.js';

test('the help overlay lists the query language below the keys', t => {
	const lines = helpLines(120);
	const heading = lines.findIndex(line => line.trim() === 'Query language');
	t.true(heading > 0, 'a Query language heading');
	t.true(helpRows().some(row => row.help.includes('query language below')), 'the key table still points below');
	const filterRow = lines.findIndex(line => line.includes('query language below'));
	t.true(filterRow >= 0 && filterRow < heading, 'the pointer comes before what it points to');
	for (const row of queryHelp) {
		t.true(lines.slice(heading).some(line => line.trimStart().startsWith(row.syntax) && line.includes(row.meaning.slice(0, 30))), row.syntax);
	}
});
