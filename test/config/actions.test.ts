import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import test from 'ava';
import {StateStore} from '../../source/adapters/state-store.js';
import {loadLibrary} from '../../source/adapters/library.js';
import {defaultTable, installKeys} from '../../source/app/keymap.js';
import {reducer} from '../../source/app/reducer.js';
import {initialState, type Action, type AppState} from '../../source/app/state.js';
import {attachmentsOf, openerFor} from '../../source/core/actions/attachments.js';
import {defaults} from '../../source/core/config/schema.js';
import type {ArticleMeta} from '../../source/core/types.js';
import {loadSettings} from '../../source/commands/settings.js';
import {RenderCache, runEffect, SearchIndexHolder, type EffectDeps} from '../../source/effects/index.js';

// Every command here is a real program (a Node script that records its arguments and its standard input), named in
// a real config file and run by the real effects against a library in a temp folder.
const base = fs.mkdtempSync(path.join(os.tmpdir(), 'tidings-actions-'));
const recorder = path.join(base, 'record.mjs');
fs.writeFileSync(recorder, `import fs from 'node:fs';
const [out, ...args] = process.argv.slice(2);
const chunks = [];
process.stdin.on('data', chunk => chunks.push(chunk));
process.stdin.on('end', () => {
	fs.writeFileSync(out + '.tmp', JSON.stringify({args, stdin: Buffer.concat(chunks).toString('utf8')}));
	fs.renameSync(out + '.tmp', out);
	if (args.includes('--fail')) {
		process.stderr.write('no such bookmark service\\n');
		process.exit(3);
	}
});
`);
const library = path.join(base, 'library');
fs.mkdirSync(library);
const hostileTitle = 'Quay "$(touch pwned)"; rm -rf ~ `id`';
const url = 'https://example.org/quay?a=1&b=$(id);x';
fs.writeFileSync(path.join(library, 'quay.md'), `---\ntitle: '${hostileTitle}'\nurl: '${url}'\nsource: Harbour\n---\n# The quay\n\nA **strong** wall of stone.\n\n## Attachments\n\n- [episode 12.mp3](<https://cdn.example.org/ep12.mp3?x=1>) (audio/mpeg, 12.0 MB)\n- [notes.pdf](<https://cdn.example.org/notes.pdf>)\n`);
fs.writeFileSync(path.join(library, 'plain.md'), '---\ntitle: Plain\n---\nNo link, no attachment.\n');

let count = 0;
const recordFile = () => path.join(base, `record-${++count}.json`);
const toml = (value: unknown) => JSON.stringify(value);

async function setup(configText: string) {
	const file = path.join(base, `config-${++count}.toml`);
	fs.writeFileSync(file, configText);
	const settings = loadSettings(file, {});
	const store = StateStore.open(path.join(base, `state-${count}`)).store;
	const deps: EffectDeps = {
		store,
		cache: new RenderCache(library, false),
		searchIndex: new SearchIndexHolder(),
		libraryDir: library,
		environment: {...process.env, HOME: path.join(base, 'home')},
		config: settings.config,
		progress: () => undefined,
		quit: () => undefined,
	};
	const metas = await loadLibrary(library);
	const meta = (name: string) => metas.find(item => item.path === name)!;
	return {settings, deps, meta, metas};
}

async function recorded(file: string): Promise<{args: string[]; stdin: string}> {
	for (let waited = 0; waited < 10_000; waited += 20) {
		if (fs.existsSync(file)) {
			return JSON.parse(fs.readFileSync(file, 'utf8')) as {args: string[]; stdin: string};
		}

		await new Promise(resolve => setTimeout(resolve, 20));
	}

	throw new Error(`${file} was never written`);
}

const statusOf = (actions: readonly Action[]) => (actions[0] as {message: string}).message;

test.after.always(() => {
	installKeys(defaultTable);
	fs.rmSync(base, {recursive: true, force: true});
});

test('| pipes the article\'s Markdown to actions.pipe, the title one whole argument, no shell', async t => {
	const out = recordFile();
	const {settings, deps, meta} = await setup(`[actions]\npipe = ${toml([process.execPath, recorder, out, '--title', '{title}', '--url={url}'])}\n`);
	t.deepEqual(settings.problems, []);
	const actions = await runEffect({type: 'pipe-article', meta: meta('quay.md'), width: 60}, deps);
	t.regex(statusOf(actions), /^Piped to /u);
	const {args, stdin} = await recorded(out);
	t.deepEqual(args, ['--title', hostileTitle, `--url=${url}`]);
	t.true(stdin.startsWith('# The quay\n\nA **strong** wall of stone.'), stdin);
	t.false(fs.existsSync(path.join(process.cwd(), 'pwned')));
});

test('pipe-content = "text" pipes the text as the reader shows it, without colours', async t => {
	const out = recordFile();
	const {deps, meta} = await setup(`[actions]\npipe = ${toml([process.execPath, recorder, out])}\npipe-content = "text"\n`);
	await runEffect({type: 'pipe-article', meta: meta('quay.md'), width: 60}, deps);
	const {stdin} = await recorded(out);
	t.true(stdin.includes('A strong wall of stone.'), stdin);
	t.false(stdin.includes('**'));
	t.false(stdin.includes('\u001B'));
});

test('B runs actions.bookmark with {url} and {title}; a failing command is reported with its exit code and its word', async t => {
	const out = recordFile();
	const {deps, meta} = await setup(`[actions]\nbookmark = ${toml([process.execPath, recorder, out, 'add', '{url}', '--title', '{title}'])}\n`);
	const actions = await runEffect({type: 'bookmark', meta: meta('quay.md')}, deps);
	t.is(statusOf(actions), `Bookmarked with ${path.basename(process.execPath)}: ${url}`);
	t.deepEqual((await recorded(out)).args, ['add', url, '--title', hostileTitle]);

	const failing = recordFile();
	const broken = await setup(`[actions]\nbookmark = ${toml([process.execPath, recorder, failing, '--fail'])}\n`);
	const failed = await runEffect({type: 'bookmark', meta: broken.meta('quay.md')}, broken.deps);
	t.is(statusOf(failed), `Couldn't bookmark: ${path.basename(process.execPath)} failed (exit 3): no such bookmark service`);

	const missing = await setup('[actions]\nbookmark = ["/no/such/program", "{url}"]\n');
	t.is(statusOf(await runEffect({type: 'bookmark', meta: missing.meta('quay.md')}, missing.deps)), 'Couldn\'t bookmark: couldn\'t start program: not found');
});

test('B with no bookmark command set says how to set one', async t => {
	const {deps, meta} = await setup('');
	t.regex(statusOf(await runEffect({type: 'bookmark', meta: meta('quay.md')}, deps)), /set actions\.bookmark in the config file/u);
});

test('W saves a copy of the article\'s file to actions.save-dir (~ is $HOME), never over another file', async t => {
	const {deps, meta} = await setup('[actions]\nsave-dir = "~/saved"\n');
	const first = statusOf(await runEffect({type: 'save-article', meta: meta('quay.md')}, deps));
	const second = statusOf(await runEffect({type: 'save-article', meta: meta('quay.md')}, deps));
	const folder = path.join(base, 'home', 'saved');
	t.is(first, `Saved to ${path.join(folder, 'quay.md')}`);
	t.is(second, `Saved to ${path.join(folder, 'quay (2).md')}`);
	t.is(fs.readFileSync(path.join(folder, 'quay (2).md'), 'utf8'), fs.readFileSync(path.join(library, 'quay.md'), 'utf8'));
});

test('attachments are read from the body, with the feed\'s type or one from the extension; audio and video go to mpv by default', t => {
	t.deepEqual(attachmentsOf('Body\n\n## Attachments\n\n- [episode 12.mp3](<https://cdn.example.org/ep12.mp3?x=1>) (audio/mpeg, 12.0 MB)\n- [clip](<https://cdn.example.org/c.webm>)\n- [rel](<file:///etc/passwd>)\n'), [
		{name: 'episode 12.mp3', url: 'https://cdn.example.org/ep12.mp3?x=1', type: 'audio/mpeg', size: 12_000_000},
		{name: 'clip', url: 'https://cdn.example.org/c.webm', type: 'video/webm'},
	]);
	t.deepEqual(attachmentsOf('No list here\n- [a](<https://x.org/a.mp3>)\n'), []);
	const openers = defaults().openers.enclosures;
	t.deepEqual(openerFor('audio/mpeg', openers), ['mpv', '{url}']);
	t.deepEqual(openerFor('video/webm', openers), ['mpv', '{url}']);
	t.is(openerFor('application/pdf', openers), undefined);
	t.is(openerFor(undefined, openers), undefined);
});

test('E opens the attachment with the opener for its MIME type from the config file', async t => {
	const out = recordFile();
	const {settings, deps, meta} = await setup(`[openers.enclosures]\n"audio/*" = ${toml([process.execPath, recorder, out, '{type}', '{url}'])}\n`);
	t.deepEqual(settings.problems, []);
	t.deepEqual(settings.config.openers.enclosures['video/*'], ['mpv', '{url}'], 'the other defaults stay');
	const actions = await runEffect({type: 'open-attachment', meta: meta('quay.md')}, deps);
	t.regex(statusOf(actions), /^Back from /u);
	t.deepEqual((await recorded(out)).args, ['audio/mpeg', 'https://cdn.example.org/ep12.mp3?x=1']);
	t.is(statusOf(await runEffect({type: 'open-attachment', meta: meta('plain.md')}, deps)), 'This article has no attachment');
});

test('a bad opener in the file is named, and the default mpv stays', t => {
	const file = path.join(base, 'bad-openers.toml');
	fs.writeFileSync(file, '[openers.enclosures]\n"audio/*" = "mpv {url} | tee log"\n');
	const settings = loadSettings(file, {});
	t.is(settings.problems.length, 1);
	t.regex(settings.problems[0]!.message, /^openers\.enclosures "audio\/\*" must be a list of arguments/u);
	t.deepEqual(settings.config.openers.enclosures['audio/*'], ['mpv', '{url}']);
});

const run = (state: AppState, ...actions: Action[]) => actions.reduce((current, action) => reducer(current, action)[0], state);

test('O opens the article\'s own link from the list and from the reader, with open.browser from the config file', async t => {
	const out = recordFile();
	const {deps, metas} = await setup(`[open]\nbrowser = ${toml([process.execPath, recorder, out, '--new-tab', '{url}'])}\n`);
	const sorted: ArticleMeta[] = [...metas].sort((a, b) => a.path.localeCompare(b.path));
	const list = run(initialState({rows: 20, columns: 80}), {type: 'library-loaded', articles: sorted, final: true});
	t.is(list.all[list.visible[list.cursor]!]!.path, 'plain.md');
	const [noLink, none] = reducer(list, {type: 'key', spec: 'O'});
	t.is(noLink.status, 'This article has no web address of its own');
	t.deepEqual(none, []);
	const onQuay = run(list, {type: 'key', spec: 'j'});
	const [, effects] = reducer(onQuay, {type: 'key', spec: 'O'});
	t.deepEqual(effects, [{type: 'open-url', url}]);
	const [reading] = reducer(onQuay, {type: 'key', spec: 'enter'});
	t.deepEqual(reducer(reading, {type: 'key', spec: 'O'})[1], [{type: 'open-url', url}]);
	const actions = await runEffect(effects[0]!, deps);
	t.regex(statusOf(actions), /^Opened in /u);
	t.deepEqual((await recorded(out)).args, ['--new-tab', url]);
});

test('open.terminal-browsers from the config file decides which browsers get the terminal', async t => {
	const {deps} = await setup('[open]\nterminal-browsers = ["mybrowser"]\n');
	const {terminalBrowsers} = await import('../../source/effects/terminal.js');
	t.deepEqual(terminalBrowsers(deps.store, deps.config), ['mybrowser']);
	const plain = await setup('');
	t.deepEqual(terminalBrowsers(plain.deps.store, plain.deps.config), ['w3m', 'lynx', 'links', 'elinks', 'browsh']);
});

test('a number before E picks which of several attachments; past the last, it says how many there are', async t => {
	const out = recordFile();
	const {deps, meta} = await setup(`[openers.enclosures]\n"audio/*" = ${toml([process.execPath, recorder, out, '{type}', '{url}'])}\n"application/*" = ${toml([process.execPath, recorder, out, '{type}', '{url}'])}\n`);
	const second = await runEffect({type: 'open-attachment', meta: meta('quay.md'), n: 2}, deps);
	t.regex(statusOf(second), /\(2 of 2; a number before E picks another\)$/u);
	t.deepEqual((await recorded(out)).args.at(-1), 'https://cdn.example.org/notes.pdf');
	t.is(statusOf(await runEffect({type: 'open-attachment', meta: meta('quay.md'), n: 3}, deps)), 'No attachment 3: this article has 2 (1E–2E)');
});
