/**
Two real Syncthing instances (the Debian package) share one Tidings library between two "machines" on 127.0.0.1:
no global or local discovery, no relays, no NAT, no usage reporting, GUI/REST on random loopback ports with an API
key set here, every folder and key in temp folders (never the user's Syncthing). The real `tidings` CLI runs on both:
both subscribe to the same feed from a local HTTP server and fetch it before they ever meet (so both write the same
files), A marks one article read and stars another, Syncthing carries the library, and B must show the same read
marks and stars, the same articles, no duplicate and no conflict file; B's change then goes back to A.

A script of its own, run in its own process by test/sync/syncthing.test.ts (part of `npm test`: about 12 s), so that
its Syncthing processes are killed whatever happens to the test. By hand: `node --import=tsx
test/sync/syncthing-scenario.ts` (after `npm run build`).
Outside CI without syncthing it skips, saying why; with `CI` set, a missing syncthing is a failure.
*/
import {execFile, spawn, spawnSync, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(repoRoot, 'bin', 'tidings.js');
const syncthing = process.env['SYNCTHING'] ?? '/usr/bin/syncthing';
const folderId = 'tidings-library';
const apiKey = `tidings-test-${Math.random().toString(36).slice(2)}`;
const deadline = Date.now() + 240_000;

let passed = 0;
let failed = 0;
const check = (name: string, ok: boolean, detail = '') => {
	if (ok) {
		passed++;
		console.log(`  ✔ ${name}`);
	} else {
		failed++;
		console.log(`  ✘ ${name}${detail === '' ? '' : `: ${detail}`}`);
	}
};

const children: ChildProcess[] = [];
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-syncthing-'));

function cleanUp() {
	for (const child of children) {
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGKILL');
		}
	}

	fs.rmSync(root, {recursive: true, force: true});
}

process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
	process.on(signal, () => {
		cleanUp();
		process.exit(130);
	});
}

async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const {port} = server.address() as net.AddressInfo;
			server.close(() => {
				resolve(port);
			});
		});
	});
}

const sleep = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, limitMs = 90_000): Promise<T> {
	const end = Math.min(Date.now() + limitMs, deadline);
	for (;;) {
		const value = await probe();
		if (value !== undefined) {
			return value;
		}

		if (Date.now() > end) {
			throw new Error(`timed out waiting for ${what}`);
		}

		await sleep(300);
	}
}

type Machine = {
	name: string;
	home: string;
	library: string;
	env: NodeJS.ProcessEnv;
	deviceId: string;
	listenPort: number;
	guiPort: number;
	process?: ChildProcess;
	log: string;
};

async function machine(name: string): Promise<Machine> {
	const base = path.join(root, name);
	const home = path.join(base, 'syncthing');
	const library = path.join(base, 'library');
	fs.mkdirSync(path.join(library, '.stfolder'), {recursive: true});
	// Tidings' own short-lived files (locks, temporaries) are not worth carrying; the README gives the same list.
	fs.writeFileSync(path.join(library, '.stignore'), '(?d).tidings-feed.lock\n(?d).*.tmp-*\n');
	const generated = spawnSync(syncthing, ['generate', `--home=${home}`, '--no-default-folder', '--skip-port-probing'], {encoding: 'utf8', timeout: 60_000});
	const deviceId = /Device ID:\s*([A-Z\d-]{63})/u.exec(`${generated.stdout}${generated.stderr}`)?.[1];
	if (deviceId === undefined) {
		throw new Error(`syncthing generate gave no device id: ${generated.stdout}${generated.stderr}`);
	}

	return {
		name,
		home,
		library,
		deviceId,
		listenPort: await freePort(),
		guiPort: await freePort(),
		log: path.join(base, 'syncthing.log'),
		env: {
			...process.env,
			TIDINGS_DIR: library,
			TIDINGS_CONFIG_DIR: path.join(base, 'config'),
			TIDINGS_CACHE_DIR: path.join(base, 'cache'),
			TIDINGS_CONFIG: path.join(base, 'config.toml'),
			NO_COLOR: '1',
		},
	};
}

const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');

function writeConfig(self: Machine, other: Machine, dials: boolean) {
	// One side dials, the other listens: when both dial at once, each may close the connection the other keeps, and on a
	// busy machine their 20 s Hello timeouts then ran past the test's minute (seen once in CI).
	const device = (peer: Machine) => `    <device id="${peer.deviceId}" name="${peer.name}" compression="metadata" introducer="false">
        <address>${peer === other && !dials ? 'dynamic' : `tcp://127.0.0.1:${peer.listenPort}`}</address>
        <paused>false</paused>
        <autoAcceptFolders>false</autoAcceptFolders>
    </device>`;
	const xml = `<configuration version="36">
    <folder id="${folderId}" label="Tidings" path="${escapeXml(self.library)}" type="sendreceive" rescanIntervalS="3600" fsWatcherEnabled="false" fsWatcherDelayS="1" ignorePerms="false" autoNormalize="true">
        <filesystemType>basic</filesystemType>
        <device id="${self.deviceId}"></device>
        <device id="${other.deviceId}"></device>
        <minDiskFree unit="%">0</minDiskFree>
        <markerName>.stfolder</markerName>
    </folder>
${device(self)}
${device(other)}
    <gui enabled="true" tls="false" debugging="false">
        <address>127.0.0.1:${self.guiPort}</address>
        <apikey>${apiKey}</apikey>
    </gui>
    <options>
        <listenAddress>tcp://127.0.0.1:${self.listenPort}</listenAddress>
        <globalAnnounceEnabled>false</globalAnnounceEnabled>
        <localAnnounceEnabled>false</localAnnounceEnabled>
        <relaysEnabled>false</relaysEnabled>
        <natEnabled>false</natEnabled>
        <urAccepted>-1</urAccepted>
        <urSeen>3</urSeen>
        <startBrowser>false</startBrowser>
        <autoUpgradeIntervalH>0</autoUpgradeIntervalH>
        <crashReportingEnabled>false</crashReportingEnabled>
        <reconnectionIntervalS>1</reconnectionIntervalS>
        <minHomeDiskFree unit="%">0</minHomeDiskFree>
        <setLowPriority>false</setLowPriority>
    </options>
</configuration>
`;
	fs.writeFileSync(path.join(self.home, 'config.xml'), xml);
}

function startSyncthing(self: Machine) {
	const log = fs.openSync(self.log, 'a');
	const child = spawn(syncthing, ['serve', `--home=${self.home}`, '--no-browser', '--no-restart', '--no-upgrade', `--gui-address=http://127.0.0.1:${self.guiPort}`, `--gui-apikey=${apiKey}`], {
		env: {...process.env, STNODEFAULTFOLDER: '1', STNOUPGRADE: '1', STNORESTART: '1', HOME: path.join(root, self.name)},
		stdio: ['ignore', log, log],
	});
	children.push(child);
	self.process = child;
}

async function rest<T>(self: Machine, method: 'GET' | 'POST', route: string): Promise<T | undefined> {
	try {
		const response = await fetch(`http://127.0.0.1:${self.guiPort}${route}`, {method, headers: {'X-API-Key': apiKey}, signal: AbortSignal.timeout(5000)});
		if (!response.ok) {
			return undefined;
		}

		const text = await response.text();
		return (text === '' ? {} : JSON.parse(text)) as T;
	} catch {
		return undefined;
	}
}

async function tidings(self: Machine, args: readonly string[]): Promise<{code: number; stdout: string; stderr: string}> {
	return new Promise(resolve => {
		execFile(process.execPath, [cli, ...args], {env: self.env, timeout: 60_000, encoding: 'utf8'}, (error, stdout, stderr) => {
			resolve({code: error === null ? 0 : (typeof error.code === 'number' ? error.code : 1), stdout, stderr});
		});
	});
}

type Row = {id: string; path: string; read: boolean; starred: boolean; title: string};

async function list(self: Machine): Promise<Row[]> {
	const result = await tidings(self, ['list', '--json']);
	if (result.code !== 0) {
		throw new Error(`tidings list on ${self.name} failed: ${result.stderr}`);
	}

	return JSON.parse(result.stdout) as Row[];
}

/** Every file under the library (Syncthing's marker and ignore file left out), path → bytes. */
function files(self: Machine): Map<string, string> {
	const found = new Map<string, string>();
	const walk = (folder: string, prefix: string) => {
		for (const entry of fs.readdirSync(folder, {withFileTypes: true})) {
			const relative = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
			if (entry.name === '.stfolder' || entry.name === '.stignore' || entry.name.endsWith('.lock') || entry.name.includes('.tmp-') || entry.name.startsWith('.syncthing.')) {
				continue;
			}

			if (entry.isDirectory()) {
				walk(path.join(folder, entry.name), relative);
			} else if (entry.isFile()) {
				found.set(relative, fs.readFileSync(path.join(folder, entry.name), 'utf8'));
			}
		}
	};

	walk(self.library, '');
	return found;
}

const same = (a: Machine, b: Machine) => {
	const left = files(a);
	const right = files(b);
	return left.size === right.size && [...left].every(([name, text]) => right.get(name) === text);
};

async function settle(a: Machine, b: Machine, what: string) {
	await rest(a, 'POST', `/rest/db/scan?folder=${folderId}`);
	await rest(b, 'POST', `/rest/db/scan?folder=${folderId}`);
	await until(what, async () => {
		if (!same(a, b)) {
			// Rescan now and then: nothing watches the folders (the watcher is off, so the test says when to look).
			await rest(a, 'POST', `/rest/db/scan?folder=${folderId}`);
			await rest(b, 'POST', `/rest/db/scan?folder=${folderId}`);
			return undefined;
		}

		const [left, right] = await Promise.all([rest<{needFiles: number; state: string}>(a, 'GET', `/rest/db/status?folder=${folderId}`), rest<{needFiles: number; state: string}>(b, 'GET', `/rest/db/status?folder=${folderId}`)]);
		return left?.needFiles === 0 && right?.needFiles === 0 && left.state === 'idle' && right.state === 'idle' ? true : undefined;
	});
}

function feedServer(): Promise<{url: string; close: () => void}> {
	const items = [1, 2, 3].map(n => `<item><title>Harbour news ${n}</title><link>http://example.test/${n}</link><guid>harbour-${n}</guid><pubDate>Tue, 0${n} Jan 2030 08:00:00 GMT</pubDate><description>&lt;p&gt;The ferries, part ${n}.&lt;/p&gt;</description></item>`).join('');
	const body = `<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Gazette</title><link>http://example.test/</link>${items}</channel></rss>`;
	const server = http.createServer((request, response) => {
		if (request.headers['if-none-match'] === '"v1"') {
			response.writeHead(304).end();
			return;
		}

		response.writeHead(200, {'content-type': 'application/rss+xml', etag: '"v1"'}).end(body);
	});
	return new Promise(resolve => {
		server.listen(0, '127.0.0.1', () => {
			resolve({url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/feed.xml`, close: () => server.close()});
		});
	});
}

async function main() {
	if (!fs.existsSync(syncthing)) {
		if (process.env['CI'] !== undefined && process.env['CI'] !== '' && process.env['CI'] !== 'false') {
			check('syncthing is installed', false, `${syncthing} is missing (.ci/run installs the Debian package syncthing)`);
			return;
		}

		console.log(`syncthing test skipped: ${syncthing} is not installed (apt-get install syncthing)`);
		return;
	}

	if (!fs.existsSync(cli)) {
		check('the CLI is built', false, `${cli} is missing: npm run build first`);
		return;
	}

	const server = await feedServer();
	try {
		const a = await machine('a');
		const b = await machine('b');
		writeConfig(a, b, true);
		writeConfig(b, a, false);

		// Both machines subscribe to the same feed and fetch it before they have ever synced.
		for (const self of [a, b]) {
			const added = await tidings(self, ['add', server.url]);
			check(`${self.name}: tidings add`, added.code === 0, added.stderr);
			const fetched = await tidings(self, ['fetch']);
			check(`${self.name}: tidings fetch`, fetched.code === 0, fetched.stderr);
		}

		const rowsA = await list(a);
		check('A lists the three items', rowsA.length === 3, JSON.stringify(rowsA.map(row => row.path)));
		const [first, second, third] = rowsA;
		const marked = await tidings(a, ['mark', first!.id]);
		check('A: tidings mark', marked.code === 0, marked.stderr);
		const starred = await tidings(a, ['star', second!.id]);
		check('A: tidings star', starred.code === 0, starred.stderr);

		startSyncthing(a);
		startSyncthing(b);
		await until('both Syncthing instances to answer', async () => (await rest(a, 'GET', '/rest/system/ping')) && (await rest(b, 'GET', '/rest/system/ping')) ? true : undefined, 60_000);
		await until('the two instances to connect', async () => {
			const connections = await rest<{connections: Record<string, {connected: boolean}>}>(a, 'GET', '/rest/system/connections');
			return connections?.connections[b.deviceId]?.connected ? true : undefined;
		}, 60_000);
		await settle(a, b, 'the libraries to converge');

		const rowsB = await list(b);
		const ids = (rows: Row[]) => rows.map(row => row.id).sort();
		check('B lists the same articles as A', JSON.stringify(ids(rowsB)) === JSON.stringify(ids(rowsA)), `${JSON.stringify(ids(rowsB))} vs ${JSON.stringify(ids(rowsA))}`);
		check('B lists no article twice', new Set(rowsB.map(row => row.id)).size === rowsB.length && new Set(rowsB.map(row => row.path)).size === rowsB.length);
		check('B lists no conflict copy', rowsB.every(row => !/sync-conflict|conflicted copy/u.test(row.path)));
		const byId = new Map(rowsB.map(row => [row.id, row]));
		check('B shows A\'s read mark', byId.get(first!.id)?.read === true && byId.get(second!.id)?.read === false && byId.get(third!.id)?.read === false, JSON.stringify(rowsB.map(row => [row.id, row.read, row.starred])));
		check('B shows A\'s star', byId.get(second!.id)?.starred === true && byId.get(first!.id)?.starred === false);
		const onDisk = [...files(a).keys(), ...files(b).keys()];
		check('no sync-conflict file on either machine', onDisk.every(name => !name.includes('sync-conflict')), onDisk.filter(name => name.includes('sync-conflict')).join(', '));
		check('no second feed folder (harbour-gazette-2)', onDisk.every(name => !name.startsWith('harbour-gazette-2/')), onDisk.join(', '));

		// Back the other way: B reads the third article; A follows.
		const back = await tidings(b, ['mark', third!.id]);
		check('B: tidings mark', back.code === 0, back.stderr);
		await settle(a, b, 'B\'s mark to reach A');
		const again = new Map((await list(a)).map(row => [row.id, row]));
		check('A shows B\'s read mark and keeps its own', again.get(third!.id)?.read === true && again.get(first!.id)?.read === true && again.get(second!.id)?.starred === true);

		const status = await tidings(a, ['sync', 'status', '--json']);
		const parsed = JSON.parse(status.stdout || '{}') as {devices?: unknown[]; unmerged?: unknown[]; articleConflicts?: unknown[]};
		check('sync status on A: two devices, nothing unmerged', parsed.devices?.length === 2 && parsed.unmerged?.length === 0 && parsed.articleConflicts?.length === 0, status.stdout + status.stderr);
	} catch (error) {
		check('the run', false, error instanceof Error ? error.message : String(error));
		for (const name of ['a', 'b']) {
			const log = path.join(root, name, 'syncthing.log');
			if (fs.existsSync(log)) {
				console.log(`--- syncthing ${name} (last lines)\n${fs.readFileSync(log, 'utf8').split('\n').slice(-15).join('\n')}`);
			}
		}
	} finally {
		server.close();
		for (const child of children) {
			child.kill('SIGTERM');
		}

		await Promise.race([Promise.all(children.map(async child => new Promise(resolve => {
			if (child.exitCode !== null || child.signalCode !== null) {
				resolve(undefined);
			} else {
				child.once('exit', resolve);
			}
		}))), sleep(5000)]);
	}
}

await main();
console.log(`syncthing: ${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 ? 1 : 0;
