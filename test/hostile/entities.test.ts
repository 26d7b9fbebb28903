import test, {type ExecutionContext} from 'ava';
import fc from 'fast-check';
import {renderMarkdown} from '../../source/core/render/render-article.js';
import {decodeEntities, decodeEntitiesLine, keepOnlySgr} from '../../source/core/text/neutralise.js';

// Issue 15, "SGR through entities": the Markdown pipeline decoded numeric references after the pre-render filter had
// looked for them, so `&#27[8m` reached the terminal as a live ESC [8m (conceal). Decode-then-neutralise must hold
// for every form HTML5 accepts.

const controlOrBidi = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069]/u;
const sgr = /\u001B\[([\d;:]*)m/gu;

/** Every SGR parameter list in the rendered text. */
const sgrParameters = (text: string) => [...text.matchAll(sgr)].map(match => match[1]!);
/** Blink, inverse or conceal: attributes Tidings never writes, so any of them came from an article. */
const foreignAttribute = (parameters: string) => parameters.split(';').some(parameter => /^0*[5-8]$/u.test(parameter));

/** Every way HTML5 lets a document write the code point `code` as a numeric reference (with and without `;`). */
function references(code: number): string[] {
	const hex = code.toString(16);
	return [
		`&#${code};`, `&#${code}`, `&#0000000${code};`, `&#0000000${code}`,
		`&#x${hex};`, `&#x${hex}`, `&#X${hex.toUpperCase()};`, `&#X${hex.toUpperCase()}`, `&#x0000${hex};`, `&#x0000${hex}`,
	];
}

/** Places in a Markdown document whose text the renderer decodes. */
const contexts: Array<(payload: string) => string> = [
	payload => `before ${payload} after`,
	payload => `# heading ${payload} x`,
	payload => `- item ${payload} x`,
	payload => `1. item ${payload} x\n   - nested ${payload} y`,
	payload => `> quoted ${payload} x`,
	payload => `**strong ${payload} x** and *em ${payload} y* and ~~del ${payload} z~~`,
	payload => `\`code ${payload} x\` and \`\`double ${payload} y\`\``,
	payload => `| a | b |\n|---|---|\n| ${payload} x | y |`,
	payload => `[link ${payload} x](https://example.com) and ![alt ${payload} y](https://example.com/i.png)`,
	payload => `text[^1]\n\n[^1]: note ${payload} x`,
	payload => `line one ${payload}\\\nline two ${payload}`,
	payload => `Term ${payload}\n: definition ${payload}`,
];

function assertSafe(t: ExecutionContext, body: string) {
	for (const color of [false, true]) {
		const rendered = renderMarkdown(body, {width: 60, color});
		const text = rendered.lines.join('\n');
		if (!color) {
			t.false(text.includes('\u001B'), `no ESC at all without colour: ${JSON.stringify(body)} → ${JSON.stringify(text)}`);
		}

		const foreign = sgrParameters(text).filter(parameters => foreignAttribute(parameters));
		t.deepEqual(foreign, [], `no blink/inverse/conceal: ${JSON.stringify(body)} → ${JSON.stringify(text)}`);
		t.false(controlOrBidi.test(text.replaceAll(sgr, '').replaceAll('\n', '')), `no other control: ${JSON.stringify(body)}`);
		for (const line of [...rendered.links.map(link => link.text + link.url), ...rendered.images.map(image => image.alt), ...rendered.headings.map(heading => heading.text)]) {
			t.false(controlOrBidi.test(line), `no control in a link, image or heading field: ${JSON.stringify(line)}`);
		}
	}
}

test('the three references from the issue are shown as text, not sent as SGR', t => {
	for (const [body, shown] of [
		['a &#27[8m hidden', 'a ␛[8m hidden'],
		['b &#00000000027;[8m hidden', 'b ␛[8m hidden'],
		['c &#x1b[5;7m blink', 'c ␛[5;7m blink'],
	] as const) {
		t.is(renderMarkdown(body, {width: 60, color: false}).lines.join('\n'), shown);
		t.is(renderMarkdown(body, {width: 60, color: true}).lines.join('\n'), shown);
	}
});

test('every numeric reference form of ESC, CSI, BEL and the bidi overrides is neutralised in every decoding context', t => {
	for (const code of [0x1B, 0x9B, 0x07, 0x00, 0x0D, 0x7F, 0x9D, 0x20_2E, 0x20_66]) {
		for (const reference of references(code)) {
			for (const context of contexts) {
				assertSafe(t, context(`${reference}[8m${reference}[5;7m${reference}]0;title${reference}\\`));
			}
		}
	}
});

test('named references, with or without their semicolon, are decoded; references are decoded once', t => {
	t.is<string, string>(decodeEntities('&amp &lt;b&gt; &copy 5 &times 3 &notit; &AMP;'), '& <b> © 5 × 3 ¬it; &');
	t.is<string, string>(decodeEntities('&amp;#27;[8m'), '&#27;[8m');
	t.is(renderMarkdown('&amp;#27;[8m', {width: 40, color: false}).lines.join('\n'), '&#27;[8m');
	t.is<string, string>(decodeEntities('&#27[8m &#x1B;[1m &#0;x &#x110000; &#xD800;'), '␛[8m ␛[1m \uFFFDx \uFFFD \uFFFD');
	// HTML5 maps the C1 references to Windows-1252, so &#x9b; is a single guillemet, not CSI.
	t.is<string, string>(decodeEntities('&#x9b;2J &#155'), '›2J ›');
	t.is<string, string>(decodeEntitiesLine('a&#10;b&#x2028;c&#x202e;d'), 'a b c⟦U+202E⟧d');
});

test('a reference to a private-use character cannot pose as one of the renderer\'s line markers', t => {
	const rendered = renderMarkdown('x &#xE003;0&#xE004; &#xE001;y &#xE000;z\n\n```\ncode\n```', {width: 40, color: false});
	t.is(rendered.headings.length, 0);
	t.is(rendered.blocks.length, 1);
	t.is(rendered.blocks[0]!.line, 2);
	t.true(rendered.lines[0]!.includes('\uFFFD0\uFFFD'));
});

test('raw control characters passed to the renderer directly are neutralised too', t => {
	const rendered = renderMarkdown('a \u001B[8mhidden \u009B5m x', {width: 40, color: true});
	t.is(rendered.lines.join('\n'), 'a ␛[8mhidden \uFFFD5m x');
});

test('egress drops blink and conceal (inverse is the reader\'s own highlight), keeps colours whose arguments are 5 to 8', t => {
	t.is<string, string>(keepOnlySgr('a\u001B[8mb\u001B[5;7mc\u001B[0;6md\u001B[1me\u001B[7mf'), 'abcd\u001B[1me\u001B[7mf');
	t.is<string, string>(keepOnlySgr('\u001B[38;5;7mx\u001B[48;2;5;6;7my\u001B[38:5:8mz\u001B[m'), '\u001B[38;5;7mx\u001B[48;2;5;6;7my\u001B[38:5:8mz\u001B[m');
	t.is<string, string>(keepOnlySgr('\u001B[38;5;7;8mx'), 'x');
});

/** Generated documents: Markdown syntax, entity references of control characters in every form, and prose. */
const piece = fc.oneof(
	fc.integer({min: 0, max: 0xA0}).chain(code => fc.constantFrom(...references(code))),
	fc.constantFrom(...[0x20_2A, 0x20_2B, 0x20_2C, 0x20_2D, 0x20_2E, 0x20_66, 0x20_67, 0x20_68, 0x20_69, 0xE0_00, 0xE0_03].flatMap(code => references(code))),
	fc.constantFrom('[', '[8m', '[5;7m', ']0;', '\\', ';', 'm', ' ', '\n', '\n\n', '# ', '- ', '> ', '`', '``', '*', '**', '_', '~~', '|', '\n|---|---|\n', '](https://x)', '![', '[^1]', '\n[^1]: ', '&', '&#', '&#x', '&amp;', 'word', '漢字', 'שלום'),
);
const document = fc.array(piece, {maxLength: 60}).map(parts => parts.join(''));

test('for any generated document, rendered output holds no control character and no foreign SGR', t => {
	const outcome = fc.check(fc.property(document, fc.boolean(), (body, color) => {
		const rendered = renderMarkdown(body, {width: 50, color});
		const text = rendered.lines.join('\n');
		if (!color && text.includes('\u001B')) {
			return false;
		}

		const fields = [...rendered.links.map(link => link.text + link.url), ...rendered.images.map(image => image.alt), ...rendered.headings.map(heading => heading.text)].join('');
		return !sgrParameters(text).some(parameters => foreignAttribute(parameters))
			&& !controlOrBidi.test(text.replaceAll(sgr, '').replaceAll('\n', ''))
			&& !controlOrBidi.test(fields);
	}), {numRuns: 400});
	t.false(outcome.failed, fc.defaultReportMessage(outcome) ?? 'a counterexample was found');
});
