/**
The one key table. It drives input handling (`resolveCommand`), the `?` help overlay, `--help` and the README's key
section (scripts/keys-doc.mjs writes it between markers, and `npm test` checks it is in step).
*/

export type Context = 'list' | 'article' | 'help' | 'confirm' | 'prompt' | 'picker' | 'results';

export type CommandId =
	| 'move.down'
	| 'move.up'
	| 'move.pageDown'
	| 'move.pageUp'
	| 'move.halfDown'
	| 'move.halfUp'
	| 'move.top'
	| 'move.bottom'
	| 'article.open'
	| 'article.back'
	| 'article.next'
	| 'article.previous'
	| 'article.nextUnread'
	| 'read.toggle'
	| 'read.all'
	| 'list.unreadOnly'
	| 'find.filter'
	| 'find.fullText'
	| 'find.clear'
	| 'find.source'
	| 'find.tag'
	| 'find.views'
	| 'list.sort'
	| 'star.toggle'
	| 'marks.undo'
	| 'marks.redo'
	| 'prompt.accept'
	| 'prompt.cancel'
	| 'prompt.backspace'
	| 'prompt.clear'
	| 'prompt.deleteWord'
	| 'prompt.saveView'
	| 'picker.choose'
	| 'picker.cancel'
	| 'results.close'
	| 'help.toggle'
	| 'help.close'
	| 'confirm.yes'
	| 'confirm.no'
	| 'app.quit';

export type Group = 'Move' | 'Read' | 'Marks' | 'Find' | 'App';

export type Binding = {
	/** Key specs: a character (`j`, `G`, `?`), or a name (`down`, `enter`, `space`, `pagedown`), `ctrl+x`. */
	readonly keys: readonly string[];
	readonly contexts: readonly Context[];
	readonly group: Group;
	/** One line, imperative: shown in the overlay, --help and the README. */
	readonly help: string;
};

// Insertion order is the help order.
export const keymap: Readonly<Record<CommandId, Binding>> = {
	'move.down': {keys: ['j', 'down'], contexts: ['list', 'article', 'help', 'picker', 'results'], group: 'Move', help: 'Next article in the list; one line down in the reader'},
	'move.up': {keys: ['k', 'up'], contexts: ['list', 'article', 'help', 'picker', 'results'], group: 'Move', help: 'Previous article in the list; one line up in the reader'},
	'move.pageDown': {keys: ['space', 'pagedown', 'ctrl+f'], contexts: ['list', 'article', 'help', 'picker', 'results'], group: 'Move', help: 'One page down'},
	'move.pageUp': {keys: ['b', 'pageup', 'ctrl+b'], contexts: ['list', 'article', 'help', 'picker', 'results'], group: 'Move', help: 'One page up'},
	'move.halfDown': {keys: ['d', 'ctrl+d'], contexts: ['list', 'article'], group: 'Move', help: 'Half a page down'},
	'move.halfUp': {keys: ['ctrl+u'], contexts: ['list', 'article'], group: 'Move', help: 'Half a page up'},
	'move.top': {keys: ['g', 'home'], contexts: ['list', 'article', 'help', 'picker', 'results'], group: 'Move', help: 'Go to the top'},
	'move.bottom': {keys: ['G', 'end'], contexts: ['list', 'article', 'help', 'picker', 'results'], group: 'Move', help: 'Go to the bottom'},
	'article.open': {keys: ['enter', 'l', 'right'], contexts: ['list', 'results'], group: 'Read', help: 'Open the selected article (marks it read)'},
	'article.back': {keys: ['q', 'escape', 'h', 'left'], contexts: ['article'], group: 'Read', help: 'Back to the list'},
	'article.next': {keys: ['n'], contexts: ['article'], group: 'Read', help: 'Next article in list order, without going back to the list'},
	'article.previous': {keys: ['p'], contexts: ['article'], group: 'Read', help: 'Previous article in list order'},
	'article.nextUnread': {keys: ['N'], contexts: ['list', 'article'], group: 'Read', help: 'Next unread article'},
	'read.toggle': {keys: ['m'], contexts: ['list', 'article'], group: 'Marks', help: 'Toggle read / unread'},
	'read.all': {keys: ['A'], contexts: ['list'], group: 'Marks', help: 'Mark every listed article read (asks first)'},
	'list.unreadOnly': {keys: ['U'], contexts: ['list'], group: 'Marks', help: 'Show only unread articles / show all'},
	'star.toggle': {keys: ['s'], contexts: ['list', 'article', 'results'], group: 'Marks', help: 'Star / unstar the selected or open article (★ in the list)'},
	'marks.undo': {keys: ['u'], contexts: ['list', 'article'], group: 'Marks', help: 'Undo the last change to read marks or stars (kept across restarts)'},
	'marks.redo': {keys: ['ctrl+r'], contexts: ['list', 'article'], group: 'Marks', help: 'Redo the change last undone'},
	'find.filter': {keys: ['/'], contexts: ['list'], group: 'Find', help: 'Filter the list as you type (query language below); Enter keeps it'},
	'find.fullText': {keys: ['f'], contexts: ['list', 'results'], group: 'Find', help: 'Search article bodies (full text, ranked); Enter runs it'},
	'find.source': {keys: ['S'], contexts: ['list'], group: 'Find', help: 'Narrow the list to one source (with unread counts)'},
	'find.tag': {keys: ['T'], contexts: ['list'], group: 'Find', help: 'Narrow the list to one tag (with unread counts)'},
	'find.views': {keys: ['v'], contexts: ['list'], group: 'Find', help: 'Switch to a saved view (with unread counts)'},
	'find.clear': {keys: ['c', 'escape'], contexts: ['list'], group: 'Find', help: 'Clear the filter, narrowing and view: show every article'},
	'list.sort': {keys: ['o'], contexts: ['list'], group: 'Find', help: 'Cycle the order: newest, oldest, source, title (kept)'},
	'prompt.accept': {keys: ['enter'], contexts: ['prompt'], group: 'Find', help: 'In a prompt: keep the filter / run the search / save'},
	'prompt.cancel': {keys: ['escape'], contexts: ['prompt'], group: 'Find', help: 'In a prompt: clear the filter / cancel'},
	'prompt.backspace': {keys: ['backspace', 'delete'], contexts: ['prompt'], group: 'Find', help: 'In a prompt: delete a character'},
	'prompt.clear': {keys: ['ctrl+u'], contexts: ['prompt'], group: 'Find', help: 'In a prompt: clear the text'},
	'prompt.deleteWord': {keys: ['ctrl+w'], contexts: ['prompt'], group: 'Find', help: 'In a prompt: delete the last word'},
	'prompt.saveView': {keys: ['ctrl+s'], contexts: ['prompt'], group: 'Find', help: 'In the filter prompt: save the query as a named view'},
	'picker.choose': {keys: ['enter', 'l', 'right'], contexts: ['picker'], group: 'Find', help: 'In a picker: narrow to the selected entry'},
	'picker.cancel': {keys: ['escape', 'q', 'h', 'left'], contexts: ['picker'], group: 'Find', help: 'In a picker: cancel'},
	'results.close': {keys: ['escape', 'q', 'h', 'left'], contexts: ['results'], group: 'Find', help: 'In search results: back to the list'},
	'help.toggle': {keys: ['?'], contexts: ['list', 'article'], group: 'App', help: 'Show this help'},
	'help.close': {keys: ['?', 'q', 'escape'], contexts: ['help'], group: 'App', help: 'Close the help'},
	'confirm.yes': {keys: ['y', 'enter'], contexts: ['confirm'], group: 'App', help: 'Confirm'},
	'confirm.no': {keys: ['n', 'escape', 'q'], contexts: ['confirm'], group: 'App', help: 'Cancel'},
	'app.quit': {keys: ['q', 'ctrl+c'], contexts: ['list'], group: 'App', help: 'Quit (Ctrl-C quits from anywhere)'},
};

export const commandIds = Object.keys(keymap) as CommandId[];

const keyNames = new Set(['up', 'down', 'left', 'right', 'enter', 'escape', 'space', 'tab', 'backspace', 'delete', 'pageup', 'pagedown', 'home', 'end']);

/** A key spec is one printable character, a known key name, or `ctrl+<letter>`. */
export function isValidKeySpec(spec: string): boolean {
	return [...spec].length === 1 || keyNames.has(spec) || /^ctrl\+[a-z]$/u.test(spec);
}

const index = new Map<string, CommandId>();
for (const id of commandIds) {
	const binding = keymap[id];
	for (const spec of binding.keys) {
		if (!isValidKeySpec(spec)) {
			throw new Error(`Bad key spec "${spec}" for ${id}`);
		}

		for (const context of binding.contexts) {
			index.set(`${context} ${spec}`, id);
		}
	}
}

// Ctrl-C quits from every context.
for (const context of ['article', 'help', 'confirm', 'prompt', 'picker', 'results'] as const) {
	index.set(`${context} ctrl+c`, 'app.quit');
}

export function resolveCommand(context: Context, spec: string): CommandId | undefined {
	return index.get(`${context} ${spec}`);
}

const keyLabels: Record<string, string> = {
	down: '↓', up: '↑', left: '←', right: '→', enter: 'Enter', escape: 'Esc', space: 'Space', pagedown: 'PgDn', pageup: 'PgUp',
	home: 'Home', end: 'End', tab: 'Tab', backspace: 'Backspace', delete: 'Del',
};

export function keyLabel(spec: string): string {
	if (spec.startsWith('ctrl+')) {
		return `Ctrl-${spec.slice(5).toUpperCase()}`;
	}

	return keyLabels[spec] ?? spec;
}

export type HelpRow = {readonly keys: string; readonly help: string; readonly group: Group; readonly id: CommandId};

/** The rows of help for a context (or every context), grouped in table order. */
export function helpRows(context?: Context): HelpRow[] {
	return commandIds
		.filter(id => context === undefined ? !keymap[id].contexts.every(c => c === 'confirm') : keymap[id].contexts.includes(context))
		.map(id => ({id, keys: keymap[id].keys.map(keyLabel).join(' '), help: keymap[id].help, group: keymap[id].group}));
}
