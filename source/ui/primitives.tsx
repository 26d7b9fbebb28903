import React from 'react';
import {Box, Text} from 'ink';
import type {SafeLine} from '../core/text/neutralise.js';

/**
One terminal row. Only a `SafeLine` is accepted: text that went through the neutraliser's egress filter
(`keepOnlySgr`, through `fit` or `screenLine`), so nothing unfiltered can reach the terminal from a view. The text is
already fitted to the width; `truncate-end` is the guard against Ink wrapping it.
*/
export function Line({text, inverse, dim, bold}: {readonly text: SafeLine; readonly inverse?: boolean; readonly dim?: boolean; readonly bold?: boolean}) {
	return <Text wrap="truncate-end" inverse={inverse} dimColor={dim} bold={bold}>{text === '' ? ' ' : text}</Text>;
}

/** A fixed-height column: a frame is never taller than the terminal, so Ink never has to clear the screen. */
export function Column({rows, children}: {readonly rows: number; readonly children: React.ReactNode}) {
	return <Box flexDirection="column" height={rows} overflow="hidden">{children}</Box>;
}
