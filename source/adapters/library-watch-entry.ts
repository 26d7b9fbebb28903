/** The library watcher's worker thread (library-watch.ts). */
import {parentPort, workerData} from 'node:worker_threads';
import {LibraryWatcher} from './library-watcher.js';
import {unpackFiles, type PackedFiles} from './worker-job.js';
import {runInBackground} from './background-priority.js';

runInBackground();

const port = parentPort!;
const {root, poll, manual, known} = workerData as {root: string; poll: boolean; manual: boolean; known?: PackedFiles};
const watcher = new LibraryWatcher(root, event => {
	port.postMessage(event);
});
port.on('message', (message: {type: 'rescan'; id: number} | {type: 'close'}) => {
	if (message.type === 'close') {
		watcher.close();
		port.close();
		return;
	}

	void ready.then(async () => watcher.rescan()).then(changes => {
		port.postMessage({type: 'changes', changes, id: message.id});
	}, (error: unknown) => {
		port.postMessage({type: 'changes', changes: {upserts: [], removed: [], added: []}, id: message.id, error: String(error)});
	});
});
const ready = watcher.start({poll, manual, known: known === undefined ? undefined : unpackFiles(known)});
