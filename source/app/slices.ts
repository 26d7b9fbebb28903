/**
The slices of the reader's state, as types only. Each handler (source/app/handlers/) declares the slices it reads and
returns them changed; the root state (source/app/state.ts) is their union. No handler imports the root state, and
this module imports no handler, so there is no import circle.
*/
import type {ArticleMeta} from '../core/types.js';
import type {RenderedArticle} from '../core/render/render-article.js';
import type {Query, QueryError} from '../core/query/index.js';
import type {SavedView} from '../core/query/views.js';
import type {SortOrder} from '../core/library/sort.js';
import type {History} from './reader-history.js';
import type {Marks} from './marks.js';
import type {Context} from './keymap.js';
import type {ImageRows, ImageSlot} from '../core/images/page-images.js';
import type {PaneMode} from './layout.js';
import type {MediaStatus} from '../core/media/episode.js';

// The list -----------------------------------------------------------------------------------------------------------

export type ListSlice = {
	/** Every article, sorted. */
	readonly all: readonly ArticleMeta[];
	/** Indices into `all` that the list shows (after the filter, the narrowing and "unread only"). */
	readonly visible: readonly number[];
	readonly cursor: number;
	readonly listOffset: number;
	readonly unreadOnly: boolean;
	readonly loading: boolean;
	/** The id to select once the library is loaded (restored from the last run). */
	readonly wantedId?: string;
};

// Marks --------------------------------------------------------------------------------------------------------------

export type MarksSlice = {
	readonly marks: Marks;
	/** Articles of the library not read; moved by what a change flips, counted again only when a change is unknown. */
	readonly unreadCount: number;
};

// The screen ---------------------------------------------------------------------------------------------------------

export type ScreenSlice = {
	readonly rows: number;
	readonly columns: number;
	/** Preferred reading width (columns); the reader uses less when the terminal is narrower. */
	readonly readingWidth: number;
	/** `i` turned the page's images off for this session (the links stay). */
	readonly imagesHidden?: boolean;
	/** One pane at a time, or the list and the article split (app/layout.ts `panesOf`); kept in the settings. */
	readonly panes?: PaneMode;
};

export type StatusSlice = {
	/** One line for the bottom row; cleared by the next key. */
	readonly status?: string;
	/** A background feed fetch is running (`r`). */
	readonly fetching?: boolean;
	/** The keys of an unfinished key sequence (`g` of `g g`), space-separated; the next key completes or drops it. */
	readonly pendingKeys?: string;
	/** A fetch running in the background (issue 18): feeds done of the feeds due, for the header. */
	readonly refresh?: {readonly done: number; readonly total: number};
	/** The running fetch is the reader's own refresh, which speaks only when it brought something (`r` makes it speak). */
	readonly fetchingQuietly?: boolean;
	/** When the last fetch ended (ISO time), for the header. */
	readonly lastRefreshAt?: string;
	/** False while the terminal says it is in the background (focus reporting); undefined when it never said. */
	readonly focused?: boolean;
};

// The reader ---------------------------------------------------------------------------------------------------------

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

/** Wide mode: a table or code block shown whole, scrolled sideways. */
export type WideView = {
	/** Index into `rendered.blocks`. */
	readonly block: number;
	readonly top: number;
	readonly column: number;
};

export type OpenArticle = {
	readonly id: string;
	readonly meta: ArticleMeta;
	/** Lines once rendered for `width`; undefined while loading. */
	readonly rendered?: RenderedArticle;
	/** The columns code blocks were rendered for (the terminal's, past the reading width). */
	readonly codeWidth?: number;
	readonly offset: number;
	/** Where to put `offset` once the lines arrive (the remembered position). */
	readonly pendingOffset?: number;
	/**
	Keys pressed before the lines arrived that act on them (`j`, `G`, `1o`, `/`…), in order: replayed when the lines
	come, so typing ahead after `n` or a followed link is never lost (at most `typeAheadKeys`).
	*/
	readonly typedAhead?: readonly string[];
	/** Full-text search terms when opened from search results: the reader opens at the first match. */
	readonly findTerms?: readonly string[];
	readonly reading?: Reading;
	readonly wide?: WideView;
	/** The images drawn in the page (source/app/handlers/images.ts); `rendered` then holds their rows. */
	readonly images?: PageImages;
	/** An image shown full screen (`3i`): its link number and how it is shown at the screen's size. */
	readonly imageView?: {readonly n: number; readonly slot: ImageSlot};
};

/**
The page's images: `base` is the page as rendered (without image rows), `slots` how each image (by link number) is
shown in the box of cells `box` (columns×rows), `rows` where the ready ones sit in `rendered`, `inserts` how many rows follow which base line.
*/
export type PageImages = {
	readonly base: RenderedArticle;
	readonly box: string;
	readonly slots: Readonly<Record<number, ImageSlot>>;
	readonly rows: readonly ImageRows[];
	readonly inserts: ReadonlyArray<{readonly after: number; readonly count: number}>;
};

export type ReaderSlice = {readonly article?: OpenArticle};

// The split screen ---------------------------------------------------------------------------------------------------

/** What the article pane shows while the list has the keys: the selected article, from the render cache. */
export type PreviewPane = {
	readonly id: string;
	/** The body width it was asked for: another width (a resize, the layout toggle) asks again. */
	readonly width: number;
	/** The file's revision it was asked for (mtime and size): a file changed under the selection is shown again. */
	readonly revision: string;
	readonly rendered?: RenderedArticle;
	/** The top line (the wheel scrolls the preview). */
	readonly offset: number;
};

export type PaneSlice = {readonly preview?: PreviewPane};

// Finding ------------------------------------------------------------------------------------------------------------

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
	/**
	The filter has been asked for this session: every new list is folded for it ahead of the keys. Until then no list is
	(issue 14: at 100,000 rows the folded columns are ~24 MB that browsing never reads); the first `/` folds the list
	while the query is typed.
	*/
	readonly folding?: true;
};

export type FindSlice = {readonly find: FindState};

// Overlays -----------------------------------------------------------------------------------------------------------

export type PickerItem = {readonly label: string; readonly value: string; readonly unread: number; readonly total: number; readonly note?: string};

export type PickerOverlay = {
	readonly kind: 'picker';
	readonly picker: 'source' | 'tag' | 'view';
	readonly items: readonly PickerItem[];
	readonly cursor: number;
	readonly offset: number;
};

export type ReadingOverlay =
	| {readonly kind: 'links'; readonly cursor: number; readonly offset: number}
	| {readonly kind: 'outline'; readonly cursor: number; readonly offset: number};

/** The episodes and their downloads (`D`); the rows themselves are in the media slice, so progress goes on while closed. */
export type PodcastsOverlay = {readonly kind: 'podcasts'; readonly cursor: number; readonly offset: number};

export type Overlay =
	/** `context`: where `?` was pressed; its keys are listed first. */
	| {readonly kind: 'help'; readonly offset: number; readonly context: Context}
	| {readonly kind: 'confirm'; readonly message: string; readonly ids: readonly string[]}
	| PickerOverlay
	| ReadingOverlay
	| PodcastsOverlay;

export type OverlaySlice = {readonly overlay?: Overlay};

// Podcasts and media ------------------------------------------------------------------------------------------------

/** What plays (source/adapters/media/session.ts reports it); the title is neutralised. */
export type MediaStatusView = MediaStatus;

export type EpisodeState = 'new' | 'queued' | 'downloading' | 'done' | 'failed' | 'cancelled';

/** One row of the episodes view. */
export type EpisodeRow = {
	/** The enclosure URL: the row's identity. */
	readonly url: string;
	readonly articleId: string;
	/** Which attachment of the article. */
	readonly n: number;
	readonly title: string;
	readonly source: string;
	readonly date?: string;
	readonly type?: string;
	readonly duration?: number;
	readonly state: EpisodeState;
	readonly received: number;
	readonly total?: number;
	readonly message?: string;
	/** Where it was left (seconds), when a place is kept. */
	readonly position?: number;
};

export type MediaSlice = {
	readonly media?: MediaStatusView;
	/** The episodes, once `D` listed them; undefined before. */
	readonly episodes?: readonly EpisodeRow[];
};
