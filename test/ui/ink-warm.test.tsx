// Issue 14: the first page of an article rendered ahead goes through Ink's caches (source/ui/ink-warm.tsx), so `n`
// finds its lines there. Only the very strings the reader's view then hands Ink are of any use: these tests record
// what is warmed and compare it with the rows the reader draws when the article is opened.
import React from 'react';
import test from 'ava';
import {render} from 'ink-testing-library';
import {Screen} from '../../source/ui/app.js';
import {initialState, type AppState} from '../../source/app/state.js';
import {reducer} from '../../source/app/reducer.js';
import {Marks} from '../../source/app/marks.js';
import type {ArticleMeta} from '../../source/core/types.js';
import {renderMarkdown, type RenderedArticle} from '../../source/core/render/render-article.js';
import type {SafeText} from '../../source/core/text/neutralise.js';
// @ts-expect-error: a build script in plain JavaScript, without types.
import {warmHooksName} from '../../scripts/ink-output-cache.mjs';
import {warmArticlePage, warmListPage, warmNextListPage} from '../../source/ui/ink-warm.js';
import {createStore} from '../../source/app/store.js';
import {PlainContext} from '../../source/ui/primitives.js';
import {listRows} from '../../source/app/layout.js';

const article = (id: string, title: string): ArticleMeta => ({id, path: id, title: title as SafeText, source: 's' as SafeText, tags: [], kind: 'md', size: 1, mtimeMs: Number(id.length), words: 10});
const first = article('a.md', 'The first one');
const second = article('b.md', 'The second one, with a title long enough to take two rows of a narrow reader');
const body = Array.from({length: 60}, (_, index) => `Paragraph ${index + 1}: a **café** in Zürich, [a link](https://example.com/${index}) and \`code\`.`).join('\n\n');

const rendered = (columns: number): RenderedArticle => renderMarkdown(body, {width: Math.min(80, columns - 2), color: true});

function listOf(rows: number, columns: number, positions: Array<[string, number]> = [], panes?: 'side'): AppState {
	const marks = Marks.from({read: [], starred: [], positions});
	return reducer(initialState({rows, columns, marks, panes}), {type: 'library-loaded', articles: [first, second], final: true})[0];
}

function recording(): {texts: string[]; restore: () => void} {
	// The build patch's name for them: the module under test must read the hooks where the patched Ink puts them.
	const key = Symbol.for(warmHooksName as string);
	const slot = globalThis as Record<symbol, unknown>;
	const before = slot[key];
	const texts: string[] = [];
	slot[key] = {
		text(text: string) {
			texts.push(text);
		},
	};
	return {texts, restore: () => {
		slot[key] = before;
	}};
}

/** The rows the reader draws for `meta` opened from `state` with `lines` rendered. */
function opened(state: AppState, meta: ArticleMeta, lines: RenderedArticle): string[] {
	let next = state;
	while (next.all[next.visible[next.cursor]!]!.id !== meta.id) {
		next = reducer(next, {type: 'key', spec: 'j'})[0];
	}

	next = reducer(next, {type: 'key', spec: 'enter'})[0];
	next = reducer(next, {type: 'article-rendered', id: meta.id, width: lines.width, rendered: lines})[0];
	return render(<Screen state={next} />).lastFrame()!.split('\n');
}

test.serial('the warmed lines are the rows the reader then draws for the article, from where it opens, a few at a time', async t => {
	for (const [rows, columns, position] of [[24, 80, 0], [40, 120, 0], [12, 50, 17], [60, 200, 1000]] as const) {
		const state = listOf(rows, columns, position === 0 ? [] : [[second.id, position]]);
		const lines = rendered(columns);
		const {texts, restore} = recording();
		try {
			await warmArticlePage(state, second, lines, async () => new Promise(resolve => {
				setImmediate(resolve);
			}));
		} finally {
			restore();
		}

		const screen = opened(state, second, lines);
		t.true(texts.length > rows / 2, `${rows}×${columns}: a page warmed (${texts.length} rows)`);
		// Ink writes each row as it was handed over, less the trailing blanks it never prints.
		const shown = screen.map(line => line.trimEnd());
		const start = shown.indexOf(texts[0]!.trimEnd());
		t.true(start > 0, `${rows}×${columns}: the first warmed row is on the screen`);
		t.deepEqual(texts.map(text => text.trimEnd()), shown.slice(start, start + texts.length), `${rows}×${columns}, position ${position}`);
	}
});

test.serial('nothing is warmed without the patched Ink, or in the split screen (its pane draws a preview of its own)', async t => {
	const lines = rendered(120);
	await t.notThrowsAsync(async () => warmArticlePage(listOf(40, 120), second, lines));
	t.is(warmListPage(pageDown(listOfMany(24, 80)), false), undefined);
	const {texts, restore} = recording();
	try {
		await warmArticlePage(listOf(40, 160, [], 'side'), second, lines);
	} finally {
		restore();
	}

	t.deepEqual(texts, []);
});

const many = Array.from({length: 300}, (_, index) => article(`${String(index).padStart(3, '0')}.md`, `Article number ${index} with a café, ★ and 漢字 in its title`));
const pageDown = (state: AppState): AppState => reducer(state, {type: 'key', spec: 'pagedown'})[0];

function listOfMany(rows: number, columns: number): AppState {
	const marks = Marks.from({read: many.filter((_, index) => index % 3 === 0).map(meta => meta.id), starred: [many[45]!.id], positions: []});
	return reducer(initialState({rows, columns, marks}), {type: 'library-loaded', articles: many, final: true})[0];
}

test.serial('the list\'s page below is drawn ahead with the very rows a page down then shows', t => {
	// ink-testing-library draws 100 columns at most.
	for (const [rows, columns, plain] of [[24, 80, false], [40, 100, false], [5, 20, false], [60, 100, true]] as const) {
		const next = pageDown(listOfMany(rows, columns));
		const {restore} = recording();
		let ahead: string | undefined;
		try {
			ahead = warmListPage(next, plain);
		} finally {
			restore();
		}

		const screen = render(<PlainContext.Provider value={plain}><Screen state={next} /></PlainContext.Provider>).lastFrame()!.split('\n');
		const drawn = ahead!.split('\n').filter(line => line.trim() !== '');
		t.true(drawn.length >= Math.min(3, rows - 2), `${rows}×${columns}: rows drawn ahead`);
		const start = screen.indexOf(drawn[0]!);
		t.true(start >= 0, `${rows}×${columns}: the first row drawn ahead is on the screen after the page down`);
		t.deepEqual(screen.slice(start, start + drawn.length), drawn, `${rows}×${columns}`);
	}
});

test.serial('a page is drawn ahead once, after a frame of the list, never while an article is open', async t => {
	const store = createStore(listOfMany(24, 80), async () => []);
	const drawn: number[] = [];
	const stop = warmNextListPage(store, pageDown, false, next => {
		drawn.push(next.listOffset);
		return undefined;
	});
	const turn = async () => new Promise(resolve => {
		setImmediate(resolve);
	});
	store.dispatch({type: 'key', spec: 'pagedown'});
	store.dispatch({type: 'key', spec: 'pagedown'});
	await turn();
	t.is(drawn.length, 1, 'once for the two keys');
	const below = store.getState().listOffset + listRows(store.getState());
	t.true(drawn[0]! >= below - 1, `the page below (${drawn[0]} for rows from ${below})`);
	store.dispatch({type: 'key', spec: 'j'});
	await turn();
	store.dispatch({type: 'key', spec: 'k'});
	await turn();
	t.is(drawn.length, 1, 'not again for the page a row lower or higher');
	store.dispatch({type: 'key', spec: 'pagedown'});
	await turn();
	t.is(drawn.length, 2, 'the next one after a page down');
	t.true(drawn[1]! > drawn[0]!);
	store.dispatch({type: 'key', spec: 'enter'});
	await turn();
	t.is(drawn.length, 2, 'not with an article open');
	stop();
	store.dispatch({type: 'key', spec: 'q'});
	store.dispatch({type: 'key', spec: 'pagedown'});
	await turn();
	t.is(drawn.length, 2, 'not after the unsubscribe');
});
