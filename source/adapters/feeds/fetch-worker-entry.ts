/** The feed fetch's worker thread (fetch-in-worker.ts). */
import {serveJobs} from '../worker-job.js';
import {StateStore} from '../state-store.js';
import {readMetas} from '../library.js';
import {fetchFeeds} from './fetch-all.js';
import {listSubscriptions} from './subscriptions.js';
import type {FetchJob, FetchOutcome, FetchProgress} from './fetch-in-worker.js';
import {runInBackground} from '../background-priority.js';

runInBackground();

serveJobs<FetchJob, FetchProgress | {readonly total: number}, FetchOutcome>(async (job, progress) => {
	const {store} = StateStore.open(job.configDir);
	const subscriptions = listSubscriptions(store).length;
	if (subscriptions === 0) {
		return {subscriptions, results: []};
	}

	const results = await fetchFeeds({
		store,
		libraryDir: job.libraryDir,
		config: job.config,
		refreshEvery: job.refreshEvery,
		onProgress(event) {
			if (event.type === 'start') {
				progress({total: event.total});
				return;
			}

			progress({done: event.done, total: event.total, result: event.result, articles: readMetas(job.libraryDir, event.result.written)});
		},
	});
	store.flush();
	return {subscriptions, results};
});
