/**
The hostile library: one folder of articles written to break a terminal news reader, built fresh in a temp folder by
each test that needs it (nothing hostile is committed, and file names with control characters cannot be committed
portably anyway). The unit, CLI and PTY layers all read the same cases.

Root: tests run as root here, and root reads a chmod-000 file anyway. `unreadable.md` is still written with mode 000
and `unreadableIsReal` says whether this process really cannot read it, so a test can assert the "permission denied"
marker only where the operating system enforces it and assert plain readability elsewhere.
*/
import fs from 'node:fs';
import path from 'node:path';

const ESC = '\u001B';
const BEL = '\u0007';

/** Escape-sequence payloads that would act on a terminal if printed raw. */
export const payloads = {
	title: `${ESC}]0;PWNED-TITLE${BEL}`,
	clipboard: `${ESC}]52;c;cHduZWQ=${BEL}`,
	hyperlink: `${ESC}]8;;https://evil.example/${ESC}\\click${ESC}]8;;${ESC}\\`,
	clear: `${ESC}[2J${ESC}[H`,
	dcs: `${ESC}P+q544e${ESC}\\`,
	apc: `${ESC}_apc payload${ESC}\\`,
	pm: `${ESC}^pm payload${ESC}\\`,
	c1Csi: '\u009B2J',
	c1Osc: '\u009D0;C1-TITLE\u009C',
	entities: '&#27;]0;ENTITY-TITLE&#7; &#x1b;[2J &#155;31m &#x9d;0;x&#x9c;',
	bidi: 'admin\u202Etxt.exe\u202C \u2066isolate\u2069',
} as const;

const allPayloads = Object.values(payloads).join(' ');

export type HostileLibrary = {
	readonly files: string[];
	/** Paths (relative, forward slashes) of cases that must come out marked as broken (`meta.error`). */
	readonly broken: string[];
	readonly unreadableIsReal: boolean;
};

const nested = (depth: number, marker: (level: number) => string) =>
	Array.from({length: depth}, (_, level) => `${marker(level)}level ${level}`).join('\n');

/** Writes every case of issue 4 under `directory` (which must exist and be empty) and returns their paths. */
export async function makeHostileLibrary(directory: string): Promise<HostileLibrary> {
	const files: string[] = [];
	const broken: string[] = [];
	const write = (relative: string, content: string | Uint8Array, {isBroken = false} = {}) => {
		const absolute = path.join(directory, relative);
		fs.mkdirSync(path.dirname(absolute), {recursive: true});
		fs.writeFileSync(absolute, content);
		files.push(relative);
		if (isBroken) {
			broken.push(relative);
		}
	};

	write('broken/empty.md', '', {isBroken: true});
	write('broken/whitespace.md', '  \n\t\n   \r\n', {isBroken: true});
	write('broken/binary.md', Uint8Array.from({length: 4096}, (_, index) => (index * 7919) % 256), {isBroken: true});
	write('broken/nul-bytes.md', `# Title\n\nText with a NUL \u0000 byte.\n`, {isBroken: true});
	write('encoding/invalid-utf8.md', Buffer.concat([Buffer.from('# Caf'), Buffer.from([0xE9, 0xFF, 0xFE]), Buffer.from(' menu\n\nna\u00EFve bytes: '), Buffer.from([0xC3, 0x28, 0xA0, 0xA1]), Buffer.from('\n')]));
	write('encoding/latin1.md', Buffer.from('# Caf\u00E9 cr\u00E8me br\u00FBl\u00E9e\n\nD\u00E9j\u00E0 vu, \u00A9 2024, \u00BD price.\n', 'latin1'));
	write('encoding/bom-crlf.md', `\uFEFF---\r\ntitle: BOM and CRLF\r\n---\r\n\r\nLine one\r\nLine two\r\n`);
	write('yaml/syntax-error.md', '---\ntitle: [unclosed\n  : : bad\n---\n\nBody after bad YAML.\n');
	write('yaml/js-function.md', `---\ntitle: !!js/function 'function () { globalThis.hostilePwned = true; return 1; }'\nrun: !!js/function >\n  function () { require('node:fs').writeFileSync('/tmp/tidings-pwned', 'x') }\n---\n\nBody.\n`);
	write('yaml/js-engine.md', `---js\n{ title: (globalThis.hostilePwned = true, 'evaluated'), x: require('node:fs').writeFileSync('/tmp/tidings-pwned', 'x') }\n---\n\nBody.\n`);
	write('yaml/javascript-engine.md', `---javascript\nglobalThis.hostilePwned = true; module.exports = {title: 'evaluated'}\n---\n\nBody.\n`);
	const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
	for (let level = 0; level < 9; level++) {
		const name = String.fromCodePoint(98 + level);
		const previous = String.fromCodePoint(97 + level);
		bomb.push(`${name}: &${name} [${Array.from({length: 9}, () => `*${previous}`).join(',')}]`);
	}

	write('yaml/alias-bomb.md', `---\ntitle: Billion laughs\n${bomb.join('\n')}\n---\n\nBody.\n`);
	write('yaml/not-a-mapping.md', '---\n- just\n- a list\n---\n\nBody.\n');
	fs.mkdirSync(path.join(directory, 'odd', 'directory.md'), {recursive: true});
	fs.writeFileSync(path.join(directory, 'odd', 'directory.md', 'inside.md'), '# Inside a folder named like an article\n');
	files.push('odd/directory.md/inside.md');
	fs.symlinkSync('loop-b.md', path.join(directory, 'odd', 'loop-a.md'));
	fs.symlinkSync('loop-a.md', path.join(directory, 'odd', 'loop-b.md'));
	fs.symlinkSync('.', path.join(directory, 'odd', 'self'));
	write('odd/unreadable.md', '# You should not be able to read this\n');
	fs.chmodSync(path.join(directory, 'odd', 'unreadable.md'), 0o000);
	let unreadableIsReal = false;
	try {
		fs.readFileSync(path.join(directory, 'odd', 'unreadable.md'));
	} catch {
		unreadableIsReal = true;
	}

	write('huge/long-line.md', `# A 200,000-character line\n\n${'word '.repeat(40_000)}\n`);
	const columns = Array.from({length: 1200}, (_, index) => `c${index}`);
	write('huge/wide-table.md', `# 1,200 columns\n\n|${columns.join('|')}|\n|${columns.map(() => '---').join('|')}|\n|${columns.map(() => 'v').join('|')}|\n`);
	write('huge/nested-lists.md', `# Nested lists\n\n${'- '.repeat(5000)}deep\n\n${nested(5000, level => `${'  '.repeat(Math.min(level, 60))}- `)}\n`);
	write('huge/nested-quotes.md', `# Nested quotes\n\n${'>'.repeat(5000)} deep\n\n${nested(5000, level => '> '.repeat(Math.min(level + 1, 100)))}\n`);
	write('huge/nested-emphasis.md', `# Emphasis\n\n${'*'.repeat(5000)}x${'*'.repeat(5000)}\n\n${'[*a'.repeat(20_000)}\n`);
	const paragraph = 'Lorem ipsum dolor sit amet, *consectetur* adipiscing elit, sed do **eiusmod** tempor [incididunt](https://example.com).\n\n';
	write('huge/five-megabytes.md', `# Five megabytes\n\n${paragraph.repeat(Math.ceil(5_000_000 / paragraph.length))}`);
	write('escapes/title-payloads.md', `---\ntitle: "Breaking ${ESC}]0;PWNED-TITLE${BEL} news ${ESC}[2J"\nauthor: "${payloads.clipboard}Mallory"\nsource: "src${payloads.c1Csi}"\nurl: "https://x.example/${ESC}]8;;evil${BEL}"\ntags: ["${ESC}[31mred", "${payloads.bidi}"]\n---\n\n${allPayloads}\n`);
	write('escapes/body-payloads.md', `# Body payloads\n\n${allPayloads}\n\n\`\`\`\ncode ${allPayloads}\n\`\`\`\n\n| a | b |\n|---|---|\n| ${payloads.title} | ${payloads.clipboard} |\n`);
	write('escapes/links.md', `# Links\n\n[safe](https://example.com) [mail](mailto:a@example.com) [js](javascript:alert(1)) [file](file:///etc/passwd) [data](data:text/html,<script>alert(1)</script>) [${payloads.title}](https://x.example/${payloads.clipboard})\n\n<https://auto.example/${ESC}[2J>\n`);
	write('escapes/raw-html.md', '# Raw HTML\n\n<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n<div style="display:none">hidden</div>\n\n<iframe src="https://evil.example"></iframe>\n');
	write('escapes/entities.md', `# &#27;]0;ENTITY-TITLE&#7;\n\n${payloads.entities}\n`);
	write('escapes/bidi.md', `# ${payloads.bidi}\n\nText with ${payloads.bidi} inside.\n`);
	write(`escapes/name-${ESC}]0;FILE-TITLE${BEL}-\u202E.md`, '# A file whose name carries escapes\n');
	write('escapes/plain.txt', `Plain ${payloads.title} title\n\n${allPayloads}\n`);
	write('wide/cjk-emoji.md', '---\ntitle: "漢字のニュース 👩‍👩‍👧 e\u0301te\u0301 🇫🇷"\n---\n\n中文内容，日本語のテキスト、한국어 텍스트. Emoji 😀🎉 and combining: a\u0301 o\u0308 n\u0303.\n');
	write('wide/zalgo.md', `# Z${'\u0300\u0301\u0302\u0303'.repeat(200)}algo\n\nText${'\u0336'.repeat(500)}.\n`);
	return {files, broken, unreadableIsReal};
}
