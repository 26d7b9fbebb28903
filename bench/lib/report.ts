import type {Summary} from './stats.js';

export type ProgramResult = {summaries: Record<string, Summary>; samples: Record<string, number[]>; errors: string[]};

/** Load average (1 minute) when a section started and ended: other work on the 2-core machine skews every figure. */
export type Load = {start: number; end?: number};

export type SizeResult = {
	size: number;
	corpus: {files: number; bytes: number; generatedMs?: number; cached: boolean};
	load?: Load;
	tidings?: ProgramResult;
	/** The Ink floor (bench/floor/ink-floor.tsx), one <Text> per row and one <Text> for the whole screen. */
	floorRows?: ProgramResult;
	floorScreen?: ProgramResult;
	newsboat?: ProgramResult & {version: string; reloadMs?: number; feedBytes: number};
};

export type MarksResult = {
	size: number;
	marks: number;
	zero: ProgramResult;
	full: ProgramResult;
	check?: {lost: number; missingNew: number; storeMarks: number; expectedAtLeast: number};
};

/** `node -e 0`, `tidings --version`, `tidings --help`: wall time of the whole process. */
export type StartupResult = ProgramResult & {load: Load};

/**
A section another bench module adds (e.g. key latency while the full-text index builds): its Markdown lines and its
goals, which join the goal list at the end.
*/
export type Section = {title: string; lines: string[]; goals: Target[]; load?: Load};

export type Results = {
	startedAt: string;
	command: string;
	machine: {cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string; loadAverageAtStart: number; loadAverageAtEnd?: number};
	options: {sizes: number[]; runs: number; runsAt100k: number; seed: number; quick: boolean};
	newsboat: {found: boolean; version?: string};
	tidingsBuilt: boolean;
	startup?: StartupResult;
	sizes: SizeResult[];
	big?: ProgramResult & {bytes: number; load?: Load};
	marks?: MarksResult;
	sections?: Section[];
	targets: Target[];
	durationMs: number;
};

export type Target = {name: string; met: boolean | undefined; detail: string};

type Unit = 'ms' | 'MB';
type Row = {label: string; tidings?: string; newsboat?: string; unit: Unit; goal?: Goal};

/** A goal of issue 14 for one measure: a ratio to newsboat's median (plus `plus` ms), or an absolute limit. */
type Goal = {ratio?: number; plus?: number; limit?: number};

/** The size class a library falls in: the issue's goals are given for 1k, 10k and 100k. */
export const sizeClass = (size: number): 1000 | 10_000 | 100_000 => (size < 5000 ? 1000 : (size < 50_000 ? 10_000 : 100_000));

function goals(size: number): Record<string, Goal> {
	const at = sizeClass(size);
	const titles = {1000: 1.5, 10_000: 1, 100_000: 0.25}[at];
	const key: Goal = at === 100_000 ? {ratio: 0.2} : {ratio: 1.5, plus: 1};
	const rss: Goal = {1000: {ratio: 2.5}, 10_000: {ratio: 1}, 100_000: {ratio: 0.2, limit: 230}}[at];
	return {
		titlesWarmMs: {ratio: titles},
		jMs: key,
		kMs: key,
		pageDownMs: key,
		pageUpMs: key,
		GMs: key,
		gMs: key,
		openMs: {ratio: 1.5},
		nextMs: {ratio: 1.5},
		prevMs: {ratio: 1.5},
		peakRssMb: rss,
		...(at === 10_000 ? {listJsonWarmMs: {limit: 250}} : {}),
	};
}

export const listRows: Row[] = [
	{label: 'time to titles, warm', tidings: 'titlesWarmMs', newsboat: 'nb.titlesMs', unit: 'ms'},
	{label: 'time to titles, cold (no index cache)', tidings: 'titlesColdMs', newsboat: 'nb.titlesMs', unit: 'ms'},
	{label: 'whole list loaded, warm', tidings: 'readyWarmMs', unit: 'ms'},
	{label: 'whole list loaded, cold', tidings: 'readyColdMs', unit: 'ms'},
	{label: '`j` / ↓', tidings: 'jMs', newsboat: 'nb.downMs', unit: 'ms'},
	{label: '`k` / ↑', tidings: 'kMs', newsboat: 'nb.upMs', unit: 'ms'},
	{label: 'page down (`space` / PgDn)', tidings: 'pageDownMs', newsboat: 'nb.pageDownMs', unit: 'ms'},
	{label: 'page up (`b` / PgUp)', tidings: 'pageUpMs', newsboat: 'nb.pageUpMs', unit: 'ms'},
	{label: '`G` / End', tidings: 'GMs', newsboat: 'nb.endMs', unit: 'ms'},
	{label: '`g` / Home', tidings: 'gMs', newsboat: 'nb.homeMs', unit: 'ms'},
	{label: 'open (`Enter` → body)', tidings: 'openMs', newsboat: 'nb.openMs', unit: 'ms'},
	{label: 'next article (`n` / `J`)', tidings: 'nextMs', newsboat: 'nb.nextMs', unit: 'ms'},
	{label: 'previous article (`p` / `K`)', tidings: 'prevMs', newsboat: 'nb.prevMs', unit: 'ms'},
	{label: 'back to the list (`q`)', tidings: 'backMs', newsboat: 'nb.backMs', unit: 'ms'},
	{label: 'peak RSS', tidings: 'peakRssMb', newsboat: 'nb.peakRssMb', unit: 'MB'},
	{label: '`list --json`, warm', tidings: 'listJsonWarmMs', unit: 'ms'},
	{label: '`list --json`, cold', tidings: 'listJsonColdMs', unit: 'ms'},
];

export const bigRows: Row[] = [
	{label: 'open (`Enter` → first screen)', tidings: 'big.openMs', unit: 'ms', goal: {limit: 100}},
	{label: '`space`', tidings: 'big.spaceMs', unit: 'ms'},
	{label: '`j`', tidings: 'big.jMs', unit: 'ms'},
	{label: '`G` (end on screen)', tidings: 'big.GMs', unit: 'ms'},
	{label: '`g` (top on screen)', tidings: 'big.gMs', unit: 'ms'},
	{label: 'peak RSS', tidings: 'big.peakRssMb', unit: 'MB'},
];

export function formatValue(value: number | undefined, unit: Unit): string {
	if (value === undefined) {
		return '—';
	}

	if (unit === 'MB') {
		return `${Math.round(value)} MB`;
	}

	if (value >= 1000) {
		return `${(value / 1000).toFixed(2)} s`;
	}

	return value < 10 ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
}

function ratio(a: number | undefined, b: number | undefined): string {
	if (a === undefined || b === undefined || b === 0) {
		return '—';
	}

	return `×${(a / b).toFixed(a / b >= 10 ? 0 : 2)}`;
}

/** The limit a goal sets given newsboat's median, and its wording; undefined when it needs a newsboat figure we lack. */
function limitOf(goal: Goal, newsboat: number | undefined, unit: Unit): {limit: number; text: string} | undefined {
	const parts: Array<{limit: number; text: string}> = [];
	if (goal.ratio !== undefined) {
		if (newsboat === undefined) {
			return undefined;
		}

		const limit = (goal.ratio * newsboat) + (goal.plus ?? 0);
		parts.push({limit, text: `≤ ${goal.ratio}× nb${goal.plus ? ` + ${goal.plus} ms` : ''} = ${formatValue(limit, unit)}`});
	}

	if (goal.limit !== undefined) {
		parts.push({limit: goal.limit, text: `≤ ${formatValue(goal.limit, unit)}`});
	}

	if (parts.length === 0) {
		return undefined;
	}

	return {limit: Math.min(...parts.map(part => part.limit)), text: parts.map(part => part.text).join(' and ')};
}

const mark = (met: boolean | undefined): string => (met === undefined ? '–' : (met ? '✓' : '✗'));
const loadText = (load: Load | undefined): string => (load ? `load ${load.start.toFixed(1)}→${load.end?.toFixed(1) ?? '?'}` : 'load ?');

/** Tidings / Ink floor (rows, screen) / newsboat, the ratio to newsboat and the goal, medians only. */
function table(rows: Row[], columns: {tidings?: ProgramResult; floorRows?: ProgramResult; floorScreen?: ProgramResult; newsboat?: ProgramResult}, goalFor: (row: Row) => Goal | undefined): string[] {
	const floor = columns.floorRows !== undefined || columns.floorScreen !== undefined;
	const withNewsboat = columns.newsboat !== undefined;
	const head = ['measure', 'Tidings', ...(floor ? ['Ink floor, rows', 'Ink floor, one Text'] : []), ...(withNewsboat ? ['newsboat', 'Tidings / newsboat'] : []), 'goal', 'met'];
	const out = [`| ${head.join(' | ')} |`, `| --- | ${head.slice(1).map(name => (name === 'met' ? ':---:' : '---:')).join(' | ')} |`];
	for (const row of rows) {
		const med = (result: ProgramResult | undefined, key: string | undefined): number | undefined => (key ? result?.summaries[key]?.median : undefined);
		const t = med(columns.tidings, row.tidings);
		const n = med(columns.newsboat, row.newsboat);
		if (t === undefined && n === undefined) {
			continue;
		}

		const goal = goalFor(row);
		const limit = goal ? limitOf(goal, n, row.unit) : undefined;
		const cells = [row.label, formatValue(t, row.unit)];
		if (floor) {
			cells.push(formatValue(med(columns.floorRows, row.tidings), row.unit), formatValue(med(columns.floorScreen, row.tidings), row.unit));
		}

		if (withNewsboat) {
			cells.push(formatValue(n, row.unit), ratio(t, n));
		}

		cells.push(limit?.text ?? (goal ? '(needs newsboat)' : ''), goal ? mark(limit && t !== undefined ? t <= limit.limit : undefined) : '');
		out.push(`| ${cells.join(' | ')} |`);
	}

	return out;
}

const sizeName = (size: number): string => (size >= 1000 ? `${size / 1000}k` : String(size));

export function markdown(results: Results): string {
	const out: string[] = [];
	const m = results.machine;
	out.push(`Measured by \`${results.command}\` on ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}, ${results.newsboat.found ? results.newsboat.version ?? 'newsboat' : 'newsboat not found on the PATH: no ratios'}; load average ${m.loadAverageAtStart.toFixed(1)} at the start and ${m.loadAverageAtEnd?.toFixed(1) ?? '?'} at the end (each section gives its own); ${results.options.runs} runs (${results.options.runsAt100k} at 100k), seed ${results.options.seed}.`);
	out.push('Every figure is a median over all runs (several samples per run for the keys; raw samples and p95s in the JSON). Key timings run from the key written to the pseudo-terminal until the screen (read through a terminal emulator) shows the result and the output goes quiet. "Warm" starts reuse the index cache, "cold" ones have none (the files are in the OS page cache either way); newsboat\'s time to titles is its start plus opening the one feed. The Ink floor is a minimal Ink 8 program (bench/floor/ink-floor.tsx) showing the same titles from a prepared list, bundled and started like Tidings: what Node + React + Ink cost before Tidings does anything. Goals are issue 14\'s, as ratios to newsboat measured in the same run (nb = newsboat\'s median).');
	if (!results.tidingsBuilt) {
		out.push('', '**Tidings was not built (no dist/cli.js): newsboat\'s figures alone.**');
	}

	if (results.startup) {
		const s = results.startup.summaries;
		const node = s.nodeMs?.median;
		out.push('', `#### Start of a command (${loadText(results.startup.load)})`, '', '| command | median | goal | met |', '| --- | ---: | ---: | :---: |');
		out.push(`| \`node -e 0\` (bare Node) | ${formatValue(node, 'ms')} | | |`);
		for (const [label, key] of [['`tidings --version`', 'versionMs'], ['`tidings --help`', 'helpMs']] as const) {
			const value = s[key]?.median;
			const limit = node === undefined ? undefined : 1.3 * node;
			out.push(`| ${label} | ${formatValue(value, 'ms')} | ≤ 1.3× node = ${formatValue(limit, 'ms')} | ${mark(value === undefined || limit === undefined ? undefined : value <= limit)} |`);
		}

		if (s['idleWorkerMb'] !== undefined) {
			out.push('', `One worker thread that loads nothing adds ${formatValue(s['idleWorkerMb'].median, 'MB')} to a process's RSS (Tidings renders in one: its memory floor is the Ink floor plus that).`);
		}
	}

	for (const size of results.sizes) {
		out.push('', `#### ${sizeName(size.size)} articles (${(size.corpus.bytes / 1e6).toFixed(0)} MB of Markdown, half marked read; ${loadText(size.load)})`, '');
		const byKey = goals(size.size);
		out.push(...table(listRows, size, row => (row.tidings ? byKey[row.tidings] : undefined)));
		for (const [who, result] of [['Tidings', size.tidings], ['Ink floor (rows)', size.floorRows], ['Ink floor (one Text)', size.floorScreen], ['newsboat', size.newsboat]] as const) {
			for (const error of result?.errors ?? []) {
				out.push('', `${who} error: ${error.split('\n')[0]}`);
			}
		}
	}

	if (results.big) {
		out.push('', `#### One ${(results.big.bytes / 1e6).toFixed(1)} MB article (${loadText(results.big.load)})`, '');
		out.push(...table(bigRows, {tidings: results.big}, row => row.goal));
		for (const error of results.big.errors) {
			out.push('', `error: ${error.split('\n')[0]}`);
		}
	}

	if (results.marks) {
		const {zero, full, marks, size, check} = results.marks;
		out.push('', `#### ${marks.toLocaleString('en')} read marks in the store (${sizeName(size)} library; each round: \`j\`, \`Enter\` (marks it read), \`q\`)`, '');
		out.push('| measure | no marks | 50k marks | difference |', '| --- | ---: | ---: | ---: |');
		for (const [label, key] of [['`j`', 'jMs'], ['open (`Enter`)', 'openMs'], ['back (`q`)', 'backMs'], ['peak RSS', 'peakRssMb']] as const) {
			const unit = key === 'peakRssMb' ? 'MB' : 'ms';
			const a = zero.summaries[`zero.${key}`];
			const b = full.summaries[`full.${key}`];
			const difference = a && b ? b.median - a.median : undefined;
			out.push(`| ${label} | ${formatValue(a?.median, unit)} | ${formatValue(b?.median, unit)} | ${difference === undefined ? '—' : `${difference >= 0 ? '+' : ''}${difference.toFixed(1)} ${unit}`} |`);
		}

		if (check) {
			out.push('', `Store after quitting: ${check.storeMarks} marks (at least ${check.expectedAtLeast} expected); ${check.lost} of the ${marks} original marks lost; ${check.missingNew} newly read articles missing.`);
		}

		for (const error of [...zero.errors, ...full.errors]) {
			out.push('', `error: ${error.split('\n')[0]}`);
		}
	}

	for (const section of results.sections ?? []) {
		out.push('', `#### ${section.title}${section.load ? ` (${loadText(section.load)})` : ''}`, '', ...section.lines);
	}

	const met = results.targets.filter(target => target.met === true).length;
	const missed = results.targets.filter(target => target.met === false).length;
	out.push('', `#### Goals (issue 14): ${met} met, ${missed} missed, ${results.targets.length - met - missed} not measured`, '', '| goal | met | figures |', '| --- | :---: | --- |');
	for (const target of results.targets) {
		out.push(`| ${target.name} | ${mark(target.met)} | ${target.detail} |`);
	}

	return out.join('\n') + '\n';
}

/** Every goal of issue 14, checked against the medians of this run (the same checks as the ✓/✗ in the tables). */
export function checkTargets(results: Omit<Results, 'targets' | 'durationMs'>): Target[] {
	const targets: Target[] = [];
	const med = (result: ProgramResult | undefined, key: string | undefined): number | undefined => (key ? result?.summaries[key]?.median : undefined);
	const check = (name: string, value: number | undefined, goal: Goal, newsboat: number | undefined, unit: Unit, extra = ''): void => {
		const limit = limitOf(goal, newsboat, unit);
		const met = value === undefined || limit === undefined ? undefined : value <= limit.limit;
		targets.push({name, met, detail: `${formatValue(value, unit)}${limit ? ` vs ${limit.text}` : ' (no newsboat figure)'}${extra}`});
	};

	if (results.startup) {
		const s = results.startup.summaries;
		const node = s.nodeMs?.median;
		for (const [label, key] of [['--version', 'versionMs'], ['--help', 'helpMs']] as const) {
			const value = s[key]?.median;
			targets.push({name: `\`tidings ${label}\` ≤ 1.3× \`node -e 0\``, met: value === undefined || node === undefined ? undefined : value <= 1.3 * node, detail: `${formatValue(value, 'ms')} vs 1.3 × ${formatValue(node, 'ms')} = ${formatValue(node === undefined ? undefined : 1.3 * node, 'ms')} (${loadText(results.startup.load)})`});
		}
	}

	for (const size of results.sizes) {
		const byKey = goals(size.size);
		for (const row of listRows) {
			const goal = row.tidings ? byKey[row.tidings] : undefined;
			if (!goal || (row.tidings === 'titlesColdMs')) {
				continue;
			}

			const floor = med(size.floorRows, row.tidings);
			// Memory: the floor of a reader that renders in a worker thread, too (see the start section).
			const worker = row.tidings === 'peakRssMb' ? results.startup?.summaries['idleWorkerMb']?.median : undefined;
			const withWorker = floor === undefined || worker === undefined ? '' : `, with an idle worker thread ${formatValue(floor + worker, row.unit)}`;
			check(`${sizeName(size.size)}: ${row.label}`, med(size.tidings, row.tidings), goal, med(size.newsboat, row.newsboat), row.unit, `${floor === undefined ? '' : `; Ink floor ${formatValue(floor, row.unit)}${withWorker}`} (${loadText(size.load)})`);
		}
	}

	if (results.big) {
		check('1 MB article: first screen ≤ 100 ms', med(results.big, 'big.openMs'), {limit: 100}, undefined, 'ms', ` (${loadText(results.big.load)})`);
	}

	if (results.marks) {
		const {check: store} = results.marks;
		targets.push({name: 'no read mark is lost (50k marks in the store)', met: store ? store.lost === 0 && store.missingNew === 0 : undefined, detail: store ? `${store.lost} lost, ${store.missingNew} new missing, ${store.storeMarks} in the store` : 'not checked'});
	}

	for (const section of results.sections ?? []) {
		targets.push(...section.goals);
	}

	return targets;
}
