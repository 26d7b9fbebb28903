// Rows fetched or changed while the reader runs are put in their places in the sorted list (core/library/sort.ts
// insertSorted) instead of sorting 100,000 rows again: for any rows, in every order, below and above the 256-row
// line where title and source orders switch to one sort, the result is exactly what sorting everything gives.
import test from 'ava';
import fc from 'fast-check';
import {insertSorted, sortArticles, type SortOrder} from '../../source/core/library/sort.js';
import {neutraliseLine} from '../../source/core/text/neutralise.js';
import type {ArticleMeta} from '../../source/core/types.js';

const orders: SortOrder[] = ['newest', 'oldest', 'title', 'source'];

const row = fc.record({
	day: fc.option(fc.integer({min: 1, max: 28}), {nil: undefined}),
	title: fc.constantFrom('Alpha', 'beta', 'Gamma', 'délta', 'alpha'),
	source: fc.constantFrom('one', 'Two', 'three'),
});

function metas(rows: ReadonlyArray<{day?: number; title: string; source: string}>, prefix: string): ArticleMeta[] {
	return rows.map((item, index) => ({
		id: `${prefix}${index}`,
		path: `${item.source}/${prefix}${index}.md`,
		title: neutraliseLine(item.title),
		source: neutraliseLine(item.source),
		tags: [],
		date: item.day === undefined ? undefined : `2025-01-${String(item.day).padStart(2, '0')}T00:00:00Z`,
		kind: 'md',
		size: 1,
		mtimeMs: 1,
		words: 1,
	}));
}

test('inserting rows into a sorted list gives the order sorting everything gives, in every order, few rows or many', t => {
	const verdict = fc.check(fc.property(fc.array(row, {maxLength: 400}), fc.array(row, {maxLength: 400}), fc.constantFrom(...orders), (old, added, order) => {
		const sorted = sortArticles(metas(old, 'o'), order);
		const coming = metas(added, 'a');
		const inserted = insertSorted(sorted, coming, order).map(meta => meta.id);
		const whole = sortArticles([...sorted, ...coming], order).map(meta => meta.id);
		// Equal keys may keep either side first; the order of the keys themselves must be the same.
		const key = (ids: readonly string[]) => ids.map(id => {
			const meta = [...sorted, ...coming].find(item => item.id === id)!;
			return `${order === 'title' ? meta.title.toLowerCase() : order === 'source' ? meta.source.toLowerCase() : ''}|${meta.date ?? ''}`;
		});
		return inserted.length === whole.length && new Set(inserted).size === inserted.length && key(inserted).join('\n') === key(whole).join('\n');
	}), {numRuns: 60});
	t.false(verdict.failed, verdict.counterexample === null ? undefined : JSON.stringify(verdict.counterexample).slice(0, 500));
});
