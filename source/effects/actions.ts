/**
The article actions' effects: pipe the article to the configured command, save a copy of its file, run the bookmark
command, open its attachment with the opener for its MIME type. Every command is a list of arguments from the config
file, run without a shell (source/adapters/run-command.ts); what they say comes back as one status line.
*/
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {loadArticle} from '../adapters/library.js';
import {defaultTerminalBrowsers, openUrl} from '../adapters/open-url.js';
import {fillArguments, runArguments} from '../adapters/run-command.js';
import type {Action, Effect} from '../app/actions.js';
import {attachmentsOf, openerFor} from '../core/actions/attachments.js';
import {defaults, type Config} from '../core/config/schema.js';
import {stripSgr} from '../core/text/styled-ranges.js';
import type {ArticleMeta} from '../core/types.js';
import {describeError, type EffectDeps} from './deps.js';
import {handOverTerminal, terminalBrowsers} from './terminal.js';

type ActionEffect = Extract<Effect, {type: 'pipe-article' | 'save-article' | 'bookmark' | 'open-attachment'}>;

const status = (message: string): Action[] => [{type: 'status', message}];

/** `~` and `~/…` are the home folder ($HOME); any other folder is taken as written, from the current folder. */
export function expandHome(folder: string, environment: NodeJS.ProcessEnv): string {
	const home = environment['HOME'] ?? os.homedir();
	return folder === '~' ? home : folder.startsWith('~/') ? path.join(home, folder.slice(2)) : path.resolve(folder);
}

const placeholders = (meta: ArticleMeta): Record<string, string> => ({url: meta.url ?? '', title: meta.title});

/** A free name in `folder` for `name`: `name`, else `name (2)` … */
function freeName(folder: string, name: string): string {
	const extension = path.extname(name);
	const stem = name.slice(0, name.length - extension.length);
	for (let n = 1; n < 1000; n++) {
		const candidate = path.join(folder, n === 1 ? name : `${stem} (${n})${extension}`);
		if (!fs.existsSync(candidate)) {
			return candidate;
		}
	}

	throw new Error(`no free name for ${name} in ${folder}`);
}

export async function actionEffect(effect: ActionEffect, deps: EffectDeps): Promise<Action[]> {
	const config: Config = deps.config ?? defaults();
	const root = deps.libraryDir;
	if (root === undefined) {
		return status('No library folder: the article actions are off');
	}

	const {meta} = effect;
	switch (effect.type) {
		case 'pipe-article': {
			const command = config.actions.pipe;
			let input: string;
			if (config.actions['pipe-content'] === 'text') {
				const rendered = await deps.cache.get(meta, effect.width);
				input = `${rendered.lines.map(line => stripSgr(line).trimEnd()).join('\n')}\n`;
			} else {
				const article = await loadArticle(root, meta);
				input = article.body.endsWith('\n') ? article.body : `${article.body}\n`;
			}

			const result = await runArguments(fillArguments(command, placeholders(meta)), {input, suspend: handOverTerminal(deps), environment: deps.environment});
			return status(result.ok ? `Piped to ${result.message}` : `Couldn't pipe the article: ${result.message}`);
		}

		case 'save-article': {
			try {
				const folder = expandHome(config.actions['save-dir'], deps.environment);
				fs.mkdirSync(folder, {recursive: true});
				const target = freeName(folder, path.basename(meta.path));
				fs.copyFileSync(path.join(root, meta.path), target, fs.constants.COPYFILE_EXCL);
				return status(`Saved to ${target}`);
			} catch (error) {
				return status(`Couldn't save the article: ${describeError(error)}`);
			}
		}

		case 'bookmark': {
			const command = config.actions.bookmark;
			if (command.length === 0) {
				return status('No bookmark command: set actions.bookmark in the config file (tidings config show --defaults)');
			}

			const result = await runArguments(fillArguments(command, placeholders(meta)), {environment: deps.environment, timeoutMs: 60_000});
			return status(result.ok ? `Bookmarked with ${result.message}: ${meta.url ?? ''}` : `Couldn't bookmark: ${result.message}`);
		}

		case 'open-attachment': {
			const article = await loadArticle(root, meta);
			const attachments = attachmentsOf(article.body);
			if (attachments.length === 0) {
				return status('This article has no attachment');
			}

			const n = effect.n ?? 1;
			const attachment = attachments[n - 1];
			if (attachment === undefined) {
				return status(`No attachment ${n}: this article has ${attachments.length} (1E–${attachments.length}E)`);
			}

			// With several, the message says which one played and how to pick another.
			const which = attachments.length > 1 ? ` (${n} of ${attachments.length}; a number before E picks another)` : '';

			const opener = openerFor(attachment.type, config.openers.enclosures);
			if (opener === undefined) {
				const opened = await openUrl(attachment.url, {
					environment: deps.environment,
					terminalBrowsers: deps.config ? terminalBrowsers(deps.store, deps.config) : defaultTerminalBrowsers,
					browser: config.open.browser,
					suspend: handOverTerminal(deps),
				});
				return status(`${opened.message}${which}`);
			}

			const result = await runArguments(fillArguments(opener, {url: attachment.url, type: attachment.type ?? ''}), {suspend: handOverTerminal(deps), environment: deps.environment});
			return status(result.ok ? `Back from ${result.message}${which}` : `Couldn't open the attachment: ${result.message}`);
		}
	}
}
