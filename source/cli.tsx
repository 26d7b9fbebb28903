import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import React from 'react';
import {Command, CommanderError} from 'commander';
import envPaths from 'env-paths';
import {StateStore, configDirectory} from './adapters/state-store.js';
import {cacheDirectory, loadArticle, loadLibrary, readLibraryCache} from './adapters/library.js';
import {sortArticles} from './core/library/sort.js';
import type {ArticleMeta} from './core/types.js';
import {neutraliseLine} from './core/text/neutralise.js';
import {toArticleRow} from './core/article-row.js';
import {safeJson} from './core/json.js';
import {helpRows} from './app/keymap.js';
import {initialState} from './app/state.js';
import {createStore} from './app/store.js';
import {createEffectRunner, marksOf, RenderCache} from './runtime.js';
import type {TerminalAccess} from './reading-runtime.js';
import {fit, formatDate, readingMinutes} from './ui/format.js';
import {readViews} from './core/query/views.js';
import {registerMarkCommands, selectArticles, type ListSelection} from './commands/marks.js';
import {recordChange} from './core/journal.js';
import {stripSgr} from './core/text/styled-ranges.js';
import {exitQuietlyOnBrokenPipe} from './cli/pipe.js';
import {rejectUnknownCommands} from './cli/suggest.js';
import {registerShellCommands} from './cli/register.js';

const packageRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const version = (JSON.parse(fs.readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as {version: string}).version;

/** Thrown for a user mistake: printed as one line on stderr, exit 2 (bad usage) or 1. */
class UserError extends Error {
	constructor(message: string, readonly exitCode = 1) {
		super(message);
	}
}

type GlobalOptions = {dir?: string; debug?: boolean};

/**
The library: `--dir`, else `$TIDINGS_DIR`, else the bundled `articles/` when run from a checkout, else a per-user
folder (created on first use with the bundled welcome articles in it).
*/
export function resolveLibrary(options: GlobalOptions, environment = process.env): string {
	const chosen = options.dir ?? environment['TIDINGS_DIR'];
	if (chosen !== undefined && chosen !== '') {
		const resolved = path.resolve(chosen);
		if (!fs.existsSync(resolved)) {
			throw new UserError(`The library folder ${resolved} does not exist`);
		}

		return resolved;
	}

	const bundled = path.join(packageRoot, 'articles');
	if (fs.existsSync(path.join(packageRoot, '.git')) && fs.existsSync(bundled)) {
		return bundled;
	}

	const personal = path.join(envPaths('tidings', {suffix: ''}).data, 'articles');
	if (!fs.existsSync(personal)) {
		fs.mkdirSync(personal, {recursive: true});
		if (fs.existsSync(bundled)) {
			fs.cpSync(bundled, personal, {recursive: true});
		}
	}

	return personal;
}

const useColor = (stream: NodeJS.WriteStream) =>
	stream.isTTY === true && process.env['NO_COLOR'] === undefined && process.env['TERM'] !== 'dumb';


function openStore(): StateStore {
	const {store, notices} = StateStore.open(configDirectory());
	for (const notice of notices) {
		process.stderr.write(`tidings: ${notice}\n`);
	}

	return store;
}

async function libraryOf(options: GlobalOptions) {
	const root = resolveLibrary(options);
	const store = openStore();

	const metas = sortArticles(await loadLibrary(root, {cacheDir: cacheDirectory()}), store.state.settings.sort);
	return {root, store, metas};
}

function findArticle(metas: readonly ArticleMeta[], id: string): ArticleMeta | undefined {
	return metas.find(meta => meta.id === id) ?? metas.find(meta => meta.path === id);
}

function keysHelp(): string {
	const rows = helpRows();
	const width = Math.max(...rows.map(row => row.keys.length)) + 2;
	return rows.map(row => `  ${row.keys.padEnd(width)}${row.help}`).join('\n');
}

function printList(metas: readonly ArticleMeta[], store: StateStore, options: ListSelection & {json?: boolean}) {
	const selected = selectArticles(metas, store, options);
	if (!selected.ok) {
		throw new UserError(selected.message, 2);
	}

	const shown = selected.metas;
	if (options.json) {
		process.stdout.write(safeJson(shown.map(meta => toArticleRow(meta, {read: store.isRead(meta.id), starred: store.isStarred(meta.id)})), 2) + '\n');
		return;
	}

	const out: string[] = [];
	for (const meta of shown) {
		const mark = (meta.error ? '!' : (store.isRead(meta.id) ? ' ' : '●')) + (store.isStarred(meta.id) ? '★' : '');
		const title = meta.error ? `${meta.title} (unreadable: ${meta.error})` : meta.title;
		out.push(`${mark} ${fit(formatDate(meta.date), 10)}  ${fit(meta.source, 16)}  ${title}  [${neutraliseLine(meta.id)}]`);
	}

	process.stdout.write(out.length > 0 ? out.join('\n') + '\n' : '');
}

async function runTui(options: GlobalOptions) {
	const root = resolveLibrary(options);
	const cacheDir = cacheDirectory();
	const {store, notices} = StateStore.open(configDirectory());
	const [{render}, {App}] = await Promise.all([import('ink'), import('./ui/app.js')]);
	const settings = store.state.settings;
	let quitting = false;
	const ink: {instance?: ReturnType<typeof render>} = {};
	const finish = (code: number, message?: string) => {
		if (quitting) {
			return;
		}

		quitting = true;
		try {
			store.flush();
		} catch (error) {
			message = `${message ? message + '; ' : ''}couldn't save the read state: ${error instanceof Error ? error.message : String(error)}`;
			code ||= 1;
		}

		ink.instance?.unmount();
		ink.instance?.cleanup();
		if (message) {
			process.stderr.write(`tidings: ${message}\n`);
		}

		process.exitCode = code;
		setTimeout(() => process.exit(code), 50).unref();
	};

	// Copies (OSC 52) go straight to the terminal, outside Ink's frame; `suspend` arrives once the app is mounted.
	const terminal: TerminalAccess = {
		write(data) {
			process.stdout.write(data);
		},
	};
	const appStore = createStore(
		initialState({
			rows: process.stdout.rows ?? 24,
			columns: process.stdout.columns ?? 80,
			marks: marksOf(store),
			readingWidth: settings.width,
			unreadOnly: settings.unreadOnly,
			selected: store.state.selected,
			sort: settings.sort,
		}),
		createEffectRunner({
			store,
			cache: new RenderCache(root, useColor(process.stdout)),
			onQuit: () => finish(0),
			libraryDir: root,
			cacheDir,
			terminal,
			async reloadLibrary() {
				const metas = await loadLibrary(root, {cacheDir});
				appStore.dispatch({type: 'library-loaded', articles: sortArticles(metas, settings.sort), final: true});
			},
		}),
	);
	appStore.dispatch({type: 'find-setup', views: readViews(store.state.extra['views'])});
	store.onError(error => appStore.dispatch({type: 'status', message: `Couldn't save read marks: ${error.message}`}));
	if (notices.length > 0) {
		appStore.dispatch({type: 'status', message: notices.join('; ')});
	}

	for (const [signal, number] of [['SIGTERM', 15], ['SIGHUP', 1], ['SIGINT', 2]] as const) {
		process.on(signal, () => finish(128 + number));
	}

	const crash = (error: unknown) => {
		const code = (error as NodeJS.ErrnoException | undefined)?.code;
		if (code === 'EIO' || code === 'EPIPE') {
			// The terminal went away (window closed, ssh dropped): save the marks and leave without a word.
			finish(129);
			return;
		}

		const logPath = path.join(cacheDir, 'crash.log');
		try {
			fs.mkdirSync(cacheDir, {recursive: true});
			fs.appendFileSync(logPath, `${new Date().toISOString()} ${error instanceof Error ? error.stack : String(error)}\n`);
		} catch {}

		finish(70, `Tidings hit a bug: ${error instanceof Error ? error.message : String(error)} (details in ${logPath})`);
	};

	process.on('uncaughtException', crash);
	process.on('unhandledRejection', crash);

	const instance = render(<App store={appStore} onSuspendTerminal={suspend => {
		terminal.suspend = suspend;
	}} />, {
		alternateScreen: true,
		exitOnCtrlC: false,
		incrementalRendering: true,
		patchConsole: false,
		maxFps: 60,
	});
	ink.instance = instance;
	// The renderer (marked, marked-terminal, highlight.js: ~2.5 MB of code) is loaded once the first frame is out, so
	// neither the start nor the first Enter waits for it.
	setTimeout(() => {
		void import('./core/render/render-article.js');
	}, 250).unref();

	// Paint from the cached index at once, then correct it from the disk.
	const cached = readLibraryCache(root, cacheDir);
	if (cached) {
		appStore.dispatch({type: 'library-loaded', articles: sortArticles(cached, settings.sort), final: false});
	}

	loadLibrary(root, {cacheDir, cached}).then(metas => {
		appStore.dispatch({type: 'library-loaded', articles: sortArticles(metas, settings.sort), final: true});
	}, crash);
	await instance.waitUntilExit();
}

/** Commands registered without loading anything heavy; every other word (or a request for help) loads the rest. */
const lightCommands = new Set(['list', 'read', 'mark', 'star', 'undo', 'redo']);

export function mayNeedEveryCommand(args: readonly string[]): boolean {
	if (args.some(argument => argument === '--help' || argument === '-h')) {
		return true;
	}

	for (let index = 0; index < args.length; index++) {
		const argument = args[index]!;
		if (argument === '--dir') {
			index++;
		} else if (!argument.startsWith('-')) {
			return !lightCommands.has(argument);
		}
	}

	return false;
}

export async function main(argv = process.argv) {
	exitQuietlyOnBrokenPipe();
	const program = new Command();
	program
		.name('tidings')
		.description('A calm, fast, keyboard-first terminal news reader.\nWith no command on a terminal, opens the reader; otherwise prints the list.')
		.version(version, '-v, --version')
		.option('--dir <dir>', 'the article library (default: $TIDINGS_DIR, else the bundled articles/ in a checkout)')
		.option('--debug', 'print stack traces for errors')
		.showHelpAfterError('(tidings --help lists the commands)')
		.addHelpText('after', `\nKeys in the reader:\n${keysHelp()}\n\nState: $TIDINGS_CONFIG_DIR (read marks, positions), $TIDINGS_CACHE_DIR (index cache).`)
		.exitOverride();

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
			printList(metas, store, options);
		});

	program.command('read')
		.description('print an article (rendered; plain text when not a terminal) and mark it read')
		.argument('<id>', 'the article id (see `tidings list`) or its path in the library')
		.option('--width <n>', 'wrap at this many columns', value => {
			const width = Number.parseInt(value, 10);
			if (!Number.isInteger(width) || width < 20 || width > 400) {
				throw new UserError('--width takes a number of columns from 20 to 400', 2);
			}

			return width;
		})
		.option('--json', 'print the article row and its text as JSON')
		.action(async (id: string, options: {width?: number; json?: boolean}) => {
			const {root, metas, store} = await libraryOf(program.opts<GlobalOptions>());
			const meta = findArticle(metas, id);
			if (!meta) {
				throw new UserError(`No article with id ${JSON.stringify(neutraliseLine(id))} (tidings list shows the ids)`);
			}

			const color = useColor(process.stdout) && !options.json;
			const width = options.width ?? Math.min(store.state.settings.width, Math.max(20, (process.stdout.columns ?? 80) - 2));
			const {renderArticle} = await import('./core/render/render-article.js');
			const rendered = renderArticle(await loadArticle(root, meta), {width, color});
			store.change(state => {
				recordChange(state, {kind: 'read', ids: [meta.id], after: true});
			}, {flush: 'now'});
			if (options.json) {
				const row = toArticleRow(meta, {read: true, starred: store.isStarred(meta.id)});
				process.stdout.write(safeJson({...row, text: rendered.lines.map(line => stripSgr(line)).join('\n'), links: rendered.links.map(link => ({n: link.n, text: link.text, url: link.url}))}, 2) + '\n');
				return;
			}

			const details = [meta.source, formatDate(meta.date), meta.author, `${readingMinutes(meta.words)} min read`].filter(Boolean).join(' · ');
			const lines = [meta.title, details, '', ...rendered.lines];
			process.stdout.write(lines.map(line => (color ? line : stripSgr(line))).join('\n') + '\n');
		});

	program.command('mark')
		.description('mark articles read (or unread)')
		.argument('<id...>', 'article ids or paths')
		.option('--unread', 'mark unread instead')
		.action(async (ids: string[], options: {unread?: boolean}) => {
			const {metas, store} = await libraryOf(program.opts<GlobalOptions>());
			const found: string[] = [];
			for (const id of ids) {
				const meta = findArticle(metas, id);
				if (!meta) {
					throw new UserError(`No article with id ${JSON.stringify(neutraliseLine(id))}; nothing was marked`);
				}

				found.push(meta.id);
			}

			// Through the journal, so that tidings undo (or u in the reader) takes it back.
			store.change(state => {
				recordChange(state, {kind: 'read', ids: found, after: !options.unread});
			}, {flush: 'now'});
			process.stdout.write(`Marked ${found.length} ${options.unread ? 'unread' : 'read'}\n`);
		});

	const shared = {
		libraryDir: () => resolveLibrary(program.opts<GlobalOptions>()),
		openStore,
		stdout: process.stdout,
		stderr: process.stderr,
		setExitCode(code: number) {
			process.exitCode = code;
		},
	};
	// The feed, full-story and search commands bring feed parsing, HTML→Markdown, Readability and SQLite with them:
	// they are loaded only when the command line may name one of them (or asks for help), never for the reader.
	const loadAll = mayNeedEveryCommand(argv.slice(2));
	const [feeds, fetchFull, search] = loadAll
		? await Promise.all([import('./commands/feeds.js'), import('./commands/fetch-full.js'), import('./commands/search.js')])
		: [];
	feeds?.registerFeedCommands(program, shared);
	registerMarkCommands(program, {...shared, loadLibrary: async () => loadLibrary(shared.libraryDir(), {cacheDir: cacheDirectory()})});
	fetchFull?.registerFetchFullCommand(program, shared);
	search?.registerSearchCommands(program, {
		...shared,
		cacheDir: () => cacheDirectory(),
		loadLibrary: async () => loadLibrary(shared.libraryDir(), {cacheDir: cacheDirectory()}),
	});

	registerShellCommands(program, {...shared, version});
	program.action(async () => {
		const options = program.opts<GlobalOptions>();
		if (process.stdin.isTTY && process.stdout.isTTY) {
			await runTui(options);
			return;
		}

		const {metas, store} = await libraryOf(options);
		printList(metas, store, {});
	});

	rejectUnknownCommands(program);
	try {
		await program.parseAsync(argv);
	} catch (error) {
		if (error instanceof CommanderError) {
			process.exitCode = error.exitCode === 0 ? 0 : 2;
			return;
		}

		if (error instanceof UserError) {
			process.stderr.write(`tidings: ${error.message}\n`);
			process.exitCode = error.exitCode;
			return;
		}

		const debug = program.opts<GlobalOptions>().debug === true || argv.includes('--debug');
		process.stderr.write(`tidings: ${error instanceof Error ? error.message : String(error)}\n`);
		if (debug && error instanceof Error) {
			process.stderr.write(`${error.stack}\n`);
		}

		process.exitCode = 1;
	}
}

await main();
