import {InvalidArgumentError, type Command} from 'commander';
import {openSyncedIndex, searchIndexAvailable, searchIndexUnavailableMessage, type SearchHit} from '../adapters/search-index.js';
import type {StateStore} from '../adapters/state-store.js';
import {toArticleRow, type ArticleRow} from '../core/article-row.js';
import {safeJson} from '../core/json.js';
import {planFullText} from '../core/query/fts-query.js';
import {parseQuery, pointAtError, type QueryError} from '../core/query/parse-query.js';
import {dropView, putView} from '../core/query/views.js';
import {neutraliseLine} from '../core/text/neutralise.js';
import type {ArticleMeta} from '../core/types.js';

/** What the search and view commands need from the program around them. */
export type SearchCommandContext = {
	libraryDir(): string;
	cacheDir(): string;
	openStore(): StateStore;
	loadLibrary(): Promise<ArticleMeta[]>;
	stdout: {write(text: string): unknown};
	stderr: {write(text: string): unknown};
	setExitCode(code: number): void;
};

/** One row of `search --json`: the shared article row plus the relevance score and the snippet. */
export type SearchRow = ArticleRow & {score: number; snippet: string};

/** Exit codes: 0 found, 1 nothing matched (or no such view), 2 a query or argument that is not usable. */
export const exitNoMatch = 1;
export const exitBadQuery = 2;

const positiveInteger = (value: string): number => {
	const number = Number(value);
	if (!Number.isInteger(number) || number < 1) {
		throw new InvalidArgumentError('expected a whole number of 1 or more');
	}

	return number;
};

function reportQueryError(context: SearchCommandContext, text: string, error: QueryError): void {
	context.stderr.write(`tidings: ${error.message}\n${pointAtError(text, error)}\n`);
	context.setExitCode(exitBadQuery);
}

function describeHit(hit: SearchHit, rank: number): string {
	const details = [hit.meta.source, hit.meta.date?.slice(0, 10), hit.score === 0 ? undefined : `score ${hit.score.toFixed(2)}`, `id ${neutraliseLine(hit.id)}`]
		.filter(part => part !== undefined && part !== '');
	const lines = [`${rank}. ${hit.title}`, `   ${details.join(' · ')}`];
	if (hit.snippet !== '') {
		lines.push(`   ${hit.snippet}`);
	}

	return lines.join('\n');
}

/**
Registers `search QUERY [--json] [--limit N]` and `view add NAME QUERY`, `view remove NAME`, `view list [--json]`.
A query may be given as one quoted argument or as several words.
*/
export function registerSearchCommands(program: Command, context: SearchCommandContext): void {
	program
		.command('search')
		.description('Search article text, ranked by relevance (the query language is in the README)')
		.argument('<query...>', 'words, "phrases" and operators such as source:NAME, tag:NAME, is:unread, after:2025-01')
		.option('--json', 'print a JSON array of article rows, each with score and snippet')
		.option('--limit <n>', 'show at most this many results', positiveInteger, 20)
		// A negated term such as -is:read looks like an option; anything that is not one of ours is part of the query.
		.allowUnknownOption()
		.action(async (words: string[], options: {json?: boolean; limit: number}) => {
			const text = words.join(' ');
			const parsed = parseQuery(text);
			if (!parsed.ok) {
				reportQueryError(context, text, parsed.error);
				return;
			}

			// Refuse a query full-text search cannot run before paying for a library scan.
			const planned = planFullText(parsed.query);
			if (!planned.ok) {
				reportQueryError(context, text, planned.error);
				return;
			}

			if (!searchIndexAvailable()) {
				context.stderr.write(`tidings: ${searchIndexUnavailableMessage}; the filter (/ in the reader) and list --query work without it\n`);
				context.setExitCode(exitBadQuery);
				return;
			}

			const library = context.libraryDir();
			const metas = await context.loadLibrary();
			const {index} = await openSyncedIndex(library, context.cacheDir(), metas);
			let hits: SearchHit[];
			try {
				const store = context.openStore();
				const result = index.search(text, {limit: options.limit, marks: store});
				if (!result.ok) {
					reportQueryError(context, text, result.error);
					return;
				}

				hits = result.hits;
				if (options.json) {
					const rows: SearchRow[] = hits.map(hit => ({
						...toArticleRow(hit.meta, {read: store.isRead(hit.id), starred: store.isStarred(hit.id)}),
						score: hit.score,
						snippet: hit.snippet,
					}));
					context.stdout.write(`${safeJson(rows, 2)}\n`);
				} else if (hits.length > 0) {
					context.stdout.write(`${hits.map((hit, rank) => describeHit(hit, rank + 1)).join('\n\n')}\n`);
				}
			} finally {
				index.close();
			}

			if (hits.length === 0) {
				if (!options.json) {
					context.stderr.write('No articles match\n');
				}

				context.setExitCode(exitNoMatch);
			}
		});

	const view = program.command('view').description('Saved views: named queries shown as lists in the reader');

	view
		.command('add')
		.description('Save QUERY under NAME (replacing a view of that name)')
		.argument('<name>', 'the name shown in the list of views')
		.argument('<query...>', 'the query, in the same language as search and the filter')
		.allowUnknownOption()
		.action((rawName: string, words: string[]) => {
			const name = rawName.trim();
			if (name === '' || neutraliseLine(name) !== name) {
				context.stderr.write('tidings: a view name must be a non-empty line of visible characters\n');
				context.setExitCode(exitBadQuery);
				return;
			}

			const query = words.join(' ').trim();
			const parsed = parseQuery(query);
			if (!parsed.ok) {
				reportQueryError(context, query, parsed.error);
				return;
			}

			const store = context.openStore();
			const existed = store.state.views.some(item => item.name === name);
			store.change(state => {
				state.views = putView(state.views, {name, query});
			}, {flush: 'now'});
			context.stdout.write(`${existed ? 'Updated' : 'Saved'} view "${name}": ${neutraliseLine(query)}\n`);
		});

	view
		.command('remove')
		.description('Delete the view NAME')
		.argument('<name>', 'the view to delete')
		.action((name: string) => {
			const store = context.openStore();
			if (!store.state.views.some(item => item.name === name)) {
				context.stderr.write(`tidings: there is no view named "${neutraliseLine(name)}"\n`);
				context.setExitCode(exitNoMatch);
				return;
			}

			store.change(state => {
				state.views = dropView(state.views, name);
			}, {flush: 'now'});
			context.stdout.write(`Removed view "${neutraliseLine(name)}"\n`);
		});

	view
		.command('list')
		.description('List the saved views')
		.option('--json', 'print a JSON array of {name, query}')
		.action((options: {json?: boolean}) => {
			const views = context.openStore().state.views;
			if (options.json) {
				context.stdout.write(`${safeJson(views, 2)}\n`);
				return;
			}

			if (views.length === 0) {
				context.stdout.write('No saved views. Add one with: tidings view add NAME QUERY\n');
				return;
			}

			const width = Math.max(...views.map(item => [...item.name].length));
			context.stdout.write(`${views.map(item => `${neutraliseLine(item.name).padEnd(width)}  ${neutraliseLine(item.query)}`).join('\n')}\n`);
		});
}
