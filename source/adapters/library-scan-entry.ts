/** The library scan's worker thread (library-scan.ts): whole scans, head reads and whole loads off the reader's thread. */
import {serveJobs} from './worker-job.js';
import {runScanJob, type ScanJob, type ScanResult} from './library-scan.js';
import {runInBackground} from './background-priority.js';
import type {ArticleMeta} from '../core/types.js';

runInBackground();

serveJobs<ScanJob, readonly ArticleMeta[], ScanResult>(async (request, send) => runScanJob(request, send));
