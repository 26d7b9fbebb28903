/** The full-text index's worker (issue 18): builds and syncs the index off the reader's thread (index-in-worker.ts). */
import {serveJobs} from './worker-job.js';
import {syncIndexHere, type IndexJob} from './index-in-worker.js';
import {runInBackground} from './background-priority.js';

runInBackground();

serveJobs<IndexJob, never, Awaited<ReturnType<typeof syncIndexHere>>>(async request => syncIndexHere(request));
