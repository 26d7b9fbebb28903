/**
Which inline image protocol the terminal speaks, judged from the environment it gives its programs. Asking the
terminal itself (a DA1 query for sixel, a kitty graphics query) would mean reading its answer from stdin while Ink
owns it; the environment is enough to tell the common cases, and a wrong "no" only keeps the link.
*/
export type ImageProtocol = 'kitty' | 'iterm2' | 'sixel';

export function detectImageProtocol(environment: NodeJS.ProcessEnv = process.env): ImageProtocol | undefined {
	// Inside tmux or screen an image needs passthrough sequences the multiplexer may refuse; keep the link there.
	if (environment['TMUX'] !== undefined || (environment['TERM'] ?? '').startsWith('screen')) {
		return undefined;
	}

	const term = environment['TERM'] ?? '';
	const program = environment['TERM_PROGRAM'] ?? '';
	if (term === 'xterm-kitty' || environment['KITTY_WINDOW_ID'] !== undefined || program === 'ghostty' || term === 'xterm-ghostty') {
		return 'kitty';
	}

	if (program === 'iTerm.app' || environment['LC_TERMINAL'] === 'iTerm2' || program === 'WezTerm') {
		return 'iterm2';
	}

	if (term === 'foot' || term === 'foot-extra' || term.startsWith('mlterm') || term.includes('sixel')) {
		return 'sixel';
	}

	return undefined;
}

const protocolNames: Record<ImageProtocol, string> = {kitty: 'kitty graphics', iterm2: 'iTerm2 images', sixel: 'sixel'};

/**
What `i` says. Drawing in place is not built: Ink repaints the reading page on every key, so an image drawn beside it
would need Ink to reserve and keep its cells, which it cannot yet. The terminal's ability is reported honestly.
*/
export function imageMessage(protocol: ImageProtocol | undefined, n: number): string {
	if (protocol === undefined) {
		return `This terminal cannot show images; the link stays ([${n}] opens it)`;
	}

	return `Tidings cannot draw images in place yet (this terminal has ${protocolNames[protocol]}); the link stays ([${n}] opens it)`;
}
