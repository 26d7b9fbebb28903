import iconv from 'iconv-lite';

/**
Bytes → text for a feed. The order follows what works on real sites rather than strict RFC 7303: a byte order mark
wins; then the declared charset (Content-Type, else the XML prolog, else UTF-8) — but a declaration is only believed
when the bytes agree with it. Real feeds often say ISO-8859-1 while sending UTF-8, or say UTF-8 while sending
Windows-1252; valid multi-byte UTF-8 almost never happens by accident in Latin-1 text, so that is the test.
ISO-8859-1 and US-ASCII are read as Windows-1252, as browsers do (WHATWG Encoding), because servers mislabel it.
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

	if (bytes[0] === 0xFE && bytes[1] === 0xFF) {
		return {charset: 'utf-16be', skip: 2};
	}

	if (bytes[0] === 0xFF && bytes[1] === 0xFE) {
		return {charset: 'utf-16le', skip: 2};
	}

	return undefined;
}

export function decodeFeedBytes(bytes: Uint8Array, contentType?: string): DecodedFeed {
	const bom = bomCharset(bytes);
	if (bom) {
		return {text: iconv.decode(Buffer.from(bytes.subarray(bom.skip)), bom.charset), charset: bom.charset};
	}

	const declared = charsetFromContentType(contentType) ?? charsetFromProlog(bytes);
	const utf8 = tryUtf8(bytes);
	if (declared === undefined || utf8Aliases.has(declared)) {
		if (utf8 !== undefined) {
			return {text: utf8, charset: 'utf-8'};
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
