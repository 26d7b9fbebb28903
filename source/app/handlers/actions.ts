/**
The article actions (`O`, `|`, `W`, `B`, `E`): each on the open article in the reader, else on the selected one in
the list. They only ask: the effects (source/effects/actions.ts) open, pipe, save and run the configured commands.
*/
import type {Effect, Step} from '../actions.js';
import type {CommandId} from '../keymap.js';
import {bodyWidth} from '../layout.js';
import type {ListSlice, ReaderSlice, ScreenSlice, StatusSlice} from '../slices.js';
import {targetOf} from './marks.js';

export type ActionCommand = Extract<CommandId, 'article.openLink' | 'article.pipe' | 'article.save' | 'article.bookmark' | 'article.attachment'>;

export function articleAction<S extends ListSlice & ReaderSlice & ScreenSlice & StatusSlice>(state: S, id: ActionCommand): Step<S> {
	const meta = targetOf(state);
	if (meta === undefined) {
		return [state, []];
	}

	switch (id) {
		case 'article.openLink': {
			if (meta.url === undefined || !/^https?:\/\//iu.test(meta.url)) {
				return [{...state, status: 'This article has no web address of its own'}, []];
			}

			return [{...state, status: `Opening ${meta.url}`}, [{type: 'open-url', url: meta.url}] satisfies Effect[]];
		}

		case 'article.pipe': {
			const width = state.article?.rendered?.width ?? bodyWidth(state);
			return [state, [{type: 'pipe-article', meta, width}] satisfies Effect[]];
		}

		case 'article.save': {
			return [state, [{type: 'save-article', meta}] satisfies Effect[]];
		}

		case 'article.bookmark': {
			if (meta.url === undefined) {
				return [{...state, status: 'This article has no web address to bookmark'}, []];
			}

			return [state, [{type: 'bookmark', meta}] satisfies Effect[]];
		}

		case 'article.attachment': {
			// A number typed first (2E) names which of several attachments; the number is used up.
			const digits = state.article?.reading?.digits;
			const n = digits === undefined ? undefined : Number.parseInt(digits, 10);
			const article = state.article;
			const next = article && digits !== undefined ? {...state, article: {...article, reading: {...article.reading, digits: undefined}}} : state;
			return [next, [{type: 'open-attachment', meta, n}] satisfies Effect[]];
		}
	}
}
