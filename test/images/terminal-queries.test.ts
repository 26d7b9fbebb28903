import test from 'ava';
import {chooseGraphics, parseReplies, terminalQueries} from '../../source/adapters/terminal-images.js';

const size = {columns: 100, rows: 40};

test('the queries end with DA1, and inside tmux the kitty query and XTVERSION go through the passthrough', t => {
	t.true(terminalQueries(false).endsWith('\u001B[c'));
	t.true(terminalQueries(false).startsWith('\u001B_Gi=31,s=1,v=1,a=q'));
	t.true(terminalQueries(true).startsWith('\u001BPtmux;\u001B\u001B_Gi=31'));
});

test('the replies are read from whatever came back, in any order, with keys typed meanwhile around them', t => {
	const replies = parseReplies('x\u001B_Gi=31;OK\u001B\\\u001BP>|kitty(0.39.1)\u001B\\\u001B[6;20;10t\u001B[?62;4;22cj');
	t.like(replies, {kitty: true, version: 'kitty(0.39.1)', cell: {width: 10, height: 20}, attributes: [62, 4, 22], done: true});
	t.false(parseReplies('\u001B[6;20;10t').done, 'not done before DA1');
	// xterm refuses CSI 16 t by default; XTSMGRAPHICS gives the text area in pixels.
	const xterm = parseReplies('\u001B[?2;0;600;520S\u001B[?63;1;2;4;6;9;15;22c');
	t.deepEqual(chooseGraphics(xterm, {TERM: 'xterm'}, size).cell, {width: 6, height: 13});
});

test('which protocol: kitty when it answers, iTerm2 for iTerm2, WezTerm and Konsole, sixel by DA1, else none; never guessed', t => {
	const kitty = {kitty: true, attributes: [62, 22]};
	t.like(chooseGraphics(kitty, {}, size), {protocol: 'kitty', placeholders: true});
	// WezTerm and Konsole answer the kitty query but have no Unicode placeholders.
	t.like(chooseGraphics(kitty, {TERM_PROGRAM: 'WezTerm'}, size), {protocol: 'iterm2'});
	t.like(chooseGraphics({...kitty, version: 'WezTerm 20240203'}, {}, size), {protocol: 'iterm2'});
	t.like(chooseGraphics(kitty, {KONSOLE_VERSION: '230805'}, size), {protocol: 'iterm2'});
	t.like(chooseGraphics({kitty: false, attributes: [62]}, {LC_TERMINAL: 'iTerm2'}, size), {protocol: 'iterm2'});
	t.like(chooseGraphics({kitty: false, attributes: [63, 1, 2, 4]}, {}, size), {protocol: 'sixel'});
	t.like(chooseGraphics({kitty: false, attributes: [62, 22]}, {TERM: 'xterm-kitty'}, size), {protocol: undefined}, 'a TERM that says kitty is not an answer');
	t.regex(chooseGraphics({kitty: false}, {}, size).reason, /did not answer/u);
	t.like(chooseGraphics(kitty, {}, size, false), {protocol: undefined, reason: 'images are off ([reading] images = "off")'});
	t.like(chooseGraphics({...kitty, version: 'kitty(0.35.2)'}, {}, size), {protocol: 'kitty'});
	t.like(chooseGraphics({...kitty, version: 'kitty(0.26.5)'}, {}, size), {protocol: 'kitty', placeholders: false});
	t.like(chooseGraphics(kitty, {TMUX: '/tmp/tmux-0/default,1,0'}, size), {protocol: 'kitty', tmux: true});
});
