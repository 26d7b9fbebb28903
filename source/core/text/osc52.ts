/**
The OSC 52 "set clipboard" sequence, written by Tidings itself so that copying works over ssh: the terminal the
person looks at sets its own clipboard. Under tmux the plain form is taken only with `set-clipboard on`; the form
inside tmux's passthrough (`ESC P tmux; … ESC \`, every ESC inside doubled) only with `allow-passthrough on` (tmux
3.3+). `adapters/clipboard.ts` asks tmux which one it takes.
*/

export function osc52(text: string, options: {readonly tmux?: boolean} = {}): string {
	const payload = Buffer.from(text, 'utf8').toString('base64');
	const sequence = `\u001B]52;c;${payload}\u0007`;
	if (!options.tmux) {
		return sequence;
	}

	return `\u001BPtmux;${sequence.replaceAll('\u001B', '\u001B\u001B')}\u001B\\`;
}
