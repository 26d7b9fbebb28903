/**
The terminal's focus reports (issue 18): after CSI ?1004h a terminal sends CSI I when its window comes to the front
and CSI O when it goes to the background. Ink consumes every complete control sequence that is not a key before
`useInput` sees it, so the reports are read here, from the chunks Ink itself reads off stdin (its `read()` is
wrapped; the chunks go on to Ink unchanged). A focus report is three bytes a terminal writes whole.
*/
import type {Readable} from 'node:stream';

const ESC = '\u001B';

export function watchFocusReports(stdin: Readable, onFocus: (focused: boolean) => void): () => void {
	const original = stdin.read.bind(stdin);
	const wrapped = ((size?: number) => {
		const chunk = original(size) as unknown;
		if (chunk !== null && chunk !== undefined) {
			const text = typeof chunk === 'string' ? chunk : (Buffer.isBuffer(chunk) ? chunk.toString('latin1') : '');
			const focusIn = text.lastIndexOf(`${ESC}[I`);
			const focusOut = text.lastIndexOf(`${ESC}[O`);
			if (focusIn !== -1 || focusOut !== -1) {
				onFocus(focusIn > focusOut);
			}
		}

		return chunk;
	}) as typeof stdin.read;
	stdin.read = wrapped;
	return () => {
		if (stdin.read === wrapped) {
			stdin.read = original;
		}
	};
}
