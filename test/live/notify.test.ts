// Issue 18: the notification's text and sequences. Hostile feed text cannot end or bend the sequence.
import test from 'ava';
import {maxBodyLength, newArticlesNotice, notificationSequence, notificationText, notifySendArguments, pickMethod, terminalMethod} from '../../source/adapters/notify.js';

const hostile = {title: 'Title\u001B]0;x\u0007\u009C\u001B\\ end', body: `A\u001B[2Jb\u0007c\u009D; d ${'x'.repeat(500)}`};

test('notification text has no control character of any kind and is bounded', t => {
	for (const text of [notificationText(hostile.title, 80), notificationText(hostile.body, maxBodyLength)]) {
		t.false(/[\u0000-\u001F\u007F-\u009F]/u.test(text), JSON.stringify(text));
	}

	t.true([...notificationText(hostile.body, maxBodyLength)].length <= maxBodyLength);
});

test('each sequence has exactly one introducer and one terminator; OSC 777 keeps its fields', t => {
	const osc9 = notificationSequence('osc9', hostile, {});
	t.regex(osc9, /^\u001B\]9;[^\u001B\u0007]*\u0007$/u);
	const osc777 = notificationSequence('osc777', hostile, {});
	t.regex(osc777, /^\u001B\]777;notify;[^;\u001B\u0007]*;[^\u001B\u0007]*\u0007$/u);
	const osc99 = notificationSequence('osc99', hostile, {});
	t.is(osc99.split('\u001B\\').length, 3);
	t.is((osc99.match(/\u001B/gu) ?? []).length, 4);
});

test('under tmux the sequence goes through its passthrough with every ESC doubled', t => {
	const wrapped = notificationSequence('osc9', {title: 'T', body: 'B'}, {TMUX: '/tmp/tmux-0/default,1,0'});
	t.is(wrapped, '\u001BPtmux;\u001B\u001B]9;T: B\u0007\u001B\\');
});

test('auto: the terminal\'s own notification where it is known, notify-send otherwise and without a terminal', t => {
	t.is(terminalMethod({TERM_PROGRAM: 'iTerm.app'}), 'osc9');
	t.is(terminalMethod({TERM: 'xterm-kitty'}), 'osc99');
	t.is(terminalMethod({TERM: 'foot'}), 'osc777');
	t.is(terminalMethod({TERM: 'xterm-256color'}), undefined);
	t.is(pickMethod('auto', {TERM_PROGRAM: 'iTerm.app'}, true), 'osc9');
	t.is(pickMethod('auto', {TERM_PROGRAM: 'iTerm.app'}, false), 'notify-send');
	t.is(pickMethod('osc777', {}, true), 'osc777');
});

test('notify-send gets options, --, then the title and the escaped body as whole arguments', t => {
	t.deepEqual(notifySendArguments({title: '-rf', body: '<a href="x">&</a>'}), ['notify-send', '--app-name=Tidings', '--', '-rf', '&lt;a href="x"&gt;&amp;&lt;/a&gt;']);
	t.deepEqual(newArticlesNotice([{name: 'A', added: 2}, {name: 'B', added: 0}, {name: 'C', added: 1}]), {title: 'Tidings: 3 new articles', body: 'A (2), C (1)'});
	t.is(newArticlesNotice([{name: 'A', added: 0}]), undefined);
});
