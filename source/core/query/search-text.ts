/**
The text of a Markdown body as the full-text index should see it: link targets, image addresses, HTML tags and
Markdown punctuation removed, so that `https`, `www` and `img` do not rank and snippets read as prose.
*/
export function searchableText(markdown: string): string {
	return markdown
		.replaceAll(/!\[([^\]\n]*)\]\([^)\n]*\)/gu, '$1')
		.replaceAll(/\[([^\]\n]*)\]\([^)\n]*\)/gu, '$1')
		.replaceAll(/^\s{0,3}\[[^\]\n]+\]:\s+\S+.*$/gmu, '')
		.replaceAll(/<\/?[a-z][^>\n]*>/giu, ' ')
		.replaceAll(/^\s{0,3}(?:#{1,6}|>|[-*+]|\d+[.)])\s+/gmu, '')
		.replaceAll(/[*_`~]{1,3}/gu, '');
}
