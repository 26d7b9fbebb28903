import fs from 'node:fs';
import {performance} from 'node:perf_hooks';
import pty from '@lydell/node-pty';
import xterm from '@xterm/headless';

/**
A program in a pseudo-terminal whose output is replayed into a headless xterm, so the bench reads the screen a user
would see (a substring of the raw bytes cannot tell whether a line was later erased).

Timing: each output chunk is stamped when it arrives from the pty, then handed to xterm; once xterm has parsed it
(its write callback), every pending predicate is checked against the screen. A predicate that holds is resolved
with the arrival time of the chunk that made it hold, so parsing in the bench does not count against the program.
*/

export type SpawnOptions = {
	cwd?: string;
	env?: NodeJS.ProcessEnv;
	cols?: number;
	rows?: number;
};

type Waiter = {
	predicate: (screen: Screen) => boolean;
	resolve: (at: number) => void;
	reject: (error: Error) => void;
	timer: NodeJS.Timeout;
};

export type Screen = {
	/** Every row of the visible screen, trailing spaces trimmed. */
	lines: string[];
	/** Rows drawn mostly in inverse video or on a coloured background: the selection bar. */
	highlighted: number[];
};

export type KeyTiming = {
	/** Key written → the chunk that made the predicate hold. */
	ms: number;
	/** Key written → the last chunk of that burst of output (the frame the user ends up looking at). */
	settledMs: number;
};

export class ScreenWaitError extends Error {
	constructor(what: string, readonly screen: string) {
		super(`${what}; screen was:\n${screen}`);
	}
}

export class PtySession {
	static spawn(file: string, args: string[], options: SpawnOptions = {}): PtySession {
		return new PtySession(file, args, options);
	}

	readonly startedAt: number;
	readonly pid: number;
	readonly exited: Promise<{exitCode: number; signal?: number}>;
	/** Arrival time of the newest chunk of output. */
	lastOutputAt = 0;
	private readonly term: xterm.Terminal;
	private readonly child: pty.IPty;
	private readonly waiters = new Set<Waiter>();
	private pendingWrites = 0;
	private alive = true;
	private peakRssKb = 0;
	private rssTimer: NodeJS.Timeout;
	private transcript = '';

	private constructor(file: string, args: string[], options: SpawnOptions) {
		const cols = options.cols ?? 120;
		const rows = options.rows ?? 40;
		this.term = new xterm.Terminal({cols, rows, allowProposedApi: true, scrollback: 0});
		this.startedAt = performance.now();
		this.child = pty.spawn(file, args, {
			name: 'xterm-256color',
			cols,
			rows,
			cwd: options.cwd ?? process.cwd(),
			env: {TERM: 'xterm-256color', LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', ...options.env} as Record<string, string>,
		});
		this.pid = this.child.pid;
		// Some terminals' programs ask where the cursor is (DSR) and wait for the answer; xterm answers through onData.
		this.term.onData(data => {
			if (this.alive) {
				this.child.write(data);
			}
		});
		this.child.onData(data => {
			const arrived = performance.now();
			this.lastOutputAt = arrived;
			if (this.transcript.length < 200_000) {
				this.transcript += data;
			}

			this.pendingWrites++;
			this.term.write(data, () => {
				this.pendingWrites--;
				this.check(arrived);
			});
		});
		this.exited = new Promise(resolve => {
			this.child.onExit(event => {
				this.alive = false;
				clearInterval(this.rssTimer);
				// A program that died cannot satisfy anything more: fail at once rather than at the timeout.
				setImmediate(() => {
					for (const waiter of this.waiters) {
						clearTimeout(waiter.timer);
						waiter.reject(new ScreenWaitError(`the program exited (code ${event.exitCode}${event.signal ? `, signal ${event.signal}` : ''}) while waiting`, this.text()));
					}

					this.waiters.clear();
				});
				resolve(event);
			});
		});
		// VmHWM is the kernel's own high-water mark; polling VmRSS as well covers a kernel that does not report it.
		this.rssTimer = setInterval(() => {
			this.sampleRss();
		}, 50);
		this.rssTimer.unref();
	}

	get isAlive(): boolean {
		return this.alive;
	}

	screen(): Screen {
		const buffer = this.term.buffer.active;
		const lines: string[] = [];
		const highlighted: number[] = [];
		const cell = buffer.getNullCell();
		for (let y = 0; y < this.term.rows; y++) {
			const line = buffer.getLine(buffer.viewportY + y);
			if (!line) {
				lines.push('');
				continue;
			}

			lines.push(line.translateToString(true));
			let marked = 0;
			let filled = 0;
			for (let x = 0; x < this.term.cols; x++) {
				line.getCell(x, cell);
				const inverse = cell.isInverse() !== 0;
				const background = !cell.isBgDefault();
				if (inverse || background) {
					marked++;
				}

				if (cell.getChars() !== '' && cell.getChars() !== ' ') {
					filled++;
				}
			}

			if (marked >= Math.max(10, filled / 2)) {
				highlighted.push(y);
			}
		}

		return {lines, highlighted};
	}

	text(): string {
		return this.screen().lines.join('\n');
	}

	/** Resolves with the arrival time of the output that made `predicate` hold (checked at once, too). */
	async waitForScreen(predicate: (screen: Screen) => boolean, timeoutMs: number, what = 'screen condition'): Promise<number> {
		if (this.pendingWrites === 0 && predicate(this.screen())) {
			return performance.now();
		}

		return this.waitForChange(predicate, timeoutMs, what);
	}

	/** Like waitForScreen, but only output arriving from now on can satisfy it. */
	async waitForChange(predicate: (screen: Screen) => boolean, timeoutMs: number, what = 'screen condition'): Promise<number> {
		return new Promise((resolve, reject) => {
			const waiter: Waiter = {
				predicate,
				resolve,
				reject,
				timer: setTimeout(() => {
					this.waiters.delete(waiter);
					reject(new ScreenWaitError(`timed out after ${timeoutMs} ms waiting for ${what}`, this.text()));
				}, timeoutMs),
			};
			this.waiters.add(waiter);
		});
	}

	/** Resolves once no output has arrived for `quietMs`, with the arrival time of the last chunk. */
	async waitForQuiet(quietMs: number, since: number): Promise<number> {
		for (;;) {
			const idle = performance.now() - Math.max(this.lastOutputAt, since);
			if (idle >= quietMs && this.pendingWrites === 0) {
				return Math.max(this.lastOutputAt, since);
			}

			await new Promise(resolve => {
				setTimeout(resolve, Math.max(1, quietMs - idle));
			});
		}
	}

	write(data: string): void {
		this.child.write(data);
	}

	/** The bytes a real xterm sends for a named key now (arrows differ once a program switches on keypad mode). */
	key(name: keyof typeof keys): string {
		const application = this.term.modes.applicationCursorKeysMode;
		if (application && ['up', 'down', 'right', 'left', 'home', 'end'].includes(name)) {
			return keys[name].replace('\u001B[', '\u001BO');
		}

		return keys[name];
	}

	/**
	Writes `key`, then waits until the screen satisfies `changed(before, after)`; then waits for the output to go
	quiet for `settleMs` so the next key starts from a finished frame.
	*/
	async keyLatency(key: string, changed: (before: Screen, after: Screen) => boolean, options: {timeoutMs?: number; settleMs?: number; what?: string} = {}): Promise<KeyTiming> {
		await this.waitForQuiet(options.settleMs ?? 40, 0);
		const before = this.screen();
		const sent = performance.now();
		const waiting = this.waitForChange(after => changed(before, after), options.timeoutMs ?? 5000, options.what ?? `the screen to change after ${JSON.stringify(key)}`);
		this.child.write(key);
		const at = await waiting;
		const settled = await this.waitForQuiet(options.settleMs ?? 40, at);
		return {ms: at - sent, settledMs: settled - sent};
	}

	/** Peak resident set size of the child in kB (VmHWM, else the highest VmRSS seen). */
	peakRss(): number {
		this.sampleRss();
		return this.peakRssKb;
	}

	/**
	Samples the high-water mark every 2 ms from now until the program exits, for a peak that includes what it does on
	the way out (a last save, a merge): VmHWM cannot be read once the process is gone, and the work before an exit can
	be shorter than the usual 50 ms between samples.
	*/
	sampleUntilExit(): void {
		clearInterval(this.rssTimer);
		if (!this.alive) {
			return;
		}

		this.rssTimer = setInterval(() => {
			this.sampleRss();
		}, 2);
		this.rssTimer.unref();
	}

	/** The first 200 kB of raw output, for debugging a run. */
	rawOutput(): string {
		return this.transcript;
	}

	kill(signal = 'SIGTERM'): void {
		if (this.alive) {
			try {
				this.child.kill(signal);
			} catch {}
		}
	}

	/** Ends the session: waits up to `timeoutMs` for the program to exit, then kills it. */
	async close(timeoutMs = 3000): Promise<{exitCode: number; signal?: number; killed: boolean}> {
		let timer: NodeJS.Timeout | undefined;
		const timedOut = new Promise<'timeout'>(resolve => {
			timer = setTimeout(() => {
				resolve('timeout');
			}, timeoutMs);
		});
		const result = await Promise.race([this.exited, timedOut]);
		clearTimeout(timer);
		for (const waiter of this.waiters) {
			clearTimeout(waiter.timer);
		}

		this.waiters.clear();
		if (result === 'timeout') {
			this.kill('SIGKILL');
			const event = await this.exited;
			this.term.dispose();
			return {...event, killed: true};
		}

		this.term.dispose();
		return {...result, killed: false};
	}

	private check(arrived: number): void {
		if (this.waiters.size === 0) {
			return;
		}

		const screen = this.screen();
		for (const waiter of this.waiters) {
			let holds: boolean;
			try {
				holds = waiter.predicate(screen);
			} catch (error) {
				this.waiters.delete(waiter);
				clearTimeout(waiter.timer);
				waiter.reject(error as Error);
				continue;
			}

			if (holds) {
				this.waiters.delete(waiter);
				clearTimeout(waiter.timer);
				waiter.resolve(arrived);
			}
		}
	}

	private sampleRss(): void {
		if (!this.alive) {
			return;
		}

		try {
			const status = fs.readFileSync(`/proc/${this.pid}/status`, 'utf8');
			for (const key of ['VmHWM', 'VmRSS']) {
				const match = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status);
				if (match) {
					this.peakRssKb = Math.max(this.peakRssKb, Number(match[1]));
				}
			}
		} catch {}
	}
}

export const keys = {
	up: '\u001B[A',
	down: '\u001B[B',
	right: '\u001B[C',
	left: '\u001B[D',
	pageUp: '\u001B[5~',
	pageDown: '\u001B[6~',
	home: '\u001B[H',
	end: '\u001B[F',
	enter: '\r',
	escape: '\u001B',
} as const;
