/** Keeps the cursor inside the window with a margin (newsboat's scrolloff), clamped to the list. */
export function keepInView(offset: number, cursor: number, rows: number, count: number, margin = 2): number {
	if (rows <= 0 || count <= 0) {
		return 0;
	}

	const m = Math.max(0, Math.min(margin, Math.floor((rows - 1) / 2)));
	let next = offset;
	if (cursor < offset + m) {
		next = cursor - m;
	} else if (cursor > offset + rows - 1 - m) {
		next = cursor - rows + 1 + m;
	}

	return clampOffset(next, rows, count);
}

export function clampOffset(offset: number, rows: number, count: number): number {
	return Math.max(0, Math.min(offset, Math.max(0, count - Math.max(1, rows))));
}

export const clamp = (value: number, min: number, max: number) => Math.max(min, Math.min(value, max));

const half = (page: number) => Math.max(1, Math.floor(page / 2));

/**
Where a movement command (`move.down`, `move.pageUp`, …) takes a cursor over `count` entries with `page` rows on the
screen, clamped to the entries; undefined for any other command. The list, the pickers, the results and the help
all move by it.
*/
export function moveCursor(command: string, cursor: number, page: number, count: number): number | undefined {
	const targets: Record<string, number> = {
		'move.down': cursor + 1,
		'move.up': cursor - 1,
		'move.pageDown': cursor + page,
		'move.pageUp': cursor - page,
		'move.halfDown': cursor + half(page),
		'move.halfUp': cursor - half(page),
		'move.top': 0,
		'move.bottom': count - 1,
	};
	const target = targets[command];
	return target === undefined ? undefined : clamp(target, 0, Math.max(0, count - 1));
}
