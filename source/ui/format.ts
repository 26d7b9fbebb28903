import {padCells} from '../core/text/cells.js';
import {keepOnlySgr, type SafeLine} from '../core/text/neutralise.js';

/**
A row for the screen: the egress filter lets only SGR styling through (text from articles was neutralised at ingress
already; this also covers the labels and messages views put together), and the result is branded as a line.
*/
export const screenLine = (text: string): SafeLine => keepOnlySgr(text);

/** Cuts or pads a (possibly SGR-styled) string to exactly `width` terminal cells, through the egress filter. */
export const fit = (text: string, width: number): SafeLine => screenLine(width <= 0 ? '' : padCells(text, width));

export function formatDate(iso: string | undefined): string {
	return iso === undefined ? '' : iso.slice(0, 10);
}

/** Minutes at ~230 words a minute, at least one. */
export function readingMinutes(words: number): number {
	return Math.max(1, Math.round(words / 230));
}

/** Reading time in at most four cells: `4m`, `95m`, `6h`, `99h+`. */
export function readingTime(words: number): string {
	const minutes = readingMinutes(words);
	if (minutes < 100) {
		return `${minutes}m`;
	}

	const hours = Math.round(minutes / 60);
	return hours < 100 ? `${hours}h` : '99h+';
}
