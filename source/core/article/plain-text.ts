/**
Plain-text articles (`*.txt`: help files, configs, the text files Debian installs as documentation). The first line
with words is the title (a rule of `=====` or an Emacs mode line `-*- outline -*-` is not); the rest keeps its line
structure and its indentation. The text is escaped so that Markdown never reinterprets it (`*`, `_`, `#` stay literal),
except inside web addresses, which stay whole so that they open (no `\]` or `\_` leaks into a link).
*/
import {expandTabs} from '../text/cells.js';

// Markdown's specials, escaped where they could start something; URLs are left alone.
const url = /\bhttps?:\/\/[^\s<>"]+/giu;
function escapeText(text: string): string {
	return text.replaceAll(/[\\`*_[\]<>|~]/gu, '\\$&');
}

export function escapeMarkdown(line: string): string {
	let out = '';
	let from = 0;
	for (const match of line.matchAll(url)) {
		out += escapeText(line.slice(from, match.index)) + match[0];
		from = match.index + match[0].length;
	}

	out += escapeText(line.slice(from));
	return out
		.replace(/^(\s*)([#>+=-])/u, '$1\\$2')
		.replace(/^(\s*\d+)([.)])/u, '$1\\$2')
		.replace(/^ {4,}/u, '');
}

/** A line that cannot be a title: a rule (`=====`, `-----`, `*****`) or an Emacs mode line (`-*- outline -*-`). */
const notATitle = (line: string) => /^[\W_]*$/u.test(line) || /-\*-.*-\*-/u.test(line);

/** Index of the title line (the first line with words that is not a rule or mode line), or -1. */
function titleLine(lines: readonly string[]): number {
	return lines.findIndex(line => line.trim() !== '' && !notATitle(line.trim()));
}

/** A plain-text file's title: its first line with words, decorations (`== Title ==`) trimmed. */
export function plainTextTitle(text: string): string | undefined {
	const lines = text.split('\n', 200);
	const index = titleLine(lines);
	return index === -1 ? undefined : lines[index]!.trim().replace(/^[=#*~-]+\s*|\s*[=#*~-]+$/gu, '') || lines[index]!.trim();
}

/**
Leading white space is kept as no-break spaces, which Markdown leaves in place; the renderer turns them back into
spaces at the start of a line and wraps the line under its own indentation.
*/
export const indentMark = '\u00A0';

export function plainTextToMarkdown(text: string): {title: string | undefined; body: string} {
	const lines = text.split('\n').map(line => expandTabs(line.replace(/\s+$/u, ''), 8));
	const index = titleLine(lines);
	const title = plainTextTitle(text);
	let start = index === -1 ? lines.length : index + 1;
	// A title underlined with a rule: the rule goes with it.
	if (start < lines.length && /^\s*([=*~-])\1{2,}\s*$/u.test(lines[start]!)) {
		start++;
	}

	const paragraphs: string[] = [];
	let current: string[] = [];
	for (const line of lines.slice(start)) {
		if (line.trim() === '') {
			if (current.length > 0) {
				paragraphs.push(current.join('  \n'));
				current = [];
			}
		} else {
			const indent = /^ */u.exec(line)![0].length;
			current.push(indentMark.repeat(indent) + escapeMarkdown(line.slice(indent)));
		}
	}

	if (current.length > 0) {
		paragraphs.push(current.join('  \n'));
	}

	return {title, body: paragraphs.join('\n\n') + '\n'};
}
