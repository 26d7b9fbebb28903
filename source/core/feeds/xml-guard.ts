/**
Defences applied to feed and OPML XML before any parser sees it.

The document type declaration is cut out entirely. That one step removes every entity attack at the root: with no
DTD there are no custom entities to expand (billion laughs, quadratic blow-up) and no external entities or DTDs to
fetch (XXE). fast-xml-parser, which feedsmith uses, is already configured by feedsmith with `processEntities: false`
and rejects external entities, but rejecting throws away the whole feed; cutting the DTD keeps the good items, and
does not depend on a parser option that a dependency update could change. An entity reference whose DTD was cut
(`&lol9;`) stays in the text as those literal characters.
*/

/** Index of the `>` that ends a `<!DOCTYPE` starting at `start`, honouring quotes and the internal subset. */
function endOfDoctype(text: string, start: number): number {
	let depth = 0;
	let quote: string | undefined;
	for (let index = start + 9; index < text.length; index++) {
		const character = text[index]!;
		if (quote !== undefined) {
			if (character === quote) {
				quote = undefined;
			}
		} else if (character === '"' || character === '\'') {
			quote = character;
		} else if (character === '[') {
			depth++;
		} else if (character === ']') {
			depth = Math.max(0, depth - 1);
		} else if (character === '>' && depth === 0) {
			return index;
		}
	}

	return text.length - 1;
}

/** Removes every `<!DOCTYPE …>` (with its internal subset) from the text. Linear in the text's length. */
export function stripDoctype(text: string): string {
	const lower = /<!doctype/giu;
	let out = '';
	let last = 0;
	let match: RegExpExecArray | null;
	while ((match = lower.exec(text)) !== null) {
		const end = endOfDoctype(text, match.index);
		out += text.slice(last, match.index);
		last = end + 1;
		lower.lastIndex = last;
	}

	return last === 0 ? text : out + text.slice(last);
}

/**
Drops what some servers send before the document (a PHP warning, white space, a stray BOM) so that the prolog or the
root element comes first, as parsers require.
*/
export function dropLeadingJunk(text: string): string {
	const prolog = text.indexOf('<?xml');
	if (prolog > 0) {
		return text.slice(prolog);
	}

	if (prolog === 0) {
		return text;
	}

	const root = /<(?:rss|feed|rdf:rdf|opml)\b/iu.exec(text);
	return root && root.index > 0 ? text.slice(root.index) : text.trimStart();
}

const isNameStart = (code: number): boolean =>
	(code >= 0x61 && code <= 0x7A) || (code >= 0x41 && code <= 0x5A) || code === 0x5F || code === 0x3A || code === 0x2F || code === 0x21 || code === 0x3F || code > 0x7F;

/**
Escapes (`&lt;`) every `<` that does not start a tag closed by `>` before the next `<`: an unclosed tag, a tag with
an unclosed quote, a `<` inside an attribute value (none of which XML allows). The XML parser then never meets a
tag without an end, which it looks for from every such `<` to the end of the text: a 200 KB run of
`<outline title="t" xmlUrl="…` cost it a second, 1 MB half a minute. Comments, CDATA sections and processing
instructions are kept whole when they end, escaped when they do not. One pass; each search for an end is remembered,
so the guard itself is linear. After `maxEscapes` broken tags the text is garbage, not a feed with a typo, and the rest
of it is dropped (the items before it are kept): escaping ten million of them only made ten million entities to
decode.
*/
export function escapeBrokenTags(text: string, maxEscapes = 10_000): string {
	const ends = new Map<string, number>();
	const nextEnd = (marker: string, from: number): number => {
		const known = ends.get(marker);
		if (known !== undefined && (known === -1 || known >= from)) {
			return known;
		}

		const found = text.indexOf(marker, from);
		ends.set(marker, found);
		return found;
	};

	let out = '';
	let last = 0;
	let open = text.indexOf('<');
	let escaped = 0;
	const escapeAt = (at: number) => {
		out += `${text.slice(last, at)}&lt;`;
		last = at + 1;
		escaped++;
	};

	while (open !== -1) {
		if (escaped >= maxEscapes) {
			// Thousands of broken tags: not a feed with a typo but garbage; what follows is dropped.
			return out;
		}

		const code = text.charCodeAt(open + 1);
		if (!isNameStart(code)) {
			// Not a tag (`a < b`): fast-xml-parser also rescans from each of these (many `<` in a row cost it seconds).
			escapeAt(open);
			open = text.indexOf('<', open + 1);
			continue;
		}

		let marker: string | undefined;
		if (text.startsWith('<!--', open)) {
			marker = '-->';
		} else if (text.startsWith('<![CDATA[', open)) {
			marker = ']]>';
		} else if (code === 0x3F) {
			marker = '?>';
		}

		if (marker === undefined) {
			// A tag: its `>` must come before the next `<`, quotes or not.
			const next = text.indexOf('<', open + 1);
			const close = nextEnd('>', open + 1);
			if (close !== -1 && (next === -1 || close < next)) {
				open = next;
				continue;
			}

			escapeAt(open);
			open = next;
			continue;
		}

		const end = nextEnd(marker, open + 1);
		if (end === -1) {
			escapeAt(open);
			open = text.indexOf('<', open + 1);
			continue;
		}

		open = text.indexOf('<', end + marker.length);
	}

	return last === 0 ? text : out + text.slice(last);
}

/** The guards, in the order that matters (junk first, so a DOCTYPE inside the junk is cut too). */
export function guardXml(text: string): string {
	return escapeBrokenTags(stripDoctype(dropLeadingJunk(text)));
}
