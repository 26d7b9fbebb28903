import iconv from 'iconv-lite';
import jschardet from 'jschardet';

/**
Bytes → text for a feed. The order follows what works on real sites rather than strict RFC 7303: a byte order mark
wins; then the declared charset (Content-Type, else the XML prolog, else UTF-8) — but a declaration is only believed
when the bytes agree with it. Real feeds often say ISO-8859-1 while sending UTF-8, or say UTF-8 while sending
Windows-1252; valid multi-byte UTF-8 almost never happens by accident in Latin-1 text, so that is the test.
ISO-8859-1 and US-ASCII are read as Windows-1252, as browsers do (WHATWG Encoding), because servers mislabel it.
Without a byte order mark, UTF-16 and UTF-32 are recognised from how `<?xml` or `<` is written (XML 1.0, appendix F).
Bytes that declare nothing and are not UTF-8 (EUC-JP, Shift_JIS, GB2312, Big5, KOI8-R, TIS-620, Windows-1255…) go to a
detector (jschardet, Python chardet's algorithm, which feedparser uses too); its guess is kept only when it decodes
the bytes without a single invalid sequence, else they are read as Windows-1252.
*/

export type DecodedFeed = {
	readonly text: string;
	/** The charset actually used, lower case. */
	readonly charset: string;
	/** Set when the declared charset was wrong or unknown. */
	readonly warning?: string;
};

const utf8Strict = new TextDecoder('utf-8', {fatal: true});

function charsetFromContentType(contentType: string | undefined): string | undefined {
	const match = /;\s*charset\s*=\s*"?([\w.:-]+)"?/iu.exec(contentType ?? '');
	return match?.[1]?.toLowerCase();
}

function charsetFromProlog(bytes: Uint8Array): string | undefined {
	// The prolog is ASCII in every charset we can meet here; look only at the head.
	const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
	const match = /<\?xml[^>]*?encoding\s*=\s*["']([\w.:-]+)["']/iu.exec(head);
	return match?.[1]?.toLowerCase();
}

function hasNonAscii(bytes: Uint8Array): boolean {
	for (const byte of bytes) {
		if (byte > 0x7F) {
			return true;
		}
	}

	return false;
}

function tryUtf8(bytes: Uint8Array): string | undefined {
	try {
		return utf8Strict.decode(bytes);
	} catch {
		return undefined;
	}
}

const latinAliases = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'windows-1252', 'cp1252', 'x-cp1252']);
const utf8Aliases = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

function bomCharset(bytes: Uint8Array): {charset: string; skip: number} | undefined {
	if (bytes[0] === 0xEF && bytes[1] === 0xBB && bytes[2] === 0xBF) {
		return {charset: 'utf-8', skip: 3};
	}

	if (bytes[0] === 0x00 && bytes[1] === 0x00 && bytes[2] === 0xFE && bytes[3] === 0xFF) {
		return {charset: 'utf-32be', skip: 4};
	}

	if (bytes[0] === 0xFF && bytes[1] === 0xFE && bytes[2] === 0x00 && bytes[3] === 0x00) {
		return {charset: 'utf-32le', skip: 4};
	}

	if (bytes[0] === 0xFE && bytes[1] === 0xFF) {
		return {charset: 'utf-16be', skip: 2};
	}

	if (bytes[0] === 0xFF && bytes[1] === 0xFE) {
		return {charset: 'utf-16le', skip: 2};
	}

	return undefined;
}

/** UTF-16 or UTF-32 without a byte order mark, from the first character, `<` (XML 1.0, appendix F). */
function wideCharset(bytes: Uint8Array): string | undefined {
	const [a, b, c, d] = bytes;
	if (a === 0x00 && b === 0x00 && c === 0x00 && d === 0x3C) {
		return 'utf-32be';
	}

	if (a === 0x3C && b === 0x00 && c === 0x00 && d === 0x00) {
		return 'utf-32le';
	}

	if (a === 0x00 && b === 0x3C && c === 0x00 && (d === 0x3F || d === 0x21 || (d !== undefined && d > 0x40))) {
		return 'utf-16be';
	}

	if (a === 0x3C && b === 0x00 && (c === 0x3F || c === 0x21 || (c !== undefined && c > 0x40)) && d === 0x00) {
		return 'utf-16le';
	}

	return undefined;
}

// What jschardet calls a charset → the name iconv-lite knows it by.
const detectedNames: Record<string, string> = {'tis-620': 'cp874', 'x-mac-cyrillic': 'maccyrillic', 'iso-2022-jp': 'iso-2022-jp'};

/** Not UTF-8 and declared as nothing useful: the detector's guess, when that guess decodes every byte. */
function detectedCharset(bytes: Uint8Array): {text: string; charset: string} | undefined {
	let guess: {encoding: string | null; confidence: number};
	try {
		guess = jschardet.detect(Buffer.from(bytes.subarray(0, 256 * 1024)), {minimumThreshold: 0.1});
	} catch {
		return undefined;
	}

	const name = guess.encoding?.toLowerCase();
	if (name === undefined || name === 'ascii' || name === 'utf-8' || latinAliases.has(name) || name === 'iso-8859-1') {
		return undefined;
	}

	const charset = detectedNames[name] ?? name;
	if (!iconv.encodingExists(charset)) {
		return undefined;
	}

	const text = iconv.decode(Buffer.from(bytes), charset);
	if (text.includes('\uFFFD')) {
		return undefined;
	}

	// A single-byte guess decodes anything; Latin text read as Cyrillic or Hebrew shows itself by words that mix
	// ASCII letters with the other script's letters ("Cafй"), which text in that script does not do.
	const foreign = text.match(/[^\u0000-\u007F]/gu)?.length ?? 0;
	const mixed = text.match(/[A-Za-z][^\u0000-\u007F\s\p{P}\p{S}]|[^\u0000-\u007F\s\p{P}\p{S}][A-Za-z]/gu)?.length ?? 0;
	return foreign > 0 && mixed / foreign > 0.2 ? undefined : {text, charset};
}

export function decodeFeedBytes(bytes: Uint8Array, contentType?: string): DecodedFeed {
	const bom = bomCharset(bytes);
	if (bom) {
		return {text: iconv.decode(Buffer.from(bytes.subarray(bom.skip)), bom.charset), charset: bom.charset};
	}

	const wide = wideCharset(bytes);
	if (wide) {
		return {text: iconv.decode(Buffer.from(bytes), wide), charset: wide};
	}

	const declared = charsetFromContentType(contentType) ?? charsetFromProlog(bytes);
	const utf8 = tryUtf8(bytes);
	if (declared === undefined || utf8Aliases.has(declared)) {
		if (utf8 !== undefined) {
			return {text: utf8, charset: 'utf-8'};
		}

		const detected = declared === undefined ? detectedCharset(bytes) : undefined;
		if (detected) {
			return {...detected, warning: `no charset declared and the bytes are not UTF-8; detected ${detected.charset}`};
		}

		return {
			text: iconv.decode(Buffer.from(bytes), 'windows-1252'),
			charset: 'windows-1252',
			warning: `declared ${declared ?? 'no charset (UTF-8 assumed)'} but the bytes are not UTF-8; read as Windows-1252`,
		};
	}

	if (latinAliases.has(declared)) {
		if (utf8 !== undefined && hasNonAscii(bytes)) {
			return {text: utf8, charset: 'utf-8', warning: `declared ${declared} but the bytes are UTF-8; read as UTF-8`};
		}

		return {text: iconv.decode(Buffer.from(bytes), 'windows-1252'), charset: 'windows-1252'};
	}

	if (iconv.encodingExists(declared)) {
		return {text: iconv.decode(Buffer.from(bytes), declared), charset: declared};
	}

	if (utf8 !== undefined) {
		return {text: utf8, charset: 'utf-8', warning: `unknown charset ${declared}; read as UTF-8`};
	}

	return {
		text: iconv.decode(Buffer.from(bytes), 'windows-1252'),
		charset: 'windows-1252',
		warning: `unknown charset ${declared}; read as Windows-1252`,
	};
}
