import React, {createContext, useContext} from 'react';
import {Box, Text} from 'ink';
import {cellWidth, padCells, sliceStyled} from '../core/text/cells.js';
import {keepOnlySgr, type SafeLine} from '../core/text/neutralise.js';

/**
True where the terminal shows no styling (`TERM=dumb`, `NO_COLOR`): a selected row cannot be told by reverse video
there, so it is marked with `>` in its first column instead.
*/
export const PlainContext = createContext(false);

/**
One terminal row. Only a `SafeLine` is accepted: text that went through the neutraliser's egress filter
(`keepOnlySgr`, through `fit` or `screenLine`), so nothing unfiltered can reach the terminal from a view. The text is
already fitted to the width; `truncate-end` is the guard against Ink wrapping it.
*/
export function Line({text, inverse, dim, bold}: {readonly text: SafeLine; readonly inverse?: boolean; readonly dim?: boolean; readonly bold?: boolean}) {
	const plain = useContext(PlainContext);
	const shown = plain && inverse ? keepOnlySgr(padCells(`>${sliceStyled(text, 1)}`, cellWidth(text))) : text;
	return <Text wrap="truncate-end" inverse={inverse} dimColor={dim} bold={bold}>{shown === '' ? ' ' : shown}</Text>;
}

/** A fixed-height column: a frame is never taller than the terminal, so Ink never has to clear the screen. */
export function Column({rows, children}: {readonly rows: number; readonly children: React.ReactNode}) {
	return <Box flexDirection="column" height={rows} overflow="hidden">{children}</Box>;
}
