import type {Command} from 'commander';
import {loadArticle} from '../adapters/library.js';
import {shownDate} from '../core/article/parse-article.js';
import {recordChange} from '../core/journal.js';
import {neutraliseLine} from '../core/text/neutralise.js';
import {toArticleRow} from '../core/article-row.js';
import {safeJson} from '../core/json.js';
import {stripSgr} from '../core/text/styled-ranges.js';
import {isReadingWidth, readingWidth} from '../app/layout.js';
import {formatDate, readingMinutes} from '../ui/format.js';
import {findArticle, libraryOf, useColor, UserError, type GlobalOptions} from './context.js';
import {errorLines, installSettings, themeInForce} from './settings.js';
import {bodyTheme} from '../core/theme/theme.js';
import {attachmentsOf} from '../core/actions/attachments.js';
import {isPlayable} from '../core/media/episode.js';

export function registerReadCommand(program: Command): void {
	program.command('read')
		.description('print an article (rendered; plain text when not a terminal) and mark it read')
		.argument('<id>', 'the article id (see `tidings list`) or its path in the library')
		.option('--width <n>', 'wrap at this many columns', value => {
			const width = Number(value);
			if (!isReadingWidth(width)) {
				throw new UserError(`--width takes a number of columns from ${readingWidth.minimum} to ${readingWidth.maximum}`, 2);
			}

			return width;
		})
		.option('--json', 'print the article row and its text as JSON')
		.action(async (id: string, options: {width?: number; json?: boolean}) => {
			const {root, metas, store} = await libraryOf(program.opts<GlobalOptions>());
			const meta = findArticle(metas, id);
			if (!meta) {
				throw new UserError(`No article with id ${JSON.stringify(neutraliseLine(id))} (tidings list shows the ids)`);
			}

			const color = useColor(process.stdout) && !options.json;
			const columns = process.stdout.columns ?? readingWidth.default;
			const width = options.width ?? Math.min(store.state.settings.width, Math.max(readingWidth.minimum, columns - 2));
			// Code may use the terminal's whole width; piped, the reading width.
			const codeWidth = process.stdout.isTTY && options.width === undefined ? Math.max(width, columns - 1) : width;
			// In the render worker, with its deadline: no article can make `read` take minutes (plain text past it).
			const {renderArticleInWorker, closeRenderWorker} = await import('../adapters/render-worker.js');
			// The body in the config's theme, as the reader shows it.
			const settings = installSettings(program.opts<GlobalOptions>().config);
			// A config with errors still reads the article (with the defaults for what is wrong), and says so on stderr.
			for (const line of errorLines(settings)) {
				process.stderr.write(`tidings: ${neutraliseLine(line)}\n`);
			}

			const theme = color ? bodyTheme(themeInForce(settings.config).theme) : undefined;
			const article = await loadArticle(root, meta);
			const rendered = await renderArticleInWorker(article, {width, codeWidth, color, theme});
			void closeRenderWorker();
			store.change(state => {
				recordChange(state, {kind: 'read', ids: [meta.id], after: true});
			}, {flush: 'now'});
			if (options.json) {
				const row = toArticleRow(meta, {read: true, starred: store.isStarred(meta.id)});
				process.stdout.write(safeJson({...row, text: rendered.lines.map(line => stripSgr(line)).join('\n'), links: rendered.links.map(link => ({n: link.n, text: link.text, url: link.url})), attachments: attachmentsOf(article.body).map((attachment, index) => ({n: index + 1, name: attachment.name, url: attachment.url, type: attachment.type ?? null, size: attachment.size ?? null, duration: attachment.duration ?? null, playable: isPlayable(attachment.type)}))}, 2) + '\n');
				return;
			}

			const details = [meta.source, formatDate(shownDate(meta)), meta.author, `${readingMinutes(meta.words)} min read`].filter(Boolean).join(' · ');
			const lines = [meta.title, details, '', ...rendered.lines];
			process.stdout.write(lines.map(line => (color ? line : stripSgr(line))).join('\n') + '\n');
		});
}
