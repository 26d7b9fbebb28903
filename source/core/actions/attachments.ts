/**
An article's attachments (a feed item's enclosures: podcasts, videos), read back from the `## Attachments` list that
feed storing writes at the end of the body (`- [name](<url>) (type, size)`), and the opener the config names for
each MIME type (`audio/mpeg`, else `audio/*`). A type the feed did not give is guessed from the file's extension.
Bounded: only the last 200 lines of the body are looked at.
*/
import {formatClock, formatSize, parseClock, parseSize} from '../media/episode.js';

export type Attachment = {
	readonly name: string;
	readonly url: string;
	readonly type?: string;
	/** Bytes, as the feed gave it (read back from `12.3 MB`, so approximate). */
	readonly size?: number;
	/** Seconds (`itunes:duration`). */
	readonly duration?: number;
};

const byExtension: Record<string, string> = {
	mp3: 'audio/mpeg', m4a: 'audio/mp4', aac: 'audio/aac', ogg: 'audio/ogg', oga: 'audio/ogg', opus: 'audio/opus', flac: 'audio/flac', wav: 'audio/wav',
	mp4: 'video/mp4', m4v: 'video/mp4', webm: 'video/webm', mkv: 'video/x-matroska', mov: 'video/quicktime',
	pdf: 'application/pdf', jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', gif: 'image/gif', webp: 'image/webp',
};

export function attachmentsOf(body: string): Attachment[] {
	const lines = body.split('\n').slice(-200);
	const heading = lines.findLastIndex(line => /^#{1,6}\s+Attachments\s*$/u.test(line));
	if (heading === -1) {
		return [];
	}

	const found: Attachment[] = [];
	for (const line of lines.slice(heading + 1)) {
		const match = /^[-*]\s+!?\[(.*)\]\(<?([^\s<>]+)>?\)(?:\s+\(([^)]*)\))?\s*$/u.exec(line.trim());
		if (!match || !/^https?:\/\//iu.test(match[2]!)) {
			continue;
		}

		const url = match[2]!;
		// `(type, size, duration)`, each optional (files written before durations have only the first two).
		const details = (match[3] ?? '').split(',').map(part => part.trim());
		const given = details[0]?.toLowerCase();
		const size = details.map(part => parseSize(part)).find(value => value !== undefined);
		const duration = details.slice(1).filter(part => part.includes(':')).map(part => parseClock(part)).find(value => value !== undefined);
		const extension = /\.([a-z0-9]{2,5})$/iu.exec(url.split(/[?#]/u)[0]!)?.[1]?.toLowerCase();
		const type = given !== undefined && /^[a-z]+\/[a-z0-9.+-]+$/u.test(given) ? given : (extension === undefined ? undefined : byExtension[extension]);
		found.push({name: match[1]!.replaceAll('\\', ''), url, type, ...(size === undefined ? {} : {size}), ...(duration === undefined ? {} : {duration})});
	}

	return found;
}

/** The command for a MIME type: an exact entry, else `type/*`; undefined (or an empty command) opens in the browser. */
export function openerFor(type: string | undefined, openers: Readonly<Record<string, readonly string[]>>): readonly string[] | undefined {
	if (type === undefined) {
		return undefined;
	}

	const exact = openers[type];
	const family = openers[`${type.split('/')[0]!}/*`];
	const chosen = exact ?? family;
	return chosen === undefined || chosen.length === 0 ? undefined : chosen;
}

/** `audio/mpeg, 12.3 MB, 20:00`: what is known of an attachment, for the reader and the CLI. */
export function describeAttachment(attachment: Attachment): string {
	return [attachment.type ?? 'unknown type', formatSize(attachment.size), attachment.duration === undefined ? undefined : formatClock(attachment.duration)].filter(Boolean).join(', ');
}
