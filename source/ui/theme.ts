/**
The theme in force, for the views: resolved once at start from the config file's `[theme]` (source/commands/tui.tsx)
and read by `Line` for its role. Until then (and in tests) the `terminal` theme at 16 colours: Tidings' own look.
*/
import {inkStyle, resolveTheme, type ColorDepth, type InkStyle, type ResolvedTheme, type Role, type Style} from '../core/theme/theme.js';

const fallback = resolveTheme('terminal', {}, '16');
let installed: ResolvedTheme = fallback;
let installedDepth: ColorDepth = '16';

export function installTheme(theme: ResolvedTheme, depth: ColorDepth = '16'): void {
	installed = theme;
	installedDepth = depth;
}

export const styleOf = (role: Role): InkStyle => installed[role];

/** A style of the config file (a highlight rule's) over a role's, at the depth in force. */
export function styleWith(role: Role, style: Style | undefined): InkStyle {
	if (style === undefined || Object.keys(style).length === 0) {
		return installed[role];
	}

	const own = inkStyle(style, installedDepth);
	return Object.fromEntries(Object.entries({...installed[role], ...own}).filter(([, value]) => value !== undefined)) as InkStyle;
}
