/**
The mouse at the terminal's edge: turns SGR mouse reporting on and off, and stands between the terminal's input and
Ink. Ink 8's key parser knows no mouse reports (it drops a whole one, and would read a cut one as keys), so Ink is
given a stream of the input with the reports taken out (core/input/mouse.ts, strict and bounded); the reports become
events for the reducer. The stream passes raw mode, ref and unref through to the real terminal, as Ink expects of
its `stdin`.
*/
import {PassThrough} from 'node:stream';
import {clickOf, MouseFilter, type Click, type MouseEvent} from '../core/input/mouse.js';

/**
`?1000`: presses, releases and the wheel (no motion); `?1006`: reported as SGR (`ESC [ < b ; x ; y M`), which has no
column limit and cannot be mistaken for text. Terminals in the xterm tradition leave a Shift-click or Shift-drag to
their own text selection while reporting is on.
*/
export const mouseModes = {on: '\u001B[?1000h\u001B[?1006h', off: '\u001B[?1000l\u001B[?1006l'} as const;

/** How long a lone ESC (or a cut report) waits for the rest of its sequence before it counts as the Escape key. */
const flushAfterMs = 15;

/** What the mouse does, in the reader's terms: a click (2: the second of a double click) or a wheel notch. */
export type Pointer =
	| {readonly kind: 'click'; readonly x: number; readonly y: number; readonly count: number}
	| {readonly kind: 'wheel'; readonly x: number; readonly y: number; readonly lines: number};

/** A press of the left button is a click, a wheel notch scrolls; releases, drags and other buttons do nothing. */
export function pointerOf(event: MouseEvent, last: Click | undefined, now: number): {pointer?: Pointer; click?: Click} {
	if (event.kind === 'wheel') {
		return {pointer: {kind: 'wheel', x: event.x, y: event.y, lines: event.button}};
	}

	if (event.kind === 'press' && event.button === 0) {
		const click = clickOf(last, event, now);
		return {pointer: {kind: 'click', x: event.x, y: event.y, count: click.count}, click};
	}

	return {};
}

export type MouseInput = {
	/** The stream to give Ink as `stdin`. */
	readonly stdin: NodeJS.ReadStream;
	/** Stops reading the terminal. */
	close(): void;
};

/** Reads `source` (the terminal), hands its text to the returned stream and its mouse reports to `onPointer`. */
export function mouseInput(source: NodeJS.ReadStream, onPointer: (pointer: Pointer) => void, now: () => number = Date.now): MouseInput {
	const filter = new MouseFilter();
	const stream = new PassThrough({encoding: 'utf8'});
	let last: Click | undefined;
	let timer: NodeJS.Timeout | undefined;
	const emit = (text: string) => {
		if (text !== '') {
			stream.write(text);
		}
	};

	const onData = (chunk: string | Uint8Array) => {
		if (timer !== undefined) {
			clearTimeout(timer);
			timer = undefined;
		}

		const {text, events} = filter.feed(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
		emit(text);
		for (const event of events) {
			const {pointer, click} = pointerOf(event, last, now());
			if (click) {
				last = click;
			}

			if (pointer) {
				onPointer(pointer);
			}
		}

		if (filter.pending) {
			timer = setTimeout(() => {
				timer = undefined;
				emit(filter.flush());
			}, flushAfterMs);
			timer.unref();
		}
	};

	source.setEncoding('utf8');
	source.on('data', onData);
	// What Ink asks of its stdin (ink/build/stream.js: a TTY with setRawMode), passed to the terminal.
	const proxy = Object.assign(stream, {
		isTTY: source.isTTY,
		setRawMode(mode: boolean) {
			source.setRawMode(mode);
			return proxy;
		},
		ref() {
			source.ref();
			return proxy;
		},
		unref() {
			source.unref();
			return proxy;
		},
	});
	return {
		stdin: proxy as unknown as NodeJS.ReadStream,
		close() {
			if (timer !== undefined) {
				clearTimeout(timer);
			}

			source.off('data', onData);
			source.pause();
		},
	};
}
