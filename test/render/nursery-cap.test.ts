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
	t.false(capped['growing']);
});

test('a holiday gives V8 its own growth back until the work it covers settles, then the ceiling holds again', async t => {
	const seen = await run('holiday');
	t.false(seen['before']);
	t.true(seen['inHoliday']);
	t.true((seen['usual'] as number) > 8, 'the nursery grew during the holiday');
	t.false(seen['after']);
});

test('the renderer boots and a long article renders under V8\'s own flags; a short one under the ceiling', async t => {
	const seen = await run('renders');
	t.deepEqual(seen, {whileBooting: true, afterBoot: false, whileShort: false, whileLong: true, afterLong: false, lines: seen['lines']});
	t.true((seen['lines'] as number) > 10_000);
});

test('the nursery is emptied once the reader is still, not while frames keep coming', async t => {
	const seen = await run('still');
	const full = seen['full'] as number;
	t.true(full > 0.5, `the scenario filled it (${full} MB)`);
	t.true((seen['whileMoving'] as number) >= full * 0.9, 'nothing collected while frames came every 10 ms');
	t.true((seen['still'] as number) < full / 2, 'collected 25 ms after the last frame');
});
