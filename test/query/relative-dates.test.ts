import test from 'ava';
import {compileQuery, formatQuery, parseQuery, relativeDate} from '../../source/core/query/index.js';
import type {SafeText} from '../../source/core/text/neutralise.js';
import type {ArticleMeta} from '../../source/core/types.js';

const now = new Date('2026-03-10T15:30:00Z');

test('relative dates are days (UTC) counted back from now, hours to the hour', t => {
	t.is(relativeDate('today', now), '2026-03-10');
	t.is(relativeDate('yesterday', now), '2026-03-09');
	t.is(relativeDate('-7d', now), '2026-03-03');
	t.is(relativeDate('-2w', now), '2026-02-24');
	t.is(relativeDate('-1m', now), '2026-02-10');
	t.is(relativeDate('-1y', now), '2025-03-10');
	t.is(relativeDate('-12h', now), '2026-03-10T03');
	t.is(relativeDate('-10', now), undefined);
	t.is(relativeDate('2026-01-01', now), undefined);
});

test('after:-7d and before:yesterday parse to bounds, and filter rows by them', t => {
	const parsed = parseQuery('after:-7d before:yesterday', {now});
	t.true(parsed.ok);
	if (!parsed.ok) {
		return;
	}

	t.is(formatQuery(parsed.query), 'after:2026-03-03 AND before:2026-03-09');
	const row = (date: string) => ({meta: {id: date, path: date, title: 'x' as SafeText, source: 's' as SafeText, tags: [], kind: 'md', size: 1, mtimeMs: 0, words: 1, date} satisfies ArticleMeta, read: false, starred: false});
	const test_ = compileQuery(parsed.query);
	t.false(test_(row('2026-03-02T23:59:59Z')));
	t.true(test_(row('2026-03-03T00:00:00Z')));
	t.true(test_(row('2026-03-08T23:00:00Z')));
	t.false(test_(row('2026-03-09T01:00:00Z')));
});

test('a bad relative date is refused with the forms that work', t => {
	const parsed = parseQuery('after:-7x', {now});
	t.false(parsed.ok);
	if (!parsed.ok) {
		t.regex(parsed.error.message, /today, yesterday, -7d, -2w, -3m, -1y, -12h; not "-7x"/u);
		t.deepEqual([parsed.error.start, parsed.error.end], [0, 9]);
	}
});

test('category: is tag: under another name', t => {
	const parsed = parseQuery('category:Sport', {now});
	t.true(parsed.ok);
	if (parsed.ok) {
		t.is(formatQuery(parsed.query), 'tag:sport');
	}
});
