/**
The neutral shape every feed format is mapped to before anything is stored, in the manner of newsboat's
`rsspp::Feed`: the format-specific parser output never leaves `parse-feed.ts`. Strings here are still raw (hostile);
they are neutralised once, in `feed-item-to-article.ts`, when they become file text.
*/

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json-feed';

export type FeedEnclosure = {
	readonly url: string;
	readonly type?: string;
	readonly length?: number;
	/** Seconds: `itunes:duration` of the item (on its first audio or video enclosure), or `media:content duration`. */
	readonly duration?: number;
};

export type FeedItem = {
	/** guid / atom id / JSON Feed id, else the link, else (parse-feed.ts) a hash of the item's content, as elfeed does. */
	readonly id?: string;
	readonly title?: string;
	/** Absolute URL (resolved against the item/feed base). */
	readonly url?: string;
	readonly author?: string;
	/** ISO 8601, when the item carries a date that parses. */
	readonly date?: string;
	/** HTML body (content:encoded, atom content, content_html, else description/summary). */
	readonly html?: string;
	/** Plain text body, when the feed only gives text (JSON Feed content_text). */
	readonly text?: string;
	readonly enclosures: readonly FeedEnclosure[];
	/** Base URL used to resolve relative links in the body. */
	readonly base?: string;
	/** Categories and tags (RSS and Atom `category`, `dc:subject`, JSON Feed `tags`): the article's tags. */
	readonly tags?: readonly string[];
};

export type ParsedFeed = {
	readonly format: FeedFormat;
	readonly title?: string;
	/** The site's home page, when the feed names one. */
	readonly siteUrl?: string;
	readonly items: readonly FeedItem[];
	/** Things worth telling the user (e.g. "3 items recovered from malformed XML"). */
	readonly warnings: readonly string[];
};
