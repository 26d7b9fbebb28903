/** Copying to the clipboard with Tidings' own OSC 52 sequence, or saying what would have been copied on a dumb terminal. */
import {osc52} from '../core/text/osc52.js';

export type CopyResult = {readonly copied: boolean; readonly message: string};

export function copyToClipboard(text: string, label: string, options: {readonly environment: NodeJS.ProcessEnv; readonly write: (data: string) => void}): CopyResult {
	const {environment} = options;
	if (environment['TERM'] === 'dumb') {
		return {copied: false, message: `This terminal cannot take a copy; ${label}: ${text}`};
	}

	// Written straight to the terminal, outside Ink's frame: the sequence moves no cursor and prints nothing.
	options.write(osc52(text, {tmux: Boolean(environment['TMUX'])}));
	return {copied: true, message: `Copied ${label}: ${text}`};
}
