/**
The footer hints of every screen, longest first (the first that fits is shown): built from the key table, so a hint
never names a key that does something else, also after the table changes.
*/
import {keyHint as k} from '../app/keymap.js';
import {cellWidth} from '../core/text/cells.js';

/** The longest hint line that fits: the help key stays visible at any width where anything does. */
export function hints(columns: number, options: readonly string[]): string {
	return options.find(option => cellWidth(option) <= columns) ?? options.at(-1)!;
}

export const footers = {
	list: () => [
		`${k('move.down', 'move.up')} move · ${k('article.open')} read · ${k('find.filter')} filter · ${k('find.fullText')} search · ${k('star.toggle')} star · ${k('marks.undo')} undo · ${k('help.toggle')} help · ${k('app.quit')} quit`,
		`${k('move.down', 'move.up')} move · ${k('article.open')} read · ${k('find.filter')} filter · ${k('help.toggle')} help · ${k('app.quit')} quit`,
		`${k('help.toggle')} help · ${k('app.quit')} quit`,
	],
	reader: () => [
		`${k('move.down', 'move.up')} scroll · ${k('move.pageDown')} page · ${k('article.next', 'article.previous')} next/previous · ${k('read.toggle')} mark · ${k('article.back')} back · ${k('help.toggle')} help`,
		`${k('article.next', 'article.previous')} next/previous · ${k('article.back')} back · ${k('help.toggle')} help`,
		`${k('help.toggle')} help · ${k('article.back')} back`,
	],
	results: () => [
		`${k('move.down', 'move.up')} move · ${k('article.open')} read (opens at the match) · ${k('star.toggle')} star · ${k('find.fullText')} search again · ${k('results.close')} back · ${k('help.toggle')} help`,
		`${k('article.open')} read · ${k('find.fullText')} search · ${k('results.close')} back`,
		`${k('results.close')} back`,
	],
	picker: () => [
		`${k('move.down', 'move.up')} move · ${k('picker.choose')} narrow the list to it · ${k('picker.cancel')} cancel`,
		`${k('picker.choose')} choose · ${k('picker.cancel')} cancel`,
		`${k('picker.cancel')} cancel`,
	],
	links: () => [`${k('choice.down', 'choice.up')} move · ${k('choice.open')} open · ${k('choice.copy')} copy · ${k('choice.close')} close`, `${k('choice.close')} close`],
	outline: () => [`${k('choice.down', 'choice.up')} move · ${k('choice.open')} jump · ${k('choice.close')} close`, `${k('choice.close')} close`],
	wide: () => [
		`${k('wide.left', 'wide.right')} scroll sideways · ${k('move.down', 'move.up')} up and down · ${k('wide.toggle')} or ${k('wide.close')} back to the page`,
		`${k('wide.toggle')} or ${k('wide.close')} back`,
	],
	help: () => [`${k('move.down', 'move.up')} scroll · ${k('help.close')} close`],
} as const;
