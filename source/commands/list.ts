import type {Command} from 'commander';
import type {StateStore} from '../adapters/state-store.js';
import type {ArticleMeta} from '../core/types.js';
import {neutraliseLine} from '../core/text/neutralise.js';
import {toArticleRow} from '../core/article-row.js';
import {safeJson} from '../core/json.js';
import {fit, formatDate} from '../ui/format.js';
import {selectArticles, type ListSelection} from './marks.js';
import {libraryOf, UserError, type GlobalOptions} from './context.js';
import {installSettings} from './settings.js';
import {installDisplayRules, withoutIgnored} from '../app/display-rules.js';
import {feedDisplaySettings} from '../adapters/feed-settings.js';

/**
The list as text (or JSON rows): what `tidings list` and a `tidings` without a terminal print. Like the reader's list,
it leaves out what the config file's `[filters] ignore` hides and shows feeds under the names and tags their settings
give them.
*/
export function printList(loaded: readonly ArticleMeta[], store: StateStore, options: ListSelection & {json?: boolean}, stdout: {write(text: string): unknown} = process.stdout, configPath?: string): void {
	const settings = installSettings(configPath);
	installDisplayRules(settings.config.filters, feedDisplaySettings(store, settings.config));
	const metas = withoutIgnored(loaded, store);
	const selected = selectArticles(metas, store, options);
	if (!selected.ok) {
		throw new UserError(selected.message, 2);
	}

	const shown = selected.metas;
	if (options.json) {
		writeJsonArray(shown, meta => toArticleRow(meta, {read: store.isRead(meta.id), starred: store.isStarred(meta.id)}), stdout);
		return;
	}

	const out: string[] = [];
	for (const meta of shown) {
		const mark = (meta.error ? '!' : (store.isRead(meta.id) ? ' ' : '●')) + (store.isStarred(meta.id) ? '★' : '');
		const title = meta.error ? `${meta.title} (unreadable: ${meta.error})` : meta.title;
		out.push(`${mark} ${fit(formatDate(meta.date), 10)}  ${fit(meta.source, 16)}  ${title}  [${neutraliseLine(meta.id)}]`);
	}

	stdout.write(out.length > 0 ? out.join('\n') + '\n' : '');
}

/** Rows per piece of `list --json`: ~150 KB of text each. */
const rowsPerPiece = 256;

/**
`safeJson(items.map(toValue), 2)` and a newline, written a few hundred items at a time (issue 14): at 10k articles one
5.7 MB string, and its 5.7 MB of UTF-8, cost a collection of the whole heap more and the time to copy them. The items
of a piece, stringified as an array, are indented exactly as inside the whole array; the pieces are joined as JSON
joins elements (`,` and a newline), so the text is the same to the byte.
*/
export function writeJsonArray<T>(items: readonly T[], toValue: (item: T) => unknown, stdout: {write(text: string): unknown}, perPiece = rowsPerPiece): void {
	if (items.length === 0) {
		stdout.write(`${safeJson([], 2)}\n`);
		return;
	}

	for (let start = 0; start < items.length; start += perPiece) {
		// `[\n  {…},\n  {…}\n]` → `  {…},\n  {…}`
		const inner = safeJson(items.slice(start, start + perPiece).map(item => toValue(item)), 2).slice(2, -2);
		const last = start + perPiece >= items.length;
		stdout.write(`${start === 0 ? '[\n' : ''}${inner}${last ? '\n]\n' : ',\n'}`);
	}
}

export function registerListCommand(program: Command): void {
	program.command('list')
		.description('print the articles in list order (the order o chose in the reader)')
		.option('--query <query>', 'only articles matching QUERY (the query language: see the README)')
		.option('--starred', 'only starred articles')
		.option('--unread', 'only unread articles')
		.option('--source <name>', 'only articles from the source NAME (whole name; case and accents ignored)')
		.option('--tag <name>', 'only articles with the tag NAME')
		.option('--json', 'print a JSON array of article rows (the same row as search --json and read --json)')
		.action(async (options: ListSelection & {json?: boolean}) => {
			const {metas, store} = await libraryOf(program.opts<GlobalOptions>());
			printList(metas, store, options, process.stdout, program.opts<GlobalOptions>().config);
		});
}
