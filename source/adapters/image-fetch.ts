/**
The bytes of an article's image: from the web with the feeds' HTTP limits (http and https only, redirects bounded, a
connect timeout and a total deadline, a size cap counted while streaming), kept in the cache folder
(`TIDINGS_CACHE_DIR/images/`) once they are known to be a picture by their first bytes; or from a file beside the
article, when the Markdown names one by a relative path that stays inside the library; or from a `data:` URL.
Never throws: every failure is one line for the page.
*/
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {notAPicture, pictureLimits, sniffPicture} from '../core/images/picture.js';
import type {Result} from '../core/types.js';
import {err, ok} from '../core/types.js';
import {defaultHttpLimits, httpGet, type HttpLimits} from './feeds/http.js';
import {writeFileAtomic} from './atomic-file.js';

export type ImageSource = {
	/** The image's address as the article wrote it. */
	readonly src: string;
	/** The library folder and the article's path in it (for relative file names). */
	readonly libraryDir?: string;
	readonly articlePath?: string;
	readonly cacheDir?: string;
	readonly limits?: Partial<HttpLimits>;
};

const imageAccept = 'image/png, image/jpeg, image/gif;q=0.9, image/*;q=0.5';

function cachePath(cacheDir: string, url: string): string {
	return path.join(cacheDir, 'images', `${crypto.createHash('sha256').update(url).digest('hex').slice(0, 40)}.img`);
}

function readCapped(file: string): Result<Uint8Array, string> {
	try {
		const stat = fs.statSync(file);
		if (!stat.isFile()) {
			return err('not a file');
		}

		if (stat.size > pictureLimits.maxBytes) {
			return err(`the file is ${Math.round(stat.size / 1024)} KB, over the ${Math.round(pictureLimits.maxBytes / 1024)} KB limit`);
		}

		return ok(new Uint8Array(fs.readFileSync(file)));
	} catch (error) {
		return err((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : 'the file could not be read');
	}
}

export async function imageBytes(source: ImageSource): Promise<Result<Uint8Array, string>> {
	const {src} = source;
	if (/^data:/iu.test(src)) {
		const match = /^data:[^,;]*(;base64)?,(.*)$/isu.exec(src);
		if (!match?.[1]) {
			return err('a data: URL without base64 data');
		}

		if (match[2]!.length > (pictureLimits.maxBytes * 4) / 3) {
			return err('a data: URL over the size limit');
		}

		return ok(new Uint8Array(Buffer.from(match[2]!, 'base64')));
	}

	if (/^https?:\/\//iu.test(src)) {
		const cached = source.cacheDir === undefined ? undefined : cachePath(source.cacheDir, src);
		if (cached !== undefined && fs.existsSync(cached)) {
			const bytes = readCapped(cached);
			if (bytes.ok && sniffPicture(bytes.value) !== undefined) {
				return bytes;
			}
		}

		const response = await httpGet({url: src, accept: imageAccept}, {...defaultHttpLimits, maxBytes: pictureLimits.maxBytes, totalTimeoutMs: 15_000, ...source.limits});
		if (!response.ok) {
			return err(response.error.cause);
		}

		const {body} = response.value;
		// The type is the bytes' own, never the server's Content-Type or the name: only a picture is kept.
		if (sniffPicture(body) === undefined) {
			return err(notAPicture(body));
		}

		if (cached !== undefined) {
			try {
				fs.mkdirSync(path.dirname(cached), {recursive: true});
				await writeFileAtomic(cached, body);
			} catch {}
		}

		return ok(body);
	}

	if (/^[a-z][a-z\d+.-]*:/iu.test(src) || src.startsWith('//')) {
		return err('only http, https, data: and files in the library are shown');
	}

	if (source.libraryDir === undefined || source.articlePath === undefined) {
		return err('a file name with no library to find it in');
	}

	let name: string;
	try {
		name = decodeURIComponent(src.split(/[?#]/u)[0]!);
	} catch {
		name = src;
	}

	const root = path.resolve(source.libraryDir);
	const file = path.resolve(root, path.dirname(source.articlePath), name);
	let real: string;
	try {
		real = fs.realpathSync(file);
	} catch {
		return err('no such file in the library');
	}

	const realRoot = fs.realpathSync(root);
	if (real !== realRoot && !real.startsWith(realRoot + path.sep)) {
		return err('the file is outside the library');
	}

	return readCapped(real);
}

/** The cached copy of an image from the web (for the system viewer), or undefined when it is not cached. */
export function cachedImageFile(src: string, cacheDir: string | undefined): string | undefined {
	if (cacheDir === undefined || !/^https?:\/\//iu.test(src)) {
		return undefined;
	}

	const file = cachePath(cacheDir, src);
	return fs.existsSync(file) ? file : undefined;
}
