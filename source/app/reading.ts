/**
The reading page's interactions: links (numbers, the links overlay, the Tab highlight, following a link to another
stored article with a history), copying, the outline, search in the article and the reading width. Everything works
on the article's cached lines; nothing here renders again except a width change, which is an effect like any render.

It wraps the base reducer (`readingReducer(state, action, next)`): keys and commands of the reading page are handled
here, everything else is passed on unchanged.
*/
import type {ArticleMeta} from '../core/types.js';
import type {RenderedArticle} from '../core/render/render-article.js';
import {resolveCommand, type CommandId} from './keymap.js';
import {articleRows, bodyWidth, type Action, type AppState, type Effect, type OpenArticle, type Step} from './state.js';
import {clamp, keepInView} from './scroll.js';
import {linkPositions, linksOnScreen, resolveTarget, stepLink} from './reader-links.js';
import {firstMatchFrom, searchMatches} from './reader-search.js';
import {currentHeading, nextHeading, previousHeading} from './outline.js';
import {emptyHistory, followed, goBack, goForward, type History} from './reader-history.js';

export type ArticleSearch = {readonly query: string; readonly current: number};

export type ReadingPrompt = {
	readonly kind: 'search' | 'link';
	readonly text: string;
	/** The top line when the prompt opened: Esc goes back there, and the search starts from there. */
	readonly origin: number;
};

/** Per open article: what the reading page adds to it. */
export type Reading = {
	/** A search kept with Enter: `n`/`N` move between its matches until Esc. */
	readonly search?: ArticleSearch;
	readonly prompt?: ReadingPrompt;
	/** The link (its number) that Tab highlighted; it counts only while it is on the screen. */
	readonly highlight?: number;
	/** A link number typed before `o` (newsraft's `5o`). */
	readonly digits?: string;
	readonly history?: History;
};

export type ReadingOverlay =
	| {readonly kind: 'links'; readonly cursor: number; readonly offset: number}
	| {readonly kind: 'outline'; readonly cursor: number; readonly offset: number};

export type ReadingEffect =
	| {type: 'open-url'; url: string}
	| {type: 'copy'; text: string; label: string}
	| {type: 'save-width'; width: number};

export const readingCommands = [
	'link.open', 'link.digit', 'link.follow', 'link.next', 'link.previous', 'link.list', 'link.copy',
	'history.back', 'history.forward', 'outline.open', 'heading.next', 'heading.previous',
	'search.start', 'search.next', 'search.previous', 'search.clear',
	'reading.accept', 'reading.cancel', 'reading.erase',
	'choice.down', 'choice.up', 'choice.open', 'choice.copy', 'choice.close',
	'width.wider', 'width.narrower',
] as const satisfies readonly CommandId[];

export type ReadingCommand = (typeof readingCommands)[number];
const commandSet = new Set<string>(readingCommands);
export const isReadingCommand = (id: CommandId): id is ReadingCommand => commandSet.has(id);

export const minimumWidth = 20;
export const maximumWidth = 400;
const widthStep = 4;

const readingOf = (state: AppState): Reading => state.article?.reading ?? {};

function withReading(state: AppState, change: Partial<Reading>): AppState {
	const {article} = state;
	return article ? {...state, article: {...article, reading: {...article.reading, ...change}}} : state;
}

/** The reading page's context for the key table, or undefined when the page is not in one of its own. */
export function readingContext(state: AppState): 'article-prompt' | 'article-found' | 'links' | 'outline' | undefined {
	if (state.overlay?.kind === 'links' || state.overlay?.kind === 'outline') {
		return state.overlay.kind;
	}

	if (!state.article || state.overlay !== undefined) {
		return undefined;
	}

	const reading = readingOf(state);
	if (reading.prompt) {
		return 'article-prompt';
	}

	return reading.search ? 'article-found' : undefined;
}

/** The search whose matches the page shows: the one being typed, else the one kept. */
export function shownQuery(state: AppState): string | undefined {
	const reading = readingOf(state);
	if (reading.prompt?.kind === 'search') {
		return reading.prompt.text;
	}

	return reading.search?.query;
}

/** The index of the match marked as current, clamped to the matches there are (a re-render can change them). */
export function currentMatch(state: AppState): number | undefined {
	const rendered = state.article?.rendered;
	const query = shownQuery(state);
	if (!rendered || query === undefined || query === '') {
		return undefined;
	}

	const matches = searchMatches(rendered, query);
	const reading = readingOf(state);
	if (matches.length === 0) {
		return undefined;
	}

	if (reading.prompt?.kind === 'search') {
		return firstMatchFrom(matches, reading.prompt.origin);
	}

	return Math.min(reading.search?.current ?? 0, matches.length - 1);
}

/** The highlighted link, if it is on the screen. */
export function highlightedLink(state: AppState): number | undefined {
	const {article} = state;
	const n = article?.reading?.highlight;
	if (!article?.rendered || n === undefined) {
		return undefined;
	}

	const position = linkPositions(article.rendered)[n - 1];
	return position && position.line >= article.offset && position.line < article.offset + articleRows(state) ? n : undefined;
}

/** What the reader's bottom row shows for the reading page: the prompt, else a status of its own, else undefined. */
export function readingStatus(state: AppState): {readonly text: string; readonly prompt: boolean} | undefined {
	const reading = readingOf(state);
	const rendered = state.article?.rendered;
	if (reading.prompt) {
		return {text: reading.prompt.kind === 'search' ? `/${reading.prompt.text}` : `Open link: ${reading.prompt.text}`, prompt: true};
	}

	if (state.status !== undefined) {
		return undefined;
	}

	if (reading.digits) {
		return {text: `Link ${reading.digits} (o or Enter opens it)`, prompt: false};
	}

	if (reading.search && rendered) {
		const matches = searchMatches(rendered, reading.search.query);
		const current = currentMatch(state);
		return {
			text: current === undefined ? `No match for "${reading.search.query}" · Esc clears` : `match ${current + 1}/${matches.length} · n/N next/previous · Esc clears`,
			prompt: false,
		};
	}

	const n = highlightedLink(state);
	const link = n === undefined ? undefined : rendered?.links[n - 1];
	return link ? {text: `[${link.n}] ${link.url} · Enter opens · y copies`, prompt: false} : undefined;
}

/** Moves the page so that `line` is on it, a third of the way down when it has to move. */
function reveal(state: AppState, line: number, from = state.article?.offset ?? 0): AppState {
	const {article} = state;
	if (!article?.rendered) {
		return state;
	}

	const rows = articleRows(state);
	const max = Math.max(0, article.rendered.lines.length - rows);
	const offset = line >= from && line < from + rows ? from : clamp(line - Math.floor(rows / 3), 0, max);
	return {...state, article: {...article, offset: clamp(offset, 0, max)}};
}

function scrollTo(state: AppState, line: number): AppState {
	const {article} = state;
	if (!article?.rendered) {
		return state;
	}

	const max = Math.max(0, article.rendered.lines.length - articleRows(state));
	return {...state, article: {...article, offset: clamp(line, 0, max)}};
}

const status = (state: AppState, message: string): Step => [{...state, status: message}, []];

/** Opens another stored article in the reader (a followed link, or a step through the history). */
function openInReader(state: AppState, meta: ArticleMeta, reading: Reading, offset?: number): Step {
	const {article} = state;
	const effects: Effect[] = [];
	if (article?.rendered) {
		effects.push({type: 'save-position', id: article.id, line: article.offset});
	}

	effects.push({type: 'render-article', meta, width: bodyWidth(state)}, {type: 'save-selected', id: meta.id});
	if (!state.marks.isRead(meta.id)) {
		effects.push({type: 'mark', ids: [meta.id], read: true});
	}

	const opened: OpenArticle = {id: meta.id, meta, offset: 0, pendingOffset: offset ?? state.marks.position(meta.id), reading};
	let next: AppState = {...state, article: opened};
	const cursor = state.visible.findIndex(index => state.all[index]?.id === meta.id);
	if (cursor !== -1) {
		next = {...next, cursor, listOffset: keepInView(state.listOffset, cursor, Math.max(1, state.rows - 2), state.visible.length)};
	}

	return [next, effects];
}

function openLink(state: AppState, n: number): Step {
	const {article} = state;
	if (!article?.rendered) {
		return [state, []];
	}

	const link = article.rendered.links[n - 1];
	if (!link) {
		const count = article.rendered.links.length;
		return status(state, count === 0 ? 'This article has no links' : `No link ${n}: the links go from 1 to ${count}`);
	}

	const target = resolveTarget(link.url, article.meta, state.all);
	switch (target.kind) {
		case 'refused': {
			return status(state, target.reason);
		}

		case 'web': {
			return [{...state, status: `Opening link ${n}: ${target.url}`}, [{type: 'open-url', url: target.url}]];
		}

		case 'article': {
			const history = followed(article.reading?.history ?? emptyHistory, {id: article.id, offset: article.offset});
			const [next, effects] = openInReader(state, target.meta, {history});
			return [{...next, status: `${target.meta.title} · Backspace goes back`}, effects];
		}
	}
}

function stepHistory(state: AppState, direction: 'back' | 'forward'): Step {
	const {article} = state;
	if (!article) {
		return [state, []];
	}

	const history = article.reading?.history ?? emptyHistory;
	const step = (direction === 'back' ? goBack : goForward)(history, {id: article.id, offset: article.offset});
	if (!step) {
		return status(state, direction === 'back' ? 'Nothing to go back to: Backspace returns along followed links' : 'Nothing to go forward to');
	}

	const meta = state.all.find(candidate => candidate.id === step.to.id);
	if (!meta) {
		return status(state, 'That article is no longer in the library');
	}

	return openInReader(state, meta, {history: step.history}, step.to.offset);
}

function copy(state: AppState, text: string, label: string): Step {
	return [state, [{type: 'copy', text, label}]];
}

function searchStep(state: AppState, query: string, origin: number): AppState {
	const rendered = state.article?.rendered;
	if (!rendered || query === '') {
		return scrollTo(state, origin);
	}

	const matches = searchMatches(rendered, query);
	const first = firstMatchFrom(matches, origin);
	return first === undefined ? scrollTo(state, origin) : reveal(state, matches[first]!.line, origin);
}

function promptKey(state: AppState, spec: string, next: (state: AppState, action: Action) => Step): Step {
	const reading = readingOf(state);
	const prompt = reading.prompt!;
	const id = resolveCommand('article-prompt', spec);
	if (id === 'app.quit') {
		return next(state, {type: 'command', command: 'app.quit'});
	}

	if (id !== undefined && isReadingCommand(id)) {
		return readingCommand(state, id);
	}

	// Every other printable key is text for the prompt, never a command (so `q` can be searched for).
	const character = spec === 'space' ? ' ' : ([...spec].length === 1 ? spec : undefined);
	if (character === undefined) {
		return [state, []];
	}

	if (prompt.kind === 'link' && !/^\d$/u.test(character)) {
		return [state, []];
	}

	const text = prompt.text + character;
	const typed = withReading(state, {prompt: {...prompt, text}});
	return [prompt.kind === 'search' ? searchStep(typed, text, prompt.origin) : typed, []];
}

function overlayRows(state: AppState): number {
	return Math.max(1, state.rows - 2);
}

function overlayCount(state: AppState): number {
	const rendered = state.article?.rendered;
	if (!rendered) {
		return 0;
	}

	return state.overlay?.kind === 'links' ? rendered.links.length : rendered.headings.length;
}

function moveChoice(state: AppState, by: number): Step {
	const {overlay} = state;
	if (overlay?.kind !== 'links' && overlay?.kind !== 'outline') {
		return [state, []];
	}

	const count = overlayCount(state);
	const cursor = clamp(overlay.cursor + by, 0, Math.max(0, count - 1));
	return [{...state, overlay: {...overlay, cursor, offset: keepInView(overlay.offset, cursor, overlayRows(state), count, 0)}}, []];
}

function openOverlay(state: AppState, kind: 'links' | 'outline', cursor: number): Step {
	const count = kind === 'links' ? state.article?.rendered?.links.length ?? 0 : state.article?.rendered?.headings.length ?? 0;
	const at = clamp(cursor, 0, Math.max(0, count - 1));
	return [{...state, overlay: {kind, cursor: at, offset: keepInView(0, at, overlayRows(state), count, 0)}}, []];
}

/** The reading page's commands. Each is a no-op with a message when it has nothing to act on. */
export function readingCommand(state: AppState, id: ReadingCommand): Step {
	const {article} = state;
	const rendered: RenderedArticle | undefined = article?.rendered;
	if (!article || !rendered) {
		return [state, []];
	}

	const reading = readingOf(state);
	const rows = articleRows(state);
	switch (id) {
		case 'link.digit': {
			return [state, []];
		}

		case 'link.open': {
			if (reading.digits) {
				return openLink(withReading(state, {digits: undefined}), Number.parseInt(reading.digits, 10));
			}

			if (rendered.links.length === 0) {
				return status(state, 'This article has no links');
			}

			return [withReading(state, {prompt: {kind: 'link', text: '', origin: article.offset}}), []];
		}

		case 'link.follow': {
			if (reading.digits) {
				return openLink(withReading(state, {digits: undefined}), Number.parseInt(reading.digits, 10));
			}

			const n = highlightedLink(state);
			return n === undefined ? status(state, 'No link is highlighted: Tab picks one on the page, or type its number and o') : openLink(state, n);
		}

		case 'link.next':
		case 'link.previous': {
			const n = stepLink(linksOnScreen(rendered, article.offset, rows), highlightedLink(state), id === 'link.next' ? 1 : -1);
			return n === undefined ? status(state, 'No links on this page') : [withReading(state, {highlight: n}), []];
		}

		case 'link.list': {
			if (rendered.links.length === 0) {
				return status(state, 'This article has no links');
			}

			return openOverlay(state, 'links', (highlightedLink(state) ?? 1) - 1);
		}

		case 'link.copy': {
			const n = highlightedLink(state);
			const link = n === undefined ? undefined : rendered.links[n - 1];
			if (link) {
				return copy(state, link.url, `link ${link.n}`);
			}

			return article.meta.url ? copy(state, article.meta.url, 'the article\'s address') : status(state, 'Nothing to copy: no link is highlighted and the article has no address');
		}

		case 'history.back': {
			return stepHistory(state, 'back');
		}

		case 'history.forward': {
			return stepHistory(state, 'forward');
		}

		case 'outline.open': {
			if (rendered.headings.length === 0) {
				return status(state, 'This article has no headings');
			}

			return openOverlay(state, 'outline', currentHeading(rendered.headings, article.offset) ?? 0);
		}

		case 'heading.next':
		case 'heading.previous': {
			const heading = id === 'heading.next' ? nextHeading(rendered.headings, article.offset) : previousHeading(rendered.headings, article.offset);
			if (!heading) {
				return status(state, id === 'heading.next' ? 'No heading below' : 'No heading above');
			}

			return [scrollTo(state, heading.line), []];
		}

		case 'search.start': {
			return [withReading(state, {prompt: {kind: 'search', text: '', origin: article.offset}}), []];
		}

		case 'search.next':
		case 'search.previous': {
			const query = reading.search?.query;
			const matches = query === undefined ? [] : searchMatches(rendered, query);
			if (matches.length === 0) {
				return status(state, `No match for "${query ?? ''}"`);
			}

			const from = currentMatch(state) ?? 0;
			const current = (from + (id === 'search.next' ? 1 : -1) + matches.length) % matches.length;
			const moved = withReading(state, {search: {query: query!, current}});
			return [reveal(moved, matches[current]!.line), []];
		}

		case 'search.clear': {
			return [{...withReading(state, {search: undefined}), status: 'Search cleared'}, []];
		}

		case 'reading.accept': {
			const {prompt} = reading;
			if (!prompt) {
				return [state, []];
			}

			const closed = withReading(state, {prompt: undefined});
			if (prompt.kind === 'link') {
				return prompt.text === '' ? [closed, []] : openLink(closed, Number.parseInt(prompt.text, 10));
			}

			if (prompt.text === '') {
				return [withReading(scrollTo(closed, prompt.origin), {search: undefined}), []];
			}

			const matches = searchMatches(rendered, prompt.text);
			const first = firstMatchFrom(matches, prompt.origin);
			if (first === undefined) {
				return [{...withReading(scrollTo(closed, prompt.origin), {search: undefined}), status: `No match for "${prompt.text}"`}, []];
			}

			return [reveal(withReading(closed, {search: {query: prompt.text, current: first}}), matches[first]!.line, prompt.origin), []];
		}

		case 'reading.cancel': {
			const {prompt} = reading;
			return prompt ? [withReading(prompt.kind === 'search' ? scrollTo(state, prompt.origin) : state, {prompt: undefined}), []] : [state, []];
		}

		case 'reading.erase': {
			const {prompt} = reading;
			if (!prompt) {
				return [state, []];
			}

			const text = [...prompt.text].slice(0, -1).join('');
			const erased = withReading(state, {prompt: {...prompt, text}});
			return [prompt.kind === 'search' ? searchStep(erased, text, prompt.origin) : erased, []];
		}

		case 'choice.down':
		case 'choice.up': {
			return moveChoice(state, id === 'choice.down' ? 1 : -1);
		}

		case 'choice.open': {
			const {overlay} = state;
			if (overlay?.kind === 'links') {
				return openLink({...state, overlay: undefined}, overlay.cursor + 1);
			}

			if (overlay?.kind === 'outline') {
				const heading = rendered.headings[overlay.cursor];
				return [heading ? scrollTo({...state, overlay: undefined}, heading.line) : {...state, overlay: undefined}, []];
			}

			return [state, []];
		}

		case 'choice.copy': {
			const link = state.overlay?.kind === 'links' ? rendered.links[state.overlay.cursor] : undefined;
			return link ? copy(state, link.url, `link ${link.n}`) : [state, []];
		}

		case 'choice.close': {
			return [{...state, overlay: undefined}, []];
		}

		case 'width.wider':
		case 'width.narrower': {
			const width = clamp(state.readingWidth + (id === 'width.wider' ? widthStep : -widthStep), minimumWidth, maximumWidth);
			if (width === state.readingWidth) {
				return status(state, `The reading width is already ${width}`);
			}

			const next = {...state, readingWidth: width};
			const shown = bodyWidth(next);
			const effects: Effect[] = [{type: 'save-width', width}];
			if (shown !== rendered.width) {
				effects.push({type: 'render-article', meta: article.meta, width: shown});
			}

			const note = shown < width ? ` (${shown} fit here)` : '';
			return [{...next, status: `Reading width ${width}${note}`}, effects];
		}
	}
}

/**
Reducer wrapper: the reading page's keys and commands, then `next` for everything else. A typed number waits for
`o` or Enter; any other key drops it and is then handled as usual.
*/
export function readingReducer(state: AppState, action: Action, next: (state: AppState, action: Action) => Step): Step {
	if (action.type === 'command' && isReadingCommand(action.command)) {
		return readingCommand(state, action.command);
	}

	if (action.type !== 'key' || !state.article) {
		return next(state, action);
	}

	const cleared = state.status === undefined ? state : {...state, status: undefined};
	const context = readingContext(state);
	if (context === 'article-prompt') {
		return promptKey(cleared, action.spec, next);
	}

	if (context === 'links' || context === 'outline') {
		const id = resolveCommand(context, action.spec);
		if (id !== undefined && isReadingCommand(id)) {
			return readingCommand(cleared, id);
		}

		return id === 'app.quit' ? next(state, {type: 'command', command: 'app.quit'}) : [state, []];
	}

	if (state.overlay !== undefined) {
		return next(state, action);
	}

	const id = resolveCommand(context ?? 'article', action.spec);
	const reading = readingOf(state);
	if (id === 'link.digit') {
		const digits = `${reading.digits ?? ''}${action.spec}`.slice(-6);
		return [withReading(cleared, {digits}), []];
	}

	if (reading.digits && id !== 'link.open' && id !== 'link.follow') {
		return readingReducer(withReading(state, {digits: undefined}), action, next);
	}

	if (id !== undefined && isReadingCommand(id)) {
		return readingCommand(cleared, id);
	}

	return next(state, action);
}
