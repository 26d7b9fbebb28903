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
	release(): void;
};

const sleeper = new Int32Array(new SharedArrayBuffer(4));
const sleepSync = (ms: number) => {
	Atomics.wait(sleeper, 0, 0, ms);
};

const identityOf = (folder: string): string | undefined => {
	const stat = fs.statSync(folder, {throwIfNoEntry: false, bigint: true});
	return stat === undefined ? undefined : `${stat.dev}:${stat.ino}:${stat.birthtimeNs}:${stat.mtimeNs}`;
};

/** Takes the lock of `file`, waiting up to `wait` ms; a lock older (or newer) than `stale` ms is taken over. */
export function lockFileSync(file: string, {stale = 5000, wait = 2 * stale}: {stale?: number; wait?: number} = {}): FileLock {
	const folder = `${file}.lock`;
	const deadline = Date.now() + wait;
	for (;;) {
		try {
			fs.mkdirSync(folder);
			const identity = identityOf(folder);
			// Who holds it, for a person looking at a stuck lock; nothing reads it back.
			try {
				fs.writeFileSync(`${folder}/owner`, `${process.pid}@${os.hostname()}\n`);
			} catch {}

			const mine = identityOf(folder) ?? identity;
			return {
				held: () => mine !== undefined && identityOf(folder) === mine,
				release() {
					if (mine !== undefined && identityOf(folder) === mine) {
						fs.rmSync(folder, {recursive: true, force: true});
					}
				},
			};
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
				throw error;
			}
		}

		const stat = fs.statSync(folder, {throwIfNoEntry: false});
		if (stat !== undefined && Math.abs(Date.now() - stat.mtimeMs) > stale) {
			// Stale: move it aside under a unique name (only one taker can win the rename) and try again at once.
			const aside = `${folder}.stale-${randomBytes(4).toString('hex')}`;
			try {
				fs.renameSync(folder, aside);
				fs.rmSync(aside, {recursive: true, force: true});
			} catch {}

			continue;
		}

		if (Date.now() > deadline) {
			throw new LockTimeoutError(`the store is locked by another Tidings process (${folder})`);
		}

		sleepSync(5 + Math.floor(Math.random() * 10));
	}
}
