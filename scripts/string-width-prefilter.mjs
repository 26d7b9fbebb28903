// A build-time patch of string-width (the one Ink and source/core/text/cells.ts share in the bundle), issue 14.
//
// string-width tests every grapheme of a non-ASCII string against /^\p{RGI_Emoji}$/v. V8 builds that expression (the
// whole RGI emoji set, thousands of strings) the first time it runs: ~27 ms, and ~7 ms more when it tiers up. The
// first frame of the list has `●` and `★` in it, so every start paid ~35 ms for it, although no title had an emoji.
// Every RGI emoji holds an Extended_Pictographic code point, a regional indicator (flags), a skin tone modifier or
// the keycap mark (U+20E3): checking for one of those first (a plain code point class, ~0.1 ms to build) keeps the
// set out of the way until an emoji turns up, and gives the same widths (test/text/string-width-prefilter.test.ts
// compares the patched and the original on every code point and emoji sequence shape).

export const prefilter = String.raw`/[\p{Extended_Pictographic}\p{Regional_Indicator}\u{1F3FB}-\u{1F3FF}\u20E3]/u`;

const declaration = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';
const use = 'rgiEmojiRegex.test(segment)';

/** string-width's index.js with the prefilter in front of the RGI test; throws when string-width changed shape. */
export function patchStringWidth(source) {
	if (!source.includes(declaration) || source.split(use).length !== 2) {
		throw new Error('string-width changed: scripts/string-width-prefilter.mjs no longer applies (see its comment)');
	}

	return source
		.replace(declaration, `${declaration}\nconst mayBeEmojiRegex = ${prefilter};`)
		.replace(use, `(mayBeEmojiRegex.test(segment) && ${use})`);
}

/** The esbuild plugin: string-width 8's index.js (not the older copies other packages carry) is loaded patched. */
export const stringWidthPrefilter = {
	name: 'string-width-prefilter',
	setup(build) {
		build.onLoad({filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/}, async ({path: file}) => {
			const {readFile} = await import('node:fs/promises');
			const path = await import('node:path');
			// Older string-width copies (cli-table3's 4.x, for the renderer's tables) are left as they are.
			const ours = path.resolve(build.initialOptions.absWorkingDir ?? process.cwd(), 'node_modules', 'string-width', 'index.js');
			return file === ours ? {contents: patchStringWidth(await readFile(file, 'utf8')), loader: 'js'} : undefined;
		});
	},
};
