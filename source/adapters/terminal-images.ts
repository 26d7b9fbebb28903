/**
Which inline image protocol the terminal speaks, asked of the terminal itself once at start, before Ink takes the
input: a kitty graphics query (`a=q`: only a terminal that implements the protocol answers OK), XTVERSION (the
terminal's name and version), the cell size in pixels (`CSI 16 t`; `CSI 14 t` and XTSMGRAPHICS give the window's
pixels when it is refused, as xterm does by default) and, last, primary device attributes (DA1, whose `4` means sixel).
Every terminal answers DA1, and terminals answer in order, so its reply ends the wait; a terminal that answers nothing
costs `timeoutMs` (a fraction of a second) once. The environment only names what the replies cannot (iTerm2, and
WezTerm and Konsole, which answer the kitty query but have no Unicode placeholders, so they get iTerm2's images).

Inside tmux the kitty query and XTVERSION go to the outer terminal through tmux's passthrough (`allow-passthrough on`);
without it they get no answer and the page keeps its links. DA1 is tmux's own answer: a tmux built with sixel says so.
*/
import type {CellSize, Protocol} from '../core/images/picture.js';
import {tmuxWrap} from '../core/images/sequences.js';

export type ImageProtocol = Protocol;

/** What the terminal said to the queries. */
export type TerminalReplies = {
	readonly kitty: boolean;
	/** DA1's attributes; undefined: no answer. */
	readonly attributes?: readonly number[];
	/** XTVERSION's text, e.g. `XTerm(390)`, `kitty(0.39.1)`, `WezTerm 20240203`. */
	readonly version?: string;
	readonly cell?: CellSize;
	/** The text area in pixels (`CSI 14 t` or XTSMGRAPHICS). */
	readonly window?: {readonly width: number; readonly height: number};
};

/** The terminal's graphics as the reader uses them. */
export type TerminalGraphics = {
	readonly protocol?: ImageProtocol;
	/** kitty with Unicode placeholders: the image lives in the page's cells. */
	readonly placeholders: boolean;
	readonly cell: CellSize;
	/** Sequences for the outer terminal are wrapped for tmux's passthrough. */
	readonly tmux: boolean;
	/** Why no protocol, or which one and why, for `tidings --version`-style reports and the status line. */
	readonly reason: string;
};

const kittyQueryId = 31;

/** The queries written to the terminal, DA1 last. */
export function terminalQueries(tmux: boolean): string {
	const kitty = `\u001B_Gi=${kittyQueryId},s=1,v=1,a=q,t=d,f=24;AAAA\u001B\\`;
	const version = '\u001B[>0q';
	const outer = tmux ? tmuxWrap(kitty) + tmuxWrap(version) : kitty + version;
	return `${outer}\u001B[16t\u001B[14t\u001B[?2;1;0S\u001B[c`;
}

/** The replies found in what the terminal sent back (other bytes, keys typed meanwhile, are ignored). */
export function parseReplies(text: string): TerminalReplies & {done: boolean} {
	const kitty = new RegExp(`\u001B_Gi=${kittyQueryId};OK\u001B\\\\`, 'u').test(text);
	const da1 = /\u001B\[\?([\d;]*)c/u.exec(text);
	const version = /\u001BP>\|([^\u001B\u0007]{0,80})(?:\u001B\\|\u0007)/u.exec(text);
	const cell = /\u001B\[6;(\d{1,5});(\d{1,5})t/u.exec(text);
	const window = /\u001B\[4;(\d{1,6});(\d{1,6})t/u.exec(text);
	const graphics = /\u001B\[\?2;0;(\d{1,6});(\d{1,6})S/u.exec(text);
	const size = window ? {width: Number(window[2]), height: Number(window[1])} : (graphics ? {width: Number(graphics[1]), height: Number(graphics[2])} : undefined);
	return {
		kitty,
		attributes: da1 ? da1[1]!.split(';').filter(Boolean).map(Number) : undefined,
		version: version?.[1]?.replaceAll(/[^\u0020-\u007E]/gu, ''),
		cell: cell && Number(cell[1]) > 0 && Number(cell[2]) > 0 ? {width: Number(cell[2]), height: Number(cell[1])} : undefined,
		window: size && size.width > 0 && size.height > 0 ? size : undefined,
		done: da1 !== null,
	};
}

/** Asks the terminal and waits for DA1's answer, at most `timeoutMs`; the input is given back as it was found. */
export async function queryTerminal(input: NodeJS.ReadStream, output: NodeJS.WriteStream, tmux: boolean, timeoutMs = 400): Promise<TerminalReplies> {
	if (!input.isTTY || !output.isTTY || typeof input.setRawMode !== 'function') {
		return {kitty: false};
	}

	const wasRaw = input.isRaw;
	input.setRawMode(true);
	let received = '';
	// Read the way Ink will (`readable` and `read()`), and leave the stream as found: no `data` listener switching it
	// to flowing mode and no pause, which could leave the terminal's handle stopped with Ink's read never started.
	const replies = await new Promise<TerminalReplies>(resolve => {
		const finish = () => {
			clearTimeout(timer);
			input.off('readable', onReadable);
			const {done: _done, ...found} = parseReplies(received);
			resolve(found);
		};

		const onReadable = () => {
			for (let chunk = input.read() as Buffer | string | null; chunk !== null; chunk = input.read() as Buffer | string | null) {
				received += chunk.toString();
			}

			if (received.length > 4096 || parseReplies(received).done) {
				finish();
			}
		};

		const timer = setTimeout(finish, timeoutMs);
		input.on('readable', onReadable);
		output.write(terminalQueries(tmux));
	});
	input.setRawMode(wasRaw);
	return replies;
}

const fallbackCell: CellSize = {width: 10, height: 20};

/** The protocol to use, from the replies and the environment; `enabled` false (`[reading] images = "off"`) means none. */
export function chooseGraphics(replies: TerminalReplies, environment: NodeJS.ProcessEnv, size: {columns: number; rows: number}, enabled = true): TerminalGraphics {
	const tmux = environment['TMUX'] !== undefined;
	const cell = replies.cell ?? (replies.window && size.columns > 0 && size.rows > 0
		? {width: Math.max(1, Math.floor(replies.window.width / size.columns)), height: Math.max(1, Math.floor(replies.window.height / size.rows))}
		: fallbackCell);
	const base = {placeholders: false, cell, tmux};
	if (!enabled) {
		return {...base, reason: 'images are off ([reading] images = "off")'};
	}

	const version = replies.version ?? '';
	const program = environment['TERM_PROGRAM'] ?? '';
	const iterm = program === 'iTerm.app' || environment['LC_TERMINAL'] === 'iTerm2' || /^iTerm2/u.test(version);
	const wezterm = program === 'WezTerm' || /^WezTerm/u.test(version);
	const konsole = environment['KONSOLE_VERSION'] !== undefined || /^Konsole/u.test(version);
	// kitty draws Unicode placeholders from 0.28 on; an older kitty (Debian 12 has 0.26) answers the query but would show
	// the placeholder cells as boxes: its images are placed over blank rows by the image layer, like sixel.
	const kittyVersion = /^kitty\((\d+)\.(\d+)/u.exec(version);
	const oldKitty = kittyVersion !== null && (Number(kittyVersion[1]) === 0 && Number(kittyVersion[2]) < 28);
	if (replies.kitty && !wezterm && !konsole) {
		return oldKitty
			? {...base, protocol: 'kitty', reason: `${version} answered the kitty graphics query; without Unicode placeholders (0.28) its images are placed after each frame`}
			: {...base, protocol: 'kitty', placeholders: true, reason: 'the terminal answered the kitty graphics query'};
	}

	if (iterm || wezterm || konsole) {
		return {...base, protocol: 'iterm2', reason: `${iterm ? 'iTerm2' : (wezterm ? 'WezTerm' : 'Konsole')} shows iTerm2 inline images`};
	}

	if (replies.attributes?.includes(4)) {
		return {...base, protocol: 'sixel', reason: 'the terminal reports sixel graphics (DA1)'};
	}

	if (replies.attributes === undefined) {
		return {...base, reason: 'the terminal did not answer its queries'};
	}

	return {...base, reason: 'the terminal has no kitty graphics, iTerm2 images or sixel'};
}

/** No terminal, or not asked: the page keeps its links. */
export const noGraphics: TerminalGraphics = {placeholders: false, cell: fallbackCell, tmux: false, reason: 'not asked'};
