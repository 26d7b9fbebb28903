/** Rendering articles: a small cache of rendered lines, and the render and prerender effects. */
import type {ArticleMeta} from '../core/types.js';
import type {SafeText} from '../core/text/neutralise.js';
import type {RenderedArticle} from '../core/render/render-article.js';
import type {BodyTheme} from '../core/theme/theme.js';
import type {Action, Effect} from '../app/actions.js';
import {previewBytes} from '../app/handlers/article.js';
import {loadArticle} from '../adapters/library.js';
import {renderArticleInWorker} from '../adapters/render-worker.js';
import {describeError, type EffectDeps} from './deps.js';
import type {Store} from '../app/store.js';
import {selectedOf} from '../app/visible.js';
import {bodyWidth, codeWidthOf, panesOf} from '../app/layout.js';

/**
The beginning of a long body (at most `limit` UTF-16 units), cut at a paragraph break and with an open code fence
closed.
*/
export function previewBody(body: SafeText, limit = previewBytes / 3): SafeText {
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

/**
What a long article shows first when it is opened: its beginning up to a screen's worth of text or so (a line of the
reading column per ~100 rows, at least 8 KB), not the split pane's longer preview (which the wheel scrolls), since the
render worker's first render pays its start-up costs and time grows with the text (issue 14: a 1 MB article's
first screen within 100 ms of Enter). The whole article follows in its own render and takes its place.
*/
export const openingChars = (width: number): number => Math.max(8192, Math.floor(width) * 100);

/**
Which part of an article a render is of: its beginning for the split pane (`preview`), its first screen when it is
opened (`opening`), or the whole (undefined).
*/
export type RenderPart = 'preview' | 'opening';

/** The render effect's part as the cache keeps it: a long article's beginning in the reader is its opening. */
const cachePart = (effect: {readonly part?: 'preview'; readonly follow?: boolean}): RenderPart | undefined =>
	effect.part === 'preview' && !effect.follow ? 'opening' : effect.part;

/**
How long the reader gives a render before showing plain text. The render runs in a worker, so keys never wait for it;
the deadline only bounds a hostile body (and the queue behind it). A real 1–2 MB changelog renders well within it.
*/
const readerDeadlineMs = 4000;
const previewDeadlineMs = 500;

/**
A small cache of rendered articles keyed by identity, revision, width and theme, so `n`/`p` and going back are instant
and another theme renders again.
*/
export class RenderCache {
	readonly #entries = new Map<string, Promise<RenderedArticle>>();
	/** The renders that have finished, so a cached one can be shown in the same frame as the key (see `peek`). */
	readonly #done = new WeakMap<Promise<RenderedArticle>, RenderedArticle>();
	/** The latest render asked for by the split screen's article pane (`follow`): older ones are dropped unstarted. */
	#following = 0;
	#theme: BodyTheme | undefined;
	#themeKey = '';
	constructor(private readonly root: string, private readonly color: boolean, theme?: BodyTheme, private readonly size = 12) {
		this.setTheme(theme);
	}

	/** A ticket for a following render; `isLatest` says whether a newer one was asked for since. */
	follow(): number {
		return ++this.#following;
	}

	isLatest(ticket: number): boolean {
		return ticket === this.#following;
	}

	/** The body's styles from here on (source/core/theme/theme.ts's bodyTheme); undefined: the `terminal` theme's. */
	setTheme(theme: BodyTheme | undefined): void {
		this.#theme = theme;
		this.#themeKey = theme === undefined ? '' : JSON.stringify(theme);
	}

	/** A finished render of the article at this width, if the cache holds one; never starts a render. */
	peek(meta: ArticleMeta, width: number, part?: RenderPart, codeWidth = width): RenderedArticle | undefined {
		const entry = this.asked(meta, width, part, codeWidth);
		return entry === undefined ? undefined : this.#done.get(entry);
	}

	/** The render of the article at this width already asked for, in flight or finished; never starts a render. */
	asked(meta: ArticleMeta, width: number, part?: RenderPart, codeWidth = width): Promise<RenderedArticle> | undefined {
		return this.#entries.get(this.#key(meta, width, part, codeWidth));
	}

	#key(meta: ArticleMeta, width: number, part: RenderPart | undefined, codeWidth: number): string {
		return `${meta.path}\u0000${meta.mtimeMs}\u0000${meta.size}\u0000${width}\u0000${codeWidth}\u0000${part ?? 'whole'}\u0000${this.#themeKey}`;
	}

	/**
	The rendered lines of an article at a width (`preview`, `opening`: of its beginning only, a few ms even for a long
	one).
	*/
	async get(meta: ArticleMeta, width: number, part?: RenderPart, codeWidth = width): Promise<RenderedArticle> {
		const key = this.#key(meta, width, part, codeWidth);
		let entry = this.#entries.get(key);
		if (entry) {
			this.#entries.delete(key);
		} else {
			// Rendered in the render worker (adapters/render-worker.ts), off the reader's thread: a hostile or huge body
			// can neither freeze the keys nor ignore Ctrl-C; past its deadline it comes back as wrapped plain text with a
			// one-line reason. The preview of a long article has a short deadline of its own.
			entry = loadArticle(this.root, meta).then(async article => part !== undefined
				? renderArticleInWorker({...article, body: part === 'opening' ? previewBody(article.body, openingChars(width)) : previewBody(article.body)}, {width, codeWidth, color: this.color, theme: this.#theme}, previewDeadlineMs)
				: renderArticleInWorker(article, {width, codeWidth, color: this.color, theme: this.#theme}, readerDeadlineMs));
			// A failed render is not kept: the next attempt reads the file again.
			const made = entry;
			made.then(rendered => {
				this.#done.set(made, rendered);
			}, () => this.#entries.delete(key));
		}

		this.#entries.set(key, entry);
		while (this.#entries.size > this.size) {
			this.#entries.delete(this.#entries.keys().next().value!);
		}

		return entry;
	}
}

/** After the opening is back: long enough for its frame (~20 ms of Ink on a first open) before the worker starts on the whole. */
const paintPause = 60;

/** How long the article pane waits for the selection to settle: key repeat (~30/s) moves it within this. */
const followPause = 40;

export async function renderEffect(effect: Extract<Effect, {type: 'render-article'}>, deps: EffectDeps): Promise<Action[]> {
	const {meta, width, codeWidth, part} = effect;
	const {cache} = deps;
	if (effect.follow && cache.follow && cache.isLatest) {
		// Held j: only the article the selection stops on is rendered (the reducer ignores lines of any other).
		const ticket = cache.follow();
		await new Promise(resolve => {
			setTimeout(resolve, followPause);
		});
		if (!cache.isLatest(ticket)) {
			return [];
		}
	}

	try {
		if (part === undefined && meta.size > previewBytes) {
			// The whole render starts once the opening's lines are back and painted: started with them, the worker's
			// render of the whole (and its garbage) competed with the frame that shows them (issue 14: the 1 MB
			// article's first screen while the worker is still loading).
			await deps.cache.asked?.(meta, width, 'opening', codeWidth)?.catch(() => undefined);
			await new Promise(resolve => {
				setTimeout(resolve, paintPause);
			});
		}

		const rendered = await deps.cache.get(meta, width, cachePart(effect), codeWidth);
		return [{type: 'article-rendered', id: meta.id, width, codeWidth, rendered, preview: part === 'preview'}];
	} catch (error) {
		return part === 'preview' ? [] : [{type: 'status', message: `Couldn't open the article: ${describeError(error)}`}];
	}
}

/**
The render effect's actions at once when the cache already holds the finished render (the article under the cursor,
or a neighbour rendered ahead): the store then applies them in the same dispatch as the key, so `Enter`, `n` and `p`
draw one frame with the article in it instead of a frame without it and, one frame-throttle later (Ink: 60 fps, up to
17 ms), a second one (issue 14). undefined: not cached, the effect runs as usual.
*/
export function renderFromCache(effect: Effect, cache: Pick<RenderCache, 'peek'>): Action[] | undefined {
	if (effect.type !== 'render-article') {
		return undefined;
	}

	const {meta, width, codeWidth, part} = effect;
	if (part === 'preview' && cache.peek(meta, width, undefined, codeWidth) !== undefined) {
		// The whole article is in: its own effect shows it now, and the beginning alone is not needed.
		return [];
	}

	const rendered = cache.peek(meta, width, cachePart(effect), codeWidth);
	return rendered === undefined ? undefined : [{type: 'article-rendered', id: meta.id, width, codeWidth, rendered, preview: part === 'preview'}];
}

/** Renders the neighbours while the reader reads, after the frame that shows the article. */
export async function prerenderEffect(effect: Extract<Effect, {type: 'prerender'}>, deps: EffectDeps): Promise<Action[]> {
	await new Promise(resolve => {
		setImmediate(resolve);
	});
	await Promise.allSettled(effect.metas.map(async meta => {
		const rendered = await deps.cache.get(meta, effect.width, undefined, effect.codeWidth ?? effect.width);
		deps.warmPage?.(meta, rendered);
	}));
	return [];
}

/**
Renders the article under the list's cursor once the list has been still for `idleMs`, so `Enter` finds it in the
cache and shows it in the key's own frame (issue 14). Only a cache warm-up: it changes no state, and a cursor that
moves on first costs nothing (the timer is reset). Returns the unsubscribe.
*/
export function prerenderSelection(store: Pick<Store, 'getState' | 'subscribe'>, cache: Pick<RenderCache, 'get'>, {idleMs = 30, warmPage}: {readonly idleMs?: number; readonly warmPage?: EffectDeps['warmPage']} = {}): () => void {
	let timer: NodeJS.Timeout | undefined;
	let last = '';
	const check = (): void => {
		const state = store.getState();
		// One pane only: the split screen's article pane renders the selection itself, at its own width.
		const meta = state.article === undefined && state.overlay === undefined && panesOf(state) === undefined ? selectedOf(state) : undefined;
		const width = bodyWidth(state);
		const codeWidth = codeWidthOf(state);
		const key = meta === undefined ? '' : `${meta.path}\u0000${meta.mtimeMs}\u0000${width}\u0000${codeWidth}`;
		if (key === last) {
			return;
		}

		last = key;
		clearTimeout(timer);
		timer = undefined;
		if (meta !== undefined) {
			timer = setTimeout(() => {
				timer = undefined;
				// What `Enter` shows first: the whole article, or a long one's beginning only (rendering a long one whole
				// would keep the worker busy, and `Enter` would wait behind it for the beginning it draws first).
				cache.get(meta, width, meta.size > previewBytes ? 'opening' : undefined, codeWidth).then(rendered => {
					warmPage?.(meta, rendered);
				}, () => undefined);
			}, idleMs);
			timer.unref();
		}
	};

	const unsubscribe = store.subscribe(check);
	check();
	return () => {
		unsubscribe();
		clearTimeout(timer);
	};
}
