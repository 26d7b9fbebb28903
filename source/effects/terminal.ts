/** The terminal's own effects: opening a link in a browser, copying (OSC 52). Images are source/effects/images.ts's. */
import type {StateStore} from '../adapters/state-store.js';
import {defaultTerminalBrowsers, openUrl} from '../adapters/open-url.js';
import {copyToClipboard} from '../adapters/clipboard.js';
import type {Action, Effect} from '../app/actions.js';
import type {Config} from '../core/config/schema.js';
import {describeError, type EffectDeps} from './deps.js';

/**
The terminal browsers: the config file's `open.terminal-browsers` when it names others than the defaults, else the
store's `settings.terminalBrowsers` (older setups), else the usual ones.
*/
export function terminalBrowsers(store: StateStore, config?: Config): readonly string[] {
	const configured = config?.open['terminal-browsers'];
	if (configured !== undefined && configured.join(' ') !== defaultTerminalBrowsers.join(' ')) {
		return configured;
	}

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

/** Runs a child with the terminal handed over (Ink suspended, input held), when the reader has a terminal. */
export function handOverTerminal(deps: EffectDeps): ((run: () => Promise<void>) => Promise<void>) | undefined {
	const suspend = deps.terminal?.suspend;
	return suspend && (async (run: () => Promise<void>) => suspend(async () => {
		const release = holdInput(process.stdin);
		try {
			await run();
		} finally {
			release();
		}
	}));
}

export async function terminalEffect(effect: Extract<Effect, {type: 'open-url' | 'copy'}>, deps: EffectDeps): Promise<Action[]> {
	const {environment, terminal} = deps;
	switch (effect.type) {
		case 'open-url': {
			const handOver = handOverTerminal(deps);
			try {
				const result = await openUrl(effect.url, {environment, terminalBrowsers: terminalBrowsers(deps.store, deps.config), browser: deps.config?.open.browser, suspend: handOver});
				return [{type: 'status', message: result.message}];
			} catch (error) {
				return [{type: 'status', message: `Couldn't open the link: ${describeError(error)}`}];
			}
		}

		case 'copy': {
			const write = terminal?.write ?? ((data: string) => process.stdout.write(data));
			return [{type: 'status', message: (await copyToClipboard(effect.text, effect.label, {environment, write})).message}];
		}
	}
}
