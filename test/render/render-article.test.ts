import test from 'ava';
import {renderMarkdown, type RenderedArticle} from '../../source/core/render/render-article.js';
import {recordsNote, shareWidths} from '../../source/core/render/table-layout.js';
import {cellWidth} from '../../source/core/text/cells.js';

const widths = [40, 80, 160] as const;
const plain = (text: string) => text.replaceAll(/\u001B\[[\d;:]*m/gu, '');
const sgrCodes = (text: string) => new Set([...text.matchAll(/\u001B\[([\d;:]*)m/gu)].map(match => match[1]));

function table(columns: number, rows: number, cell: (row: number, column: number) => string, header = (column: number) => `Col${column + 1}`): string {
	const head = `| ${Array.from({length: columns}, (_, column) => header(column)).join(' | ')} |`;
	const rule = `|${Array.from({length: columns}, () => '---').join('|')}|`;
	const body = Array.from({length: rows}, (_, row) => `| ${Array.from({length: columns}, (_, column) => cell(row, column)).join(' | ')} |`);
	return [head, rule, ...body].join('\n');
}

function assertWithin(t: {true(value: boolean, message?: string): void}, rendered: RenderedArticle, width: number) {
	for (const line of rendered.lines) {
		t.true(cellWidth(line) <= width, `${cellWidth(line)} cells > ${width}: ${JSON.stringify(plain(line))}`);
	}
}

test('a 12-column table at width 60 becomes a record list with a note, and keeps the whole table for wide mode', t => {
	const body = `Before.\n\n${table(12, 3, (row, column) => `r${row}c${column}`)}\n\nAfter.`;
	const rendered = renderMarkdown(body, {width: 60, color: false});
	assertWithin(t, rendered, 60);
	const text = rendered.lines.map(line => plain(line));
	t.true(text.includes(recordsNote));
	t.true(text.includes('Col1: r0c0'));
	t.true(text.includes('Col12: r2c11'));
	t.false(text.some(line => line.includes('┌')), 'no grid on the page');
	t.is(rendered.blocks.length, 1);
	const [block] = rendered.blocks;
	t.is(block!.kind, 'table');
	t.true(block!.cut);
	t.is(text[block!.line], recordsNote);
	t.is(text[block!.endLine], '', 'the block ends before the blank line that follows it');
	t.is(text[block!.endLine + 1], 'After.');
	const wideHeader = plain(block!.wideLines[1]!);
	t.true(wideHeader.startsWith('│ Col1 '));
	t.true(wideHeader.includes('│ Col12 │'));
	t.true(cellWidth(wideHeader) > 60);
	const wideWidths = new Set(block!.wideLines.map(line => cellWidth(line)));
	t.is(wideWidths.size, 1, 'every wide line is as wide as the grid');
});

test('a 3-column table wraps its cells inside their columns and keeps a straight grid at every width', t => {
	const long = 'The harbour master counts the boats each morning before the tide turns and the ferries leave';
	const body = table(3, 2, (row, column) => (column === 2 ? long : `cell ${row}.${column}`), column => ['Name', 'Count', 'Notes'][column]!);
	for (const width of widths) {
		const rendered = renderMarkdown(body, {width, color: true});
		assertWithin(t, rendered, width);
		const grid = rendered.lines.map(line => plain(line)).filter(line => /^[┌│├└]/u.test(line));
		t.true(grid.length > 5, `a grid at ${width}`);
		t.is(new Set(grid.map(line => cellWidth(line))).size, 1, `every grid row is as wide as the others at ${width}`);
		const words = grid.filter(line => line.startsWith('│')).map(line => line.split('│')[3]!.trim()).join(' ').split(/\s+/u);
		t.true(words.join(' ').includes(long), `the long cell reads whole at ${width}`);
		if (width === 40) {
			t.true(grid.filter(line => line.includes('harbour') || line.includes('boats')).length >= 1);
			t.true(rendered.blocks[0]!.cut, 'at 40 the columns were squeezed');
			t.true(cellWidth(rendered.blocks[0]!.wideLines[0]!) > 40);
		}
	}
});

test('a 200-column table never breaks the page: records at every width, the whole grid in wide mode', t => {
	const body = `# Wide\n\n${table(200, 2, (row, column) => `v${row}-${column}`, column => `c${column}`)}\n`;
	for (const width of widths) {
		const rendered = renderMarkdown(body, {width, color: true});
		t.is(rendered.fallback, undefined);
		assertWithin(t, rendered, width);
		const text = rendered.lines.map(line => plain(line));
		t.true(text.includes(recordsNote));
		t.true(text.includes('c199: v1-199'));
		t.true(plain(rendered.blocks[0]!.wideLines[1]!).includes('│ c199 '));
	}
});

test('shareWidths gives narrow columns what they need and splits the rest among the wide ones', t => {
	t.deepEqual(shareWidths([3, 50, 50], 43), [3, 20, 20]);
	t.deepEqual(shareWidths([3, 4], 20), [3, 4]);
	t.deepEqual(shareWidths([10, 100], 51), [10, 41]);
});

test('a table inside a list item fits after the list indentation', t => {
	const body = `- item\n\n  ${table(3, 1, () => 'word word word word word').replaceAll('\n', '\n  ')}\n`;
	const rendered = renderMarkdown(body, {width: 40, color: false});
	assertWithin(t, rendered, 40);
	const grid = rendered.lines.map(line => plain(line)).filter(line => line.includes('│'));
	t.true(grid.length > 0);
	t.true(grid.every(line => line.trimEnd().endsWith('│')), 'the right border is on screen, not cut');
});

test('code without a language is never highlighted and keeps its blank lines and indentation', t => {
	const code = 'function add(a, b) {\n\treturn a + b;\n\n\n  // two blank lines above\n}';
	const rendered = renderMarkdown(`\`\`\`\n${code}\n\`\`\``, {width: 80, color: true});
	t.deepEqual(rendered.lines.map(line => plain(line).trimEnd()), ['▏ function add(a, b) {', '▏     return a + b;', '▏', '▏', '▏   // two blank lines above', '▏ }'], 'a bar frames every line, blank ones too');
	for (const line of rendered.lines.filter(line => plain(line).trim() !== '▏')) {
		t.deepEqual(sgrCodes(line), new Set(['90', '39', '33']), `only the gutter's grey and the plain code colour: ${JSON.stringify(line)}`);
	}

	t.is(rendered.blocks[0]!.kind, 'code');
	t.false(rendered.blocks[0]!.cut);
});

test('code with a language is highlighted, and a long line is cut with … on the page but whole in wide mode', t => {
	const long = `const value = ${'"x" + '.repeat(30)}"end";`;
	const rendered = renderMarkdown(`\`\`\`js\nconst a = 1;\n${long}\n\`\`\``, {width: 40, color: true});
	assertWithin(t, rendered, 40);
	t.true(sgrCodes(rendered.lines[0]!).size > 2, 'several colours in a highlighted line');
	t.true(plain(rendered.lines[1]!).endsWith('…'));
	const block = rendered.blocks[0]!;
	t.true(block.cut);
	t.is(plain(block.wideLines[1]!), `▏ ${long}`);
	t.deepEqual([block.line, block.endLine], [0, 2]);
	t.is(plain(rendered.lines[2]!), '  … long lines cut: w shows them whole', 'a visible hint under the block');
	const roomy = renderMarkdown(`\`\`\`js\nconst a = 1;\n${long}\n\`\`\``, {width: 40, codeWidth: 400, color: false});
	t.is(plain(roomy.lines[1]!), `▏ ${long}`, 'with the terminal\'s width to use, code is not cut at the reading width');
	t.false(roomy.blocks[0]!.cut);
});

test('an image is shown as a numbered link and listed as an image', t => {
	const rendered = renderMarkdown('Look: ![The harbour at dawn](https://example.org/dawn.jpg)', {width: 80, color: false});
	t.is(plain(rendered.lines[0]!), 'Look: [image: The harbour at dawn][1]');
	t.deepEqual(rendered.images.map(image => ({...image})), [{n: 1, alt: 'The harbour at dawn', url: 'https://example.org/dawn.jpg'}]);
	t.true(rendered.lines.map(line => plain(line)).includes('[1] https://example.org/dawn.jpg'));
});

const scripts = {
	cjk: '港口的潮汐每天两次涨落，渔船在黎明前出海，傍晚时分满载而归。'.repeat(4),
	emoji: 'The crew 👩‍👩‍👧‍👦 cheered 🎉🎉 as the flags 🇳🇴🇯🇵🇧🇷 went up over the pier 🚢⚓️. '.repeat(4),
	combining: 'Cafe\u0301 de\u0301ja\u0300 vu, Zo\u0308e na\u0308i\u0308ve, a\u0323\u0302 ti\u1EBFng Vie\u0323\u0302t. '.repeat(5),
	arabic: 'يعود الصيادون إلى الميناء عند الغروب وتمتلئ الأسواق بالسمك الطازج والناس. '.repeat(4),
	hebrew: 'הדייגים חוזרים לנמל בשקיעה והשוק מתמלא בדגים טריים ובאנשים רבים. '.repeat(3),
};

test('CJK, emoji, combining marks and right-to-left paragraphs keep every line within the width', t => {
	const body = Object.values(scripts).join('\n\n');
	for (const width of widths) {
		const rendered = renderMarkdown(body, {width, color: true});
		assertWithin(t, rendered, width);
		t.true(rendered.lines.length > 5);
	}

	const narrow = renderMarkdown(Object.values(scripts).join('\n\n'), {width: 10, color: false});
	assertWithin(t, narrow, 10);
});

test('a right-to-left paragraph is right-aligned and keeps its characters in logical order', t => {
	for (const width of widths) {
		const rendered = renderMarkdown(`Left to right first.\n\n${scripts.arabic}\n\n${scripts.hebrew}`, {width, color: false});
		const lines = rendered.lines.filter(line => /[\u0590-\u06FF]/u.test(line));
		t.true(lines.length >= 2);
		for (const line of lines) {
			t.is(cellWidth(line), width, 'right-aligned: padded on the left up to the width');
			t.false(line.endsWith(' '));
		}

		const joined = lines.map(line => line.trim()).join(' ');
		t.true(joined.includes('يعود الصيادون إلى الميناء'), 'words are in their stored order, not reversed');
		t.is(plain(rendered.lines[0]!), 'Left to right first.', 'a left-to-right paragraph stays left-aligned');
	}
});

test('footnotes are numbered in order of use and gathered in a Footnotes section at the end', t => {
	const body = 'The tide[^tide] turns twice[^b] a day, as the tide[^tide] does.\n\n[^b]: Roughly.\n[^tide]: A rise and fall of the sea.\n';
	const rendered = renderMarkdown(body, {width: 80, color: false});
	const text = rendered.lines.map(line => plain(line));
	t.is(text[0], 'The tide¹ turns twice² a day, as the tide¹ does.', 'references are superscript numbers, never [^label]');
	const section = text.indexOf('## Footnotes');
	t.true(section > 0);
	t.deepEqual(text.slice(section + 2, section + 4), ['¹ A rise and fall of the sea.', '² Roughly.']);
	t.true(rendered.headings.some(heading => heading.text === 'Footnotes' && heading.line === section));
	const long = renderMarkdown('Tide[^1].\n\n[^1]: A rise and fall of the sea, twice a day, driven by the moon and the sun.\n', {width: 40, color: false});
	const note = long.lines.map(line => plain(line)).filter(line => line.startsWith('¹') || line.startsWith('  '));
	t.true(note.length >= 2 && note[1]!.startsWith('  ') && !note[1]!.startsWith('   '), 'a long note wraps under its own text');
});

test('task lists show their boxes, struck text is struck through without colour (no ~~), definitions go on their own line, rules span', t => {
	const body = '- [ ] Mend the nets\n- [x] Paint the hull\n\n~~Tuesday~~ Wednesday\n\n**Neap tide**\n: The smallest range between high and low water.\n\n---\n\nEnd.';
	const rendered = renderMarkdown(body, {width: 60, color: false});
	const text = rendered.lines.map(line => plain(line));
	t.deepEqual(text.slice(0, 2), ['  [ ] Mend the nets', '  [x] Paint the hull']);
	t.true(text.includes('T\u0336u\u0336e\u0336s\u0336d\u0336a\u0336y\u0336 Wednesday'), 'a combining long stroke over each letter');
	t.false(text.some(line => line.includes('~')));
	t.true(text.includes('Neap tide'));
	t.true(text.includes('    The smallest range between high and low water.'));
	t.true(text.some(line => /^─{20,}$/u.test(line)));
	const colored = renderMarkdown(body, {width: 60, color: true});
	t.true(colored.lines.some(line => line.includes('\u001B[9m') && plain(line) === 'Tuesday Wednesday'), 'strikethrough style with colour');
});
