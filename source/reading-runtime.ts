/** Runs the reading page's effects (source/app/reading.ts): opening links, copying, keeping the reading width. */
import type {StateStore} from './adapters/state-store.js';
import {defaultTerminalBrowsers, openUrl} from './adapters/open-url.js';
import {copyToClipboard} from './adapters/clipboard.js';
import type {Dispatch} from './app/store.js';
import type {ReadingEffect} from './app/reading.js';

/** The terminal as the reading page needs it. `suspend` is filled in by the Ink app once it is mounted (useApp). */
export type TerminalAccess = {
	write(data: string): void;
	suspend?: (run: () => Promise<void>) => Promise<void>;
};


/** The terminal browsers named in the store's settings (`settings.terminalBrowsers`), else the usual ones. */
export function terminalBrowsers(store: StateStore): readonly string[] {
	const listed = (store.state.settings as Record<string, unknown>)['terminalBrowsers'];
	return Array.isArray(listed) && listed.every(name => typeof name === 'string') ? listed : defaultTerminalBrowsers;
}

/**
Ink's suspendTerminal removes its listener and leaves raw mode, but Node keeps a read pending on the terminal, so it
would take keys typed into the browser (seen in a pty: the child sometimes never got its Enter). While the child
runs, reading is stopped and anything that would start it again is held back; afterwards it is restarted when it
was running or was asked for, so Ink's input comes back as it was.
*/
function holdInput(stream: NodeJS.ReadStream): () => void {
	const handle = (stream as unknown as {_handle?: {reading?: boolean; readStart?: () => number; readStop?: () => number}})._handle;
	if (!handle?.readStart || !handle.readStop) {
		return () => undefined;
	}

	const {readStart} = handle;
	let wanted = handle.reading === true;
	handle.readStart = () => {
		wanted = true;
		return 0;
	};

	handle.readStop();
	return () => {
		handle.readStart = readStart;
		if (wanted) {
			handle.reading = true;
			readStart.call(handle);
		}
	};
}

export function runReadingEffect(effect: ReadingEffect, dispatch: Dispatch, options: {readonly store: StateStore; readonly terminal?: TerminalAccess; readonly environment?: NodeJS.ProcessEnv}): void {
	const environment = options.environment ?? process.env;
	switch (effect.type) {
		case 'open-url': {
			const {terminal} = options;
			const suspend = terminal?.suspend;
			const handOver = suspend && (async (run: () => Promise<void>) => suspend(async () => {
				const release = holdInput(process.stdin);
				try {
					await run();
				} finally {
					release();
				}
			}));
			openUrl(effect.url, {environment, terminalBrowsers: terminalBrowsers(options.store), suspend: handOver}).then(result => {
				dispatch({type: 'status', message: result.message});
			}, (error: unknown) => {
				dispatch({type: 'status', message: `Couldn't open the link: ${error instanceof Error ? error.message : String(error)}`});
			});
			break;
		}

		case 'copy': {
			const write = options.terminal?.write ?? ((data: string) => process.stdout.write(data));
			const result = copyToClipboard(effect.text, effect.label, {environment, write});
			dispatch({type: 'status', message: result.message});
			break;
		}

		case 'save-width': {
			const {width} = effect;
			options.store.change(state => {
				state.settings = {...state.settings, width};
			});
			break;
		}
	}
}
