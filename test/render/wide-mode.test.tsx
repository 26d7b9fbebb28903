import React from 'react';
import test from 'ava';
import {render} from 'ink-testing-library';
import {Screen} from '../../source/ui/app.js';
import {contextOf, initialState, type Action, type AppState, type Effect} from '../../source/app/state.js';
import {reducer} from '../../source/app/reducer.js';
import {Marks} from '../../source/app/marks.js';
import type {ArticleMeta} from '../../source/core/types.js';
import {renderMarkdown} from '../../source/core/render/render-article.js';
import type {SafeText} from '../../source/core/text/neutralise.js';
import {installGraphics} from '../../source/app/graphics.js';

const meta = (extra: Partial<ArticleMeta> = {}): ArticleMeta => ({
	id: 'wide.md',
	path: 'wide.md',
	title: 'Tables and code' as SafeText,
	source: 'src' as SafeText,
	tags: [],
	kind: 'md',
	size: 1200,
	mtimeMs: 0,
	words: 200,
	...extra,
});

const header = Array.from({length: 12}, (_, column) => `Heading${column + 1}`);
const body = [
	'Intro paragraph.',
	`| ${header.join(' | ')} |`,
	`|${header.map(() => '---').join('|')}|`,
	`| ${header.map((_, column) => `value${column + 1}`).join(' | ')} |`,
	'',
	'A picture: ![The quay](https://example.org/quay.jpg)',
].join('\n').replace('Intro paragraph.\n', 'Intro paragraph.\n\n');

function opened(rows = 20, columns = 62, extra: Partial<ArticleMeta> = {}, markdown = body): AppState {
	const marks = Marks.empty();
	let state = reducer(initialState({rows, columns, marks, readingWidth: 60}), {type: 'library-loaded', articles: [meta(extra)], final: true})[0];
	state = reducer(state, {type: 'key', spec: 'enter'})[0];
	const rendered = renderMarkdown(markdown, {width: 60, color: false});
	return reducer(state, {type: 'article-rendered', id: 'wide.md', width: 60, rendered})[0];
}

function press(state: AppState, ...specs: string[]): [AppState, Effect[]] {
	let effects: Effect[] = [];
	for (const spec of specs) {
		const [next, more] = reducer(state, {type: 'key', spec} satisfies Action);
		state = next;
		effects = [...more];
	}

	return [state, effects];
}

test('w shows the table on the screen wide, ←/→ scroll it sideways, and w returns to the page where it was', t => {
	const state = opened();
	const page = render(<Screen state={state} />).lastFrame()!;
	t.regex(page, /Table shown as records; w shows it wide/u);
	t.regex(page, /Heading1: value1/u);

	const [wide] = press(state, 'w');
	t.is(contextOf(wide), 'wide');
	const first = render(<Screen state={wide} />).lastFrame()!;
	t.regex(first, /│ Heading1 │ Heading2 │/u);
	t.notRegex(first, /Heading12/u);
	t.regex(first, /Table shown wide · columns 1–62 of \d+/u);

	const [right] = press(wide, 'right', 'right', 'right', 'right', 'right', 'right');
	const scrolled = render(<Screen state={right} />).lastFrame()!;
	t.regex(scrolled, /Heading12 │/u);
	t.notRegex(scrolled, /│ Heading1 │/u);
	const [left] = press(right, 'left', 'left', 'left', 'left', 'left', 'left');
	t.is(left.article!.wide!.column, 0);

	const [back] = press(left, 'w');
	t.is(contextOf(back), 'article');
	t.is(back.article!.offset, state.article!.offset);
	const [escaped] = press(wide, 'escape');
	t.is(contextOf(escaped), 'article', 'Esc leaves wide mode, not the article');
});

const wideTable = (name: string) => [`| ${name} | ${header.join(' | ')} |`, `|---|${header.map(() => '---').join('|')}|`, `| ${name} | ${header.map((_, column) => `value${column + 1}`).join(' | ')} |`].join('\n');
const smallTable = (name: string) => `| ${name} | b |\n|---|---|\n| 1 | 2 |`;
const filler = (count: number) => Array.from({length: count}, (_, index) => `Filler ${index}.`).join('\n\n');
/** The text of the block shown wide (its wide lines, joined). */
const shownWide = (state: AppState) => state.article!.rendered!.blocks[state.article!.wide!.block]!.wideLines.join('\n');

test('a number before w names the table or code block on the screen, counted from the top; a number past them says how many there are', t => {
	const state = opened(20, 62, {}, ['Intro.', '```text\nshort code\n```', smallTable('Small'), filler(3), wideTable('Wide'), filler(12), smallTable('Late')].join('\n\n'));
	const [first] = press(state, '1', 'w');
	t.is(contextOf(first), 'wide');
	t.regex(shownWide(first), /short code/u);
	t.regex(first.status!, /^Wide code 1 of 3 on the screen \(1w–3w picks one\)/u);
	t.is(first.article!.reading?.digits, undefined, 'w used the number up');

	const [second] = press(state, '2', 'w');
	t.regex(shownWide(second), /Small/u);
	t.regex(second.status!, /^Wide table 2 of 3/u);
	const [third] = press(state, '3', 'w');
	t.regex(shownWide(third), /Wide/u);
	const [back] = press(third, 'w');
	t.is(contextOf(back), 'article');

	const [missing] = press(state, '4', 'w');
	t.is(contextOf(missing), 'article');
	t.is(missing.status, 'No block 4 on this screen: 3 tables or code blocks (1w–3w)');
	t.is(missing.article!.reading?.digits, undefined);
	const [typed] = press(state, '2');
	t.regex(render(<Screen state={typed} />).lastFrame()!, /Link 2 \(o or Enter opens it\) · w: table or code block 2 wide/u);
	const [link] = press(state, '2', 'j', 'w');
	t.regex(shownWide(link), /Wide/u, 'another key drops the number: plain w takes the cut table');
});

test('w without a number takes the cut block nearest the middle of the screen, else the block nearest the middle, not the first', t => {
	const cut = opened(50, 62, {}, ['Intro.', wideTable('Upper'), filler(3), wideTable('Middle'), filler(20)].join('\n\n'));
	const blocks = cut.article!.rendered!.blocks;
	t.true(blocks.length >= 2 && blocks.every(block => block.cut), 'both tables are cut on the page');
	t.regex(shownWide(press(cut, 'w')[0]), /Middle/u);

	const uncut = opened(40, 62, {}, ['Intro.', smallTable('Upper'), filler(4), smallTable('Middle'), filler(20)].join('\n\n'));
	t.false(uncut.article!.rendered!.blocks.some(block => block.cut));
	t.regex(shownWide(press(uncut, 'w')[0]), /Middle/u);

	const mixed = opened(50, 62, {}, ['Intro.', wideTable('Upper'), filler(2), smallTable('Middle'), filler(20)].join('\n\n'));
	t.regex(shownWide(press(mixed, 'w')[0]), /Upper/u, 'a cut block wins over an uncut one nearer the middle');
	const [middle] = press(mixed, '2', 'w');
	t.regex(shownWide(middle), /Middle/u, 'a number still names the other');
});

test('outside wide mode ← still goes back to the list, and w with no table or code on the screen says so', t => {
	const [list] = press(opened(), 'left');
	t.is(list.article, undefined);
	const [nothing] = press(opened(8), 'G', 'w');
	t.is(contextOf(nothing), 'article');
	t.is(nothing.status, 'No table or code block on this screen');
});

test('without terminal graphics i says why and the link stays; I opens the image nearest the middle (or 1I) in the viewer', t => {
	installGraphics({placeholders: false, cell: {width: 10, height: 20}, tmux: false, reason: 'the terminal has no kitty graphics, iTerm2 images or sixel'});
	const [said] = press(opened(), 'G', 'i');
	t.is(said.status, 'This terminal cannot draw images (the terminal has no kitty graphics, iTerm2 images or sixel); the links stay, and I opens one in the viewer');
	const [, effects] = press(opened(), 'G', 'I');
	t.deepEqual(effects, [{type: 'show-image', n: 1, url: 'https://example.org/quay.jpg', meta: opened().article!.meta}]);
	const [, named] = press(opened(4, 62), '1', 'I');
	t.like(named[0], {type: 'show-image', n: 1});
	const [none] = press(opened(4, 62), 'I');
	t.is(none.status, 'No image on this screen');
	const [missing] = press(opened(), '7', 'I');
	t.is(missing.status, 'There is no image [7]');
});

test('with kitty graphics the rendered page asks for its images, which take their rows under the link; i hides them and shows them again', t => {
	installGraphics({protocol: 'kitty', placeholders: true, cell: {width: 10, height: 20}, tmux: false, reason: 'test'});
	t.teardown(() => {
		installGraphics({placeholders: false, cell: {width: 10, height: 20}, tmux: false, reason: 'not asked'});
	});
	const marks = Marks.empty();
	let state = reducer(initialState({rows: 20, columns: 62, marks, readingWidth: 60}), {type: 'library-loaded', articles: [meta()], final: true})[0];
	state = reducer(state, {type: 'key', spec: 'enter'})[0];
	const rendered = renderMarkdown(body as SafeText, {width: 60, color: false});
	const [open, effects] = reducer(state, {type: 'article-rendered', id: 'wide.md', width: 60, rendered});
	const load = effects.find(effect => effect.type === 'load-images');
	t.like(load, {type: 'load-images', images: [{n: 1, url: 'https://example.org/quay.jpg'}], columns: 60});
	const lines = open.article!.rendered!.lines.length;
	const [shown] = reducer(open, {type: 'images-prepared', id: 'wide.md', box: (load as {box: string}).box, slots: [{n: 1, slot: {state: 'ready', id: 7, columns: 12, rows: 4, placeholders: true}}]});
	const page = shown.article!.rendered!;
	t.is(page.lines.length, lines + 4);
	const at = page.lines.findIndex(line => line.includes('[image: The quay]'));
	t.true(page.lines.slice(at + 1, at + 5).every(line => line.includes('\u{10EEEE}')));
	t.deepEqual(shown.article!.images!.rows, [{n: 1, id: 7, line: at + 1, rows: 4, columns: 12}]);
	// The Links list moved down with the rows.
	t.is(page.links[0]!.line, open.article!.rendered!.links[0]!.line + 4);
	// The remembered position is a line of the text: the image rows above it are not counted (they arrive later).
	const below = {...shown, article: {...shown.article!, offset: at + 6}};
	const [, saved] = press(below, 'q');
	t.like(saved.find(effect => effect.type === 'save-position'), {line: at + 2});
	const [, inImage] = press({...shown, article: {...shown.article!, offset: at + 2}}, 'q');
	t.like(inImage.find(effect => effect.type === 'save-position'), {line: at}, 'inside the image: the image\'s own line');
	const [hidden] = press(shown, 'i');
	t.is(hidden.article!.rendered!.lines.length, lines);
	t.is(hidden.status, 'Images off: the links stay');
	const [again, loads] = press(hidden, 'i');
	t.is(again.article!.rendered!.lines.length, lines + 4, 'the prepared image comes back without a new fetch');
	t.deepEqual(loads, []);
	// A refused image: its reason under the link, wrapped to the reading width.
	const [refused] = reducer(open, {type: 'images-prepared', id: 'wide.md', box: (load as {box: string}).box, slots: [{n: 1, slot: {state: 'failed', reason: 'a PNG of 30000×30000 pixels, over the limit of 12000 a side and 30 megapixels'}}]});
	const notes = refused.article!.rendered!.lines.slice(at + 1, at + 3).join(' ');
	t.regex(notes, /\(image 1 not shown: a PNG of 30000×30000 pixels/u);
	t.true(refused.article!.rendered!.lines.every(line => line.length <= 62));
});

test('F starts a background fetch with a status line, and its result re-renders the article', t => {
	const state = opened(20, 62, {url: 'https://example.org/story' as SafeText});
	const [fetching, effects] = press(state, 'F');
	t.is(fetching.status, 'Fetching the whole story…');
	t.deepEqual(effects, [{type: 'fetch-full', meta: state.article!.meta}]);

	const fresh = {...state.article!.meta, size: 9000, mtimeMs: 5};
	const [done, after] = reducer(fetching, {type: 'full-text-fetched', id: 'wide.md', meta: fresh, message: 'The whole story is stored (900 words)'});
	t.is(done.status, 'The whole story is stored (900 words)');
	t.is(done.article!.meta, fresh);
	t.is(done.all[0], fresh, 'the list has the new metadata, so reopening renders the new file');
	t.deepEqual(after, [{type: 'render-article', meta: fresh, width: 60, codeWidth: 60}]);

	const [failed, none] = reducer(fetching, {type: 'full-text-fetched', id: 'wide.md', message: 'Couldn\'t fetch the whole story: HTTP 404; the summary is kept'});
	t.regex(failed.status!, /HTTP 404; the summary is kept/u);
	t.deepEqual(none, []);

	const [noUrl] = press(opened(), 'F');
	t.regex(noUrl.status!, /no address/u);
});

test('typing w, i or F into the search prompt types them', t => {
	const [prompt] = press(opened(), '/', 'w', 'i', 'F');
	t.is(contextOf(prompt), 'article-prompt');
	t.is(prompt.article!.wide, undefined);
});
