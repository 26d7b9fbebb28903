// highlight.js's language names, in the order its full build registers them (its lib/index.js), for scripts/build.mjs
// (which copies each grammar beside the bundle) and scripts/highlight-languages.mjs.
import {createRequire} from 'node:module';
import fs from 'node:fs';

const require = createRequire(import.meta.url);

/** Each `hljs.registerLanguage('<name>', require('./languages/<file>'))` of lib/index.js, in order. */
export function languageRegistrations() {
	const index = fs.readFileSync(require.resolve('highlight.js/lib/index.js'), 'utf8');
	return [...index.matchAll(/registerLanguage\('([^']+)', require\('\.\/languages\/([^']+)'\)\)/gu)].map(match => ({name: match[1], file: match[2]}));
}

export function languageNames() {
	const registrations = languageRegistrations();
	if (registrations.length === 0 || registrations.some(({name, file}) => name !== file || !/^[\w.-]+$/u.test(name))) {
		throw new Error('highlight.js/lib/index.js changed shape: scripts/highlight-language-names.mjs no longer reads it');
	}

	return registrations.map(({name}) => name);
}
