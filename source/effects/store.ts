/**
Writes to the state store. Marks and stars go through the undo journal (source/core/journal.ts) so that `u` can take
them back; the model already holds the new marks, so these effects return nothing, except undo and redo, whose
outcome (which ids took which value) comes back as `marks-applied`.
*/
import {beforeAt, describeEntry, recordChange} from '../core/journal.js';
import {putView} from '../core/query/views.js';
import type {Action, Effect} from '../app/actions.js';
import type {EffectDeps} from './deps.js';

type StoreEffect = Extract<Effect, {type: 'mark' | 'undo' | 'redo' | 'save-position' | 'save-selected' | 'save-settings' | 'save-view'}>;

export async function storeEffect(effect: StoreEffect, {store}: EffectDeps): Promise<Action[]> {
	switch (effect.type) {
		case 'mark': {
			const {kind, ids, value} = effect;
			store.change(state => {
				recordChange(state, {kind, ids, after: value});
			});
			return [];
		}

		case 'undo':
		case 'redo': {
			// The store takes back the change this reader shows, not whatever another process recorded last (issue 15).
			const step = effect.type === 'undo' ? store.undo() : store.redo();
			if (step.kind === 'nothing') {
				return [{type: 'status', message: effect.type === 'undo' ? 'Nothing to undo' : 'Nothing to redo'}];
			}

			if (step.kind === 'elsewhere') {
				return [{type: 'status', message: `Cannot ${effect.type}: that change was already ${effect.type === 'undo' ? 'undone' : 'redone'} by another Tidings`}];
			}

			const done = step.entry;
			const values = effect.type === 'undo' ? done.ids.map((_id, index) => beforeAt(done, index)) : done.ids.map(() => done.after);
			const verb = effect.type === 'undo' ? 'Undone' : 'Redone';
			return [{type: 'marks-applied', kind: done.kind, ids: done.ids, values, message: `${verb}: ${describeEntry(done)}`}];
		}

		case 'save-position': {
			const {id, line} = effect;
			store.change(state => {
				if (line > 0) {
					state.positions.set(id, line);
				} else {
					state.positions.delete(id);
				}
			});
			return [];
		}

		case 'save-selected': {
			const {id} = effect;
			store.change(state => {
				state.selected = id;
			});
			return [];
		}

		case 'save-settings': {
			const {settings} = effect;
			store.change(state => {
				state.settings = {...state.settings, ...settings};
			});
			return [];
		}

		case 'save-view': {
			const {view} = effect;
			store.change(state => {
				state.views = putView(state.views, view);
			});
			return [];
		}
	}
}
