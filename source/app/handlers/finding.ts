/**
Finding and keeping: the filter prompt (`/`), full-text search (`f`) and its results, the source, tag and view pickers
(`S`, `T`, `v`), the sort order (`o`) and saved views. Owns `find` and the picker overlay; the list it narrows is
recomputed by source/app/visible.ts.
*/
import type {ArticleMeta} from '../../core/types.js';
import {filterArticles, parseQuery} from '../../core/query/index.js';
import {findTermMatches} from '../../core/query/snippet.js';
import {putView} from '../../core/query/views.js';
import {sortArticles, sortOrders, type SortOrder} from '../../core/library/sort.js';
import {stripSgr} from '../../core/text/styled-ranges.js';
import type {Effect, Step} from '../actions.js';
import {keyHint, keyHints, type CommandId} from '../keymap.js';
import {listRows, resultRows} from '../layout.js';
import {clamp, keepInView, moveCursor} from '../scroll.js';
import {firstMatchFrom, searchMatches} from '../reader-search.js';
import type {FindSlice, FindState, FoundHit, IndexStatus, ListSlice, MarksSlice, Narrowing, OverlaySlice, PickerItem, PickerOverlay, Prompt, ReaderSlice, Results, ScreenSlice, StatusSlice} from '../slices.js';
import {and, isNarrowed, refilter, selectedOf, unreadTerm} from '../visible.js';
import {openArticle} from './article.js';
import {toggleStar} from './marks.js';

/** What finding reads and changes. */
export type FindingState = FindSlice & ListSlice & MarksSlice & ScreenSlice & StatusSlice & OverlaySlice & ReaderSlice;

export const searchLimit = 100;

export function initialFind(sort: SortOrder = 'newest'): FindState {
	return {filter: '', narrow: {}, sort, loadOrder: sort, views: [], index: 'idle'};
}

const withFind = <S extends FindSlice>(state: S, find: Partial<FindState>): S => ({...state, find: {...state.find, ...find}});

// The prompt ---------------------------------------------------------------------------------------------------------

function editPrompt<S extends FindingState>(state: S, text: string): Step<S> {
	const prompt = state.find.prompt!;
	if (prompt.kind === 'view-name') {
		return [withFind(state, {prompt: {...prompt, text}}), []];
	}

	const parsed = text.trim() === '' ? undefined : parseQuery(text);
	if (parsed !== undefined && !parsed.ok) {
		return [withFind(state, {prompt: {...prompt, text, error: parsed.error}}), []];
	}

	if (prompt.kind === 'fulltext') {
		return [withFind(state, {prompt: {kind: 'fulltext', text}}), []];
	}

	const filter = parsed === undefined ? '' : text.trim();
	const next = withFind(state, {prompt: {kind: 'filter', text}, filter, filterQuery: parsed?.query});
	return [refilter(next, 'top'), []];
}

function deleteWord(text: string): string {
	return text.replace(/\S*\s*$/u, '');
}

export type PromptCommand = Extract<CommandId, 'prompt.accept' | 'prompt.cancel' | 'prompt.backspace' | 'prompt.clear' | 'prompt.deleteWord' | 'prompt.saveView'>;

/** The prompt's own commands (Enter, Esc, Backspace, Ctrl-U, Ctrl-W, Ctrl-S). */
export function promptCommand<S extends FindingState>(state: S, id: PromptCommand): Step<S> {
	const prompt = state.find.prompt;
	if (prompt === undefined) {
		return [state, []];
	}

	switch (id) {
		case 'prompt.backspace': {
			return editPrompt(state, [...prompt.text].slice(0, -1).join(''));
		}

		case 'prompt.clear': {
			return editPrompt(state, '');
		}

		case 'prompt.deleteWord': {
			return editPrompt(state, deleteWord(prompt.text));
		}

		case 'prompt.accept': {
			return acceptPrompt(state, prompt);
		}

		case 'prompt.cancel': {
			if (prompt.kind === 'filter') {
				return [refilter(withFind(state, {prompt: undefined, filter: '', filterQuery: undefined}), 'top'), []];
			}

			return [withFind(state, {prompt: undefined}), []];
		}

		case 'prompt.saveView': {
			if (prompt.kind !== 'filter') {
				return [state, []];
			}

			if (prompt.text.trim() === '' || prompt.error !== undefined) {
				return [{...state, status: `Type a query that parses, then ${keyHint('prompt.saveView')} saves it as a view`}, []];
			}

			return [withFind(state, {prompt: {kind: 'view-name', text: '', query: prompt.text.trim()}}), []];
		}
	}
}

/** A printable key in the prompt: text, never a command (the prompt context binds no printable key). */
export function typeInFilter<S extends FindingState>(state: S, spec: string): Step<S> {
	const prompt = state.find.prompt;
	const character = spec === 'space' ? ' ' : spec;
	if (prompt === undefined || [...character].length !== 1 || /[\u0000-\u001F\u007F]/u.test(character)) {
		return [state, []];
	}

	return editPrompt(state, prompt.text + character);
}

function acceptPrompt<S extends FindingState>(state: S, prompt: Prompt): Step<S> {
	switch (prompt.kind) {
		case 'filter': {
			// A query that does not parse at Enter leaves the last good filter in place.
			const count = state.visible.length;
			const status = state.find.filter === '' ? undefined : `${count} ${count === 1 ? 'article matches' : 'articles match'}; ${keyHints('find.clear')} clears the filter`;
			return [{...withFind(state, {prompt: undefined}), status}, []];
		}

		case 'fulltext': {
			const text = prompt.text.trim();
			if (prompt.error !== undefined) {
				return [{...state, status: prompt.error.message}, []];
			}

			if (text === '') {
				return [withFind(state, {prompt: undefined}), []];
			}

			return runSearch(withFind(state, {prompt: undefined}), text);
		}

		case 'view-name': {
			const name = prompt.text.trim();
			if (name === '' || /[\u0000-\u001F\u007F-\u009F]/u.test(name)) {
				return [{...state, status: `A view needs a name (${keyHint('prompt.cancel')} cancels)`}, []];
			}

			const view = {name, query: prompt.query ?? ''};
			return [{...withFind(state, {prompt: undefined, views: putView(state.find.views, view)}), status: `Saved view "${name}"; ${keyHint('find.views')} lists the views`}, [{type: 'save-view', view}]];
		}
	}
}

function runSearch<S extends FindingState>(state: S, text: string): Step<S> {
	switch (state.find.index) {
		case 'ready': {
			return [{...state, status: 'Searching…'}, [{type: 'search', text}]];
		}

		case 'unavailable': {
			return [{...state, status: `Full-text search is not available here (it needs node:sqlite); ${keyHint('find.filter')} filters titles, sources and tags`}, []];
		}

		default: {
			return [{...withFind(state, {pendingSearch: text}), status: 'Indexing the library… the search runs when the index is ready'}, []];
		}
	}
}

// Pickers ------------------------------------------------------------------------------------------------------------

// Made when a picker first opens: an Intl service made when the module loads is ICU's start-up (~7 ms) in every start.
let collator: Intl.Collator | undefined;

function countBy(state: ListSlice & MarksSlice, keysOf: (meta: ArticleMeta) => readonly string[]): PickerItem[] {
	const counts = new Map<string, {total: number; unread: number}>();
	for (const meta of state.all) {
		const read = state.marks.isRead(meta.id);
		for (const key of keysOf(meta)) {
			let entry = counts.get(key);
			if (entry === undefined) {
				entry = {total: 0, unread: 0};
				counts.set(key, entry);
			}

			entry.total++;
			if (!read) {
				entry.unread++;
			}
		}
	}

	return [...counts].sort(([a], [b]) => (collator ??= new Intl.Collator(undefined, {sensitivity: 'base', numeric: true})).compare(a, b)).map(([value, {total, unread}]) => ({label: value, value, total, unread}));
}

function viewItems(state: FindSlice & ListSlice & MarksSlice): PickerItem[] {
	const {marks} = state;
	return state.find.views.map(view => {
		const parsed = parseQuery(view.query);
		if (!parsed.ok) {
			return {label: view.name, value: view.name, total: 0, unread: 0, note: `does not parse: ${parsed.error.message}`};
		}

		const total = filterArticles(parsed.query, state.all, marks).length;
		const unread = filterArticles(and([parsed.query, unreadTerm]), state.all, marks).length;
		return {label: view.name, value: view.name, total, unread, note: view.query};
	});
}

function openPicker<S extends FindingState>(state: S, picker: PickerOverlay['picker']): Step<S> {
	const items = picker === 'source'
		? countBy(state, meta => [meta.source])
		: (picker === 'tag' ? countBy(state, meta => meta.tags) : viewItems(state));
	if (items.length === 0) {
		const what = picker === 'source' ? 'No sources yet' : (picker === 'tag' ? 'No article has tags' : `No saved views: ${keyHint('find.filter')} then ${keyHint('prompt.saveView')} saves a filter as one`);
		return [{...state, status: what}, []];
	}

	const current = picker === 'source' ? state.find.narrow.source : (picker === 'tag' ? state.find.narrow.tag : state.find.narrow.view?.name);
	const cursor = Math.max(0, items.findIndex(item => item.value === current));
	const rows = Math.max(1, listRows(state));
	return [{...state, overlay: {kind: 'picker', picker, items, cursor, offset: keepInView(0, cursor, rows, items.length)}}, []];
}

function choose<S extends FindingState>(state: S, overlay: PickerOverlay): Step<S> {
	const item = overlay.items[overlay.cursor];
	const closed: S = {...state, overlay: undefined};
	if (item === undefined) {
		return [closed, []];
	}

	let narrow: Narrowing;
	let {filter, filterQuery} = state.find;
	if (overlay.picker === 'view') {
		const view = state.find.views.find(candidate => candidate.name === item.value);
		if (view === undefined || item.note?.startsWith('does not parse') === true) {
			return [{...closed, status: `The view "${item.label}" ${item.note ?? 'is gone'}`}, []];
		}

		// A view is a list of its own: switching to it drops the other narrowing and the filter.
		narrow = {view};
		filter = '';
		filterQuery = undefined;
	} else {
		narrow = {...state.find.narrow, [overlay.picker]: item.value};
	}

	const next = refilter(withFind(closed, {narrow, filter, filterQuery}), 'top');
	return [{...next, status: `${next.visible.length} listed; ${keyHints('find.clear')} shows every article`}, []];
}

function movePicker<S extends FindingState>(state: S, overlay: PickerOverlay, id: CommandId): Step<S> {
	const rows = Math.max(1, listRows(state));
	const cursor = moveCursor(id, overlay.cursor, rows, overlay.items.length) ?? overlay.cursor;
	return [{...state, overlay: {...overlay, cursor, offset: keepInView(overlay.offset, cursor, rows, overlay.items.length)}}, []];
}

// Full-text results --------------------------------------------------------------------------------------------------

function moveResults<S extends FindingState>(state: S, results: Results, cursor: number): S {
	const next = clamp(cursor, 0, Math.max(0, results.hits.length - 1));
	const offset = keepInView(results.offset, next, resultRows(state), results.hits.length, 1);
	return withFind(state, {results: {...results, cursor: next, offset}});
}

function openHit<S extends FindingState>(state: S, results: Results): Step<S> {
	const hit = results.hits[results.cursor];
	if (hit === undefined) {
		return [state, []];
	}

	// The library's own object for the article when it has one: the index may describe an older revision of it.
	const meta = state.all.find(candidate => candidate.id === hit.meta.id) ?? hit.meta;
	return openArticle(state, meta, {findTerms: results.terms});
}

/** Keys in the full-text results. */
export function resultsCommand<S extends FindingState>(state: S, id: CommandId): Step<S> {
	const {results} = state.find;
	if (results === undefined) {
		return [state, []];
	}

	const moved = moveCursor(id, results.cursor, resultRows(state), results.hits.length);
	if (moved !== undefined) {
		return [moveResults(state, results, moved), []];
	}

	switch (id) {
		case 'article.open': {
			return openHit(state, results);
		}

		case 'results.close': {
			return [withFind(state, {results: undefined}), []];
		}

		case 'star.toggle': {
			const hit = results.hits[results.cursor];
			return hit === undefined ? [state, []] : toggleStar(state, hit.meta);
		}

		default: {
			return [state, []];
		}
	}
}

/** The line of the first match of `terms` in rendered lines (styled text is compared without its SGR). */
export function firstMatchLine(lines: readonly string[], terms: readonly string[]): {line: number; count: number; text: string} | undefined {
	if (terms.length === 0) {
		return undefined;
	}

	const plain = lines.map(line => stripSgr(line));
	const matches = findTermMatches(plain.join('\n'), terms);
	const first = matches[0];
	if (first === undefined) {
		return undefined;
	}

	const joined = plain.join('\n');
	const text = joined.slice(first[0], first[1]).replaceAll(/\s+/gu, ' ');
	let start = 0;
	for (const [line, lineText] of plain.entries()) {
		if (first[0] < start + lineText.length + 1) {
			return {line, count: matches.length, text};
		}

		start += lineText.length + 1;
	}

	return undefined;
}

/**
Hands the first match over to the reader's own search (source/app/reading.ts), so that the words are highlighted and
`n`/`N` move between them. The reader searches for one string: the text of the first match, or failing that (a
phrase broken across lines) its first word.
*/
function highlightInReader<S extends ReaderSlice>(state: S, found: {line: number; text: string}): S {
	const {article} = state;
	if (article?.rendered === undefined) {
		return state;
	}

	for (const query of [found.text, found.text.split(' ')[0]!]) {
		const current = firstMatchFrom(searchMatches(article.rendered, query), found.line);
		if (current !== undefined) {
			return {...state, article: {...article, reading: {...article.reading, search: {query, current}}}};
		}
	}

	return state;
}

// Commands -----------------------------------------------------------------------------------------------------------

export type PickerCommand = Extract<CommandId, 'picker.choose' | 'picker.cancel' | 'move.down' | 'move.up' | 'move.pageDown' | 'move.pageUp' | 'move.halfDown' | 'move.halfUp' | 'move.top' | 'move.bottom'>;

/** Keys in a picker: move, choose, cancel. */
export function pickerCommand<S extends FindingState>(state: S, id: PickerCommand): Step<S> {
	const {overlay} = state;
	if (overlay?.kind !== 'picker') {
		return [state, []];
	}

	switch (id) {
		case 'picker.choose': {
			return choose(state, overlay);
		}

		case 'picker.cancel': {
			return [{...state, overlay: undefined}, []];
		}

		default: {
			return movePicker(state, overlay, id);
		}
	}
}

/** `n` and `p` in an article opened from search results walk the results. */
export function walkResults<S extends FindingState>(state: S, id: 'article.next' | 'article.previous'): Step<S> | undefined {
	const {results} = state.find;
	if (state.article === undefined || results === undefined) {
		return undefined;
	}

	const cursor = results.cursor + (id === 'article.next' ? 1 : -1);
	if (cursor < 0 || cursor >= results.hits.length) {
		return [{...state, status: id === 'article.next' ? 'This is the last result' : 'This is the first result'}, []];
	}

	const moved = {...results, cursor};
	return openHit(withFind(state, {results: moved}), moved);
}

export type FindCommand = Extract<CommandId, 'find.filter' | 'find.fullText' | 'find.clear' | 'find.source' | 'find.tag' | 'find.views' | 'list.sort' | 'list.unreadOnly'>;

/** The list's finding keys. */
export function findCommand<S extends FindingState>(state: S, id: FindCommand): Step<S> {
	switch (id) {
		case 'find.filter': {
			const prompting = withFind(state, {prompt: {kind: 'filter', text: state.find.filter}, folding: true});
			return [prompting, state.find.folding === true ? [] : [{type: 'prepare-filter', articles: state.all, fold: true, now: true}]];
		}

		case 'find.fullText': {
			const prompting = withFind(state, {prompt: {kind: 'fulltext', text: state.find.results?.query ?? ''}});
			const hint = 'Indexing the library… you can type the search meanwhile';
			if (state.find.index === 'idle') {
				return [{...withFind(prompting, {index: 'indexing'}), status: hint}, [{type: 'open-index', articles: state.all}]];
			}

			return [{...prompting, status: state.find.index === 'indexing' ? hint : undefined}, []];
		}

		case 'find.clear': {
			if (!isNarrowed(state.find)) {
				return [state, []];
			}

			const next = refilter(withFind(state, {filter: '', filterQuery: undefined, narrow: {}}), 'nearest');
			return [{...next, status: 'Showing every article'}, []];
		}

		case 'find.source': {
			return openPicker(state, 'source');
		}

		case 'find.tag': {
			return openPicker(state, 'tag');
		}

		case 'find.views': {
			return openPicker(state, 'view');
		}

		case 'list.sort': {
			const sort = sortOrders[(sortOrders.indexOf(state.find.sort) + 1) % sortOrders.length]!;
			const selected = selectedOf(state)?.id;
			const all = sortArticles(state.all, sort);
			const next = refilter(withFind(state, {sort}), 'top', all, selected);
			return [{...next, status: `Sorted by ${sort}`}, [{type: 'save-settings', settings: {sort}}, {type: 'prepare-filter', articles: all, fold: folds(next)}]];
		}

		case 'list.unreadOnly': {
			const unreadOnly = !state.unreadOnly;
			const next = refilter({...state, unreadOnly, status: unreadOnly ? 'Showing unread articles only' : 'Showing all articles'}, 'nearest');
			return [next, [{type: 'save-settings', settings: {unreadOnly}}]];
		}
	}
}

// Actions ------------------------------------------------------------------------------------------------------------

/** A (re)loaded library in the order chosen with `o`, and the finding state applied to it. */
export function sortedForFind(state: FindSlice, articles: readonly ArticleMeta[]): readonly ArticleMeta[] {
	// Sorted once, by the loader, unless `o` chose another order since start-up.
	return state.find.sort === state.find.loadOrder ? articles : sortArticles(articles, state.find.sort);
}

/** Whether new lists are folded for the filter ahead of the keys: once it has been asked for, or while it narrows. */
const folds = (state: FindSlice): boolean => state.find.folding === true || isNarrowed(state.find);

/** After a final load: ready the rows (by path; folded once the filter is used), and keep an open full-text index in step. */
export function afterLoad(state: FindSlice, articles: readonly ArticleMeta[]): Effect[] {
	// The index is opened the first time the reader asks for it (`f`), never at start-up: at 100,000 articles building
	// it costs tens of seconds of CPU and hundreds of MB that browsing does not need.
	const prepare: Effect = {type: 'prepare-filter', articles, fold: folds(state)};
	return state.find.index === 'ready' ? [prepare, {type: 'open-index', articles}] : [prepare];
}

/** An article opened from a search hit renders: open it at the first match, with the reader's search set to it. */
export function openedAtMatch<S extends ReaderSlice & StatusSlice>(state: S, id: string, lines: readonly string[]): {readonly before: S; readonly after: (rendered: S) => S} | undefined {
	const {article} = state;
	if (article?.id !== id || article.findTerms === undefined || article.rendered !== undefined) {
		return undefined;
	}

	const found = firstMatchLine(lines, article.findTerms);
	if (found === undefined) {
		return {before: state, after: rendered => ({...rendered, status: 'The search words are not in this revision of the article'})};
	}

	// A line of context above the match.
	const before = {...state, article: {...article, pendingOffset: Math.max(0, found.line - 1)}};
	const status = `${found.count} ${found.count === 1 ? 'match' : 'matches'} of the search in this article · ${keyHint('search.next', 'search.previous')} next/previous`;
	return {before, after: rendered => ({...highlightInReader(rendered, found), status})};
}

export function setViews<S extends FindSlice>(state: S, views: FindState['views']): S {
	return withFind(state, {views});
}

export function indexStatus<S extends FindingState>(state: S, status: IndexStatus, message?: string): Step<S> {
	const next = {...withFind(state, {index: status}), status: message ?? state.status};
	const pending = state.find.pendingSearch;
	if (pending !== undefined && status !== 'indexing') {
		return runSearch(withFind(next, {pendingSearch: undefined}), pending);
	}

	return [next, []];
}

export function searchResults<S extends FindingState>(state: S, query: string, hits: readonly FoundHit[], terms: readonly string[]): S {
	const results: Results = {query, hits, terms, cursor: 0, offset: 0};
	const count = hits.length;
	const status = count === 0
		? `Nothing matches "${query}" (${keyHint('find.fullText')} searches again, ${keyHint('results.close')} goes back)`
		: `${count}${count === searchLimit ? '+' : ''} ${count === 1 ? 'result' : 'results'}, best first`;
	return {...withFind(state, {results}), status};
}

/** What narrows the list and its order, for the header: ` · view: Z · source: X · tag: Y · /filter · 12 match · by newest`. */
export function describeFinding(state: FindSlice & ListSlice): string {
	const {find} = state;
	const parts: string[] = [];
	if (find.narrow.view !== undefined) {
		parts.push(`view: ${find.narrow.view.name}`);
	}

	if (find.narrow.source !== undefined) {
		parts.push(`source: ${find.narrow.source}`);
	}

	if (find.narrow.tag !== undefined) {
		parts.push(`tag: ${find.narrow.tag}`);
	}

	if (find.filter !== '') {
		parts.push(`/${find.filter}`);
	}

	if (isNarrowed(find)) {
		parts.push(`${state.visible.length} ${state.visible.length === 1 ? 'match' : 'matches'}`);
	}

	parts.push(`by ${find.sort}`);

	if (find.index === 'indexing') {
		parts.push('indexing…');
	}

	return parts.map(part => ` · ${part}`).join('');
}
