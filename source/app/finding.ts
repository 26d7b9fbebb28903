/**
Finding and keeping, as one part of the reducer: the filter prompt (`/`), full-text search (`f`) and its results, the
source, tag and view pickers (`S`, `T`, `v`), the sort order (`o`), stars (`s`) and undo/redo of marks (`u`, Ctrl-R).

`findingReducer` runs before the reader's own reducer (`baseReducer` in state.ts) and hands it every action it does
not handle, so the reader's code stays as it was. The list the reader walks (`visible`) is what the filter, the
narrowing and "unread only" leave; `n`/`p`, `N` and "mark all read" use it unchanged.

Cost on the key path: a keystroke in the filter parses the query and runs `filterArticles` once over `all` (its folded
fields are built once per list, by the `prepare-filter` effect after a load); narrowing by source or tag is a pass over
the matches only; the cursor is found by binary search. Nothing else is proportional to the library.
*/
import type {ArticleMeta} from '../core/types.js';
import {compileQuery, filterArticles, parseQuery, type Marks as QueryMarks, type Query, type QueryError} from '../core/query/index.js';
import {findTermMatches} from '../core/query/snippet.js';
import {putView, type SavedView} from '../core/query/views.js';
import {sortArticles, sortOrders, type SortOrder} from '../core/library/sort.js';
import {resolveCommand, type CommandId, type Context} from './keymap.js';
import {clamp, keepInView} from './scroll.js';
import {firstMatchFrom, searchMatches} from './reader-search.js';
import {bodyWidth, contextOf, listRows, selectedMeta, type Action, type AppState, type Effect, type Marks, type Step} from './state.js';
import {stripSgr} from '../core/text/styled-ranges.js';

export type Narrowing = {readonly source?: string; readonly tag?: string; readonly view?: SavedView};

export type Prompt = {
	/** `filter`: re-filters on each key; `fulltext`: searches bodies on Enter; `view-name`: names the query to save. */
	readonly kind: 'filter' | 'fulltext' | 'view-name';
	readonly text: string;
	/** Why `text` does not parse (the list keeps the last good result meanwhile). */
	readonly error?: QueryError;
	/** The query a `view-name` prompt saves. */
	readonly query?: string;
};

/** A full-text hit as the results view needs it (the index adapter's `SearchHit` is one). */
export type FoundHit = {
	readonly meta: ArticleMeta;
	readonly snippet: string;
	readonly highlights: ReadonlyArray<readonly [number, number]>;
	readonly score: number;
};

export type Results = {
	readonly query: string;
	readonly hits: readonly FoundHit[];
	/** The words to find in an opened hit. */
	readonly terms: readonly string[];
	readonly cursor: number;
	readonly offset: number;
};

export type IndexStatus = 'idle' | 'indexing' | 'ready' | 'unavailable';

export type FindState = {
	/** The applied filter as typed; '' for none. */
	readonly filter: string;
	readonly filterQuery?: Query;
	readonly narrow: Narrowing;
	readonly sort: SortOrder;
	/** The order the loader sorts a library in before `library-loaded` (the saved order at start-up). */
	readonly loadOrder: SortOrder;
	readonly prompt?: Prompt;
	/** Full-text results; shown instead of the list while set. */
	readonly results?: Results;
	readonly views: readonly SavedView[];
	readonly index: IndexStatus;
	/** A search asked for while the index was being built; it runs when the index is ready. */
	readonly pendingSearch?: string;
};

export type PickerItem = {readonly label: string; readonly value: string; readonly unread: number; readonly total: number; readonly note?: string};

export type PickerOverlay = {
	readonly kind: 'picker';
	readonly picker: 'source' | 'tag' | 'view';
	readonly items: readonly PickerItem[];
	readonly cursor: number;
	readonly offset: number;
};

export type FindAction =
	| {type: 'find-setup'; views: readonly SavedView[]}
	| {type: 'index-status'; status: IndexStatus; message?: string}
	| {type: 'search-results'; query: string; hits: readonly FoundHit[]; terms: readonly string[]}
	| {type: 'search-failed'; message: string};

export type FindEffect =
	| {type: 'star'; ids: readonly string[]; starred: boolean}
	| {type: 'undo'}
	| {type: 'redo'}
	| {type: 'save-sort'; sort: SortOrder}
	| {type: 'save-view'; view: SavedView}
	/** Open the full-text index (or bring it up to date with `all`) in the background. */
	| {type: 'open-index'}
	| {type: 'search'; text: string}
	/** Fold the list's fields for the filter ahead of the first keystroke. */
	| {type: 'prepare-filter'};

export const searchLimit = 100;

export function initialFind(sort: SortOrder = 'newest'): FindState {
	return {filter: '', narrow: {}, sort, loadOrder: sort, views: [], index: 'idle'};
}

/** The finding contexts, or undefined to let the reader decide (help and confirm overlays win over a prompt). */
export function findContext(state: AppState): Context | undefined {
	if (state.overlay?.kind === 'picker') {
		return 'picker';
	}

	if (state.overlay !== undefined) {
		return undefined;
	}

	if (state.find.prompt !== undefined) {
		return 'prompt';
	}

	return state.article === undefined && state.find.results !== undefined ? 'results' : undefined;
}

export const isNarrowed = (find: FindState): boolean =>
	find.filter !== '' || find.narrow.source !== undefined || find.narrow.tag !== undefined || find.narrow.view !== undefined;

// filterArticles looks marks up once per version when the marks object stays the same: one adapter per reader marks.
type VersionedMarks = {isRead(id: string): boolean; isStarred(id: string): boolean; version: number};
const adapters = new WeakMap<Marks, VersionedMarks>();

export function queryMarks(state: Pick<AppState, 'marks' | 'marksVersion'>): QueryMarks {
	let adapter = adapters.get(state.marks);
	if (adapter === undefined) {
		const {marks} = state;
		adapter = {isRead: id => marks.isRead(id), isStarred: id => marks.isStarred?.(id) ?? false, version: 0};
		adapters.set(marks, adapter);
	}

	adapter.version = state.marksVersion;
	return adapter;
}

const unreadTerm: Query = {kind: 'is', state: 'unread', start: 0, end: 0};

const and = (parts: readonly Query[]): Query => {
	if (parts.length === 0) {
		return {kind: 'all'};
	}

	return parts.length === 1 ? parts[0]! : {kind: 'and', items: parts};
};

function baseParts(find: FindState): Query[] {
	const parts: Query[] = [];
	if (find.narrow.view !== undefined) {
		const parsed = parseQuery(find.narrow.view.query);
		if (parsed.ok) {
			parts.push(parsed.query);
		}
	}

	if (find.filterQuery !== undefined && find.filterQuery.kind !== 'all') {
		parts.push(find.filterQuery);
	}

	return parts;
}

function narrowTest(find: FindState): ((meta: ArticleMeta) => boolean) | undefined {
	const {source, tag} = find.narrow;
	if (source === undefined && tag === undefined) {
		return undefined;
	}

	return meta => (source === undefined || meta.source === source) && (tag === undefined || (meta.tags as readonly string[]).includes(tag));
}

/**
The positions in `all` the list shows: the view, the filter and "unread only" (one `filterArticles` pass), then the
source and tag narrowing (a pass over the matches). `keep` (a position in `all`) stays listed under "unread only" when
it matches everything else, so the article just read does not vanish from under the cursor.
*/
export function visibleFor(state: Pick<AppState, 'find' | 'unreadOnly' | 'marks' | 'marksVersion'>, all: readonly ArticleMeta[], keep?: number): number[] {
	const parts = baseParts(state.find);
	const marks = queryMarks(state);
	let matches = filterArticles(and(state.unreadOnly ? [...parts, unreadTerm] : parts), all, marks);
	const narrow = narrowTest(state.find);
	if (narrow !== undefined) {
		matches = matches.filter(index => narrow(all[index]!));
	}

	if (state.unreadOnly && keep !== undefined && all[keep] !== undefined) {
		const meta = all[keep];
		const at = lowerBound(matches, keep);
		if (matches[at] !== keep) {
			const row = {meta, read: marks.isRead(meta.id), starred: marks.isStarred(meta.id)};
			if (compileQuery(and(parts))(row) && (narrow === undefined || narrow(meta))) {
				matches.splice(at, 0, keep);
			}
		}
	}

	return matches;
}

/** The first position in a sorted array whose value is at least `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
	let low = 0;
	let high = sorted.length;
	while (low < high) {
		const middle = (low + high) >>> 1;
		if (sorted[middle]! < value) {
			low = middle + 1;
		} else {
			high = middle;
		}
	}

	return low;
}

function selectAt(state: AppState, cursor: number): AppState {
	const next = clamp(cursor, 0, Math.max(0, state.visible.length - 1));
	return {...state, cursor: next, listOffset: keepInView(state.listOffset, next, listRows(state), state.visible.length)};
}

/**
Recomputes `visible` for the current finding state, keeping the selected article selected when it is still listed;
otherwise the cursor goes to the top (`'top'`, for a new filter) or to the nearest article before it (`'nearest'`).
*/
export function refilter(state: AppState, fallback: 'top' | 'nearest' = 'top', all = state.all, keepId?: string): AppState {
	let keep = state.visible[state.cursor];
	if (keepId !== undefined) {
		const found = all.findIndex(meta => meta.id === keepId);
		keep = found === -1 ? undefined : found;
	}

	const visible = visibleFor(state, all, keep);
	let cursor = 0;
	if (keep !== undefined) {
		const at = lowerBound(visible, keep);
		if (visible[at] === keep) {
			cursor = at;
		} else if (fallback === 'nearest') {
			cursor = Math.max(0, at - 1);
		}
	}

	return selectAt({...state, all, visible, listOffset: visible.length === state.visible.length ? state.listOffset : 0}, cursor);
}

const withFind = (state: AppState, find: Partial<FindState>): AppState => ({...state, find: {...state.find, ...find}});

const leave = (state: AppState): Effect[] =>
	state.article?.rendered ? [{type: 'save-position', id: state.article.id, line: state.article.offset}] : [];

// The prompt ---------------------------------------------------------------------------------------------------------

function editPrompt(state: AppState, text: string): Step {
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

function promptKey(state: AppState, spec: string): Step | undefined {
	const prompt = state.find.prompt!;
	const id = resolveCommand('prompt', spec);
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
				return [{...state, status: 'Type a query that parses, then Ctrl-S saves it as a view'}, []];
			}

			return [withFind(state, {prompt: {kind: 'view-name', text: '', query: prompt.text.trim()}}), []];
		}

		case undefined: {
			// Every printable key is text here, never a command: the prompt context binds no printable key.
			const character = spec === 'space' ? ' ' : spec;
			if ([...character].length !== 1 || /[\u0000-\u001F\u007F]/u.test(character)) {
				return [state, []];
			}

			return editPrompt(state, prompt.text + character);
		}

		default: {
			// Ctrl-C: quit, through the reader.
			return undefined;
		}
	}
}

function acceptPrompt(state: AppState, prompt: Prompt): Step {
	switch (prompt.kind) {
		case 'filter': {
			// A query that does not parse at Enter leaves the last good filter in place.
			const count = state.visible.length;
			const status = state.find.filter === '' ? undefined : `${count} ${count === 1 ? 'article matches' : 'articles match'}; Esc or c clears the filter`;
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
				return [{...state, status: 'A view needs a name (Esc cancels)'}, []];
			}

			const view = {name, query: prompt.query ?? ''};
			return [{...withFind(state, {prompt: undefined, views: putView(state.find.views, view)}), status: `Saved view "${name}"; v lists the views`}, [{type: 'save-view', view}]];
		}
	}
}

function runSearch(state: AppState, text: string): Step {
	switch (state.find.index) {
		case 'ready': {
			return [{...state, status: 'Searching…'}, [{type: 'search', text}]];
		}

		case 'unavailable': {
			return [{...state, status: 'Full-text search is not available here (it needs node:sqlite); / filters titles, sources and tags'}, []];
		}

		default: {
			return [{...withFind(state, {pendingSearch: text}), status: 'Indexing the library… the search runs when the index is ready'}, []];
		}
	}
}

// Pickers ------------------------------------------------------------------------------------------------------------

const collator = new Intl.Collator(undefined, {sensitivity: 'base', numeric: true});

function countBy(state: AppState, keysOf: (meta: ArticleMeta) => readonly string[]): PickerItem[] {
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

	return [...counts].sort(([a], [b]) => collator.compare(a, b)).map(([value, {total, unread}]) => ({label: value, value, total, unread}));
}

function viewItems(state: AppState): PickerItem[] {
	const marks = queryMarks(state);
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

function openPicker(state: AppState, picker: PickerOverlay['picker']): Step {
	const items = picker === 'source'
		? countBy(state, meta => [meta.source])
		: (picker === 'tag' ? countBy(state, meta => meta.tags) : viewItems(state));
	if (items.length === 0) {
		const what = picker === 'source' ? 'No sources yet' : (picker === 'tag' ? 'No article has tags' : 'No saved views: / then Ctrl-S saves a filter as one');
		return [{...state, status: what}, []];
	}

	const current = picker === 'source' ? state.find.narrow.source : (picker === 'tag' ? state.find.narrow.tag : state.find.narrow.view?.name);
	const cursor = Math.max(0, items.findIndex(item => item.value === current));
	const rows = Math.max(1, listRows(state));
	return [{...state, overlay: {kind: 'picker', picker, items, cursor, offset: keepInView(0, cursor, rows, items.length)}}, []];
}

function choose(state: AppState, overlay: PickerOverlay): Step {
	const item = overlay.items[overlay.cursor];
	const closed: AppState = {...state, overlay: undefined};
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
	return [{...next, status: `${next.visible.length} listed; Esc or c shows every article`}, []];
}

function movePicker(state: AppState, overlay: PickerOverlay, id: CommandId): Step {
	const rows = Math.max(1, listRows(state));
	const last = overlay.items.length - 1;
	const to: Partial<Record<CommandId, number>> = {
		'move.down': overlay.cursor + 1,
		'move.up': overlay.cursor - 1,
		'move.pageDown': overlay.cursor + rows,
		'move.pageUp': overlay.cursor - rows,
		'move.top': 0,
		'move.bottom': last,
	};
	const cursor = clamp(to[id] ?? overlay.cursor, 0, Math.max(0, last));
	return [{...state, overlay: {...overlay, cursor, offset: keepInView(overlay.offset, cursor, rows, overlay.items.length)}}, []];
}

// Full-text results --------------------------------------------------------------------------------------------------

/** Each hit takes two rows: its title, and the snippet under it. */
export const resultRows = (state: Pick<AppState, 'rows'>): number => Math.max(1, Math.floor(listRows(state) / 2));

function moveResults(state: AppState, results: Results, cursor: number): AppState {
	const next = clamp(cursor, 0, Math.max(0, results.hits.length - 1));
	const offset = keepInView(results.offset, next, resultRows(state), results.hits.length, 1);
	return withFind(state, {results: {...results, cursor: next, offset}});
}

function openHit(state: AppState, results: Results, effects: Effect[] = []): Step {
	const hit = results.hits[results.cursor];
	if (hit === undefined) {
		return [state, effects];
	}

	// The library's own object for the article when it has one: the index may describe an older revision of it.
	const meta = state.all.find(candidate => candidate.id === hit.meta.id) ?? hit.meta;
	const out: Effect[] = [...effects, {type: 'render-article', meta, width: bodyWidth(state)}];
	if (!state.marks.isRead(meta.id)) {
		out.push({type: 'mark', ids: [meta.id], read: true});
	}

	return [{...state, article: {id: meta.id, meta, offset: 0, findTerms: results.terms}, status: undefined}, out];
}

function resultsCommand(state: AppState, results: Results, id: CommandId): Step | undefined {
	const page = resultRows(state);
	switch (id) {
		case 'move.down': {
			return [moveResults(state, results, results.cursor + 1), []];
		}

		case 'move.up': {
			return [moveResults(state, results, results.cursor - 1), []];
		}

		case 'move.pageDown': {
			return [moveResults(state, results, results.cursor + page), []];
		}

		case 'move.pageUp': {
			return [moveResults(state, results, results.cursor - page), []];
		}

		case 'move.top': {
			return [moveResults(state, results, 0), []];
		}

		case 'move.bottom': {
			return [moveResults(state, results, results.hits.length - 1), []];
		}

		case 'article.open': {
			return openHit(state, results);
		}

		case 'results.close': {
			return [withFind(state, {results: undefined}), []];
		}

		case 'find.fullText': {
			return [withFind(state, {prompt: {kind: 'fulltext', text: results.query}}), []];
		}

		case 'star.toggle': {
			const hit = results.hits[results.cursor];
			return hit === undefined ? [state, []] : toggleStar(state, hit.meta);
		}

		default: {
			return undefined;
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
function highlightInReader(state: AppState, found: {line: number; text: string}): AppState {
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

// Marks --------------------------------------------------------------------------------------------------------------

function toggleStar(state: AppState, meta: ArticleMeta | undefined): Step {
	if (meta === undefined) {
		return [state, []];
	}

	const starred = !(state.marks.isStarred?.(meta.id) ?? false);
	return [{...state, status: starred ? 'Starred (u undoes)' : 'Unstarred (u undoes)'}, [{type: 'star', ids: [meta.id], starred}]];
}

// Commands -----------------------------------------------------------------------------------------------------------

function findCommand(state: AppState, id: CommandId, context: Context): Step | undefined {
	if (context === 'picker' && state.overlay?.kind === 'picker') {
		if (id === 'picker.choose') {
			return choose(state, state.overlay);
		}

		if (id === 'picker.cancel') {
			return [{...state, overlay: undefined}, []];
		}

		return id.startsWith('move.') ? movePicker(state, state.overlay, id) : undefined;
	}

	if (context === 'results' && state.find.results !== undefined) {
		return resultsCommand(state, state.find.results, id);
	}

	const {results} = state.find;
	if (state.article !== undefined && state.overlay === undefined && results !== undefined && (id === 'article.next' || id === 'article.previous')) {
		// An article opened from search results: n and p walk the results.
		const cursor = results.cursor + (id === 'article.next' ? 1 : -1);
		if (cursor < 0 || cursor >= results.hits.length) {
			return [{...state, status: id === 'article.next' ? 'This is the last result' : 'This is the first result'}, []];
		}

		return openHit(withFind(state, {results: {...results, cursor}}), {...results, cursor}, leave(state));
	}

	switch (id) {
		case 'find.filter': {
			return [withFind(state, {prompt: {kind: 'filter', text: state.find.filter}}), []];
		}

		case 'find.fullText': {
			const prompting = withFind(state, {prompt: {kind: 'fulltext', text: ''}});
			if (state.find.index === 'idle') {
				return [{...withFind(prompting, {index: 'indexing'}), status: 'Indexing the library… you can type the search meanwhile'}, [{type: 'open-index'}]];
			}

			const hint = state.find.index === 'indexing' ? 'Indexing the library… you can type the search meanwhile' : undefined;
			return [{...prompting, status: hint}, []];
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
			const id = selectedMeta(state)?.id;
			const all = sortArticles(state.all, sort);
			const next = refilter(withFind(state, {sort}), 'top', all, id);
			return [{...next, status: `Sorted by ${sort}`}, [{type: 'save-sort', sort}, {type: 'prepare-filter'}]];
		}

		case 'list.unreadOnly': {
			const unreadOnly = !state.unreadOnly;
			const next = refilter({...state, unreadOnly, status: unreadOnly ? 'Showing unread articles only' : 'Showing all articles'}, 'nearest');
			return [next, [{type: 'save-setting', key: 'unreadOnly', value: unreadOnly}]];
		}

		case 'star.toggle': {
			return toggleStar(state, state.article?.meta ?? selectedMeta(state));
		}

		case 'marks.undo': {
			return [state, [{type: 'undo'}]];
		}

		case 'marks.redo': {
			return [state, [{type: 'redo'}]];
		}

		default: {
			return undefined;
		}
	}
}

/** Handles the finding actions and keys, and gives every other action to `base` (the reader's reducer). */
export function findingReducer(state: AppState, action: Action, base: (state: AppState, action: Action) => Step): Step {
	switch (action.type) {
		case 'key': {
			const context = contextOf(state);
			const quiet = state.status === undefined ? state : {...state, status: undefined};
			if (context === 'prompt') {
				return promptKey(quiet, action.spec) ?? base(state, action);
			}

			const id = resolveCommand(context, action.spec);
			return (id === undefined ? undefined : findCommand(quiet, id, context)) ?? base(state, action);
		}

		case 'command': {
			const context = contextOf(state);
			return findCommand(state, action.command, context) ?? base(state, action);
		}

		case 'library-loaded': {
			// Sorted once, by the loader, unless `o` chose another order since start-up.
			const articles = state.find.sort === state.find.loadOrder ? action.articles : sortArticles(action.articles, state.find.sort);
			const [loaded, effects] = base(state, {...action, articles});
			const next = isNarrowed(loaded.find) ? refilter(loaded, 'nearest') : loaded;
			const more: Effect[] = [];
			if (action.final) {
				more.push({type: 'prepare-filter'});
				// The full-text index is opened the first time the reader asks for it (`f`), never at start-up: at
				// 100,000 articles building it costs tens of seconds of CPU and hundreds of MB that browsing does not
				// need. Once open, it follows every reload of the library.
				if (next.find.index === 'ready') {
					more.push({type: 'open-index'});
				}
			}

			return [next, [...effects, ...more]];
		}

		case 'article-rendered': {
			const {article} = state;
			if (article?.id === action.id && article.findTerms !== undefined && article.rendered === undefined) {
				const found = firstMatchLine(action.rendered.lines, article.findTerms);
				// A line of context above the match.
				const opened = found === undefined ? state : {...state, article: {...article, pendingOffset: Math.max(0, found.line - 1)}};
				const [next, effects] = base(opened, action);
				if (found === undefined) {
					return [{...next, status: 'The search words are not in this revision of the article'}, effects];
				}

				const status = `${found.count} ${found.count === 1 ? 'match' : 'matches'} of the search in this article · n/N next/previous`;
				return [{...highlightInReader(next, found), status}, effects];
			}

			return base(state, action);
		}

		case 'find-setup': {
			return [withFind(state, {views: action.views}), []];
		}

		case 'index-status': {
			const next = {...withFind(state, {index: action.status}), status: action.message ?? state.status};
			const pending = state.find.pendingSearch;
			if (pending !== undefined && action.status !== 'indexing') {
				return runSearch(withFind(next, {pendingSearch: undefined}), pending);
			}

			return [next, []];
		}

		case 'search-results': {
			const results: Results = {query: action.query, hits: action.hits, terms: action.terms, cursor: 0, offset: 0};
			const count = action.hits.length;
			const status = count === 0 ? `Nothing matches "${action.query}" (f searches again, Esc goes back)` : `${count}${count === searchLimit ? '+' : ''} ${count === 1 ? 'result' : 'results'}, best first`;
			return [{...withFind(state, {results}), status}, []];
		}

		case 'search-failed': {
			return [{...state, status: action.message}, []];
		}

		default: {
			return base(state, action);
		}
	}
}

/** What narrows the list and its order, for the header: ` · view: Z · source: X · tag: Y · /filter · 12 match · by newest`. */
export function describeFinding(state: AppState): string {
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
