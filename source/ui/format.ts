import {padCells} from '../core/text/cells.js';

/** Cuts or pads a (possibly SGR-styled) string to exactly `width` terminal cells; wide characters count as two. */
export const fit = (text: string, width: number): string => (width <= 0 ? '' : padCells(text, width));

export function formatDate(iso: string | undefined): string {
	return iso === undefined ? '' : iso.slice(0, 10);
}

/** Minutes at ~230 words a minute, at least one. */
export function readingMinutes(words: number): number {
	return Math.max(1, Math.round(words / 230));
}
