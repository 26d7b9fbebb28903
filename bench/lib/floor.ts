import path from 'node:path';
import type {Corpus} from './corpus.js';
import type {TitleIndex} from './match.js';
import {PtySession} from './pty.js';
import type {Samples} from './stats.js';
import {listKeys, quit, reading, waitForTitles} from './tidings.js';

export type FloorMode = 'rows' | 'screen';

/**
One run of the Ink floor (bench/floor/ink-floor.tsx) on the same titles, keys and predicates as Tidings' warm run:
time to titles, the list keys, open / n / p / back, peak RSS. Its samples carry Tidings' names, so the tables put
them side by side.
*/
export async function floorRun(starter: string, mode: FloorMode, corpus: Corpus, titlesFile: string, index: TitleIndex, samples: Samples, timeoutMs: number): Promise<void> {
	const session = PtySession.spawn(process.execPath, [starter, mode, titlesFile, corpus.library], {cwd: path.dirname(starter), env: {PATH: process.env.PATH, HOME: process.env.HOME}});
	try {
		const t = await waitForTitles(session, index, corpus.count, timeoutMs);
		samples.add('titlesWarmMs', t.titlesMs);
		await listKeys(session, index, corpus.count, samples);
		await reading(session, index, samples);
		await quit(session, samples, '');
	} finally {
		session.kill('SIGKILL');
	}
}
