import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import lockfile from 'proper-lockfile';
import envPaths from 'env-paths';
import {journalSchema} from '../core/journal.js';

/**
Read state, stars, positions, settings and subscriptions, in one `conf` store.

Shape for scale: marks are compact arrays on disk and Sets in memory, so `isRead` is O(1) and a key press never
touches the disk. Changes are mutators: each is applied to memory at once and queued; a flush takes the store's
lock, re-reads the file, applies the queued mutators to what is on disk now, and writes it atomically (conf writes a
temporary file and renames it). Two processes therefore merge their changes instead of overwriting each other's,
and a SIGKILL at any moment leaves the old file or the new one.
*/

export type SortOrder = 'newest' | 'oldest' | 'source' | 'title';

export type Settings = {
	width: number;
	sort: SortOrder;
	unreadOnly: boolean;
};

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
	/** Every other top-level key, as JSON (subscriptions, views, journal). */
	extra: Record<string, unknown>;
};

export type Mutator = (state: StoreState) => void;

export const defaultSettings: Settings = {width: 80, sort: 'newest', unreadOnly: false};

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
			width: {type: 'number', minimum: 20, maximum: 400},
			sort: {enum: ['newest', 'oldest', 'source', 'title']},
			unreadOnly: {type: 'boolean'},
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
			},
		},
	},
	// The undo journal of read marks and stars (source/core/journal.ts).
	journal: journalSchema,
} as const;

const knownKeys = new Set(['version', 'read', 'starred', 'positions', 'selected', 'settings']);

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
	if (state.selected !== undefined) {
		file.selected = state.selected;
	}

	return file;
}

const isRejectedByConf = (error: unknown): error is Error =>
	error instanceof Error && (error.name === 'SyntaxError' || /schema violation|not valid JSON/iu.test(error.message));

/** Top-level keys named in a conf schema error (`` `feeds/0` must have … ``). */
const keysNamedIn = (message: string): string[] =>
	[...message.matchAll(/`([^`/]+)(?:\/[^`]*)?`/gu)].map(match => match[1]!);

/**
Writes `state` atomically. Keys owned by other modules (`extra`, e.g. `feeds`) are checked by conf's schema only: if
one is rejected it is dropped, so that one bad subscription can never stop read marks from being saved. Returns what
was dropped, for a notice.
*/
function writeState(conf: Conf<Record<string, unknown>>, state: StoreState): string | undefined {
	try {
		conf.store = stateToFile(state) as never;
		return undefined;
	} catch (error) {
		if (!isRejectedByConf(error)) {
			throw error;
		}

		const dropped = keysNamedIn(error.message).filter(key => Object.hasOwn(state.extra, key));
		if (dropped.length === 0) {
			throw error;
		}

		for (const key of dropped) {
			delete state.extra[key];
		}

		conf.store = stateToFile(state) as never;
		return `${dropped.map(key => `"${key}"`).join(', ')} (${error.message.split('\n')[0]})`;
	}
}

function makeConf(directory: string): Conf<Record<string, unknown>> {
	return new Conf<Record<string, unknown>>({
		projectName: 'tidings',
		cwd: directory,
		configName: 'state',
		schema: storeSchema as never,
		// Damage is handled by `readStoreFile` before conf sees the file; conf must never clear it on its own.
		clearInvalidConfig: false,
		accessPropertiesByDotNotation: false,
		configFileMode: 0o600,
	});
}

export type OpenResult = {
	readonly store: StateStore;
	/** Told to the user: e.g. the store was damaged and moved aside. */
	readonly notices: readonly string[];
};

/** The folder that holds the store: `$TIDINGS_CONFIG_DIR`, else the platform's config folder for `tidings`. */
export function configDirectory(environment: NodeJS.ProcessEnv = process.env): string {
	return environment['TIDINGS_CONFIG_DIR'] ?? envPaths('tidings', {suffix: ''}).config;
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleepSync = (ms: number) => {
	Atomics.wait(sleeper, 0, 0, ms);
};

function timestamp(date = new Date()): string {
	return date.toISOString().replaceAll(':', '-').replace(/\.\d+Z$/u, 'Z');
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
	typeof value === 'object' && value !== null && !Array.isArray(value);

const sortOrders = new Set<unknown>(['newest', 'oldest', 'source', 'title']);

/** What reading the store file found. A damaged file comes with whatever of it is still usable. */
export type StoreRead =
	| {readonly kind: 'missing'}
	| {readonly kind: 'ok'; readonly file: Partial<StoreFile>}
	| {readonly kind: 'damaged'; readonly reason: string; readonly salvaged: Partial<StoreFile>};

/**
Checks a parsed store against the schema field by field, keeping what is valid. Checked here rather than left to
conf's validation because conf accepts a top-level `null` or array as an empty store and would then overwrite it,
and because one bad setting must not cost the user every read mark: the damaged file is kept aside, the marks in it
are carried over.
*/
export function salvageStore(value: unknown): {file: Partial<StoreFile>; problems: string[]} {
	if (!isRecord(value)) {
		return {file: {}, problems: [`the top level is ${value === null ? 'null' : (Array.isArray(value) ? 'an array' : typeof value)}, not an object`]};
	}

	const problems: string[] = [];
	const file: Partial<StoreFile> = {};
	for (const [key, field] of Object.entries(value)) {
		if (!knownKeys.has(key)) {
			file[key] = field;
		}
	}

	for (const key of ['read', 'starred'] as const) {
		const list = value[key];
		if (list === undefined) {
			continue;
		}

		if (Array.isArray(list)) {
			const ids = list.filter((id): id is string => typeof id === 'string');
			if (ids.length !== list.length) {
				problems.push(`${list.length - ids.length} entries of "${key}" are not ids`);
			}

			file[key] = ids;
		} else {
			problems.push(`"${key}" is not a list`);
		}
	}

	if (value['positions'] !== undefined) {
		if (isRecord(value['positions'])) {
			const positions: Record<string, number> = {};
			for (const [id, line] of Object.entries(value['positions'])) {
				if (typeof line === 'number' && Number.isFinite(line) && line >= 0) {
					positions[id] = line;
				} else {
					problems.push(`the position of "${id}" is not a line number`);
				}
			}

			file.positions = positions;
		} else {
			problems.push('"positions" is not an object');
		}
	}

	if (value['selected'] !== undefined) {
		if (typeof value['selected'] === 'string') {
			file.selected = value['selected'];
		} else {
			problems.push('"selected" is not an id');
		}
	}

	if (value['version'] !== undefined && typeof value['version'] !== 'number') {
		problems.push('"version" is not a number');
	}

	const settings = value['settings'];
	if (settings !== undefined) {
		if (isRecord(settings)) {
			const kept: Partial<Settings> = {};
			const {width, sort, unreadOnly} = settings;
			if (typeof width === 'number' && width >= 20 && width <= 400) {
				kept.width = width;
			} else if (width !== undefined) {
				problems.push('"settings.width" is not between 20 and 400');
			}

			if (sortOrders.has(sort)) {
				kept.sort = sort as SortOrder;
			} else if (sort !== undefined) {
				problems.push('"settings.sort" is not a known order');
			}

			if (typeof unreadOnly === 'boolean') {
				kept.unreadOnly = unreadOnly;
			} else if (unreadOnly !== undefined) {
				problems.push('"settings.unreadOnly" is not true or false');
			}

			file.settings = {...defaultSettings, ...kept};
			for (const [key, field] of Object.entries(settings)) {
				if (!['width', 'sort', 'unreadOnly'].includes(key)) {
					(file.settings as Record<string, unknown>)[key] = field;
				}
			}
		} else {
			problems.push('"settings" is not an object');
		}
	}

	return {file, problems};
}

/** Reads and checks the store file without going through conf, so the verdict does not depend on conf's version. */
function fileIdentity(file: string): string | undefined {
	const stat = fs.statSync(file, {throwIfNoEntry: false, bigint: true});
	return stat === undefined ? undefined : `${stat.ino}:${stat.size}:${stat.mtimeNs}`;
}

export function readStoreFile(file: string): StoreRead {
	let text: string;
	try {
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

	const {file: salvaged, problems} = salvageStore(value);
	if (problems.length > 0) {
		return {kind: 'damaged', reason: problems.slice(0, 3).join('; '), salvaged};
	}

	return {kind: 'ok', file: salvaged};
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

/** Holds the store's lock for `path` while `work` runs. A lock older than `stale` ms (its holder died) is taken over. */
function withLock<T>(file: string, work: () => T, stale = 5000): T {
	fs.mkdirSync(path.dirname(file), {recursive: true, mode: 0o700});
	const deadline = Date.now() + 2 * stale;
	let release: () => void;
	for (;;) {
		try {
			// realpath false: the store file may not exist yet.
			release = lockfile.lockSync(file, {realpath: false, stale, onCompromised() {}});
			break;
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() > deadline) {
				throw error;
			}

			sleepSync(5 + Math.floor(Math.random() * 10));
		}
	}

	try {
		return work();
	} finally {
		release();
	}
}

/** Temporary files of an atomic write whose writer was killed before its rename; only safe to remove under the lock. */
function removeLeftoverTemporaries(file: string): void {
	const directory = path.dirname(file);
	const prefix = `${path.basename(file)}.tmp-`;
	try {
		for (const name of fs.readdirSync(directory)) {
			if (name.startsWith(prefix)) {
				fs.rmSync(path.join(directory, name), {force: true});
			}
		}
	} catch {}
}

export class StateStore {
	/**
	Opens (or creates) the store in `directory`. A damaged file (not JSON, truncated, wrong shape) is moved aside under
	a timestamped name, never wiped; the marks still readable in it are carried over and `notices` says where the
	file went. Runs under the store's lock, so two processes opening a damaged store at once move it aside once.
	*/
	static open(directory: string): OpenResult {
		fs.mkdirSync(directory, {recursive: true, mode: 0o700});
		try {
			fs.chmodSync(directory, 0o700);
		} catch {}

		const notices: string[] = [];
		const file = path.join(directory, 'state.json');
		const initial = withLock(file, () => {
			removeLeftoverTemporaries(file);
			const found = readStoreFile(file);
			let conf: Conf<Record<string, unknown>> | undefined;
			let reason: string | undefined;
			if (found.kind === 'damaged') {
				reason = found.reason;
			} else {
				try {
					// conf checks the keys other modules declared in `storeSchema` (subscriptions…) on construction.
					conf = makeConf(directory);
				} catch (error) {
					if (!isRejectedByConf(error)) {
						throw error;
					}

					reason = error.message.split('\n')[0]!;
				}
			}

			if (conf !== undefined) {
				try {
					fs.chmodSync(file, 0o600);
				} catch {}

				return {conf, state: fileToState(found.kind === 'ok' ? found.file : {})};
			}

			const aside = moveAside(file);
			notices.push(damagedNotice(reason ?? 'unknown', aside));
			conf = makeConf(directory);
			const state = fileToState(found.kind === 'missing' ? {} : (found.kind === 'ok' ? found.file : found.salvaged));
			const dropped = writeState(conf, state);
			if (dropped !== undefined) {
				notices.push(`Dropped from the read-state file: ${dropped}`);
			}

			return {conf, state};
		});

		return {store: new StateStore(initial.conf, initial.state), notices};
	}

	readonly path: string;
	#conf: Conf<Record<string, unknown>>;
	#state: StoreState;
	#pending: Mutator[] = [];
	#timer: NodeJS.Timeout | undefined;
	#listeners = new Set<(error: Error) => void>();
	#noticeListeners = new Set<(message: string) => void>();

	private constructor(conf: Conf<Record<string, unknown>>, state: StoreState) {
		this.#conf = conf;
		this.#state = state;
		this.path = conf.path;
	}

	/** The in-memory state. Read it freely; change it only through `change()`. */
	get state(): Readonly<StoreState> {
		return this.#state;
	}

	isRead(id: string): boolean {
		return this.#state.read.has(id);
	}

	isStarred(id: string): boolean {
		return this.#state.starred.has(id);
	}

	/** Applies a change to memory now and to disk at the next flush (merged with whatever else is on disk then). */
	change(mutator: Mutator, {flush = 'soon'}: {flush?: 'soon' | 'now' | 'later'} = {}): void {
		mutator(this.#state);
		this.#pending.push(mutator);
		if (flush === 'now') {
			this.flush();
		} else if (flush === 'soon') {
			this.#schedule();
		}
	}

	/** Reports flush failures (the marks stay in memory and the next flush retries). */
	onError(listener: (error: Error) => void): () => void {
		this.#listeners.add(listener);
		return () => this.#listeners.delete(listener);
	}

	get hasPending(): boolean {
		return this.#pending.length > 0;
	}

	#schedule() {
		if (this.#timer === undefined) {
			this.#timer = setTimeout(() => {
				this.#timer = undefined;
				try {
					this.flush();
				} catch (error) {
					for (const listener of this.#listeners) {
						listener(error instanceof Error ? error : new Error(String(error)));
					}
				}
			}, 250);
			this.#timer.unref();
		}
	}

	/**
	Writes the queued changes, synchronously (it also runs from exit and signal handlers). Under the lock: read what is
	on disk now, apply our mutators to it, write atomically. Our memory then becomes that merged state, so changes
	made by other processes show up here too.
	*/
	/** The identity of the file as this process last wrote it. */
	#written: string | undefined;

	flush(): void {
		if (this.#timer !== undefined) {
			clearTimeout(this.#timer);
			this.#timer = undefined;
		}

		if (this.#pending.length === 0) {
			return;
		}

		withLock(this.path, () => {
			const pending = this.#pending;
			// Nobody else has written since our last write (conf renames a new file into place, so any other write
			// changes the inode): memory already holds the file plus our pending changes, and needs no re-read.
			const now = fileIdentity(this.path);
			if (this.#written !== undefined && now !== undefined && now === this.#written) {
				const dropped = writeState(this.#conf, this.#state);
				if (dropped !== undefined) {
					this.#notify(`Dropped from the read-state file: ${dropped}`);
				}

				this.#pending = [];
				this.#written = fileIdentity(this.path);
				return;
			}

			const found = readStoreFile(this.path);
			let disk: StoreState;
			if (found.kind === 'damaged') {
				// Damaged under us (by hand or by another program): keep it aside and merge into what could be read.
				const aside = moveAside(this.path);
				disk = fileToState(found.salvaged);
				this.#notify(damagedNotice(found.reason, aside));
			} else {
				disk = fileToState(found.kind === 'ok' ? found.file : {});
			}

			for (const mutator of pending) {
				mutator(disk);
			}

			const dropped = writeState(this.#conf, disk);
			if (dropped !== undefined) {
				this.#notify(`Dropped from the read-state file: ${dropped}`);
			}

			this.#pending = [];
			this.#state = disk;
			this.#written = fileIdentity(this.path);
		});
	}

	/** Tells the user about something the store did on its own (a damaged file moved aside during a flush). */
	onNotice(listener: (message: string) => void): () => void {
		this.#noticeListeners.add(listener);
		return () => this.#noticeListeners.delete(listener);
	}

	#notify(message: string) {
		for (const listener of this.#noticeListeners) {
			listener(message);
		}
	}
}
