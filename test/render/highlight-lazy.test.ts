import {createRequire} from 'node:module';
import {fileURLToPath} from 'node:url';
import path from 'node:path';
import fs from 'node:fs';
import {Worker} from 'node:worker_threads';
import test from 'ava';
import {highlightJsVersion, languageByName, languageNames} from '../../source/core/render/highlight-languages.js';
import {languageDefinition} from '../../source/core/render/highlight-grammar-loader.js';
import {renderMarkdown} from '../../source/core/render/render-article.js';
import type {RenderReply, RenderRequest} from '../../source/adapters/render-worker-entry.js';
import {neutralise, neutraliseLine} from '../../source/core/text/neutralise.js';

// The full highlight.js, as cli-highlight loads it from the TypeScript sources: the reference.
const require = createRequire(import.meta.url);
type Hljs = {listLanguages(): string[]; getLanguage(name: string): {aliases?: string[]} | undefined};
const full = require('highlight.js') as Hljs;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const fence = (language: string, code: string): string => `\`\`\`${language}\n${code}\n\`\`\`\n`;
// Every body in one worker, in this order: what one grammar registers (its embedded languages, its aliases) must
// not change how a later block is highlighted.
const bodies = [
	'# No code\n\nJust *text*.\n',
	// Not code, but loaded on first use in the bundle too: GitHub's shortcodes, the HTML converter, a table.
	'# Mixed\n\nEmoji :book: :+1: :nosuchname: and <b>inline html</b>.\n\n<p align="center"><i>an HTML block</i></p>\n\n| a | b |\n|---|---|\n| 1 | 2 |\n',
	fence('js', 'const a = 1; // one\nfunction f(x) { return `${x}<b>`; }\nconst el = <div className="x">{a}</div>;'),
	fence('ts', 'interface A { b: string }\nexport const c: A = {b: "d"};'),
	fence('python', 'def f(x):\n    """doc"""\n    return x ** 2  # square'),
	fence('sql', 'SELECT a, COUNT(*) FROM t WHERE b = \'c\' GROUP BY a;'),
	fence('sh', 'for f in *.md; do echo "$f"; done | wc -l'),
	fence('html', '<!doctype html>\n<style>body { color: red; }</style>\n<script>const x = {a: 1};</script>\n<p class="a">Hi &amp; bye</p>'),
	fence('php', '<?php echo "hi"; ?>\n<b><?= $x ?></b>'),
	fence('c-like', 'int main(void) { return 0; }'),
	fence('h', '#include <stdio.h>\nint x;'),
	fence('c', 'static int y = 2; /* c */'),
	fence('ml', 'let x = 1 in x + 1'),
	fence('hbs', '{{#if a}}<b>{{b}}</b>{{/if}}'),
	fence('', 'no language named'),
	fence('nosuchlanguage', 'an unknown language'),
	fence('constructor', 'a name only Object.prototype has'),
	fence('TS', 'let upper: Case = "name in capitals";'),
	fence('markdown', '# Heading\n\n<b>html</b> and `code`'),
	// Two grammars claim `ls`: the full build gives LiveScript (registered after Lasso), whichever came first here.
	fence('livescript', 'square = (x) -> x * x\n[local(x) = 1]'),
	fence('lasso', 'square = (x) -> x * x\n[local(x) = 1]'),
	fence('ls', 'square = (x) -> x * x\n[local(x) = 1]'),
	fence('h', '#include <stdlib.h>\nlong z;'),
	// Last: an HTTP body may be in any language (its grammar embeds `[]`), so every grammar is registered.
	fence('http', 'POST /a HTTP/1.1\nContent-Type: application/json\n\n{"a": [1, 2, "three"]}'),
];

async function renderLazily(): Promise<{registeredAtStart: number; results: Array<{lines: readonly string[]; registered: number}>}> {
	const worker = new Worker(new URL('highlight-lazy.worker.ts', import.meta.url), {workerData: {bodies}});
	try {
		return await new Promise((resolve, reject) => {
			worker.once('message', resolve);
			worker.once('error', reject);
		});
	} finally {
		await worker.terminate();
	}
}

test('the language table is highlight.js\'s own: every language in its order, every name and alias to the language it gives', t => {
	t.is(highlightJsVersion, (require('highlight.js/package.json') as {version: string}).version, 'run `node scripts/highlight-languages.mjs` after updating highlight.js');
	t.deepEqual(languageNames, full.listLanguages());
	const languageOf = new Map(full.listLanguages().map(name => [full.getLanguage(name), name]));
	const keys = new Set(full.listLanguages());
	for (const name of full.listLanguages()) {
		for (const alias of full.getLanguage(name)?.aliases ?? []) {
			keys.add(alias.toLowerCase());
		}
	}

	t.deepEqual(new Map([...keys].sort().map(key => [key, languageOf.get(full.getLanguage(key))])), languageByName);
	// Each loader gives the grammar highlight.js registered under that name.
	for (const name of ['javascript', 'xml', 'c', 'sql_more', 'zephir']) {
		t.is(languageDefinition(name), require(`highlight.js/lib/languages/${name}.js`));
	}
});

test('grammars registered when code blocks name them highlight exactly as the full highlight.js does', async t => {
	const {registeredAtStart, results} = await renderLazily();
	t.is(registeredAtStart, 0, 'highlight.js/lib/core starts empty');
	t.is(results[1]!.registered, 0, 'an article without code registers no grammar');
	t.true(results[2]!.registered >= 3 && results[2]!.registered < 10, `JavaScript with what it embeds (XML, CSS…): ${results[2]!.registered}`);
	for (const [index, body] of bodies.entries()) {
		t.deepEqual(results[index]!.lines, renderMarkdown(body, {width: 60, color: true}).lines as readonly string[], body);
	}

	t.is(results.at(-1)!.registered, languageNames.length);
});

test('the built render worker (dist/) highlights as the full highlight.js does', async t => {
	const entry = path.join(root, 'dist', 'render-worker.js');
	t.true(fs.existsSync(entry), 'dist/render-worker.js is missing: `npm run build` first (npm test does)');
	const worker = new Worker(entry, {stdout: true, stderr: true});
	t.teardown(async () => worker.terminate());
	const next = async (): Promise<RenderReply> => new Promise(resolve => {
		worker.once('message', resolve);
	});
	t.is((await next()).type, 'ready');
	for (const [index, body] of bodies.entries()) {
		const article = {meta: {id: 'a', path: 'a.md', title: neutraliseLine('A'), source: neutraliseLine('test'), tags: [], kind: 'md' as const, size: body.length, mtimeMs: 0, words: 1}, body: neutralise(body), warnings: []};
		worker.postMessage({id: index, article, options: {width: 60, color: true}} satisfies RenderRequest);
		const reply = await next();
		t.is(reply.type, 'rendered');
		t.deepEqual(reply.type === 'rendered' ? reply.rendered.lines : [], renderMarkdown(body, {width: 60, color: true}).lines, body);
	}
});
