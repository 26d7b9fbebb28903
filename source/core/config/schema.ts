/**
The one schema of the config file (`config.toml`): every setting with its type, its default and one line of help.
Validation, `tidings config show --defaults` and the README's configuration section are all generated from it, so
none of them can name a setting that does not exist or a default that is not the default. Pure: the file is read in
source/adapters/config.ts; the `[keys]` table is checked against the key table in source/app/keymap.ts.
*/
import {parseQuery} from '../query/parse-query.js';
import {checkFeedsSection, type FeedSettings} from './feeds.js';
import {checkColor, roles, type Role, type Style} from '../theme/theme.js';
import {suggest} from './suggest.js';

/** One setting: `check` returns the value or, for a bad one, why (the caller names file, line and key). */
export type Field<T> = {
	readonly kind: string;
	readonly default: T;
	readonly help: string;
	/** How the default is written in the generated file and README (TOML). */
	readonly check: (value: unknown) => T | {readonly error: string; readonly at?: readonly string[]};
};

export type ValueOf<F> = F extends Field<infer T> ? T : never;

const bad = (error: string, at?: readonly string[]) => ({error, at});
const described = (value: unknown): string => (Array.isArray(value) ? 'a list' : value === null ? 'nothing' : typeof value === 'object' ? 'a table' : `${typeof value} ${JSON.stringify(value).slice(0, 40)}`);

/** Words a shell would read as syntax. Commands run without a shell, so they would arrive as literal arguments. */
const shellSyntax = /^(?:\||\|\||&&?|;|>>?|<|2>&1)$|\$\(|`|^\$[A-Za-z_{]/u;

/**
A command as a list of arguments (`["mpv", "{url}"]`), run without a shell. `{name}` placeholders are filled with
one whole argument each (a URL with `;` or `$(…)` in it is one harmless argument).
*/
function argv(options: {default: readonly string[]; placeholders: readonly string[]; help: string; optional?: boolean}): Field<readonly string[]> {
	return {
		kind: 'command',
		default: options.default,
		help: options.help,
		check(value) {
			if (typeof value === 'string') {
				return bad(`must be a list of arguments such as ["program", "{${options.placeholders[0] ?? 'arg'}}"], not one string (commands run without a shell)`);
			}

			if (!Array.isArray(value) || !value.every(item => typeof item === 'string')) {
				return bad(`must be a list of strings, not ${described(value)}`);
			}

			const list = value as string[];
			if (list.length === 0 && !options.optional) {
				return bad('must name a program');
			}

			if (list.length > 0 && list[0]!.trim() === '') {
				return bad('the program name is empty');
			}

			const shell = list.find(item => shellSyntax.test(item));
			if (shell !== undefined) {
				return bad(`the argument ${JSON.stringify(shell)} is shell syntax, but commands run without a shell: give each argument as its own list entry`);
			}

			if (list.some(item => item.length > 4096) || list.length > 64) {
				return bad('is too long (at most 64 arguments of 4096 characters)');
			}

			const unknown = list.flatMap(item => [...item.matchAll(/\{([a-z]+)\}/gu)].map(match => match[1]!)).find(name => !options.placeholders.includes(name));
			if (unknown !== undefined) {
				return bad(`has an unknown placeholder {${unknown}} (known: ${options.placeholders.map(name => `{${name}}`).join(' ') || 'none'})`);
			}

			return list;
		},
	};
}

function strings(options: {default: readonly string[]; help: string}): Field<readonly string[]> {
	return {
		kind: 'list of strings',
		default: options.default,
		help: options.help,
		check: value => (Array.isArray(value) && value.every(item => typeof item === 'string' && item !== '') ? value as string[] : bad(`must be a list of names, not ${described(value)}`)),
	};
}

function text(options: {default: string; help: string; maxLength?: number}): Field<string> {
	return {
		kind: 'string',
		default: options.default,
		help: options.help,
		check: value => (typeof value === 'string' && value.length <= (options.maxLength ?? 4096) ? value : bad(`must be a string, not ${described(value)}`)),
	};
}

const intervalUnits: Record<string, number> = {s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000};

/** `90s`, `30m`, `2h`, `1d` → milliseconds (at least 10 s); `off` → undefined. */
export function parseInterval(text: string): number | undefined {
	const match = /^(\d{1,6})\s*([smhd])$/u.exec(text.trim());
	return match ? Math.max(10_000, Number(match[1]) * intervalUnits[match[2]!]!) : undefined;
}

function interval(options: {default: string; help: string}): Field<string> {
	return {
		kind: 'duration',
		default: options.default,
		help: options.help,
		check: value => (typeof value === 'string' && (value.trim() === 'off' || parseInterval(value) !== undefined) ? value.trim() : bad(`must be a duration such as "30m", "2h" or "90s" (at least 10 s), or "off", not ${described(value)}`)),
	};
}

function flag(options: {default: boolean; help: string}): Field<boolean> {
	return {
		kind: 'boolean',
		default: options.default,
		help: options.help,
		check: value => (typeof value === 'boolean' ? value : bad(`must be true or false, not ${described(value)}`)),
	};
}

function count(options: {default: number; minimum: number; maximum: number; help: string}): Field<number> {
	return {
		kind: `number (${options.minimum}–${options.maximum})`,
		default: options.default,
		help: options.help,
		check: value => (typeof value === 'number' && Number.isInteger(value) && value >= options.minimum && value <= options.maximum ? value : bad(`must be a whole number from ${options.minimum} to ${options.maximum}, not ${described(value)}`)),
	};
}

function oneOf<const T extends string>(options: {values: readonly T[]; default: T; help: string}): Field<T> {
	return {
		kind: options.values.map(value => JSON.stringify(value)).join(' | '),
		default: options.default,
		help: options.help,
		check: value => (options.values.includes(value as T) ? value as T : bad(`must be one of ${options.values.join(', ')}, not ${described(value)}`)),
	};
}

/** Role → style, over the chosen theme (`"list.unread" = {fg = "#ffcc00", bold = true}`). */
function styles(options: {help: string}): Field<Readonly<Partial<Record<Role, Style>>>> {
	const attributes = ['bold', 'dim', 'italic', 'underline', 'inverse'];
	return {
		kind: 'table of styles',
		default: {},
		help: options.help,
		check(value) {
			if (typeof value !== 'object' || value === null || Array.isArray(value)) {
				return bad(`must be a table of role = {fg, bg, bold, …}, not ${described(value)}`);
			}

			const out: Partial<Record<Role, Style>> = {};
			for (const [role, style] of Object.entries(value)) {
				if (!(roles as readonly string[]).includes(role)) {
					return bad(`${JSON.stringify(role)} is not an element${suggest(role, roles)} (known: ${roles.join(', ')})`, [role]);
				}

				if (typeof style !== 'object' || style === null || Array.isArray(style)) {
					return bad(`${role} must be a table such as {fg = "#ffcc00", bold = true}`, [role]);
				}

				for (const [key, item] of Object.entries(style)) {
					if (key === 'fg' || key === 'bg') {
						const problem = typeof item === 'string' ? checkColor(item) : `${key} must be a string`;
						if (problem !== undefined) {
							return bad(`${role}.${key}: ${problem}`, [role]);
						}
					} else if (!attributes.includes(key) || typeof item !== 'boolean') {
						return bad(`${role}.${key}: ${attributes.includes(key) ? 'must be true or false' : `unknown (known: fg, bg, ${attributes.join(', ')})`}`, [role]);
					}
				}

				out[role as Role] = style as Style;
			}

			return out;
		},
	};
}

/** Queries of the query language, each checked by the parser (a bad one is named with the parser's message). */
function queries(options: {help: string}): Field<readonly string[]> {
	return {
		kind: 'list of queries',
		default: [],
		help: options.help,
		check(value) {
			if (!Array.isArray(value) || !value.every(item => typeof item === 'string') || value.length > 200) {
				return bad(`must be a list of queries such as ["tag:sports", "source:\\"Daily Mail\\""], not ${described(value)}`);
			}

			for (const text of value as string[]) {
				const parsed = parseQuery(text);
				if (!parsed.ok) {
					return bad(`${JSON.stringify(text)}: ${parsed.error.message}`);
				}
			}

			return value as string[];
		},
	};
}

export type HighlightRule = {readonly query: string; readonly style: Style};

/** `[{query = "…", fg = "#ffaf00", bold = true}]`: a query and the style of the rows it matches. */
function highlights(options: {help: string}): Field<readonly HighlightRule[]> {
	const style = styles({help: ''});
	return {
		kind: 'list of rules',
		default: [],
		help: options.help,
		check(value) {
			if (!Array.isArray(value) || value.length > 200) {
				return bad(`must be a list of rules such as [{query = "tag:climate", fg = "green"}], not ${described(value)}`);
			}

			const out: HighlightRule[] = [];
			for (const [index, rule] of (value as unknown[]).entries()) {
				if (typeof rule !== 'object' || rule === null || Array.isArray(rule) || typeof (rule as {query?: unknown}).query !== 'string') {
					return bad(`rule ${index + 1} must be a table with a query: {query = "tag:climate", fg = "green"}`);
				}

				const {query, ...look} = rule as {query: string} & Record<string, unknown>;
				const parsed = parseQuery(query);
				if (!parsed.ok) {
					return bad(`rule ${index + 1}, ${JSON.stringify(query)}: ${parsed.error.message}`);
				}

				const checked = style.check({'list.highlight': look});
				if ('error' in checked) {
					return bad(`rule ${index + 1}: ${String(checked.error).replace('list.highlight.', '')}`);
				}

				out.push({query, style: look as Style});
			}

			return out;
		},
	};
}

/** MIME pattern (`audio/*`, `application/pdf`) → command. */
function openers(options: {default: Readonly<Record<string, readonly string[]>>; help: string}): Field<Readonly<Record<string, readonly string[]>>> {
	const command = argv({default: [], placeholders: ['url', 'type'], help: '', optional: true});
	return {
		kind: 'table of commands',
		default: options.default,
		help: options.help,
		check(value) {
			if (typeof value !== 'object' || value === null || Array.isArray(value)) {
				return bad(`must be a table of MIME type = command, not ${described(value)}`);
			}

			const out: Record<string, readonly string[]> = {...options.default};
			for (const [pattern, entry] of Object.entries(value)) {
				if (!/^[a-z0-9.+-]+\/(?:\*|[a-z0-9.+-]+)$/iu.test(pattern)) {
					return bad(`${JSON.stringify(pattern)} is not a MIME type such as "audio/*" or "application/pdf"`, [pattern]);
				}

				const checked = command.check(entry);
				if ('error' in checked) {
					return bad(`${JSON.stringify(pattern)} ${checked.error}`, [pattern]);
				}

				out[pattern.toLowerCase()] = checked as readonly string[];
			}

			return out;
		},
	};
}

export const schema = {
	open: {
		browser: argv({default: [], placeholders: ['url'], optional: true, help: 'The browser for web links and `O`, as a list of arguments with {url}; empty: $BROWSER, else the system\'s opener (xdg-open, open)'}),
		'terminal-browsers': strings({default: ['w3m', 'lynx', 'links', 'elinks', 'browsh'], help: 'Programs that need the terminal: Tidings hands it over while they run'}),
	},
	actions: {
		pipe: argv({default: ['less', '-R'], placeholders: ['url', 'title'], help: 'The command `|` pipes the open article to (on its standard input); it has the terminal while it runs'}),
		'pipe-content': oneOf({values: ['markdown', 'text'], default: 'markdown', help: 'What `|` pipes: the article\'s Markdown or its text as the reader shows it (without colours)'}),
		bookmark: argv({default: [], placeholders: ['url', 'title'], optional: true, help: 'The bookmark command (`B`), e.g. ["buku", "--add", "{url}", "--title", "{title}"]; empty: off'}),
		'save-dir': text({default: '~/Downloads', help: 'Where `W` saves a copy of the article\'s file (`~` is your home folder)'}),
	},
	theme: {
		name: oneOf({values: ['terminal', 'dark', 'light'], default: 'terminal', help: 'The colours: terminal (only the terminal\'s own palette), dark or light'}),
		colors: oneOf({values: ['auto', 'truecolor', '256', '16', 'none'], default: 'auto', help: 'How many colours to use; auto: from NO_COLOR, COLORTERM and TERM'}),
		styles: styles({help: 'Your own style per element, over the theme: "list.unread" = {fg = "#ffcc00", bold = true}; body.* are the article body\'s, reader.search and reader.link the search matches and the Tab link; elements: ' + roles.join(', ')}),
	},
	filters: {
		ignore: queries({help: 'Articles hidden from the list (the files stay): queries such as "tag:sports" or "source:tabloid is:read"'}),
		'ignore-at-fetch': queries({help: 'Feed items never stored: queries such as "sponsored" or "author:bot" (matched on title, author, source, date)'}),
		highlight: highlights({help: 'Rows coloured by what they match: [{query = "tag:climate", fg = "green", bold = true}]; with no style, the theme\'s list.highlight'}),
		'first-screen': oneOf({values: ['list', 'views'], default: 'list', help: 'What the reader opens on: the list, or your saved views to pick one (v)'}),
	},
	reading: {
		images: oneOf({values: ['auto', 'off'], default: 'auto', help: 'Images drawn in the article, where the terminal can (kitty graphics, iTerm2 images, sixel; asked of the terminal at start); off: the [image: …] links only'}),
		'image-viewer': argv({default: [], placeholders: ['file'], optional: true, help: 'The program `I` opens an image with, as a list of arguments with {file} (a checked copy in the cache folder); empty: the system\'s opener (xdg-open, open)'}),
	},
	refresh: {
		every: interval({default: '30m', help: 'While the reader runs, feeds are fetched in the background this often (a feed\'s own `every` wins; a feed that fails waits 5 min, 10, 20 … up to 6 h); "off": only `r` and `tidings fetch`'}),
	},
	notify: {
		enabled: flag({default: false, help: 'Tell when new articles arrive while the reader is in the background (the terminal reports focus) or with `tidings fetch --notify`'}),
		method: oneOf({values: ['auto', 'osc9', 'osc777', 'osc99', 'notify-send'], default: 'auto', help: 'How: auto picks the terminal\'s own notification (OSC 9, 777 or 99; through tmux too) where the terminal is known to show it, else notify-send'}),
	},
	ui: {
		mouse: flag({default: true, help: 'The mouse: the wheel scrolls the pane under it, a click selects, a double click opens, a click on a link number opens it; false: the terminal keeps the mouse (with it on, Shift-drag still selects text in xterm-style terminals)'}),
	},
	media: {
		player: argv({default: ['mpv'], placeholders: [], help: 'The player `e` starts and keeps (mpv, driven through its JSON IPC socket), with any arguments of your own: ["mpv", "--no-video"]'}),
		'download-dir': text({default: '', help: 'Where podcast episodes are downloaded (`~` is your home folder); empty: the podcasts folder in Tidings\' cache folder'}),
		'name-template': text({default: '{feed}/{date}-{title}.{ext}', maxLength: 200, help: 'The name of a downloaded episode in the download folder: {feed}, {title}, {date}, {id}, {ext}; each field is made safe for a file name, / makes folders'}),
		parallel: count({default: 3, minimum: 1, maximum: 8, help: 'Downloads at the same time'}),
		'max-size-mb': count({default: 2000, minimum: 1, maximum: 100_000, help: 'An episode larger than this (in MB) is not downloaded'}),
	},
	openers: {
		enclosures: openers({default: {'audio/*': ['mpv', '{url}'], 'video/*': ['mpv', '{url}']}, help: 'Programs for an article\'s attachments (`E`) by MIME type, with {url} and {type}; they have the terminal while they run; other types open in the browser'}),
	},
} as const;

export type Schema = typeof schema;
export type Section = keyof Schema;
export type Config = {readonly [S in Section]: {readonly [K in keyof Schema[S]]: ValueOf<Schema[S][K]>}} & {readonly feeds: Readonly<Record<string, FeedSettings>>};

/** Sections the schema knows besides its settings: `[keys]` (checked against the key table). */
export const extraSections = ['keys', 'feeds'] as const;

export const sectionHelp: Record<Section | (typeof extraSections)[number], string> = {
	open: 'Opening links',
	actions: 'Article actions: pipe, bookmark, save',
	openers: 'Attachments (podcasts, videos)',
	reading: 'The reading page: images',
	media: 'Podcasts and media: the player of `e` and the downloads (tidings podcasts, D)',
	theme: 'Colours and styles of the list, the reader (the article body too) and the prompts',
	filters: 'Filters, in the query language (see Finding)',
	refresh: 'Fetching the feeds in the background while the reader runs',
	notify: 'Desktop notifications of new articles (off by default)',
	ui: 'The screen: the mouse',
	feeds: 'Per-feed settings: [feeds."<feed URL, name or folder>"] with name, tags, every ("2h"), keep (items), keep-days, user-agent, headers ({Authorization = "…"}), ignore (queries never stored) and auto-download (true: download new episodes after each fetch)',
	keys: 'Key bindings: command = key, or a list of keys; "g g" is a sequence; [] unbinds. [keys.<context>] binds in one context only (list, article, …)',
};

const entries = <T extends object>(object: T) => Object.entries(object) as Array<[string, Field<unknown>]>;

export function defaults(): Config {
	const out: Record<string, Record<string, unknown>> = {};
	for (const section of Object.keys(schema) as Section[]) {
		out[section] = Object.fromEntries(entries(schema[section]).map(([key, field]) => [key, field.default]));
	}

	return {...out, feeds: {}} as unknown as Config;
}

export type Problem = {readonly path: readonly string[]; readonly message: string};

/**
A parsed file against the schema: every good value taken, every bad one reported (with its key path; the caller finds
the line) and replaced by its default. Unknown sections and keys are reported too, with the nearest known name.
*/
export function validate(raw: Readonly<Record<string, unknown>>): {config: Config; problems: Problem[]} {
	const problems: Problem[] = [];
	const config = defaults() as unknown as Record<string, Record<string, unknown>>;
	const feeds = checkFeedsSection(raw['feeds']);
	config['feeds'] = feeds.feeds as Record<string, unknown>;
	problems.push(...feeds.problems);
	for (const [section, body] of Object.entries(raw)) {
		if ((extraSections as readonly string[]).includes(section)) {
			continue;
		}

		if (!(section in schema)) {
			problems.push({path: [section], message: `unknown section [${section}]${suggest(section, [...Object.keys(schema), ...extraSections])}`});
			continue;
		}

		if (typeof body !== 'object' || body === null || Array.isArray(body)) {
			problems.push({path: [section], message: `must be a table [${section}], not ${described(body)}`});
			continue;
		}

		const fields = schema[section as Section] as Record<string, Field<unknown>>;
		for (const [key, value] of Object.entries(body)) {
			const field = fields[key];
			if (field === undefined) {
				problems.push({path: [section, key], message: `unknown setting ${section}.${key}${suggest(key, Object.keys(fields))}`});
				continue;
			}

			const checked = field.check(value);
			if (typeof checked === 'object' && checked !== null && 'error' in checked) {
				const {error, at} = checked as {error: string; at?: readonly string[]};
				problems.push({path: [section, key, ...(at ?? [])], message: `${section}.${key} ${error}; the default is used`});
			} else {
				config[section]![key] = checked;
			}
		}
	}

	return {config: config as unknown as Config, problems};
}


const tomlKey = (key: string) => (/^[A-Za-z0-9_-]+$/u.test(key) ? key : JSON.stringify(key));
const tomlValue = (value: unknown): string => {
	if (Array.isArray(value)) {
		return `[${value.map(item => tomlValue(item)).join(', ')}]`;
	}

	if (typeof value === 'object' && value !== null) {
		return `{${Object.entries(value).map(([key, item]) => `${tomlKey(key)} = ${tomlValue(item)}`).join(', ')}}`;
	}

	return JSON.stringify(value);
};

/**
The whole file with every default and a comment each (`tidings config show --defaults`). `keys` is the key table's
defaults as `[keys]` lines, given by the caller (the key table lives in source/app/).
*/
export function defaultsToml(keys: ReadonlyArray<{id: string; keys: readonly string[]; help: string; context?: string}>, values: Config = defaults()): string {
	const lines = ['# Tidings configuration (config.toml). Every setting with its default; remove what you do not change.', ''];
	for (const section of Object.keys(schema) as Section[]) {
		lines.push(`# ${sectionHelp[section]}`, `[${section}]`);
		for (const [key, field] of entries(schema[section])) {
			lines.push(`# ${field.help}`, `${tomlKey(key)} = ${tomlValue((values[section] as Record<string, unknown>)[key])}`);
		}

		lines.push('');
	}

	lines.push(`# ${sectionHelp.feeds}`);
	const feeds = Object.entries(values.feeds);
	if (feeds.length === 0) {
		lines.push('# [feeds."https://example.org/feed.xml"]', '# name = "Example"', '# tags = ["daily"]', '# every = "2h"', '# keep = 200', '# keep-days = 30', '# user-agent = "Tidings"', '# headers = {Authorization = "Bearer …"}', '# ignore = ["sponsored"]');
	}

	for (const [feed, settings] of feeds) {
		lines.push(`[feeds.${JSON.stringify(feed)}]`, ...Object.entries(feedTable(settings)).map(([key, value]) => `${tomlKey(key)} = ${tomlValue(value)}`));
	}

	lines.push('');
	lines.push(`# ${sectionHelp.keys}`, '[keys]');
	for (const row of keys.filter(item => item.context === undefined)) {
		lines.push(`# ${row.help}`, `${tomlKey(row.id)} = ${tomlValue(row.keys)}`);
	}

	const contexts = [...new Set(keys.flatMap(item => (item.context === undefined ? [] : [item.context])))];
	for (const context of contexts) {
		lines.push('', `[keys.${tomlKey(context)}]`);
		for (const row of keys.filter(item => item.context === context)) {
			lines.push(`${tomlKey(row.id)} = ${tomlValue(row.keys)}`);
		}
	}

	return `${lines.join('\n')}\n`;
}

/** Per-feed settings as the file writes them. */
function feedTable(settings: FeedSettings): Record<string, unknown> {
	const duration = (ms: number) => (ms % 604_800_000 === 0 ? `${ms / 604_800_000}w` : ms % 86_400_000 === 0 ? `${ms / 86_400_000}d` : ms % 3_600_000 === 0 ? `${ms / 3_600_000}h` : `${Math.round(ms / 60_000)}m`);
	const table: Record<string, unknown> = {
		name: settings.name, tags: settings.tags, every: settings.every === undefined ? undefined : duration(settings.every), keep: settings.keep,
		'keep-days': settings.keepDays, 'user-agent': settings.userAgent, headers: settings.headers, ignore: settings.ignore,
		'auto-download': settings.autoDownload,
	};
	return Object.fromEntries(Object.entries(table).filter(([, value]) => value !== undefined));
}

/** The README's configuration section (scripts/docs.ts writes it between markers). */
export function configMarkdown(): string {
	const lines = ['| Setting | Default | What it does |', '| --- | --- | --- |'];
	for (const section of Object.keys(schema) as Section[]) {
		lines.push(`| **[${section}]** | | ${sectionHelp[section]} |`);
		for (const [key, field] of entries(schema[section])) {
			lines.push(`| \`${key}\` | \`${tomlValue(field.default).replaceAll('|', '\\|')}\` | ${field.help.replaceAll('|', '\\|')} |`);
		}
	}

	lines.push(`| **[feeds."…"]** | none | ${sectionHelp.feeds.replaceAll('|', '\\|')} |`, `| **[keys]** | the key table above | ${sectionHelp.keys} |`);
	return lines.join('\n');
}

// In a module of its own, which the key table (and `tidings --help`'s fast path) loads without the schema.
export {suggest} from './suggest.js';
