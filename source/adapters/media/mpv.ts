/**
A kept mpv, driven through its JSON IPC socket (`--input-ipc-server`): one JSON object a line each way, replies
matched by `request_id`, events (`end-file`, `file-loaded`, `property-change` of the observed properties) in between.

Why not an npm client (`mpv`, `node-mpv`): both start mpv themselves with their own arguments and their own socket
place, neither bounds a request in time, and the protocol is a hundred lines over `node:net`. Here:
- mpv is started with a list of arguments, never a shell (as source/adapters/run-command.ts does);
- the socket lives in a private folder (`mkdtemp`: mode 0700) under $XDG_RUNTIME_DIR, else the temp folder, so no
  other user can connect to it and send mpv a `run` command;
- every request has a deadline; mpv exiting, crashing or a socket that stops answering rejects what is pending and
  ends the player (`onExit`), never a hang: the reader only ever waits on a bounded promise.
*/
import {spawn, type ChildProcess} from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export type PlayerSnapshot = {
	/** What was loaded last (undefined when idle). */
	readonly url?: string;
	readonly position?: number;
	readonly duration?: number;
	readonly paused: boolean;
	readonly speed: number;
	readonly idle: boolean;
};

export type PlayerOptions = {
	/** The program and its own arguments (`["mpv", "--ao=null"]`); Tidings adds the IPC ones. */
	readonly command?: readonly string[];
	readonly environment?: NodeJS.ProcessEnv;
	/** Deadline of one request, and of the socket's first answer. */
	readonly requestTimeoutMs?: number;
	/** How long a `load` waits for the file to start (a slow server). */
	readonly loadTimeoutMs?: number;
};

type Pending = {resolve: (value: unknown) => void; reject: (error: Error) => void; timer: NodeJS.Timeout};

const observed = ['time-pos', 'duration', 'pause', 'speed', 'idle-active'] as const;

/** Where the socket folders go: $XDG_RUNTIME_DIR when it is short enough for a socket path, else the temp folder. */
function socketBase(environment: NodeJS.ProcessEnv): string {
	const runtime = environment['XDG_RUNTIME_DIR'];
	return runtime !== undefined && runtime !== '' && runtime.length < 60 && fs.existsSync(runtime) ? runtime : os.tmpdir();
}

/** A private folder (0700) for the socket, with the reader's process id in it (see `reapOrphans`). */
function socketFolder(environment: NodeJS.ProcessEnv): string {
	const folder = fs.mkdtempSync(path.join(socketBase(environment), 'tidings-mpv-'));
	fs.writeFileSync(path.join(folder, 'owner'), String(process.pid), {mode: 0o600});
	return folder;
}

const isAlive = (pid: number): boolean => {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
};

/**
A reader killed outright (SIGKILL) cannot end its mpv, which stays idle: the next start asks each player whose reader
is gone to quit (through its socket, in a folder of ours), and removes the folder. A live reader's player is left alone.
*/
export async function reapOrphans(environment: NodeJS.ProcessEnv = process.env): Promise<number> {
	const base = socketBase(environment);
	let reaped = 0;
	let names: string[] = [];
	try {
		names = fs.readdirSync(base).filter(name => name.startsWith('tidings-mpv-')).slice(0, 50);
	} catch {}

	for (const name of names) {
		const folder = path.join(base, name);
		try {
			const stat = fs.lstatSync(folder);
			const owner = Number(fs.readFileSync(path.join(folder, 'owner'), 'utf8'));
			if (!stat.isDirectory() || stat.uid !== process.getuid?.() || !Number.isInteger(owner) || owner <= 0 || isAlive(owner)) {
				continue;
			}

			 
			const socket = await connect(path.join(folder, 'mpv.sock'), 500).catch(() => undefined);
			socket?.end(`${JSON.stringify({command: ['quit']})}\n`);
			fs.rmSync(folder, {recursive: true, force: true});
			reaped++;
		} catch {}
	}

	return reaped;
}

const delay = async (ms: number) => new Promise(resolve => {
	setTimeout(resolve, ms);
});

export class MpvPlayer {
	/** Starts mpv idle and connects to its socket; rejects (and leaves nothing running) when either fails. */
	static async start(options: PlayerOptions = {}): Promise<MpvPlayer> {
		const [program = 'mpv', ...own] = options.command ?? ['mpv'];
		await reapOrphans(options.environment ?? process.env);
		const folder = socketFolder(options.environment ?? process.env);
		const socketPath = path.join(folder, 'mpv.sock');
		const child = spawn(program, [...own, '--idle=yes', '--no-terminal', '--force-window=no', '--audio-display=no', `--input-ipc-server=${socketPath}`], {
			shell: false,
			env: options.environment ?? process.env,
			stdio: ['ignore', 'ignore', 'pipe'],
		});
		let stderr = '';
		child.stderr?.on('data', (chunk: Buffer) => {
			if (stderr.length < 2048) {
				stderr += chunk.toString('utf8');
			}
		});
		let failed: Error | undefined;
		child.once('error', error => {
			failed = (error as NodeJS.ErrnoException).code === 'ENOENT' ? new Error(`${path.basename(program)} is not installed (media.player in the config names the player)`) : error;
		});
		child.once('exit', code => {
			failed ??= new Error(`${path.basename(program)} ended at start (exit ${code})${stderr.trim() === '' ? '' : `: ${stderr.trim().split('\n')[0]!.slice(0, 160)}`}`);
		});
		const deadline = Date.now() + (options.requestTimeoutMs ?? 5000) + 5000;
		for (;;) {
			if (failed) {
				fs.rmSync(folder, {recursive: true, force: true});
				throw failed;
			}

			try {
				 
				const socket = await connect(socketPath, 1000);
				return new MpvPlayer(child, socket, folder, options);
			} catch {}

			if (Date.now() > deadline) {
				child.kill('SIGKILL');
				fs.rmSync(folder, {recursive: true, force: true});
				throw new Error('mpv did not open its control socket in time');
			}

			 
			await delay(50);
		}
	}

	private readonly pending = new Map<number, Pending>();
	private readonly changeListeners = new Set<(snapshot: PlayerSnapshot) => void>();
	private readonly eventListeners = new Set<(event: Record<string, unknown>) => void>();
	private readonly exitListeners = new Set<(reason: string) => void>();
	private nextId = 1;
	private buffer = '';
	private ended?: string;
	private current: PlayerSnapshot = {paused: false, speed: 1, idle: true};
	private readonly requestTimeoutMs: number;
	private readonly loadTimeoutMs: number;

	private constructor(private readonly child: ChildProcess, private readonly socket: net.Socket, private readonly folder: string, options: PlayerOptions) {
		this.requestTimeoutMs = options.requestTimeoutMs ?? 3000;
		this.loadTimeoutMs = options.loadTimeoutMs ?? 20_000;
		socket.setEncoding('utf8');
		socket.on('data', (chunk: string) => {
			this.received(chunk);
		});
		socket.on('error', () => undefined);
		socket.on('close', () => {
			this.end('the player closed its socket');
		});
		child.once('exit', (code, signal) => {
			this.end(signal ? `the player was stopped (${signal})` : `the player ended (exit ${code})`);
		});
		for (const [index, name] of observed.entries()) {
			this.request(['observe_property', index + 1, name]).catch(() => undefined);
		}
	}

	get snapshot(): PlayerSnapshot {
		return this.current;
	}

	get alive(): boolean {
		return this.ended === undefined;
	}

	/** The process id (tests check it is gone). */
	get pid(): number | undefined {
		return this.child.pid;
	}

	onChange(listener: (snapshot: PlayerSnapshot) => void): () => void {
		this.changeListeners.add(listener);
		return () => this.changeListeners.delete(listener);
	}

	onEvent(listener: (event: Record<string, unknown>) => void): () => void {
		this.eventListeners.add(listener);
		return () => this.eventListeners.delete(listener);
	}

	onExit(listener: (reason: string) => void): () => void {
		this.exitListeners.add(listener);
		return () => this.exitListeners.delete(listener);
	}

	/** One command; resolves to its `data`, rejects on an mpv error, a closed socket or the deadline. */
	async request(command: readonly unknown[], timeoutMs = this.requestTimeoutMs): Promise<unknown> {
		if (this.ended !== undefined) {
			throw new Error(this.ended);
		}

		const id = this.nextId++;
		return new Promise((resolve, reject) => {
			const timer = setTimeout(() => {
				this.pending.delete(id);
				reject(new Error(`the player did not answer ${String(command[0])} in time`));
			}, timeoutMs);
			this.pending.set(id, {resolve, reject, timer});
			this.socket.write(`${JSON.stringify({command, request_id: id})}\n`);
		});
	}

	async getProperty(name: string): Promise<unknown> {
		return this.request(['get_property', name]);
	}

	async setProperty(name: string, value: unknown): Promise<void> {
		await this.request(['set_property', name, value]);
	}

	/**
	Plays `url` from `start` seconds. The place is given as mpv's `start` option before `loadfile` (the `loadfile`
	options argument moved between mpv releases; the option works in all of them), set back to `none` once the file is
	in; should mpv still begin elsewhere, an absolute seek puts it there.
	*/
	async load(url: string, start = 0, {paused = false}: {paused?: boolean} = {}): Promise<void> {
		// The file that was playing ends with reason `stop` first: only an `error` end is about this one.
		const loaded = this.waitForEvent(event => event['event'] === 'file-loaded' || (event['event'] === 'end-file' && event['reason'] === 'error'), this.loadTimeoutMs);
		await this.setProperty('start', start > 0 ? start.toFixed(3) : 'none');
		await this.request(['loadfile', url, 'replace']);
		let event: Record<string, unknown>;
		try {
			event = await loaded;
		} finally {
			await this.setProperty('start', 'none').catch(() => undefined);
		}

		if (event['event'] === 'end-file') {
			throw new Error(`the player could not play it (${typeof event['file_error'] === 'string' ? event['file_error'] : String(event['reason'] ?? 'error')})`);
		}

		this.current = {...this.current, url, idle: false};
		if (start > 0) {
			const position = await this.request(['get_property', 'time-pos']).catch(() => undefined);
			if (typeof position !== 'number' || position < start - 1) {
				await this.request(['seek', start, 'absolute']);
			}

			// The observed time-pos follows a moment later: the place is known now, so the first status shows it.
			this.current = {...this.current, position: typeof position === 'number' && position >= start - 1 ? position : start};
		}

		await this.setProperty('pause', paused);
	}

	async waitForEvent(accept: (event: Record<string, unknown>) => boolean, timeoutMs: number): Promise<Record<string, unknown>> {
		return new Promise((resolve, reject) => {
			let stopExit: () => void = () => undefined;
			const timer = setTimeout(() => {
				stopEvents();
				stopExit();
				reject(new Error('the player did not start the file in time'));
			}, timeoutMs);
			const stopEvents = this.onEvent(event => {
				if (accept(event)) {
					clearTimeout(timer);
					stopEvents();
					stopExit();
					resolve(event);
				}
			});
			stopExit = this.onExit(reason => {
				clearTimeout(timer);
				stopEvents();
				reject(new Error(reason));
			});
		});
	}

	async seek(seconds: number): Promise<void> {
		await this.request(['seek', seconds, 'relative']);
	}

	/** Stops the file (mpv stays, idle). */
	async stop(): Promise<void> {
		await this.request(['stop']);
		this.current = {...this.current, url: undefined, position: undefined, duration: undefined, idle: true};
	}

	/** Asks mpv to quit, and kills it when it does not within the deadline. Never throws. */
	async quit(): Promise<void> {
		if (this.ended !== undefined) {
			return;
		}

		const exited = new Promise<void>(resolve => {
			this.onExit(() => {
				resolve();
			});
		});
		this.request(['quit']).catch(() => undefined);
		const timer = setTimeout(() => this.kill(), this.requestTimeoutMs);
		await exited;
		clearTimeout(timer);
	}

	/** At once (the reader is exiting): no socket round trip. */
	kill(): void {
		if (this.child.exitCode === null && this.child.signalCode === null) {
			this.child.kill('SIGKILL');
		}

		this.end('the player was stopped');
	}

	private received(chunk: string): void {
		this.buffer += chunk;
		// A line longer than this is not mpv talking: drop the socket rather than grow without bound.
		if (this.buffer.length > 1024 * 1024) {
			this.kill();
			return;
		}

		let newline = this.buffer.indexOf('\n');
		while (newline !== -1) {
			const line = this.buffer.slice(0, newline);
			this.buffer = this.buffer.slice(newline + 1);
			newline = this.buffer.indexOf('\n');
			let message: unknown;
			try {
				message = JSON.parse(line);
			} catch {
				continue;
			}

			if (typeof message === 'object' && message !== null && !Array.isArray(message)) {
				this.handle(message as Record<string, unknown>);
			}
		}
	}

	private handle(message: Record<string, unknown>): void {
		const id = message['request_id'];
		if (typeof id === 'number' && this.pending.has(id) && message['event'] === undefined) {
			const waiting = this.pending.get(id)!;
			this.pending.delete(id);
			clearTimeout(waiting.timer);
			if (message['error'] === 'success') {
				waiting.resolve(message['data']);
			} else {
				waiting.reject(new Error(`mpv: ${String(message['error'])}`));
			}

			return;
		}

		if (typeof message['event'] !== 'string') {
			return;
		}

		if (message['event'] === 'property-change') {
			this.propertyChanged(String(message['name']), message['data']);
		} else if (message['event'] === 'end-file') {
			this.current = {...this.current, idle: true};
			this.changed();
		}

		for (const listener of this.eventListeners) {
			listener(message);
		}
	}

	private propertyChanged(name: string, data: unknown): void {
		const number = typeof data === 'number' && Number.isFinite(data) ? data : undefined;
		switch (name) {
			case 'time-pos': {
				this.current = {...this.current, position: number};
				break;
			}

			case 'duration': {
				this.current = {...this.current, duration: number};
				break;
			}

			case 'pause': {
				this.current = {...this.current, paused: data === true};
				break;
			}

			case 'speed': {
				this.current = {...this.current, speed: number ?? 1};
				break;
			}

			case 'idle-active': {
				this.current = {...this.current, idle: data === true};
				break;
			}

			default: {
				return;
			}
		}

		this.changed();
	}

	private changed(): void {
		for (const listener of this.changeListeners) {
			listener(this.current);
		}
	}

	private end(reason: string): void {
		if (this.ended !== undefined) {
			return;
		}

		this.ended = reason;
		for (const [id, waiting] of this.pending) {
			clearTimeout(waiting.timer);
			waiting.reject(new Error(reason));
			this.pending.delete(id);
		}

		this.socket.destroy();
		if (this.child.exitCode === null && this.child.signalCode === null) {
			this.child.kill('SIGKILL');
		}

		fs.rmSync(this.folder, {recursive: true, force: true});
		for (const listener of this.exitListeners) {
			listener(reason);
		}
	}
}

async function connect(socketPath: string, timeoutMs: number): Promise<net.Socket> {
	return new Promise((resolve, reject) => {
		const socket = net.createConnection(socketPath);
		const timer = setTimeout(() => {
			socket.destroy();
			reject(new Error('timeout'));
		}, timeoutMs);
		socket.once('connect', () => {
			clearTimeout(timer);
			socket.removeAllListeners('error');
			resolve(socket);
		});
		socket.once('error', error => {
			clearTimeout(timer);
			socket.destroy();
			reject(error);
		});
	});
}

/**
The length of a media file as mpv reads it (for an episode whose feed gave none): a player of its own, the file loaded
paused, its `duration` read, the player ended. Undefined when mpv cannot tell (or is not there); never throws.
*/
export async function probeDuration(file: string, options: PlayerOptions = {}): Promise<number | undefined> {
	let player: MpvPlayer | undefined;
	try {
		player = await MpvPlayer.start({...options, command: [...(options.command ?? ['mpv']), '--ao=null', '--vo=null']});
		await player.load(file, 0, {paused: true});
		const duration = await player.getProperty('duration');
		return typeof duration === 'number' && Number.isFinite(duration) && duration > 0 ? duration : undefined;
	} catch {
		return undefined;
	} finally {
		await player?.quit();
	}
}
