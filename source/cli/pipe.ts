/**
A reader that stops reading (`tidings list | head -5`, a pager quit early) closes the pipe; the next write fails with
EPIPE. Like `cat` and `git log`, Tidings then stops at once, quietly and successfully: the person asked for no more.
Without a listener, Node turns that failed write into an unhandled 'error' event, a stack trace and exit 1.
*/
type Exit = (code: number) => void;

export function isBrokenPipe(error: unknown): boolean {
	const code = (error as NodeJS.ErrnoException | undefined)?.code;
	return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
}

/** Installs the quiet exit on stdout (and silences a broken stderr, which has nowhere left to complain to). */
export function exitQuietlyOnBrokenPipe(streams: {stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream} = process, exit: Exit = code => process.exit(code)): void {
	streams.stdout.on('error', (error: unknown) => {
		if (isBrokenPipe(error)) {
			exit(0);
			return;
		}

		throw error;
	});
	streams.stderr.on('error', (error: unknown) => {
		if (!isBrokenPipe(error)) {
			throw error;
		}
	});
}
