import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {ImageWorker} from '../../source/adapters/image-worker.js';
import {StateStore} from '../../source/adapters/state-store.js';
import {installGraphics} from '../../source/app/graphics.js';
import type {Action} from '../../source/app/actions.js';
import {RenderCache, runEffect, SearchIndexHolder, type EffectDeps} from '../../source/effects/index.js';
import type {ImageSlot} from '../../source/core/images/page-images.js';
import type {ArticleMeta} from '../../source/core/types.js';
import {decodeKitty, decodeSixelRaster, greenJpeg, hostile, startImageServer, twoBandPng, twoFrameGif} from '../helpers/images.js';

const worker = new ImageWorker();
test.after.always(async () => worker.close());

function setup() {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-images-'));
	const libraryDir = path.join(root, 'library');
	fs.mkdirSync(path.join(libraryDir, 'notes', 'pictures'), {recursive: true});
	fs.writeFileSync(path.join(libraryDir, 'notes', 'pictures', 'local.png'), twoBandPng(50, 40));
	fs.writeFileSync(path.join(root, 'outside.png'), twoBandPng(10, 10));
	const progress: Action[] = [];
	const written: string[] = [];
	const kept = new Map<number, string>();
	const deps: EffectDeps = {
		store: StateStore.open(path.join(root, 'config')).store,
		cache: new RenderCache(libraryDir, false),
		searchIndex: new SearchIndexHolder(),
		libraryDir,
		cacheDir: path.join(root, 'cache'),
		terminal: {write: data => written.push(data)},
		environment: {},
		progress: action => progress.push(action),
		quit() {},
		images: {prepare: async (...request) => worker.prepare(...request), keep: (id, sequence) => kept.set(id, sequence)},
	};
	const meta = {id: 'notes/a.md', path: 'notes/a.md', title: 'A'} as unknown as ArticleMeta;
	const slots = () => new Map(progress.flatMap(action => (action.type === 'images-prepared' ? action.slots.map(({n, slot}) => [n, slot] as const) : [])));
	return {root, deps, progress, written, kept, meta, slots};
}

test.serial('kitty: images from a real HTTP server are fetched, checked, decoded in the worker and transmitted; hostile ones refused with a reason', async t => {
	installGraphics({protocol: 'kitty', placeholders: true, cell: {width: 10, height: 20}, tmux: false, reason: 'test'});
	const server = await startImageServer({
		'wide.png': {body: twoBandPng(800, 400), type: 'application/octet-stream'},
		'photo.jpg': {body: greenJpeg(64, 48), type: 'image/jpeg'},
		'moving.gif': {body: twoFrameGif(30, 20), type: 'image/gif'},
		'huge.png': hostile.huge(),
		'bomb.png': hostile.bomb(),
		'page.png': {body: hostile.notAnImage(), type: 'image/png'},
		'cut.png': hostile.truncated(),
		'huge.jpg': hostile.hugeJpeg(),
	});
	t.teardown(async () => server.close());
	const {deps, written, meta, slots, root} = setup();
	const names = ['wide.png', 'photo.jpg', 'moving.gif', 'huge.png', 'bomb.png', 'page.png', 'cut.png', 'huge.jpg', 'missing.png'];
	const images = [...names.map((name, index) => ({n: index + 1, url: server.url(name)})), {n: 10, url: 'pictures/local.png'}, {n: 11, url: '../../outside.png'}, {n: 12, url: 'file:///etc/passwd'}];
	await runEffect({type: 'load-images', meta, images, box: '40x20', columns: 40, rows: 20}, deps);
	const shown = slots();
	const ready = (n: number) => shown.get(n) as Extract<ImageSlot, {state: 'ready'}>;
	t.like(ready(1), {state: 'ready', columns: 40, rows: 10, placeholders: true});
	t.like(ready(2), {state: 'ready', columns: 7, rows: 3});
	t.like(ready(3), {state: 'ready', columns: 3, rows: 1});
	t.like(ready(10), {state: 'ready', columns: 5, rows: 2});
	const reason = (n: number) => (shown.get(n) as {reason?: string}).reason ?? '';
	t.regex(reason(4), /PNG of 30000×30000 pixels, over the limit/u);
	t.regex(reason(5), /broken PNG/u);
	t.regex(reason(6), /not an image \(the server sent HTML or XML\)/u);
	t.regex(reason(7), /broken PNG/u);
	t.regex(reason(8), /JPEG of 60000×60000 pixels/u);
	t.regex(reason(9), /404/u);
	t.regex(reason(11), /outside the library/u);
	t.regex(reason(12), /only http, https, data: and files in the library/u);
	// What went to the terminal decodes back to the pictures, at the sizes the page reserved.
	const transmitted = decodeKitty(written.join(''));
	t.is(transmitted.length, 4);
	const wide = transmitted.find(image => image.control['i'] === String(ready(1).id))!;
	t.is(wide.png.width, 400);
	t.is(wide.png.height, 200);
	t.like(wide.control, {c: '40', r: '10', U: '1'});
	// Only files that are pictures by their first bytes are kept in the cache folder: the HTML page and the 404 are not.
	const cached = fs.readdirSync(path.join(root, 'cache', 'images'));
	t.is(cached.length, 7, cached.join(', '));
	t.false(cached.some(name => fs.readFileSync(path.join(root, 'cache', 'images', name)).includes('<')));
});

test.serial('sixel: the layer keeps the sixel of each image, whose raster is the scaled picture', async t => {
	installGraphics({protocol: 'sixel', placeholders: false, cell: {width: 8, height: 16}, tmux: false, reason: 'test'});
	const server = await startImageServer({'bands.png': twoBandPng(160, 96)});
	t.teardown(async () => server.close());
	const {deps, kept, meta, slots, written} = setup();
	await runEffect({type: 'load-images', meta, images: [{n: 1, url: server.url('bands.png')}], box: '80x20', columns: 80, rows: 20}, deps);
	const slot = slots().get(1) as Extract<ImageSlot, {state: 'ready'}>;
	t.like(slot, {state: 'ready', columns: 20, rows: 6, placeholders: false});
	const raster = decodeSixelRaster(kept.get(slot.id)!);
	t.is(raster.width, 160);
	t.is(raster.height, 96);
	t.deepEqual(raster.pixel(5, 5), [255, 0, 0]);
	t.deepEqual(raster.pixel(150, 90), [0, 0, 255]);
	t.deepEqual(written, [], 'nothing is written until the layer draws it over its rows');
});
