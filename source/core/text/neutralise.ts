/**
The one place where untrusted text (article bodies, titles, authors, sources, file names, URLs, feed fields) is made
safe to print. Everything that reaches a view or stdout from an article has passed through here at ingress, and
rendered output passes through `keepOnlySgr` at egress.

Control characters are shown, not silently dropped: a reader should see that an article tried something
(`␛]0;pwned`) rather than be shown a doctored text. marked-terminal strips raw control bytes itself, but it decodes
numeric entities (`&#27;`) after that, which is why the renderer's output is filtered again at egress.
*/

import {decodeHTML} from 'entities';

import {expandTabs} from './cells.js';

declare const safe: unique symbol;
declare const styled: unique symbol;
/** Text that has been neutralised: no control characters but newline, no bidi overrides. Only this module makes one. */
export type SafeText = string & {readonly [safe]: true};
/** One rendered line: neutralised text plus Tidings' own SGR styling, and nothing else. */
export type SafeLine = string & {readonly [styled]: true};

const controlPicture = (code: number): string => String.fromCodePoint(0x24_00 + code);

const bidiTag = (code: number) => `⟦U+${code.toString(16).toUpperCase()}⟧`;

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
		return bidiTag(code);
	}

	return '\uFFFD';
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

/**
Invisible characters that can make one title look like another (issue 15): zero-width spaces and joiners, bidi marks,
word joiners and invisible operators, Hangul and Khmer fillers, a BOM inside a text, and Unicode tag characters
(which can spell out a hidden text). In one-line fields they are shown as `⟦U+200B⟧`, as bidi overrides are.
Kept where writing needs them: a zero-width joiner between emoji (👨‍👩‍👧), a joiner or non-joiner between letters of a
script other than Latin, Greek and Cyrillic (Persian, Indic), and the tag characters of an emoji flag (🏴 + tags + U+E007F).
*/
// eslint-disable-next-line no-misleading-character-class -- the joiners are listed to be matched one by one, which is the point.
const invisible = /[\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u2060-\u2064\u3164\uFEFF\uFFA0\u{E0000}-\u{E007F}]/gu;
const pictographicPattern = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}]$/u;
const pictographic = {test: (point: string) => point === '\uFE0F' || pictographicPattern.test(point)};
const invisibleOne = new RegExp(`^${invisible.source}$`, 'u');
const joinedScript = /^[\p{L}\p{M}]$/u;
const caselessScript = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}]$/u;

const isTag = (code: number | undefined) => code !== undefined && code >= 0xE_00_00 && code <= 0xE_00_7F;

/** Shows the invisible characters of a one-line field (see `invisible`). Linear; untouched text is returned as is. */
export function showInvisibles(text: string): string {
	invisible.lastIndex = 0;
	if (!invisible.test(text)) {
		return text;
	}

	const points = [...text];
	let out = '';
	for (let index = 0; index < points.length; index++) {
		const point = points[index]!;
		const code = point.codePointAt(0)!;
		if (!invisibleOne.test(point)) {
			out += point;
			continue;
		}

		const before = points[index - 1];
		const after = points[index + 1];
		if (code === 0x20_0D && before !== undefined && after !== undefined && pictographic.test(before) && pictographic.test(after)) {
			out += point;
			continue;
		}

		if ((code === 0x20_0C || code === 0x20_0D) && before !== undefined && after !== undefined
			&& joinedScript.test(before) && joinedScript.test(after) && !caselessScript.test(before) && !caselessScript.test(after)) {
			out += point;
			continue;
		}

		if (isTag(code) && before === '\u{1F3F4}') {
			// An emoji flag: 🏴, tag letters, then CANCEL TAG (U+E007F). Kept whole, or each tag shown.
			let end = index;
			while (end < points.length && isTag(points[end]!.codePointAt(0)) && points[end] !== '\u{E007F}') {
				end++;
			}

			if (points[end] === '\u{E007F}' && end > index) {
				out += points.slice(index, end + 1).join('');
				index = end;
				continue;
			}
		}

		out += bidiTag(code);
	}

	return out;
}

/**
Neutralises a one-line field (title, author, source, file name, URL): any run of white space becomes one space, and
invisible characters are shown (`showInvisibles`).
*/
export function neutraliseLine(text: string): SafeText {
	const value = showInvisibles(neutralise(text)).replaceAll(/\s+/gu, ' ').trim();
	return value as SafeText;
}

/**
Decodes HTML character references and neutralises the result: decode, then neutralise, never the other way round.
Every form HTML5 accepts is decoded (named with or without the semicolon, decimal and hexadecimal with any number of
leading zeros, with or without the semicolon: `&#27;`, `&#27`, `&#00000000027;`, `&#x1b`, `&#X1B`), so a reference
to a control character is shown as its picture (`␛`) and a bidi override as `⟦U+202E⟧`, never sent to a terminal.
This is the only entity decoder for text on its way to a view: a renderer that decoded on its own after the
neutraliser ran would let `&#27[8m` conceal text.
*/
export function decodeEntities(text: string): SafeText {
	return neutralise(decodeHTML(text));
}

/** `decodeEntities` for a one-line field (a link label, an image's description): white space becomes one space. */
export function decodeEntitiesLine(text: string): SafeText {
	return neutraliseLine(decodeHTML(text));
}

/** Marks a literal written by Tidings itself (labels, help text) as safe. Never call it on article text. */
export function own(text: string): SafeText {
	return text as SafeText;
}

const ESC = '\u001B';

const isCsiParameter = (code: number) => code >= 0x30 && code <= 0x3F;
const isCsiIntermediate = (code: number) => code >= 0x20 && code <= 0x2F;

/** End (exclusive) of a CSI sequence whose parameters start at `from`; the final byte is included when present. */
function csiEnd(text: string, from: number): {end: number; final: string | undefined; parameters: string} {
	let end = from;
	while (end < text.length && isCsiParameter(text.charCodeAt(end))) {
		end++;
	}

	const parameterEnd = end;
	while (end < text.length && isCsiIntermediate(text.charCodeAt(end))) {
		end++;
	}

	const finalCode = text.charCodeAt(end);
	const final = finalCode >= 0x40 && finalCode <= 0x7E ? text[end] : undefined;
	return {
		end: final === undefined ? end : end + 1,
		final: parameterEnd === end ? final : undefined,
		parameters: text.slice(from, parameterEnd),
	};
}

/** End (exclusive) of a control string (OSC, DCS, SOS, PM, APC) whose payload starts at `from`: BEL, ST or 8-bit ST. */
function stringEnd(text: string, from: number): number {
	let end = from;
	while (end < text.length) {
		const code = text.charCodeAt(end);
		if (code === 0x07 || code === 0x9C) {
			return end + 1;
		}

		if (code === 0x1B) {
			// ST is ESC \; any other ESC also ends the string, as it does in xterm, and starts a sequence of its own.
			return text[end + 1] === '\\' ? end + 2 : end;
		}

		end++;
	}

	// Unterminated: a terminal would swallow everything after it, so nothing after it is trusted either.
	return end;
}

/**
Whether an SGR sequence's parameters style text the way Tidings itself might: blink (5, 6) and conceal (8) are never
Tidings' own, so a sequence holding one came from outside (through a library that decoded or passed it) and is
dropped whole. Inverse (7) is Tidings' own: the reader marks search matches and the highlighted link with it (and the
renderer never writes it, so a test on rendered output can still treat it as foreign). Extended colours (`38;5;n`, `38;2;r;g;b`, also 48 and 58) are read with their arguments, so
`38;5;7` is a colour, not inverse.
*/
function isOwnSgr(parameters: string): boolean {
	if (parameters === '') {
		return true;
	}

	const list = parameters.split(';');
	for (let index = 0; index < list.length; index++) {
		const parameter = list[index]!;
		// Colon sub-parameters (`38:2::255:0:0`) belong to the parameter they follow.
		const head = parameter.split(':')[0]!;
		if (head === '38' || head === '48' || head === '58') {
			if (!parameter.includes(':')) {
				index += list[index + 1] === '5' ? 2 : (list[index + 1] === '2' ? 4 : 0);
			}

			continue;
		}

		const value = Number(head === '' ? '0' : head);
		if (value === 5 || value === 6 || value === 8) {
			return false;
		}
	}

	return true;
}

const foreign = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;

/**
The egress filter: keeps SGR sequences (`ESC [ … m`, Tidings' own styling) and drops every other escape sequence
(other CSI, OSC incl. titles, clipboard and hyperlinks, DCS, APC, PM, SOS, two-byte escapes), in both their 7-bit
(`ESC ]`) and 8-bit C1 (`U+009D`) forms, and every remaining control character but newline (a tab becomes a space).
Bidi controls that a library decoded from an entity (`&#x202E;`) are shown as `⟦U+202E⟧`, as at ingress. SGR that
Tidings never writes (blink, conceal: see `isOwnSgr`) is dropped too. Run on renderer output, so nothing that slipped through a library reaches the terminal. Every ESC in the result
starts a complete SGR sequence.
*/
export function keepOnlySgr(text: string): SafeLine {
	if (!foreign.test(text)) {
		return text as SafeLine;
	}

	let out = '';
	let index = 0;
	const {length} = text;
	while (index < length) {
		const code = text.charCodeAt(index);
		if (code === 0x1B || code === 0x9B) {
			const next = code === 0x9B ? '[' : text[index + 1];
			const from = code === 0x9B ? index + 1 : index + 2;
			if (next === '[') {
				const {end, final, parameters} = csiEnd(text, from);
				if (code === 0x1B && final === 'm' && /^[\d;:]*$/u.test(parameters) && isOwnSgr(parameters)) {
					out += text.slice(index, end);
				}

				index = end;
				continue;
			}

			if (next === ']' || next === 'P' || next === 'X' || next === '^' || next === '_') {
				index = stringEnd(text, from);
				continue;
			}

			// A two-byte escape (ESC 7, ESC c, ESC ( B …): drop ESC and the whole code point after it.
			const after = text.codePointAt(index + 1);
			index += after === undefined ? 1 : (after > 0xFF_FF ? 3 : 2);
			continue;
		}

		if (code === 0x9D || code === 0x90 || code === 0x98 || code === 0x9E || code === 0x9F) {
			index = stringEnd(text, index + 1);
			continue;
		}

		if (code === 0x0A || (code >= 0x20 && code !== 0x7F && (code < 0x80 || code > 0x9F))) {
			if ((code >= 0x20_2A && code <= 0x20_2E) || (code >= 0x20_66 && code <= 0x20_69)) {
				out += bidiTag(code);
			} else {
				out += text[index];
			}
		} else if (code === 0x09) {
			out += ' ';
		}

		index++;
	}

	return out as SafeLine;
}

export {ESC};
