/**
Fetching feeds in a worker thread (issue 18): the reader's background refresh and `r`. The worker opens the state
store itself (the same file, under the same lock and merge as another process), fetches, parses (in its own parse
worker, with the deadline), writes each feed's items under the feed folder's lock (so a cron `tidings fetch` and the
reader never write one feed at once), and reads back the metadata of what it wrote, so the reader's thread only
merges rows into its list.
*/
import type {Config} from '../../core/config/schema.js';
import type {ArticleMeta} from '../../core/types.js';
import {WorkerJobs} from '../worker-job.js';
import type {FeedFetchResult} from './fetch-all.js';

export type FetchJob = {
	readonly configDir: string;
	readonly libraryDir: string;
	readonly config?: Config;
	/** See FetchFeedsOptions.refreshEvery: set for a background refresh. */
	readonly refreshEvery?: number;
};

/** One feed done: its result and the metadata of the files it wrote. */
export type FetchProgress = {
	readonly done: number;
	readonly total: number;
	readonly result: FeedFetchResult;
	readonly articles: readonly ArticleMeta[];
};

export type FetchOutcome = {readonly subscriptions: number; readonly results: readonly FeedFetchResult[]};

// Ended 30 s after its last fetch: between refreshes (every 30 minutes by default) the reader keeps no fetch thread.
const jobs = new WorkerJobs<FetchJob, FetchProgress | {readonly total: number}, FetchOutcome>(() => new URL(import.meta.url.endsWith('.ts') ? './fetch-worker-entry.ts' : './fetch-worker.js', import.meta.url), {idleMs: 30_000});

export async function fetchInWorker(job: FetchJob, onProgress: (progress: FetchProgress | {readonly total: number}) => void): Promise<FetchOutcome> {
	return jobs.run(job, onProgress);
}
