/**
Per-feed settings: `[feeds."<feed URL, name or folder>"]` in the config file, or `tidings add … --every 2h --keep 200`
(kept in the state store). Checked here (pure); applied when fetching (source/adapters/feed-settings.ts) and when
listing (name and tags, source/app/display-rules.ts).
*/
import {parseQuery} from '../query/parse-query.js';

export type FeedSettings = {
	/** The name shown as the articles' source. */
	readonly name?: string;
	/** Tags added to every article of the feed (shown and filtered like the article's own). */
	readonly tags?: readonly string[];
	/** Fetch no more often than this (milliseconds); `tidings fetch` with no names and `r` skip a feed not yet due. */
	readonly every?: number;
	/** Keep at most this many items; older read, unstarred ones are removed from the library. */
	readonly keep?: number;
	/** Keep items this many days; older read, unstarred ones are removed. */
	readonly keepDays?: number;
	readonly userAgent?: string;
	/** Extra HTTP headers (a token, a cookie). */
	readonly headers?: Readonly<Record<string, string>>;
	/** Items matching any of these queries are never stored. */
	readonly ignore?: readonly string[];
	/** Download the audio and video of new items after each fetch (source/adapters/media/podcasts.ts). */
	readonly autoDownload?: boolean;
};

const units: Record<string, number> = {m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000};

/** `30m`, `2h`, `1d`, `1w` → milliseconds; at least a minute. */
export function parseDuration(text: string): number | undefined {
	const match = /^(\d{1,6})\s*([mhdw])$/u.exec(text.trim());
	return match ? Number(match[1]) * units[match[2]!]! : undefined;
}

const headerName = /^[!#$%&'*+.^`|~\w-]{1,100}$/u;
const plainValue = (value: string) => !/[\u0000-\u001F\u007F]/u.test(value) && value.length <= 8192;
// Set by the fetcher itself (the user agent has its own setting).
const forbiddenHeaders = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'if-none-match', 'if-modified-since', 'user-agent', 'accept-encoding']);

type Checked = {readonly settings: FeedSettings; readonly problems: ReadonlyArray<{readonly key: string; readonly message: string}>};

/** One feed's table: every good value taken, every bad one named (its key) and left out. */
export function checkFeedSettings(raw: Readonly<Record<string, unknown>>): Checked {
	const settings: {-readonly [K in keyof FeedSettings]: FeedSettings[K]} = {};
	const problems: Array<{key: string; message: string}> = [];
	const problem = (key: string, message: string) => problems.push({key, message});
	for (const [key, value] of Object.entries(raw)) {
		switch (key) {
			case 'name':
			case 'user-agent': {
				if (typeof value !== 'string' || value.trim() === '' || !plainValue(value)) {
					problem(key, 'must be a line of text');
				} else if (key === 'name') {
					settings.name = value;
				} else {
					settings.userAgent = value;
				}

				break;
			}

			case 'tags': {
				if (!Array.isArray(value) || !value.every(tag => typeof tag === 'string' && tag.trim() !== '' && plainValue(tag)) || value.length > 50) {
					problem(key, 'must be a list of tags such as ["science", "daily"]');
				} else {
					settings.tags = value as string[];
				}

				break;
			}

			case 'every': {
				const ms = typeof value === 'string' ? parseDuration(value) : undefined;
				if (ms === undefined || ms < 60_000) {
					problem(key, 'must be a duration such as "30m", "2h", "1d" or "1w" (at least a minute)');
				} else {
					settings.every = ms;
				}

				break;
			}

			case 'keep':
			case 'keep-days': {
				if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 1_000_000) {
					problem(key, `must be a whole number of ${key === 'keep' ? 'items' : 'days'}, at least 1`);
				} else if (key === 'keep') {
					settings.keep = value;
				} else {
					settings.keepDays = value;
				}

				break;
			}

			case 'headers': {
				if (typeof value !== 'object' || value === null || Array.isArray(value)) {
					problem(key, 'must be a table such as {Authorization = "Bearer …"}');
					break;
				}

				const headers: Record<string, string> = {};
				for (const [name, header] of Object.entries(value)) {
					if (!headerName.test(name) || forbiddenHeaders.has(name.toLowerCase())) {
						problem(key, `${JSON.stringify(name)} is not a header Tidings can send`);
					} else if (typeof header !== 'string' || !plainValue(header)) {
						problem(key, `${name} must be one line of text (no line breaks)`);
					} else {
						headers[name] = header;
					}
				}

				settings.headers = headers;
				break;
			}

			case 'ignore': {
				if (!Array.isArray(value) || !value.every(item => typeof item === 'string')) {
					problem(key, 'must be a list of queries such as ["tag:sports"]');
					break;
				}

				const bad = (value as string[]).map(text => [text, parseQuery(text)] as const).find(([, parsed]) => !parsed.ok);
				if (bad && !bad[1].ok) {
					problem(key, `${JSON.stringify(bad[0])}: ${bad[1].error.message}`);
				} else {
					settings.ignore = value as string[];
				}

				break;
			}

			case 'auto-download': {
				if (typeof value === 'boolean') {
					settings.autoDownload = value;
				} else {
					problem(key, 'must be true or false');
				}

				break;
			}

			default: {
				problem(key, 'unknown feed setting (known: name, tags, every, keep, keep-days, user-agent, headers, ignore, auto-download)');
			}
		}
	}

	return {settings, problems};
}

/** The `[feeds]` section: feed → settings, with every problem's key path. */
export function checkFeedsSection(raw: unknown): {feeds: Readonly<Record<string, FeedSettings>>; problems: Array<{path: string[]; message: string}>} {
	const feeds: Record<string, FeedSettings> = {};
	const problems: Array<{path: string[]; message: string}> = [];
	if (raw === undefined) {
		return {feeds, problems};
	}

	if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
		return {feeds, problems: [{path: ['feeds'], message: 'feeds must be a table of [feeds."<feed URL or name>"] tables'}]};
	}

	for (const [feed, table] of Object.entries(raw)) {
		if (typeof table !== 'object' || table === null || Array.isArray(table)) {
			problems.push({path: ['feeds', feed], message: `feeds.${JSON.stringify(feed)} must be a table: [feeds.${JSON.stringify(feed)}] with every = "2h" …`});
			continue;
		}

		const checked = checkFeedSettings(table as Record<string, unknown>);
		feeds[feed] = checked.settings;
		problems.push(...checked.problems.map(item => ({path: ['feeds', feed, item.key], message: `feeds.${JSON.stringify(feed)}.${item.key} ${item.message}; it is not used`})));
	}

	return {feeds, problems};
}
