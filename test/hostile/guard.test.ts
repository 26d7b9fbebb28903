import test from 'ava';
import fc from 'fast-check';
import {Marked} from 'marked';
import {markedTerminal} from 'marked-terminal';
import {guardLimits, guardMarkdown, plainFallback} from '../../source/core/render/guard.js';
import {cellWidth} from '../../source/core/text/cells.js';

const render = (body: string): string => {
	const marked = new Marked();
	marked.use(markedTerminal({width: 80, reflowText: true}) as never);
	return marked.parse(body) as string;
};

const indentedList = (depth: number) => Array.from({length: depth}, (_, level) => `${'  '.repeat(level)}- item ${level}`).join('\n');

test('an ordinary article goes to the Markdown renderer', t => {
	const body = '# Title\n\nSome *emphasis*, **strong**, a [link](https://example.com) and `code`.\n\n- one\n  - two\n\n> quoted\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n```js\nlet x = 1;\n```\n';
	t.deepEqual(guardMarkdown(body), {mode: 'markdown'});
});

test('5,000 levels of nested lists or block quotes go to plain text instead of overflowing the stack', t => {
	// 5,000 indented levels are 25 MB (the indentation grows with depth), refused for size before depth.
	t.is(guardMarkdown(indentedList(5000)).mode, 'plain');
	for (const body of [indentedList(1000), '- '.repeat(5000) + 'x', '>'.repeat(5000) + ' x', '> - '.repeat(5000) + 'x', '1. '.repeat(5000) + 'x']) {
		const verdict = guardMarkdown(body);
		t.is(verdict.mode, 'plain');
		t.regex(verdict.mode === 'plain' ? verdict.reason : '', /nested too deeply/u);
	}

	// The reason for the limit: marked-terminal itself overflows far below 5,000 levels.
	t.throws(() => render('- '.repeat(2000) + 'x'), {instanceOf: RangeError});
});

test('nesting up to the depth limit is rendered, one level more is not', t => {
	t.is(guardMarkdown(indentedList(guardLimits.maxDepth)).mode, 'markdown');
	t.is(guardMarkdown(indentedList(guardLimits.maxDepth + 2)).mode, 'plain');
	t.is(guardMarkdown('>'.repeat(guardLimits.maxDepth) + ' x').mode, 'markdown');
	t.is(guardMarkdown('>'.repeat(guardLimits.maxDepth + 1) + ' x').mode, 'plain');
});

test('thematic breaks and deeply indented plain lines are not mistaken for nesting', t => {
	t.is(guardMarkdown('- '.repeat(500)).mode, 'markdown');
	t.is(guardMarkdown('*'.repeat(5000)).mode, 'markdown');
	t.is(guardMarkdown(' '.repeat(300) + 'centred poem line').mode, 'markdown');
});

test('huge bodies, very long lines, wide and long tables go to plain text', t => {
	t.regex(reasonOf('x'.repeat(guardLimits.maxLength + 1)), /too large/u);
	t.regex(reasonOf('word '.repeat(40_000)), /line too long/u);
	const columns = guardLimits.maxTableColumns + 1;
	const header = `|${Array.from({length: columns}, (_, index) => `c${index}`).join('|')}|`;
	t.regex(reasonOf(`${header}\n|${'---|'.repeat(columns)}\n|${'v|'.repeat(columns)}\n`), /too wide/u);
	t.regex(reasonOf(`|a|b|\n|---|---|\n${'|1|2|\n'.repeat(guardLimits.maxTableRows + 1)}`), /too long/u);
	const table = `|${'c|'.repeat(50)}\n|${'---|'.repeat(50)}\n${`|${'v|'.repeat(50)}\n`.repeat(100)}\n`;
	t.regex(reasonOf(table.repeat(20)), /cells/u);
});

test('long emphasis runs and quadratic inline patterns go to plain text, balanced prose does not', t => {
	t.regex(reasonOf(`${'*'.repeat(2000)}x${'*'.repeat(2000)}`), /emphasis nested/u);
	for (const unit of ['[*a', '**a*b ', '**a* ', '__a_ ', '*_a ', '~~a~ ']) {
		t.regex(reasonOf(unit.repeat(Math.ceil(20_000 / unit.length))), /unbalanced/u, unit);
	}

	const prose = 'The *quick* brown fox jumps over the **lazy** dog, [link](http://x.y/z) and `code`\n'.repeat(4000);
	t.is(guardMarkdown(prose).mode, 'markdown');
	t.is(guardMarkdown('some_variable_name and other_name_here\n'.repeat(4000)).mode, 'markdown');
});

test('inline syntax in a fenced code block costs nothing, but a table row is metered', t => {
	t.is(guardMarkdown('```\n' + '[*a'.repeat(30_000) + '\n```\n').mode, 'markdown');
	t.is(guardMarkdown(`|a|b|\n|---|---|\n|${'[*a'.repeat(20_000)}|x|\n`).mode, 'plain');
});

function reasonOf(body: string): string {
	const verdict = guardMarkdown(body);
	return verdict.mode === 'plain' ? verdict.reason : 'markdown';
}

// Container and emphasis syntax in arbitrary depth and order: the shapes that overflow marked's recursion.
const container = fc.constantFrom('- ', '* ', '+ ', '1. ', '> ', '>', '  ', '    ', '\t', '2) ');
const deepLine = fc.tuple(fc.array(container, {maxLength: 3000}), fc.constantFrom('x', '*'.repeat(3000), '**a*', '[*a', '|a|b|'))
	.map(([prefix, tail]) => prefix.join('') + tail);
const deepBody = fc.array(deepLine, {minLength: 1, maxLength: 4}).map(lines => lines.join('\n'));

test('whatever the nesting, a body the guard passes renders without overflowing the stack', t => {
	let rendered = 0;
	fc.assert(fc.property(deepBody, body => {
		if (guardMarkdown(body).mode === 'markdown') {
			rendered++;
			render(body);
		}
	}), {numRuns: 150});
	t.true(rendered > 0, 'some generated bodies were shallow enough to render');
});

test('the verdict follows the measured depth: plain exactly when lists nest deeper than the limit', t => {
	fc.assert(fc.property(fc.integer({min: 1, max: 400}), fc.constantFrom('- ', '> ', '1. '), (depth, marker) => {
		const verdict = guardMarkdown(marker.repeat(depth) + 'x');
		return verdict.mode === (depth > guardLimits.maxDepth ? 'plain' : 'markdown');
	}));
	t.is(guardMarkdown('- x').mode, 'markdown');
});

test('the plain fallback never throws and fits every line in the width, with no control character', t => {
	fc.assert(fc.property(fc.string({unit: 'binary', maxLength: 400}), fc.integer({min: 1, max: 120}), (body, width) => {
		guardMarkdown(body);
		const lines = plainFallback(body, width);
		return lines.every(line => cellWidth(line) <= width && !/[\u0000-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u.test(line));
	}), {numRuns: 1000});
	t.deepEqual(plainFallback('a\u001B]0;t\u0007 b', 80), ['a␛]0;t␇ b']);
});

test('the plain fallback keeps every word of an article over the size limit (5.2 MB)', t => {
	const paragraph = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit 漢字 e\u0301 😀.\n\n';
	const body = paragraph.repeat(Math.ceil((guardLimits.maxLength + 1) / paragraph.length));
	t.is(guardMarkdown(body).mode, 'plain');
	const lines = plainFallback(body, 40);
	t.is(lines.join(' ').split(/\s+/u).filter(Boolean).length, body.split(/\s+/u).filter(Boolean).length);
});
