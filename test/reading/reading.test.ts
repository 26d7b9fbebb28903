import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {initialState, type Action, type AppState, type Effect} from '../../source/app/state.js';
import {reducer} from '../../source/app/reducer.js';
import {Marks} from '../../source/app/marks.js';
import {contextOf} from '../../source/app/state.js';
import {currentMatch, readingStatus} from '../../source/app/handlers/reading.js';
import {renderMarkdown} from '../../source/core/render/render-article.js';
import type {ArticleMeta} from '../../source/core/types.js';
import type {SafeText} from '../../source/core/text/neutralise.js';
import {browserCommand} from '../../source/adapters/open-url.js';
import {askTmux, copyToClipboard, tmuxCopyPlan} from '../../source/adapters/clipboard.js';
import {osc52} from '../../source/core/text/osc52.js';

const meta = (path: string, extra: Partial<ArticleMeta> = {}): ArticleMeta => ({
	id: path, path, title: `Title of ${path}` as SafeText, source: 'notes' as SafeText, tags: [], kind: 'md', size: 100, mtimeMs: 0, words: 100, ...extra,
});

const bodies: Record<string, string> = {
	'notes/a.md': [
		'# Start',
		'See [Reuters](https://www.reuters.com/world), [the other note](b.md) and [bad](javascript:alert(1)).',
		...Array.from({length: 30}, (_, index) => `Paragraph ${index} about a café in Zürich.`),
		'## Later',
		'The end, with CAFE in capitals.',
	].join('\n\n'),
	'notes/b.md': '# Other\n\nBack to [a](a.md).',
	'notes/c.md': '# Third\n\nNothing.',
};

const articles = [meta('notes/a.md', {url: 'https://example.com/a' as SafeText}), meta('notes/b.md'), meta('notes/c.md')];

type Run = {state: AppState; effects: Effect[]};

function dispatch(run: Run, ...actions: Action[]): Run {
	for (const action of actions) {
		const [state, effects] = reducer(run.state, action);
		run = {state, effects: [...effects]};
		for (const effect of effects) {
			// The render effect, done synchronously: the reducer sees the same actions the runtime would send.
			if (effect.type === 'render-article') {
				run = {state: reducer(run.state, {type: 'article-rendered', id: effect.meta.id, width: effect.width, rendered: renderMarkdown(bodies[effect.meta.path]!, {width: effect.width, color: true})})[0], effects: run.effects};
			}
		}
	}

	return run;
}

const keys = (...specs: string[]): Action[] => specs.flatMap(spec => (spec.length > 1 && !['enter', 'escape', 'tab', 'shift+tab', 'backspace', 'space'].includes(spec) ? [...spec] : [spec]).map(key => ({type: 'key', spec: key}) as const));

function opened(): Run {
	const marks = Marks.empty();
	const state = reducer(initialState({rows: 12, columns: 80, marks}), {type: 'library-loaded', articles, final: true})[0];
	return dispatch({state, effects: []}, ...keys('enter'));
}

test('/ opens a prompt where every printable key is text, Enter keeps the search and n/N move between matches', t => {
	let run = dispatch(opened(), ...keys('/'));
	t.is(contextOf(run.state), 'article-prompt');
	run = dispatch(run, ...keys('q', 'N', 'o'));
	t.is(run.state.article?.reading?.prompt?.text, 'qNo', 'q, N and o went to the prompt, not to commands');
	run = dispatch(run, ...keys('backspace', 'backspace', 'backspace', 'cafe'));
	t.is(readingStatus(run.state)?.text, '/cafe');
	t.is(currentMatch(run.state), 0, 'matches are found as the query is typed');
	run = dispatch(run, ...keys('enter'));
	t.is(contextOf(run.state), 'article-found');
	t.regex(readingStatus(run.state)!.text, /^match 1\/31 /u);
	run = dispatch(run, ...keys('N'));
	t.regex(readingStatus(run.state)!.text, /^match 31\/31 /u, 'N from the first match wraps to the last');
	t.true(run.state.article!.offset > 0, 'the page moved to show the last match');
	run = dispatch(run, ...keys('n', 'n'));
	t.regex(readingStatus(run.state)!.text, /^match 2\/31 /u);
	run = dispatch(run, ...keys('escape'));
	t.is(contextOf(run.state), 'article');
	t.is(run.state.article?.id, 'notes/a.md', 'Esc cleared the search without leaving the article');
	run = dispatch(run, ...keys('n'));
	t.is(run.state.article?.id, 'notes/b.md', 'n means next article again');
});

test('a query with a capital letter matches case exactly', t => {
	const run = dispatch(opened(), ...keys('/', 'CAFE', 'enter'));
	t.regex(readingStatus(run.state)!.text, /^match 1\/1 /u);
});

test('Esc in the prompt goes back to where the search started; a search with no match says so', t => {
	let run = dispatch(opened(), ...keys('/', 'Later'));
	t.true(run.state.article!.offset > 0);
	run = dispatch(run, ...keys('escape'));
	t.is(run.state.article!.offset, 0);
	t.is(contextOf(run.state), 'article');
	run = dispatch(run, ...keys('/', 'zzz', 'enter'));
	t.is(run.state.status, 'No match for "zzz"');
	t.is(contextOf(run.state), 'article');
});

test('a number then o, and o then a number and Enter, open that link; only http, https and mailto leave Tidings', t => {
	let run = dispatch(opened(), ...keys('1'));
	t.is(readingStatus(run.state)?.text, 'Link 1 (o or Enter opens it)');
	run = dispatch(run, ...keys('o'));
	t.deepEqual(run.effects, [{type: 'open-url', url: 'https://www.reuters.com/world'}]);
	run = dispatch(run, ...keys('o', '1', 'enter'));
	t.deepEqual(run.effects, [{type: 'open-url', url: 'https://www.reuters.com/world'}]);
	run = dispatch(run, ...keys('3', 'o'));
	t.deepEqual(run.effects, []);
	t.regex(run.state.status!, /^Not opened: javascript: links never open/u);
	run = dispatch(run, ...keys('9', 'o'));
	t.is(run.state.status, 'No link 9: the links go from 1 to 3');
	run = dispatch(run, ...keys('2', 'j', 'o'));
	t.is(contextOf(run.state), 'article-prompt', 'a key between the number and o drops the number');
});

test('following a link to a stored article opens it in the reader, Backspace goes back to the same place and > forward again', t => {
	let run = dispatch(opened(), ...keys('j', 'j', 'j', '2', 'o'));
	t.is(run.state.article?.id, 'notes/b.md');
	t.true(run.effects.some(effect => effect.type === 'save-position' && effect.id === 'notes/a.md' && effect.line === 3));
	run = dispatch(run, ...keys('backspace'));
	t.is(run.state.article?.id, 'notes/a.md');
	t.is(run.state.article?.offset, 3);
	run = dispatch(run, ...keys('>'));
	t.is(run.state.article?.id, 'notes/b.md');
	run = dispatch(run, ...keys('<'));
	t.is(run.state.article?.id, 'notes/a.md');
	run = dispatch(run, ...keys('backspace'));
	t.is(run.state.status, 'Nothing to go back to: Backspace returns along followed links');
});

test('Tab highlights a link on the screen, Enter follows it and y copies it; without a highlight y copies the article\'s url', t => {
	let run = dispatch(opened(), ...keys('y'));
	t.deepEqual(run.effects, [{type: 'copy', text: 'https://example.com/a', label: 'the article\'s address'}]);
	run = dispatch(run, ...keys('tab'));
	t.is(run.state.article?.reading?.highlight, 1);
	run = dispatch(run, ...keys('tab', 'shift+tab'));
	t.is(run.state.article?.reading?.highlight, 1);
	run = dispatch(run, ...keys('y'));
	t.deepEqual(run.effects, [{type: 'copy', text: 'https://www.reuters.com/world', label: 'link 1'}]);
	run = dispatch(run, ...keys('enter'));
	t.deepEqual(run.effects, [{type: 'open-url', url: 'https://www.reuters.com/world'}]);
	run = dispatch(run, ...keys('G', 'y'));
	t.deepEqual(run.effects, [{type: 'copy', text: 'https://example.com/a', label: 'the article\'s address'}], 'a highlight scrolled off the screen no longer counts');
});

test('L lists the links: j/k move, y copies and Enter opens', t => {
	let run = dispatch(opened(), ...keys('L'));
	t.is(contextOf(run.state), 'links');
	run = dispatch(run, ...keys('j', 'y'));
	t.deepEqual(run.effects, [{type: 'copy', text: 'b.md', label: 'link 2'}]);
	run = dispatch(run, ...keys('enter'));
	t.is(run.state.overlay, undefined);
	t.is(run.state.article?.id, 'notes/b.md');
});

test('t shows the outline at the current heading, Enter jumps there, and [ ] move between headings', t => {
	let run = dispatch(opened(), ...keys('t'));
	t.is(contextOf(run.state), 'outline');
	t.deepEqual(run.state.overlay, {kind: 'outline', cursor: 0, offset: 0});
	run = dispatch(run, ...keys('j', 'enter'));
	const later = run.state.article!.rendered!.headings[1]!.line;
	t.is(run.state.article!.offset, Math.min(later, run.state.article!.rendered!.lines.length - 9));
	run = dispatch(run, ...keys('g', ']'));
	t.is(run.state.article!.offset, Math.min(later, run.state.article!.rendered!.lines.length - 9));
	run = dispatch(run, ...keys('['));
	t.is(run.state.article!.offset, 0);
	run = dispatch(run, ...keys('['));
	t.is(run.state.status, 'No heading above');
});

test('+ and - change the reading width by 4, keep it and render again; never below 20', t => {
	let run = dispatch(opened(), ...keys('-'));
	t.is(run.state.readingWidth, 76);
	t.true(run.effects.some(effect => effect.type === 'save-settings' && effect.settings.width === 76));
	t.true(run.effects.some(effect => effect.type === 'render-article' && effect.width === 76));
	t.is(run.state.article?.rendered?.width, 76);
	run = dispatch(run, ...keys('+', '+'));
	t.is(run.state.readingWidth, 84);
	t.is(run.state.status, 'Reading width 84 (78 fit here)');
	run = dispatch(run, ...Array.from({length: 20}, () => ({type: 'key', spec: '-'}) as const));
	t.is(run.state.readingWidth, 20);
});

test('$BROWSER is one program plus its own arguments; the URL is always exactly one argument', t => {
	const url = 'https://x.example/$(touch x)`id`;ls';
	t.deepEqual(browserCommand(url, {BROWSER: '/tmp/browse'}), {program: '/tmp/browse', args: [url]});
	t.deepEqual(browserCommand(url, {BROWSER: 'firefox --new-window %s'}), {program: 'firefox', args: ['--new-window', url]});
	t.deepEqual(browserCommand(url, {BROWSER: ':w3m:lynx'}), {program: 'w3m', args: [url]});
	t.deepEqual(browserCommand(url, {}, 'linux'), {program: 'xdg-open', args: [url]});
	t.deepEqual(browserCommand(url, {}, 'darwin'), {program: 'open', args: [url]});
});

test('copying outside tmux sends OSC 52 and says it was sent; on a dumb terminal it only says what it would copy', async t => {
	const written: string[] = [];
	const write = (data: string) => written.push(data);
	const sent = await copyToClipboard('https://a.example/', 'link 1', {environment: {TERM: 'xterm'}, write});
	t.deepEqual(sent, {sent: 'plain', message: 'Sent link 1 to the terminal\'s clipboard (OSC 52): https://a.example/'});
	t.deepEqual(written, [osc52('https://a.example/')]);
	const dumb = await copyToClipboard('https://a.example/', 'link 1', {environment: {TERM: 'dumb'}, write});
	t.deepEqual(dumb, {sent: undefined, message: 'Not copied: this terminal cannot take a copy; link 1: https://a.example/'});
	t.is(written.length, 1);
});

test('under tmux the form follows what tmux lets through, and nothing is claimed that tmux drops', async t => {
	t.is(tmuxCopyPlan({setClipboard: 'on', allowPassthrough: 'off'}).sent, 'plain');
	t.is(tmuxCopyPlan({setClipboard: 'on', allowPassthrough: 'on'}).sent, 'plain', 'set-clipboard on also fills tmux\'s buffer');
	t.is(tmuxCopyPlan({setClipboard: 'external', allowPassthrough: 'on'}).sent, 'tmux-passthrough');
	t.is(tmuxCopyPlan({setClipboard: 'off', allowPassthrough: 'all'}).sent, 'tmux-passthrough');
	t.is(tmuxCopyPlan({setClipboard: 'external', allowPassthrough: 'always'}).sent, 'tmux-passthrough', 'a tmux before 3.3 always passes it through');
	const dropped = tmuxCopyPlan({setClipboard: 'external', allowPassthrough: 'off'});
	t.is(dropped.sent, undefined);
	t.regex(dropped.said, /set -g set-clipboard on/u);
	const unknown = tmuxCopyPlan({setClipboard: undefined, allowPassthrough: undefined, problem: 'tmux not found'});
	t.is(unknown.sent, 'both');
	t.regex(unknown.said, /couldn't ask tmux .*tmux not found/u);

	// $TMUX names a server that is not there (a temp socket folder): tmux answers with an error, so both forms go out and the message says tmux could not be asked.
	const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-no-tmux-'));
	const written: string[] = [];
	const result = await copyToClipboard('https://a.example/', 'link 1', {environment: {...process.env, TERM: 'screen', TMUX: `${folder}/none,1,0`, TMUX_PANE: '%0'}, write: data => written.push(data)});
	t.is(result.sent, 'both');
	t.regex(result.message, /^Sent link 1 to the terminal's clipboard \(OSC 52, plain and in tmux's passthrough; couldn't ask tmux/u);
	t.deepEqual(written, [osc52('https://a.example/'), osc52('https://a.example/', {tmux: true})]);
	const asked = await askTmux({...process.env, TMUX: `${folder}/none,1,0`});
	t.is(asked.setClipboard, undefined);
	t.is(asked.allowPassthrough, undefined);
	t.is(typeof asked.problem, 'string');
	fs.rmSync(folder, {recursive: true, force: true});
});
