/**
The reader's history of followed links, like a browser's: following a link to another stored article pushes the
page being left; Backspace goes back to it, and forward again after that. A new link followed drops the forward
part, as browsers do.
*/

export type Visit = {readonly id: string; readonly offset: number};
export type History = {readonly back: readonly Visit[]; readonly forward: readonly Visit[]};

export const emptyHistory: History = {back: [], forward: []};

/** Kept short: a reader following links for an hour does not need a thousand steps back. */
const limit = 100;

export function followed(history: History, from: Visit): History {
	return {back: [...history.back, from].slice(-limit), forward: []};
}

/** The visit to return to and the history after going back, or undefined when there is nothing behind. */
export function goBack(history: History, from: Visit): {readonly to: Visit; readonly history: History} | undefined {
	const to = history.back.at(-1);
	return to ? {to, history: {back: history.back.slice(0, -1), forward: [from, ...history.forward]}} : undefined;
}

export function goForward(history: History, from: Visit): {readonly to: Visit; readonly history: History} | undefined {
	const to = history.forward[0];
	return to ? {to, history: {back: [...history.back, from], forward: history.forward.slice(1)}} : undefined;
}
