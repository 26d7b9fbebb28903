import React, {useEffect, useSyncExternalStore} from 'react';
import {useApp, useInput, useWindowSize, type Key} from 'ink';
import type {Store} from '../app/store.js';
import {ListScreen} from './list-screen.js';
import {ArticleScreen, ImageScreen} from './article-screen.js';
import {showImages} from './image-layer.js';
import {HelpOverlay} from './help-overlay.js';
import {WideScreen} from './wide-screen.js';
import {PickerScreen, ResultsScreen} from './finding-screens.js';
import {ReadingOverlayScreen} from './reading-overlays.js';
import {PlainContext} from './primitives.js';
import {SplitScreen} from './split-screen.js';
import {splitShown} from '../app/pointer.js';
import {PodcastsScreen} from './podcasts-screen.js';

// Inside a burst Ink does not name keys, so the control characters a terminal sends for them are named here.
const burstKeys: Record<string, string> = {' ': 'space', '\r': 'enter', '\n': 'enter', '\t': 'tab', '\u007F': 'backspace', '\b': 'backspace', '\u001B': 'escape'};

/** Ink's (input, key) → key specs of the key table. A burst ("jjjj" from key repeat or a paste) is one spec per key. */
export function toKeySpecs(input: string, key: Key): string[] {
	if (key.upArrow) {
		return ['up'];
	}

	if (key.downArrow) {
		return ['down'];
	}

	if (key.leftArrow) {
		return ['left'];
	}

	if (key.rightArrow) {
		return ['right'];
	}

	if (key.pageDown) {
		return ['pagedown'];
	}

	if (key.pageUp) {
		return ['pageup'];
	}

	if (key.home) {
		return ['home'];
	}

	if (key.end) {
		return ['end'];
	}

	if (key.return) {
		return ['enter'];
	}

	if (key.escape) {
		return ['escape'];
	}

	if (key.tab) {
		return [key.shift ? 'shift+tab' : 'tab'];
	}

	if (key.backspace) {
		return ['backspace'];
	}

	if (key.delete) {
		return ['delete'];
	}

	if (key.ctrl && input.length === 1) {
		return [`ctrl+${input.toLowerCase()}`];
	}

	return [...input].map(character => burstKeys[character] ?? character);
}

/** `onSuspendTerminal` receives Ink's suspendTerminal, for handing the terminal to a terminal browser (reading-runtime.ts). */
export function App({store, onSuspendTerminal, plain = false}: {readonly store: Store; readonly onSuspendTerminal?: (suspend: (run: () => Promise<void>) => Promise<void>) => void; readonly plain?: boolean}) {
	const state = useSyncExternalStore(store.subscribe, store.getState);
	const {columns, rows} = useWindowSize();
	const {suspendTerminal} = useApp();

	useEffect(() => {
		onSuspendTerminal?.(async run => suspendTerminal(run));
	}, [onSuspendTerminal, suspendTerminal]);

	useEffect(() => {
		const current = store.getState();
		if (current.rows !== rows || current.columns !== columns) {
			store.dispatch({type: 'resize', rows, columns});
		}
	}, [rows, columns, store]);

	useInput((input, key) => {
		for (const spec of toKeySpecs(input, key)) {
			store.dispatch({type: 'key', spec});
		}
	});

	return <PlainContext.Provider value={plain}><Screen state={state} /></PlainContext.Provider>;
}

export function Screen({state}: {readonly state: ReturnType<Store['getState']>}) {
	// No sixel or iTerm2 image on this frame unless the reading page or the full-screen image says so below.
	showImages([]);
	if (state.overlay?.kind === 'help') {
		return <HelpOverlay state={state} />;
	}

	if (state.overlay?.kind === 'links' || state.overlay?.kind === 'outline') {
		return <ReadingOverlayScreen state={state} overlay={state.overlay} />;
	}

	if (state.overlay?.kind === 'podcasts') {
		return <PodcastsScreen state={state} overlay={state.overlay} />;
	}

	if (state.overlay?.kind === 'picker') {
		return <PickerScreen state={state} picker={state.overlay} />;
	}

	// An image full screen takes the whole screen, split or not.
	if (state.article?.imageView) {
		return <ImageScreen state={state} />;
	}

	const split = splitShown(state);
	if (split) {
		return <SplitScreen state={state} panes={split} />;
	}

	if (state.article?.wide) {
		return <WideScreen state={state} />;
	}

	if (state.article) {
		return <ArticleScreen state={state} />;
	}

	if (state.find.results) {
		return <ResultsScreen state={state} results={state.find.results} />;
	}

	return <ListScreen state={state} />;
}
