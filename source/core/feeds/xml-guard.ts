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

/** Both guards, in the order that matters (junk first, so a DOCTYPE inside the junk is cut too). */
export function guardXml(text: string): string {
	return stripDoctype(dropLeadingJunk(text));
}
