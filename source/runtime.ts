import type {ArticleMeta} from './core/types.js';
import type {SafeText} from './core/text/neutralise.js';
import type {RenderedArticle} from './core/render/render-article.js';
import {loadArticle} from './adapters/library.js';
import type {StateStore} from './adapters/state-store.js';
import type {Dispatch, EffectRunner} from './app/store.js';
import {listSubscriptions} from './adapters/feeds/subscriptions.js';
import type {Marks} from './app/state.js';
import {runReadingEffect, type TerminalAccess} from './reading-runtime.js';
import {runWideEffect} from './wide-runtime.js';
import {createFindingRunner, recordMarks} from './finding-runtime.js';

/** The marks the reducer reads: a live view of the state store. */
export function marksOf(store: StateStore): Marks {
	return {
		isRead: id => store.state.read.has(id),
		position: id => store.state.positions.get(id),
		isStarred: id => store.state.starred.has(id),
	};
}

/** Articles longer than this are shown from a rendered beginning first. */
const previewChars = 96 * 1024;

/** The beginning of a long body, cut at a paragraph break and with an open code fence closed. */
export function previewBody(body: SafeText): SafeText {
	const limit = previewChars / 3;
	let cut = body.lastIndexOf('\n\n', limit);
	if (cut < limit / 2) {
		cut = limit;
	}

	let head = body.slice(0, cut);
	const fences = head.match(/^ {0,3}(?:```|~~~)/gmu)?.length ?? 0;
	if (fences % 2 === 1) {
		head += '\n```';
	}

	return `${head}\n` as SafeText;
}

/** A small cache of rendered articles keyed by identity, revision and width, so `n`/`p` and going back are instant. */
export class RenderCache {
	readonly #entries = new Map<string, Promise<RenderedArticle>>();
	constructor(private readonly root: string, private readonly color: boolean, private readonly size = 12) {}

	/**
	The rendered lines of an article at a width. A long article not rendered yet first goes to `onPreview` rendered
	from its beginning only (a few ms), so its first screen shows while the whole of it renders (~300 ms a MB).
	*/
	get(meta: ArticleMeta, width: number, onPreview?: (preview: RenderedArticle) => void): Promise<RenderedArticle> {
		const key = `${meta.path}\u0000${meta.mtimeMs}\u0000${meta.size}\u0000${width}`;
		let entry = this.#entries.get(key);
		if (entry) {
			this.#entries.delete(key);
		} else {
			// marked, marked-terminal and highlight.js load with the first article, never before the first frame.
			entry = Promise.all([loadArticle(this.root, meta), import('./core/render/render-article.js')]).then(async ([article, {renderArticle}]) => {
				if (onPreview && article.body.length > previewChars) {
					onPreview(renderArticle({...article, body: previewBody(article.body)}, {width, color: this.color}));
					// Long enough for Ink's frame throttle (60 fps: ~17 ms) to paint the preview before the whole article
					// holds the event loop for a few hundred ms.
					await new Promise(resolve => {
						setTimeout(resolve, 30);
					});
				}

				return renderArticle(article, {width, color: this.color});
			});
		}

		this.#entries.set(key, entry);
		while (this.#entries.size > this.size) {
			this.#entries.delete(this.#entries.keys().next().value!);
		}

		return entry;
	}
}

export type RuntimeOptions = {
	readonly store: StateStore;
	readonly cache: RenderCache;
	readonly onQuit: () => void;
	/** For the full-text index (source/finding-runtime.ts); without them full-text search says it is unavailable. */
	readonly libraryDir?: string;
	readonly cacheDir?: string;
	/** The terminal for copying (OSC 52) and for handing it to a terminal browser (source/reading-runtime.ts). */
	readonly terminal?: TerminalAccess;
	/** Reads the library again (after a feed fetch) and dispatches `library-loaded`. */
	readonly reloadLibrary?: () => Promise<void>;
};

/**
`r` in the reader: every feed is fetched (6 at a time) while the person keeps reading; a status line counts the
feeds done, and the library is read again at the end so new articles join the list with the selection kept.
*/
async function fetchInBackground(store: StateStore, libraryDir: string, dispatch: Dispatch, reloadLibrary?: () => Promise<void>): Promise<void> {
	if (listSubscriptions(store).length === 0) {
		dispatch({type: 'feeds-fetched', message: 'No subscriptions yet: tidings add <url> subscribes to a feed'});
		return;
	}

	try {
		const {fetchFeeds} = await import('./adapters/feeds/fetch-all.js');
		const results = await fetchFeeds({
			store,
			libraryDir,
			onProgress(event) {
				if (event.type === 'done') {
					dispatch({type: 'status', message: `Fetching the feeds… ${event.done}/${event.total}`});
				}
			},
		});
		store.flush();
		const added = results.reduce((sum, result) => sum + result.added, 0);
		const updated = results.reduce((sum, result) => sum + result.updated, 0);
		const failed = results.filter(result => result.status === 'failed');
		await reloadLibrary?.();
		const parts = [`${added} new`, `${updated} updated`];
		if (failed.length > 0) {
			parts.push(`${failed.length} failed (${failed.map(result => result.name).slice(0, 3).join(', ')}; tidings feeds says why)`);
		}

		const noun = results.length === 1 ? 'feed' : 'feeds';
		dispatch({type: 'feeds-fetched', message: `Fetched ${results.length} ${noun}: ${parts.join(', ')}`});
	} catch (error) {
		dispatch({type: 'feeds-fetched', message: `Couldn't fetch the feeds: ${error instanceof Error ? error.message : String(error)}`});
	}
}

/** Runs the reducer's effects against the adapters. */
export function createEffectRunner({store, cache, onQuit, libraryDir, cacheDir, terminal, reloadLibrary}: RuntimeOptions): EffectRunner {
	const finding = createFindingRunner({store, libraryDir, cacheDir});
	return (effect, dispatch, getState) => {
		switch (effect.type) {
			case 'render-article': {
				const {meta, width} = effect;
				cache.get(meta, width, preview => {
					dispatch({type: 'article-rendered', id: meta.id, width, rendered: preview, preview: true});
				}).then(rendered => {
					dispatch({type: 'article-rendered', id: meta.id, width, rendered});
					// Render the neighbours while the reader reads, so `n` and `p` open at once.
					setImmediate(() => {
						const state = getState();
						for (const cursor of [state.cursor + 1, state.cursor - 1]) {
							const index = state.visible[cursor];
							const next = index === undefined ? undefined : state.all[index];
							if (next && state.article?.id === meta.id) {
								void cache.get(next, width);
							}
						}
					});
				}, (error: unknown) => {
					dispatch({type: 'status', message: `Couldn't open the article: ${error instanceof Error ? error.message : String(error)}`});
				});
				break;
			}

			case 'mark': {
				// Through the undo journal (source/core/journal.ts), so that `u` can take it back.
				// The unread count moves by the articles that really change, so a mark costs O(ids), not O(library).
				let flipped = 0;
				for (const id of new Set(effect.ids)) {
					if (store.state.read.has(id) !== effect.read) {
						flipped++;
					}
				}

				recordMarks(store, 'read', effect.ids, effect.read);
				dispatch({type: 'marks-changed', unreadDelta: effect.read ? -flipped : flipped});
				break;
			}

			case 'fetch-feeds': {
				if (libraryDir === undefined) {
					dispatch({type: 'feeds-fetched', message: 'No library to fetch into'});
					break;
				}

				void fetchInBackground(store, libraryDir, dispatch, reloadLibrary);
				break;
			}

			case 'save-position': {
				const {id, line} = effect;
				store.change(state => {
					if (line > 0) {
						state.positions.set(id, line);
					} else {
						state.positions.delete(id);
					}
				});
				break;
			}

			case 'save-selected': {
				const {id} = effect;
				store.change(state => {
					state.selected = id;
				});
				break;
			}

			case 'save-setting': {
				const {value} = effect;
				store.change(state => {
					state.settings = {...state.settings, unreadOnly: value};
				});
				break;
			}

			case 'quit': {
				finding.close();
				onQuit();
				break;
			}

			case 'open-url':
			case 'copy':
			case 'save-width': {
				runReadingEffect(effect, dispatch, {store, terminal});
				break;
			}

			case 'fetch-full':
			case 'show-image': {
				runWideEffect(effect, dispatch, {libraryDir});
				break;
			}

			default: {
				finding.run(effect, dispatch, getState);
			}
		}
	};
}
