import fs from 'node:fs';
import path from 'node:path';
import {fileURLToPath, pathToFileURL} from 'node:url';
import test from 'ava';
import stringWidth from 'string-width';
// @ts-expect-error: a build script in plain JavaScript, without types.
import {patchStringWidthLazily} from '../../scripts/string-width-lazy-emoji.mjs';

const root = path.dirname(path.dirname(path.dirname(fileURLToPath(import.meta.url))));
const patch = patchStringWidthLazily as (source: string) => string;

/** string-width as the build loads it (both patches), written where it resolves its imports from node_modules. */
async function patched(): Promise<typeof stringWidth> {
	const folder = path.join(root, '.tidings-tmp');
	fs.mkdirSync(folder, {recursive: true});
	const file = path.join(folder, `string-width-lazy-${process.pid}.mjs`);
	fs.writeFileSync(file, patch(fs.readFileSync(path.join(root, 'node_modules', 'string-width', 'index.js'), 'utf8')));
	try {
		return ((await import(pathToFileURL(file).href)) as {default: typeof stringWidth}).default;
	} finally {
		fs.rmSync(file, {force: true});
	}
}

test('string-width with its emoji expression made on first use gives the original\'s widths, emoji first and after', async t => {
	const lazy = await patched();
	const texts = ['● 2026-01-01 Harbour — “quoted” …', '★ 한국어 日本語 e\u0301', '👩‍👩‍👧', '🏳️‍🌈', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '👍🏽', '1️⃣', '#⃣', '🧑‍🤝‍🧑', '\u001B[31m●\u001B[39m red', '☺', '☺\uFE0F', '🇫🇷'];
	// Every emoji code point with what makes sequences of it, after the texts above made the expression.
	const emoji = /\p{Emoji}/u;
	for (let codePoint = 0x20_00; codePoint <= 0x1_FA_FF; codePoint++) {
		const character = String.fromCodePoint(codePoint);
		if (emoji.test(character)) {
			texts.push(character, `${character}\uFE0F`, `${character}\u{1F3FD}`);
		}
	}

	t.deepEqual(texts.map(text => lazy(text)), texts.map(text => stringWidth(text)));
});

test('the lazy patch refuses a string-width it does not know', t => {
	t.throws(() => patch('export default function stringWidth() {}'), {message: /string-width changed/});
});
