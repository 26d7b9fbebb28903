import test from 'ava';
import {reducer} from '../../source/app/reducer.js';
import {contextOf, initialState, type Action, type AppState} from '../../source/app/state.js';
import {Marks} from '../../source/app/marks.js';
import {articleRows, bodyWidth, layout, listPaneRows, listRows, nextPaneMode, panesOf} from '../../source/app/layout.js';
import {hitTest, linkAt} from '../../source/app/pointer.js';
import {linkPositions} from '../../source/app/reader-links.js';
import {renderMarkdown, type RenderedArticle} from '../../source/core/render/render-article.js';
import {neutraliseLine, type SafeText} from '../../source/core/text/neutralise.js';
import type {ArticleMeta} from '../../source/core/types.js';
import type {Effect} from '../../source/app/actions.js';

const meta = (id: string, date: string): ArticleMeta => ({
	id, path: `${id}.md`, title: neutraliseLine(`Title ${id}`), source: neutraliseLine('notes'), tags: [], date, kind: 'md', size: 100, mtimeMs: 0, words: 10,
});

const library = Array.from({length: 40}, (_, index) => meta(`a${String(index).padStart(2, '0')}`, `2026-01-${String(1 + (index % 28)).padStart(2, '0')}`));
const run = (state: AppState, ...actions: Action[]): AppState => actions.reduce((current, action) => reducer(current, action)[0], state);
const body = (id: string) => `# ${id}\n\nSee [the web](https://example.org/${id}) and [more](https://example.com/).\n\n${Array.from({length: 60}, (_, index) => `Line ${index} of ${id}.`).join('\n\n')}\n`;
const rendered = (id: string, width: number): RenderedArticle => renderMarkdown(body(id) as SafeText, {width, color: false});

function split(rows: number, columns: number, panes: 'side' | 'stacked' = 'side'): AppState {
	return run(initialState({rows, columns, marks: Marks.empty(), panes}), {type: 'library-loaded', articles: library, final: true});
}

const renders = (effects: readonly Effect[]) => effects.filter((effect): effect is Extract<Effect, {type: 'render-article'}> => effect.type === 'render-article');

test('the panes: side by side in a wide terminal, stacked in a tall narrow one, one pane below the minimum', t => {
	const wide = panesOf({rows: 60, columns: 200, panes: 'side'})!;
	t.is(wide.kind, 'side');
	t.is(wide.list.columns + 1 + wide.article.columns, 200, 'list, divider and article fill the width');
	t.is(wide.list.columns, layout.sideListMaximum);
	t.is(wide.article.left, wide.list.columns + 1);
	const normal = panesOf({rows: 24, columns: 80, panes: 'side'})!;
	t.is(normal.kind, 'side');
	t.true(normal.article.columns >= layout.sideArticleMinimum);
	const stacked = panesOf({rows: 24, columns: 80, panes: 'stacked'})!;
	t.is(stacked.kind, 'stacked');
	t.is(stacked.list.rows + stacked.article.rows, 24);
	t.is(stacked.article.top, stacked.list.rows);
	t.is(panesOf({rows: 40, columns: 50, panes: 'side'})?.kind, 'stacked', 'too narrow to sit side by side: stacked');
	t.is(panesOf({rows: 8, columns: 120, panes: 'stacked'})?.kind, 'side', 'too short to stack: side by side');
	t.is(panesOf({rows: 5, columns: 20, panes: 'side'}), undefined, '20×5: one pane');
	t.is(panesOf({rows: 5, columns: 20, panes: 'stacked'}), undefined);
	t.is(panesOf({rows: 60, columns: 200, panes: 'single'}), undefined);
	for (let rows = 1; rows <= 70; rows += 3) {
		for (let columns = 1; columns <= 220; columns += 7) {
			for (const mode of ['side', 'stacked'] as const) {
				const panes = panesOf({rows, columns, panes: mode});
				if (panes) {
					t.true(panes.list.rows >= 1 && panes.article.rows >= 1 && panes.list.columns >= 1 && panes.article.columns >= 1, `${columns}×${rows} ${mode}`);
					t.true(panes.article.left + panes.article.columns <= columns && panes.article.top + panes.article.rows <= rows, `${columns}×${rows} ${mode}`);
				}
			}
		}
	}
});

test('the article and the list are sized for their panes; one pane is the whole screen as before', t => {
	const screen = {rows: 24, columns: 80, readingWidth: 80};
	t.is(bodyWidth({...screen, panes: 'side'}), panesOf({...screen, panes: 'side'})!.article.columns - layout.bodyMargin);
	t.is(bodyWidth({...screen, panes: 'single'}), bodyWidth(screen));
	t.is(articleRows({...screen, panes: 'stacked'}), panesOf({...screen, panes: 'stacked'})!.article.rows - layout.readerChrome);
	t.is(listPaneRows({...screen, panes: 'stacked'}), panesOf({...screen, panes: 'stacked'})!.list.rows - layout.listChrome);
	t.is(listRows({...screen, panes: 'stacked'}), 24 - layout.listChrome, 'overlays and pickers keep the whole screen');
	t.deepEqual(['single', 'side', 'stacked', 'single'].map(mode => nextPaneMode(mode as 'single')), ['side', 'stacked', 'single', 'side']);
});

test('the layout key cycles the layouts, says which, and keeps it in the settings', t => {
	let state = run(initialState({rows: 24, columns: 80, marks: Marks.empty()}), {type: 'library-loaded', articles: library, final: true});
	t.is(state.panes, 'single');
	const [side, effects] = reducer(state, {type: 'key', spec: '\\'});
	t.is(side.panes, 'side');
	t.deepEqual(effects.filter(effect => effect.type === 'save-settings'), [{type: 'save-settings', settings: {panes: 'side'}}]);
	t.regex(side.status ?? '', /side by side/u);
	t.is(renders(effects)[0]?.meta.id, side.all[side.visible[side.cursor]!]!.id, 'the article pane asks for the selected article');
	state = run(side, {type: 'key', spec: '\\'});
	t.is(state.panes, 'stacked');
	state = run(state, {type: 'key', spec: '\\'});
	t.is(state.panes, 'single');
	const small = run(initialState({rows: 5, columns: 20, marks: Marks.empty()}), {type: 'key', spec: '\\'});
	t.regex(small.status ?? '', /too small/u);
});

test('the article pane follows the selection: each move asks for the new article, its lines are kept, stale ones not', t => {
	let state = split(24, 80);
	const width = bodyWidth(state);
	const first = state.all[state.visible[state.cursor]!]!;
	t.is(state.preview?.id, first.id);
	const [moved, effects] = reducer(state, {type: 'key', spec: 'j'});
	const second = moved.all[moved.visible[moved.cursor]!]!;
	t.is(moved.preview?.id, second.id);
	t.deepEqual(renders(effects).map(effect => [effect.meta.id, effect.width]), [[second.id, width]]);
	t.is(contextOf(moved), 'list', 'the list keeps the keys');
	t.is(moved.article, undefined);
	t.false(moved.marks.isRead(second.id), 'a preview does not mark read');
	state = run(moved, {type: 'article-rendered', id: first.id, width, rendered: rendered(first.id, width)});
	t.is(state.preview?.rendered, undefined, 'the lines of the article left behind are not shown');
	state = run(state, {type: 'article-rendered', id: second.id, width, rendered: rendered(second.id, width)});
	t.is(state.preview?.rendered?.lines.length, rendered(second.id, width).lines.length);
	const [again, none] = reducer(state, {type: 'status', message: 'x'});
	t.is(again.preview, state.preview);
	t.deepEqual(renders(none), [], 'nothing is asked again while the selection stays');
	const [changed, again2] = reducer(state, {type: 'library-loaded', articles: state.all.map(item => (item.id === second.id ? {...item, mtimeMs: 5} : item)), final: true});
	t.deepEqual(renders(again2).map(effect => effect.meta.id), [second.id], 'the selected file changed on disk: the pane asks again');
	t.truthy(changed.preview?.rendered, '…and keeps its lines meanwhile');
	const resized = run(state, {type: 'resize', rows: 60, columns: 200});
	t.is(resized.preview?.width, bodyWidth(resized), 'another pane width asks again');
	t.is(resized.preview?.rendered, undefined);
});

test('Enter gives the keys to the article pane, q gives them back; the article is sized for its pane', t => {
	let state = split(24, 80);
	state = run(state, {type: 'key', spec: 'enter'});
	t.is(contextOf(state), 'article');
	const width = bodyWidth(state);
	t.is(width, panesOf(state)!.article.columns - layout.bodyMargin);
	state = run(state, {type: 'article-rendered', id: state.article!.id, width, rendered: rendered(state.article!.id, width)});
	state = run(state, {type: 'key', spec: 'j'});
	t.is(state.article?.offset, 1, 'j scrolls the article');
	state = run(state, {type: 'key', spec: 'q'});
	t.is(contextOf(state), 'list');
	t.is(state.preview?.id, state.all[state.visible[state.cursor]!]!.id);
});

test('hit-testing: list rows to articles, the article pane to lines and numbered links, at 80×24 and 200×60', t => {
	for (const [rows, columns] of [[24, 80], [60, 200]] as const) {
		let state = split(rows, columns);
		const panes = panesOf(state)!;
		// The list pane: its header is row 0; row 3 shows the article at listOffset + 2.
		t.deepEqual(hitTest(state, 2, 3), {pane: 'list', index: state.listOffset + 2});
		t.deepEqual(hitTest(state, 2, 0), {pane: 'list'}, 'the header is no row');
		t.is(hitTest(state, panes.list.columns, 5).pane, 'other', 'the divider');
		t.is(hitTest(state, panes.article.left + 3, 5).pane, 'preview');
		state = run(state, {type: 'key', spec: 'enter'});
		const width = bodyWidth(state);
		const lines = rendered(state.article!.id, width);
		state = run(state, {type: 'article-rendered', id: state.article!.id, width, rendered: lines});
		const link = linkPositions(lines)[0]!;
		const header = 2; // the title row and the details row
		const margin = panes.article.left + Math.floor((panes.article.columns - width) / 2);
		const y = header + link.line - state.article!.offset;
		const plain = lines.lines[link.line]!;
		const markerAt = plain.indexOf('[1]');
		t.deepEqual(hitTest(state, margin + markerAt + 1, y), {pane: 'article', line: link.line, link: 1}, `${columns}×${rows}: the marker`);
		t.deepEqual(hitTest(state, margin + link.start, y), {pane: 'article', line: link.line, link: 1}, 'the link text');
		t.deepEqual(hitTest(state, margin + 1, y), {pane: 'article', line: link.line}, 'before the link: no link');
	}
});

test('linkAt counts cells, not characters: a wide character before a link moves its marker', t => {
	const lines = renderMarkdown('漢字 [x](https://e.org/) end\n' as SafeText, {width: 60, color: false});
	const plain = lines.lines.find(line => line.includes('[1]'))!;
	const line = lines.lines.indexOf(plain);
	const column = plain.indexOf('[1]') + 2; // two wide characters: two more cells than characters
	t.is(linkAt(lines, line, column + 1), 1);
	t.is(linkAt(lines, line, 0), undefined);
});

test('the mouse through the reducer: wheel, click, double click, click on a link, in one pane and split', t => {
	let state = split(24, 80);
	const panes = panesOf(state)!;
	state = run(state, {type: 'mouse', kind: 'wheel', x: 2, y: 5, lines: 1});
	t.is(state.cursor, layout.wheelRows, 'the wheel moves the list');
	state = run(state, {type: 'mouse', kind: 'click', x: 2, y: 2, count: 1});
	t.is(state.cursor, state.listOffset + 1, 'a click selects the row');
	t.is(state.article, undefined);
	const [opened, effects] = reducer(state, {type: 'mouse', kind: 'click', x: 2, y: 2, count: 2});
	t.is(opened.article?.id, opened.all[opened.visible[state.cursor]!]!.id, 'a double click opens it');
	t.true(effects.some(effect => effect.type === 'render-article'));
	let reading = run(opened, {type: 'article-rendered', id: opened.article!.id, width: bodyWidth(opened), rendered: rendered(opened.article!.id, bodyWidth(opened))});
	reading = run(reading, {type: 'mouse', kind: 'wheel', x: panes.article.left + 5, y: 10, lines: 1});
	t.is(reading.article?.offset, layout.wheelRows, 'the wheel over the article scrolls it');
	reading = run(reading, {type: 'mouse', kind: 'wheel', x: panes.article.left + 5, y: 10, lines: -1});
	t.is(reading.article?.offset, 0);
	const lines = reading.article!.rendered!;
	const link = linkPositions(lines)[0]!;
	const margin = panes.article.left + Math.floor((panes.article.columns - bodyWidth(reading)) / 2);
	const [, linkEffects] = reducer(reading, {type: 'mouse', kind: 'click', x: margin + link.end - 2, y: 2 + link.line, count: 1});
	t.deepEqual(linkEffects.filter(effect => effect.type === 'open-url'), [{type: 'open-url', url: `https://example.org/${reading.article!.id}`}]);
	const back = run(reading, {type: 'mouse', kind: 'click', x: 2, y: 4, count: 1});
	t.is(back.article, undefined, 'a click on the list gives it the keys back');
	t.is(back.cursor, back.listOffset + 3);
	const fromPreview = run(back, {type: 'mouse', kind: 'click', x: panes.article.left + 4, y: 8, count: 1});
	t.is(fromPreview.article?.id, fromPreview.all[fromPreview.visible[back.cursor]!]!.id, 'a click on the preview reads it');
	// One pane: the same clicks on the whole screen.
	let single = run(initialState({rows: 24, columns: 80, marks: Marks.empty()}), {type: 'library-loaded', articles: library, final: true});
	single = run(single, {type: 'mouse', kind: 'click', x: 10, y: 6, count: 1});
	t.is(single.cursor, 5);
	single = run(single, {type: 'mouse', kind: 'click', x: 10, y: 6, count: 2});
	t.is(single.article?.id, single.all[single.visible[5]!]!.id);
	const typing = run(split(24, 80), {type: 'key', spec: '/'});
	t.is(run(typing, {type: 'mouse', kind: 'click', x: 2, y: 5, count: 2}).article, undefined, 'while typing a filter the mouse does nothing');
});
