/**
The page's images: fetched (source/adapters/image-fetch.ts: the feeds' HTTP limits, the type told by the bytes, the
cache folder), checked and decoded in the image worker (never on the reader's thread), and handed to the terminal:
kitty gets the picture once, as a virtual placement the page's placeholder cells show; sixel and iTerm2 sequences
are kept for the image layer (source/ui/image-layer.ts), which draws them over their rows after a frame. Each image is
reported as it is ready (`progress`), so the first ones show while the others load.
*/
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type {Action, Effect} from '../app/actions.js';
import {graphicsInForce} from '../app/graphics.js';
import type {ImageSlot} from '../core/images/page-images.js';
import {sniffPicture, type PreparedPicture} from '../core/images/picture.js';
import {iterm2Image, kittyPlace, kittyTransmit, kittyTransmitOnly, kittyUnplace, tmuxWrap} from '../core/images/sequences.js';
import {imageBytes} from '../adapters/image-fetch.js';
import {fillArguments, runArguments} from '../adapters/run-command.js';
import {describeError, type EffectDeps, type ImageDeps} from './deps.js';

const ids = new Map<string, number>();
const transmitted = new Set<number>();

/** The kitty images this run transmitted (deleted again at the end). */
export const transmittedImages = (): number[] => [...transmitted];
// Image ids name pictures to kitty for the whole terminal window: start somewhere of this process's own.
let nextId = ((process.pid * 7919) % 0xFF_00_00) + 256;

function imageId(key: string): number {
	let id = ids.get(key);
	if (id === undefined) {
		id = nextId;
		nextId = nextId >= 0xFF_FF_FE ? 256 : nextId + 1;
		ids.set(key, id);
	}

	return id;
}

/** The picture's sequence for the terminal, and what the page's rows hold. */
function present(picture: PreparedPicture, id: number, deps: EffectDeps, images: ImageDeps): ImageSlot {
	const graphics = graphicsInForce();
	const wrap = (sequence: string) => (graphics.tmux ? tmuxWrap(sequence) : sequence);
	const write = deps.terminal?.write ?? ((data: string) => process.stdout.write(data));
	if (graphics.protocol === 'kitty' && graphics.placeholders && picture.png) {
		write(kittyTransmit(id, picture.png, picture.columns, picture.rows).map(wrap).join(''));
		transmitted.add(id);
		return {state: 'ready', id, columns: picture.columns, rows: picture.rows, placeholders: true};
	}

	if (graphics.protocol === 'kitty' && picture.png) {
		// An older kitty: the picture is sent once, and the layer places it over its rows after each frame.
		write(kittyTransmitOnly(id, picture.png).map(wrap).join(''));
		transmitted.add(id);
		images.keep?.(id, wrap(kittyPlace(id, picture.columns, picture.rows)), wrap(kittyUnplace(id)));
		return {state: 'ready', id, columns: picture.columns, rows: picture.rows, placeholders: false};
	}

	// Inside tmux a sixel goes to tmux itself (its DA1 said it draws sixel); an iTerm2 image through its passthrough.
	const sequence = picture.sixel ?? (picture.png ? wrap(iterm2Image(picture.png, picture.columns, picture.rows)) : '');
	images.keep?.(id, sequence);
	return {state: 'ready', id, columns: picture.columns, rows: picture.rows, placeholders: false};
}

async function prepareOne(effect: Extract<Effect, {type: 'load-images'}>, image: {n: number; url: string}, deps: EffectDeps, images: ImageDeps): Promise<ImageSlot> {
	const graphics = graphicsInForce();
	if (graphics.protocol === undefined) {
		return {state: 'failed', reason: graphics.reason};
	}

	const bytes = await imageBytes({src: image.url, libraryDir: deps.libraryDir, articlePath: effect.meta.path, cacheDir: deps.cacheDir});
	if (!bytes.ok) {
		return {state: 'failed', reason: bytes.error};
	}

	const prepared = await images.prepare(bytes.value, graphics.protocol, graphics.cell, {columns: effect.columns, rows: effect.rows});
	if (!prepared.ok) {
		return {state: 'failed', reason: prepared.error};
	}

	return present(prepared.value, imageId(`${image.url}\u0000${effect.box}`), deps, images);
}

export async function loadImagesEffect(effect: Extract<Effect, {type: 'load-images'}>, deps: EffectDeps): Promise<Action[]> {
	const {images} = deps;
	if (!images) {
		return [{type: 'images-prepared', id: effect.meta.id, box: effect.box, full: effect.full, slots: effect.images.map(image => ({n: image.n, slot: {state: 'failed', reason: 'images are not drawn here'} as ImageSlot}))}];
	}

	// A few fetches at once; the worker decodes one at a time. Each image is shown as soon as it is ready.
	const queue = [...effect.images];
	const worker = async () => {
		for (let image = queue.shift(); image; image = queue.shift()) {
			let slot: ImageSlot;
			try {
				slot = await prepareOne(effect, image, deps, images);
			} catch (error) {
				slot = {state: 'failed', reason: describeError(error)};
			}

			deps.progress({type: 'images-prepared', id: effect.meta.id, box: effect.box, full: effect.full, slots: [{n: image.n, slot}]});
		}
	};

	await Promise.all([worker(), worker(), worker()]);
	return [];
}

const extensions = {png: 'png', jpeg: 'jpg', gif: 'gif'} as const;

/** `I`: the image, checked to be one by its bytes, in a file of the cache folder, opened by the configured viewer. */
export async function showImageEffect(effect: Extract<Effect, {type: 'show-image'}>, deps: EffectDeps): Promise<Action[]> {
	const bytes = await imageBytes({src: effect.url, libraryDir: deps.libraryDir, articlePath: effect.meta?.path, cacheDir: deps.cacheDir});
	if (!bytes.ok) {
		return [{type: 'status', message: `Image [${effect.n}] not opened: ${bytes.error}`}];
	}

	const kind = sniffPicture(bytes.value);
	if (kind === undefined) {
		return [{type: 'status', message: `Image [${effect.n}] not opened: not a PNG, JPEG or GIF image`}];
	}

	const folder = path.join(deps.cacheDir ?? path.join(process.cwd(), '.tidings-images'), 'images');
	const file = path.join(folder, `view-${crypto.createHash('sha256').update(bytes.value).digest('hex').slice(0, 24)}.${extensions[kind]}`);
	try {
		fs.mkdirSync(folder, {recursive: true});
		fs.writeFileSync(file, bytes.value);
	} catch (error) {
		return [{type: 'status', message: `Image [${effect.n}] not opened: ${describeError(error)}`}];
	}

	const configured = deps.config?.reading['image-viewer'] ?? [];
	const argv = configured.length > 0 ? fillArguments(configured, {file}) : [process.platform === 'darwin' ? 'open' : 'xdg-open', file];
	const result = await runArguments(argv, {environment: deps.environment, timeoutMs: 10_000});
	return [{type: 'status', message: result.ok ? `Image [${effect.n}] opened in ${path.basename(argv[0]!)}` : `Image [${effect.n}] not opened: ${path.basename(argv[0]!)}: ${result.message}`}];
}
