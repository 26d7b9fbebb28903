import fs from 'node:fs';
import path from 'node:path';
import test from 'ava';
import iconv from 'iconv-lite';
import {decodeFeedBytes} from '../../source/core/feeds/decode.js';
import {parseFeedText} from '../../source/core/feeds/parse-feed.js';

// feedparser's undeclared-encoding feeds (BSD licence in the parent folder): no charset anywhere, not UTF-8.
const chardet = path.join(import.meta.dirname, '..', 'fixtures', 'real', 'feedparser', 'chardet');
const read = (name: string) => decodeFeedBytes(fs.readFileSync(path.join(chardet, name)), 'application/xml');
const firstItem = (name: string) => {
	const decoded = read(name);
	const parsed = parseFeedText(decoded.text, 'https://x.example/feed');
	return parsed.ok ? parsed.value.items[0] : undefined;
};

test('undeclared legacy encodings are detected, not read as Windows-1252 mojibake', t => {
	t.is(firstItem('eucjp.xml')?.title, 'ゲーム三昧な正月');
	t.is(firstItem('shiftjis.xml')?.title, 'DrecomRSSに記事投稿が反映されない…');
	t.is(firstItem('koi8r.xml')?.title, 'Как пережить новогоднюю ночь');
	t.is(firstItem('gb2312.xml')?.title, '不归移民漫画系列：专业工作');
	t.is(firstItem('euckr.xml')?.title, 'EUC-KR 에서 TypeKey 한글닉네임 표시하기');
	t.regex(read('tis620.xml').text, /\p{Script=Thai}{4}/u);
	t.regex(read('windows1255.xml').text, /\p{Script=Hebrew}{4}/u);
	t.regex(read('big5.xml').text, /中文/u);
	for (const name of fs.readdirSync(chardet)) {
		const decoded = read(name);
		t.truthy(decoded.warning, `${name}: the guess is reported`);
		t.false(/[ÃÂ¤¥]{2}/u.test(decoded.text), `${name}: no Windows-1252 mojibake`);
	}
});

test('Latin text that is not UTF-8 is still read as Windows-1252', t => {
	const bytes = iconv.encode('<rss><channel><item><title>Café crème, déjà vu à Zürich — « très » naïve façade</title></item></channel></rss>', 'windows-1252');
	const decoded = decodeFeedBytes(bytes);
	t.is(decoded.charset, 'windows-1252');
	t.true(decoded.text.includes('Café crème, déjà vu à Zürich — « très » naïve façade'));
});

test('UTF-16 and UTF-32 are recognised with and without a byte order mark', t => {
	const xml = '<?xml version="1.0"?><rss><channel><title>Ünïcødé ✓</title></channel></rss>';
	for (const charset of ['utf-16le', 'utf-16be', 'utf-32le', 'utf-32be']) {
		for (const bom of [false, true]) {
			const decoded = decodeFeedBytes(iconv.encode(xml, charset, {addBOM: bom}));
			t.is(decoded.text.replace(/^\uFEFF/u, ''), xml, `${charset}${bom ? ' with BOM' : ''}`);
		}
	}
});
