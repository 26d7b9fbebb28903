import {execFile} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {attachmentsOf, describeAttachment} from '../../source/core/actions/attachments.js';
import {itemBody} from '../../source/core/feeds/feed-item-to-article.js';
import {parseFeedText} from '../../source/core/feeds/parse-feed.js';
import {formatClock, parseClock} from '../../source/core/media/episode.js';
import {cliPath, tempDir} from '../helpers/terminal.js';

const run = promisify(execFile);

test('itunes:duration in its spellings, and bad ones refused', t => {
	t.is(parseClock('1:02:03'), 3723);
	t.is(parseClock('62:03'), 3723);
	t.is(parseClock('3723'), 3723);
	t.is(parseClock(' 95.5 '), 95.5);
	for (const bad of ['', 'abc', '-5', '1:2:3:4', '99999999', '1e9', '12:xx']) {
		t.is(parseClock(bad), undefined, bad);
	}

	t.is(formatClock(3723), '1:02:03');
	t.is(formatClock(95.9), '1:35');
});

const podcastFeed = (strict: boolean) => `<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Show</title><link>http://x/</link>
<item><title>One</title><guid>1</guid><description>Hi${strict ? '' : ' <b>broken'}</description><itunes:duration>1:02:03</itunes:duration>
<enclosure url="http://x/cover.jpg" type="image/jpeg" length="2000"/><enclosure url="http://x/one.mp3" type="audio/mpeg" length="48200000"/></item>
<item><title>Two</title><guid>2</guid><description>Video</description><media:content url="http://x/two.mp4" type="video/mp4" fileSize="1000000" duration="600"/></item>
</channel></rss>`;

test('durations reach the stored Attachments list (feedsmith and the lenient reader) and are read back with type and size', t => {
	for (const strict of [true, false]) {
		const parsed = parseFeedText(podcastFeed(strict), 'http://x/feed.xml');
		t.true(parsed.ok);
		if (!parsed.ok) {
			return;
		}

		const [one, two] = parsed.value.items;
		const body = itemBody(one!);
		t.regex(body, /\[one\.mp3\]\(<http:\/\/x\/one\.mp3>\) \(audio\/mpeg, 48\.2 MB, 1:02:03\)/u, `strict ${strict}`);
		const attachments = attachmentsOf(body);
		t.like(attachments[1], {url: 'http://x/one.mp3', type: 'audio/mpeg', size: 48_200_000, duration: 3723});
		t.is(attachments[0]!.duration, undefined, 'the item duration goes to the audio, not the cover image');
		t.is(describeAttachment(attachments[1]!), 'audio/mpeg, 48.2 MB, 1:02:03');
		t.like(attachmentsOf(itemBody(two!))[0], {type: 'video/mp4', duration: 600});
	}

	// A file written before durations were kept still reads.
	t.like(attachmentsOf('## Attachments\n\n- [a.mp3](<http://x/a.mp3>) (audio/mpeg, 1.0 MB)')[0], {type: 'audio/mpeg', size: 1_000_000, duration: undefined});
});

test('tidings podcasts: auto-download after fetch, list --json shows the file, download all-new has nothing left, remove deletes', async t => {
	const audio = Buffer.alloc(50_000, 7);
	const server = http.createServer((request, response) => {
		if (request.url === '/feed.xml') {
			const {port} = server.address() as AddressInfo;
			response.writeHead(200, {'Content-Type': 'application/rss+xml'});
			response.end(`<?xml version="1.0"?><rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"><channel><title>Cast</title><link>http://127.0.0.1/</link>
<item><title>Ep/../1 \u0007</title><guid>e1</guid><pubDate>Fri, 20 Nov 2026 10:00:00 GMT</pubDate><description>x</description><itunes:duration>0:42</itunes:duration><enclosure url="http://127.0.0.1:${port}/e1.mp3" type="audio/mpeg" length="50000"/></item>
</channel></rss>`);
			return;
		}

		response.writeHead(200, {'Content-Type': 'audio/mpeg', 'Content-Length': audio.length}).end(audio);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	t.teardown(() => server.close());
	const {port} = server.address() as AddressInfo;
	const base = tempDir();
	const library = path.join(base, 'library');
	fs.mkdirSync(library);
	const {CI: _ci, TIDINGS_CONFIG: _config, ...parent} = process.env;
	const env = {...parent, TIDINGS_DIR: library, TIDINGS_CONFIG_DIR: path.join(base, 'config'), TIDINGS_CACHE_DIR: path.join(base, 'cache')};
	const tidings = async (...args: string[]) => run(process.execPath, [cliPath, ...args], {env});
	await tidings('add', `http://127.0.0.1:${port}/feed.xml`);
	t.regex((await tidings('podcasts', 'auto', 'Cast', 'on')).stdout, /Cast: new episodes are downloaded after each fetch/u);
	const fetched = await tidings('fetch');
	t.regex(fetched.stdout, /Downloaded Ep\/\.\.\/1 ␇ to /u, 'the title as stored: the bell shown as a symbol');
	const file = path.join(base, 'cache', 'podcasts', 'Cast', '2026-11-20-Ep-.-1 ␇.mp3');
	t.deepEqual(fs.readFileSync(file), audio, 'into <cache>/podcasts by the default template, the hostile title made safe');
	const listed = JSON.parse((await tidings('podcasts', 'list', '--json')).stdout) as Array<Record<string, unknown>>;
	t.like(listed[0], {n: 1, type: 'audio/mpeg', size: 50_000, duration: 42, downloaded: file, position: null});
	t.is((await tidings('podcasts', 'download', 'all-new')).stdout, 'Nothing new to download\n');
	const state = JSON.parse(fs.readFileSync(path.join(base, 'config', 'state.json'), 'utf8')) as {media: {downloads: Record<string, {bytes: number; type: string}>}};
	t.like(state.media.downloads[`http://127.0.0.1:${port}/e1.mp3`], {bytes: 50_000, type: 'audio/mpeg'}, 'type and size as served are recorded');
	t.regex((await tidings('podcasts', 'remove', String(listed[0]!['id']))).stdout, /^Deleted /u);
	t.false(fs.existsSync(file));
	const again = await tidings('podcasts', 'download', '--json', 'all-new');
	t.like((JSON.parse(again.stdout) as Array<Record<string, unknown>>)[0], {state: 'done', bytes: 50_000, downloaded: file});
	await t.throwsAsync(tidings('podcasts', 'download', 'no-such-id'), {message: /no episode "no-such-id"/u});
});
