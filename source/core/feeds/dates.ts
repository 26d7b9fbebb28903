/**
Feed dates: RFC 822 (RSS) and RFC 3339 (Atom, JSON Feed), plus the deviations real feeds serve. V8's `Date.parse`
already accepts most RFC 822 variants (missing seconds, two-digit years, lower case, wrong weekday, US zone names),
so this only repairs what it rejects or reads in the machine's local zone, which would make a stored file depend on
where it was fetched.
*/

const zoneOffsets: Readonly<Record<string, string>> = {
	UTC: '+0000', UT: '+0000', GMT: '+0000', Z: '+0000', WET: '+0000', WEST: '+0100', BST: '+0100', IST: '+0530',
	CET: '+0100', CEST: '+0200', MET: '+0100', MEST: '+0200', EET: '+0200', EEST: '+0300', MSK: '+0300',
	EST: '-0500', EDT: '-0400', CST: '-0600', CDT: '-0500', MST: '-0700', MDT: '-0600', PST: '-0800', PDT: '-0700',
	AKST: '-0900', AKDT: '-0800', HST: '-1000', JST: '+0900', KST: '+0900', HKT: '+0800', SGT: '+0800',
	AEST: '+1000', AEDT: '+1100', ACST: '+0930', AWST: '+0800', NZST: '+1200', NZDT: '+1300',
};

const isoWithoutZone = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/u;
const isoDateOnly = /^\d{4}-\d{2}-\d{2}$/u;

function toIso(time: number): string | undefined {
	if (Number.isNaN(time)) {
		return undefined;
	}

	const date = new Date(time);
	const year = date.getUTCFullYear();
	// Outside this range a date is junk (or a zero value) rather than news, and would make odd file names.
	if (year < 1970 || year > 9999) {
		return undefined;
	}

	return date.toISOString();
}

/** A feed date → ISO 8601 in UTC, or undefined when nothing sensible can be read from it. */
export function parseFeedDate(raw: string | undefined): string | undefined {
	if (raw === undefined) {
		return undefined;
	}

	let text = raw.trim().replaceAll(/\s+/gu, ' ');
	// V8's legacy parser turns almost anything into some date ("yesterday +0000" is 2000-01-01): insist on a year.
	if (text === '' || text.length > 100 || !/\d{2}/u.test(text)) {
		return undefined;
	}

	if (isoDateOnly.test(text)) {
		return toIso(Date.parse(`${text}T00:00:00Z`));
	}

	const bare = isoWithoutZone.exec(text);
	if (bare) {
		return toIso(Date.parse(`${bare[1]}T${bare[2]}Z`));
	}

	const direct = Date.parse(text);
	if (!Number.isNaN(direct) && /(?:[+-]\d{2}:?\d{2}|Z|\b[A-Za-z]{1,5})$/u.test(text)) {
		return toIso(direct);
	}

	// Repairs: named zones V8 does not know, "Sept", localised or dotted weekday names, a missing zone (read as UTC).
	text = text.replace(/^[^\d,]*,\s*/u, '').replaceAll(/\bSept\b/giu, 'Sep').replaceAll('.', ' ');
	const zone = /\s([A-Za-z]{1,5})$/u.exec(text);
	if (zone) {
		const offset = zoneOffsets[zone[1]!.toUpperCase()];
		text = offset === undefined ? text.slice(0, zone.index) : `${text.slice(0, zone.index)} ${offset}`;
	}

	if (!/[+-]\d{2}:?\d{2}$/u.test(text)) {
		text += ' +0000';
	}

	return toIso(Date.parse(text));
}
