/**
The full-text index built and kept in step in a worker thread: at 100,000 articles a first build reads 840 MB and
takes tens of seconds of CPU, which on the reader's thread would hold every key that long (issue 18). The worker
writes the SQLite file (WAL); the reader opens the same file for its searches once the build is done, and keeps it
open while later syncs run in the worker (WAL lets it read meanwhile).
*/
import path from 'node:path';
import {readArticleFile} from './library.js';
import {openSearchIndex, type IndexFile, type SyncReport} from './search-index.js';
import {packFiles, unpackFiles, WorkerJobs, type PackedFiles} from './worker-job.js';

/** The files packed for the trip to the worker: one string and two arrays copy far faster than 100,000 objects. */
export type IndexJob = {readonly libraryDir: string; readonly cacheDir: string} & PackedFiles;

/** In the worker: open, sync, close. */
export async function syncIndexHere(job: IndexJob): Promise<SyncReport> {
	const {libraryDir, cacheDir} = job;
	const files = unpackFiles(job);
	const index = openSearchIndex(cacheDir);
	try {
		return await index.sync(libraryDir, files, async relative => readArticleFile(path.join(libraryDir, relative)));
	} finally {
		index.close();
	}
}

const jobs = new WorkerJobs<IndexJob, never, SyncReport>(() => new URL(import.meta.url.endsWith('.ts') ? './index-worker-entry.ts' : './index-worker.js', import.meta.url));

/** Brings the index in `cacheDir` up to date with `files`, in the worker. */
export async function syncIndexInWorker({libraryDir, cacheDir, files}: {readonly libraryDir: string; readonly cacheDir: string; readonly files: readonly IndexFile[]}): Promise<SyncReport> {
	return jobs.run({libraryDir, cacheDir, ...packFiles(files)});
}
