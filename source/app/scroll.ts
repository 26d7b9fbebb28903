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
