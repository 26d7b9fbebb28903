/**
Podcasts and media, the pure part: durations (`itunes:duration` as the feed writes it, and as the reader shows it),
sizes, which attachments mpv plays, and the download file name from the name template. Every field of a name is
sanitised for a file name: no `/` or `\`, no `..`, no leading dot, no control or bidi character, bounded length.
*/
import type {FeedEnclosure} from '../feeds/types.js';

/** `1:02:03`, `62:03`, `3723`, `3723.5` → seconds; anything else (or more than 100 hours) is undefined. */
/** What the player plays now, as the player session reports it and the reader's footer shows it. */
export type MediaStatus = {
	readonly title: string;
	readonly position?: number;
	readonly duration?: number;
	readonly paused: boolean;
	readonly speed: number;
	/** Played from the downloaded file. */
	readonly local: boolean;
};

export function parseClock(text: string | undefined): number | undefined {
	if (text === undefined) {
		return undefined;
	}

	const value = text.trim();
	if (/^\d{1,7}(?:\.\d{1,3})?$/u.test(value)) {
		return checked(Number(value));
	}

	const match = /^(?:(\d{1,3}):)?(\d{1,4}):(\d{1,2})(?:\.\d{1,3})?$/u.exec(value);
	if (!match) {
		return undefined;
	}

	return checked((Number(match[1] ?? 0) * 3600) + (Number(match[2]) * 60) + Number(match[3]));
}

const checked = (seconds: number): number | undefined => (Number.isFinite(seconds) && seconds >= 0 && seconds <= 100 * 3600 ? seconds : undefined);

/** Seconds → `1:02:03` or `2:03`. */
export function formatClock(seconds: number): string {
	const whole = Math.max(0, Math.floor(Number.isFinite(seconds) ? seconds : 0));
	const hours = Math.floor(whole / 3600);
	const minutes = Math.floor((whole % 3600) / 60);
	const rest = String(whole % 60).padStart(2, '0');
	return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${rest}` : `${minutes}:${rest}`;
}

const units = ['B', 'KB', 'MB', 'GB'];

/** Bytes → `12.3 MB` (decimal units, as feeds and players count). */
export function formatSize(bytes: number | undefined): string | undefined {
	if (bytes === undefined || !Number.isFinite(bytes) || bytes <= 0) {
		return undefined;
	}

	let value = bytes;
	let unit = 0;
	while (value >= 1000 && unit < units.length - 1) {
		value /= 1000;
		unit++;
	}

	return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** `12.3 MB` → bytes (as written by `formatSize`, so approximate); undefined when it is not a size. */
export function parseSize(text: string): number | undefined {
	const match = /^(\d{1,6}(?:\.\d)?) (B|KB|MB|GB)$/u.exec(text.trim());
	return match ? Math.round(Number(match[1]) * (1000 ** units.indexOf(match[2]!))) : undefined;
}

/** mpv plays these; other types go to the openers of the config (`openers.enclosures`). */
export const isPlayable = (type: string | undefined): boolean => type !== undefined && /^(?:audio|video)\//u.test(type);

/** A MIME type → a file extension, for a URL that names none. */
const extensionOfType: Record<string, string> = {
	'audio/mpeg': 'mp3', 'audio/mp3': 'mp3', 'audio/mp4': 'm4a', 'audio/x-m4a': 'm4a', 'audio/aac': 'aac', 'audio/ogg': 'ogg', 'audio/opus': 'opus',
	'audio/flac': 'flac', 'audio/wav': 'wav', 'audio/x-wav': 'wav', 'video/mp4': 'mp4', 'video/webm': 'webm', 'video/x-matroska': 'mkv', 'video/quicktime': 'mov',
};

/** Longest a field of a download name may be, in characters (a whole name stays well under 255 bytes). */
export const maxFieldLength = 60;

/**
One field of a file name: path separators, control, format (bidi) and reserved characters become `-`, runs of dots and
spaces fold, a leading dot or hyphen goes, and the length is bounded. Never empty (`fallback`), never `.` or `..`.
*/
export function sanitiseField(value: string, fallback = 'untitled', maxLength = maxFieldLength): string {
	let out = value.normalize('NFC')
		.replaceAll(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}/\\:*?"<>|]+/gu, '-')
		.replaceAll(/\s+/gu, ' ')
		.replaceAll(/\.{2,}/gu, '.')
		.replaceAll(/-{2,}/gu, '-')
		.trim()
		.replaceAll(/^[.\- ]+|[. ]+$/gu, '');
	const points = [...out];
	if (points.length > maxLength) {
		out = points.slice(0, maxLength).join('').replaceAll(/[. -]+$/gu, '');
	}

	return out === '' || out === '.' || out === '..' ? fallback : out;
}

export type NameFields = {
	readonly feed: string;
	readonly title: string;
	/** ISO date (its first 10 characters are used). */
	readonly date?: string;
	readonly url: string;
	readonly type?: string;
	/** The article id, for `{id}`. */
	readonly id: string;
};

/** The file extension of an enclosure: from its URL's last segment, else its type, else `bin`. */
export function extensionOf(url: string, type: string | undefined): string {
	let pathname = url;
	try {
		pathname = new URL(url).pathname;
	} catch {}

	const fromUrl = /\.([a-z0-9]{2,5})$/iu.exec(pathname)?.[1]?.toLowerCase();
	return fromUrl ?? (type === undefined ? undefined : extensionOfType[type.toLowerCase()]) ?? 'bin';
}

export const defaultNameTemplate = '{feed}/{date}-{title}.{ext}';

/**
A relative path from the template: `{feed}`, `{title}`, `{date}`, `{id}`, `{ext}` are replaced by sanitised fields;
the template's own `/` make folders (at most 4 levels). Each segment is sanitised again after filling, so no
template and no field can climb out of the download folder.
*/
export function downloadName(template: string, fields: NameFields): string {
	const values: Record<string, string> = {
		feed: sanitiseField(fields.feed, 'feed'),
		title: sanitiseField(fields.title),
		date: /^\d{4}-\d{2}-\d{2}/u.test(fields.date ?? '') ? fields.date!.slice(0, 10) : 'undated',
		id: sanitiseField(fields.id, 'episode', 40),
		ext: sanitiseField(extensionOf(fields.url, fields.type), 'bin', 5),
	};
	const segments = template.split('/').filter(segment => segment.trim() !== '').slice(-4);
	const filled = segments.map((segment, index) => sanitiseField(
		segment.replaceAll(/\{([a-z]+)\}/gu, (whole, name: string) => values[name] ?? whole),
		index === segments.length - 1 ? `episode.${values['ext']!}` : 'folder',
		200,
	));
	return filled.length === 0 ? sanitiseField(`${values['title']!}.${values['ext']!}`) : filled.join('/');
}

/** The item's `itunes:duration` belongs to its (first) audio or video enclosure, unless that has its own. */
export function withItemDuration(enclosures: FeedEnclosure[], duration: unknown): FeedEnclosure[] {
	const seconds = typeof duration === 'number' ? parseClock(String(duration)) : parseClock(typeof duration === 'string' ? duration : undefined);
	const index = enclosures.findIndex(enclosure => isPlayable(enclosure.type));
	const at = index === -1 ? 0 : index;
	const target = enclosures[at];
	if (seconds === undefined || target === undefined || target.duration !== undefined) {
		return enclosures;
	}

	return enclosures.map((enclosure, n) => (n === at ? {...enclosure, duration: seconds} : enclosure));
}
