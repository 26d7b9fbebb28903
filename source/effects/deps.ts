import type {StateStore} from '../adapters/state-store.js';
import type {Dispatch} from '../app/store.js';
import type {ArticleMeta} from '../core/types.js';
import type {RenderedArticle} from '../core/render/render-article.js';
import type {SearchIndex} from '../adapters/search-index.js';
import type {Config} from '../core/config/schema.js';
import type {CellSize, PictureBox, PreparedPicture, Protocol} from '../core/images/picture.js';
import type {Result} from '../core/types.js';

/** Rendered lines by article and width (source/effects/render.ts has the one the reader uses). */
export type RenderSource = {
	get(meta: ArticleMeta, width: number, part?: 'preview' | 'opening', codeWidth?: number): Promise<RenderedArticle>;
	/** The render of that part already asked for (in flight or done), if any; never starts one. */
	asked?(meta: ArticleMeta, width: number, part: 'preview' | 'opening', codeWidth?: number): Promise<RenderedArticle> | undefined;
	/** Tickets for the split screen's following renders: a newer ticket supersedes an older one not yet started. */
	follow?(): number;
	isLatest?(ticket: number): boolean;
};

/** The open full-text index, if any (source/effects/finding.ts). */
export type IndexSlot = {index?: SearchIndex; syncing: Promise<unknown>; close(): void};

/** The terminal as the effects need it. `suspend` is filled in by the Ink app once it is mounted (useApp). */
export type TerminalAccess = {
	write(data: string): void;
	suspend?: (run: () => Promise<void>) => Promise<void>;
};

/** What the image effects (source/effects/images.ts) need: the decoder, and the layer that draws sixel, iTerm2 and old kitty. */
export type ImageDeps = {
	prepare(bytes: Uint8Array, protocol: Protocol, cell: CellSize, box: PictureBox): Promise<Result<PreparedPicture, string>>;
	/** Keeps image `id`'s sequence for the layer to draw where its rows are; `erase` takes it off where erasing cells does not. */
	keep?(id: number, sequence: string, erase?: string): void;
};

/** What the effects run against: the adapters, made once by the reader's bootstrap (source/commands/tui.tsx). */
export type EffectDeps = {
	readonly store: StateStore;
	readonly cache: RenderSource;
	readonly searchIndex: IndexSlot;
	/** The library folder; without it feeds, the whole story and the full-text index are off. */
	readonly libraryDir?: string;
	readonly cacheDir?: string;
	readonly terminal?: TerminalAccess;
	readonly environment: NodeJS.ProcessEnv;
	/** The config file's settings (source/core/config/schema.ts); without it, the defaults. */
	readonly config?: Config;
	/** Progress of a long effect (a fetch counting its feeds), dispatched at once. */
	readonly progress: Dispatch;
	readonly quit: () => void;
	/** The image decoder and layer (source/effects/images.ts); without them images are not drawn. */
	readonly images?: ImageDeps;
	/** The watched library (issue 18): `r` has it scanned again in its worker. */
	readonly libraryWatch?: {rescan(): Promise<{readonly upserts: readonly ArticleMeta[]; readonly removed: readonly string[]; readonly added: readonly string[]}>};
	/** The kept player and the download queue (source/effects/media.ts `MediaSlot`); one per reader. */
	readonly media?: {close(): void};
	/** False: the library's shared reading state is not merged (the bundled demo library). */
	readonly sharedState?: boolean;
	/** Draws the first page of an article rendered ahead into the view's caches (source/ui/ink-warm.tsx), as `n` will. */
	readonly warmPage?: (meta: ArticleMeta, rendered: RenderedArticle) => void;
};

/** An error as one line for the status bar. */
export const describeError = (error: unknown): string => (error instanceof Error ? error.message : String(error));
