/**
One enclosure to a file, streamed (never held in memory), with the feed HTTP limits where they fit a large file: http(s)
only, redirects followed by hand and bounded (`maxRedirects`, loops detected), the connect timeout, the user agent, and
a size cap counted while streaming. A podcast may take minutes, so instead of the feed's total deadline a transfer ends
when no byte arrives for `idleTimeoutMs`.

Resume: the bytes so far are in `<name>.part`; the next try asks for `Range: bytes=<size>-` and appends only when the
server answers 206 with a `Content-Range` that starts there. A 200 (no range support) or any other range starts the
file again; a 416 whose total is the part's size means it was complete. The finished file is renamed into place.
*/
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import {defaultHttpLimits} from '../feeds/http.js';

export type DownloadLimits = {
	readonly connectTimeoutMs: number;
	readonly idleTimeoutMs: number;
	readonly maxRedirects: number;
	readonly maxBytes: number;
	readonly userAgent: string;
};

export const defaultDownloadLimits: DownloadLimits = {
	connectTimeoutMs: defaultHttpLimits.connectTimeoutMs,
	idleTimeoutMs: defaultHttpLimits.totalTimeoutMs,
	maxRedirects: defaultHttpLimits.maxRedirects,
	maxBytes: 2000 * 1000 * 1000,
	userAgent: defaultHttpLimits.userAgent,
};

export type DownloadProgress = {readonly received: number; readonly total?: number};

export type DownloadResult =
	| {readonly ok: true; readonly path: string; readonly bytes: number; readonly type?: string; readonly resumed: boolean}
	| {readonly ok: false; readonly message: string; readonly partial: number};

export type DownloadOptions = {
	readonly limits?: Partial<DownloadLimits>;
	readonly onProgress?: (progress: DownloadProgress) => void;
	readonly signal?: AbortSignal;
};

type Opened = {response: http.IncomingMessage; request: http.ClientRequest};

const partOf = (target: string) => `${target}.part`;

function sizeOf(file: string): number {
	return fs.statSync(file, {throwIfNoEntry: false})?.size ?? 0;
}

/** `bytes 100-999/1000` → its start and total (total undefined for `*`). */
export function parseContentRange(value: string | undefined): {start?: number; total?: number} | undefined {
	const match = /^bytes (?:(\d+)-\d+|\*)\/(\d+|\*)$/u.exec(value?.trim() ?? '');
	if (!match) {
		return undefined;
	}

	return {start: match[1] === undefined ? undefined : Number(match[1]), total: match[2] === '*' ? undefined : Number(match[2])};
}

async function open(url: string, headers: Record<string, string>, limits: DownloadLimits, signal: AbortSignal | undefined): Promise<Opened> {
	const seen = new Set<string>();
	let current = url;
	for (let hop = 0; ; hop++) {
		let parsed: URL;
		try {
			parsed = new URL(current);
		} catch {
			throw new Error('not a valid address');
		}

		if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
			throw new Error(`only http and https can be downloaded, not ${parsed.protocol.replace(/:$/u, '')}`);
		}

		seen.add(parsed.href);
		 
		const opened = await new Promise<Opened>((resolve, reject) => {
			const request = (parsed.protocol === 'https:' ? https : http).get(parsed, {headers: {...headers, 'User-Agent': limits.userAgent, 'Accept-Encoding': 'identity'}, signal});
			const connect = setTimeout(() => request.destroy(new Error(`no connection within ${limits.connectTimeoutMs / 1000} s`)), limits.connectTimeoutMs);
			request.once('socket', socket => {
				socket.setTimeout(limits.idleTimeoutMs, () => request.destroy(new Error(`nothing received for ${Math.round(limits.idleTimeoutMs / 1000)} s`)));
			});
			request.once('response', response => {
				clearTimeout(connect);
				resolve({response, request});
			});
			request.once('error', error => {
				clearTimeout(connect);
				reject(error);
			});
		});
		const {response} = opened;
		const status = response.statusCode ?? 0;
		if (status >= 300 && status < 400 && response.headers.location !== undefined) {
			response.resume();
			opened.request.destroy();
			if (hop + 1 > limits.maxRedirects) {
				throw new Error(`more than ${limits.maxRedirects} redirects`);
			}

			const next = new URL(response.headers.location, parsed).href;
			if (seen.has(next)) {
				throw new Error('a redirect loop');
			}

			current = next;
			continue;
		}

		return opened;
	}
}

/** Downloads `url` to `target` (its folder is made), resuming `<target>.part` when the server allows. Never throws. */
export async function downloadFile(url: string, target: string, options: DownloadOptions = {}): Promise<DownloadResult> {
	const limits = {...defaultDownloadLimits, ...options.limits};
	const part = partOf(target);
	if (fs.existsSync(target)) {
		return {ok: true, path: target, bytes: sizeOf(target), resumed: false};
	}

	try {
		fs.mkdirSync(path.dirname(target), {recursive: true});
	} catch (error) {
		return {ok: false, message: `couldn't make the folder: ${(error as Error).message}`, partial: 0};
	}

	const had = sizeOf(part);
	let opened: Opened;
	try {
		opened = await open(url, had > 0 ? {Range: `bytes=${had}-`} : {}, limits, options.signal);
	} catch (error) {
		return {ok: false, message: (error as Error).message, partial: had};
	}

	const {response, request} = opened;
	const status = response.statusCode ?? 0;
	const type = response.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
	const range = parseContentRange(response.headers['content-range']);
	if (status === 416 && had > 0 && range?.total === had) {
		response.resume();
		fs.renameSync(part, target);
		return {ok: true, path: target, bytes: had, type, resumed: true};
	}

	if (status === 416) {
		// The part is not a prefix the server knows: start again.
		response.resume();
		fs.rmSync(part, {force: true});
		return downloadFile(url, target, options);
	}

	if (status !== 200 && status !== 206) {
		response.resume();
		request.destroy();
		return {ok: false, message: `the server answered ${status}`, partial: had};
	}

	const resumed = status === 206 && had > 0 && range?.start === had;
	if (status === 206 && !resumed) {
		// A range we did not ask for: not trusted; start again without one.
		response.resume();
		request.destroy();
		fs.rmSync(part, {force: true});
		return had > 0 ? downloadFile(url, target, options) : {ok: false, message: 'the server sent a part of the file nobody asked for', partial: 0};
	}

	const length = Number(response.headers['content-length']);
	const total = resumed ? range?.total : (Number.isFinite(length) && length >= 0 ? length : undefined);
	if (total !== undefined && total > limits.maxBytes) {
		response.resume();
		request.destroy();
		return {ok: false, message: `it is ${Math.round(total / 1e6)} MB, more than media.max-size-mb allows`, partial: had};
	}

	let received = resumed ? had : 0;
	const out = fs.createWriteStream(part, {flags: resumed ? 'a' : 'w'});
	const result = await new Promise<DownloadResult>(resolve => {
		let settled = false;
		const finish = (value: DownloadResult) => {
			if (!settled) {
				settled = true;
				resolve(value);
			}
		};

		let lastReport = 0;
		response.on('data', (chunk: Buffer) => {
			received += chunk.length;
			if (received > limits.maxBytes) {
				request.destroy(new Error('more than media.max-size-mb allows'));
				return;
			}

			const now = Date.now();
			if (now - lastReport >= 100) {
				lastReport = now;
				options.onProgress?.({received, total});
			}
		});
		response.pipe(out);
		const failed = (error: Error) => {
			out.end(() => {
				const partial = sizeOf(part);
				if (received > limits.maxBytes) {
					fs.rmSync(part, {force: true});
				}

				finish({ok: false, message: error.message === 'aborted' ? 'the transfer was cut off' : error.message, partial: received > limits.maxBytes ? 0 : partial});
			});
		};

		response.once('error', failed);
		request.once('error', failed);
		response.once('aborted', () => failed(new Error('the transfer was cut off')));
		out.once('error', error => finish({ok: false, message: `couldn't write: ${error.message}`, partial: sizeOf(part)}));
		out.once('finish', () => {
			if (!response.complete || (total !== undefined && received < total)) {
				finish({ok: false, message: 'the transfer was cut off', partial: sizeOf(part)});
				return;
			}

			options.onProgress?.({received, total: total ?? received});
			try {
				fs.renameSync(part, target);
				finish({ok: true, path: target, bytes: received, type, resumed});
			} catch (error) {
				finish({ok: false, message: `couldn't keep the file: ${(error as Error).message}`, partial: sizeOf(part)});
			}
		});
	});
	return result;
}
