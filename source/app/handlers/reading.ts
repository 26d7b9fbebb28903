/**
The reading page's interactions: links (numbers, the links overlay, the Tab highlight, following a link to another
stored article with a history), copying, the outline, search in the article and the reading width. Everything works
on the article's cached lines; nothing here renders again except a width change, which is an effect like any render.
Owns `article.reading` and the links and outline overlays.
*/
import type {ArticleMeta} from '../../core/types.js';
import type {RenderedArticle} from '../../core/render/render-article.js';
import type {Effect, Step} from '../actions.js';
import {keyHint, type CommandId} from '../keymap.js';
import {articleRows, bodyWidth, listRows, readingWidth} from '../layout.js';
import {clamp, keepInView} from '../scroll.js';
import {anchorTarget, linkPositions, linksOnScreen, resolveTarget, stepLink} from '../reader-links.js';
import {firstMatchFrom, searchMatches} from '../reader-search.js';
import {currentHeading, nextHeading, previousHeading} from '../outline.js';
import {emptyHistory, followed, goBack, goForward} from '../reader-history.js';
import type {ListSlice, MarksSlice, OverlaySlice, ReaderSlice, Reading, ScreenSlice, StatusSlice} from '../slices.js';
import {openArticle, renderEffects, reveal, scrollTo} from './article.js';

/** What the reading page reads and changes. */
export type ReadingState = ReaderSlice & OverlaySlice & ScreenSlice & StatusSlice & ListSlice & MarksSlice;

export type ReadingCommand = Extract<CommandId,
	| 'link.open' | 'link.digit' | 'link.follow' | 'link.next' | 'link.previous' | 'link.list' | 'link.copy'
	| 'history.back' | 'history.forward' | 'outline.open' | 'heading.next' | 'heading.previous'
	| 'search.start' | 'search.next' | 'search.previous' | 'search.clear'
	| 'reading.accept' | 'reading.cancel' | 'reading.erase'
	| 'choice.down' | 'choice.up' | 'choice.open' | 'choice.copy' | 'choice.close'
	| 'width.wider' | 'width.narrower'>;

const readingOf = (state: ReaderSlice): Reading => state.article?.reading ?? {};

function withReading<S extends ReaderSlice>(state: S, change: Partial<Reading>): S {
	const {article} = state;
	return article ? {...state, article: {...article, reading: {...article.reading, ...change}}} : state;
}

/** Drops a typed link number (any key but o and Enter does). */
export const dropDigits = <S extends ReaderSlice>(state: S): S => (readingOf(state).digits === undefined ? state : withReading(state, {digits: undefined}));

/** A digit typed on the page: kept until o or Enter opens that link. */
export function typeDigit<S extends ReaderSlice>(state: S, digit: string): Step<S> {
	return [withReading(state, {digits: `${readingOf(state).digits ?? ''}${digit}`.slice(-6)}), []];
}

/** The search whose matches the page shows: the one being typed, else the one kept. */
export function shownQuery(state: ReaderSlice): string | undefined {
	const reading = readingOf(state);
	if (reading.prompt?.kind === 'search') {
		return reading.prompt.text;
	}

	return reading.search?.query;
}

/** The index of the match marked as current, clamped to the matches there are (a re-render can change them). */
export function currentMatch(state: ReaderSlice): number | undefined {
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
export function highlightedLink(state: ReaderSlice & ScreenSlice): number | undefined {
	const {article} = state;
	const n = article?.reading?.highlight;
	if (!article?.rendered || n === undefined) {
		return undefined;
	}

	const position = linkPositions(article.rendered)[n - 1];
	return position && position.line >= article.offset && position.line < article.offset + articleRows(state) ? n : undefined;
}

/** What the reader's bottom row shows for the reading page: the prompt, else a status of its own, else undefined. */
export function readingStatus(state: ReaderSlice & ScreenSlice & StatusSlice): {readonly text: string; readonly prompt: boolean} | undefined {
	const reading = readingOf(state);
	const rendered = state.article?.rendered;
	if (reading.prompt) {
		return {text: reading.prompt.kind === 'search' ? `/${reading.prompt.text}` : `Open link: ${reading.prompt.text}`, prompt: true};
	}

	if (state.status !== undefined) {
		return undefined;
	}

	if (reading.digits) {
		const top = state.article!.offset;
		const bottom = top + articleRows(state);
		const block = rendered?.blocks.some(shown => shown.line < bottom && shown.endLine > top) ? ` · ${keyHint('wide.toggle')}: table or code block ${reading.digits} wide` : '';
		return {text: `Link ${reading.digits} (${keyHint('link.open')} or ${keyHint('link.follow')} opens it)${block}`, prompt: false};
	}

	if (reading.search && rendered) {
		const matches = searchMatches(rendered, reading.search.query);
		const current = currentMatch(state);
		return {
			text: current === undefined ? `No match for "${reading.search.query}" · ${keyHint('search.clear')} clears` : `match ${current + 1}/${matches.length} · ${keyHint('search.next', 'search.previous')} next/previous · ${keyHint('search.clear')} clears`,
			prompt: false,
		};
	}

	const n = highlightedLink(state);
	const link = n === undefined ? undefined : rendered?.links[n - 1];
	return link ? {text: `[${link.n}] ${link.url} · ${keyHint('link.follow')} opens · ${keyHint('link.copy')} copies`, prompt: false} : undefined;
}

const status = <S extends StatusSlice>(state: S, message: string): Step<S> => [{...state, status: message}, []];

/** Opens another stored article in the reader (a followed link, or a step through the history). */
function openInReader<S extends ReadingState>(state: S, meta: ArticleMeta, reading: Reading, offset?: number): Step<S> {
	return openArticle(state, meta, {reading, offset});
}

/** Opens link `n` of the open article (a typed number, the Tab highlight or a click on it). */
export function openLink<S extends ReadingState>(state: S, n: number): Step<S> {
	const {article} = state;
	if (!article?.rendered) {
		return [state, []];
	}

	const link = article.rendered.links[n - 1];
	if (!link) {
		const count = article.rendered.links.length;
		return status(state, count === 0 ? 'This article has no links' : `No link ${n}: the links go from 1 to ${count}`);
	}

	// An in-page anchor (every README's table of contents) jumps to its heading, with Backspace back.
	const anchor = anchorTarget(link.url, article.rendered);
	if (anchor) {
		const history = followed(article.reading?.history ?? emptyHistory, {id: article.id, offset: article.offset});
		const jumped = withReading(scrollTo(state, anchor.line), {history});
		return [{...jumped, status: `${anchor.heading} · ${keyHint('history.back')} goes back`}, []];
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
			return [{...next, status: `${target.meta.title} · ${keyHint('history.back')} goes back`}, effects];
		}
	}
}

function stepHistory<S extends ReadingState>(state: S, direction: 'back' | 'forward'): Step<S> {
	const {article} = state;
	if (!article) {
		return [state, []];
	}

	const history = article.reading?.history ?? emptyHistory;
	// A page left before its lines arrived is remembered at the place it was to open at.
	const offset = article.rendered ? article.offset : article.pendingOffset ?? article.offset;
	const step = (direction === 'back' ? goBack : goForward)(history, {id: article.id, offset});
	if (!step) {
		return status(state, direction === 'back' ? `Nothing to go back to: ${keyHint('history.back')} returns along followed links` : 'Nothing to go forward to');
	}

	if (step.to.id === article.id) {
		// A step within the page (an anchor followed there): only the place changes.
		return [withReading(scrollTo(state, step.to.offset), {history: step.history}), []];
	}

	const meta = state.all.find(candidate => candidate.id === step.to.id);
	if (!meta) {
		return status(state, 'That article is no longer in the library');
	}

	return openInReader(state, meta, {history: step.history}, step.to.offset);
}

function copy<S>(state: S, text: string, label: string): Step<S> {
	return [state, [{type: 'copy', text, label}]];
}

function searchStep<S extends ReaderSlice & ScreenSlice>(state: S, query: string, origin: number): S {
	const rendered = state.article?.rendered;
	if (!rendered || query === '') {
		return scrollTo(state, origin);
	}

	const matches = searchMatches(rendered, query);
	const first = firstMatchFrom(matches, origin);
	return first === undefined ? scrollTo(state, origin) : reveal(state, matches[first]!.line, origin);
}

/** A printable key in the reader's search or link prompt: text, never a command (so `q` can be searched for). */
export function typeInPrompt<S extends ReaderSlice & ScreenSlice>(state: S, spec: string): Step<S> {
	const prompt = readingOf(state).prompt;
	const character = spec === 'space' ? ' ' : ([...spec].length === 1 ? spec : undefined);
	if (prompt === undefined || character === undefined || (prompt.kind === 'link' && !/^\d$/u.test(character))) {
		return [state, []];
	}

	const text = prompt.text + character;
	const typed = withReading(state, {prompt: {...prompt, text}});
	return [prompt.kind === 'search' ? searchStep(typed, text, prompt.origin) : typed, []];
}

const overlayRows = (state: ScreenSlice): number => listRows(state);

function overlayCount(state: ReaderSlice & OverlaySlice): number {
	const rendered = state.article?.rendered;
	if (!rendered) {
		return 0;
	}

	return state.overlay?.kind === 'links' ? rendered.links.length : rendered.headings.length;
}

function moveChoice<S extends ReadingState>(state: S, by: number): Step<S> {
	const {overlay} = state;
	if (overlay?.kind !== 'links' && overlay?.kind !== 'outline') {
		return [state, []];
	}

	const count = overlayCount(state);
	const cursor = clamp(overlay.cursor + by, 0, Math.max(0, count - 1));
	return [{...state, overlay: {...overlay, cursor, offset: keepInView(overlay.offset, cursor, overlayRows(state), count, 0)}}, []];
}

function openOverlay<S extends ReadingState>(state: S, kind: 'links' | 'outline', cursor: number): Step<S> {
	const count = kind === 'links' ? state.article?.rendered?.links.length ?? 0 : state.article?.rendered?.headings.length ?? 0;
	const at = clamp(cursor, 0, Math.max(0, count - 1));
	return [{...state, overlay: {kind, cursor: at, offset: keepInView(0, at, overlayRows(state), count, 0)}}, []];
}

/** The reading page's commands. Each is a no-op with a message when it has nothing to act on. */
export function readingCommand<S extends ReadingState>(state: S, id: ReadingCommand): Step<S> {
	const {article} = state;
	const rendered: RenderedArticle | undefined = article?.rendered;
	if (!article || !rendered) {
		// Before the page's lines arrive (a key right after `n`, `>` or a followed link) the history moves at once; the
		// commands that act on the lines were kept by the reducer to be replayed when they come (typedAhead).
		return article && (id === 'history.back' || id === 'history.forward') ? stepHistory(state, id === 'history.back' ? 'back' : 'forward') : [state, []];
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
			return n === undefined ? status(state, `No link is highlighted: ${keyHint('link.next')} picks one on the page, or type its number and ${keyHint('link.open')}`) : openLink(state, n);
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
			const width = clamp(state.readingWidth + (id === 'width.wider' ? readingWidth.step : -readingWidth.step), readingWidth.minimum, readingWidth.maximum);
			if (width === state.readingWidth) {
				return status(state, `The reading width is already ${width}`);
			}

			const next = {...state, readingWidth: width};
			const shown = bodyWidth(next);
			const effects: Effect[] = [{type: 'save-settings', settings: {width}}];
			if (shown !== rendered.width) {
				effects.push(...renderEffects(article.meta, next).slice(-1));
			}

			const note = shown < width ? ` (${shown} fit here)` : '';
			return [{...next, status: `Reading width ${width}${note}`}, effects];
		}
	}
}

