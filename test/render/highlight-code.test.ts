import test from 'ava';
import {Chalk} from 'chalk';
import {highlight} from 'cli-highlight';
import {chunkLines, highlightCode, highlightLimits, newHighlightBudget} from '../../source/core/render/highlight-code.js';
import {renderMarkdown} from '../../source/core/render/render-article.js';

const chalk = new Chalk({level: 1});
const theme = {keyword: chalk.blue, string: chalk.red, comment: chalk.green, number: chalk.green, built_in: chalk.cyan};
const plain = (text: string) => `<${text}>`;

test('chunks are whole lines of at most chunkChars, and a longer line is a chunk of its own', t => {
	const lines = ['a'.repeat(1000), 'b'.repeat(1000), 'c'.repeat(100), 'd'.repeat(5000), 'e'];
	t.deepEqual(chunkLines(lines, 2048).map(chunk => chunk.map(line => line[0]).join('')), ['ab', 'c', 'd', 'e']);
	for (const chunk of chunkLines(lines, 2048)) {
		t.true(chunk.join('\n').length <= 2048 || chunk.length === 1);
	}

	t.deepEqual(chunkLines([]), []);
});

test('a small block is highlighted exactly as highlight.js colours it whole', t => {
	const code = 'const a = 1; // one\nfunction f(x) {\n\treturn "s" + x;\n}';
	const lines = highlightCode(code, 'javascript', {theme, plain, budget: newHighlightBudget()});
	t.deepEqual(lines, highlight(code, {language: 'javascript', ignoreIllegals: true, theme}).split('\n'));
	t.true(lines[0]!.includes('\u001B[34mconst'));
});

test('a block of many chunks is highlighted throughout, one line out per line in', t => {
	const code = Array.from({length: 800}, (_, index) => `const value${index} = ${index}; // note`).join('\n');
	const lines = highlightCode(code, 'js', {theme, plain, budget: newHighlightBudget(10_000)});
	t.is(lines.length, 800);
	t.true(code.length > 4 * highlightLimits.chunkChars);
	t.true(lines.every(line => line.includes('\u001B[34mconst')));
});

test('lines longer than a chunk, unknown languages and a spent budget are shown plain', t => {
	const long = 'a'.repeat(60_000);
	t.deepEqual(highlightCode(`x = 1\n${long}\ny = 2`, 'ini', {theme, plain, budget: newHighlightBudget()}).map(line => line.startsWith('<')), [false, true, false]);
	t.deepEqual(highlightCode('a\nb', 'no-such-language', {theme, plain, budget: newHighlightBudget()}), ['<a>', '<b>']);
	t.deepEqual(highlightCode('a\nb', '', {theme, plain, budget: newHighlightBudget()}), ['<a>', '<b>']);
	// A clock that says every chunk took 75 ms: with a 200 ms budget three chunks start within it, the rest do not.
	let clock = 0;
	const now = () => {
		clock += 75;
		return clock;
	};

	const code = Array.from({length: 5}, (_, index) => `${'#'.repeat(1500)} ${index}`).join('\n');
	const budget = newHighlightBudget(200);
	const lines = highlightCode(code, 'bash', {theme, plain, budget, now});
	t.deepEqual(lines.map(line => line.startsWith('<')), [false, false, false, true, true]);
	t.true(budget.remainingMs <= 0);
});

// Issue 15: fenced code in some languages sent a single 60 KB line (or a long block) through highlight.js for tens
// of seconds. Each of these took from 14 s to about a minute before; the bound here is a generous safety margin.
for (const [language, code] of [
	['ini', 'a'.repeat(60_000)],
	['properties', 'a\\ '.repeat(20_000)],
	['c', Array.from({length: 500}, () => 'a '.repeat(100)).join('\n')],
	['cpp', Array.from({length: 500}, () => 'a '.repeat(100)).join('\n')],
	['ini', Array.from({length: 500}, () => 'a.'.repeat(100)).join('\n')],
] as const) {
	test(`a hostile ${language} block of ${Math.round(code.length / 1000)} KB renders in well under 2 s`, t => {
		const body = Array.from({length: 3}, () => `\`\`\`${language}\n${code}\n\`\`\``).join('\n\n');
		const started = performance.now();
		const rendered = renderMarkdown(body, {width: 80, color: true});
		const elapsed = performance.now() - started;
		t.true(elapsed < 2000, `${elapsed} ms`);
		t.is(rendered.blocks.length, 3);
	});
}
