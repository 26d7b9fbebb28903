import React from 'react';
import {Box, Text} from 'ink';
import type {SafeLine} from '../core/text/neutralise.js';
import type {InkStyle, Role} from '../core/theme/theme.js';
import {styleOf} from './theme.js';

/**
One terminal row. Only a `SafeLine` is accepted: text that went through the neutraliser's egress filter
(`keepOnlySgr`, through `fit` or `screenLine`), so nothing unfiltered can reach the terminal from a view. The text is
already fitted to the width; `truncate-end` is the guard against Ink wrapping it.
*/
export function Line({text, role, style: given, inverse, dim, bold}: {readonly text: SafeLine; readonly role?: Role; readonly style?: InkStyle; readonly inverse?: boolean; readonly dim?: boolean; readonly bold?: boolean}) {
	// The theme's style for the role (source/ui/theme.ts), or one given whole; `inverse`, `dim` and `bold` add to it.
	const style = given ?? (role === undefined ? {} : styleOf(role));
	return <Text wrap="truncate-end" {...style} inverse={inverse ?? style.inverse} dimColor={dim ?? style.dimColor} bold={bold ?? style.bold}>{text === '' ? ' ' : text}</Text>;
}

/** A fixed-height column: a frame is never taller than the terminal, so Ink never has to clear the screen. */
export function Column({rows, children}: {readonly rows: number; readonly children: React.ReactNode}) {
	return <Box flexDirection="column" height={rows} overflow="hidden">{children}</Box>;
}
