/**
The one key table. It drives input handling (`resolveCommand`), the `?` help overlay (the current context's keys
first), `--help`, the README's key section (scripts/docs.ts writes it between markers, and `npm test` checks it is in
step), and every footer hint and status message that names a key (`keyHint`). Key specs are parsed strictly when
the table loads: a typo or a key bound twice in one context throws, and a test loads it.

The table in force is the defaults with the user's `[keys]` from config.toml laid over them (`userKeys`), installed once
at start (`installKeys`); input, `?`, `--help` and every hint read the installed table, so a rebound key shows
everywhere. Key sequences (`g g`) are bound like keys; the reducer keeps the keys typed so far.
*/
import {suggest} from '../core/config/suggest.js';

/**
Where a key is pressed. `article-found` is the reader with a kept search (it adds n, N and Esc); `article-prompt` the
reader's search or link prompt; `links` and `outline` the reader's overlays; `wide` a table or code block shown whole; `podcasts` the download queue (`D`); `image` an image shown full screen.
*/
export const contexts = ['list', 'article', 'help', 'confirm', 'prompt', 'picker', 'results', 'article-prompt', 'article-found', 'links', 'outline', 'wide', 'podcasts', 'image'] as const;
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
	| 'image.open'
	| 'image.close'
	| 'article.fetchFull'
	| 'article.openLink'
	| 'article.pipe'
	| 'article.save'
	| 'article.bookmark'
	| 'article.attachment'
	| 'feeds.fetch'
	| 'panes.toggle'
	| 'help.toggle'
	| 'help.close'
	| 'confirm.yes'
	| 'confirm.no'
	| 'app.quit'
	| 'app.interrupt'
	| 'media.toggle'
	| 'media.back'
	| 'media.forward'
	| 'media.slower'
	| 'media.faster'
	| 'media.stop'
	| 'podcasts.open'
	| 'podcasts.play'
	| 'podcasts.download'
	| 'podcasts.remove'
	| 'podcasts.close';

export type Group = 'Move' | 'Read' | 'Links' | 'Actions' | 'Search' | 'Marks' | 'Find' | 'App' | 'Media';

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
	'move.down': {keys: ['j', 'down'], contexts: ['list', 'article', 'help', 'picker', 'results', 'wide', 'podcasts'], group: 'Move', help: 'Next article in the list; one line down in the reader'},
	'move.up': {keys: ['k', 'up'], contexts: ['list', 'article', 'help', 'picker', 'results', 'wide', 'podcasts'], group: 'Move', help: 'Previous article in the list; one line up in the reader'},
	'move.pageDown': {keys: ['space', 'pagedown', 'ctrl+f'], contexts: ['list', 'article', 'help', 'picker', 'results', 'wide', 'podcasts'], group: 'Move', help: 'One page down'},
	'move.pageUp': {keys: ['b', 'pageup', 'ctrl+b'], contexts: ['list', 'article', 'help', 'picker', 'results', 'wide', 'podcasts'], group: 'Move', help: 'One page up'},
	'move.halfDown': {keys: ['d', 'ctrl+d'], contexts: ['list', 'article', 'wide'], group: 'Move', help: 'Half a page down'},
	'move.halfUp': {keys: ['ctrl+u'], contexts: ['list', 'article', 'wide'], group: 'Move', help: 'Half a page up'},
	'move.top': {keys: ['g', 'home'], contexts: ['list', 'article', 'help', 'picker', 'results', 'wide', 'podcasts'], group: 'Move', help: 'Go to the top'},
	'move.bottom': {keys: ['G', 'end'], contexts: ['list', 'article', 'help', 'picker', 'results', 'wide', 'podcasts'], group: 'Move', help: 'Go to the bottom'},
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
	'wide.toggle': {keys: ['w'], contexts: ['article', 'wide'], group: 'Read', help: 'Show a table or code block on the screen whole: the cut one nearest the middle, or the nth (2w); w again returns'},
	'wide.left': {keys: ['left'], contexts: ['wide'], group: 'Read', help: 'In wide mode: scroll left (j/k, space, g/G move up and down)'},
	'wide.right': {keys: ['right'], contexts: ['wide'], group: 'Read', help: 'In wide mode: scroll right'},
	'wide.close': {keys: ['escape', 'q'], contexts: ['wide'], group: 'Read', help: 'In wide mode: back to the page'},
	'image.show': {keys: ['i'], contexts: ['article'], group: 'Read', help: 'Images drawn in the page on or off, where the terminal can draw them (kitty, iTerm2, sixel); 3i shows image [3] full screen'},
	'image.open': {keys: ['I'], contexts: ['article', 'image'], group: 'Read', help: 'Open the image nearest the middle of the screen (3I: image [3]) in the system viewer'},
	'image.close': {keys: ['escape', 'q', 'i'], contexts: ['image'], group: 'Read', help: 'Full-screen image: back to the page'},
	'article.fetchFull': {keys: ['F'], contexts: ['article'], group: 'Read', help: 'Fetch the whole story from the article\'s page and keep it to read offline'},
	'link.digit': {keys: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'], contexts: ['article'], group: 'Links', help: 'Type a number; then o or Enter opens that link (5o), w shows that table or code block of the screen wide (2w)'},
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
	'article.openLink': {keys: ['O'], contexts: ['list', 'article'], group: 'Actions', help: 'Open the article\'s own page in the browser (open.browser)'},
	'article.pipe': {keys: ['|'], contexts: ['article'], group: 'Actions', help: 'Pipe the article to a command (actions.pipe; less by default)'},
	'article.save': {keys: ['W'], contexts: ['list', 'article'], group: 'Actions', help: 'Save a copy of the article\'s file (to actions.save-dir)'},
	'article.bookmark': {keys: ['B'], contexts: ['list', 'article'], group: 'Actions', help: 'Bookmark the article\'s link (actions.bookmark: buku, Linkding …)'},
	'article.attachment': {keys: ['E'], contexts: ['list', 'article'], group: 'Actions', help: 'Play or open the article\'s attachment (openers.enclosures: mpv for audio and video); 2E the second'},
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
	'panes.toggle': {keys: ['\\'], contexts: ['list', 'article'], group: 'App', help: 'Split the screen: list and article side by side, then stacked, then one at a time (kept); Enter reads in the article pane, q comes back'},
	'help.toggle': {keys: ['?'], contexts: ['list', 'article'], group: 'App', help: 'Show this help'},
	'help.close': {keys: ['?', 'q', 'escape'], contexts: ['help'], group: 'App', help: 'Close the help'},
	'confirm.yes': {keys: ['y', 'enter'], contexts: ['confirm'], group: 'App', help: 'Confirm'},
	'confirm.no': {keys: ['n', 'escape', 'q'], contexts: ['confirm'], group: 'App', help: 'Cancel'},
	'app.quit': {keys: ['q'], contexts: ['list'], group: 'App', help: 'Quit'},
	'app.interrupt': {keys: ['ctrl+c'], contexts: allContexts, group: 'App', help: 'Quit from anywhere'},
	'media.toggle': {keys: ['e'], contexts: ['list', 'article', 'podcasts'], group: 'Media', help: 'Play the article\'s audio or video with mpv (from where it stopped; 2e the second attachment), or pause / resume what plays'},
	'media.back': {keys: [','], contexts: ['list', 'article', 'podcasts'], group: 'Media', help: 'While playing: back 10 seconds'},
	'media.forward': {keys: ['.'], contexts: ['list', 'article', 'podcasts'], group: 'Media', help: 'While playing: forward 30 seconds'},
	'media.slower': {keys: ['{'], contexts: ['list', 'article', 'podcasts'], group: 'Media', help: 'While playing: slower (speed −0.1)'},
	'media.faster': {keys: ['}'], contexts: ['list', 'article', 'podcasts'], group: 'Media', help: 'While playing: faster (speed +0.1)'},
	'media.stop': {keys: ['x'], contexts: ['list', 'article'], group: 'Media', help: 'Stop playing (the place is kept: e plays on from there)'},
	'podcasts.open': {keys: ['D'], contexts: ['list'], group: 'Media', help: 'The podcast episodes and their downloads (progress bars)'},
	'podcasts.play': {keys: ['enter'], contexts: ['podcasts'], group: 'Media', help: 'In the episodes: play the selected one (the downloaded file when there is one)'},
	'podcasts.download': {keys: ['d'], contexts: ['podcasts'], group: 'Media', help: 'In the episodes: download the selected one (a cut download resumes)'},
	'podcasts.remove': {keys: ['x', 'delete'], contexts: ['podcasts'], group: 'Media', help: 'In the episodes: stop its download, or delete the downloaded file'},
	'podcasts.close': {keys: ['escape', 'q', 'D'], contexts: ['podcasts'], group: 'Media', help: 'In the episodes: back to the list'},
};

export const commandIds = Object.keys(keymap) as CommandId[];

export const keyNames = new Set(['up', 'down', 'left', 'right', 'enter', 'escape', 'space', 'tab', 'shift+tab', 'backspace', 'delete', 'pageup', 'pagedown', 'home', 'end']);

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

// A kept search in the reader only adds keys (n, N, Esc): every other key means what it means in the reader.
const parentContext: Partial<Record<Context, Context>> = {'article-found': 'article'};

/**
The table in force: for each command, its keys in each of its contexts (a spec may be a sequence, `g g`), the index
`context spec` → command, and the unfinished sequences (`context g`).
*/
export type KeyTable = {
	readonly keys: ReadonlyMap<CommandId, ReadonlyMap<Context, readonly string[]>>;
	readonly index: ReadonlyMap<string, CommandId>;
	readonly prefixes: ReadonlySet<string>;
};

function tableOf(keys: ReadonlyMap<CommandId, ReadonlyMap<Context, readonly string[]>>): KeyTable {
	const index = new Map<string, CommandId>();
	const prefixes = new Set<string>();
	for (const [id, byContext] of keys) {
		for (const [context, specs] of byContext) {
			for (const spec of specs) {
				index.set(`${context} ${spec}`, id);
				const steps = spec.split(' ');
				for (let length = 1; length < steps.length; length++) {
					prefixes.add(`${context} ${steps.slice(0, length).join(' ')}`);
				}
			}
		}
	}

	return {keys, index, prefixes};
}

function defaultKeys(): Map<CommandId, Map<Context, readonly string[]>> {
	buildIndex(keymap);
	return new Map(commandIds.map(id => [id, new Map(keymap[id].contexts.map(context => [context, keymap[id].keys]))]));
}

export const defaultTable: KeyTable = tableOf(defaultKeys());
let active: KeyTable = defaultTable;

/** Puts a table in force (once at start, from the config file; tests put the defaults back). */
export function installKeys(table: KeyTable): void {
	active = table;
}

export function resolveCommand(context: Context, spec: string): CommandId | undefined {
	const id = active.index.get(`${context} ${spec}`);
	const parent = parentContext[context];
	return id === undefined && parent !== undefined ? resolveCommand(parent, spec) : id;
}

/** Whether `spec` (keys typed so far, space-separated) begins a longer binding here: the reducer then waits. */
export function isKeyPrefix(context: Context, spec: string): boolean {
	const parent = parentContext[context];
	return active.prefixes.has(`${context} ${spec}`) || (parent !== undefined && isKeyPrefix(parent, spec));
}

/** The keys of a command: in one context (or its parent), else in all its contexts, each once, in table order. */
export function keysOf(id: CommandId, context?: Context, table: KeyTable = active): readonly string[] {
	const byContext = table.keys.get(id);
	if (byContext === undefined) {
		return [];
	}

	if (context !== undefined) {
		const here = byContext.get(context) ?? byContext.get(parentContext[context] ?? context);
		if (here !== undefined) {
			return here;
		}
	}

	return [...new Set([...byContext.values()].flat())];
}

// The user's bindings -------------------------------------------------------------------------------------------------

const aliases: Record<string, string> = {esc: 'escape', return: 'enter', cr: 'enter', pgdn: 'pagedown', pgup: 'pageup', del: 'delete', bs: 'backspace', 'page-down': 'pagedown', 'page-up': 'pageup', 'shift-tab': 'shift+tab', backtab: 'shift+tab'};

/** A key as a user writes it (`ctrl-a`, `Ctrl+A`, `esc`, `g g`) → the table's spec, or why not. */
export function parseKeySpec(text: string): string | {error: string} {
	const steps = text.trim().split(/\s+/u).filter(step => step !== '');
	if (steps.length === 0 || text.length > 64) {
		return {error: `${JSON.stringify(text)} is not a key`};
	}

	if (steps.length > 4) {
		return {error: `${JSON.stringify(text)} is too long a sequence (at most 4 keys)`};
	}

	const out: string[] = [];
	for (const step of steps) {
		const lower = step.toLowerCase();
		const control = /^(?:ctrl|control|c)[+-]([a-z])$/iu.exec(step);
		const spec = [...step].length === 1 ? step : control ? `ctrl+${control[1]!.toLowerCase()}` : aliases[lower] ?? lower;
		if (!isValidKeySpec(spec)) {
			const hint = /^[a-z]{3,5}[+-][a-z]$/iu.test(step) ? ' (a control key is written ctrl+a or ctrl-a)' : ` (a key is one character, ctrl+<letter>, or one of: ${[...keyNames].join(', ')})`;
			return {error: `${JSON.stringify(step)} is not a key${hint}`};
		}

		out.push(spec);
	}

	return out.join(' ');
}

/** What went wrong in `[keys]`: the key path of the entry (for its line), and a second entry for a conflict. */
export type KeyProblem = {readonly path: readonly string[]; readonly message: string; readonly other?: readonly string[]; readonly severity: 'error' | 'note'};

type Entry = {readonly id: CommandId; readonly context?: Context; readonly specs: readonly string[]; readonly path: readonly string[]};

/** More entries than there are commands in every context is no key table (and would cost time to check). */
const maxEntries = 2000;

function entriesOf(raw: Readonly<Record<string, unknown>>, problems: KeyProblem[]): Entry[] {
	const entries: Entry[] = [];
	const read = (id: string, value: unknown, path: string[], context?: Context) => {
		if (!(commandIds as readonly string[]).includes(id)) {
			const near = commandIds.find(known => known.toLowerCase() === id.toLowerCase() || known.split('.')[1] === id);
			const loop = isValidKeySpec(id) ? ` (bindings map a command to keys, such as "move.down" = "${id}"; a key cannot be bound to a key)` : '';
			const hint = near ? ` (did you mean ${near}?)` : loop || suggest(id, commandIds);
			problems.push({path, severity: 'error', message: `unknown command ${JSON.stringify(id)}${hint}; \`tidings config show --defaults\` lists the commands`});
			return;
		}

		const command = id as CommandId;
		if (context !== undefined && !keymap[command].contexts.includes(context)) {
			problems.push({path, severity: 'error', message: `${command} does nothing in the ${context} context (it works in: ${keymap[command].contexts.join(', ')})`});
			return;
		}

		const list = typeof value === 'string' ? [value] : value;
		if (!Array.isArray(list) || !list.every(item => typeof item === 'string') || list.length > 16) {
			problems.push({path, severity: 'error', message: `${command} must be a key ("j"), a list of keys (["j", "down"]) or [] to unbind`});
			return;
		}

		const specs: string[] = [];
		for (const item of list as string[]) {
			const parsed = parseKeySpec(item);
			if (typeof parsed === 'object') {
				problems.push({path, severity: 'error', message: `${command}: ${parsed.error}; its default keys are kept`});
				return;
			}

			specs.push(parsed);
		}

		entries.push({id: command, context, specs: [...new Set(specs)], path});
	};

	const count = Object.values(raw).reduce<number>((sum, value) => sum + (typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.keys(value).length : 1), 0);
	if (count > maxEntries) {
		problems.push({path: ['keys'], severity: 'error', message: `[keys] has ${count} entries, more than a key table can use (${maxEntries}); the default keys are used`});
		return entries;
	}

	for (const [name, value] of Object.entries(raw)) {
		if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
			if (!(contexts as readonly string[]).includes(name)) {
				problems.push({path: ['keys', name], severity: 'error', message: `[keys.${name}]: unknown context (known: ${contexts.join(', ')})`});
				continue;
			}

			for (const [id, inner] of Object.entries(value)) {
				read(id, inner, ['keys', name, id], name as Context);
			}
		} else {
			read(name, value, ['keys', name]);
		}
	}

	return entries;
}

const describeEntry = (entry: {path: readonly string[]}) => entry.path.join('.');

/**
The defaults with the user's `[keys]` laid over them. Each entry replaces the command's keys (in every context of
the command, or in the one its `[keys.<context>]` names); `[]` unbinds. A key the user gives to a command takes it
from the command that had it by default (a note says so); a key the user gives to two commands in one context is a
conflict: both entries are named, and the later one is dropped. A key that begins a sequence cannot also be a key
of its own in the same context. Nothing throws: every problem is reported and the rest applies.
*/
export function userKeys(raw: Readonly<Record<string, unknown>> | undefined): {table: KeyTable; problems: KeyProblem[]} {
	const problems: KeyProblem[] = [];
	if (raw === undefined) {
		return {table: defaultTable, problems};
	}

	const entries = entriesOf(raw, problems);
	const keys = defaultKeys();
	// Who set each `context spec` (user entries only), to name both sides of a conflict.
	const owners = new Map<string, Entry>();
	const takes = (context: Context, spec: string) => {
		const clashes: string[] = [];
		const steps = spec.split(' ');
		for (const [other, byContext] of keys) {
			const specs = byContext.get(context) ?? [];
			for (const taken of specs) {
				const takenSteps = taken.split(' ');
				const shorter = Math.min(steps.length, takenSteps.length);
				if (steps.slice(0, shorter).join(' ') === takenSteps.slice(0, shorter).join(' ')) {
					clashes.push(`${other} ${taken}`);
				}
			}
		}

		return clashes;
	};

	for (const entry of entries) {
		const byContext = keys.get(entry.id)!;
		const targets = entry.context === undefined ? [...byContext.keys()] : [entry.context];
		// Clear this command's keys first, so rebinding a command to a key it already had is no conflict.
		const previous = new Map(targets.map(context => [context, byContext.get(context) ?? []]));
		for (const context of targets) {
			byContext.set(context, []);
		}

		const accepted = new Map<Context, string[]>(targets.map(context => [context, []]));
		let dropped = false;
		for (const context of targets) {
			for (const spec of entry.specs) {
				for (const clash of takes(context, spec)) {
					const [otherId, ...rest] = clash.split(' ');
					const otherSpec = rest.join(' ');
					const owner = owners.get(`${context} ${otherSpec}`);
					if (owner !== undefined && owner.id === otherId) {
						problems.push({
							path: entry.path,
							other: owner.path,
							severity: 'error',
							message: `"${spec}" conflicts in the ${context} context: ${describeEntry(owner)} binds "${otherSpec}" to ${otherId}, and ${describeEntry(entry)} binds "${spec}" to ${entry.id}; the second is dropped`,
						});
						dropped = true;
						continue;
					}

					// A default gives way: the other command loses this key here.
					const otherContexts = keys.get(otherId as CommandId)!;
					otherContexts.set(context, (otherContexts.get(context) ?? []).filter(taken => taken !== otherSpec));
					problems.push({path: entry.path, severity: 'note', message: `"${spec}" in the ${context} context now runs ${entry.id}; by default "${otherSpec}" ran ${otherId}${(otherContexts.get(context) ?? []).length === 0 ? `, which has no key there now` : ''}`});
				}

				if (!dropped) {
					accepted.get(context)!.push(spec);
					owners.set(`${context} ${spec}`, entry);
				}
			}
		}

		if (dropped) {
			for (const [context, specs] of previous) {
				byContext.set(context, specs.filter(spec => takes(context, spec).length === 0));
			}

			continue;
		}

		for (const [context, specs] of accepted) {
			byContext.set(context, specs);
		}
	}

	// Ctrl-C stays a way out from everywhere, whatever the file says.
	const interrupt = keys.get('app.interrupt')!;
	for (const context of contexts) {
		if (!(interrupt.get(context) ?? []).includes('ctrl+c') && ![...keys.values()].some(byContext => (byContext.get(context) ?? []).includes('ctrl+c'))) {
			interrupt.set(context, [...(interrupt.get(context) ?? []), 'ctrl+c']);
		}
	}

	return {table: tableOf(keys), problems};
}

// Labels and help ------------------------------------------------------------------------------------------------------

const keyLabels: Record<string, string> = {
	down: '↓', up: '↑', left: '←', right: '→', enter: 'Enter', escape: 'Esc', space: 'Space', pagedown: 'PgDn', pageup: 'PgUp',
	home: 'Home', end: 'End', tab: 'Tab', 'shift+tab': 'Shift-Tab', backspace: 'Backspace', delete: 'Del',
};

export function keyLabel(spec: string): string {
	if (spec.includes(' ')) {
		return spec.split(' ').map(step => keyLabel(step)).join(' ');
	}

	if (spec.startsWith('ctrl+')) {
		return `Ctrl-${spec.slice(5).toUpperCase()}`;
	}

	return keyLabels[spec] ?? spec;
}

export type HelpRow = {readonly keys: string; readonly help: string; readonly group: Group; readonly id: CommandId};

/** Keys joined for a help row: a sequence keeps its space, so keys are separated by `, ` when any is a sequence. */
const joinKeys = (specs: readonly string[]) => {
	const labels = specs.map(keyLabel);
	return labels.length === 0 ? '(unbound)' : labels.join(specs.some(spec => spec.includes(' ')) ? ', ' : ' ');
};

const rowOf = (id: CommandId, context?: Context): HelpRow => ({id, keys: joinKeys(keysOf(id, context)), help: keymap[id].help, group: keymap[id].group});

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
	return [...shown.filter(id => here(id)).map(id => rowOf(id, context)), ...shown.filter(id => !here(id)).map(id => rowOf(id))];
}

/** How many of `helpRows(context)` belong to the context itself. */
export function helpRowsHere(context: Context): number {
	return commandIds.filter(id => !keymap[id].contexts.every(c => c === 'confirm') && (keymap[id].contexts.includes(context) || keymap[id].contexts.includes(parentContext[context] ?? context))).length;
}

/**
The key that runs a command, as footers and status messages name it (`Esc`, `j/k` for a pair): read from the table in
force, so a hint can never name a key that does something else, also after the user rebinds it.
*/
export function keyHint(id: CommandId, ...more: CommandId[]): string {
	return [id, ...more].map(command => {
		const first = keysOf(command)[0];
		return first === undefined ? '(unbound)' : keyLabel(first);
	}).join('/');
}

/** The same, for the keys of one context (a footer names what works where it is shown). */
export function keyHintIn(context: Context, id: CommandId, ...more: CommandId[]): string {
	return [id, ...more].map(command => {
		const first = keysOf(command, context)[0];
		return first === undefined ? '(unbound)' : keyLabel(first);
	}).join('/');
}

/** Every key of a command, as in `c or Esc`. */
export function keyHints(id: CommandId): string {
	const labels = keysOf(id).map(keyLabel);
	return labels.length <= 1 ? (labels[0] ?? '(unbound)') : `${labels.slice(0, -1).join(', ')} or ${labels.at(-1)!}`;
}

/** The table in force as `[keys]` lines would set it (for `config show`). */
export function keyRows(table: KeyTable = active): Array<{id: CommandId; keys: readonly string[]; help: string; context?: Context}> {
	return commandIds.flatMap(id => {
		const byContext = [...(table.keys.get(id) ?? new Map<Context, readonly string[]>()).entries()];
		const same = byContext.every(([, keys]) => keys.join('\u0000') === byContext[0]?.[1].join('\u0000'));
		// A command bound alike everywhere is one `[keys]` line; one bound differently per context, a line per context.
		return same ? [{id, keys: keysOf(id, undefined, table), help: keymap[id].help}] : byContext.map(([context, keys]) => ({id, keys, help: keymap[id].help, context}));
	});
}
