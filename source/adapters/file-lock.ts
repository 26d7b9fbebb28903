import fs from 'node:fs';
import os from 'node:os';
import {randomBytes} from 'node:crypto';

/**
A lock on a file, held as a folder `<file>.lock` (the layout proper-lockfile uses, so older Tidings processes and
this one exclude each other). Creating a folder is atomic on every file system, NFS included.

What it adds for the state store (issue 15):
- A lock whose time is in the future (the clock was set back, or another machine's clock runs ahead) is stale once it
  is more than `stale` ms away from now in either direction; proper-lockfile waited for such a lock forever.
- The holder can ask `held()` just before it renames its new file into place. A process stopped for longer than
  `stale` (Ctrl-Z, a suspended laptop, a slow home folder) has its lock taken over; when it resumes it sees that the
  lock is no longer the folder it created, and starts again from what is on disk instead of writing a stale state.
- Release never removes a lock that another process has taken over.
*/

export class LockTimeoutError extends Error {
	override name = 'LockTimeoutError';
	readonly code = 'ELOCKED';
}

export type FileLock = {
	/** True while the lock folder is still the one this process created. */
	held(): boolean;
	/** Tells other processes the holder is alive (a long write): the lock's time is set to now. */
	touch(): void;
	release(): void;
};

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleepSync = (ms: number) => {
	Atomics.wait(sleeper, 0, 0, ms);
};

const identityOf = (folder: string): string | undefined => {
	const stat = fs.statSync(folder, {throwIfNoEntry: false, bigint: true});
	// Not the time it was last changed: `touch` changes that. A lock taken over is a new folder (a new inode and birth).
	return stat === undefined ? undefined : `${stat.dev}:${stat.ino}:${stat.birthtimeNs}`;
};

type Attempt = {readonly lock: FileLock} | {readonly wait: true};

/** One try at the lock: taken, or busy (a stale lock is moved aside and the try repeated at once). */
function tryLock(folder: string, stale: number): Attempt {
	for (;;) {
		try {
			fs.mkdirSync(folder);
			// Who holds it (for a person looking at a stuck lock) and a random token: a lock taken over and made again can
			// get the same inode number, never the same token.
			const token = `${process.pid}@${os.hostname()} ${randomBytes(8).toString('hex')}\n`;
			let withToken = true;
			try {
				fs.writeFileSync(`${folder}/owner`, token);
			} catch {
				withToken = false;
			}

			const mine = identityOf(folder);
			const ownerIs = (): boolean => {
				try {
					return fs.readFileSync(`${folder}/owner`, 'utf8') === token;
				} catch {
					return false;
				}
			};

			const held = () => mine !== undefined && identityOf(folder) === mine && (!withToken || ownerIs());
			return {
				lock: {
					held,
					touch() {
						if (held()) {
							const now = new Date();
							fs.utimesSync(folder, now, now);
						}
					},
					release() {
						if (held()) {
							fs.rmSync(folder, {recursive: true, force: true});
						}
					},
				},
			};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
				throw error;
			}
		}

		const stat = fs.statSync(folder, {throwIfNoEntry: false});
		if (stat !== undefined && Math.abs(Date.now() - stat.mtimeMs) <= stale) {
			return {wait: true};
		}

		// Stale (or gone meanwhile): move it aside under a unique name (only one taker wins the rename), then try again.
		if (stat !== undefined) {
			const aside = `${folder}.stale-${randomBytes(4).toString('hex')}`;
			try {
				fs.renameSync(folder, aside);
				fs.rmSync(aside, {recursive: true, force: true});
			} catch {}
		}
	}
}

/** One try at the lock: the lock, or undefined to wait and try again; past `deadline`, a LockTimeoutError. */
function attemptUntil(folder: string, stale: number, deadline: number, busy: string): FileLock | undefined {
	const attempt = tryLock(folder, stale);
	if ('lock' in attempt) {
		return attempt.lock;
	}

	if (Date.now() > deadline) {
		throw new LockTimeoutError(busy);
	}

	return undefined;
}

/** Takes the lock of `file`, waiting up to `wait` ms; a lock older (or newer) than `stale` ms is taken over. */
export function lockFileSync(file: string, {stale = 5000, wait = 2 * stale}: {stale?: number; wait?: number} = {}): FileLock {
	const folder = `${file}.lock`;
	const deadline = Date.now() + wait;
	for (;;) {
		const lock = attemptUntil(folder, stale, deadline, `the store is locked by another Tidings process (${folder})`);
		if (lock !== undefined) {
			return lock;
		}

		sleepSync(5 + Math.floor(Math.random() * 10));
	}
}

/** The same without blocking the event loop while it waits (for the feed writer, which runs in the reader). */
export async function lockFile(file: string, {stale = 5000, wait = 2 * stale}: {stale?: number; wait?: number} = {}): Promise<FileLock> {
	const folder = `${file}.lock`;
	const deadline = Date.now() + wait;
	for (;;) {
		const lock = attemptUntil(folder, stale, deadline, `locked by another Tidings process (${folder})`);
		if (lock !== undefined) {
			return lock;
		}

		await new Promise(resolve => {
			setTimeout(resolve, 20 + Math.floor(Math.random() * 30));
		});
	}
}
