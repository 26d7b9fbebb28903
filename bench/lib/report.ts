import type {Summary} from './stats.js';

export type ProgramResult = {summaries: Record<string, Summary>; samples: Record<string, number[]>; errors: string[]};

export type SizeResult = {
	size: number;
	corpus: {files: number; bytes: number; generatedMs?: number; cached: boolean};
	tidings?: ProgramResult;
	newsboat?: ProgramResult & {version: string; reloadMs?: number; feedBytes: number};
};

export type MarksResult = {
	size: number;
	marks: number;
	zero: ProgramResult;
	full: ProgramResult;
	check?: {lost: number; missingNew: number; storeMarks: number; expectedAtLeast: number};
};

export type Results = {
	startedAt: string;
	command: string;
	machine: {cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string; loadAverageAtStart: number; loadAverageAtEnd?: number};
	options: {sizes: number[]; runs: number; runsAt100k: number; seed: number; quick: boolean};
	newsboat: {found: boolean; version?: string};
	tidingsBuilt: boolean;
	sizes: SizeResult[];
	big?: ProgramResult & {bytes: number};
	marks?: MarksResult;
	targets: Target[];
	durationMs: number;
};

export type Target = {name: string; met: boolean | undefined; detail: string};

type Row = {label: string; tidings?: string; newsboat?: string; unit: 'ms' | 'MB'};

export const listRows: Row[] = [
	{label: 'time to titles, cold (no index cache)', tidings: 'titlesColdMs', newsboat: 'nb.titlesMs', unit: 'ms'},
	{label: 'time to titles, warm', tidings: 'titlesWarmMs', newsboat: 'nb.titlesMs', unit: 'ms'},
	{label: 'whole list loaded, cold', tidings: 'readyColdMs', unit: 'ms'},
	{label: 'whole list loaded, warm', tidings: 'readyWarmMs', unit: 'ms'},
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
	{label: '`list --json`, cold', tidings: 'listJsonColdMs', unit: 'ms'},
	{label: '`list --json`, warm', tidings: 'listJsonWarmMs', unit: 'ms'},
];

export const bigRows: Row[] = [
	{label: 'open (`Enter` → first screen)', tidings: 'big.openMs', unit: 'ms'},
	{label: '`space`', tidings: 'big.spaceMs', unit: 'ms'},
	{label: '`j`', tidings: 'big.jMs', unit: 'ms'},
	{label: '`G` (end on screen)', tidings: 'big.GMs', unit: 'ms'},
	{label: '`g` (top on screen)', tidings: 'big.gMs', unit: 'ms'},
	{label: 'peak RSS', tidings: 'big.peakRssMb', unit: 'MB'},
];

export function formatValue(value: number | undefined, unit: 'ms' | 'MB'): string {
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

function table(rows: Row[], tidings: ProgramResult | undefined, newsboat: ProgramResult | undefined): string[] {
	const withNewsboat = newsboat !== undefined;
	const out = withNewsboat
		? ['| measure | Tidings median | Tidings p95 | newsboat median | newsboat p95 | Tidings / newsboat |', '| --- | ---: | ---: | ---: | ---: | ---: |']
		: ['| measure | Tidings median | Tidings p95 |', '| --- | ---: | ---: |'];
	for (const row of rows) {
		const t = row.tidings ? tidings?.summaries[row.tidings] : undefined;
		const n = row.newsboat ? newsboat?.summaries[row.newsboat] : undefined;
		if (!t && !n) {
			continue;
		}

		const cells = [row.label, formatValue(t?.median, row.unit), formatValue(t?.p95, row.unit)];
		if (withNewsboat) {
			cells.push(formatValue(n?.median, row.unit), formatValue(n?.p95, row.unit), ratio(t?.median, n?.median));
		}

		out.push(`| ${cells.join(' | ')} |`);
	}

	return out;
}

const sizeName = (size: number): string => (size >= 1000 ? `${size / 1000}k` : String(size));

export function markdown(results: Results): string {
	const out: string[] = [];
	const m = results.machine;
	out.push(`Measured by \`${results.command}\` on ${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, Node ${m.node}, load average ${m.loadAverageAtStart.toFixed(1)} at the start and ${m.loadAverageAtEnd?.toFixed(1) ?? '?'} at the end, ${results.options.runs} runs (${results.options.runsAt100k} at 100k), seed ${results.options.seed}; ${results.newsboat.found ? results.newsboat.version ?? 'newsboat' : 'newsboat not found on the PATH: Tidings\' figures alone'}.`);
	out.push('Key timings run from the key written to the pseudo-terminal until the screen (read through a terminal emulator) shows the result and the output goes quiet. "Cold" starts have an empty index cache (the files are in the OS page cache either way); newsboat\'s time to titles is its start plus opening the one feed.');
	if (!results.tidingsBuilt) {
		out.push('', '**Tidings was not built (no dist/cli.js): newsboat\'s figures alone.**');
	}

	for (const size of results.sizes) {
		out.push('', `### ${sizeName(size.size)} articles (${(size.corpus.bytes / 1e6).toFixed(0)} MB of Markdown, half marked read)`, '');
		out.push(...table(listRows, size.tidings, size.newsboat));
		for (const [who, result] of [['Tidings', size.tidings], ['newsboat', size.newsboat]] as const) {
			for (const error of result?.errors ?? []) {
				out.push('', `${who} error: ${error.split('\n')[0]}`);
			}
		}
	}

	if (results.big) {
		out.push('', `### One ${(results.big.bytes / 1e6).toFixed(1)} MB article`, '');
		out.push(...table(bigRows, results.big, undefined));
		for (const error of results.big.errors) {
			out.push('', `error: ${error.split('\n')[0]}`);
		}
	}

	if (results.marks) {
		const {zero, full, marks, size, check} = results.marks;
		out.push('', `### ${marks.toLocaleString('en')} read marks in the store (${sizeName(size)} library; each round: \`j\`, \`Enter\` (marks it read), \`q\`)`, '');
		out.push('| measure | no marks, median | no marks, p95 | 50k marks, median | 50k marks, p95 | difference of medians |', '| --- | ---: | ---: | ---: | ---: | ---: |');
		for (const [label, key] of [['`j`', 'jMs'], ['open (`Enter`)', 'openMs'], ['back (`q`)', 'backMs'], ['peak RSS', 'peakRssMb']] as const) {
			const unit = key === 'peakRssMb' ? 'MB' : 'ms';
			const a = zero.summaries[`zero.${key}`];
			const b = full.summaries[`full.${key}`];
			const difference = a && b ? b.median - a.median : undefined;
			out.push(`| ${label} | ${formatValue(a?.median, unit)} | ${formatValue(a?.p95, unit)} | ${formatValue(b?.median, unit)} | ${formatValue(b?.p95, unit)} | ${difference === undefined ? '—' : `${difference >= 0 ? '+' : ''}${difference.toFixed(1)} ${unit}`} |`);
		}

		if (check) {
			out.push('', `Store after quitting: ${check.storeMarks} marks (at least ${check.expectedAtLeast} expected); ${check.lost} of the ${marks} original marks lost; ${check.missingNew} newly read articles missing.`);
		}

		for (const error of [...zero.errors, ...full.errors]) {
			out.push('', `error: ${error.split('\n')[0]}`);
		}
	}

	out.push('', '### Targets (issue 3)', '', '| target | met | figures |', '| --- | :---: | --- |');
	for (const target of results.targets) {
		out.push(`| ${target.name} | ${target.met === undefined ? '–' : (target.met ? '✓' : '✗')} | ${target.detail} |`);
	}

	return out.join('\n') + '\n';
}

/** The issue's targets, checked against the medians of this run. */
export function checkTargets(results: Omit<Results, 'targets' | 'durationMs'>): Target[] {
	const targets: Target[] = [];
	const at = (size: number): SizeResult | undefined => results.sizes.find(entry => entry.size === size);
	const med = (result: ProgramResult | undefined, key: string): number | undefined => result?.summaries[key]?.median;
	const ms = (value: number | undefined): string => formatValue(value, 'ms');
	const add = (name: string, value: number | undefined, limit: number | undefined, detail: string): void => {
		targets.push({name, met: value === undefined || limit === undefined ? undefined : value <= limit, detail});
	};

	const keyPairs = [['j', 'jMs', 'nb.downMs'], ['k', 'kMs', 'nb.upMs'], ['page down', 'pageDownMs', 'nb.pageDownMs'], ['G', 'GMs', 'nb.endMs']] as const;
	for (const size of [10_000, 100_000]) {
		const entry = at(size);
		if (!entry) {
			continue;
		}

		const name = sizeName(size);
		if (size === 10_000) {
			const t = med(entry.tidings, 'titlesWarmMs');
			const n = med(entry.newsboat, 'nb.titlesMs');
			add(`${name}: time to titles ≤ 1.5 × newsboat's`, t, n === undefined ? undefined : 1.5 * n, `warm ${ms(t)} (cold ${ms(med(entry.tidings, 'titlesColdMs'))}) vs newsboat ${ms(n)}${n === undefined ? ' (no newsboat figure)' : ` × 1.5 = ${ms(1.5 * n)}`}`);
		} else {
			const warm = med(entry.tidings, 'titlesWarmMs');
			const cold = med(entry.tidings, 'titlesColdMs');
			add(`${name}: time to titles ≤ 1 s warm`, warm, 1000, ms(warm));
			add(`${name}: time to titles ≤ 3 s cold`, cold, 3000, ms(cold));
		}

		for (const [label, tKey, nKey] of keyPairs) {
			const t = med(entry.tidings, tKey);
			const n = med(entry.newsboat, nKey);
			add(`${name}: \`${label}\` latency ≤ newsboat's + 5 ms`, t, n === undefined ? undefined : n + 5, `${ms(t)} vs newsboat ${ms(n)}`);
		}

		const open = med(entry.tidings, 'openMs');
		add(`${name}: open ≤ 50 ms`, open, 50, ms(open));
		if (size === 100_000) {
			const rss = entry.tidings?.summaries.peakRssMb?.max;
			add(`${name}: peak RSS ≤ 250 MB`, rss, 250, `${formatValue(rss, 'MB')} (highest of the runs)`);
			const json = med(entry.tidings, 'listJsonWarmMs');
			add(`${name}: \`list --json\` ≤ 2 s`, json, 2000, `warm ${ms(json)}, cold ${ms(med(entry.tidings, 'listJsonColdMs'))}`);
		}
	}

	if (results.big) {
		const open = med(results.big, 'big.openMs');
		add('1 MB article: first screen ≤ 300 ms', open, 300, ms(open));
		const steps = ['big.spaceMs', 'big.jMs', 'big.GMs'].map(key => med(results.big, key));
		const worst = steps.some(step => step === undefined) ? undefined : Math.max(...(steps as number[]));
		add('1 MB article: each scroll step ≤ 20 ms', worst, 20, `space ${ms(steps[0])}, j ${ms(steps[1])}, G ${ms(steps[2])}`);
	}

	if (results.marks) {
		const {zero, full, check} = results.marks;
		const differences = ['jMs', 'openMs', 'backMs'].map(key => {
			const a = med(zero, `zero.${key}`);
			const b = med(full, `full.${key}`);
			return a === undefined || b === undefined ? undefined : b - a;
		});
		const worst = differences.some(value => value === undefined) ? undefined : Math.max(...(differences as number[]));
		add('50k read marks add nothing visible to key latency (≤ 5 ms on the medians)', worst, 5, `j ${differences[0]?.toFixed(1) ?? '—'} ms, open ${differences[1]?.toFixed(1) ?? '—'} ms, back ${differences[2]?.toFixed(1) ?? '—'} ms`);
		targets.push({name: 'no read mark is lost', met: check ? check.lost === 0 && check.missingNew === 0 : undefined, detail: check ? `${check.lost} lost, ${check.missingNew} new missing, ${check.storeMarks} in the store` : 'not checked'});
	}

	return targets;
}
