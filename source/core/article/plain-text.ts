/**
Plain-text articles (`*.txt`, shaped like the seed): the first non-empty line is the title, blank lines separate
paragraphs. The text is escaped so that Markdown never reinterprets it: `*`, `_`, `#` and friends stay literal.
*/
export function escapeMarkdown(line: string): string {
	return line
		.replaceAll(/[\\`*_[\]<>|~]/gu, '\\$&')
		.replace(/^(\s*)([#>+=-])/u, '$1\\$2')
		.replace(/^(\s*\d+)([.)])/u, '$1\\$2')
		.replace(/^ {4,}/u, '');
}

export function plainTextToMarkdown(text: string): {title: string | undefined; body: string} {
	const lines = text.split('\n');
	let start = 0;
	while (start < lines.length && lines[start]!.trim() === '') {
		start++;
	}

	const title = lines[start]?.trim();
	const paragraphs: string[] = [];
	let current: string[] = [];
	for (const line of lines.slice(start + 1)) {
		if (line.trim() === '') {
			if (current.length > 0) {
				paragraphs.push(current.join('  \n'));
				current = [];
			}
		} else {
			current.push(escapeMarkdown(line.trim()));
		}
	}

	if (current.length > 0) {
		paragraphs.push(current.join('  \n'));
	}

	return {title, body: paragraphs.join('\n\n') + '\n'};
}
