/*
Loaded by ava into each test file's worker (package.json "ava.require"). When the file's tests are done, the worker
exits even if a failed test left a handle open (a server, a child process, a pseudo-terminal). Without it the worker
waits for ava's inactivity timeout, and ava drops that timer for good when it fires inside another test's `t.timeout`
window: a CI run with one failed test never ended.
*/
import process from 'node:process';
import {registerCompletionHandler} from 'ava';

registerCompletionHandler(() => {
	process.exit();
});
