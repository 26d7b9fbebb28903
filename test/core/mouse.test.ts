import test from 'ava';
import fc from 'fast-check';
import {clickOf, decodeButton, maxParameter, MouseFilter, type MouseEvent} from '../../source/core/input/mouse.js';
import {pointerOf} from '../../source/adapters/mouse-input.js';

const press = (x: number, y: number): MouseEvent => ({kind: 'press', button: 0, x, y, shift: false, alt: false, ctrl: false});

test('SGR reports are taken out of the input: presses, releases, the wheel, with 0-based cells and the modifiers', t => {
	const filter = new MouseFilter();
	const {text, events} = filter.feed('j\u001B[<0;10;5Mk\u001B[<0;10;5m\u001B[<64;3;4M\u001B[<65;3;4M\u001B[<4;1;1M\u001B[<32;2;2M');
	t.is(text, 'jk');
	t.deepEqual(events.map(event => [event.kind, event.button, event.x, event.y]), [['press', 0, 9, 4], ['release', 0, 9, 4], ['wheel', -1, 2, 3], ['wheel', 1, 2, 3], ['press', 0, 0, 0], ['drag', 0, 1, 1]]);
	t.true(events[4]!.shift);
	t.false(filter.pending);
});

test('keys around reports pass untouched: arrows, Escape, text with escapes, a paste', t => {
	const filter = new MouseFilter();
	t.is(filter.feed('\u001B[A\u001B[B').text, '\u001B[A\u001B[B');
	t.is(filter.feed('\u001B').text, '', 'a lone ESC waits for the rest');
	t.true(filter.pending);
	t.is(filter.flush(), '\u001B', '…and is the Escape key when nothing follows');
	t.is(filter.feed('\u001B[200~pasted [<text>]\u001B[201~').text, '\u001B[200~pasted [<text>]\u001B[201~');
	t.is(filter.feed('ab\u001B').text, 'ab');
	t.is(filter.feed('[B').text, '\u001B[B', 'an arrow cut after ESC is whole again');
});

test('a report cut across reads is put together; a cut beginning that never ends is dropped, not typed', t => {
	const filter = new MouseFilter();
	const first = filter.feed('x\u001B[<0;1');
	t.is(first.text, 'x');
	t.is(first.events.length, 0);
	const second = filter.feed('2;7My');
	t.is(second.text, 'y');
	t.deepEqual(second.events.map(event => [event.x, event.y]), [[11, 6]]);
	filter.feed('\u001B[<0;5');
	t.is(filter.flush(), '', 'the beginning of a report is no key');
});

test('garbage that starts like a report never becomes a key press', t => {
	const filter = new MouseFilter();
	const cases = [
		'\u001B[<0;10x', // a final byte other than M/m
		'\u001B[<99999999;1;1M', // too long a number
		'\u001B[<0;0;0M', // no cell 0
		'\u001B[<0;1;1;1M', // four numbers
		'\u001B[<;;M', // no numbers
		'\u001B[<256;1;1M', // no such button
		'\u001B[<0;1:1M', // another separator
		`\u001B[<${'1;'.repeat(40)}M`, // longer than any report
	];
	for (const input of cases) {
		const {text, events} = filter.feed(input);
		t.is(text, '', JSON.stringify(input));
		t.is(events.length, 0, JSON.stringify(input));
		t.false(filter.pending, JSON.stringify(input));
	}

	t.is(filter.feed('\u001B[<0;1\u0003').text, '\u0003', 'a control character ends the broken report and is itself kept');
	t.is(filter.feed(`\u001B[<${'1'.repeat(maxParameter + 3)}`).text, '');
	t.is(filter.feed('23;45;67Mq').text, 'q', 'the rest of a too-long report in the next read is dropped too');
	t.is(filter.feed(`\u001B[<${'9'.repeat(30)};5;5Mj`).text, 'j', 'a too-long report ended in the same read drops nothing after it');
	t.is(filter.feed('k').text, 'k');
});

test('the X10 encoding (a terminal without SGR) is read, not typed', t => {
	const filter = new MouseFilter();
	const {text, events} = filter.feed(`a\u001B[M${String.fromCharCode(32, 33 + 4, 33 + 2)}b`);
	t.is(text, 'ab');
	t.deepEqual(events.map(event => [event.kind, event.x, event.y]), [['press', 4, 2]]);
	t.is(decodeButton(3, 1, 1, false)?.kind, 'release');
});

test('any input: what is not a report comes out unchanged, and reports give no text, in any split into reads', t => {
	const report = fc.tuple(fc.constantFrom(0, 1, 2, 64, 65, 32), fc.integer({min: 1, max: 500}), fc.integer({min: 1, max: 200}), fc.constantFrom('M', 'm'))
		.map(([b, x, y, final]) => `\u001B[<${b};${x};${y}${final}`);
	const plain = fc.string({unit: fc.constantFrom('a', 'j', ' ', '<', ';', '[', 'M', '\r', '\u001B[A', '\u001B[1;5C')}).filter(text => !text.endsWith('\u001B') && !text.includes('\u001B[<') && !text.includes('\u001B[M'));
	const outcome = fc.check(fc.property(fc.array(fc.oneof(plain, report), {maxLength: 12}), fc.array(fc.integer({min: 1, max: 9}), {maxLength: 20}), (parts, cuts) => {
		const input = parts.join('');
		const expected = parts.filter(part => !part.startsWith('\u001B[<')).join('');
		const filter = new MouseFilter();
		let text = '';
		let events = 0;
		let at = 0;
		for (const cut of [...cuts, input.length]) {
			const out = filter.feed(input.slice(at, at + cut));
			text += out.text;
			events += out.events.length;
			at += cut;
			if (at >= input.length) {
				break;
			}
		}

		text += filter.flush();
		return text === expected && events === parts.filter(part => part.startsWith('\u001B[<')).length;
	}), {numRuns: 300});
	t.false(outcome.failed, fc.defaultReportMessage(outcome) ?? 'a counterexample was found');
});

test('a second press on the same cell within the interval is a double click; a third starts again', t => {
	const first = clickOf(undefined, press(3, 4), 1000);
	t.is(first.count, 1);
	const second = clickOf(first, press(3, 4), 1200);
	t.is(second.count, 2);
	t.is(clickOf(second, press(3, 4), 1300).count, 1);
	t.is(clickOf(first, press(3, 5), 1200).count, 1, 'another cell');
	t.is(clickOf(first, press(3, 4), 2000).count, 1, 'too late');
	t.deepEqual(pointerOf({...press(1, 1), kind: 'release'}, undefined, 0), {}, 'a release does nothing');
	t.deepEqual(pointerOf({...press(1, 1), kind: 'wheel', button: 1}, undefined, 0).pointer, {kind: 'wheel', x: 1, y: 1, lines: 1});
	t.deepEqual(pointerOf({...press(1, 1), button: 2}, undefined, 0), {}, 'the right button does nothing');
});
