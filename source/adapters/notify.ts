/**
Desktop notifications of new articles (issue 18): the terminal's own (OSC 9, OSC 777, OSC 99; wrapped in tmux's DCS
passthrough under tmux) where the terminal is known to show them, else `notify-send` (libnotify), run with an
argument list, never a shell. Off unless `[notify] enabled = true`.

Every piece of text is feed text (titles, names): it goes through the one neutraliser, then everything that could
end or bend the sequence is taken out (every C0 and C1 control, ESC, BEL, ST, DEL; `;` in OSC 777's title, which
separates its fields), and it is cut to a bounded length. notify-send's body is Pango markup for many notification
servers, so `&`, `<` and `>` are escaped there.
*/
import {neutraliseLine} from '../core/text/neutralise.js';
import {runArguments, type RunResult} from './run-command.js';

/** What a notification says (plain text; made safe here). */
export type Notice = {readonly title: string; readonly body: string};

export type NotifyMethod = 'osc9' | 'osc777' | 'osc99' | 'notify-send';

export const maxTitleLength = 80;
export const maxBodyLength = 240;

const ESC = '\u001B';
const BEL = '\u0007';
const ST = `${ESC}\\`;

/** Plain, bounded text for a notification: no control character of any kind can survive. */
export function notificationText(text: string, limit: number): string {
	 
	const plain = neutraliseLine(text).replaceAll(/[\u0000-\u001F\u007F-\u009F]/gu, '').trim();
	const characters = [...plain];
	return characters.length <= limit ? plain : `${characters.slice(0, limit - 1).join('')}…`;
}

/**
The terminal's own notification, when `auto` can tell the terminal shows one: iTerm2 and Ghostty (OSC 9), kitty
(OSC 99), foot, WezTerm and urxvt (OSC 777). Under tmux the outer terminal is told by the variables tmux kept from it.
*/
export function terminalMethod(environment: NodeJS.ProcessEnv): NotifyMethod | undefined {
	const term = environment['TERM'] ?? '';
	const program = environment['TERM_PROGRAM'] ?? '';
	if (environment['KITTY_WINDOW_ID'] !== undefined || term === 'xterm-kitty') {
		return 'osc99';
	}

	if (program === 'iTerm.app' || environment['ITERM_SESSION_ID'] !== undefined || program === 'ghostty' || term === 'xterm-ghostty') {
		return 'osc9';
	}

	if (program === 'WezTerm' || environment['WEZTERM_PANE'] !== undefined || term.startsWith('foot') || term.startsWith('rxvt-unicode')) {
		return 'osc777';
	}

	return undefined;
}

/** Which way: the configured one, else the terminal's own (only when there is a terminal), else notify-send. */
export function pickMethod(configured: NotifyMethod | 'auto', environment: NodeJS.ProcessEnv, terminal: boolean): NotifyMethod {
	if (configured !== 'auto') {
		return configured;
	}

	return (terminal ? terminalMethod(environment) : undefined) ?? 'notify-send';
}

/** The escape sequence for a terminal notification; under tmux wrapped in its passthrough (every ESC doubled). */
export function notificationSequence(method: Exclude<NotifyMethod, 'notify-send'>, notice: Notice, environment: NodeJS.ProcessEnv): string {
	const title = notificationText(notice.title, maxTitleLength);
	const body = notificationText(notice.body, maxBodyLength);
	let sequence: string;
	switch (method) {
		case 'osc9': {
			// `9;4;…` is a progress report to some terminals: the title first keeps the text from starting with a digit.
			sequence = `${ESC}]9;${title}: ${body}${BEL}`;
			break;
		}

		case 'osc777': {
			sequence = `${ESC}]777;notify;${title.replaceAll(';', ',')};${body}${BEL}`;
			break;
		}

		case 'osc99': {
			// kitty's protocol: the title (d=0: more to come), then the body, under one id.
			sequence = `${ESC}]99;i=tidings:d=0:p=title;${title}${ST}${ESC}]99;i=tidings:d=1:p=body;${body}${ST}`;
			break;
		}
	}

	if (environment['TMUX'] !== undefined && environment['TMUX'] !== '') {
		return `${ESC}Ptmux;${sequence.replaceAll(ESC, ESC + ESC)}${ST}`;
	}

	return sequence;
}

const markup = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** notify-send's arguments: options first, `--`, then the title and the body as two whole arguments. */
export function notifySendArguments(notice: Notice): string[] {
	return ['notify-send', '--app-name=Tidings', '--', notificationText(notice.title, maxTitleLength), markup(notificationText(notice.body, maxBodyLength))];
}

export type NotifyOptions = {
	readonly method: NotifyMethod | 'auto';
	readonly environment: NodeJS.ProcessEnv;
	/** The terminal to write a sequence to; without one, notify-send. */
	readonly write?: (data: string) => void;
};

/** Sends the notification; the result says how, or why not, in one line. */
export async function notify(notice: Notice, options: NotifyOptions): Promise<RunResult> {
	const method = pickMethod(options.method, options.environment, options.write !== undefined);
	if (method !== 'notify-send' && options.write !== undefined) {
		options.write(notificationSequence(method, notice, options.environment));
		return {ok: true, message: method};
	}

	return runArguments(notifySendArguments(notice), {environment: options.environment, timeoutMs: 5000});
}

/** What a fetch says: "3 new articles" and the feeds they came from. */
export function newArticlesNotice(results: ReadonlyArray<{readonly name: string; readonly added: number}>): Notice | undefined {
	const brought = results.filter(result => result.added > 0);
	const total = brought.reduce((sum, result) => sum + result.added, 0);
	if (total === 0) {
		return undefined;
	}

	const from = brought.slice(0, 4).map(result => `${result.name} (${result.added})`).join(', ');
	return {title: `Tidings: ${total} new ${total === 1 ? 'article' : 'articles'}`, body: brought.length > 4 ? `${from} and ${brought.length - 4} more feeds` : from};
}
