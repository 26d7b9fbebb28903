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
	'body.h1', 'body.h2', 'body.h3', 'body.h4', 'body.h5', 'body.h6',
	'body.link', 'body.code', 'body.code.gutter', 'body.quote', 'body.quote.bar',
	'body.alert.note', 'body.alert.tip', 'body.alert.important', 'body.alert.warning', 'body.alert.caution',
	'body.table.border', 'body.table.head', 'body.emphasis', 'body.strong', 'body.image', 'body.rule',
	'body.footnote', 'body.link.number', 'body.links.heading', 'body.list.marker', 'body.note',
	'body.code.keyword', 'body.code.builtin', 'body.code.type', 'body.code.string', 'body.code.number', 'body.code.comment', 'body.code.function', 'body.code.meta',
	'reader.search', 'reader.search.current', 'reader.link',
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
		// The article body as the renderer always drew it; the search matches and the Tab link in inverse video.
		'body.h1': {fg: 'magenta', bold: true, underline: true},
		'body.h2': {fg: 'green', bold: true},
		'body.h3': {fg: 'cyan', bold: true},
		'body.h4': {fg: 'cyan'},
		'body.h5': {fg: 'blue'},
		'body.h6': {dim: true, italic: true},
		'body.link': {fg: 'blue'},
		'body.code': {fg: 'yellow'},
		'body.code.gutter': {fg: 'gray'},
		'body.quote': {italic: true},
		'body.quote.bar': {fg: 'gray'},
		'body.alert.note': {fg: 'blue'},
		'body.alert.tip': {fg: 'green'},
		'body.alert.important': {fg: 'magenta'},
		'body.alert.warning': {fg: 'yellow'},
		'body.alert.caution': {fg: 'red'},
		'body.table.border': {fg: 'gray'},
		'body.table.head': {bold: true},
		'body.emphasis': {italic: true},
		'body.strong': {bold: true},
		'body.image': {fg: 'cyan'},
		'body.rule': {fg: 'gray'},
		'body.footnote': {fg: 'cyan'},
		'body.link.number': {dim: true},
		'body.links.heading': {bold: true},
		'body.list.marker': {dim: true},
		'body.note': {dim: true},
		'body.code.keyword': {fg: 'blue'},
		'body.code.builtin': {fg: 'cyan'},
		'body.code.type': {fg: 'cyan', dim: true},
		'body.code.string': {fg: 'red'},
		'body.code.number': {fg: 'green'},
		'body.code.comment': {fg: 'green'},
		'body.code.function': {fg: 'yellow'},
		'body.code.meta': {fg: 'gray'},
		'reader.search': {inverse: true},
		'reader.search.current': {underline: true, inverse: true},
		'reader.link': {inverse: true},
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
		'body.h1': {fg: '#cba6f7', bold: true, underline: true},
		'body.h2': {fg: '#89b4fa', bold: true},
		'body.h3': {fg: '#94e2d5', bold: true},
		'body.h4': {fg: '#94e2d5'},
		'body.h5': {fg: '#74c7ec'},
		'body.h6': {fg: '#a6adc8', italic: true},
		'body.link': {fg: '#89b4fa', underline: true},
		'body.code': {fg: '#f9e2af'},
		'body.code.gutter': {fg: '#585b70'},
		'body.quote': {fg: '#bac2de', italic: true},
		'body.quote.bar': {fg: '#6c7086'},
		'body.alert.note': {fg: '#89b4fa'},
		'body.alert.tip': {fg: '#a6e3a1'},
		'body.alert.important': {fg: '#cba6f7'},
		'body.alert.warning': {fg: '#f9e2af'},
		'body.alert.caution': {fg: '#f38ba8'},
		'body.table.border': {fg: '#6c7086'},
		'body.table.head': {fg: '#cdd6f4', bold: true},
		'body.emphasis': {italic: true},
		'body.strong': {fg: '#cdd6f4', bold: true},
		'body.image': {fg: '#94e2d5'},
		'body.rule': {fg: '#6c7086'},
		'body.footnote': {fg: '#94e2d5'},
		'body.link.number': {fg: '#6c7086'},
		'body.links.heading': {fg: '#cba6f7', bold: true},
		'body.list.marker': {fg: '#6c7086'},
		'body.note': {fg: '#7f849c'},
		'body.code.keyword': {fg: '#cba6f7'},
		'body.code.builtin': {fg: '#f38ba8'},
		'body.code.type': {fg: '#f9e2af'},
		'body.code.string': {fg: '#a6e3a1'},
		'body.code.number': {fg: '#fab387'},
		'body.code.comment': {fg: '#7f849c', italic: true},
		'body.code.function': {fg: '#89b4fa'},
		'body.code.meta': {fg: '#94e2d5'},
		'reader.search': {fg: '#1e1e2e', bg: '#f9e2af'},
		'reader.search.current': {fg: '#1e1e2e', bg: '#fab387', underline: true},
		'reader.link': {fg: '#1e1e2e', bg: '#89b4fa'},
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
		'body.h1': {fg: '#8839ef', bold: true, underline: true},
		'body.h2': {fg: '#1e66f5', bold: true},
		'body.h3': {fg: '#179299', bold: true},
		'body.h4': {fg: '#179299'},
		'body.h5': {fg: '#209fb5'},
		'body.h6': {fg: '#6c6f85', italic: true},
		'body.link': {fg: '#1e66f5', underline: true},
		'body.code': {fg: '#e64553'},
		'body.code.gutter': {fg: '#acb0be'},
		'body.quote': {fg: '#5c5f77', italic: true},
		'body.quote.bar': {fg: '#9ca0b0'},
		'body.alert.note': {fg: '#1e66f5'},
		'body.alert.tip': {fg: '#40a02b'},
		'body.alert.important': {fg: '#8839ef'},
		'body.alert.warning': {fg: '#df8e1d'},
		'body.alert.caution': {fg: '#d20f39'},
		'body.table.border': {fg: '#9ca0b0'},
		'body.table.head': {fg: '#4c4f69', bold: true},
		'body.emphasis': {italic: true},
		'body.strong': {fg: '#4c4f69', bold: true},
		'body.image': {fg: '#179299'},
		'body.rule': {fg: '#9ca0b0'},
		'body.footnote': {fg: '#179299'},
		'body.link.number': {fg: '#9ca0b0'},
		'body.links.heading': {fg: '#8839ef', bold: true},
		'body.list.marker': {fg: '#9ca0b0'},
		'body.note': {fg: '#8c8fa1'},
		'body.code.keyword': {fg: '#8839ef'},
		'body.code.builtin': {fg: '#d20f39'},
		'body.code.type': {fg: '#df8e1d'},
		'body.code.string': {fg: '#40a02b'},
		'body.code.number': {fg: '#fe640b'},
		'body.code.comment': {fg: '#8c8fa1', italic: true},
		'body.code.function': {fg: '#1e66f5'},
		'body.code.meta': {fg: '#179299'},
		'reader.search': {fg: '#eff1f5', bg: '#df8e1d'},
		'reader.search.current': {fg: '#eff1f5', bg: '#fe640b', underline: true},
		'reader.link': {fg: '#eff1f5', bg: '#1e66f5'},
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

/** The roles of the article body: what the renderer (source/core/render/render-article.ts) styles. */
export const bodyRoles = roles.filter((role): role is Extract<Role, `body.${string}`> => role.startsWith('body.'));
export type BodyRole = Extract<Role, `body.${string}`>;
/** The body's styles, resolved to a depth: plain data, so it crosses to the render worker and keys the render cache. */
export type BodyTheme = Readonly<Partial<Record<BodyRole, InkStyle>>>;

/** The body's part of a resolved theme, without the attributes a style leaves unset (a stable cache key). */
export function bodyTheme(theme: ResolvedTheme): BodyTheme {
	return Object.fromEntries(bodyRoles.map(role => [role, Object.fromEntries(Object.entries(theme[role]).filter(([, value]) => value !== undefined))]));
}

const namedSgr = (name: string, background: boolean): number | undefined => {
	const index = namedColors.indexOf(name as (typeof namedColors)[number]);
	if (index < 0) {
		return undefined;
	}

	// black…white are 30–37; gray and the bright ones 90–97 (gray is bright black).
	const code = index < 8 ? 30 + index : 90 + (index - 8);
	return background ? code + 10 : code;
};

/** An Ink colour (`#rrggbb`, `ansi256(n)`, a name) as the parameters of an SGR sequence. */
function colorSgr(color: string, background: boolean): string | undefined {
	if (color.startsWith('#')) {
		const [r, g, b] = hexRgb(color);
		return `${background ? 48 : 38};2;${r};${g};${b}`;
	}

	const n = /^ansi256\((\d+)\)$/u.exec(color)?.[1];
	if (n !== undefined) {
		return `${background ? 48 : 38};5;${n}`;
	}

	return namedSgr(color, background)?.toString();
}

/**
A style as the SGR sequences that turn it on and off, for marks laid over rendered lines (the reader's search matches
and the Tab link). A style that shows nothing at all (a theme without colour whose look was only colour) is inverse
video, so the mark still shows.
*/
export function sgrOf(style: InkStyle): {readonly on: string; readonly off: string} {
	const on: string[] = [];
	const off: string[] = [];
	const fg = style.color === undefined ? undefined : colorSgr(style.color, false);
	const bg = style.backgroundColor === undefined ? undefined : colorSgr(style.backgroundColor, true);
	if (fg !== undefined) {
		on.push(fg);
		off.push('39');
	}

	if (bg !== undefined) {
		on.push(bg);
		off.push('49');
	}

	if (style.bold || style.dimColor) {
		if (style.bold) {
			on.push('1');
		}

		if (style.dimColor) {
			on.push('2');
		}

		off.push('22');
	}

	if (style.italic) {
		on.push('3');
		off.push('23');
	}

	if (style.underline) {
		on.push('4');
		off.push('24');
	}

	if (style.inverse || on.length === 0) {
		on.push('7');
		off.push('27');
	}

	return {on: `\u001B[${on.join(';')}m`, off: `\u001B[${off.join(';')}m`};
}
