/** Runs the effects of wide mode, images and the whole story (source/app/wide.ts) against the adapters. */
import fsp from 'node:fs/promises';
import path from 'node:path';
import {readMeta} from './adapters/library.js';
import {detectImageProtocol, imageMessage} from './adapters/terminal-images.js';
import type {Dispatch} from './app/store.js';
import type {WideEffect} from './app/wide.js';

export function runWideEffect(effect: WideEffect, dispatch: Dispatch, options: {readonly libraryDir?: string; readonly environment?: NodeJS.ProcessEnv}): void {
	switch (effect.type) {
		case 'show-image': {
			dispatch({type: 'status', message: imageMessage(detectImageProtocol(options.environment ?? process.env), effect.n)});
			break;
		}

		case 'fetch-full': {
			const {meta} = effect;
			const {libraryDir} = options;
			if (libraryDir === undefined) {
				dispatch({type: 'full-text-fetched', id: meta.id, message: 'The whole story cannot be fetched here: no library folder'});
				break;
			}

			// Readability and linkedom are loaded on the first `F`, never before the first frame.
			const fetching = import('./adapters/full-text.js').then(async ({fetchFullText}) => fetchFullText(libraryDir, meta));
			fetching.then(async result => {
				if (!result.ok) {
					dispatch({type: 'full-text-fetched', id: meta.id, message: `Couldn't fetch the whole story: ${result.error}; the summary is kept`});
					return;
				}

				const stat = await fsp.stat(path.join(libraryDir, meta.path));
				const fresh = await readMeta(libraryDir, {path: meta.path, size: stat.size, mtimeMs: Math.trunc(stat.mtimeMs)});
				dispatch({type: 'full-text-fetched', id: meta.id, meta: fresh, message: `The whole story is stored (${result.value.words} words); it reads offline from now on`});
			}).catch((error: unknown) => {
				dispatch({type: 'full-text-fetched', id: meta.id, message: `Couldn't fetch the whole story: ${error instanceof Error ? error.message : String(error)}`});
			});
			break;
		}
	}
}
