/**
The theme in force, for the views: resolved once at start from the config file's `[theme]` (source/commands/tui.tsx)
and read by `Line` for its role. Until then (and in tests) the `terminal` theme at 16 colours: Tidings' own look.
*/
import {resolveTheme, type InkStyle, type ResolvedTheme, type Role} from '../core/theme/theme.js';

const fallback = resolveTheme('terminal', {}, '16');
let installed: ResolvedTheme = fallback;

export function installTheme(theme: ResolvedTheme): void {
	installed = theme;
}

export const styleOf = (role: Role): InkStyle => installed[role];
