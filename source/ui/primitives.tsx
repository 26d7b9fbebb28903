import React from 'react';
import {Box, Text} from 'ink';

/** One terminal row. Text is already fitted to the width; `truncate-end` is the guard against Ink wrapping it. */
export function Line({text, inverse, dim, bold}: {readonly text: string; readonly inverse?: boolean; readonly dim?: boolean; readonly bold?: boolean}) {
	return <Text wrap="truncate-end" inverse={inverse} dimColor={dim} bold={bold}>{text === '' ? ' ' : text}</Text>;
}

/** A fixed-height column: a frame is never taller than the terminal, so Ink never has to clear the screen. */
export function Column({rows, children}: {readonly rows: number; readonly children: React.ReactNode}) {
	return <Box flexDirection="column" height={rows} overflow="hidden">{children}</Box>;
}
