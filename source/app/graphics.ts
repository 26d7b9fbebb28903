/**
The terminal's graphics, as the reader's start found them (source/adapters/terminal-images.ts asks the terminal
before Ink takes the input): installed once, like the key table, and read by the images handler and the views.
*/
import type {CellSize, Protocol} from '../core/images/picture.js';

export type Graphics = {
	readonly protocol?: Protocol;
	/** kitty's Unicode placeholders: the image lives in the page's cells. */
	readonly placeholders: boolean;
	readonly cell: CellSize;
	readonly tmux: boolean;
	/** Why there is no protocol (or which one and why). */
	readonly reason: string;
};

let installed: Graphics = {placeholders: false, cell: {width: 10, height: 20}, tmux: false, reason: 'the terminal was not asked'};

export function installGraphics(graphics: Graphics): void {
	installed = graphics;
}

export const graphicsInForce = (): Graphics => installed;
