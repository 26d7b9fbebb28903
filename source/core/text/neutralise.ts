/**
The one place where untrusted text (article bodies, titles, authors, sources, file names, URLs, feed fields) is made
safe to print. Everything that reaches a view or stdout from an article has passed through here at ingress, and
rendered output passes through `keepOnlySgr` at egress.

Control characters are shown, not silently dropped: a reader should see that an article tried something
(`␛]0;pwned`) rather than be shown a doctored text. marked-terminal strips raw control bytes itself, but it decodes
numeric entities (`&#27;`) after that, which is why the renderer's output is filtered again at egress.
*/

declare const safe: unique symbol;
/** Text that has been neutralised: no control characters but newline, no bidi overrides. Only this module makes one. */
export type SafeText = string & {readonly [safe]: true};
/** One rendered line: neutralised text plus Tidings' own SGR styling, and nothing else. */
export type SafeLine = string & {readonly [safe]: true};

const controlPicture = (code: number): string => String.fromCodePoint(0x24_00 + code);

const bidiControl = /[\u202A-\u202E\u2066-\u2069]/u;

// C0 but tab/newline/CR, DEL, C1, bidi embeddings/overrides/isolates, line/paragraph separators.
const unsafe = /[\u0000-\u0008\u000B-\u000C\u000E-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]/gu;

function replaceUnsafe(character: string): string {
	const code = character.codePointAt(0)!;
	if (code === 0x7F) {
		return '\u2421'; // ␡
	}

	if (code < 0x20) {
		return controlPicture(code); // ␛, ␀, ␇ …
	}

	if (code >= 0x80 && code <= 0x9F) {
		return '\uFFFD';
	}

	if (code === 0x20_28 || code === 0x20_29) {
		return '\n';
	}

	if (bidiControl.test(character)) {
		return `⟦U+${code.toString(16).toUpperCase()}⟧`;
	}

	return '\uFFFD';
}

function expandTabs(line: string, tabSize: number): string {
	if (!line.includes('\t')) {
		return line;
	}

	let out = '';
	for (const character of line) {
		if (character === '\t') {
			out += ' '.repeat(tabSize - (out.length % tabSize));
		} else {
			out += character;
		}
	}

	return out;
}

/** Neutralises a multi-line text (an article body): newlines are kept, CRLF becomes LF, tabs are expanded. */
export function neutralise(text: string): SafeText {
	let value = text.toWellFormed();
	if (value.codePointAt(0) === 0xFE_FF) {
		value = value.slice(1);
	}

	value = value.replaceAll('\r\n', '\n').replaceAll('\r', '\u240D');
	value = value.replace(unsafe, replaceUnsafe);
	if (value.includes('\t')) {
		value = value.split('\n').map(line => expandTabs(line, 4)).join('\n');
	}

	return value as SafeText;
}

/** Neutralises a one-line field (title, author, source, file name, URL): any run of white space becomes one space. */
export function neutraliseLine(text: string): SafeText {
	const value = neutralise(text).replaceAll(/\s+/gu, ' ').trim();
	return value as SafeText;
}

/** Marks a literal written by Tidings itself (labels, help text) as safe. Never call it on article text. */
export function own(text: string): SafeText {
	return text as SafeText;
}

const ESC = '\u001B';

/**
The egress filter: keeps SGR sequences (`ESC [ … m`, Tidings' own styling) and drops every other escape sequence (other
CSI, OSC incl. titles, clipboard and hyperlinks, DCS, APC, PM, SOS, two-byte escapes) and every remaining control
character but newline. Run on renderer output, so nothing that slipped through a library reaches the terminal.
*/
export function keepOnlySgr(text: string): SafeLine {
	if (!/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/u.test(text)) {
		return text as SafeLine;
	}

	let out = '';
	let index = 0;
	const {length} = text;
	while (index < length) {
		const code = text.charCodeAt(index);
		if (code === 0x1B) {
			const next = text[index + 1];
			if (next === '[') {
				let end = index + 2;
				while (end < length && /[0-?]/u.test(text[end]!)) {
					end++;
				}

				while (end < length && /[ -/]/u.test(text[end]!)) {
					end++;
				}

				const final = text[end];
				const parameters = text.slice(index + 2, end);
				if (final === 'm' && /^[\d;:]*$/u.test(parameters)) {
					out += text.slice(index, end + 1);
				}

				index = end + 1;
				continue;
			}

			if (next === ']' || next === 'P' || next === 'X' || next === '^' || next === '_') {
				// String sequences run to BEL or ST (ESC \); an unterminated one swallows the rest of the text.
				let end = index + 2;
				while (end < length) {
					const c = text.charCodeAt(end);
					if (c === 0x07) {
						end += 1;
						break;
					}

					if (c === 0x1B && text[end + 1] === '\\') {
						end += 2;
						break;
					}

					end++;
				}

				index = end;
				continue;
			}

			index += next === undefined ? 1 : 2;
			continue;
		}

		if (code === 0x0A || (code >= 0x20 && code !== 0x7F && (code < 0x80 || code > 0x9F))) {
			out += text[index];
		} else if (code === 0x09) {
			out += ' ';
		}

		index++;
	}

	return out as SafeLine;
}

export {ESC};
