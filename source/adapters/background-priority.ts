import os from 'node:os';

/**
Called first in each background worker (fetch, index, watcher; issue 18): the worker's thread runs at the lowest
priority, so on a busy machine the reader's thread gets the CPU first. On Linux the nice value belongs to the thread
(setpriority on "process" 0 is the calling thread) and threads this one starts inherit it. Elsewhere it may lower the
whole process, which only makes the reader no faster; a failure is ignored.
*/
export function runInBackground(): void {
	try {
		if (process.platform === 'linux') {
			os.setPriority(19);
		}
	} catch {}
}
