import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import test from 'ava';
import {keys, startTidings, tempDir} from '../helpers/terminal.js';

const right = '\u001B[C';
const left = '\u001B[D';
const headings = Array.from({length: 12}, (_, column) => `Heading${column + 1}`);

const tablesArticle = [
	'---',
	'title: Tables and scripts',
	'date: 2026-03-02T08:00:00Z',
	'source: Fixtures',
	'---',
	'',
	'A small table first.',
	'',
	'| Port | Boats | Notes |',
	'|---|--:|---|',
	'| Bergen | 41 | The fish market opens at seven and closes when the last crate is sold |',
	'| Oban | 12 | Ferries to the islands |',
	'',
	'港口的潮汐每天两次涨落，渔船在黎明前出海，傍晚时分满载而归。',
	'',
	'يعود الصيادون إلى الميناء عند الغروب وتمتلئ الأسواق بالسمك الطازج.',
	'',
	'A wide one:',
	'',
	`| ${headings.join(' | ')} |`,
	`|${headings.map(() => '---').join('|')}|`,
	`| ${headings.map((_, column) => `value${column + 1}`).join(' | ')} |`,
	'',
	'The end of the tables.',
	'',
].join('\n');

function library(files: Record<string, string>) {
	const root = tempDir();
	const articles = path.join(root, 'articles');
	for (const [relative, text] of Object.entries(files)) {
		fs.mkdirSync(path.dirname(path.join(articles, relative)), {recursive: true});
		fs.writeFileSync(path.join(articles, relative), text);
	}

	return {
		articles,
		env: {TIDINGS_CONFIG_DIR: path.join(root, 'config'), TIDINGS_CACHE_DIR: path.join(root, 'cache'), TIDINGS_DIR: articles},
	};
}

const widest = (screen: string[]) => Math.max(...screen.map(line => line.length));

test('at 62 columns the 12-column table reads as records; w shows it wide, ←/→ scroll it, w returns', async t => {
	const {env} = library({'tables.md': tablesArticle});
	const session = startTidings({env, columns: 62, rows: 16});
	await session.waitFor('Tables and scripts');
	session.press(keys.enter);
	await session.waitFor(/│ Port\s+│ Boats │ Notes\s+│/u);
	session.press('G');
	await session.waitFor('Heading12: value12');
	t.notRegex(session.text(), /│ Port/u, 'only the records are on the screen now');
	session.press('w');
	await session.waitFor('Table shown wide');
	t.regex(session.text(), /│ Heading1 │ Heading2 │/u);
	t.notRegex(session.text(), /Heading12/u);
	session.press(right.repeat(8));
	await session.waitFor(screen => screen.includes('Heading12 │') && !screen.includes('│ Heading1 │'));
	t.true(widest(session.screen()) <= 62);
	session.press(left.repeat(8));
	await session.waitFor('│ Heading1 │');
	session.press('w');
	await session.waitFor(screen => screen.includes('Heading12: value12') && !screen.includes('Table shown wide'));
	session.press(left);
	await session.waitFor('Tidings —');
	session.press('q');
	t.is((await session.exited()).exitCode, 0);
});

for (const columns of [40, 80, 160]) {
	test(`at ${columns} columns tables, CJK and Arabic stay inside the screen`, async t => {
		const {env} = library({'tables.md': tablesArticle});
		const session = startTidings({env, columns, rows: 50});
		await session.waitFor('Tables and scripts');
		session.press(keys.enter);
		await session.waitFor('The end of the tables.');
		const screen = session.screen();
		// A line the emulator had to wrap would push the last rows off: the grid's corners must both be on screen.
		t.true(screen.some(line => line.includes('┌') && line.trimEnd().endsWith('┐')), 'the small table has its right border');
		t.true(screen.some(line => line.includes('港口的潮汐')));
		t.true(screen.some(line => line.includes('يعود')));
		// The reading measure is at most 80 columns, where 12 columns cannot each get 6 cells.
		t.is(screen.filter(line => line.includes('Table shown as records')).length, 1);
		session.press(keys.ctrlC);
		t.is((await session.exited()).exitCode, 0);
	});
}

test('F fetches the whole story of a summary-only article from its page and shows it', async t => {
	const server = http.createServer((_request, response) => {
		response.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'});
		response.end(`<html><body><nav>Menu and subscribe links</nav><article><h1>Harbour days</h1>${
			['The harbour master rose before dawn and counted the boats that had come in overnight along the quay.', 'By seven the fish market was full and the gulls wheeled over the crates while prices were called.', 'In the afternoon the ferry left for the islands, its wake spreading across the still bay water.'].map(text => `<p>${text}</p>`).join('')
		}</article></body></html>`);
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as {port: number};
	const {env, articles} = library({'news/harbour.md': `---\ntitle: Harbour days\ndate: 2026-03-01T08:00:00Z\nurl: http://127.0.0.1:${port}/story\nid: harbour-1\n---\n\nOnly a summary here.\n`});
	try {
		const session = startTidings({env, columns: 80, rows: 30});
		await session.waitFor('Harbour days');
		session.press(keys.enter);
		await session.waitFor('Only a summary here.');
		session.press('F');
		await session.waitFor('The whole story is stored');
		await session.waitFor('the gulls wheeled over the crates');
		t.regex(session.text(), /The whole story/u);
		t.notRegex(session.text(), /Menu and subscribe/u);
		session.press('q');
		await session.waitFor('Tidings —');
		session.press('q');
		t.is((await session.exited()).exitCode, 0);
		t.regex(fs.readFileSync(path.join(articles, 'news/harbour.md'), 'utf8'), /^fetched: /mu);
	} finally {
		server.close();
	}
});
