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
/**
An effect's actions known at once, without running it (a render the cache already holds): undefined when they are not.
The store applies them in the same dispatch, so the key and its result are one state change and one frame.
*/
export type ReadyEffect = (effect: Effect) => readonly Action[] | undefined;

export function createStore(initial: AppState, runEffect: EffectRunner, onEffectError: (error: unknown, effect: Effect) => Action = error => ({type: 'status', message: `Tidings hit a bug: ${error instanceof Error ? error.message : String(error)}`}), ready?: ReadyEffect): Store {
	let state = initial;
	const listeners = new Set<() => void>();
	const running = new Set<Promise<void>>();
	const getState = () => state;
	const dispatch: Dispatch = action => {
		const [next, effects] = reducer(state, action);
		// The actions of effects whose result is known already are reduced before anyone is told: one change, one frame.
		let reduced = next;
		let queue: Effect[] = [...effects];
		const later: Effect[] = [];
		while (ready !== undefined && queue.length > 0) {
			const more: Effect[] = [];
			for (const effect of queue) {
				const actions = ready(effect);
				if (actions === undefined) {
					later.push(effect);
					continue;
				}

				for (const result of actions) {
					const [after, followUps] = reducer(reduced, result);
					reduced = after;
					more.push(...followUps);
				}
			}

			queue = more;
		}

		if (reduced !== state) {
			state = reduced;
			for (const listener of listeners) {
				listener();
			}
		}

		for (const effect of ready === undefined ? effects : later) {
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
