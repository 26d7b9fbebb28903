// A second build-time patch of string-width, on top of scripts/string-width-prefilter.mjs (issue 14).
//
// The prefilter keeps string-width's /^\p{RGI_Emoji}$/v from running until an emoji turns up, but the expression is
// still made when the module loads, and esbuild writes a `v` literal as `new RegExp(…, "v")` (its targets do not
// list the flag), which builds the whole RGI emoji set right there: ~11 ms of every start, and of every render
// worker's, measured with the bundle. Here it is made on its first use instead, so the set is only ever built for
// text that has an emoji. The widths are string-width's own (test/core/string-width-lazy-emoji.test.ts).
import path from 'node:path';
import {patchStringWidth} from './string-width-prefilter.mjs';

const declaration = 'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;';

/** The prefiltered string-width with its RGI expression made on first use; throws when string-width changed shape. */
export function patchStringWidthLazily(source) {
	const prefiltered = patchStringWidth(source);
	if (prefiltered.split(declaration).length !== 2) {
		throw new Error('string-width changed: scripts/string-width-lazy-emoji.mjs no longer applies (see its comment)');
	}

	// A function, so that the `$'` in the expression is not read as a replacement pattern.
	return prefiltered.replace(declaration, () => [
		'let rgiEmojiRegexMade;',
		'const rgiEmojiRegex = {test: segment => (rgiEmojiRegexMade ??= new RegExp(\'^\\\\p{RGI_Emoji}$\', \'v\')).test(segment)};',
	].join('\n'));
}

/** The esbuild plugin: listed before stringWidthPrefilter, it loads string-width 8's index.js with both patches. */
export const stringWidthLazyEmoji = {
	name: 'string-width-lazy-emoji',
	setup(build) {
		build.onLoad({filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/}, async ({path: file}) => {
			const {readFile} = await import('node:fs/promises');
			const ours = path.resolve(build.initialOptions.absWorkingDir ?? process.cwd(), 'node_modules', 'string-width', 'index.js');
			return file === ours ? {contents: patchStringWidthLazily(await readFile(file, 'utf8')), loader: 'js'} : undefined;
		});
	},
};
