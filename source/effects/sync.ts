/**
The shared reading state (issue 20): `sync-merge` re-reads every device file in `<library>/.tidings/devices/`,
merges them with the local store and writes this device's file (source/adapters/sync/device-sync.ts). It runs at the
reader's start, on `r`, and whenever `shared-state-changed` is dispatched (the library watcher's entry point). The
marks other devices changed come back as `marks-applied`, so the list shows them at once.
*/
import type {Action, Effect} from '../app/actions.js';
import type {MergeReport} from '../adapters/sync/device-sync.js';
import type {SavedView} from '../core/query/views.js';
import {describeError, type EffectDeps} from './deps.js';

/** The actions that show a merge's outcome in the reader: the marks it changed, and a notice if any. */
export function mergeActions(report: MergeReport, views: readonly SavedView[]): Action[] {
	const actions: Action[] = [];
	const byKind = (['r', 's'] as const).map(kind => report.patches.filter(patch => patch.kind === kind) as Array<{kind: 'r' | 's'; id: string; value: boolean}>);
	// One status line for the whole merge (each action below sets it): "From other devices: 3 read marks, 1 star".
	const counted = byKind.flatMap((patches, index) => (patches.length === 0 ? [] : [`${patches.length} ${index === 0 ? 'read mark' : 'star'}${patches.length === 1 ? '' : 's'}`]));
	const message = `From other devices: ${counted.join(', ')}`;
	for (const [index, patches] of byKind.entries()) {
		if (patches.length > 0) {
			actions.push({type: 'marks-applied', kind: index === 0 ? 'read' : 'star', ids: patches.map(patch => patch.id), values: patches.map(patch => patch.value), message});
		}
	}

	const positions = report.patches.flatMap(patch => (patch.kind === 'p' ? [[patch.id, patch.value] as const] : []));
	if (positions.length > 0) {
		actions.push({type: 'positions-merged', positions});
	}

	if (report.patches.some(patch => patch.kind === 'v')) {
		actions.push({type: 'find-setup', views});
	}

	if (report.notices.length > 0) {
		actions.push({type: 'status', message: report.notices[0]! + (report.notices.length > 1 ? ` (and ${report.notices.length - 1} more: tidings sync status)` : '')});
	}

	return actions;
}

export async function syncEffect(_effect: Extract<Effect, {type: 'sync-merge'}>, deps: EffectDeps): Promise<Action[]> {
	if (deps.libraryDir === undefined || deps.sharedState === false) {
		return [];
	}

	try {
		const {mergeSharedState} = await import('../adapters/sync/device-sync.js');
		const report = mergeSharedState(deps.store, deps.libraryDir);
		return mergeActions(report, deps.store.state.views);
	} catch (error) {
		return [{type: 'status', message: `Couldn't merge the shared reading state: ${describeError(error)}`}];
	}
}
