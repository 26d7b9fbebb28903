import {execFile} from 'node:child_process';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import test from 'ava';

// Each scenario runs in a process of its own: V8's flags belong to the whole process, and ava runs files side by side.
const child = fileURLToPath(new URL('../helpers/nursery-child.ts', import.meta.url));
const run = async (scenario: string): Promise<Record<string, number | boolean>> => {
	const {stdout} = await promisify(execFile)(process.execPath, ['--import=tsx', child, scenario], {timeout: 60_000});
	return JSON.parse(stdout) as Record<string, number | boolean>;
};

test('the same allocation grows an unheld nursery past 16 MB and a held one no further than its 8 MB ceiling', async t => {
	const [uncapped, capped] = await Promise.all([run('uncapped'), run('capped')]);
	t.log(`usual nursery: ${String(uncapped['usual'])} MB unheld, ${String(capped['usual'])} MB held to 8 MB`);
	t.true((uncapped['usual'] as number) > 16, 'without the ceiling V8 grows it (else this test shows nothing)');
	t.true((capped['usual'] as number) <= 8);
	t.true(capped['held']);
});

test('a holiday gives V8 its own growth back until the work it covers settles, then the ceiling holds again', async t => {
	const seen = await run('holiday');
	t.true(seen['before'], 'held before');
	t.true(seen['inHoliday'], 'growing during the holiday');
	t.true((seen['usual'] as number) > 8, 'the nursery grew during the holiday');
	t.true(seen['after'], 'held again after');
});

test('the renderer boots and a long article renders under V8\'s own flags; a short one under the ceiling', async t => {
	const seen = await run('renders');
	// Growing while the renderer boots and while the long article renders; the ceiling holding otherwise.
	t.deepEqual(seen, {whileBooting: true, afterBoot: true, whileShort: true, whileLong: true, afterLong: true, lines: seen['lines']});
	t.true((seen['lines'] as number) > 10_000);
});

test('the nursery is emptied once the reader is still, not while frames keep coming', async t => {
	const seen = await run('still');
	t.log(seen);
	// A gap of 300 ms between two frames (a loaded machine holding the 10 ms timer back) is stillness: a check may
	// come in it. Otherwise none while the frames came, and one once they stopped.
	const paused = (seen['longestGap'] as number) >= 300;
	if (!paused) {
		t.is(seen['whileMoving'], 0, 'no check of its own while frames came every 10 ms');
	}

	t.is(seen['checks'], (seen['whileMoving'] as number) + 1, 'one once it was still');
	// The last frame left the nursery over half full; V8 itself may have emptied it before the check (a full
	// collection finishing, on a loaded machine), and then there is nothing to do.
	if (paused) {
		t.log('the frames paused on the way (a loaded machine): the scavenges are not counted');
	} else if ((seen['share'] as number) > 0.25) {
		t.is(seen['scavenges'], 1, 'a nursery over a quarter full is scavenged');
		t.true((seen['full'] as number) > (seen['still'] as number) * 2, `emptied: ${String(seen['full'])} → ${String(seen['still'])} MB`);
	} else {
		t.is(seen['scavenges'], 0, 'a nursery V8 had emptied is left alone');
	}
});

test('a large library\'s load garbage is given back by one memory-reducing collection; a smaller one pays nothing', async t => {
	const result = await run('compact');
	t.log(`heap ${Number(result['beforeMb']).toFixed(0)} → ${Number(result['afterMb']).toFixed(0)} MB in ${Number(result['ms']).toFixed(0)} ms`);
	t.is(result['under'], 0, 'under the threshold no collection runs');
	t.true((result['ms'] as number) > 0);
	t.true((result['afterMb'] as number) < (result['beforeMb'] as number) - 10, 'the free pages are given back');
	t.is(result['kept'], 30_000);
});
