/**
The reader's own settings as the store keeps them, in one place: their type, their defaults and their limits. The
store's schema (adapters/state-store.ts), the layout (app/layout.ts), the reducer's effects and `read --width` read
them here.
*/
import type {SortOrder} from './library/sort.js';

export type {SortOrder} from './library/sort.js';

/** The preferred reading width: its default, its limits and the step of `+`/`-`. */
export const readingWidth = {default: 80, minimum: 20, maximum: 400, step: 4} as const;

/** How the reader's screen is shared: one pane at a time, the list and the article side by side, or stacked. */
export const paneModes = ['single', 'side', 'stacked'] as const;
export type PaneMode = (typeof paneModes)[number];

export type Settings = {
	width: number;
	sort: SortOrder;
	unreadOnly: boolean;
	/** The split screen (the layout key): one pane, the list and the article side by side, or stacked. */
	panes?: PaneMode;
};

export const defaultSettings: Readonly<Settings> = {width: readingWidth.default, sort: 'newest', unreadOnly: false};
