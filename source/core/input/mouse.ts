/**
Mouse reports in the terminal's input, taken out before the key parser sees them. Pure and bounded.

The reader turns on SGR mouse reporting (`CSI ?1000h`: presses, releases and the wheel; `CSI ?1006h`: the SGR encoding,
`ESC [ < b ; x ; y M|m`). A report is outside input like any other: parsed strictly (digits and two semicolons, at most
`maxParameter` characters, coordinates from 1 up to `maxCoordinate`); anything that starts like a report (`ESC [ <`)
but is not a well-formed one is dropped whole, up to its final byte, so garbage never becomes a key press. The old X10
encoding (`ESC [ M` and three bytes), which a terminal without SGR support sends instead, is read the same way.

A report cut across two reads is kept (at most `maxParameter` characters) until the rest arrives; a lone `ESC` or
`ESC [` at the end of a read is kept too, and given back as text by `flush` (the adapter calls it after a few
milliseconds without input), so the Escape key still works.
*/

export type MouseEvent = {
	readonly kind: 'press' | 'release' | 'wheel' | 'drag';
	/** 0 left, 1 middle, 2 right (press, release, drag); for the wheel, 1 down and -1 up. */
	readonly button: number;
	/** The cell, 0-based from the top left. */
	readonly x: number;
	readonly y: number;
	readonly shift: boolean;
	readonly alt: boolean;
	readonly ctrl: boolean;
};

/** The longest parameter string of a report (`65;10000;10000` is 14). */
export const maxParameter = 16;
/** Columns and rows past this are not a terminal's. */
export const maxCoordinate = 10_000;

const escape = '\u001B';

/** Decodes the button byte (less the X10 offset) and the 1-based cell; undefined when it is no report we know. */
export function decodeButton(code: number, column: number, row: number, release: boolean): MouseEvent | undefined {
	if (!Number.isInteger(code) || code < 0 || code > 255 || column < 1 || row < 1 || column > maxCoordinate || row > maxCoordinate) {
		return undefined;
	}

	const shift = (code & 4) !== 0;
	const alt = (code & 8) !== 0;
	const ctrl = (code & 16) !== 0;
	const motion = (code & 32) !== 0;
	const low = code & 3;
	const base = {x: column - 1, y: row - 1, shift, alt, ctrl};
	if ((code & 64) !== 0) {
		// 64 up, 65 down; 66 and 67 (sideways) are not used.
		return low < 2 && !motion && (code & 128) === 0 ? {...base, kind: 'wheel', button: low === 0 ? -1 : 1} : undefined;
	}

	if ((code & 128) !== 0) {
		return undefined;
	}

	if (motion) {
		return low === 3 ? undefined : {...base, kind: 'drag', button: low};
	}

	if (low === 3) {
		// X10's release names no button.
		return release ? undefined : {...base, kind: 'release', button: -1};
	}

	return {...base, kind: release ? 'release' : 'press', button: low};
}

/** `b;x;y` (SGR): three decimal numbers, nothing else. */
function parseSgr(parameters: string, final: string): MouseEvent | undefined {
	const match = /^(\d{1,3});(\d{1,5});(\d{1,5})$/u.exec(parameters);
	if (!match || (final !== 'M' && final !== 'm')) {
		return undefined;
	}

	return decodeButton(Number(match[1]), Number(match[2]), Number(match[3]), final === 'm');
}

const isFinal = (code: number) => code >= 0x40 && code <= 0x7E;
const isParameterOrIntermediate = (code: number) => code >= 0x20 && code <= 0x3F;

export type Filtered = {readonly text: string; readonly events: readonly MouseEvent[]};

/** Takes mouse reports out of input read by read; keeps a cut report (bounded) for the next read. */
export class MouseFilter {
	#pending = '';
	/** Inside a sequence that grew past `maxParameter`: its bytes are dropped until its final byte. */
	#discarding = false;
	#tooLong = false;

	/**
	From `from`, past parameter and intermediate bytes to just after the final byte (`complete`), or to the first byte
	that belongs to no sequence, or to the end of the input. Past `maxParameter` bytes nothing is kept (discarding).
	*/
	#skipSequence(input: string, from: number): [number, boolean] {
		let end = from;
		while (end < input.length) {
			const code = input.charCodeAt(end);
			if (isFinal(code) || !isParameterOrIntermediate(code)) {
				// The sequence ends here (whole, or broken by a byte of no sequence): nothing more to drop after it.
				this.#discarding = false;
				return isFinal(code) ? [end + 1, true] : [end, false];
			}

			end++;
			if (end - from > maxParameter) {
				this.#tooLong = true;
			}
		}

		// The read ended inside the sequence: past `maxParameter` its rest is dropped as it comes, not kept.
		this.#discarding = this.#discarding || this.#tooLong;
		return [end, false];
	}

	/** Whether the end of the last read is held back (a possible report's beginning, or a lone ESC). */
	get pending(): boolean {
		return this.#pending !== '';
	}

	/** The text of this read without its mouse reports, and the reports, in order. */
	feed(chunk: string): Filtered {
		const input = this.#pending + chunk;
		this.#pending = '';
		const events: MouseEvent[] = [];
		let text = '';
		let index = 0;
		if (this.#discarding) {
			// The rest of a too-long sequence from the last read: dropped up to its final byte.
			const [end, complete] = this.#skipSequence(input, 0);
			if (!complete && end >= input.length) {
				return {text, events};
			}

			this.#discarding = false;
			this.#tooLong = false;
			index = end;
		}
		while (index < input.length) {
			const at = input.indexOf(escape, index);
			if (at === -1) {
				text += input.slice(index);
				break;
			}

			text += input.slice(index, at);
			const rest = input.length - at;
			// A read that ends in ESC or ESC [: maybe a report cut in two; `flush` gives it back as keys.
			if (rest === 1 || (rest === 2 && input[at + 1] === '[')) {
				this.#pending = input.slice(at);
				break;
			}

			if (input[at + 1] !== '[' || (input[at + 2] !== '<' && input[at + 2] !== 'M')) {
				// Another escape sequence (a key): the key parser's.
				text += escape;
				index = at + 1;
				continue;
			}

			if (input[at + 2] === 'M') {
				// X10: three bytes, each 32 or more.
				if (rest < 6) {
					this.#pending = input.slice(at);
					break;
				}

				const bytes = [input.charCodeAt(at + 3), input.charCodeAt(at + 4), input.charCodeAt(at + 5)];
				const control = bytes.findIndex(code => code < 32);
				if (control === -1) {
					const event = decodeButton(bytes[0]! - 32, bytes[1]! - 32, bytes[2]! - 32, false);
					if (event) {
						events.push(event);
					}

					index = at + 6;
				} else {
					// Not a report after all: dropped up to the control character, which is read afresh.
					index = at + 3 + control;
				}

				continue;
			}

			// SGR: ESC [ < parameters final, the parameters at most maxParameter characters.
			const [end, complete] = this.#skipSequence(input, at + 3);
			if (end >= input.length && !complete) {
				// Cut: the rest comes with the next read (or, when too long already, is dropped as it comes).
				if (!this.#discarding) {
					this.#pending = input.slice(at);
				}

				break;
			}

			if (complete && !this.#tooLong) {
				const event = parseSgr(input.slice(at + 3, end - 1), input[end - 1]!);
				if (event) {
					events.push(event);
				}
			}

			// Broken by a byte that belongs to no sequence (a control character): dropped up to it; it is read afresh.
			this.#tooLong = false;
			index = end;
		}

		return {text, events};
	}

	/** What is held back, as text (a lone ESC is the Escape key); a cut report's beginning is dropped. */
	flush(): string {
		const pending = this.#pending;
		this.#pending = '';
		return pending === escape || pending === `${escape}[` ? pending : '';
	}
}

/** A press counts as a double click when it is the same button on the same cell within this many milliseconds. */
export const doubleClickMs = 400;

export type Click = {readonly x: number; readonly y: number; readonly button: number; readonly at: number; readonly count: number};

/** The click a press makes, given the last one: its count is 2 for the second press of a double click, else 1. */
export function clickOf(last: Click | undefined, event: MouseEvent, now: number): Click {
	const again = last !== undefined && last.count === 1 && last.button === event.button && last.x === event.x && last.y === event.y && now - last.at >= 0 && now - last.at <= doubleClickMs;
	return {x: event.x, y: event.y, button: event.button, at: now, count: again ? 2 : 1};
}
