#!/usr/bin/env node
// Kept to syntax that every Node still in use can parse, so an old Node gets one clear line, never a stack trace.
// CommonJS (bin/package.json says so): Node starts a CommonJS entry ~3 ms sooner than an ES module one, which every
// command pays, `--version` and `--help` most visibly (issue 14's goal: 1.3 × a bare `node -e 0`).
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS on purpose (see above) */
var path = require('path');
var major = Number(String(process.versions.node).split('.')[0]);
// The Node the bundle needs at least; an older one runs it on this Node instead, from the npm registry (fetched once
// by npm into its cache: the platform's node-OS-ARCH package, a plain binary with no install script).
var minimum = 20;
var runtime = '24.21.0';
if (!(major >= minimum)) {
	var os = {linux: 'linux', darwin: 'darwin', win32: 'win'}[process.platform];
	var spec = 'node-' + os + '-' + process.arch + '@' + runtime;
	if (!os || process.env.TIDINGS_NO_RUNTIME_FETCH) {
		process.stderr.write('tidings needs Node.js ' + minimum + ' or later; this is Node.js ' + process.versions.node + '. The standalone executable (see the README) needs no Node at all.\n');
		process.exit(1);
	}

	if (process.stderr.isTTY) {
		process.stderr.write('tidings: Node.js ' + process.versions.node + ' is too old to run it (' + minimum + '+); using Node.js ' + runtime + ' from the npm registry (' + spec + ')\n');
	}
	(function () {
		var script = path.join(__dirname, '..', 'dist', 'cli.js');
		var args = ['exec', '--yes', '--loglevel=error', '--no-update-notifier', '--no-progress', '--package=' + spec, '--', 'node', script].concat(process.argv.slice(2));
		var child = require('child_process').spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {stdio: 'inherit', shell: process.platform === 'win32'});
		// The terminal's Ctrl-C reaches both; the child decides. Other signals are passed on.
		process.on('SIGINT', function () {});
		['SIGTERM', 'SIGHUP'].forEach(function (signal) {
			process.on(signal, function () {
				child.kill(signal);
			});
		});
		child.on('error', function (error) {
			process.stderr.write('tidings could not run npm to fetch Node.js ' + runtime + ': ' + error.message + '\n');
			process.exit(1);
		});
		child.on('exit', function (code, signal) {
			process.exit(code === null ? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15) : code);
		});
	})();
} else {
	start();
}

function start() {
	// `--version` alone: answered here from package.json (~1 ms) instead of after loading the program (~60 ms; issue 14's
	// goal is 1.3 × a bare Node start). The same text commander prints for it.
	var args = process.argv.slice(2);
	if (args.length === 1 && (args[0] === '--version' || args[0] === '-v')) {
		try {
			var manifest = JSON.parse(require('fs').readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'));
			if (manifest && typeof manifest.version === 'string') {
				writeOut(manifest.version + '\n');
				return;
			}
		} catch (_) {}
	}

	// `tidings --help` (or -h): answered by a small entry with the same text when it can (issue 14): the program's usage,
	// commands and keys without loading the program (source/help.ts). Anything else it leaves to the program. Asked
	// before the compile cache is opened: the 16 KB entry does not need it.
	var asksHelp = args.some(function (argument) {
		return argument === '--help' || argument === '-h';
	});
	if (asksHelp && answerHelp(args)) {
		return;
	}

	// Node's compile cache (22.1+; in the OS's temp folder unless NODE_COMPILE_CACHE says where): later starts reuse
	// V8's compiled code of the bundle instead of compiling ~6 MB of JavaScript again (--help: ~20% less CPU).
	var builtin = require('module');
	if (typeof builtin.enableCompileCache === 'function') {
		try {
			var cache = builtin.enableCompileCache();
			// Worker threads (the renderer's 2.5 MB, the feed parser) use the cache only when it is named in the
			// environment they start with (issue 14).
			if (cache && cache.directory && !process.env.NODE_COMPILE_CACHE) {
				process.env.NODE_COMPILE_CACHE = cache.directory;
			}
		} catch (_) {}
	}

	import('../dist/cli.js').catch(function (error) {
		if (error && error.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).indexOf('dist/cli.js') !== -1) {
			process.stderr.write('tidings is not built yet: run `npm install` (or `npm run build`) in its folder\n');
		} else {
			process.stderr.write('tidings could not start: ' + (error && error.message ? error.message : String(error)) + '\n');
		}

		process.exit(1);
	});
}

// Into a pipe or a file, written to fd 1 directly: Node's stdout stream for a pipe loads its net and stream modules
// (~3 ms). A terminal (or anything that fails) goes through process.stdout. (source/help.ts's writeDirectly is its
// twin for the help text; this file stays free of the bundle so that `--version` loads nothing.)
function writeOut(text) {
	var fs = require('fs');
	try {
		var stat = fs.fstatSync(1);
		if (stat.isFIFO() || stat.isFile() || stat.isSocket()) {
			fs.writeSync(1, text);
			return;
		}
	} catch (error) {
		if (error && error.code === 'EPIPE') {
			return;
		}
	}

	process.stdout.write(text);
}

// True when dist/help.cjs printed the help; false (having printed nothing) when the program must answer.
function answerHelp(args) {
	try {
		return require('../dist/help.cjs').printRootHelp(args) === true;
	} catch (_) {
		return false;
	}
}
