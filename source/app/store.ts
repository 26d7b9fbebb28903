import {reducer, type Action, type AppState, type Effect} from './state.js';

export type Dispatch = (action: Action) => void;
export type EffectRunner = (effect: Effect, dispatch: Dispatch, getState: () => AppState) => void;

export type Store = {
	getState(): AppState;
	dispatch: Dispatch;
	subscribe(listener: () => void): () => void;
};

/** One store: the reducer decides, effects run at the edge and come back as actions (Bubble Tea's Model + Cmd). */
export function createStore(initial: AppState, runEffect: EffectRunner): Store {
	let state = initial;
	const listeners = new Set<() => void>();
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
			runEffect(effect, dispatch, getState);
		}
	};

	return {
		getState,
		dispatch,
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
}
