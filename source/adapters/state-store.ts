import fs from 'node:fs';
import path from 'node:path';
import Conf from 'conf';
import lockfile from 'proper-lockfile';
import envPaths from 'env-paths';

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

export class StateStore {
	/** Opens (or creates) the store in `directory`. A damaged file is moved aside, never wiped. */
	static open(directory: string): OpenResult {
		fs.mkdirSync(directory, {recursive: true, mode: 0o700});
		try {
			fs.chmodSync(directory, 0o700);
		} catch {}

		const notices: string[] = [];
		const make = () => new Conf<Record<string, unknown>>({
			projectName: 'tidings',
			cwd: directory,
			configName: 'state',
			schema: storeSchema as never,
			clearInvalidConfig: false,
			accessPropertiesByDotNotation: false,
			configFileMode: 0o600,
		});
		let conf: Conf<Record<string, unknown>>;
		let file: Partial<StoreFile>;
		try {
			conf = make();
			file = conf.store as Partial<StoreFile>;
		} catch (error) {
			const damaged = path.join(directory, 'state.json');
			const aside = path.join(directory, `state.json.damaged-${timestamp()}`);
			const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
			fs.renameSync(damaged, aside);
			notices.push(`The state file was damaged (${reason}); it was moved to ${aside} and a fresh one started`);
			conf = make();
			file = conf.store as Partial<StoreFile>;
		}

		return {store: new StateStore(conf, fileToState(file)), notices};
	}

	readonly path: string;
	#conf: Conf<Record<string, unknown>>;
	#state: StoreState;
	#pending: Mutator[] = [];
	#timer: NodeJS.Timeout | undefined;
	#listeners = new Set<(error: Error) => void>();

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
	flush(): void {
		if (this.#timer !== undefined) {
			clearTimeout(this.#timer);
			this.#timer = undefined;
		}

		if (this.#pending.length === 0) {
			return;
		}

		const release = this.#lock();
		try {
			const pending = this.#pending;
			let disk: StoreState;
			try {
				disk = fileToState(this.#conf.store as Partial<StoreFile>);
			} catch {
				// The file was damaged under us (by hand or another program): move it aside, write ours in its place.
				const aside = `${this.path}.damaged-${timestamp()}`;
				fs.renameSync(this.path, aside);
				disk = fileToState({});
			}

			for (const mutator of pending) {
				mutator(disk);
			}

			this.#conf.store = stateToFile(disk);
			this.#pending = [];
			this.#state = disk;
		} finally {
			release();
		}
	}

	#lock(): () => void {
		fs.mkdirSync(path.dirname(this.path), {recursive: true, mode: 0o700});
		const deadline = Date.now() + 10_000;
		for (;;) {
			try {
				// realpath false: the store file may not exist yet. A lock older than `stale` is taken over.
				return lockfile.lockSync(this.path, {realpath: false, stale: 5000});
			} catch (error) {
				if ((error as NodeJS.ErrnoException).code !== 'ELOCKED' || Date.now() > deadline) {
					throw error;
				}

				sleepSync(5 + Math.floor(Math.random() * 10));
			}
		}
	}
}
