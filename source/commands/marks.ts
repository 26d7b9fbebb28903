import type {Command} from 'commander';
import type {JournalStep, StateStore} from '../adapters/state-store.js';
import {describeEntry, recordChange} from '../core/journal.js';
import {filterArticles, fold, parseQuery, pointAtError, type Query} from '../core/query/index.js';
import {neutraliseLine} from '../core/text/neutralise.js';
import type {ArticleMeta} from '../core/types.js';

/** What the mark commands need from the program around them. */
export type MarkCommandContext = {
	openStore(): StateStore;
	loadLibrary(): Promise<readonly ArticleMeta[]>;
	stdout: {write(text: string): unknown};
	stderr: {write(text: string): unknown};
	setExitCode(code: number): void;
};

export type ListSelection = {query?: string; starred?: boolean; unread?: boolean; source?: string; tag?: string};

/**
The articles `tidings list` prints: the query (the same language as the filter and search), then the flags, each
narrowing further. `--source` and `--tag` match a whole name, ignoring case and accents. A query that does not parse
is an error that points at the bad term.
*/
export function selectArticles(metas: readonly ArticleMeta[], store: {isRead(id: string): boolean; isStarred(id: string): boolean}, selection: ListSelection): {ok: true; metas: ArticleMeta[]} | {ok: false; message: string} {
	const parts: Query[] = [];
	if (selection.query !== undefined && selection.query.trim() !== '') {
		const parsed = parseQuery(selection.query);
		if (!parsed.ok) {
			return {ok: false, message: `${parsed.error.message}\n${pointAtError(selection.query, parsed.error)}`};
		}

		parts.push(parsed.query);
	}

	if (selection.starred) {
		parts.push({kind: 'is', state: 'starred', start: 0, end: 0});
	}

	if (selection.unread) {
		parts.push({kind: 'is', state: 'unread', start: 0, end: 0});
	}

	const query: Query = parts.length === 0 ? {kind: 'all'} : (parts.length === 1 ? parts[0]! : {kind: 'and', items: parts});
	const source = selection.source === undefined ? undefined : fold(selection.source);
	const tag = selection.tag === undefined ? undefined : fold(selection.tag);
	const shown = filterArticles(query, metas, store)
		.map(index => metas[index]!)
		.filter(meta => (source === undefined || fold(meta.source) === source) && (tag === undefined || meta.tags.some(candidate => fold(candidate) === tag)));
	return {ok: true, metas: shown};
}

function findAll(metas: readonly ArticleMeta[], ids: readonly string[]): {found: string[]; missing?: string} {
	const byId = new Map<string, ArticleMeta>();
	for (const meta of metas) {
		byId.set(meta.id, meta);
		if (!byId.has(meta.path)) {
			byId.set(meta.path, meta);
		}
	}

	const found: string[] = [];
	for (const id of ids) {
		const meta = byId.get(id);
		if (meta === undefined) {
			return {found, missing: id};
		}

		found.push(meta.id);
	}

	return {found};
}

/** Registers `mark`, `star`, `undo` and `redo`: every change goes through the journal the reader uses. */
export function registerMarkCommands(program: Command, context: MarkCommandContext): void {
	program
		.command('mark')
		.description('mark articles read (or unread)')
		.argument('<id...>', 'article ids or paths')
		.option('--unread', 'mark unread instead')
		.action(async (ids: string[], options: {unread?: boolean}) => {
			const metas = await context.loadLibrary();
			const {found, missing} = findAll(metas, ids);
			if (missing !== undefined) {
				context.stderr.write(`tidings: No article with id ${JSON.stringify(neutraliseLine(missing))}; nothing was marked\n`);
				context.setExitCode(1);
				return;
			}

			// Through the journal, so that tidings undo (or u in the reader) takes it back.
			context.openStore().change(state => {
				recordChange(state, {kind: 'read', ids: found, after: !options.unread});
			}, {flush: 'now'});
			context.stdout.write(`Marked ${found.length} ${options.unread ? 'unread' : 'read'}\n`);
		});

	program
		.command('star')
		.description('star articles (or unstar them); u in the reader or tidings undo takes it back')
		.argument('<id...>', 'article ids or paths (see tidings list)')
		.option('--unstar', 'remove the star instead')
		.action(async (ids: string[], options: {unstar?: boolean}) => {
			const metas = await context.loadLibrary();
			const {found, missing} = findAll(metas, ids);
			if (missing !== undefined) {
				context.stderr.write(`tidings: no article with id ${JSON.stringify(neutraliseLine(missing))}; nothing was starred\n`);
				context.setExitCode(1);
				return;
			}

			const store = context.openStore();
			let changed = 0;
			store.change(state => {
				changed = recordChange(state, {kind: 'star', ids: found, after: !options.unstar});
			}, {flush: 'now'});
			const verb = options.unstar ? 'Unstarred' : 'Starred';
			const already = found.length - changed;
			context.stdout.write(`${verb} ${changed} ${changed === 1 ? 'article' : 'articles'}${already > 0 ? ` (${already} already ${options.unstar ? 'unstarred' : 'starred'})` : ''}\n`);
		});

	const step = (name: 'undo' | 'redo', done: string) => {
		program
			.command(name)
			.description(name === 'undo' ? 'take back the last change to read marks or stars (the reader\'s u)' : 'apply again the change last undone (the reader\'s Ctrl-R)')
			.action(() => {
				const store = context.openStore();
				// The store's undo takes back the change it shows; when another process undid that one meanwhile, the
				// store now shows the file as it is, and the last change there is the one to take back.
				let result: JournalStep = {kind: 'elsewhere'};
				for (let attempt = 0; attempt < 20 && result.kind === 'elsewhere'; attempt++) {
					result = name === 'undo' ? store.undo() : store.redo();
				}

				if (result.kind !== 'done') {
					context.stderr.write(`tidings: nothing to ${name}\n`);
					context.setExitCode(1);
					return;
				}

				context.stdout.write(`${done}: ${describeEntry(result.entry)}\n`);
			});
	};

	step('undo', 'Undone');
	step('redo', 'Redone');
}
