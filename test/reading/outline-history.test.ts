import test from 'ava';
import {currentHeading, nextHeading, outlineRow, previousHeading} from '../../source/app/outline.js';
import {emptyHistory, followed, goBack, goForward} from '../../source/app/reader-history.js';
import type {ArticleHeading} from '../../source/core/render/render-article.js';
import type {SafeText} from '../../source/core/text/neutralise.js';

const headings: ArticleHeading[] = [
	{level: 1, text: 'Title' as SafeText, line: 0},
	{level: 2, text: 'First' as SafeText, line: 10},
	{level: 3, text: 'Detail' as SafeText, line: 20},
	{level: 2, text: 'Second' as SafeText, line: 40},
];

test('the current heading is the last one at or above the top line', t => {
	t.is(currentHeading(headings, 0), 0);
	t.is(currentHeading(headings, 9), 0);
	t.is(currentHeading(headings, 10), 1);
	t.is(currentHeading(headings, 39), 2);
	t.is(currentHeading(headings, 500), 3);
	t.is(currentHeading(headings.slice(1), 5), undefined);
});

test('[ and ] find the previous and next heading from the top line', t => {
	t.is(String(nextHeading(headings, 10)?.text), 'Detail');
	t.is(nextHeading(headings, 40), undefined);
	t.is(String(previousHeading(headings, 10)?.text), 'Title');
	t.is(String(previousHeading(headings, 11)?.text), 'First');
	t.is(previousHeading(headings, 0), undefined);
});

test('outline rows are indented by level below the shallowest heading', t => {
	t.deepEqual(headings.map((_, index) => outlineRow(headings, index)), ['Title', '  First', '    Detail', '  Second']);
	t.is(outlineRow(headings.slice(1), 1), '  Detail');
});

test('history goes back and forward like a browser, and a new link drops the forward part', t => {
	let history = followed(emptyHistory, {id: 'a', offset: 3});
	history = followed(history, {id: 'b', offset: 0});
	const back = goBack(history, {id: 'c', offset: 7})!;
	t.deepEqual(back.to, {id: 'b', offset: 0});
	const backAgain = goBack(back.history, {id: 'b', offset: 1})!;
	t.deepEqual(backAgain.to, {id: 'a', offset: 3});
	t.is(goBack(backAgain.history, {id: 'a', offset: 3}), undefined);
	const forward = goForward(backAgain.history, {id: 'a', offset: 4})!;
	t.deepEqual(forward.to, {id: 'b', offset: 1});
	t.deepEqual(goForward(forward.history, {id: 'b', offset: 1})!.to, {id: 'c', offset: 7});
	t.deepEqual(followed(forward.history, {id: 'b', offset: 2}).forward, []);
});
