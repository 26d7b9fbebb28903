/**
Copying to the clipboard with Tidings' own OSC 52 sequence, in the form the terminal takes, and saying honestly what
was done: a terminal never answers an OSC 52, so outside tmux the message says the text was sent, not that it landed.

Under tmux (only when $TMUX is set) tmux itself is asked, with `tmux show` run directly (no shell) and bounded by a
timeout, which form it lets through:
- `set-clipboard on`: tmux takes a plain OSC 52 into its own paste buffer and passes it on to the outer terminal;
- else `allow-passthrough on` (tmux 3.3+; older tmux has no such option and always passes it): the sequence wrapped
  in tmux's DCS passthrough goes to the outer terminal;
- else (tmux's default, `set-clipboard external` and no passthrough) tmux drops both forms, so nothing is written
  and the message says how to enable it.
*/
import {execFile} from 'node:child_process';
import {osc52} from '../core/text/osc52.js';

export type CopyForm = 'plain' | 'tmux-passthrough';

export type CopyResult = {
	/** What was written to the terminal; undefined when nothing was, because the terminal would drop it. */
	readonly sent: CopyForm | 'both' | undefined;
	readonly message: string;
};

/** What tmux said about its options; `undefined` where it could not be asked. */
export type TmuxClipboard = {
	readonly setClipboard: string | undefined;
	/** `on`, `all`, `off`, or `always` for a tmux older than 3.3 (no such option: the passthrough is always open). */
	readonly allowPassthrough: string | undefined;
	readonly problem?: string;
};

export const tmuxQueryTimeoutMs = 1500;

async function tmuxShow(args: readonly string[], environment: NodeJS.ProcessEnv, timeoutMs: number): Promise<{value?: string; error?: string}> {
	return new Promise(resolve => {
		execFile('tmux', args, {env: environment, timeout: timeoutMs, maxBuffer: 4096, shell: false, windowsHide: true}, (error, stdout, stderr) => {
			if (error) {
				const said = String(stderr).trim().split('\n')[0] ?? '';
				const code = (error as NodeJS.ErrnoException).code;
				resolve({error: code === 'ENOENT' ? 'tmux not found' : (error.killed ? 'tmux did not answer' : (said === '' ? error.message : said))});
				return;
			}

			resolve({value: String(stdout).trim()});
		});
	});
}

/** Asks the tmux Tidings runs in (found by tmux itself through $TMUX) for `set-clipboard` and `allow-passthrough`. */
export async function askTmux(environment: NodeJS.ProcessEnv, timeoutMs = tmuxQueryTimeoutMs): Promise<TmuxClipboard> {
	const pane = environment['TMUX_PANE'];
	const [clipboard, passthrough] = await Promise.all([
		tmuxShow(['show-options', '-gv', 'set-clipboard'], environment, timeoutMs),
		// -A: the value in force for this pane, set on it or inherited from the global one.
		tmuxShow(['show-options', '-Apv', ...(pane ? ['-t', pane] : []), 'allow-passthrough'], environment, timeoutMs),
	]);
	const old = passthrough.error !== undefined && /invalid option|unknown option/iu.test(passthrough.error) && clipboard.error === undefined;
	return {
		setClipboard: clipboard.value,
		allowPassthrough: old ? 'always' : passthrough.value,
		problem: clipboard.error ?? (old ? undefined : passthrough.error),
	};
}

const enable = 'add `set -g set-clipboard on` to ~/.tmux.conf (or allow-passthrough on)';

/** Which form to write under tmux, and what to say, from what tmux said. */
export function tmuxCopyPlan(tmux: TmuxClipboard): {readonly sent: CopyResult['sent']; readonly said: string} {
	if (tmux.setClipboard === 'on') {
		return {sent: 'plain', said: 'to tmux\'s clipboard (OSC 52; tmux passes it on to the terminal)'};
	}

	if (tmux.allowPassthrough === 'on' || tmux.allowPassthrough === 'all' || tmux.allowPassthrough === 'always') {
		return {sent: 'tmux-passthrough', said: 'through tmux to the terminal\'s clipboard (OSC 52 in tmux\'s passthrough)'};
	}

	if (tmux.setClipboard === undefined || tmux.allowPassthrough === undefined) {
		// tmux could not be asked: both forms go out (tmux ignores the one it does not allow), and the message says so.
		return {sent: 'both', said: `to the terminal's clipboard (OSC 52, plain and in tmux's passthrough; couldn't ask tmux whether it lets them through: ${tmux.problem ?? 'no answer'})`};
	}

	return {sent: undefined, said: `tmux drops OSC 52 here (set-clipboard ${tmux.setClipboard}, allow-passthrough ${tmux.allowPassthrough}); ${enable}`};
}

export async function copyToClipboard(text: string, label: string, options: {
	readonly environment: NodeJS.ProcessEnv;
	readonly write: (data: string) => void;
}): Promise<CopyResult> {
	const {environment} = options;
	if (environment['TERM'] === 'dumb') {
		return {sent: undefined, message: `Not copied: this terminal cannot take a copy; ${label}: ${text}`};
	}

	// Written straight to the terminal, outside Ink's frame: the sequence moves no cursor and prints nothing.
	if (!environment['TMUX']) {
		options.write(osc52(text));
		return {sent: 'plain', message: `Sent ${label} to the terminal's clipboard (OSC 52): ${text}`};
	}

	const plan = tmuxCopyPlan(await askTmux(environment));
	if (plan.sent === undefined) {
		return {sent: undefined, message: `Not copied: ${plan.said}; ${label}: ${text}`};
	}

	if (plan.sent === 'plain' || plan.sent === 'both') {
		options.write(osc52(text));
	}

	if (plan.sent === 'tmux-passthrough' || plan.sent === 'both') {
		options.write(osc52(text, {tmux: true}));
	}

	return {sent: plan.sent, message: `Sent ${label} ${plan.said}: ${text}`};
}
