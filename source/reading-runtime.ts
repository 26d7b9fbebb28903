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

export function runReadingEffect(effect: ReadingEffect, dispatch: Dispatch, options: {readonly store: StateStore; readonly terminal?: TerminalAccess; readonly environment?: NodeJS.ProcessEnv}): void {
	const environment = options.environment ?? process.env;
	switch (effect.type) {
		case 'open-url': {
			const {terminal} = options;
			openUrl(effect.url, {environment, terminalBrowsers: terminalBrowsers(options.store), suspend: terminal?.suspend}).then(result => {
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
