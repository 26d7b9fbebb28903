/**
Issue 15: every string that reaches the screen from outside goes through the neutraliser. Node's HTTP parser accepts
ESC, BEL and 8-bit bytes in a status line's reason phrase; a real server on 127.0.0.1 sends one, and neither the
feed fetcher's error nor `F`'s (fetchFullText) may carry it raw.
*/
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {httpGet} from '../../source/adapters/feeds/http.js';
import {fetchFullText} from '../../source/adapters/full-text.js';
import {neutraliseLine} from '../../source/core/text/neutralise.js';

const control = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/u;
const evilReason = '\u001B]0;PWNED\u0007\u001B[2J \u009B31m Oops';

async function rawServer(statusLine: string, headers = ''): Promise<{url: string; close: () => void}> {
	const server = net.createServer(socket => {
		socket.once('data', () => {
			socket.end(Buffer.from(`${statusLine}\r\n${headers}Content-Length: 0\r\nConnection: close\r\n\r\n`, 'latin1'));
		});
	});
	await new Promise<void>(resolve => {
		server.listen(0, '127.0.0.1', resolve);
	});
	const {port} = server.address() as net.AddressInfo;
	return {url: `http://127.0.0.1:${port}/page`, close: () => server.close()};
}

test('a status line with ESC, BEL and 8-bit bytes comes back neutralised from the HTTP client', async t => {
	const server = await rawServer(`HTTP/1.1 503 ${evilReason}`);
	t.teardown(server.close);
	const result = await httpGet({url: server.url});
	t.false(result.ok);
	const cause = result.ok ? '' : result.error.cause;
	t.true(cause.startsWith('HTTP 503'), cause);
	t.false(control.test(cause), JSON.stringify(cause));
	t.true(cause.includes('␛]0;PWNED␇'), cause);
});

test('F (fetchFullText) reports a hostile status line neutralised, and leaves the file as it was', async t => {
	const server = await rawServer(`HTTP/1.1 500 ${evilReason}`);
	t.teardown(server.close);
	const library = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-status-'));
	const text = `---\ntitle: A\nurl: ${server.url}\n---\nSummary\n`;
	fs.writeFileSync(path.join(library, 'a.md'), text);
	const result = await fetchFullText(library, {path: 'a.md', url: neutraliseLine(server.url), kind: 'md'});
	t.false(result.ok);
	const message = result.ok ? '' : result.error;
	t.false(control.test(message), JSON.stringify(message));
	t.regex(message, /HTTP 500/u);
	t.is(fs.readFileSync(path.join(library, 'a.md'), 'utf8'), text);
});
