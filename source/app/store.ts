import type {Action, Effect} from './actions.js';
import type {AppState} from './state.js';
import {reducer} from './reducer.js';

export type Dispatch = (action: Action) => void;

/**
Runs one effect and resolves to the actions it produced. A long effect may also report progress on the way (`progress`
dispatches an action at once, as a fetch counts its feeds); its result still comes back as actions.
*/
export type EffectRunner = (effect: Effect, progress: Dispatch) => Promise<readonly Action[]>;

export type Store = {
	getState(): AppState;
	dispatch: Dispatch;
	subscribe(listener: () => void): () => void;
	/** Resolves once every effect started so far has finished and its actions are dispatched (tests, quitting). */
	settled(): Promise<void>;
};

/**
One store: the reducer decides, effects run at the edge and come back as actions (Bubble Tea's Model + Cmd). An action
is never dispatched from inside another dispatch: an effect's actions arrive after its promise resolves.
*/
export function createStore(initial: AppState, runEffect: EffectRunner, onEffectError: (error: unknown, effect: Effect) => Action = error => ({type: 'status', message: `Tidings hit a bug: ${error instanceof Error ? error.message : String(error)}`})): Store {
	let state = initial;
	const listeners = new Set<() => void>();
	const running = new Set<Promise<void>>();
	const getState = () => state;
	const dispatch: Dispatch = action => {
		const [next, effects] = reducer(state, action);
		if (next !== state) {
			state = next;
			for (const listener of listeners) {
				listener();
			}
		}

		for (const effect of effects) {
			// Started at once (a store write happens now, not a tick later); its actions arrive when it resolves.
			let started: Promise<readonly Action[]>;
			try {
				started = runEffect(effect, dispatch);
			} catch (error) {
				started = Promise.reject(error as Error);
			}

			const done = started
				.then(actions => {
					for (const result of actions) {
						dispatch(result);
					}
				}, (error: unknown) => {
					dispatch(onEffectError(error, effect));
				})
				.finally(() => {
					running.delete(done);
				});
			running.add(done);
		}
	};

	return {
		getState,
		dispatch,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		async settled() {
			while (running.size > 0) {
				await Promise.all([...running]);
			}
		},
	};
}
