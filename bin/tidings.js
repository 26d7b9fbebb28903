#!/usr/bin/env node
// Kept to syntax that every Node still in use can parse, so an old Node gets one clear line, never a stack trace.
var major = Number(String(process.versions.node).split('.')[0]);
if (!(major >= 20)) {
	process.stderr.write('tidings needs Node.js 20 or later; this is Node.js ' + process.versions.node + '. The standalone executable (see the README) needs no Node at all.\n');
	process.exit(1);
}

import('../dist/cli.js').catch(function (error) {
	if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).indexOf('dist/cli.js') !== -1) {
		process.stderr.write('tidings is not built yet: run `npm install` (or `npm run build`) in its folder\n');
	} else {
		process.stderr.write('tidings could not start: ' + (error && error.message ? error.message : String(error)) + '\n');
	}

	process.exit(1);
});
