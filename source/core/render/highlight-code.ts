import {highlight, supportsLanguage, type Theme} from 'cli-highlight';
import hljs from 'highlight.js/lib/core';
import {languageByName, languageNames} from './highlight-languages.js';
import {languageDefinition} from './highlight-grammar-loader.js';

/**
Syntax highlighting with a bound on its cost. cli-highlight runs highlight.js 10.7 (end of life), whose grammars scan
ahead through the rest of the text they are given: its cost grows with the square of the text, not its length.
Measured with Node 24 (issue 15): a single 16 KB line of `aaaa…` as `ini`
takes 1.0 s (60 KB: ~14 s); 100 KB of 200-character lines of `a a a …` as `c` takes 59 s, as `cpp` 35 s, `a.a.a.` as
`ini` 36 s, while 100 KB of ordinary JavaScript takes ~30 ms. So highlight.js is only ever given a small piece:
- a block is highlighted in chunks of whole lines of at most `chunkChars` (the worst grammar measured on 2 KB of
  any of 20 hostile shapes took ~160 ms; real code ~1 ms), so one call is bounded whatever the block holds;
- a line longer than `chunkChars` is never highlighted (shown in the plain code style);
- a render has `budgetMs` of highlighting in all: once spent, the remaining code is shown in the plain style. Real
  documents never reach it (ordinary code costs ~0.3 ms a KB), so their output does not depend on the clock.
A construct that spans two chunks (a block comment longer than a chunk) may be coloured as code after the cut.
*/
export type HighlightBudget = {
	/** Milliseconds of highlighting left for this render. */
	remainingMs: number;
};

export const highlightLimits = {
	chunkChars: 2048,
	budgetMs: 200,
} as const;

export function newHighlightBudget(budgetMs: number = highlightLimits.budgetMs): HighlightBudget {
	return {remainingMs: budgetMs};
}

/** Lines grouped into chunks of at most `chunkChars` (newlines included); a longer line is a chunk of its own. */
export function chunkLines(lines: readonly string[], chunkChars: number = highlightLimits.chunkChars): string[][] {
	const chunks: string[][] = [];
	let current: string[] = [];
	let size = 0;
	for (const line of lines) {
		if (current.length > 0 && size + line.length + 1 > chunkChars) {
			chunks.push(current);
			current = [];
			size = 0;
		}

		current.push(line);
		size += line.length + 1;
	}

	if (current.length > 0) {
		chunks.push(current);
	}

	return chunks;
}

/**
Grammars are registered when a code block first names them (issue 14). The bundle gives cli-highlight highlight.js's
core instead of its full build (scripts/highlight-core-only.mjs), which registers all 191 grammars on load: ~40 ms of
every render worker's start, for articles that mostly have no code. highlight.js then answers as its full build would,
because before a block is highlighted the language it names is registered with every language its grammar embeds
(`subLanguage`: JavaScript embeds XML and CSS, which embed JavaScript…; an empty list means any language, so all are
registered, in the full build's order), and every alias keeps pointing where the full build points it (`c` is C, not
the C-like grammar that also claims it). From the TypeScript sources (tests) cli-highlight loads the full build into
the same core, so this finds everything registered and does nothing.
*/
const registered = (): Set<string> => new Set(hljs.listLanguages());

function subLanguagesOf(definition: unknown): Array<string | readonly string[]> {
	const found: Array<string | readonly string[]> = [];
	const seen = new Set<object>();
	const walk = (value: unknown): void => {
		if (value === null || typeof value !== 'object' || seen.has(value)) {
			return;
		}

		seen.add(value);
		if (!Array.isArray(value) && 'subLanguage' in value) {
			const sub = (value as {subLanguage: unknown}).subLanguage;
			if (typeof sub === 'string' || Array.isArray(sub)) {
				found.push(sub as string | readonly string[]);
			}
		}

		for (const child of Object.values(value)) {
			walk(child);
		}
	};

	walk(definition);
	return found;
}

function registerAll(): void {
	// The full build's state exactly: every language, registered in its order (which decides auto-detection's ties).
	for (const name of languageNames) {
		hljs.unregisterLanguage(name);
	}

	for (const name of languageNames) {
		hljs.registerLanguage(name, languageDefinition(name));
	}
}

function register(name: string, names: Set<string>): void {
	if (names.has(name)) {
		return;
	}

	hljs.registerLanguage(name, languageDefinition(name));
	names.add(name);
	const language = hljs.getLanguage(name);
	for (const alias of language?.aliases ?? []) {
		const owner = languageByName.get(alias.toLowerCase());
		if (owner !== undefined && owner !== name) {
			hljs.registerAliases(alias, {languageName: owner});
		}
	}

	for (const sub of subLanguagesOf(language)) {
		if (typeof sub === 'string') {
			const owner = languageByName.get(sub.toLowerCase());
			if (owner !== undefined) {
				register(owner, names);
			}
		} else if (sub.length === 0) {
			registerAll();
			return;
		} else {
			for (const each of sub) {
				const owner = languageByName.get(each.toLowerCase());
				if (owner !== undefined) {
					register(owner, names);
				}
			}
		}
	}
}

/** Registers the language `name` stands for (a name or alias highlight.js knows), and the ones it embeds. */
export function ensureLanguage(name: string): void {
	const owner = languageByName.get(name.toLowerCase());
	if (owner === undefined) {
		return;
	}

	const names = registered();
	if (names.size < languageNames.length) {
		try {
			register(owner, names);
		} catch {
			// A grammar that could not be loaded: its blocks (and those of what it embeds) are shown in the plain style.
		}
	}
}

/**
Highlights `code` (no trailing newline) as `language`, spending from `budget`. Lines that are not highlighted (an
unknown language, a line longer than a chunk, the budget spent, a grammar that throws) get `plain`. Returns one
styled line per line of `code`, in order.
*/
export function highlightCode(code: string, language: string, options: {theme: Theme; plain: (text: string) => string; budget: HighlightBudget; now?: () => number}): string[] {
	const lines = code.split('\n');
	const {theme, plain, budget, now = () => performance.now()} = options;
	if (language !== '') {
		ensureLanguage(language);
	}

	if (language === '' || !supportsLanguage(language)) {
		return lines.map(line => plain(line));
	}

	const out: string[] = [];
	for (const chunk of chunkLines(lines)) {
		const text = chunk.join('\n');
		if (budget.remainingMs <= 0 || text.length > highlightLimits.chunkChars) {
			out.push(...chunk.map(line => plain(line)));
			continue;
		}

		const started = now();
		let styled: string[];
		try {
			styled = highlight(text, {language, ignoreIllegals: true, theme}).split('\n');
		} catch {
			styled = chunk.map(line => plain(line));
		}

		budget.remainingMs -= now() - started;
		// highlight.js keeps the line structure; should a grammar ever not, the chunk is shown plain rather than shifted.
		out.push(...(styled.length === chunk.length ? styled : chunk.map(line => plain(line))));
	}

	return out;
}
