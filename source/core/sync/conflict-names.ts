/**
The names file-sync engines give the losing copy of a file changed on two machines at once:
- Syncthing: `name.sync-conflict-20240102-030405-ABCDEFG.ext` (date, time, the first 7 letters of the device id), and
  `name.sync-conflict-….ext` for a name without an extension: `name.sync-conflict-…`.
- Dropbox: `name (conflicted copy).ext`, `name (Ann's conflicted copy 2024-01-02).ext`, `name (conflicted copy 2)`…
- Nextcloud/ownCloud: `name (conflicted copy 2024-01-02 030405).ext` (as Dropbox), and
  `name_conflict-20240102-030405.ext`.
The library never lists such a copy as an article (the original wins), and the device state merges it like any
other file of that device.
*/

const syncthing = /^(?<stem>.+?)\.sync-conflict-\d{8}-\d{6}-[\dA-Z]{7}(?<ext>\.[^.]*)?$/u;
const dropbox = /^(?<stem>.+?) \((?:[^()]*'s )?conflicted copy(?: [^()]*)?\)(?<ext>\.[^.]*)?$/u;
const nextcloud = /^(?<stem>.+?)_conflict-\d{8}-\d{6}(?<ext>\.[^.]*)?$/u;

/** The name of the file that `name` is a sync engine's conflict copy of, or undefined when it is not one. */
export function conflictOriginal(name: string): string | undefined {
	for (const pattern of [syncthing, dropbox, nextcloud]) {
		const match = pattern.exec(name);
		if (match?.groups !== undefined) {
			return `${match.groups['stem']!}${match.groups['ext'] ?? ''}`;
		}
	}

	return undefined;
}

export const isConflictCopy = (name: string): boolean => name.includes('conflict') && conflictOriginal(name) !== undefined;
