import {randomBytes} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
THE atomic file writer: the state store, the feed writer, the full-story writer and the library cache write through
here. A temporary file in the target's own folder (a hidden name: `.<name>.tmp-<random>`, which no library scan
lists), written, flushed to disk, then renamed over the target, so a reader or a crash sees the old file or the new
one, never half of one.

Why not `write-file-atomic` or conf's `atomically`: both resolve a symbolic link and write through it (changing the
mode of a file the link points at, anywhere), and neither lets the caller check, between the write and the rename,
that the file is still the one it read: the state store needs that check so that a writer stalled past its lock
cannot rename an old state over a newer one. The rename here replaces a link with a file; it never follows it.

On any failure (a full disk, a check that says no) the temporary file is removed before the error is thrown.
*/

export type AtomicWriteOptions = {
	/** The new file's mode; default 0o644. Set on the temporary file, so the target never has a wider mode. */
	readonly mode?: number;
	/** Keep the mode of the file being replaced when it exists (the feed and full-story writers). */
	readonly keepMode?: boolean;
	/** Runs after the data is on disk, just before the rename; throwing cancels the write (the target is untouched). */
	readonly beforeRename?: () => void;
};

/** The prefix of the temporary files written for `file`, so that leftovers of a killed writer can be found. */
export const temporaryPrefix = (file: string): string => `.${path.basename(file)}.tmp-`;

const temporaryFor = (file: string): string =>
	path.join(path.dirname(file), `${temporaryPrefix(file)}${process.pid}-${randomBytes(6).toString('hex')}`);

function modeFor(file: string, options: AtomicWriteOptions): number {
	if (options.keepMode) {
		const stat = fs.lstatSync(file, {throwIfNoEntry: false});
		if (stat?.isFile()) {
			return stat.mode & 0o777;
		}
	}

	return options.mode ?? 0o644;
}

/** Writes all of `piece` at the descriptor's position. */
function writeAllSync(descriptor: number, piece: string | Uint8Array): void {
	const bytes = typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece;
	let written = 0;
	while (written < bytes.length) {
		written += fs.writeSync(descriptor, bytes, written, bytes.length - written);
	}
}

/**
`data` may be pieces, written as they come (a device file of 50,000 marks is made so: one string of it would be a
5 MB large object, issue 14).
*/
export function writeFileAtomicSync(file: string, data: string | Uint8Array | Iterable<string | Uint8Array>, options: AtomicWriteOptions = {}): void {
	const temporary = temporaryFor(file);
	const mode = modeFor(file, options);
	let descriptor: number | undefined;
	try {
		descriptor = fs.openSync(temporary, 'wx', mode);
		// The umask may have narrowed `mode`; a wider one is never wanted, a narrower one is fixed here.
		fs.fchmodSync(descriptor, mode);
		if (typeof data === 'string' || data instanceof Uint8Array) {
			fs.writeFileSync(descriptor, data);
		} else {
			for (const piece of data) {
				writeAllSync(descriptor, piece);
			}
		}

		fs.fsyncSync(descriptor);
		fs.closeSync(descriptor);
		descriptor = undefined;
		options.beforeRename?.();
		fs.renameSync(temporary, file);
	} catch (error) {
		if (descriptor !== undefined) {
			try {
				fs.closeSync(descriptor);
			} catch {}
		}

		fs.rmSync(temporary, {force: true});
		throw error;
	}
}

export async function writeFileAtomic(file: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
	const temporary = temporaryFor(file);
	const mode = modeFor(file, options);
	let handle: fs.promises.FileHandle | undefined;
	try {
		handle = await fs.promises.open(temporary, 'wx', mode);
		await handle.chmod(mode);
		await handle.writeFile(data);
		await handle.sync();
		await handle.close();
		handle = undefined;
		options.beforeRename?.();
		await fs.promises.rename(temporary, file);
	} catch (error) {
		await handle?.close().catch(() => undefined);
		await fs.promises.rm(temporary, {force: true});
		throw error;
	}
}

/** Removes temporary files of `file` left by writers that were killed before their rename. Only safe under a lock. */
export function removeLeftoverTemporaries(file: string, extraPrefixes: readonly string[] = []): void {
	const directory = path.dirname(file);
	const prefixes = [temporaryPrefix(file), ...extraPrefixes];
	try {
		for (const name of fs.readdirSync(directory)) {
			if (prefixes.some(prefix => name.startsWith(prefix))) {
				fs.rmSync(path.join(directory, name), {force: true});
			}
		}
	} catch {}
}
