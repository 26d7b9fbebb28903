/**
The root reducer: the one place a key is routed. It decides the context once (`contextOf`), resolves the key in the
key table once (`resolveCommand`), and hands the command to the handler that owns it, in one exhaustive switch
(ending in `never`, so a new command or action that reaches no handler does not compile). Handlers
(source/app/handlers/) take the slices they need and return them with the effects to run.
*/
import {assertNever, type Action, type Effect, type Step} from './actions.js';
import {isKeyPrefix, keyLabel, resolveCommand, type CommandId, type Context} from './keymap.js';
import {contextOf, type AppState} from './state.js';
import {selectAt} from './visible.js';
import {articleAction} from './handlers/actions.js';
import {closeOverlay, feedsFetched, fetchFeeds, openHelp, quit, scrollHelp} from './handlers/app.js';
import {articleRendered, articleResized, closeArticle, fetchFull, fullTextFetched, openAt, scrollArticle, scrollBy, stepArticle} from './handlers/article.js';
import {findCommand, indexStatus, openedAtMatch, pickerCommand, promptCommand, resultsCommand, searchResults, setViews, typeInFilter, walkResults} from './handlers/finding.js';
import {articlesIngested, libraryLoaded, moveList} from './handlers/list.js';
import {askMarkAll, confirm, marksApplied, targetOf, toggleRead, toggleStar} from './handlers/marks.js';
import {dropDigits, openLink, readingCommand, typeDigit, typeInPrompt} from './handlers/reading.js';
import {imageCommand, imagesOnRender, imagesPrepared} from './handlers/images.js';
import {wideCommand, wideMove} from './handlers/wide.js';
import {focusChanged, libraryChanged, refreshDue, refreshEnded, refreshProgress} from './handlers/refresh.js';
import {followSelection, previewRendered, scrollPreview, togglePanes} from './handlers/panes.js';
import {hitTest} from './pointer.js';
import {layout} from './layout.js';
import {episodesChanged, mediaCommand, mediaStatus, moveEpisodes} from './handlers/media.js';

export type {Action, Effect} from './actions.js';

export function reducer(state: AppState, action: Action): Step<AppState> {
	const [next, effects] = reduceAction(state, action);
	// A split screen's article pane follows the list's selection, whatever moved it (a key, a click, a load, a resize).
	const [followed, more] = followSelection(next);
	return more.length === 0 && followed === next ? [next, effects] : [followed, [...effects, ...more]];
}

function reduceAction(state: AppState, action: Action): Step<AppState> {
	switch (action.type) {
		case 'key': {
			return pressKey(state, action.spec);
		}

		case 'command': {
			return runCommand(state, action.command, contextOf(state));
		}

		case 'resize': {
			const resized = {...state, rows: Math.max(1, action.rows), columns: Math.max(1, action.columns)};
			return articleResized(selectAt(resized, resized.cursor));
		}

		case 'library-loaded': {
			return libraryLoaded(state, action.articles, action.final);
		}

		case 'articles-ingested': {
			return articlesIngested(state, action.articles, action.message);
		}

		case 'article-rendered': {
			if (state.article?.id !== action.id && state.preview?.id === action.id) {
				return previewRendered(state, action);
			}

			const match = openedAtMatch(state, action.id, action.rendered.lines);
			const [rendered, effects] = articleRendered(match?.before ?? state, action);
			const next = match ? match.after(rendered) : rendered;
			// The page's images take their rows in the new lines (and the missing ones are asked for).
			const [withImages, imageEffects] = next.article?.id === action.id ? imagesOnRender(next, action.preview) : [next, []];
			const shown: Effect[] = action.preview ? [...effects, ...imageEffects] : [...effects, ...imageEffects, ...prerenderNeighbours(withImages, action.id)];
			// Keys typed before the lines came act now, in order (one that opens another article queues the rest there).
			const typed = withImages.article?.id === action.id ? withImages.article.typedAhead : undefined;
			if (typed !== undefined) {
				let replayed: AppState = {...withImages, article: {...withImages.article!, typedAhead: undefined}};
				const more: Effect[] = [];
				for (const spec of typed) {
					const [after, effects] = pressKey(replayed, spec);
					replayed = after;
					more.push(...effects);
				}

				return [replayed, [...shown, ...more]];
			}

			return [withImages, shown];
		}

		case 'marks-applied': {
			return marksApplied(state, action);
		}

		case 'feeds-fetched': {
			return action.background === true || action.at !== undefined ? refreshEnded(state, action) : [feedsFetched(state, action.message), []];
		}

		case 'status':
		case 'search-failed': {
			return [{...state, status: action.message}, []];
		}

		case 'find-setup': {
			return [setViews(state, action.views), []];
		}

		case 'index-status': {
			return indexStatus(state, action.status, action.message);
		}

		case 'search-results': {
			return [searchResults(state, action.query, action.hits, action.terms), []];
		}

		case 'images-prepared': {
			return imagesPrepared(state, action);
		}

		case 'full-text-fetched': {
			return fullTextFetched(state, action);
		}

		case 'refresh-due': {
			return refreshDue(state);
		}

		case 'refresh-progress': {
			return [refreshProgress(state, action.done, action.total), []];
		}

		case 'library-changed': {
			return libraryChanged(state, action.upserts, action.removed, action.added, action.final);
		}

		case 'focus': {
			return [focusChanged(state, action.focused), []];
		}

		case 'shared-state-changed': {
			return [state, [{type: 'sync-merge'}]];
		}

		case 'positions-merged': {
			let {marks} = state;
			for (const [id, line] of action.positions) {
				marks = marks.withPosition(id, line);
			}

			return [{...state, marks}, []];
		}

		case 'mouse': {
			return mouse(state, action);
		}

		case 'media-status': {
			return [mediaStatus(state, action.status, action.message), []];
		}

		case 'episodes': {
			return [episodesChanged(state, action.rows, action.update === true, action.message), []];
		}

		default: {
			return assertNever(action);
		}
	}
}

/** The reader's commands that need the page's lines: pressed before they arrive, they are replayed when they do. */
const actsOnLines = new Set<CommandId>([
	'move.down', 'move.up', 'move.pageDown', 'move.pageUp', 'move.halfDown', 'move.halfUp', 'move.top', 'move.bottom',
	'link.digit', 'link.open', 'link.follow', 'link.next', 'link.previous', 'link.list', 'link.copy',
	'outline.open', 'heading.next', 'heading.previous', 'search.start', 'search.next', 'search.previous', 'search.clear',
	'wide.toggle', 'image.show', 'width.wider', 'width.narrower',
]);

/** The most keys kept for a page whose lines have not arrived (a held key repeats ~30 a second). */
const typeAheadKeys = 64;

/** A key: text in a prompt, a typed link number, or the command the key table binds it to here. */
function pressKey(state: AppState, key: string): Step<AppState> {
	const context = contextOf(state);
	const pending = state.pendingKeys;
	const spec = pending === undefined ? key : `${pending} ${key}`;
	// The start of a key sequence (`g` of `g g`) waits for the next key; a key that completes none drops it.
	if (isKeyPrefix(context, spec)) {
		return [{...state, pendingKeys: spec, status: `${keyLabel(spec)} …`}, []];
	}

	const id = resolveCommand(context, spec);
	const quiet = state.status === undefined && pending === undefined ? state : {...state, status: undefined, pendingKeys: undefined};
	if (pending !== undefined && id === undefined) {
		return [quiet, []];
	}

	if (id === undefined) {
		if (context === 'prompt') {
			return typeInFilter(quiet, spec);
		}

		return context === 'article-prompt' ? typeInPrompt(quiet, spec) : [state, []];
	}

	// The page's lines are still on their way: a key that acts on them waits for them (typing ahead is never lost).
	const {article} = state;
	if (article !== undefined && article.rendered === undefined && (context === 'article' || context === 'article-found') && actsOnLines.has(id)) {
		return [{...quiet, article: {...article, typedAhead: [...(article.typedAhead ?? []), spec].slice(-typeAheadKeys)}}, []];
	}

	if (id === 'link.digit') {
		return typeDigit(quiet, spec);
	}

	// A typed number waits for o or Enter (a link) or w (a table or code block on the screen); any other key drops it.
	return runCommand(id === 'link.open' || id === 'link.follow' || id === 'wide.toggle' || id === 'article.attachment' || id === 'media.toggle' || id === 'image.show' || id === 'image.open' ? quiet : dropDigits(quiet), id, context);
}

/** The movement commands move whatever the context shows. */
function move(state: AppState, id: CommandId, context: Context): Step<AppState> {
	switch (context) {
		case 'list': {
			return [moveList(state, id), []];
		}

		case 'article':
		case 'article-found': {
			return [scrollBy(state, id), []];
		}

		case 'wide': {
			return [wideMove(state, id), []];
		}

		case 'help': {
			return [scrollHelp(state, id), []];
		}

		case 'picker': {
			return pickerCommand(state, id as Parameters<typeof pickerCommand>[1]);
		}

		case 'results': {
			return resultsCommand(state, id);
		}

		case 'podcasts': {
			return [moveEpisodes(state, id), []];
		}

		default: {
			return [state, []];
		}
	}
}

/** Every command reaches exactly one handler. */
export function runCommand(state: AppState, id: CommandId, context: Context): Step<AppState> {
	switch (id) {
		case 'move.down':
		case 'move.up':
		case 'move.pageDown':
		case 'move.pageUp':
		case 'move.halfDown':
		case 'move.halfUp':
		case 'move.top':
		case 'move.bottom': {
			return move(state, id, context);
		}

		case 'article.open': {
			return context === 'results' ? resultsCommand(state, id) : openAt(state, state.cursor);
		}

		case 'article.back': {
			return closeArticle(state);
		}

		case 'article.next':
		case 'article.previous': {
			return walkResults(state, id) ?? stepArticle(state, id);
		}

		case 'article.nextUnread': {
			return stepArticle(state, id);
		}

		case 'read.toggle': {
			return toggleRead(state);
		}

		case 'read.all': {
			return askMarkAll(state);
		}

		case 'confirm.yes':
		case 'confirm.no': {
			return confirm(state, id === 'confirm.yes');
		}

		case 'star.toggle': {
			return context === 'results' ? resultsCommand(state, id) : toggleStar(state, targetOf(state));
		}

		case 'marks.undo': {
			return [state, [{type: 'undo'}] satisfies Effect[]];
		}

		case 'marks.redo': {
			return [state, [{type: 'redo'}] satisfies Effect[]];
		}

		case 'list.unreadOnly':
		case 'list.sort':
		case 'find.filter':
		case 'find.fullText':
		case 'find.clear':
		case 'find.source':
		case 'find.tag':
		case 'find.views': {
			return findCommand(state, id);
		}

		case 'prompt.accept':
		case 'prompt.cancel':
		case 'prompt.backspace':
		case 'prompt.clear':
		case 'prompt.deleteWord':
		case 'prompt.saveView': {
			return promptCommand(state, id);
		}

		case 'picker.choose':
		case 'picker.cancel': {
			return pickerCommand(state, id);
		}

		case 'results.close': {
			return resultsCommand(state, id);
		}

		case 'link.digit':
		case 'link.open':
		case 'link.follow':
		case 'link.next':
		case 'link.previous':
		case 'link.list':
		case 'link.copy':
		case 'history.back':
		case 'history.forward':
		case 'outline.open':
		case 'heading.next':
		case 'heading.previous':
		case 'search.start':
		case 'search.next':
		case 'search.previous':
		case 'search.clear':
		case 'reading.accept':
		case 'reading.cancel':
		case 'reading.erase':
		case 'choice.down':
		case 'choice.up':
		case 'choice.open':
		case 'choice.copy':
		case 'choice.close':
		case 'width.wider':
		case 'width.narrower': {
			return readingCommand(state, id);
		}

		case 'wide.toggle':
		case 'wide.left':
		case 'wide.right':
		case 'wide.close': {
			return wideCommand(state, id);
		}

		case 'image.show':
		case 'image.open':
		case 'image.close': {
			return imageCommand(state, id);
		}

		case 'article.fetchFull': {
			return fetchFull(state);
		}

		case 'article.openLink':
		case 'article.pipe':
		case 'article.save':
		case 'article.bookmark':
		case 'article.attachment': {
			return articleAction(state, id);
		}

		case 'feeds.fetch': {
			// The shared reading state is merged on `r` too (issue 20), before the fetch reads the feed list.
			const [fetching, effects] = fetchFeeds(state);
			return [fetching, [{type: 'sync-merge'}, ...effects]];
		}

		case 'panes.toggle': {
			return togglePanes(state);
		}

		case 'help.toggle': {
			return openHelp(state, context);
		}

		case 'help.close': {
			return closeOverlay(state);
		}

		case 'app.quit':
		case 'app.interrupt': {
			return quit(state);
		}

		case 'media.toggle':
		case 'media.back':
		case 'media.forward':
		case 'media.slower':
		case 'media.faster':
		case 'media.stop':
		case 'podcasts.open':
		case 'podcasts.play':
		case 'podcasts.download':
		case 'podcasts.remove':
		case 'podcasts.close': {
			return mediaCommand(state, id);
		}

		default: {
			return assertNever(id);
		}
	}
}

/** Once an article is in, its neighbours in the list render ahead, so `n` and `p` open at once. */
function prerenderNeighbours(state: AppState, id: string): Effect[] {
	const {article} = state;
	if (article?.id !== id || article.rendered === undefined) {
		return [];
	}

	const metas = [state.cursor + 1, state.cursor - 1]
		.map(cursor => state.visible[cursor])
		.filter((index): index is number => index !== undefined)
		.map(index => state.all[index]!)
		.filter(meta => meta.id !== id);
	// The code width too: it is part of the render cache's key, and `n`/`p` ask for it (issue 14: without it they missed).
	return metas.length === 0 ? [] : [{type: 'prerender', metas, width: article.rendered.width, codeWidth: article.codeWidth}];
}

/** Contexts whose lists the wheel moves through with their own movement commands. */
const wheelCommands: Partial<Record<Context, readonly [CommandId, CommandId]>> = {
	help: ['move.down', 'move.up'],
	picker: ['move.down', 'move.up'],
	results: ['move.down', 'move.up'],
	wide: ['move.down', 'move.up'],
	links: ['choice.down', 'choice.up'],
	outline: ['choice.down', 'choice.up'],
};

/**
A mouse report: not a key, but routed here like one, by what is under the pointer. The wheel scrolls the pane under
it (the list moves its selection); a click on a list row selects it (the list takes the keys back from the article
pane) and a double click opens it; a click on the article pane opens the previewed article; a click on a numbered
link of the open article opens that link, as `o` does.
*/
function mouse(state: AppState, action: Extract<Action, {type: 'mouse'}>): Step<AppState> {
	const context = contextOf(state);
	// The mouse acts only where keys move things; in a prompt (typing) it does nothing.
	if (context === 'prompt' || context === 'article-prompt' || context === 'confirm') {
		return [state, []];
	}

	const hit = hitTest(state, action.x, action.y);
	const quiet = state.status === undefined && state.pendingKeys === undefined ? state : {...state, status: undefined, pendingKeys: undefined};
	if (action.kind === 'wheel') {
		const lines = action.lines * layout.wheelRows;
		switch (hit.pane) {
			case 'list': {
				const [listed, effects] = state.article === undefined ? [state, []] : closeArticle(state);
				return [selectAt(listed, listed.cursor + lines), effects];
			}

			case 'article': {
				return [scrollArticle(state, offset => offset + lines), []];
			}

			case 'preview': {
				return [scrollPreview(state, lines), []];
			}

			case 'other': {
				const commands = wheelCommands[context];
				let next: Step<AppState> = [state, []];
				for (let step = 0; commands !== undefined && step < Math.abs(lines); step++) {
					const [moved, effects] = runCommand(next[0], commands[lines > 0 ? 0 : 1], context);
					next = [moved, [...next[1], ...effects]];
				}

				return next;
			}
		}
	}

	switch (hit.pane) {
		case 'list': {
			if (hit.index === undefined) {
				return [quiet, []];
			}

			const [listed, effects] = quiet.article === undefined ? [quiet, []] : closeArticle(quiet);
			if (action.count >= 2) {
				const [opened, more] = openAt(listed, hit.index);
				return [opened, [...effects, ...more]];
			}

			return [selectAt(listed, hit.index), effects];
		}

		case 'preview': {
			return openAt(quiet, quiet.cursor);
		}

		case 'article': {
			return hit.link === undefined ? [quiet, []] : openLink(quiet, hit.link);
		}

		case 'other': {
			return [quiet, []];
		}
	}
}
