/**
Feeds in a synced library (issue 20): a folder deleted (or not arrived yet) is fetched whole even when the server says
"not modified"; `fetch --force` sends no validators; two machines fetching the same feed write the same files with the
same bytes; a second machine importing the same OPML into the library reuses the feed's folder (no `name-2/`).
*/
import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {runCommand, type CommandRun} from '../helpers/capture-command.js';
import {registerFeedCommands} from '../../source/commands/feeds.js';
import {StateStore} from '../../source/adapters/state-store.js';
import {fixture, listFiles, serveFeed, startFeedServer, temporaryDirectory, type FeedServer} from './helpers/feed-server.js';

function makeCli(library: string, config: string, day: string) {
	return async (...args: string[]): Promise<CommandRun> => runCommand((program, streams) => {
		registerFeedCommands(program, {
			...streams,
			libraryDir: () => library,
			openStore: () => StateStore.open(config).store,
			now: () => new Date(day),
		});
	}, args);
}

let server: FeedServer;
test.before(async () => {
	server = await startFeedServer();
	server.routes.set('/world/rss.xml', serveFeed(fixture('news-rss2.xml'), 'application/rss+xml; charset=utf-8', '"ledger-1"'));
	server.routes.set('/cafe.json', serveFeed(fixture('json-feed.json'), 'application/feed+json', '"cafe-1"'));
});

test.after.always(async () => {
	await server.close();
});

const conditional = (pathname: string) => server.requests.filter(request => request.path === pathname).map(request => request.headers['if-none-match'] !== undefined);

test('a deleted feed folder is fetched whole despite the validators; --force never sends them', async t => {
	const library = temporaryDirectory();
	const cli = makeCli(library, temporaryDirectory(), '2024-06-05T12:00:00Z');
	t.is((await cli('add', server.url('/world/rss.xml'))).code, 0);
	t.is((await cli('fetch')).code, 0);
	const folder = listFiles(library).find(file => file.endsWith('.md'))!.split('/')[0]!;
	const before = listFiles(path.join(library, folder));
	t.is((await cli('fetch', '--json')).code, 0);
	fs.rmSync(path.join(library, folder), {recursive: true});
	const refetched = await cli('fetch', '--json');
	t.is((JSON.parse(refetched.stdout) as Array<{status: string}>)[0]!.status, 'updated');
	t.deepEqual(listFiles(path.join(library, folder)), before);
	t.is((await cli('fetch', '--force')).code, 0);
	// add (1, plain), fetch (plain: no validators yet), fetch (conditional), folder gone (plain), --force (plain).
	t.deepEqual(conditional('/world/rss.xml'), [false, false, true, false, false]);
});

test('two machines fetching the same feed on different days write the same names and bytes; the second import reuses the folder', async t => {
	const library = temporaryDirectory();
	const opml = path.join(temporaryDirectory(), 'feeds.opml');
	fs.writeFileSync(opml, `<?xml version="1.0"?><opml version="2.0"><body><outline text="Café" title="Café" type="rss" xmlUrl="${server.url('/cafe.json')}"/></body></opml>`);
	const first = makeCli(library, temporaryDirectory(), '2024-06-05T12:00:00Z');
	t.is((await first('import', opml)).code, 0);
	t.is((await first('fetch')).code, 0);
	const files = listFiles(library);
	const bytes = new Map(files.map(file => [file, fs.readFileSync(path.join(library, file), 'utf8')]));

	// The other machine's own copy of the library, a week later.
	const copy = temporaryDirectory();
	const second = makeCli(copy, temporaryDirectory(), '2024-06-12T08:00:00Z');
	t.is((await second('import', opml)).code, 0);
	t.is((await second('fetch')).code, 0);
	t.deepEqual(listFiles(copy), files);
	for (const file of files) {
		t.is(fs.readFileSync(path.join(copy, file), 'utf8'), bytes.get(file)!, file);
	}

	// A machine importing into the synced library itself (it holds the first machine's folder): the same folder.
	const third = makeCli(library, temporaryDirectory(), '2024-06-20T08:00:00Z');
	t.is((await third('import', opml)).code, 0);
	t.is((await third('fetch')).code, 0);
	t.deepEqual(listFiles(library), files);
});
