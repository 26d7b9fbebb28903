// Runs in a worker thread of test/render/highlight-lazy.test.ts: what the bundle does (scripts/highlight-core-only.mjs),
// with the TypeScript sources. `highlight.js` resolves to highlight.js's core, so cli-highlight starts with no
// grammar and highlight-code.ts registers them as code blocks name them; renders each body in turn and sends the
// lines back with the languages registered after each.
import module from 'node:module';
import {parentPort, workerData} from 'node:worker_threads';

module.registerHooks({
	resolve(specifier, context, nextResolve) {
		return nextResolve(specifier === 'highlight.js' ? 'highlight.js/lib/core' : specifier, context);
	},
});

const {renderMarkdown} = await import('../../source/core/render/render-article.js');
const {default: hljs} = await import('highlight.js/lib/core');
const registeredAtStart = hljs.listLanguages().length;
const results = (workerData as {bodies: string[]}).bodies.map(body => ({
	lines: renderMarkdown(body, {width: 60, color: true}).lines,
	registered: hljs.listLanguages().length,
}));
parentPort!.postMessage({registeredAtStart, results});
