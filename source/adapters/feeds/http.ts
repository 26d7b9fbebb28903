import type * as Http from 'node:http';
import type * as Https from 'node:https';
import {createRequire} from 'node:module';
import {pipeline} from 'node:stream/promises';
import {Writable, type Transform} from 'node:stream';
import zlib from 'node:zlib';
import type {Result} from '../../core/types.js';
import {err, ok} from '../../core/types.js';
import {neutraliseLine, type SafeText} from '../../core/text/neutralise.js';
import packageJson from '../../../package.json' with {type: 'json'};

// node:http and node:https by require, when a request is made: importing them as ES modules reads every export,
// and node:http's lazy ones load Node's whole fetch client (undici): ~25 ms (far more on a busy machine) of every
// command that registers the feed commands, `--help` among them (issue 14).
const requireBuiltin = createRequire(import.meta.url);
const clientFor = (url: URL): typeof Http | typeof Https => (url.protocol === 'https:' ? requireBuiltin('node:https') as typeof Https : requireBuiltin('node:http') as typeof Http);

/**
One GET for a feed, with the limits a hostile or broken server calls for: http(s) only, redirects followed by hand
(at most `maxRedirects`, loops detected), a connect timeout and a total deadline that also covers a body trickling
in, and a size cap counted on the decoded bytes while streaming (so a gzip bomb stops at the cap, not after). Node's
`fetch` was not used: it decompresses for us without a way to count the decoded bytes before buffering, and its
connect timeout is only reachable through undici's private dispatcher options.
*/

export type HttpLimits = {
	readonly connectTimeoutMs: number;
	readonly totalTimeoutMs: number;
	readonly maxBytes: number;
	readonly maxRedirects: number;
	readonly userAgent: string;
};

export const defaultHttpLimits: HttpLimits = {
	connectTimeoutMs: 10_000,
	totalTimeoutMs: 30_000,
	maxBytes: 10 * 1024 * 1024,
	maxRedirects: 5,
	userAgent: `Tidings/${packageJson.version} (terminal news reader)`,
};

export type HttpRequest = {
	readonly url: string;
	readonly etag?: string;
	readonly lastModified?: string;
	readonly accept?: string;
	/** Extra headers (a feed's token, from its settings): sent to the feed's own origin only, never after a redirect elsewhere. */
	readonly headers?: Readonly<Record<string, string>>;
};

export type HttpResponse = {
	readonly status: 200 | 304;
	/** Where the body came from, after redirects. */
	readonly finalUrl: string;
	/** Set when every redirect hop was permanent (301/308): the subscription should move here. */
	readonly movedTo?: string;
	readonly etag?: string;
	readonly lastModified?: string;
	readonly contentType?: string;
	readonly body: Uint8Array;
};

/** `cause` is neutralised: a server's status line or a library's message can hold any byte (ESC, BEL, 8-bit). */
export type HttpError = {readonly url: string; readonly cause: SafeText};

const feedAccept = 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, text/html;q=0.5, */*;q=0.1';

type Hop =
	| {readonly kind: 'redirect'; readonly status: number; readonly location: string}
	| {readonly kind: 'done'; readonly response: Omit<HttpResponse, 'finalUrl' | 'movedTo'>};

class LimitError extends Error {}

function header(value: string | string[] | undefined): string | undefined {
	const first = Array.isArray(value) ? value[0] : value;
	return first === undefined || first === '' ? undefined : first;
}

function describe(error: unknown): string {
	if (error instanceof LimitError) {
		return error.message;
	}

	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	switch (code) {
		case 'ENOTFOUND':
		case 'EAI_AGAIN': {
			return 'host not found';
		}

		case 'ECONNREFUSED': {
			return 'connection refused';
		}

		case 'ECONNRESET': {
			return 'connection reset';
		}

		case 'CERT_HAS_EXPIRED':
		case 'DEPTH_ZERO_SELF_SIGNED_CERT':
		case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
		case 'ERR_TLS_CERT_ALTNAME_INVALID': {
			return `TLS certificate problem (${code})`;
		}

		case 'EPROTO': {
			// OpenSSL's dump ("…:SSL routines:tls_validate_record_header:wrong version number:…") says, in effect, this.
			return 'the server does not speak HTTPS there (for a plain-HTTP feed, give http:// explicitly)';
		}

		case 'Z_DATA_ERROR':
		case 'Z_BUF_ERROR':
		case 'ERR__ERROR_FORMAT_PADDING_1': {
			return 'the compressed body is corrupt';
		}

		default: {
			if (code?.startsWith('ERR_SSL_') === true) {
				return `TLS failed (${code})`;
			}

			const message = error instanceof Error ? error.message : String(error);
			return message.split('\n')[0] ?? 'unknown error';
		}
	}
}

function decoderFor(encoding: string | undefined): Transform | undefined {
	switch (encoding?.trim().toLowerCase()) {
		case 'gzip':
		case 'x-gzip': {
			return zlib.createGunzip();
		}

		case 'deflate': {
			return zlib.createInflate();
		}

		case 'br': {
			return zlib.createBrotliDecompress();
		}

		default: {
			return undefined;
		}
	}
}

function requestOnce(url: URL, request: HttpRequest, limits: HttpLimits, deadline: number): Promise<Hop> {
	return new Promise<Hop>((resolve, reject) => {
		const client = clientFor(url);
		const headers: Record<string, string> = {
			'User-Agent': limits.userAgent,
			Accept: request.accept ?? feedAccept,
			'Accept-Encoding': 'gzip, deflate, br',
			...(request.headers !== undefined && url.origin === new URL(request.url).origin ? request.headers : {}),
		};
		if (request.etag !== undefined) {
			headers['If-None-Match'] = request.etag;
		}

		if (request.lastModified !== undefined) {
			headers['If-Modified-Since'] = request.lastModified;
		}

		let settled = false;
		const timers: NodeJS.Timeout[] = [];
		const finish = (action: () => void) => {
			if (!settled) {
				settled = true;
				for (const timer of timers) {
					clearTimeout(timer);
				}

				action();
			}
		};

		// `agent: false`: a fresh socket per request, so the connect timeout always measures a real connect.
		const outgoing = client.request(url, {method: 'GET', headers, agent: false});
		const fail = (error: unknown) => {
			finish(() => reject(error instanceof Error ? error : new Error(String(error))));
			outgoing.destroy();
		};

		const remaining = Math.max(1, deadline - Date.now());
		timers.push(setTimeout(() => {
			fail(new LimitError(`timed out after ${Math.round(limits.totalTimeoutMs / 1000 * 10) / 10} s`));
		}, remaining));
		const connectTimer = setTimeout(() => {
			fail(new LimitError(`could not connect within ${Math.round(limits.connectTimeoutMs / 100) / 10} s`));
		}, Math.min(limits.connectTimeoutMs, remaining));
		timers.push(connectTimer);
		outgoing.on('socket', socket => {
			if (socket.connecting) {
				socket.once('connect', () => clearTimeout(connectTimer));
			} else {
				clearTimeout(connectTimer);
			}
		});
		outgoing.on('error', fail);
		outgoing.on('response', incoming => {
			const status = incoming.statusCode ?? 0;
			const location = header(incoming.headers.location);
			if (status >= 300 && status < 400 && status !== 304) {
				incoming.resume();
				if (location === undefined) {
					fail(new LimitError(`HTTP ${status} without a Location`));
					return;
				}

				finish(() => resolve({kind: 'redirect', status, location}));
				outgoing.destroy();
				return;
			}

			const meta = {
				etag: header(incoming.headers.etag),
				lastModified: header(incoming.headers['last-modified']),
				contentType: header(incoming.headers['content-type']),
			};
			if (status === 304) {
				incoming.resume();
				finish(() => resolve({kind: 'done', response: {status: 304, ...meta, body: new Uint8Array()}}));
				outgoing.destroy();
				return;
			}

			if (status < 200 || status >= 300) {
				incoming.resume();
				fail(new LimitError(`HTTP ${status}${incoming.statusMessage ? ` ${incoming.statusMessage}` : ''}`));
				return;
			}

			const declared = Number(header(incoming.headers['content-length']));
			if (Number.isFinite(declared) && declared > limits.maxBytes) {
				fail(new LimitError(`response too large (${declared} bytes, limit ${limits.maxBytes})`));
				return;
			}

			const chunks: Buffer[] = [];
			let received = 0;
			const sink = new Writable({
				write(chunk: Buffer, _encoding, callback) {
					received += chunk.length;
					if (received > limits.maxBytes) {
						callback(new LimitError(`response too large (over the ${limits.maxBytes}-byte limit)`));
						return;
					}

					chunks.push(chunk);
					callback();
				},
			});
			const decoder = decoderFor(header(incoming.headers['content-encoding']));
			const streams = decoder === undefined ? pipeline(incoming, sink) : pipeline(incoming, decoder, sink);
			streams.then(
				() => finish(() => resolve({kind: 'done', response: {status: 200, ...meta, body: Buffer.concat(chunks)}})),
				fail,
			);
		});
		outgoing.end();
	});
}

const permanent = new Set([301, 308]);

/**
GET `request.url`. Expected failures (network, HTTP status, limits) come back as an error value, never thrown. Every
string in the result that came from outside (the reason phrase and errors quoted in `cause`, the validators and the
content type) has passed through the neutraliser: Node's parser accepts ESC, BEL and 8-bit bytes in a status line.
*/
export async function httpGet(request: HttpRequest, limits: HttpLimits = defaultHttpLimits): Promise<Result<HttpResponse, HttpError>> {
	const result = await httpGetRaw(request, limits);
	if (!result.ok) {
		return err({url: neutraliseLine(result.error.url), cause: neutraliseLine(result.error.cause)});
	}

	const {etag, lastModified, contentType} = result.value;
	return ok({
		...result.value,
		etag: etag === undefined ? undefined : neutraliseLine(etag),
		lastModified: lastModified === undefined ? undefined : neutraliseLine(lastModified),
		contentType: contentType === undefined ? undefined : neutraliseLine(contentType),
	});
}

async function httpGetRaw(request: HttpRequest, limits: HttpLimits): Promise<Result<HttpResponse, {url: string; cause: string}>> {
	let url: URL;
	try {
		url = new URL(request.url);
	} catch {
		return err({url: request.url, cause: 'not a valid URL'});
	}

	const deadline = Date.now() + limits.totalTimeoutMs;
	const visited = new Set<string>();
	let allPermanent = true;
	for (let hops = 0; ; hops++) {
		if (url.protocol !== 'http:' && url.protocol !== 'https:') {
			return err({url: request.url, cause: `refused to follow a ${url.protocol} URL (only http and https)`});
		}

		visited.add(url.href);
		let hop: Hop;
		try {
			// Validators go along every hop: they describe the representation at the end of a (temporary) redirect.
			hop = await requestOnce(url, request, limits, deadline);
		} catch (error) {
			return err({url: request.url, cause: describe(error)});
		}

		if (hop.kind === 'done') {
			const movedTo = hops > 0 && allPermanent ? url.href : undefined;
			return ok({...hop.response, finalUrl: url.href, movedTo});
		}

		let next: URL;
		try {
			next = new URL(hop.location, url);
		} catch {
			return err({url: request.url, cause: `HTTP ${hop.status} to an invalid Location`});
		}

		if (visited.has(next.href)) {
			return err({url: request.url, cause: 'redirect loop'});
		}

		if (hops + 1 > limits.maxRedirects) {
			return err({url: request.url, cause: `too many redirects (more than ${limits.maxRedirects})`});
		}

		allPermanent &&= permanent.has(hop.status);
		url = next;
	}
}
