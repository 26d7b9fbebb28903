// `npm run dist`: the standalone executable, dist/sea/tidings — one file holding Node (the pinned Node 24 this runs
// on) and Tidings, for machines with no Node at all. Node's single executable applications (SEA): a preparation blob
// injected into a copy of the node binary with postject, the tool Node's documentation uses.
//
// A SEA's main script must be CommonJS, and Tidings' bundle is ES modules with top-level await (yoga-layout's
// WebAssembly, Ink): so the blob carries the very files `npm install -g` installs (dist/*.js, package.json, the
// articles, the man page) as assets, and a small CommonJS main writes them once to the cache folder
// (~/.cache/tidings/standalone-VERSION-HASH, or under $XDG_CACHE_HOME), then imports dist/cli.js from there, with
// Node's compile cache on so that later starts skip compiling it.
//
// `npm run dist` builds first; `node scripts/dist.mjs [OUT_DIR]` (default dist/sea) packs what dist/ holds.
import {execFileSync} from 'node:child_process';
import crypto from 'node:crypto';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import fs from 'node:fs';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const out = path.resolve(process.argv[2] ?? path.join(root, 'dist', 'sea'));
const {version} = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) {
	throw new Error('dist/cli.js is missing: run `npm run build` first (npm run dist does)');
}

fs.rmSync(out, {recursive: true, force: true});
fs.mkdirSync(out, {recursive: true});

/** What the package installs, by its path in the package. */
const assets = {'package.json': path.join(root, 'package.json')};
for (const folder of ['dist', 'articles']) {
	for (const entry of fs.readdirSync(path.join(root, folder), {recursive: true, withFileTypes: true})) {
		const file = path.join(entry.parentPath, entry.name);
		const relative = path.relative(root, file).split(path.sep).join('/');
		if (entry.isFile() && !relative.endsWith('.map') && !relative.startsWith('dist/sea/')) {
			assets[relative] = file;
		}
	}
}

const hash = crypto.createHash('sha256');
for (const [key, file] of Object.entries(assets).sort(([a], [b]) => a.localeCompare(b))) {
	hash.update(key).update('\0').update(fs.readFileSync(file)).update('\0');
}

const home = `standalone-${version}-${hash.digest('hex').slice(0, 12)}`;
const script = path.join(out, 'sea-main.cjs');
fs.writeFileSync(script, `'use strict';
// The standalone Tidings: unpacks the package once (into a temporary folder renamed into place, so that two starting
// at once never see half of it), then runs it as \`npm install -g\` would.
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const sea = require('node:sea');
const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
const home = path.join(base, 'tidings', ${JSON.stringify(home)});
try {
	if (!fs.existsSync(path.join(home, 'package.json'))) {
		fs.mkdirSync(path.dirname(home), {recursive: true, mode: 0o700});
		const temporary = fs.mkdtempSync(home + '.tmp-');
		for (const key of sea.getAssetKeys()) {
			const file = path.join(temporary, ...key.split('/'));
			fs.mkdirSync(path.dirname(file), {recursive: true});
			fs.writeFileSync(file, new Uint8Array(sea.getRawAsset(key)));
		}

		try {
			fs.renameSync(temporary, home);
		} catch {
			fs.rmSync(temporary, {recursive: true, force: true});
		}
	}
} catch (error) {
	process.stderr.write('tidings could not unpack itself into ' + home + ': ' + error.message + '\\n');
	process.exit(1);
}

require('node:module').enableCompileCache?.(path.join(home, '.compile-cache'));
import(require('node:url').pathToFileURL(path.join(home, 'dist', 'cli.js')).href).catch(error => {
	process.stderr.write('tidings could not start: ' + (error && error.message ? error.message : String(error)) + '\\n');
	process.exit(1);
});
`);

const blob = path.join(out, 'sea-prep.blob');
const config = path.join(out, 'sea-config.json');
fs.writeFileSync(config, JSON.stringify({main: script, output: blob, disableExperimentalSEAWarning: true, assets}, null, 2));
execFileSync(process.execPath, ['--experimental-sea-config', config], {stdio: 'inherit'});

const executable = path.join(out, process.platform === 'win32' ? 'tidings.exe' : 'tidings');
fs.copyFileSync(process.execPath, executable);
fs.chmodSync(executable, 0o755);
const {inject} = await import('postject');
await inject(executable, 'NODE_SEA_BLOB', fs.readFileSync(blob), {
	sentinelFuse: 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2',
	machoSegmentName: process.platform === 'darwin' ? 'NODE_SEA' : undefined,
});
if (process.platform === 'darwin') {
	execFileSync('codesign', ['--sign', '-', executable], {stdio: 'inherit'});
}

for (const file of [blob, config, script]) {
	fs.rmSync(file);
}

process.stdout.write(`${path.relative(process.cwd(), executable)}: Tidings ${version} on Node ${process.versions.node}, ${(fs.statSync(executable).size / 1e6).toFixed(0)} MB\n`);
