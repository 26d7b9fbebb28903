/**
The config file's `[filters]` and per-feed names and tags as the list uses them: `ignore` queries hide articles from the list (the files stay:
`tidings list` and search still find them), `highlight` rules give matching rows a style. Parsed once at start
(`installDisplayRules`, relative dates counted from then) and read by the list handler and the list view.
*/
import {compileQuery, filterArticles, parseQuery, type Marks as QueryMarks, type Query} from '../core/query/index.js';
import type {HighlightRule} from '../core/config/schema.js';
import type {Style} from '../core/theme/theme.js';
import type {ArticleMeta} from '../core/types.js';
import {neutraliseLine, type SafeText} from '../core/text/neutralise.js';


type Rules = {
	/** Feed URL → the name and tags its articles are shown with (per-feed settings). */
	readonly feeds: ReadonlyMap<string, {readonly name?: SafeText; readonly tags: readonly SafeText[]}>;
	readonly ignore?: Query;
	readonly highlight: ReadonlyArray<{readonly test: ReturnType<typeof compileQuery>; readonly style: Style}>;
};

let rules: Rules = {feeds: new Map(), highlight: []};

const parsed = (text: string, now: Date): Query | undefined => {
	const result = parseQuery(text, {now});
	return result.ok ? result.query : undefined;
};

export function installDisplayRules(
	filters: {readonly ignore: readonly string[]; readonly highlight: readonly HighlightRule[]},
	feeds: Readonly<Record<string, {readonly name?: string; readonly tags?: readonly string[]}>> = {},
	now = new Date(),
): void {
	const ignore = filters.ignore.map(text => parsed(text, now)).filter((query): query is Query => query !== undefined);
	rules = {
		feeds: new Map(Object.entries(feeds).map(([url, feed]) => [url, {
			name: feed.name === undefined ? undefined : neutraliseLine(feed.name),
			tags: (feed.tags ?? []).map(tag => neutraliseLine(tag)),
		}])),
		ignore: ignore.length === 0 ? undefined : (ignore.length === 1 ? ignore[0] : {kind: 'or', items: ignore}),
		highlight: filters.highlight.flatMap(rule => {
			const query = parsed(rule.query, now);
			return query === undefined ? [] : [{test: compileQuery(query), style: rule.style}];
		}),
	};
}

/** An article of a feed with settings: shown with the feed's name as its source and the feed's tags added. */
function withFeedSettings(meta: ArticleMeta): ArticleMeta {
	const feed = meta.feed === undefined ? undefined : rules.feeds.get(meta.feed);
	if (feed === undefined) {
		return meta;
	}

	const tags = feed.tags.filter(tag => !meta.tags.includes(tag));
	return {...meta, source: feed.name ?? meta.source, tags: tags.length === 0 ? meta.tags : [...meta.tags, ...tags]};
}

/** The articles the list shows: each with its feed's name and tags, all but those an `ignore` query matches. */
export function withoutIgnored(loaded: readonly ArticleMeta[], marks: QueryMarks): readonly ArticleMeta[] {
	const metas = rules.feeds.size === 0 ? loaded : loaded.map(meta => withFeedSettings(meta));
	if (rules.ignore === undefined || metas.length === 0) {
		return metas;
	}

	const hidden = new Set(filterArticles(rules.ignore, metas, marks));
	return hidden.size === 0 ? metas : metas.filter((_, index) => !hidden.has(index));
}

/** The style of the first highlight rule a row matches (an empty style: the theme's `list.highlight`), else undefined. */
export function highlightOf(meta: ArticleMeta, read: boolean, starred: boolean): Style | undefined {
	for (const rule of rules.highlight) {
		if (rule.test({meta, read, starred})) {
			return rule.style;
		}
	}

	return undefined;
}
