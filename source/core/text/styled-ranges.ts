/**
Marks ranges of a styled line (SGR sequences mixed with text) by offsets in its plain text, for highlighting search
matches and the selected link on the cached lines without rendering them again. Offsets are UTF-16 code units of the
text with every SGR sequence removed, which is what `stripSgr` returns and what the search and link finders index.
*/

const sgr = /\u001B\[[\d;:]*m/gu;

export const stripSgr = (text: string): string => text.replace(sgr, '');

const inverseOff = '\u001B[27m';

export type StyledRange = {
	readonly start: number;
	readonly end: number;
	/** SGR sequence that starts the mark, e.g. `\u001B[7m` (inverse). */
	readonly on: string;
	/** SGR sequence that ends it, e.g. `\u001B[27m`. */
	readonly off: string;
};

/**
Inserts each range's `on` before its first character and `off` after its last one. Ranges must be sorted and must
not overlap; empty ranges and ranges past the end are ignored. A line's own SGR sequence inside a range (a reset at
the end of a bold word, say) would switch the mark off, so `on` is written again after it. A mark that sets more than
inverse video (a theme's colours) turns those off at its end, so the line's own styling up to there is written again
after `off`: the rest of a blue link stays blue.
*/
export function markRanges(styled: string, ranges: readonly StyledRange[]): string {
	const usable = ranges.filter(range => range.end > range.start);
	if (usable.length === 0) {
		return styled;
	}

	let out = '';
	let plain = 0;
	let next = 0;
	let open: StyledRange | undefined;
	let index = 0;
	// The line's own SGR sequences since its last full reset: what its styling is at this point.
	const seen: string[] = [];
	while (index < styled.length) {
		if (open && plain === open.end) {
			out += open.off;
			if (open.off !== inverseOff) {
				out += seen.join('');
			}

			open = undefined;
		}

		if (styled.charCodeAt(index) === 0x1B) {
			sgr.lastIndex = index;
			const match = sgr.exec(styled);
			if (match?.index === index) {
				out += match[0];
				index += match[0].length;
				if (match[0] === '\u001B[0m' || match[0] === '\u001B[m') {
					seen.length = 0;
				} else {
					seen.push(match[0]);
				}

				if (open) {
					out += open.on;
				}

				continue;
			}
		}

		while (!open && usable[next] && usable[next]!.start < plain) {
			next++;
		}

		const range = usable[next];
		if (!open && range && plain === range.start) {
			out += range.on;
			open = range;
			next++;
		}

		out += styled[index];
		index++;
		plain++;
	}

	if (open) {
		out += open.off;
	}

	return out;
}
