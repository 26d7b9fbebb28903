/**
JSON for a terminal or a pipe. JSON.stringify escapes C0 controls but leaves C1 controls, DEL, bidi controls and line
separators raw; those are escaped too, so JSON output carries no character a terminal could act on.
*/
export function safeJson(value: unknown, indent?: number): string {
	return JSON.stringify(value, undefined, indent).replace(
		/[\u007F-\u009F\u202A-\u202E\u2066-\u2069\u2028\u2029]/gu,
		character => `\\u${character.codePointAt(0)!.toString(16).padStart(4, '0')}`,
	);
}
