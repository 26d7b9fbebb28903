/**
The effects: each `(effect, deps) → Promise<Action[]>`, in one exhaustive switch (a new effect that no runner handles
does not compile). The store (source/app/store.ts) dispatches what they return.
*/
import type {Action, Effect} from '../app/actions.js';
import {assertNever} from '../app/actions.js';
import type {EffectDeps} from './deps.js';
import {actionEffect} from './actions.js';
import {feedsEffect} from './feeds.js';
import {findingEffect} from './finding.js';
import {prerenderEffect, renderEffect} from './render.js';
import {storeEffect} from './store.js';
import {terminalEffect} from './terminal.js';
import {loadImagesEffect, showImageEffect} from './images.js';
import {notifyEffect} from './notify.js';
import {mediaEffect} from './media.js';
import {syncEffect} from './sync.js';

export type {EffectDeps, TerminalAccess} from './deps.js';
export {RenderCache, previewBody} from './render.js';
export {SearchIndexHolder} from './finding.js';
export {MediaSlot} from './media.js';

export async function runEffect(effect: Effect, deps: EffectDeps): Promise<readonly Action[]> {
	switch (effect.type) {
		case 'render-article': {
			return renderEffect(effect, deps);
		}

		case 'prerender': {
			return prerenderEffect(effect, deps);
		}

		case 'mark':
		case 'undo':
		case 'redo':
		case 'save-position':
		case 'save-selected':
		case 'save-settings':
		case 'save-view': {
			return storeEffect(effect, deps);
		}

		case 'fetch-feeds':
		case 'fetch-full': {
			return feedsEffect(effect, deps);
		}

		case 'open-index':
		case 'search':
		case 'prepare-filter': {
			return findingEffect(effect, deps);
		}

		case 'notify': {
			return notifyEffect(effect, deps);
		}

		case 'open-url':
		case 'copy': {
			return terminalEffect(effect, deps);
		}

		case 'load-images': {
			return loadImagesEffect(effect, deps);
		}

		case 'show-image': {
			return showImageEffect(effect, deps);
		}

		case 'pipe-article':
		case 'save-article':
		case 'bookmark':
		case 'open-attachment': {
			return actionEffect(effect, deps);
		}

		case 'media':
		case 'media-play':
		case 'episodes-list':
		case 'episode-download':
		case 'episode-remove': {
			return mediaEffect(effect, deps);
		}

		case 'sync-merge': {
			return syncEffect(effect, deps);
		}

		case 'quit': {
			deps.media?.close();
			deps.searchIndex.close();
			deps.quit();
			return [];
		}

		default: {
			return assertNever(effect);
		}
	}
}
