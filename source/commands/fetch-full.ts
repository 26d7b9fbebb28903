import type {Command} from 'commander';
import {neutraliseLine} from '../core/text/neutralise.js';
import type {ArticleMeta} from '../core/types.js';
import {cacheDirectory, loadLibrary} from '../adapters/library.js';
import type {FeedCommandContext} from './feeds.js';

/**
`tidings fetch-full <id>...`: the whole story of summary-only articles, fetched and stored in their files so they read
offline (what `F` does in the reader). Exit codes as for the feed commands: 0 all stored, 1 a fetch or write failed
(the others are still done, and a failed article keeps its summary as it was), 2 an id matches no article.
*/
export function registerFetchFullCommand(program: Command, context: FeedCommandContext): void {
	program.command('fetch-full')
		.description('fetch the whole story of articles that carry only a summary, and store it under the summary')
		.argument('<id...>', 'article ids (see `tidings list`) or paths in the library')
		.action(async (ids: string[]) => {
			const libraryDir = context.libraryDir();
			let metas: ArticleMeta[];
			try {
				metas = await loadLibrary(libraryDir, {cacheDir: cacheDirectory()});
			} catch (error) {
				context.stderr.write(`tidings: cannot read the library: ${neutraliseLine(error instanceof Error ? error.message : String(error))}\n`);
				context.setExitCode(1);
				return;
			}

			const wanted: ArticleMeta[] = [];
			for (const id of ids) {
				const meta = metas.find(candidate => candidate.id === id) ?? metas.find(candidate => candidate.path === id);
				if (!meta) {
					context.stderr.write(`tidings: no article with id ${JSON.stringify(neutraliseLine(id))} (tidings list shows the ids); nothing was fetched\n`);
					context.setExitCode(2);
					return;
				}

				wanted.push(meta);
			}

			// Readability and linkedom load only when this command runs, not with every other command.
			const {fetchFullText} = await import('../adapters/full-text.js');
			let failed = 0;
			for (const meta of wanted) {
				const result = await fetchFullText(libraryDir, meta, {limits: context.httpLimits, now: context.now});
				if (result.ok) {
					context.stdout.write(`${neutraliseLine(`✓ ${meta.title}: the whole story stored (${result.value.words} words)`)}\n`);
				} else {
					failed++;
					context.stderr.write(`${neutraliseLine(`✗ ${meta.title}: ${result.error}; the summary is kept`)}\n`);
				}
			}

			if (failed > 0) {
				context.setExitCode(1);
			}
		});
}
