/**
The TUI filter at library scale, measured where a keystroke is handled: each key of `/…` goes through the app's
reducer (parse, `filterArticles` over `all`, source/tag narrowing, the cursor kept), exactly what the reader does per
key press, without Ink. Also times the other finding keys that touch the whole list: `o` (sort), `S` (source picker
with unread counts), `v` (views with unread counts), `A`+`y` (mark all listed read) and `u` (undo it). Run:

	node --import=tsx bench/tui-filter.ts [--count 100000] [--runs 5]
*/
import {performance} from 'node:perf_hooks';
import {initialState, type Action, type AppState} from '../source/app/state.js';
import {reducer} from '../source/app/reducer.js';
import {Marks} from '../source/app/marks.js';
import {prepareRows} from '../source/core/query/index.js';
import {recordChange, undoChange, beforeAt, type JournalTarget} from '../source/core/journal.js';
import {benchMetas, numberArgument} from './lib/in-process.js';

const count = numberArgument('count', 100_000);
const runs = numberArgument('runs', 5);
const metas = benchMetas(count, {varied: false});

const target: JournalTarget = {read: new Set(metas.filter((_meta, index) => index % 3 === 0).map(meta => meta.id)), starred: new Set()};
let state: AppState = initialState({rows: 40, columns: 120, marks: Marks.from({read: target.read, starred: [], positions: []})});

// The store effects as the reader runs them (through the journal), synchronously; everything else is dropped.
function dispatch(action: Action): void {
	const [next, effects] = reducer(state, action);
	state = next;
	for (const effect of effects) {
		if (effect.type === 'mark') {
			recordChange(target, {kind: effect.kind, ids: effect.ids, after: effect.value});
		} else if (effect.type === 'undo') {
			const entry = undoChange(target);
			if (entry) {
				dispatch({type: 'marks-applied', kind: entry.kind, ids: entry.ids, values: entry.ids.map((_id, index) => beforeAt(entry, index)), message: 'Undone'});
			}
		}
	}
}

const timed = (action: () => void): number => {
	const started = performance.now();
	action();
	return performance.now() - started;
};

const keyOf = (character: string) => (character === ' ' ? 'space' : character);
const summary = (times: number[]) => {
	const sorted = [...times].sort((a, b) => a - b);
	const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))]!;
	return {medianMs: at(0.5), p95Ms: at(0.95), maxMs: sorted.at(-1)!};
};

const loadMs = timed(() => dispatch({type: 'library-loaded', articles: metas, final: true}));
const foldMs = timed(() => prepareRows(state.all));

const queries = ['council vote', 'cafe', '"night trains"', 'tag:economie -is:read', 'bridge OR ferry -tag:sport', 'source:harbour is:unread'];
const keystrokes: number[] = [];
for (let run = 0; run < runs + 1; run++) {
	for (const query of queries) {
		dispatch({type: 'key', spec: '/'});
		for (const character of query) {
			const elapsed = timed(() => dispatch({type: 'key', spec: keyOf(character)}));
			if (run > 0) {
				keystrokes.push(elapsed);
			}
		}

		for (let index = 0; index < 3; index++) {
			const elapsed = timed(() => dispatch({type: 'key', spec: 'backspace'}));
			if (run > 0) {
				keystrokes.push(elapsed);
			}
		}

		dispatch({type: 'key', spec: 'escape'});
	}
}

const filter = summary(keystrokes);
const sortTimes: number[] = [];
for (let index = 0; index < 4; index++) {
	sortTimes.push(timed(() => dispatch({type: 'key', spec: 'o'})));
	// The runtime folds the new list after the frame; the bench does it too, outside the timing.
	prepareRows(state.all);
}

const pickerMs = timed(() => dispatch({type: 'key', spec: 'S'}));
dispatch({type: 'key', spec: 'escape'});
dispatch({type: 'find-setup', views: [{name: 'Climate', query: 'tag:climate'}, {name: 'Harbour', query: 'source:harbour -is:read'}]});
const viewsMs = timed(() => dispatch({type: 'key', spec: 'v'}));
dispatch({type: 'key', spec: 'escape'});

dispatch({type: 'key', spec: '/'});
for (const character of 'tag:climate') {
	dispatch({type: 'key', spec: character});
}

dispatch({type: 'key', spec: 'enter'});
const listed = state.visible.length;
const markAllMs = timed(() => {
	dispatch({type: 'key', spec: 'A'});
	dispatch({type: 'key', spec: 'y'});
});
const undoMs = timed(() => dispatch({type: 'key', spec: 'u'}));

console.log(`${count} articles: library-loaded ${loadMs.toFixed(0)} ms, folding the rows (after the first frame) ${foldMs.toFixed(0)} ms`);
console.log(`filter keystroke through the reducer (${keystrokes.length} keys): median ${filter.medianMs.toFixed(2)} ms, p95 ${filter.p95Ms.toFixed(2)} ms, max ${filter.maxMs.toFixed(2)} ms`);
console.log(`o (sort, each order): ${sortTimes.map(time => time.toFixed(0)).join(' / ')} ms; S (sources with unread counts) ${pickerMs.toFixed(1)} ms; v (2 views) ${viewsMs.toFixed(1)} ms`);
console.log(`A y over ${listed} listed: ${markAllMs.toFixed(1)} ms; u: ${undoMs.toFixed(1)} ms`);
console.log(JSON.stringify({count, loadMs, foldMs, filter, sortMs: sortTimes, pickerMs, viewsMs, markAll: {listed, ms: markAllMs}, undoMs}));
