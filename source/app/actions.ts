/**
What can happen to the reader (actions, handled by the root reducer in source/app/reducer.ts) and what the reader asks
the world to do (effects, run by source/effects/, whose results come back as actions). Types only.
*/
import type {ArticleMeta} from '../core/types.js';
import type {RenderedArticle} from '../core/render/render-article.js';
import type {SavedView} from '../core/query/views.js';
import type {Settings as StoredSettings} from '../core/settings.js';
import type {CommandId} from './keymap.js';
import type {MarkKind} from './marks.js';
import type {EpisodeRow, FoundHit, IndexStatus, MediaStatusView} from './slices.js';
import type {ImageSlot} from '../core/images/page-images.js';

export type Action =
	/** A key press, as a key spec of the key table (`j`, `enter`, `ctrl+r`). */
	| {type: 'key'; spec: string}
	/** A command run directly (tests, the effects): the same path as its key, minus the key look-up. */
	| {type: 'command'; command: CommandId}
	| {type: 'resize'; rows: number; columns: number}
	/** The whole library, sorted by the loader; `final: false` for the cached index painted before the disk is read. */
	| {type: 'library-loaded'; articles: readonly ArticleMeta[]; final: boolean}
	/** Articles written since the last load (a feed fetch): merged into the list, nothing else is read again. */
	| {type: 'articles-ingested'; articles: readonly ArticleMeta[]; message?: string}
	/** `preview`: the first part of a long article, shown while the rest renders; the full lines follow. */
	| {type: 'article-rendered'; id: string; width: number; codeWidth?: number; rendered: RenderedArticle; preview?: boolean}
	/** Marks set by the store's journal (undo, redo): each id to its own value. */
	| {type: 'marks-applied'; kind: MarkKind; ids: readonly string[]; values: readonly boolean[]; message: string}
	/**
	A fetch ended. `background`: the reader's own refresh (the status line changes only when it brought something);
	`at`: when it ended (ISO); `notice`: what a notification says when the reader is in the background.
	*/
	| {type: 'feeds-fetched'; message: string; background?: boolean; at?: string; notice?: Notice}
	| {type: 'status'; message?: string}
	| {type: 'find-setup'; views: readonly SavedView[]}
	| {type: 'index-status'; status: IndexStatus; message?: string}
	| {type: 'search-results'; query: string; hits: readonly FoundHit[]; terms: readonly string[]}
	| {type: 'search-failed'; message: string}
	/** The whole-story fetch for `id` ended: `meta` (the file's new metadata) when the story was stored. */
	| {type: 'full-text-fetched'; id: string; meta?: ArticleMeta; message: string}
	/** Images of article `id` made ready (or refused) for a box of cells (`full`: the full-screen view). */
	| {type: 'images-prepared'; id: string; box: string; slots: ReadonlyArray<{readonly n: number; readonly slot: ImageSlot}>; full?: boolean}
	/** Issue 18: the background refresh's timer: fetch the feeds that are due, unless a fetch is running. */
	| {type: 'refresh-due'}
	/** A feed of the running fetch is done. */
	| {type: 'refresh-progress'; done: number; total: number}
	/** Files added, changed, removed or renamed in the library by anything (the watcher, or a rescan). */
	/** `final`: the start-up comparison of the disk with the index the list was painted from; reading ends with it. */
	| {type: 'library-changed'; upserts: readonly ArticleMeta[]; removed: readonly string[]; added: number; final?: boolean}
	/** The terminal's focus report (CSI ?1004h): in front or in the background. */
	| {type: 'focus'; focused: boolean}
	/** Something under `<library>/.tidings/devices/` changed (the library watcher): merge the shared reading state again. */
	| {type: 'shared-state-changed'}
	/** Reading positions another device saved, merged into the store (`line` 0: none). */
	| {type: 'positions-merged'; positions: ReadonlyArray<readonly [string, number]>}
	/**
	A mouse report (parsed strictly by core/input/mouse.ts), routed by what is under the pointer (app/pointer.ts): cell
	`x`, `y` from the top left (0-based); a click's `count` (2: a double click); a wheel notch's `lines` (+ down, − up).
	*/
	| {type: 'mouse'; kind: 'click'; x: number; y: number; count: number}
	| {type: 'mouse'; kind: 'wheel'; x: number; y: number; lines: number}
	/** What the player plays now (undefined: nothing), with a message when something happened on its own. */
	| {type: 'media-status'; status?: MediaStatusView; message?: string}
	/** The episodes (`D`), listed afresh; or rows of the download queue that changed (`update`). */
	| {type: 'episodes'; rows: readonly EpisodeRow[]; update?: boolean; message?: string};

/** A desktop notification: plain text, neutralised and bounded by the notifier (source/adapters/notify.ts). */
export type Notice = {readonly title: string; readonly body: string};

export type Settings = Readonly<StoredSettings>;

export type Effect =
	/**
	`part: 'preview'` renders only the beginning of a long article, so its first screen shows at once. `follow`: for the
	split screen's article pane following the selection; a newer one within a few milliseconds supersedes it (held j).
	*/
	| {type: 'render-article'; meta: ArticleMeta; width: number; codeWidth: number; part?: 'preview'; follow?: boolean}
	/** Render these ahead (the neighbours of the open article), so `n` and `p` open at once. */
	| {type: 'prerender'; metas: readonly ArticleMeta[]; width: number; codeWidth?: number}
	/** Through the store's undo journal, so `u` can take it back. The model has the new marks already. */
	| {type: 'mark'; kind: MarkKind; ids: readonly string[]; value: boolean}
	| {type: 'undo'}
	| {type: 'redo'}
	| {type: 'save-position'; id: string; line: number}
	| {type: 'save-selected'; id: string}
	| {type: 'save-settings'; settings: Partial<Settings>}
	| {type: 'save-view'; view: SavedView}
	/** `background`: the reader's own refresh (only feeds due, failing feeds backed off), not `r`. */
	| {type: 'fetch-feeds'; background?: boolean}
	/** A desktop notification (when `[notify] enabled`). */
	| {type: 'notify'; notice: Notice}
	/** Open the full-text index (or bring it up to date with these articles) in the background. */
	| {type: 'open-index'; articles: readonly ArticleMeta[]}
	| {type: 'search'; text: string}
	/**
	Ready the list for what comes next, between keys: its rows by path (for a fetch or a library change to merge into)
	and, with `fold`, its fields folded for the filter ahead of the first keystroke. `now`: at once (the filter's
	prompt is open), not after the pause that lets a run of new lists settle.
	*/
	| {type: 'prepare-filter'; articles: readonly ArticleMeta[]; fold: boolean; now?: true}
	| {type: 'open-url'; url: string}
	| {type: 'copy'; text: string; label: string}
	/** Opens image `n` of the article in the system viewer (the config's `reading.image-viewer`, else the platform's). */
	| {type: 'show-image'; n: number; url: string; meta?: ArticleMeta}
	/** Fetches and prepares the article's images for a box of `columns`×`rows` cells (`full`: one, full screen). */
	| {type: 'load-images'; meta: ArticleMeta; images: ReadonlyArray<{readonly n: number; readonly url: string}>; box: string; columns: number; rows: number; full?: boolean}
	| {type: 'fetch-full'; meta: ArticleMeta}
	/** The article's Markdown (or its text as rendered at `width`) to the configured command's standard input. */
	| {type: 'pipe-article'; meta: ArticleMeta; width: number}
	| {type: 'save-article'; meta: ArticleMeta}
	| {type: 'bookmark'; meta: ArticleMeta}
	/** `n`: which attachment (1 is the first); the first when absent. */
	| {type: 'open-attachment'; meta: ArticleMeta; n?: number}
	/** The player (`e`, `,`, `.`, `{`, `}`, `x`): `play` starts the article's attachment `n` (else the first playable). */
	| {type: 'media'; op: 'toggle' | 'seek' | 'speed' | 'stop'; value?: number; meta?: ArticleMeta; n?: number}
	| {type: 'media-play'; meta: ArticleMeta; n?: number; url?: string}
	/** The episodes view: list them, download or remove one. */
	| {type: 'episodes-list'; metas: readonly ArticleMeta[]}
	| {type: 'episode-download'; url: string}
	| {type: 'episode-remove'; url: string}
	| {type: 'quit'}
	/** Re-read and merge every device's shared-state file (source/effects/sync.ts); other devices' marks come back as `marks-applied`. */
	| {type: 'sync-merge'};

/** What every handler returns: its slices, changed or not, and the effects to run. */
export type Step<S> = readonly [S, readonly Effect[]];

export function assertNever(value: never): never {
	throw new Error(`Unhandled: ${JSON.stringify(value)}`);
}
