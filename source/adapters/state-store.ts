import fs from 'node:fs';
import path from 'node:path';
import {Ajv2020, type ValidateFunction} from 'ajv/dist/2020.js';
import Conf from 'conf';
import {precompiled} from './store-validators.js';
import {readViews, type SavedView} from '../core/query/views.js';
import {defaultSettings, paneModes, readingWidth, type Settings} from '../core/settings.js';
import {journalSchema, lastApplied, nextUndone, redoEntry, undoEntry, withEntryIds, type JournalEntry} from '../core/journal.js';
import {neutraliseLine} from '../core/text/neutralise.js';
import {removeLeftoverTemporaries} from './atomic-file.js';
import {lockFileSync, type FileLock} from './file-lock.js';

/**
Read state, stars, positions, settings, subscriptions, saved views and the undo journal, in one JSON file under one
JSON schema (`storeSchema`, checked with Ajv, the validator conf uses, on every read and every write).

Shape for scale: marks are compact arrays on disk and Sets in memory, so `isRead` is O(1) and a key press never
touches the disk. Changes are mutators: each is applied to memory at once and queued; a flush takes the store's
lock, re-reads the file, applies the queued mutators to what is on disk now, and writes it atomically (the one
atomic writer, source/adapters/atomic-file.ts). Two processes therefore merge their changes instead of overwriting
each other's, and a SIGKILL at any moment leaves the old file or the new one.

A writer stalled past its lock (issue 15): just before its rename, a flush checks that it still holds the lock and
that the file is still the one it read; if not, it starts again from what is on disk. So a `tidings mark` stopped
with Ctrl-Z while another process took the lock over cannot rename an old state over the other's newer one. (What
remains is the time between that check and the rename itself, two system calls.)

Why not conf itself any more: conf resolves a symlinked `state.json` and writes through it (changing the mode of the
file it points at), and it has no point between its write and its rename where that check could run.
*/

export type {Settings, SortOrder} from '../core/settings.js';

/** What is kept on disk, JSON-shaped. Unknown top-level keys written by a newer Tidings are kept as they are. */
export type StoreFile = {
	version: 1;
	read: string[];
	starred: string[];
	positions: Record<string, number>;
	selected?: string;
	settings: Settings;
	[key: string]: unknown;
};

/** The in-memory view: the same data with Sets and Maps for O(1) look-ups. Mutators work on this shape. */
export type StoreState = {
	read: Set<string>;
	starred: Set<string>;
	positions: Map<string, number>;
	selected?: string;
	settings: Settings;
	/** Subscriptions (source/adapters/feeds/subscriptions.ts reads them): each has a URL and a folder, the schema says. */
	feeds: StoredFeed[];
	/** Saved views (source/core/query/views.ts). */
	views: SavedView[];
	/** The undo journal of read marks and stars (source/core/journal.ts), as the schema checked it. */
	journal?: unknown;
	/** Every other top-level key, as JSON: what a newer Tidings or another module (per-feed settings) keeps. */
	extra: Record<string, unknown>;
};

/** One subscription as stored: the URL and folder the schema requires, and its other fields. */
export type StoredFeed = {url: string; slug: string; [key: string]: unknown};

export type Mutator = (state: StoreState) => void;

export {defaultSettings} from '../core/settings.js';

const idList = {type: 'array', items: {type: 'string'}} as const;
export const storeSchema = {
	version: {type: 'number'},
	read: idList,
	starred: idList,
	positions: {type: 'object', additionalProperties: {type: 'number', minimum: 0}},
	selected: {type: 'string'},
	settings: {
		type: 'object',
		properties: {
			width: {type: 'number', minimum: readingWidth.minimum, maximum: readingWidth.maximum},
			sort: {enum: ['newest', 'oldest', 'source', 'title']},
			unreadOnly: {type: 'boolean'},
			panes: {enum: [...paneModes]},
		},
	},
	// Subscriptions (source/adapters/feeds/subscriptions.ts): a feed URL and its library folder are required.
	feeds: {
		type: 'array',
		items: {
			type: 'object',
			required: ['url', 'slug'],
			properties: {
				url: {type: 'string'},
				slug: {type: 'string', minLength: 1, maxLength: 100},
				name: {type: 'string'},
				title: {type: 'string'},
				siteUrl: {type: 'string'},
				category: {type: 'string'},
				addedAt: {type: 'string'},
				etag: {type: 'string'},
				lastModified: {type: 'string'},
				lastFetchAt: {type: 'string'},
				lastSuccessAt: {type: 'string'},
				lastError: {type: 'string'},
				idsNamespaced: {type: 'boolean'},
				failures: {type: 'integer', minimum: 0},
				retryAt: {type: 'string'},
			},
		},
	},
	// The undo journal of read marks and stars (source/core/journal.ts).
	journal: journalSchema,
	// Saved views (source/core/query/views.ts): a name and the query it stands for.
	views: {
		type: 'array',
		items: {type: 'object', required: ['name', 'query'], properties: {name: {type: 'string'}, query: {type: 'string'}}},
	},
	// Podcasts and media (source/adapters/media/positions.ts): where each episode (by its enclosure URL) was left.
	media: {
		type: 'object',
		properties: {
			positions: {
				type: 'object',
				propertyNames: {maxLength: 4096},
				additionalProperties: {
					type: 'object',
					required: ['at'],
					properties: {at: {type: 'number', minimum: 0}, duration: {type: 'number', minimum: 0}, saved: {type: 'string'}},
				},
			},
			// Finished downloads (source/adapters/media/podcasts.ts), by enclosure URL: the file, its size and type as served.
			downloads: {
				type: 'object',
				propertyNames: {maxLength: 4096},
				additionalProperties: {
					type: 'object',
					required: ['path', 'bytes'],
					properties: {path: {type: 'string'}, bytes: {type: 'number', minimum: 0}, type: {type: 'string'}, at: {type: 'string'}, duration: {type: 'number', minimum: 0}},
				},
			},
		},
	},
} as const;


/** The keys with a place in `StoreState` of their own; every other key is in `extra`. */
const knownKeys = new Set(['version', 'read', 'starred', 'positions', 'selected', 'settings', 'feeds', 'views', 'journal']);
/** Keys that other modules own: when one fails the schema it is dropped whole, so it can never block saving marks. */
const ownedElsewhere = new Set(['feeds', 'journal', 'views']);

export function fileToState(file: Partial<StoreFile>): StoreState {
	const extra: Record<string, unknown> = {};
	for (const [key, value] of Object.entries(file)) {
		if (!knownKeys.has(key)) {
			extra[key] = value;
		}
	}

	return {
		read: new Set(file.read ?? []),
		starred: new Set(file.starred ?? []),
		positions: new Map(Object.entries(file.positions ?? {})),
		selected: file.selected,
		settings: {...defaultSettings, ...file.settings},
		feeds: Array.isArray(file['feeds']) ? (file['feeds'] as unknown[]).filter((entry): entry is StoredFeed => isRecord(entry) && typeof entry['url'] === 'string' && typeof entry['slug'] === 'string') : [],
		views: readViews(file['views']),
		journal: file['journal'],
		extra,
	};
}

export function stateToFile(state: StoreState): StoreFile {
	const positions: Record<string, number> = {};
	for (const [id, line] of state.positions) {
		positions[id] = line;
	}

	const file: StoreFile = {
		...state.extra,
		version: 1,
		read: [...state.read],
		starred: [...state.starred],
		positions,
		settings: state.settings,
	};
	if (state.feeds.length > 0) {
		file['feeds'] = state.feeds;
	}

	if (state.views.length > 0) {
		file['views'] = state.views;
	}

	if (state.journal !== undefined) {
		file['journal'] = state.journal;
	}

	if (state.selected !== undefined) {
		file.selected = state.selected;
	}

	return file;
}

type SchemaNode = {
	readonly type?: string;
	readonly items?: SchemaNode;
	readonly properties?: Readonly<Record<string, SchemaNode>>;
	readonly additionalProperties?: SchemaNode | boolean;
};

// `validateSchema: false`: the schema is ours and fixed (test/state-store tests compile it); checking it against the
// JSON Schema 2020-12 meta-schema first cost ~35 ms of every start (issue 14), for no check a user could fail.
export const storeAjvOptions = {allErrors: false, strict: false, validateSchema: false} as const;
let ajv: Ajv2020 | undefined;
const validators = new Map<string, ValidateFunction>();
/**
A compiled validator for one key of `storeSchema` (or a part of one, by its path of keys), made once: the build's
precompiled one for a top-level key (store-validators.ts), else compiled here.
*/
function validatorFor(key: string, schema: SchemaNode): ValidateFunction {
	let validate = validators.get(key);
	if (validate === undefined) {
		validate = precompiled[key] ?? (ajv ??= new Ajv2020(storeAjvOptions)).compile(schema);
		validators.set(key, validate);
	}

	return validate;
}

const firstError = (validate: ValidateFunction): string => {
	const error = validate.errors?.[0];
	return error === undefined ? 'not valid' : `${error.instancePath === '' ? '' : `${error.instancePath} `}${error.message ?? 'is not valid'}`;
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

/**
Keeps what is valid of `value` under `schema`: a valid value whole; of a list, the valid items; of an object, the
valid properties. `path` names the value in problems (`"settings.width"`). Driven by `storeSchema`, so the checks
are written once, in the schema, and not again by hand here.
*/
function salvageValue(path: string, schema: SchemaNode, value: unknown, problems: string[]): {value: unknown} | undefined {
	const validate = validatorFor(path, schema);
	const valid: boolean = validate(value);
	if (valid) {
		return {value};
	}

	if (schema.type === 'array' && Array.isArray(value) && schema.items !== undefined) {
		const items = value.filter(item => validatorFor(`${path}[]`, schema.items!)(item));
		problems.push(`${value.length - items.length} entries of "${path}" are not valid (${firstError(validatorFor(`${path}[]`, schema.items))})`);
		return {value: items};
	}

	if (schema.type === 'object' && isRecord(value)) {
		const kept: Record<string, unknown> = {};
		for (const [key, field] of Object.entries(value)) {
			const fieldSchema = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
			if (fieldSchema === undefined) {
				kept[key] = field;
				continue;
			}

			const named = schema.properties?.[key] === undefined ? `${path}[]` : `${path}.${key}`;
			if (validatorFor(named, fieldSchema)(field)) {
				kept[key] = field;
			} else {
				problems.push(`"${schema.properties?.[key] === undefined ? `${path}.${key}` : named}" is not valid (${firstError(validatorFor(named, fieldSchema))})`);
			}
		}

		return {value: kept};
	}

	problems.push(`"${path}" is not valid (${firstError(validate)})`);
	return undefined;
}

/**
Checks a parsed store against `storeSchema` key by key, keeping what is valid: one bad setting must not cost the user
every read mark. A key another module owns (subscriptions, journal, views) that fails is dropped whole and named in
`dropped`, so that one bad subscription can never stop read marks from being saved.
*/
export function salvageStore(value: unknown): {file: Partial<StoreFile>; problems: string[]; dropped: string[]} {
	if (!isRecord(value)) {
		return {file: {}, problems: [`the top level is ${value === null ? 'null' : (Array.isArray(value) ? 'an array' : typeof value)}, not an object`], dropped: []};
	}

	const problems: string[] = [];
	const dropped: string[] = [];
	const file: Record<string, unknown> = {};
	for (const [key, field] of Object.entries(value)) {
		const schema = (storeSchema as Readonly<Record<string, SchemaNode>>)[key];
		if (schema === undefined) {
			// Written by a newer Tidings: kept as it is.
			file[key] = field;
			continue;
		}

		if (ownedElsewhere.has(key)) {
			const validate = validatorFor(key, schema);
			if (validate(field)) {
				file[key] = field;
			} else {
				problems.push(`"${key}" is not valid (${firstError(validate)})`);
				dropped.push(`"${key}" (${firstError(validate)})`);
			}

			continue;
		}

		const kept = salvageValue(key, schema, field, problems);
		if (kept !== undefined && key !== 'version') {
			file[key] = key === 'settings' ? {...defaultSettings, ...(kept.value as Partial<Settings>)} : kept.value;
		}
	}

	return {file: file as Partial<StoreFile>, problems, dropped};
}

/** What reading the store file found. A damaged file comes with whatever of it is still usable. */
export type StoreRead =
	| {readonly kind: 'missing'}
	| {readonly kind: 'ok'; readonly file: Partial<StoreFile>}
	| {readonly kind: 'damaged'; readonly reason: string; readonly salvaged: Partial<StoreFile>; readonly dropped?: readonly string[]};

/** The identity of a file's current contents: any rename over it (every write) changes it. */
function fileIdentity(file: string): string | undefined {
	const stat = fs.statSync(file, {throwIfNoEntry: false, bigint: true});
	return stat === undefined ? undefined : `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
}

/** The store file may not be larger than this: a bigger one is damaged (or not ours), never read whole into memory. */
const maxStoreBytes = 256 * 1024 * 1024;

/** Reads and checks the store file. Throws only when it cannot be read at all (not there is `missing`). */
export function readStoreFile(file: string): StoreRead {
	let text: string;
	try {
		const stat = fs.statSync(file);
		if (stat.isDirectory()) {
			throw Object.assign(new Error(`${file} is a folder, not a file`), {code: 'EISDIR'});
		}

		if (stat.size > maxStoreBytes) {
			return {kind: 'damaged', reason: `it is ${Math.round(stat.size / 1024 / 1024)} MB, more than a store can be`, salvaged: {}};
		}

		text = fs.readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return {kind: 'missing'};
		}

		throw error;
	}

	let value: unknown;
	try {
		value = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
	} catch {
		const reason = text.trim() === '' ? 'it is empty' : 'it is not valid JSON (truncated or overwritten?)';
		return {kind: 'damaged', reason, salvaged: {}};
	}

	const {file: salvaged, problems, dropped} = salvageStore(value);
	if (problems.length > 0) {
		return {kind: 'damaged', reason: problems.slice(0, 3).join('; '), salvaged, dropped};
	}

	return {kind: 'ok', file: salvaged};
}

function timestamp(date = new Date()): string {
	return date.toISOString().replaceAll(':', '-').replace(/\.\d+Z$/u, 'Z');
}

/** Moves a damaged store file aside under a name no other file has, and returns that name. */
function moveAside(file: string): string {
	const base = `${file}.damaged-${timestamp()}`;
	for (let attempt = 0; ; attempt++) {
		const aside = attempt === 0 ? base : `${base}-${attempt}`;
		try {
			// A hard link fails when the name is taken, unlike rename, which would replace an earlier damaged copy.
			fs.linkSync(file, aside);
			fs.unlinkSync(file);
			return aside;
		} catch (error) {
			const {code} = error as NodeJS.ErrnoException;
			if (code !== 'EEXIST') {
				if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') {
					// No hard links on this file system: rename, having checked the name is free (we hold the lock).
					if (!fs.existsSync(aside)) {
						fs.renameSync(file, aside);
						return aside;
					}

					continue;
				}

				throw error;
			}
		}
	}
}

const damagedNotice = (reason: string, aside: string) =>
	`The read-state file was damaged (${reason}). It was kept as ${aside}; Tidings started a fresh one with the marks it could still read.`;

/** What `undo` and `redo` did. */
export type JournalStep = {readonly kind: 'done'; readonly entry: JournalEntry} | {readonly kind: 'nothing'} | {readonly kind: 'elsewhere'};

export type OpenResult = {
	readonly store: StateStore;
	/** Told to the user: e.g. the store was damaged and moved aside, or marks cannot be kept. */
	readonly notices: readonly string[];
};

// The folder that holds the store: in ./folders.ts, which `tidings --help` loads without the store.
export {configDirectory} from './folders.js';

/** Thrown inside a flush when the lock was taken over or the file changed under it: the flush starts again. */
class StaleWriteError extends Error {}

/** How long a lock may be held before another process takes it over (its holder died or is stopped). */
const staleLockMs = 5000;

/** Why the store cannot be written, in words, for the notice; undefined when the error is not about that. */
function notWritable(error: unknown): string | undefined {
	const {code} = (error ?? {}) as NodeJS.ErrnoException;
	switch (code) {
		case 'EACCES':
		case 'EPERM': {
			return 'its folder is not writable';
		}

		case 'EROFS': {
			return 'its folder is on a read-only file system';
		}

		case 'EISDIR': {
			return 'state.json is a folder, not a file';
		}

		case 'ENOTDIR': {
			return 'a file stands where its folder should be';
		}

		case 'ENOSPC':
		case 'EDQUOT': {
			return 'the disk is full';
		}

		case 'ELOCKED': {
			return 'another Tidings process holds its lock';
		}

		default: {
			return undefined;
		}
	}
}

/**
The conf store over `directory/state.json`: one schema (`storeSchema`, checked by conf's Ajv on every write, after the
store's own check, `#validated`), 0600, no dot-notation. Damage is handled by `readStoreFile` before conf reads the
file, so conf never clears it on its own; `beforeWrite` runs in conf's serialize step, just before its atomic write.

Tried (issue 14) and not kept: conf without the schema (the store's own check says the same). A write at 50,000 marks
allocated 20 MB instead of 33 (conf deep-copies the store for its validator) and took 35 instead of 64 ms, and the
100k peak was 1.4 MB lower (3 runs each); but the 1 MB article's first screen, Enter pressed as the titles appear,
came later in three interleaved A/Bs of bench/big-article.ts (8-10 runs each, load 1.0-1.7): 113 against 94, 101
and 98 against 84 ms: its render comes back from the worker later. Why, we did not find.
*/
function makeConf(directory: string, beforeWrite: () => void): Conf<Record<string, unknown>> {
	return new Conf<Record<string, unknown>>({
		projectName: 'tidings',
		cwd: directory,
		configName: 'state',
		schema: storeSchema as never,
		// Our fixed schema need not be checked against the meta-schema on every start (~15 ms, issue 14).
		ajvOptions: {validateSchema: false},
		clearInvalidConfig: false,
		accessPropertiesByDotNotation: false,
		configFileMode: 0o600,
		serialize(value) {
			beforeWrite();
			return serializeStore(value);
		},
	});
}

/** A list or a map longer than this is written in slices. */
const longValue = 256;
/** Items per slice: ~100 KB of text at most, under V8's large-object size, so each slice's string dies young. */
const sliceItems = 1000;

/**
The store's file text, exactly `JSON.stringify(value, undefined, '\t')` and a newline, as bytes made a slice at a
time: at 50,000 read marks the file is 5 MB, and one string of it was a large object on top of the bytes written from
it, at every flush (issue 14: the reader's peak memory is its largest burst). Long lists and maps (the read marks,
the positions) go `sliceItems` at a time, each slice written by `JSON.stringify` itself and indented one level more;
every other value as `JSON.stringify` writes it.
*/
export function serializeStore(value: Readonly<Record<string, unknown>>): Uint8Array {
	const pieces: Buffer[] = [];
	const add = (text: string) => {
		pieces.push(Buffer.from(text, 'utf8'));
	};

	// A slice's own text, "[\n\t…\n]" or "{\n\t…\n}", as the inside of a value one level deeper ('' when empty).
	const inside = (text: string): string => (text.length <= 2 ? '' : `\t${text.slice(2, -2).replaceAll('\n', '\n\t')}`);
	let first = true;
	for (const key of Object.keys(value)) {
		const item = value[key];
		if (item === undefined || typeof item === 'function' || typeof item === 'symbol') {
			// As JSON.stringify: a key whose value JSON has no form for is left out.
			continue;
		}

		const head = `${first ? '{\n' : ',\n'}\t${JSON.stringify(key)}: `;
		first = false;
		const long = Array.isArray(item) ? item.length > longValue : typeof item === 'object' && item !== null && Object.keys(item).length > longValue;
		if (!long) {
			add(head + JSON.stringify(item, undefined, '\t').replaceAll('\n', '\n\t'));
			continue;
		}

		const list = Array.isArray(item);
		const entries = list ? undefined : Object.entries(item as Record<string, unknown>);
		const count = list ? item.length : entries!.length;
		let written = 0;
		for (let start = 0; start < count; start += sliceItems) {
			const slice = list ? item.slice(start, start + sliceItems) : Object.fromEntries(entries!.slice(start, start + sliceItems));
			const text = inside(JSON.stringify(slice, undefined, '\t'));
			if (text !== '') {
				add(`${written === 0 ? `${head}${list ? '[' : '{'}\n` : ',\n'}${text}`);
				written++;
			}
		}

		add(written === 0 ? `${head}${list ? '[]' : '{}'}` : `\n\t${list ? ']' : '}'}`);
	}

	add(first ? '{}\n' : '\n}\n');
	return Buffer.concat(pieces);
}

/**
A change is written `quietMs` after it is made, or, while the reader keeps drawing frames (`postpone`), once it has
been still that long, and never later than `maxWaitMs` after the change.
*/
const flushTiming = {quietMs: 250, maxWaitMs: 2000};

export class StateStore {
	/**
	Opens (or creates) the store in `directory`. A damaged file (not JSON, truncated, wrong shape) is moved aside under
	a timestamped name, never wiped; the marks still readable in it are carried over and `notices` says where the
	file went. Runs under the store's lock, so two processes opening a damaged store at once move it aside once.

	Never throws for a store that cannot be written (a read-only folder, `state.json` a folder, a full disk): the store
	then works in memory, reading what it can, and `notices` says that marks are not kept. A folder that exists is
	left with its mode (it may be shared, 1777); only a folder created here is made private (0700). The file is 0600.
	*/
	static open(directory: string, {deferWriter = false}: {deferWriter?: boolean} = {}): OpenResult {
		const notices: string[] = [];
		const file = path.join(directory, 'state.json');
		try {
			const created = fs.mkdirSync(directory, {recursive: true, mode: 0o700});
			if (created !== undefined) {
				fs.chmodSync(directory, 0o700);
			}

			const lock = lockFileSync(file, {stale: staleLockMs});
			try {
				removeLeftoverTemporaries(file, [`${path.basename(file)}.tmp-`]);
				const found = readStoreFile(file);
				if (found.kind === 'damaged') {
					const aside = moveAside(file);
					notices.push(damagedNotice(found.reason, aside));
					if (found.dropped !== undefined && found.dropped.length > 0) {
						notices.push(`Dropped from the read-state file: ${found.dropped.join(', ')}`);
					}
				}

				const state = fileToState(found.kind === 'ok' ? found.file : (found.kind === 'damaged' ? found.salvaged : {}));
				const store = new StateStore(file, state, notices);
				// conf reads the file once as it starts: the file is valid by now (or gone), so it never throws on damage.
				// `deferWriter` (the reader): made by `prepareWriter` once the first frame is out, or by the first write.
				if (!deferWriter) {
					store.#conf = makeConf(directory, () => store.#beforeWrite?.());
				}

				if (found.kind === 'damaged' || isSymlink(file)) {
					// The salvaged marks go to disk at once; a symlinked state.json becomes a file of our own.
					store.#write(lock, fileIdentity(file), state);
				} else if (found.kind === 'ok') {
					makePrivate(file);
				}

				store.#written = fileIdentity(file);
				return {store, notices};
			} finally {
				lock.release();
			}
		} catch (error) {
			const reason = notWritable(error);
			if (reason === undefined) {
				throw error;
			}

			return StateStore.#inMemory(file, reason, notices);
		}
	}

	/** A store that reads what it can of `file` and keeps changes in memory only. */
	static #inMemory(file: string, reason: string, notices: string[]): OpenResult {
		let state: StoreState = fileToState({});
		try {
			const found = readStoreFile(file);
			state = fileToState(found.kind === 'ok' ? found.file : (found.kind === 'damaged' ? found.salvaged : {}));
		} catch {}

		notices.push(`Read marks, stars and settings are not kept: the read-state file ${file} cannot be written (${reason}). Tidings works without it until it can.`);
		const store = new StateStore(file, state, notices);
		store.#keeping = false;
		return {store, notices};
	}

	readonly path: string;
	#state: StoreState;
	#pending: Mutator[] = [];
	#timer: NodeJS.Timeout | undefined;
	/** When the flush the timer waits for became due, and when the reader last drew a frame (`postpone`). */
	#dueSince = 0;
	#movedAt = Number.NEGATIVE_INFINITY;
	#timing = flushTiming;
	#listeners = new Set<(error: Error) => void>();
	#noticeListeners = new Set<(message: string) => void>();
	#flushListeners = new Set<() => void>();
	#notices: string[];
	#keeping = true;
	/** The identity of the file as this process last wrote or read it. */
	#written: string | undefined;
	#conf: Conf<Record<string, unknown>> | undefined;
	/** Run by conf just before it writes: the stale-write check of the write under way. */
	#beforeWrite: (() => void) | undefined;

	private constructor(file: string, state: StoreState, notices: string[]) {
		this.path = file;
		this.#state = state;
		// Notices quote paths and parts of a damaged file: neutralised for the screen.
		for (const [index, notice] of notices.entries()) {
			notices[index] = neutraliseLine(notice);
		}

		this.#notices = [...notices];
	}

	/** The in-memory state. Read it freely; change it only through `change()`. */
	get state(): Readonly<StoreState> {
		return this.#state;
	}

	/** False when changes cannot be written (see `notices()`): they are kept in memory for this run only. */
	get keeping(): boolean {
		return this.#keeping;
	}

	/**
	Every notice so far (damaged file moved aside, keys dropped, marks not kept), oldest first, for a view to show;
	`onNotice` tells about new ones as they happen.
	*/
	notices(): readonly string[] {
		return this.#notices;
	}

	isRead(id: string): boolean {
		return this.#state.read.has(id);
	}

	isStarred(id: string): boolean {
		return this.#state.starred.has(id);
	}

	/**
	Makes the writer (conf, with its schema compiled: ~20 ms) now, under the lock, for a store opened with
	`deferWriter`: the reader calls it once its first frame is out (issue 14). When it cannot (the lock is busy, the
	file was damaged meanwhile), the first write makes it, as before.
	*/
	prepareWriter(): void {
		if (this.#conf !== undefined || !this.#keeping) {
			return;
		}

		try {
			const lock = lockFileSync(this.path, {stale: staleLockMs});
			try {
				this.#conf ??= makeConf(path.dirname(this.path), () => this.#beforeWrite?.());
			} finally {
				lock.release();
			}
		} catch {}
	}

	/** Applies a change to memory now and to disk at the next flush (merged with whatever else is on disk then). */
	change(mutator: Mutator, {flush = 'soon'}: {flush?: 'soon' | 'now' | 'later'} = {}): void {
		// The same journal entry ids in memory and on disk (see `withEntryIds`).
		const seed = globalThis.crypto.randomUUID();
		const seeded: Mutator = state => {
			withEntryIds(seed, () => {
				mutator(state);
			});
		};

		seeded(this.#state);
		this.#pending.push(seeded);
		if (flush === 'now') {
			this.flush();
		} else if (flush === 'soon') {
			this.#schedule();
		}
	}

	/**
	Takes back the last change to read marks or stars that this store shows, even when other processes have recorded
	changes since (only that change's articles are set back), and writes it at once. `elsewhere`: the change was
	undone by another process meanwhile (memory now shows the file as it is; a caller may try again).
	*/
	undo(): JournalStep {
		return this.#journalStep(lastApplied, undoEntry);
	}

	/** Puts back the change last undone, as `undo` takes one back. */
	redo(): JournalStep {
		return this.#journalStep(nextUndone, redoEntry);
	}

	#journalStep(pick: (state: StoreState) => JournalEntry | undefined, apply: (state: StoreState, entry: JournalEntry) => JournalEntry | undefined): JournalStep {
		const shown = pick(this.#state);
		if (shown === undefined) {
			return {kind: 'nothing'};
		}

		let result: JournalEntry | undefined;
		this.change(state => {
			result = apply(state, shown);
		}, {flush: this.#keeping ? 'now' : 'later'});
		return result === undefined ? {kind: 'elsewhere'} : {kind: 'done', entry: result};
	}

	/** Runs after each flush that wrote changes (the shared-state merge follows them: source/adapters/sync/). */
	onFlush(listener: () => void): () => void {
		this.#flushListeners.add(listener);
		return () => this.#flushListeners.delete(listener);
	}

	/** Reports flush failures (the marks stay in memory and the next flush retries). */
	onError(listener: (error: Error) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	get hasPending(): boolean {
		return this.#pending.length > 0;
	}

	/**
	The store file's identity while this store's memory is that file (the one it last read or wrote, no change
	pending); undefined when another process wrote it since, or it is not kept (the shared state's in-step record).
	*/
	get identityInStep(): string | undefined {
		if (!this.#keeping || this.#pending.length > 0) {
			return undefined;
		}

		const now = fileIdentity(this.path);
		return now !== undefined && now === this.#written ? now : undefined;
	}

	/**
	The reader is moving (a frame was drawn): a flush due soon waits until it has been still for `quietMs`, and at most
	`maxWaitMs` after it became due (issue 14: a flush rewrites the whole file, ~25 ms at 50,000 marks, on the
	reader's thread; at 100k the bench's `p` after an `n` waited 30-45 ms for the flush of the open's mark). A kill
	in between loses what a kill before a flush always lost; exit, signals and `flush: 'now'` write at once.
	*/
	postpone(): void {
		this.#movedAt = performance.now();
	}

	/** The pauses `postpone` waits for (tests). */
	setFlushTiming(timing: Partial<typeof flushTiming>): void {
		this.#timing = {...this.#timing, ...timing};
	}

	#schedule() {
		if (this.#timer !== undefined) {
			return;
		}

		this.#dueSince = performance.now();
		const fire = (): void => {
			this.#timer = undefined;
			const {quietMs, maxWaitMs} = this.#timing;
			const wait = Math.min(this.#movedAt + quietMs, this.#dueSince + maxWaitMs) - performance.now();
			if (wait > 0) {
				this.#timer = setTimeout(fire, wait);
				this.#timer.unref();
				return;
			}

			try {
				this.flush();
			} catch (error) {
				// The message can quote a path (a file system error): neutralised, as it goes to the status line.
				const safe = new Error(neutraliseLine(error instanceof Error ? error.message : String(error)), {cause: error});
				for (const listener of this.#listeners) {
					listener(safe);
				}
			}
		};

		this.#timer = setTimeout(fire, this.#timing.quietMs);
		this.#timer.unref();
	}

	/**
	Writes the queued changes, synchronously (it also runs from exit and signal handlers). Under the lock: read what is
	on disk now, apply our mutators to it, write atomically, checking just before the rename that the lock is still
	ours and the file still the one read (else start again). Our memory then becomes that merged state, so changes
	made by other processes show up here too.
	*/
	flush(): void {
		if (this.#timer !== undefined) {
			clearTimeout(this.#timer);
			this.#timer = undefined;
		}

		if (this.#pending.length === 0) {
			return;
		}

		if (!this.#keeping) {
			// Memory has the changes already; there is nowhere to write them.
			this.#pending = [];
			return;
		}

		for (let attempt = 0; ; attempt++) {
			const lock = lockFileSync(this.path, {stale: staleLockMs});
			try {
				this.#flushUnder(lock);
				lock.release();
				for (const listener of this.#flushListeners) {
					listener();
				}

				return;
			} catch (error) {
				if (!(error instanceof StaleWriteError) || attempt >= 20) {
					throw error;
				}
			} finally {
				lock.release();
			}
		}
	}

	/**
	When another process wrote the file since this one last read or wrote it: flushes (merging with it), then takes
	its contents as this store's memory (the shared-state merge needs the newest local state:
	source/adapters/sync/device-sync.ts; the background refresh, subscriptions another process added). When nobody
	did, memory is already the file plus the changes not yet written, and they keep waiting for their flush (issue
	14: the refresh timer's look for subscriptions wrote an open's mark at once, 50 ms on the reader's thread at 100k).
	*/
	refresh(): void {
		if (this.#keeping && this.#written !== undefined && fileIdentity(this.path) === this.#written) {
			return;
		}

		this.flush();
		if (!this.#keeping) {
			return;
		}

		const now = fileIdentity(this.path);
		if (now === undefined || now === this.#written) {
			return;
		}

		const found = readStoreFile(this.path);
		if (found.kind === 'ok' && this.#pending.length === 0) {
			this.#state = fileToState(found.file);
			this.#written = now;
		}
	}

	#flushUnder(lock: FileLock): void {
		const pending = this.#pending;
		// Nobody else has written since our last write (every write renames a new file into place, so any other write
		// changes the identity): memory already holds the file plus our pending changes, and needs no re-read.
		const now = fileIdentity(this.path);
		if (this.#written !== undefined && now !== undefined && now === this.#written && !isSymlink(this.path)) {
			this.#write(lock, now, this.#state);
			this.#pending = [];
			return;
		}

		const found = readStoreFile(this.path);
		let disk: StoreState;
		if (found.kind === 'damaged') {
			// Damaged under us (by hand or by another program): keep it aside and merge into what could be read.
			const aside = moveAside(this.path);
			disk = fileToState(found.salvaged);
			this.#notify(damagedNotice(found.reason, aside));
			if (found.dropped !== undefined && found.dropped.length > 0) {
				this.#notify(`Dropped from the read-state file: ${found.dropped.join(', ')}`);
			}
		} else {
			disk = fileToState(found.kind === 'ok' ? found.file : {});
		}

		for (const mutator of pending) {
			mutator(disk);
		}

		this.#write(lock, found.kind === 'damaged' ? undefined : now, disk);
		this.#pending = [];
		this.#state = disk;
	}

	/**
	Writes `state` through conf (the project's store library: its schema check, its atomic write), refusing
	(StaleWriteError) if the lock was lost or the file is no longer `expected`. The check runs in conf's `serialize`
	hook, the last step before conf writes its temporary file and renames it. A symlinked `state.json` is removed first
	(under the lock), so conf writes a file of our own and never through the link.
	*/
	#write(lock: FileLock, expected: string | undefined, state: StoreState): void {
		const file = this.#validated(state);
		const check = () => {
			if (!lock.held() || fileIdentity(this.path) !== expected) {
				throw new StaleWriteError('the store changed under this write');
			}
		};

		if (isSymlink(this.path)) {
			check();
			fs.unlinkSync(this.path);
			expected = undefined;
		}

		const conf = this.#conf ??= makeConf(path.dirname(this.path), () => this.#beforeWrite?.());
		this.#beforeWrite = check;
		try {
			conf.store = file as never;
		} catch (error) {
			removeLeftoverTemporaries(this.path, [`${path.basename(this.path)}.tmp-`]);
			throw error;
		} finally {
			this.#beforeWrite = undefined;
		}

		makePrivate(this.path);
		this.#written = fileIdentity(this.path);
	}

	/**
	The file's contents for `state`, after the schema check: a key owned by another module that fails it is dropped,
	from the file and from memory; of any other key, only what is valid is written (conf, checking it again, then never
	refuses the write and its marks).
	*/
	#validated(state: StoreState): StoreFile {
		const file = stateToFile(state);
		const {problems, dropped} = salvageStore(file);
		if (problems.length > 0) {
			const failed = (key: string) => dropped.some(entry => entry.startsWith(`"${key}"`));
			for (const key of Object.keys(state.extra)) {
				if (failed(key)) {
					delete state.extra[key];
				}
			}

			if (failed('feeds')) {
				state.feeds = [];
			}

			if (failed('views')) {
				state.views = [];
			}

			if (failed('journal')) {
				state.journal = undefined;
			}

			if (dropped.length > 0) {
				this.#notify(`Dropped from the read-state file: ${dropped.join(', ')}`);
			}

			return {...salvageStore(stateToFile(state)).file, version: 1} as StoreFile;
		}

		return file;
	}

	/** Tells the user about something the store did on its own (a damaged file moved aside during a flush). */
	onNotice(listener: (message: string) => void): () => void {
		this.#noticeListeners.add(listener);
		return () => this.#noticeListeners.delete(listener);
	}

	#notify(raw: string) {
		const message = neutraliseLine(raw);
		this.#notices.push(message);
		for (const listener of this.#noticeListeners) {
			listener(message);
		}
	}
}

function isSymlink(file: string): boolean {
	return fs.lstatSync(file, {throwIfNoEntry: false})?.isSymbolicLink() ?? false;
}

/** Makes our own store file private, never through a link. */
function makePrivate(file: string): void {
	const stat = fs.lstatSync(file, {throwIfNoEntry: false});
	if (stat?.isFile() && (stat.mode & 0o777) !== 0o600) {
		try {
			fs.chmodSync(file, 0o600);
		} catch {}
	}
}
