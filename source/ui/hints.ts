/**
The footer hints of every screen, longest first (the first that fits is shown): built from the key table, so a hint
never names a key that does something else, also after the table changes: each names the keys of its own context
(a key the user rebound in one context only shows there).
*/
import {keyHintIn as k} from '../app/keymap.js';
import {cellWidth} from '../core/text/cells.js';

/** The longest hint line that fits: the help key stays visible at any width where anything does. */
export function hints(columns: number, options: readonly string[]): string {
	return options.find(option => cellWidth(option) <= columns) ?? options.at(-1)!;
}

export const footers = {
	list: () => [
		`${k('list', 'move.down', 'move.up')} move · ${k('list', 'article.open')} read · ${k('list', 'find.filter')} filter · ${k('list', 'find.fullText')} search · ${k('list', 'star.toggle')} star · ${k('list', 'marks.undo')} undo · ${k('list', 'help.toggle')} help · ${k('list', 'app.quit')} quit`,
		`${k('list', 'move.down', 'move.up')} move · ${k('list', 'article.open')} read · ${k('list', 'find.filter')} filter · ${k('list', 'help.toggle')} help · ${k('list', 'app.quit')} quit`,
		`${k('list', 'help.toggle')} help · ${k('list', 'app.quit')} quit`,
	],
	reader: () => [
		`${k('article', 'move.down', 'move.up')} scroll · ${k('article', 'move.pageDown')} page · ${k('article', 'article.next', 'article.previous')} next/previous · ${k('article', 'read.toggle')} mark · ${k('article', 'article.back')} back · ${k('article', 'help.toggle')} help`,
		`${k('article', 'article.next', 'article.previous')} next/previous · ${k('article', 'article.back')} back · ${k('article', 'help.toggle')} help`,
		`${k('article', 'help.toggle')} help · ${k('article', 'article.back')} back`,
	],
	results: () => [
		`${k('results', 'move.down', 'move.up')} move · ${k('results', 'article.open')} read (opens at the match) · ${k('results', 'star.toggle')} star · ${k('results', 'find.fullText')} search again · ${k('results', 'results.close')} back · ${k('results', 'help.toggle')} help`,
		`${k('results', 'article.open')} read · ${k('results', 'find.fullText')} search · ${k('results', 'results.close')} back`,
		`${k('results', 'results.close')} back`,
	],
	picker: () => [
		`${k('picker', 'move.down', 'move.up')} move · ${k('picker', 'picker.choose')} narrow the list to it · ${k('picker', 'picker.cancel')} cancel`,
		`${k('picker', 'picker.choose')} choose · ${k('picker', 'picker.cancel')} cancel`,
		`${k('picker', 'picker.cancel')} cancel`,
	],
	links: () => [`${k('links', 'choice.down', 'choice.up')} move · ${k('links', 'choice.open')} open · ${k('links', 'choice.copy')} copy · ${k('links', 'choice.close')} close`, `${k('links', 'choice.close')} close`],
	outline: () => [`${k('outline', 'choice.down', 'choice.up')} move · ${k('outline', 'choice.open')} jump · ${k('outline', 'choice.close')} close`, `${k('outline', 'choice.close')} close`],
	wide: () => [
		`${k('wide', 'wide.left', 'wide.right')} scroll sideways · ${k('wide', 'move.down', 'move.up')} up and down · ${k('wide', 'wide.toggle')} or ${k('wide', 'wide.close')} back to the page`,
		`${k('wide', 'wide.toggle')} or ${k('wide', 'wide.close')} back`,
	],
	help: () => [`${k('help', 'move.down', 'move.up')} scroll · ${k('help', 'help.close')} close`],
	/** The article pane of a split screen while the list has the keys. */
	preview: () => [
		`${k('list', 'article.open')} reads it here · ${k('list', 'panes.toggle')} layout`,
		`${k('list', 'article.open')} reads it`,
	],
	/** The list pane of a split screen while the article has the keys. */
	listAside: () => [
		`${k('article', 'article.back')} back to the list · ${k('article', 'article.next', 'article.previous')} next/previous`,
		`${k('article', 'article.back')} back to the list`,
		`${k('article', 'article.back')} back`,
	],
	podcasts: () => [
		`${k('podcasts', 'move.down', 'move.up')} move · ${k('podcasts', 'podcasts.play')} play · ${k('podcasts', 'podcasts.download')} download · ${k('podcasts', 'podcasts.remove')} remove · ${k('podcasts', 'media.toggle')} pause · ${k('podcasts', 'podcasts.close')} back`,
		`${k('podcasts', 'podcasts.play')} play · ${k('podcasts', 'podcasts.download')} download · ${k('podcasts', 'podcasts.close')} back`,
		`${k('podcasts', 'podcasts.close')} back`,
	],
} as const;
