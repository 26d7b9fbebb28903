/**
The one key table. It drives input handling (`resolveCommand`), the `?` help overlay (the current context's keys
first), `--help`, the README's key section (scripts/docs.ts writes it between markers, and `npm test` checks it is in
step), and every footer hint and status message that names a key (`keyHint`). Key specs are parsed strictly when
the table loads: a typo or a key bound twice in one context throws, and a test loads it.
*/

/**
Where a key is pressed. `article-found` is the reader with a kept search (it adds n, N and Esc); `article-prompt` the
reader's search or link prompt; `links` and `outline` the reader's overlays; `wide` a table or code block shown whole.
*/
export const contexts = ['list', 'article', 'help', 'confirm', 'prompt', 'picker', 'results', 'article-prompt', 'article-found', 'links', 'outline', 'wide'] as const;
export type Context = (typeof contexts)[number];
const allContexts = contexts;

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
	| 'link.digit'
	| 'link.open'
	| 'link.follow'
	| 'link.next'
	| 'link.previous'
	| 'link.list'
	| 'link.copy'
	| 'history.back'
	| 'history.forward'
	| 'outline.open'
	| 'heading.next'
	| 'heading.previous'
	| 'search.start'
	| 'search.next'
	| 'search.previous'
	| 'search.clear'
	| 'reading.accept'
	| 'reading.cancel'
	| 'reading.erase'
	| 'choice.down'
	| 'choice.up'
	| 'choice.open'
	| 'choice.copy'
	| 'choice.close'
	| 'width.wider'
	| 'width.narrower'
	| 'wide.toggle'
	| 'wide.left'
	| 'wide.right'
	| 'wide.close'
	| 'image.show'
	| 'article.fetchFull'
	| 'feeds.fetch'
	| 'help.toggle'
	| 'help.close'
	| 'confirm.yes'
	| 'confirm.no'
	| 'app.quit'
	| 'app.interrupt';

export type Group = 'Move' | 'Read' | 'Links' | 'Search' | 'Marks' | 'Find' | 'App';

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
	'move.down': {keys: ['j', 'down'], contexts: ['list', 'article', 'help', 'picker', 'results', 'wide'], group: 'Move', help: 'Next article in the list; one line down in the reader'},
	'move.up': {keys: ['k', 'up'], contexts: ['list', 'article', 'help', 'picker', 'results', 'wide'], group: 'Move', help: 'Previous article in the list; one line up in the reader'},
	'move.pageDown': {keys: ['space', 'pagedown', 'ctrl+f'], contexts: ['list', 'article', 'help', 'picker', 'results', 'wide'], group: 'Move', help: 'One page down'},
	'move.pageUp': {keys: ['b', 'pageup', 'ctrl+b'], contexts: ['list', 'article', 'help', 'picker', 'results', 'wide'], group: 'Move', help: 'One page up'},
	'move.halfDown': {keys: ['d', 'ctrl+d'], contexts: ['list', 'article', 'wide'], group: 'Move', help: 'Half a page down'},
	'move.halfUp': {keys: ['ctrl+u'], contexts: ['list', 'article', 'wide'], group: 'Move', help: 'Half a page up'},
	'move.top': {keys: ['g', 'home'], contexts: ['list', 'article', 'help', 'picker', 'results', 'wide'], group: 'Move', help: 'Go to the top'},
	'move.bottom': {keys: ['G', 'end'], contexts: ['list', 'article', 'help', 'picker', 'results', 'wide'], group: 'Move', help: 'Go to the bottom'},
	'heading.next': {keys: [']'], contexts: ['article'], group: 'Move', help: 'In the reader: jump to the next heading'},
	'heading.previous': {keys: ['['], contexts: ['article'], group: 'Move', help: 'In the reader: jump to the previous heading'},
	'outline.open': {keys: ['t'], contexts: ['article'], group: 'Move', help: 'In the reader: the outline (headings; Enter jumps there)'},
	'article.open': {keys: ['enter', 'l', 'right'], contexts: ['list', 'results'], group: 'Read', help: 'Open the selected article (marks it read)'},
	'article.back': {keys: ['q', 'escape', 'h', 'left'], contexts: ['article'], group: 'Read', help: 'Back to the list'},
	'article.next': {keys: ['n'], contexts: ['article'], group: 'Read', help: 'Next article in list order, without going back to the list'},
	'article.previous': {keys: ['p'], contexts: ['article'], group: 'Read', help: 'Previous article in list order'},
	'article.nextUnread': {keys: ['N'], contexts: ['list', 'article'], group: 'Read', help: 'Next unread article'},
	'width.wider': {keys: ['+', '='], contexts: ['article'], group: 'Read', help: 'Wider reading width (kept)'},
	'width.narrower': {keys: ['-'], contexts: ['article'], group: 'Read', help: 'Narrower reading width (kept)'},
	'wide.toggle': {keys: ['w'], contexts: ['article', 'wide'], group: 'Read', help: 'Show the table or code block on the screen whole (w again returns)'},
	'wide.left': {keys: ['left'], contexts: ['wide'], group: 'Read', help: 'In wide mode: scroll left (j/k, space, g/G move up and down)'},
	'wide.right': {keys: ['right'], contexts: ['wide'], group: 'Read', help: 'In wide mode: scroll right'},
	'wide.close': {keys: ['escape', 'q'], contexts: ['wide'], group: 'Read', help: 'In wide mode: back to the page'},
	'image.show': {keys: ['i'], contexts: ['article'], group: 'Read', help: 'Show the image on the screen in place, where the terminal can'},
	'article.fetchFull': {keys: ['F'], contexts: ['article'], group: 'Read', help: 'Fetch the whole story from the article\'s page and keep it to read offline'},
	'link.digit': {keys: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], contexts: ['article'], group: 'Links', help: 'Type a link number; then o or Enter opens it (5o)'},
	'link.open': {keys: ['o'], contexts: ['article'], group: 'Links', help: 'Open link N: o, the number, Enter (or the number, then o)'},
	'link.next': {keys: ['tab'], contexts: ['article'], group: 'Links', help: 'Highlight the next link on the screen'},
	'link.previous': {keys: ['shift+tab'], contexts: ['article'], group: 'Links', help: 'Highlight the previous link on the screen'},
	'link.follow': {keys: ['enter'], contexts: ['article'], group: 'Links', help: 'Follow the highlighted link (web links open in $BROWSER)'},
	'link.copy': {keys: ['y'], contexts: ['article'], group: 'Links', help: 'Copy the highlighted link, else the article\'s address (OSC 52)'},
	'link.list': {keys: ['L'], contexts: ['article'], group: 'Links', help: 'List the links: j/k move, Enter opens, y copies'},
	'history.back': {keys: ['backspace', '<'], contexts: ['article'], group: 'Links', help: 'Back to the article a followed link came from'},
	'history.forward': {keys: ['>'], contexts: ['article'], group: 'Links', help: 'Forward again along followed links'},
	'choice.down': {keys: ['j', 'down'], contexts: ['links', 'outline'], group: 'Links', help: 'In the links or the outline: next entry'},
	'choice.up': {keys: ['k', 'up'], contexts: ['links', 'outline'], group: 'Links', help: 'In the links or the outline: previous entry'},
	'choice.open': {keys: ['enter'], contexts: ['links', 'outline'], group: 'Links', help: 'In the links or the outline: open the link / jump to the heading'},
	'choice.copy': {keys: ['y'], contexts: ['links'], group: 'Links', help: 'In the links: copy the selected link'},
	'choice.close': {keys: ['escape', 'q', 'L', 't'], contexts: ['links', 'outline'], group: 'Links', help: 'In the links or the outline: close'},
	'search.start': {keys: ['/'], contexts: ['article'], group: 'Search', help: 'In the reader: search the article (smart case, accents ignored)'},
	'reading.accept': {keys: ['enter'], contexts: ['article-prompt'], group: 'Search', help: 'In the search or link prompt: keep the search / open the link'},
	'reading.cancel': {keys: ['escape'], contexts: ['article-prompt'], group: 'Search', help: 'In the search or link prompt: cancel'},
	'reading.erase': {keys: ['backspace', 'delete'], contexts: ['article-prompt'], group: 'Search', help: 'In the search or link prompt: delete a character'},
	'search.next': {keys: ['n'], contexts: ['article-found'], group: 'Search', help: 'While a search is kept: next match'},
	'search.previous': {keys: ['N'], contexts: ['article-found'], group: 'Search', help: 'While a search is kept: previous match'},
	'search.clear': {keys: ['escape'], contexts: ['article-found'], group: 'Search', help: 'Clear the search (n and N mean next article again)'},
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
	'feeds.fetch': {keys: ['r'], contexts: ['list', 'article'], group: 'App', help: 'Fetch every feed in the background; new articles join the list'},
	'help.toggle': {keys: ['?'], contexts: ['list', 'article'], group: 'App', help: 'Show this help'},
	'help.close': {keys: ['?', 'q', 'escape'], contexts: ['help'], group: 'App', help: 'Close the help'},
	'confirm.yes': {keys: ['y', 'enter'], contexts: ['confirm'], group: 'App', help: 'Confirm'},
	'confirm.no': {keys: ['n', 'escape', 'q'], contexts: ['confirm'], group: 'App', help: 'Cancel'},
	'app.quit': {keys: ['q'], contexts: ['list'], group: 'App', help: 'Quit'},
	'app.interrupt': {keys: ['ctrl+c'], contexts: allContexts, group: 'App', help: 'Quit from anywhere'},
};

export const commandIds = Object.keys(keymap) as CommandId[];

const keyNames = new Set(['up', 'down', 'left', 'right', 'enter', 'escape', 'space', 'tab', 'shift+tab', 'backspace', 'delete', 'pageup', 'pagedown', 'home', 'end']);

/** A key spec is one printable character, a known key name, or `ctrl+<letter>`. */
export function isValidKeySpec(spec: string): boolean {
	return ([...spec].length === 1 && !/[\u0000-\u0020\u007F]/u.test(spec)) || keyNames.has(spec) || /^ctrl\+[a-z]$/u.test(spec);
}

/** `context key` → command. Throws on a bad spec or a key bound twice in one context (gemini's KeyBinding does too). */
export function buildIndex(table: Readonly<Record<CommandId, Binding>>): ReadonlyMap<string, CommandId> {
	const built = new Map<string, CommandId>();
	for (const id of Object.keys(table) as CommandId[]) {
		const binding = table[id];
		if (binding.keys.length === 0 || binding.contexts.length === 0 || binding.help.trim() === '') {
			throw new Error(`The binding of ${id} needs keys, contexts and help`);
		}

		for (const spec of binding.keys) {
			if (!isValidKeySpec(spec)) {
				throw new Error(`Bad key spec "${spec}" for ${id}`);
			}

			for (const context of binding.contexts) {
				const taken = built.get(`${context} ${spec}`);
				if (taken !== undefined) {
					throw new Error(`The key ${spec} is bound twice in the ${context} context: ${taken} and ${id}`);
				}

				built.set(`${context} ${spec}`, id);
			}
		}
	}

	return built;
}

const index = buildIndex(keymap);

// A kept search in the reader only adds keys (n, N, Esc): every other key means what it means in the reader.
const parentContext: Partial<Record<Context, Context>> = {'article-found': 'article'};

export function resolveCommand(context: Context, spec: string): CommandId | undefined {
	const id = index.get(`${context} ${spec}`);
	const parent = parentContext[context];
	return id === undefined && parent !== undefined ? resolveCommand(parent, spec) : id;
}

const keyLabels: Record<string, string> = {
	down: '↓', up: '↑', left: '←', right: '→', enter: 'Enter', escape: 'Esc', space: 'Space', pagedown: 'PgDn', pageup: 'PgUp',
	home: 'Home', end: 'End', tab: 'Tab', 'shift+tab': 'Shift-Tab', backspace: 'Backspace', delete: 'Del',
};

export function keyLabel(spec: string): string {
	if (spec.startsWith('ctrl+')) {
		return `Ctrl-${spec.slice(5).toUpperCase()}`;
	}

	return keyLabels[spec] ?? spec;
}

export type HelpRow = {readonly keys: string; readonly help: string; readonly group: Group; readonly id: CommandId};

const rowOf = (id: CommandId): HelpRow => ({id, keys: keymap[id].keys.map(keyLabel).join(' '), help: keymap[id].help, group: keymap[id].group});

/**
The rows of help: every command in table order (for --help and the README), or, for a context, the commands of that
context first (what the keys do where you are) and then the rest, as the `?` overlay shows them.
*/
export function helpRows(context?: Context): HelpRow[] {
	const shown = commandIds.filter(id => !keymap[id].contexts.every(c => c === 'confirm'));
	if (context === undefined) {
		return shown.map(id => rowOf(id));
	}

	const here = (id: CommandId) => keymap[id].contexts.includes(context) || keymap[id].contexts.includes(parentContext[context] ?? context);
	return [...shown.filter(id => here(id)), ...shown.filter(id => !here(id))].map(id => rowOf(id));
}

/** How many of `helpRows(context)` belong to the context itself. */
export function helpRowsHere(context: Context): number {
	return commandIds.filter(id => !keymap[id].contexts.every(c => c === 'confirm') && (keymap[id].contexts.includes(context) || keymap[id].contexts.includes(parentContext[context] ?? context))).length;
}

/**
The key that runs a command, as footers and status messages name it (`Esc`, `j/k` for a pair): read from the table,
so a hint can never name a key that does something else.
*/
export function keyHint(id: CommandId, ...more: CommandId[]): string {
	return [id, ...more].map(command => keyLabel(keymap[command].keys[0]!)).join('/');
}

/** Every key of a command, as in `c or Esc`. */
export function keyHints(id: CommandId): string {
	const labels = keymap[id].keys.map(keyLabel);
	return labels.length <= 1 ? labels.join('') : `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)!}`;
}
