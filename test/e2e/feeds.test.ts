import {execFile} from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {fixture, listFiles, serveFeed, startFeedServer} from '../feeds/helpers/feed-server.js';
import {cliPath, keys, startTidings, tempDir} from '../helpers/terminal.js';

const run = promisify(execFile);

test('subscribe, fetch with r in the reader, open a fetched article, fetch again: nothing duplicated and the read mark kept', async t => {
	const server = await startFeedServer();
	t.teardown(async () => server.close());
	server.routes.set('/news.xml', serveFeed(fixture('news-rss2.xml')));
	const base = tempDir();
	const library = path.join(base, 'library');
	fs.mkdirSync(library);
	const env = {TIDINGS_DIR: library, TIDINGS_CONFIG_DIR: path.join(base, 'config'), TIDINGS_CACHE_DIR: path.join(base, 'cache')};
	const {CI: _ci, ...parent} = process.env;
	await run(process.execPath, [cliPath, 'add', server.url('/news.xml')], {env: {...parent, ...env}});

	const session = startTidings({env, columns: 100, rows: 30});
	await session.waitFor('No articles here');
	session.press('r');
	await session.waitFor(/Fetched 1 feed: [1-9]\d* new/);
	const screen = await session.waitFor(/unread of [1-9]/);
	const count = Number(/unread of (\d+)/u.exec(screen)![1]);
	const filesAfterFirst = listFiles(library).filter(file => file.endsWith('.md'));
	t.is(filesAfterFirst.length, count, 'each item is one article file');

	session.press(keys.enter);
	await session.waitFor(/q back/);
	session.press('q');
	await session.waitFor(`${count - 1} unread of ${count}`);

	session.press('r');
	await session.waitFor(/Fetched 1 feed: 0 new/);
	await session.waitFor(`${count - 1} unread of ${count}`);
	t.deepEqual(listFiles(library).filter(file => file.endsWith('.md')).sort(), filesAfterFirst.sort(), 'fetching again duplicates nothing');
	session.press('q');
	t.is((await session.exited()).exitCode, 0);

	const state = JSON.parse(fs.readFileSync(path.join(base, 'config', 'state.json'), 'utf8')) as {read: string[]};
	t.is(state.read.length, 1, 'the read mark of the opened article is kept');
});
