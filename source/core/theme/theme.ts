/**
Themes: a style (colours and attributes) for every element of the list, the reader and the prompts, by role. Three
are bundled: `terminal` (the default: only the terminal's own palette, its 16 named colours and bold/dim/inverse, as
Tidings always looked), `dark` and `light` (truecolor). A colour is `#rrggbb`, `ansi256:N` or one of the 16 names;
it is brought down to what the terminal can show (`colorDepth`: `NO_COLOR`, `COLORTERM`, `TERM`): truecolor stays
`#rrggbb`, 256 colours become the nearest of the xterm cube or grey ramp, 16 colours the nearest named colour, and with
no colour only the attributes stay. Pure: the views read the resolved theme (source/ui/theme.ts).
*/

export const roles = [
	'list.header', 'list.unread', 'list.read', 'list.selected', 'list.highlight', 'list.empty',
	'reader.title', 'reader.details',
	'overlay.title', 'overlay.selected',
	'prompt', 'prompt.error', 'match',
	'status', 'footer',
] as const;
export type Role = (typeof roles)[number];

export type Style = {
	readonly fg?: string;
	readonly bg?: string;
	readonly bold?: boolean;
	readonly dim?: boolean;
	readonly italic?: boolean;
	readonly underline?: boolean;
	readonly inverse?: boolean;
};

export type ColorDepth = 'truecolor' | '256' | '16' | 'none';

export const namedColors = ['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'gray', 'redBright', 'greenBright', 'yellowBright', 'blueBright', 'magentaBright', 'cyanBright', 'whiteBright'] as const;

const common: Partial<Record<Role, Style>> = {'prompt.error': {fg: 'red'}};

export const themes: Readonly<Record<'terminal' | 'dark' | 'light', Readonly<Record<Role, Style>>>> = {
	terminal: {
		...common,
		'list.header': {bold: true},
		'list.unread': {bold: true},
		'list.read': {dim: true},
		'list.selected': {inverse: true},
		'list.highlight': {fg: 'yellow', bold: true},
		'list.empty': {dim: true},
		'reader.title': {bold: true},
		'reader.details': {dim: true},
		'overlay.title': {bold: true},
		'overlay.selected': {inverse: true},
		prompt: {},
		'prompt.error': {fg: 'red'},
		match: {fg: 'yellow', bold: true},
		status: {},
		footer: {dim: true},
	},
	dark: {
		'list.header': {fg: '#89b4fa', bold: true},
		'list.unread': {fg: '#cdd6f4', bold: true},
		'list.read': {fg: '#7f849c'},
		'list.selected': {fg: '#1e1e2e', bg: '#b4befe', bold: true},
		'list.highlight': {fg: '#fab387', bold: true},
		'list.empty': {fg: '#7f849c'},
		'reader.title': {fg: '#f9e2af', bold: true},
		'reader.details': {fg: '#a6adc8'},
		'overlay.title': {fg: '#89b4fa', bold: true},
		'overlay.selected': {fg: '#1e1e2e', bg: '#b4befe'},
		prompt: {fg: '#a6e3a1'},
		'prompt.error': {fg: '#f38ba8'},
		match: {fg: '#f9e2af', bold: true},
		status: {fg: '#cdd6f4'},
		footer: {fg: '#9399b2'},
	},
	light: {
		'list.header': {fg: '#1e66f5', bold: true},
		'list.unread': {fg: '#4c4f69', bold: true},
		'list.read': {fg: '#8c8fa1'},
		'list.selected': {fg: '#eff1f5', bg: '#1e66f5', bold: true},
		'list.highlight': {fg: '#fe640b', bold: true},
		'list.empty': {fg: '#8c8fa1'},
		'reader.title': {fg: '#8839ef', bold: true},
		'reader.details': {fg: '#6c6f85'},
		'overlay.title': {fg: '#1e66f5', bold: true},
		'overlay.selected': {fg: '#eff1f5', bg: '#1e66f5'},
		prompt: {fg: '#40a02b'},
		'prompt.error': {fg: '#d20f39'},
		match: {fg: '#df8e1d', bold: true},
		status: {fg: '#4c4f69'},
		footer: {fg: '#7c7f93'},
	},
};

export type ThemeName = keyof typeof themes;

/** What the terminal shows, from the environment: NO_COLOR (any value) turns colour off, as no-color.org asks. */
export function colorDepth(environment: NodeJS.ProcessEnv, isTTY = true): ColorDepth {
	if (!isTTY || (environment['NO_COLOR'] !== undefined && environment['NO_COLOR'] !== '') || environment['TERM'] === 'dumb') {
		return 'none';
	}

	const colorterm = (environment['COLORTERM'] ?? '').toLowerCase();
	if (colorterm === 'truecolor' || colorterm === '24bit') {
		return 'truecolor';
	}

	return /256/u.test(environment['TERM'] ?? '') ? '256' : '16';
}

/** A colour as written in a theme, or why not. */
export function checkColor(value: string): string | undefined {
	if (/^#[0-9a-f]{6}$/iu.test(value) || /^ansi256:(?:\d|[1-9]\d|1\d\d|2[0-4]\d|25[0-5])$/u.test(value) || (namedColors as readonly string[]).includes(value)) {
		return undefined;
	}

	return `${JSON.stringify(value)} is not a colour (#rrggbb, ansi256:0-255, or one of ${namedColors.join(', ')})`;
}

// The xterm palette: the 16 colours as most terminals define them by default, then the 6×6×6 cube and the grey ramp.
const sixteen: ReadonlyArray<readonly [number, number, number]> = [
	[0, 0, 0], [205, 0, 0], [0, 205, 0], [205, 205, 0], [0, 0, 238], [205, 0, 205], [0, 205, 205], [229, 229, 229],
	[127, 127, 127], [255, 0, 0], [0, 255, 0], [255, 255, 0], [92, 92, 255], [255, 0, 255], [0, 255, 255], [255, 255, 255],
];
const cubeSteps = [0, 95, 135, 175, 215, 255];

function ansi256Rgb(n: number): readonly [number, number, number] {
	if (n < 16) {
		return sixteen[n]!;
	}

	if (n >= 232) {
		const grey = 8 + ((n - 232) * 10);
		return [grey, grey, grey];
	}

	const index = n - 16;
	return [cubeSteps[Math.floor(index / 36)]!, cubeSteps[Math.floor(index / 6) % 6]!, cubeSteps[index % 6]!];
}

const hexRgb = (hex: string): [number, number, number] => [Number.parseInt(hex.slice(1, 3), 16), Number.parseInt(hex.slice(3, 5), 16), Number.parseInt(hex.slice(5, 7), 16)];
const distance = (a: readonly number[], b: readonly number[]) => ((a[0]! - b[0]!) ** 2) + ((a[1]! - b[1]!) ** 2) + ((a[2]! - b[2]!) ** 2);

/** The nearest of the 240 cube and grey colours (16–255) to an RGB colour. */
export function nearest256(rgb: readonly [number, number, number]): number {
	let best = 16;
	for (let n = 16; n < 256; n++) {
		if (distance(ansi256Rgb(n), rgb) < distance(ansi256Rgb(best), rgb)) {
			best = n;
		}
	}

	return best;
}

/** The nearest of the 16 named colours. */
export function nearest16(rgb: readonly [number, number, number]): (typeof namedColors)[number] {
	let best = 0;
	for (let n = 1; n < 16; n++) {
		if (distance(sixteen[n]!, rgb) < distance(sixteen[best]!, rgb)) {
			best = n;
		}
	}

	return namedColors[best]!;
}

/** A theme colour as Ink takes it (`#rrggbb`, `ansi256(n)`, a chalk name) at a depth; undefined when none is shown. */
export function inkColor(color: string | undefined, depth: ColorDepth): string | undefined {
	if (color === undefined || depth === 'none' || checkColor(color) !== undefined) {
		return undefined;
	}

	if ((namedColors as readonly string[]).includes(color)) {
		return color;
	}

	const rgb = color.startsWith('#') ? hexRgb(color) : ansi256Rgb(Number(color.slice('ansi256:'.length)));
	if (depth === 'truecolor') {
		return color.startsWith('#') ? color : `ansi256(${color.slice('ansi256:'.length)})`;
	}

	if (depth === '256') {
		return color.startsWith('ansi256:') ? `ansi256(${color.slice('ansi256:'.length)})` : `ansi256(${nearest256(rgb)})`;
	}

	return nearest16(rgb);
}

/** The props of Ink's Text for a style. */
export type InkStyle = {
	readonly color?: string;
	readonly backgroundColor?: string;
	readonly bold?: boolean;
	readonly dimColor?: boolean;
	readonly italic?: boolean;
	readonly underline?: boolean;
	readonly inverse?: boolean;
};

export type ResolvedTheme = Readonly<Record<Role, InkStyle>>;

/**
A bundled theme with the user's styles laid over it, brought down to the depth. With no colour, a role whose look
was its background (a selected row in `dark`) falls back to inverse, so the selection still shows.
*/
export function resolveTheme(name: ThemeName, overrides: Readonly<Partial<Record<Role, Style>>>, depth: ColorDepth): ResolvedTheme {
	const out: Partial<Record<Role, InkStyle>> = {};
	for (const role of roles) {
		out[role] = inkStyle({...themes[name][role], ...overrides[role]}, depth);
	}

	return out as ResolvedTheme;
}

/** One style as Ink's Text props at a depth. */
export function inkStyle(style: Style, depth: ColorDepth): InkStyle {
	const backgroundLost = style.bg !== undefined && depth === 'none';
	return {
		color: inkColor(style.fg, depth),
		backgroundColor: inkColor(style.bg, depth),
		bold: style.bold,
		dimColor: style.dim,
		italic: style.italic,
		underline: style.underline,
		inverse: style.inverse ?? (backgroundLost ? true : undefined),
	};
}
