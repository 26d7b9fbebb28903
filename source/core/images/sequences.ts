/**
The escape sequences that put a prepared picture on a terminal, built from bytes Tidings made itself (the scaled PNG
or sixel of source/core/images/picture.ts): no outside text is ever inside them.
*/

/** kitty's APC payloads are sent in chunks of at most 4096 base64 characters. */
const kittyChunk = 4096;

/** A PNG to kitty in APC chunks: `control` on the first, `m=1` on every chunk but the last. */
function kittyChunks(control: string, png: Uint8Array): string[] {
	const data = Buffer.from(png).toString('base64');
	const parts: string[] = [];
	for (let offset = 0; offset < data.length || offset === 0; offset += kittyChunk) {
		const chunk = data.slice(offset, offset + kittyChunk);
		const more = offset + kittyChunk < data.length ? 1 : 0;
		parts.push(`\u001B_G${offset === 0 ? `${control},m=${more}` : `m=${more},q=2`};${chunk}\u001B\\`);
	}

	return parts;
}

/**
kitty graphics: transmit image `id` (PNG, `f=100`) and create a virtual placement of `columns`×`rows` cells (`U=1`)
that the page's Unicode placeholders show; `q=2` keeps the terminal from answering into the reader's input.
*/
export const kittyTransmit = (id: number, png: Uint8Array, columns: number, rows: number): string[] => kittyChunks(`a=T,f=100,t=d,i=${id},U=1,c=${columns},r=${rows},q=2`, png);

/** kitty graphics without placeholders (before 0.28): transmit image `id` only; `kittyPlace` shows it at the cursor. */
export const kittyTransmitOnly = (id: number, png: Uint8Array): string[] => kittyChunks(`a=t,f=100,t=d,i=${id},q=2`, png);

/** kitty graphics: place image `id` at the cursor over `columns`×`rows` cells, the cursor left where it was (placement 1). */
export const kittyPlace = (id: number, columns: number, rows: number): string => `\u001B_Ga=p,i=${id},p=1,c=${columns},r=${rows},C=1,q=2\u001B\\`;

/** kitty graphics: take image `id`'s placements off the screen, keeping the image for the next placement. */
export const kittyUnplace = (id: number): string => `\u001B_Ga=d,d=i,i=${id},q=2\u001B\\`;

/** kitty graphics: forget image `id` and its placements. */
export const kittyDelete = (id: number): string => `\u001B_Ga=d,d=I,i=${id},q=2\u001B\\`;

/** iTerm2's inline image (also WezTerm, Konsole): the PNG stretched over exactly `columns`×`rows` cells. */
export function iterm2Image(png: Uint8Array, columns: number, rows: number): string {
	const data = Buffer.from(png).toString('base64');
	return `\u001B]1337;File=inline=1;size=${png.length};width=${columns};height=${rows};preserveAspectRatio=1;doNotMoveCursor=1:${data}\u0007`;
}

/**
Inside tmux a sequence for the outer terminal goes through tmux's passthrough (`allow-passthrough on`): wrapped in
`DCS tmux; … ST` with every ESC doubled. A kitty sequence in chunks is wrapped chunk by chunk.
*/
export const tmuxWrap = (sequence: string): string => `\u001BPtmux;${sequence.replaceAll('\u001B', '\u001B\u001B')}\u001B\\`;
