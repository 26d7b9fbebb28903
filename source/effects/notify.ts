/** A desktop notification of new articles (issue 18), when `[notify] enabled`; see source/adapters/notify.ts. */
import type {Action, Effect} from '../app/actions.js';
import type {EffectDeps} from './deps.js';

export async function notifyEffect(effect: Extract<Effect, {type: 'notify'}>, deps: EffectDeps): Promise<Action[]> {
	const settings = deps.config?.notify;
	if (settings?.enabled !== true) {
		return [];
	}

	const {notify} = await import('../adapters/notify.js');
	const result = await notify(effect.notice, {method: settings.method, environment: deps.environment, write: deps.terminal?.write.bind(deps.terminal)});
	return result.ok ? [] : [{type: 'status', message: `Couldn't notify: ${result.message}`}];
}
