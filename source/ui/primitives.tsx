import React, {createContext, useContext} from 'react';
import {Box, Text} from 'ink';
import {cellWidth, padCells, sliceStyled} from '../core/text/cells.js';
import {keepOnlySgr, type SafeLine} from '../core/text/neutralise.js';
import type {InkStyle, Role} from '../core/theme/theme.js';
import {styleOf} from './theme.js';
import {screenLine} from './format.js';

/**
True where the terminal shows no styling (`TERM=dumb`, `NO_COLOR`): a selected row cannot be told by reverse video
there, so it is marked with `>` in its first column instead.
*/
export const PlainContext = createContext(false);

/**
One terminal row. Only a `SafeLine` is accepted: text that went through the neutraliser's egress filter
(`keepOnlySgr`, through `fit` or `screenLine`), so nothing unfiltered can reach the terminal from a view. The text is
already fitted to the width; `truncate-end` is the guard against Ink wrapping it. Its look is the theme's style for
its `role` (source/ui/theme.ts), or a `style` given whole; `inverse`, `dim` and `bold` add to it.
*/
export function Line({text, role, style: given, inverse, dim, bold}: {readonly text: SafeLine; readonly role?: Role; readonly style?: InkStyle; readonly inverse?: boolean; readonly dim?: boolean; readonly bold?: boolean}) {
	const style = given ?? (role === undefined ? {} : styleOf(role));
	const plain = useContext(PlainContext);
	const selected = inverse === true || role === 'list.selected' || role === 'overlay.selected';
	const shown = plain && selected ? keepOnlySgr(padCells(`>${sliceStyled(text, 1)}`, cellWidth(text))) : text;
	return <Text wrap="truncate-end" {...style} inverse={inverse ?? style.inverse} dimColor={dim ?? style.dimColor} bold={bold ?? style.bold}>{inkText(shown)}</Text>;
}

/** What a `Line` hands Ink for its text (an empty one as one space). */
export const inkText = (text: string): string => (text === '' ? ' ' : text);

/** One row of the reader's body: the margin `pad`, then the rendered line. */
export const bodyLine = (pad: string, line: string): SafeLine => screenLine(pad + line);

/**
A fixed-height column: a frame is never taller than the terminal, so Ink never has to clear the screen. Clipped in
height only: every row is already fitted to the width (`fit`, `truncate-end`), and a horizontal clip makes Ink cut
every line of every frame again cell by cell (~2 ms a key at 120×40; issue 14).
*/
export function Column({rows, children}: {readonly rows: number; readonly children: React.ReactNode}) {
	return <Box flexDirection="column" height={rows} overflowY="hidden">{children}</Box>;
}
