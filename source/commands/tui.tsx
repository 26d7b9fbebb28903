/** The reader on a terminal: the store, the effects and the Ink app wired together, and the terminal given back at the end. */
import fs from 'node:fs';
import path from 'node:path';
import React from 'react';
import type * as Ink from 'ink';
import {StateStore, configDirectory} from '../adapters/state-store.js';
import {appendLibraryCacheChanges, cacheDirectory, libraryCacheChangesBytes, readLibraryCache, yieldToEventLoop} from '../adapters/library.js';
import {sortArticles} from '../core/library/sort.js';
import {Marks} from '../app/marks.js';
import {initialState} from '../app/state.js';
import {createStore} from '../app/store.js';
import {MediaSlot, RenderCache, runEffect, SearchIndexHolder, type TerminalAccess} from '../effects/index.js';
import {prerenderSelection, renderFromCache} from '../effects/render.js';
import {endRenderWorker, warmRenderWorker} from '../adapters/render-worker.js';
import {capNursery, compactAfterLoad, scavengeWhenStill} from '../adapters/nursery-cap.js';
import {adoptOldFeedIds, resolveLibrary, sharesState, useColor, type GlobalOptions} from './context.js';
import {mergeAfterFlushes} from '../adapters/sync/device-sync.js';
import {mergeActions} from '../effects/sync.js';
import {errorLines, installSettings, themeInForce} from './settings.js';
import {bodyTheme} from '../core/theme/theme.js';
import {installDisplayRules} from '../app/display-rules.js';
import {feedDisplaySettings} from '../adapters/feed-settings.js';
import {chooseGraphics, queryTerminal} from '../adapters/terminal-images.js';
import {ImageWorker} from '../adapters/image-worker.js';
import {installGraphics} from '../app/graphics.js';
import {ImageLayer, installImageLayer} from '../ui/image-layer.js';
import {reducer} from '../app/reducer.js';
import type {ArticleMeta} from '../core/types.js';
import type {RenderedArticle} from '../core/render/render-article.js';
import {transmittedImages} from '../effects/images.js';
import {kittyDelete, tmuxWrap} from '../core/images/sequences.js';
import {LibraryWatcher, type LibraryChanges} from '../adapters/library-watcher.js';
import {closeScanWorker} from '../adapters/library-scan.js';
import {watchFocusReports} from '../adapters/focus-reports.js';
import {refreshInterval} from '../effects/feeds.js';
import {mouseInput, mouseModes} from '../adapters/mouse-input.js';

export async function runTui(options: GlobalOptions): Promise<void> {
	// The young generation held to 8 MB (adapters/nursery-cap.ts): ~50 MB less peak RSS at 10k articles (issue 14).
	capNursery(8);
	const root = resolveLibrary(options);
	// The config file, once: its keys are in force from here on; a bad value is named and its default used.
	const userSettings = installSettings(options.config);
	const configErrors = errorLines(userSettings);
	const cacheDir = cacheDirectory();
	// The store's writer (conf) is made after the first frame (prepareWriter below): ~20 ms off the start (issue 14).
	const {store, notices} = StateStore.open(configDirectory(), {deferWriter: true});
	await adoptOldFeedIds(store, root);
	// The views (and with them Ink) only now, with `fetch` off the global object (importInkWithoutFetch): a static import
	// of one would load Ink with this module, and yoga would load Node's HTTP client.
	const [{render}, {App}, {installTheme}, {warmArticlePage, warmNextListPage}] = await Promise.all([importInkWithoutFetch(), import('../ui/app.js'), import('../ui/theme.js'), import('../ui/ink-warm.js')]);
	const {theme, depth} = themeInForce(userSettings.config);
	installTheme(theme, depth);
	installDisplayRules(userSettings.config.filters, feedDisplaySettings(store, userSettings.config));
	const {settings} = store.state;
	// The terminal's graphics, asked of the terminal itself before Ink takes the input (a bounded wait, once).
	const imagesOn = userSettings.config.reading.images !== 'off';
	const replies = imagesOn && process.env['TERM'] !== 'dumb' ? await queryTerminal(process.stdin, process.stdout, process.env['TMUX'] !== undefined) : {kitty: false};
	const graphics = chooseGraphics(replies, process.env, {columns: process.stdout.columns ?? 80, rows: process.stdout.rows ?? 24}, imagesOn);
	installGraphics(graphics);
	const imageWorker = new ImageWorker();
	// sixel, iTerm2 and older kitty images are drawn over their rows after Ink's frames: the layer stands between Ink and
	// stdout.
	const imageLayer = graphics.protocol !== undefined && !graphics.placeholders ? new ImageLayer(process.stdout) : undefined;
	installImageLayer(imageLayer);
	const shared = sharesState(root);
	let stopMerging = () => {};
	let quitting = false;
	const ink: {instance?: ReturnType<typeof render>} = {};
	// Mouse reporting (`[ui] mouse`, on by default) is on only while the reader has the terminal: off on the way out
	// (quit, a signal, a crash, process exit), while a child has the terminal, and while stopped (SIGTSTP).
	const mouseWanted = userSettings.config.ui.mouse && process.stdin.isTTY && process.stdout.isTTY;
	let mouseOn = false;
	const setMouse = (on: boolean) => {
		if (mouseWanted && on !== mouseOn) {
			mouseOn = on;
			try {
				fs.writeSync(process.stdout.fd, on ? mouseModes.on : mouseModes.off);
			} catch {}
		}
	};

	process.on('exit', () => {
		setMouse(false);
	});
	// The kept player and the downloads: on any way out, the episode's place is saved and mpv ends with the reader.
	const media = new MediaSlot();
	const finish = (code: number, message?: string) => {
		setMouse(false);
		if (quitting) {
			return;
		}

		quitting = true;
		stopWatching();
		media.close();
		try {
			store.flush();
			// This device's last changes into its shared-state file, so the other machines see them (issue 20): the
			// merge that was waiting for things to be quiet runs now (none waiting: nothing to do).
			stopMerging();
		} catch (error) {
			message = `${message ? message + '; ' : ''}couldn't save the read state: ${error instanceof Error ? error.message : String(error)}`;
			code ||= 1;
		}

		ink.instance?.unmount();
		ink.instance?.cleanup();
		// kitty keeps transmitted pictures for the window: they are given back.
		if (graphics.protocol === 'kitty') {
			const deletes = transmittedImages().map(id => kittyDelete(id)).map(sequence => (graphics.tmux ? tmuxWrap(sequence) : sequence)).join('');
			if (deletes !== '') {
				process.stdout.write(deletes);
			}
		}

		frameLog?.save();
		if (message) {
			process.stderr.write(`tidings: ${message}\n`);
		}

		process.exitCode = code;
		setTimeout(() => process.exit(code), 50).unref();
	};

	// Copies (OSC 52) go straight to the terminal, outside Ink's frame; `suspend` arrives once the app is mounted.
	const terminal: TerminalAccess = {
		write(data: string) {
			process.stdout.write(data);
		},
	};
	// Issue 18: the watched library (fs.watch in this thread; scans in a worker), started with the list.
	const watching: {watch?: LibraryWatcher; timer?: NodeJS.Timeout} = {};
	const stopWatching = () => {
		clearInterval(watching.timer);
		watching.watch?.close();
		void closeScanWorker();
		if (focusReports) {
			process.stdout.write('\u001B[?1004l');
		}
	};

	// Focus reports (CSI ?1004h) tell when the reader is in the background, for notifications; asked only when they are on.
	const focusReports = userSettings.config.notify.enabled && process.stdout.isTTY;
	const deps = {
		store,
		// The article body in the theme's colours too: its styles go to the renderer with each render.
		cache: new RenderCache(root, useColor(process.stdout), bodyTheme(theme)),
		searchIndex: new SearchIndexHolder(),
		libraryDir: root,
		cacheDir,
		terminal,
		environment: process.env,
		config: userSettings.config,
		media,
		quit() {
			// The renderer's thread ends first (at most 250 ms; render-worker.ts `endRenderWorker`), then the last save.
			void Promise.race([endRenderWorker(), new Promise(resolve => {
				setTimeout(resolve, 250).unref();
			})]).finally(() => {
				finish(0);
			});
		},
		images: {
			prepare: async (...request: Parameters<ImageWorker['prepare']>) => imageWorker.prepare(...request),
			keep: imageLayer && ((id: number, sequence: string, erase?: string) => {
				imageLayer.keep(id, sequence, erase);
			}),
		},
		libraryWatch: {
			async rescan() {
				const changes = await watching.watch?.rescan() ?? {upserts: [], removed: [], added: []};
				appendLibraryCacheChanges(root, cacheDir, changes);
				return changes;
			},
		},
		sharedState: shared,
		warmPage: (meta: ArticleMeta, rendered: RenderedArticle) => {
			void warmArticlePage(appStore.getState(), meta, rendered, yieldToEventLoop);
		},
	};
	const marks = Marks.from({read: store.state.read, starred: store.state.starred, positions: store.state.positions});
	const appStore = createStore(
		initialState({
			rows: process.stdout.rows ?? 24,
			columns: process.stdout.columns ?? 80,
			marks,
			readingWidth: settings.width,
			unreadOnly: settings.unreadOnly,
			selected: store.state.selected,
			sort: settings.sort,
			panes: settings.panes,
		}),
		async (effect, progress) => runEffect(effect, {...deps, progress}),
		undefined,
		// A render the cache holds is applied in the key's own dispatch: one frame for Enter, n and p (issue 14).
		effect => renderFromCache(effect, deps.cache),
	);
	appStore.dispatch({type: 'find-setup', views: store.state.views});
	if (shared) {
		// The other devices' marks arrive a moment after the first frame (the `sync-merge` effect), so neither the first
		// paint nor the library's loading waits on the device files; this device's changes go to its own file a few
		// seconds after they are saved, and on quit.
		setTimeout(() => {
			appStore.dispatch({type: 'shared-state-changed'});
		}, 1000).unref();
		const merging = mergeAfterFlushes(store, root, 3000, report => {
			for (const action of mergeActions(report, store.state.views)) {
				appStore.dispatch(action);
			}
		});
		stopMerging = merging.stop;
	}

	store.onError(error => appStore.dispatch({type: 'status', message: `Couldn't save read marks: ${error.message}`}));
	store.onNotice(message => appStore.dispatch({type: 'status', message}));
	if (notices.length > 0) {
		appStore.dispatch({type: 'status', message: notices.join('; ')});
	}

	if (configErrors.length > 0) {
		const more = configErrors.length > 1 ? ` (and ${configErrors.length - 1} more: tidings config check)` : '';
		appStore.dispatch({type: 'status', message: `${configErrors[0]!}${more}`});
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

	// TIDINGS_FRAME_LOG=<file>: one line per input chunk, state change and frame (with Ink's render time), written at
	// the end; for counting the frames a key causes (issue 14). Off unless set.
	const frameLog = frameLogger(process.env.TIDINGS_FRAME_LOG, appStore);
	const mouse = mouseWanted ? mouseInput(process.stdin, pointer => {
		appStore.dispatch({type: 'mouse', ...pointer});
	}) : undefined;
	if (mouseWanted) {
		process.on('SIGTSTP', () => {
			setMouse(false);
			process.kill(process.pid, 'SIGSTOP');
		});
		process.on('SIGCONT', () => {
			setMouse(!quitting);
		});
	}

	// The nursery emptied between keys (25 ms without a frame), not inside one (adapters/nursery-cap.ts).
	const still = scavengeWhenStill(25);
	const instance = render(<App store={appStore} plain={!useColor(process.stdout)} onSuspendTerminal={suspend => {
		// A child given the terminal (a terminal browser, the pipe's pager) gets it without our mouse reporting.
		terminal.suspend = async run => suspend(async () => {
			setMouse(false);
			try {
				await run();
			} finally {
				setMouse(!quitting);
			}
		});
	}} />, {
		...(imageLayer ? {stdout: imageLayer.wrap()} : {}),
		...(mouse ? {stdin: mouse.stdin} : {}),
		alternateScreen: true,
		exitOnCtrlC: false,
		incrementalRendering: true,
		patchConsole: false,
		maxFps: 60,
		onRender(metrics) {
			frameLog?.frame(metrics);
			still.moved();
			// A read mark's flush waits for a pause in the frames (adapters/state-store.ts `postpone`).
			store.postpone();
		},
	});
	ink.instance = instance;
	setMouse(true);
	// The render worker (marked, marked-terminal: ~90 ms of CPU in its own thread, highlight.js grammars and the HTML
	// converter loaded only when an article needs them) starts as soon as the first frame is out, so that neither the
	// start nor an Enter pressed as soon as the titles show waits for all of it (issue 14).
	setImmediate(() => {
		void warmRenderWorker();
	}).unref();
	setImmediate(() => {
		store.prepareWriter();
	}).unref();
	// The article under the cursor renders while the list is still, so Enter shows it in one frame (issue 14).
	prerenderSelection(appStore, deps.cache, {warmPage: deps.warmPage});
	// The list's page below drawn ahead after its frames, so space finds its rows in Ink's caches (issue 14).
	warmNextListPage(appStore, state => reducer(state, {type: 'key', spec: 'pagedown'})[0], !useColor(process.stdout));

	// The background refresh: a look every minute (or every `[refresh] every`, when shorter) at which feeds are due.
	const startRefreshing = () => {
		const every = refreshInterval(userSettings.config);
		// Without a subscription (in the store as read again now: another process may have added one) nothing is due,
		// and no `refresh-due` changes the state twice for nothing: two frames of the screen as it is, a second after
		// the start and every minute after (issue 14: they landed on the bench's first `n`).
		const due = () => {
			try {
				store.refresh();
				if (store.state.feeds.length === 0) {
					return;
				}
			} catch {}

			appStore.dispatch({type: 'refresh-due'});
		};

		if (every !== undefined) {
			setTimeout(due, 1000).unref();
			watching.timer = setInterval(due, Math.min(60_000, every));
			watching.timer.unref();
		}
	};

	if (focusReports) {
		// The stream Ink reads: the mouse's filtered one when the mouse is on (focus reports pass through it).
		watchFocusReports(mouse ? mouse.stdin : process.stdin, focused => appStore.dispatch({type: 'focus', focused}));
		process.stdout.write('\u001B[?1004h');
	}

	// Paint from the index of the last run at once; the watcher's start compares it with the disk (in the scan worker
	// for a library over 5,000 files, so no key waits for 100,000 stats) and the differences join the list. No index
	// (the first run, or one the cache lost), or a change log grown large: the whole load (in the worker for a large
	// library, as well), which writes it again.
	const cached = readLibraryCache(root, cacheDir);
	if (cached) {
		const articles = sortArticles(cached, settings.sort);
		// A large library's load garbage given back before anything else stacks on it (adapters/nursery-cap.ts).
		compactAfterLoad(articles.length);
		appStore.dispatch({type: 'library-loaded', articles, final: false});
	}

	// TIDINGS_WATCH=poll: scan every few seconds instead of watching; off: neither (`r` still scans).
	const mode = process.env['TIDINGS_WATCH'];
	const watcher = new LibraryWatcher(root, event => {
		if (event.type === 'changes') {
			appendLibraryCacheChanges(root, cacheDir, event.changes);
			appStore.dispatch({type: 'library-changed', upserts: event.changes.upserts, removed: event.changes.removed, added: event.changes.added.length});
		} else if (event.type === 'shared-state-changed') {
			appStore.dispatch({type: 'shared-state-changed'});
		} else if (event.mode === 'polling' && event.reason !== undefined && mode !== 'poll') {
			appStore.dispatch({type: 'status', message: `The library is not watched: ${event.reason}`});
		}
	});
	watching.watch = watcher;
	const wholeLoad = cached === undefined || libraryCacheChangesBytes(root, cacheDir) > 8 * 1024 * 1024;
	watcher.start({poll: mode === 'poll', manual: mode === 'off', known: cached, load: wholeLoad ? {cacheDir} : undefined}).then((changes: LibraryChanges) => {
		if (cached === undefined) {
			appStore.dispatch({type: 'library-loaded', articles: sortArticles(changes.upserts, settings.sort), final: true});
		} else {
			if (!wholeLoad) {
				appendLibraryCacheChanges(root, cacheDir, changes);
			}

			appStore.dispatch({type: 'library-changed', upserts: changes.upserts, removed: changes.removed, added: changes.added.length, final: true});
		}

		startRefreshing();
		// `filters.first-screen = "views"`: the saved views to pick from, once the library is in.
		if (userSettings.config.filters['first-screen'] === 'views') {
			appStore.dispatch({type: 'command', command: 'find.views'});
		}
	}, (error: unknown) => {
		// A quit during the first load ends its worker, and with it the load: that is no crash.
		if (!quitting) {
			crash(error);
		}
	});
	await instance.waitUntilExit();
	setMouse(false);
	mouse?.close();
}

function frameLogger(file: string | undefined, store: {subscribe(listener: () => void): () => void}): {frame: (metrics: {renderTime: number}) => void; save: () => void} | undefined {
	if (!file) {
		return undefined;
	}

	const lines: string[] = [];
	const stamp = () => performance.now().toFixed(2);
	process.stdin.on('data', (data: Uint8Array | string) => {
		lines.push(`${stamp()} input ${JSON.stringify(String(data))}`);
	});
	store.subscribe(() => {
		lines.push(`${stamp()} state`);
	});
	return {
		frame({renderTime}) {
			lines.push(`${stamp()} frame ${renderTime.toFixed(2)}`);
		},
		save() {
			try {
				fs.writeFileSync(file, `${lines.join('\n')}\n`);
			} catch {}
		},
	};
}

/**
Ink's layout engine (yoga-layout, WebAssembly) loads its binary with `fetch` of a data: URL when `fetch` exists, and
the first `fetch` loads Node's whole HTTP client (undici): ~27 ms of every start (issue 14). Without `fetch` it
decodes the same base64 itself. So `fetch` is taken off the global object while Ink is first imported (nothing else
runs then: the store is open and the library not read yet) and put back as it was.
*/
async function importInkWithoutFetch(): Promise<typeof Ink> {
	const descriptor = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
	if (descriptor?.configurable !== true) {
		return import('ink');
	}

	Reflect.deleteProperty(globalThis, 'fetch');
	try {
		return await import('ink');
	} finally {
		Object.defineProperty(globalThis, 'fetch', descriptor);
	}
}
