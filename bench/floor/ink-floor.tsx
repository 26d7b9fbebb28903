/**
The Ink floor: the least an Ink 8 + React 19 program can do to show the bench's titles and answer the same keys, so
every Tidings figure can be read against what the toolkit itself costs (issue 14). Bundled by the bench with the same
esbuild settings as Tidings (bench/floor/build.ts) and started the way bin/tidings.js starts Tidings (compile cache on).

  node ink-floor-bin.mjs rows|screen <titles.json> <library folder>

`rows`: one <Text> per list row (the selection one inverse), like a list view. `screen`: one <Text> holding the
whole screen as one string (the selection in inverse SGR), the least work Ink can be given per frame.
The titles file is the list a warm start reads (title, source, date, path), newest first, so the start measured is
Node + the bundle + React + Ink + reading that list + the first frame. Keys: j/k, space/b, G/g, Enter (the article's
raw lines: no Markdown rendering, which is Tidings' own work), n/p in an article, q back, q in the list quits.
*/
import fs from 'node:fs';
import path from 'node:path';
import React, {useState} from 'react';
import {render, Text, useApp, useInput} from 'ink';

type Item = {title: string; source: string; date: string; path: string};

const [mode = 'rows', titlesFile = '', library = ''] = process.argv.slice(2);
const items = JSON.parse(fs.readFileSync(titlesFile, 'utf8')) as Item[];
const columns = process.stdout.columns ?? 80;
const rows = process.stdout.rows ?? 24;
const listRows = Math.max(1, rows - 2);

const fit = (text: string): string => (text.length > columns ? text.slice(0, columns) : text.padEnd(columns));
const row = (item: Item): string => fit(`${item.date.slice(0, 10)}  ${item.source.padEnd(22).slice(0, 22)}  ${item.title}`);

function bodyLines(item: Item): string[] {
	const text = fs.readFileSync(path.join(library, item.path), 'utf8');
	const end = text.indexOf('\n---', 4);
	const body = end === -1 ? text : text.slice(end + 4);
	const out: string[] = [fit(item.title), ''];
	for (const line of body.split('\n')) {
		for (let at = 0; at < Math.max(1, line.length) && out.length < listRows; at += columns) {
			out.push(fit(line.slice(at, at + columns)));
		}

		if (out.length >= listRows) {
			break;
		}
	}

	return out;
}

type View = {selected: number; top: number; open: number | undefined};

function move(view: View, selected: number): View {
	const clamped = Math.max(0, Math.min(items.length - 1, selected));
	const top = clamped < view.top ? clamped : (clamped >= view.top + listRows ? clamped - listRows + 1 : view.top);
	return {...view, selected: clamped, top};
}

function Floor() {
	const app = useApp();
	const [view, setView] = useState<View>({selected: 0, top: 0, open: undefined});
	useInput((input, key) => {
		if (view.open !== undefined) {
			if (input === 'q') {
				setView({...view, open: undefined});
			} else if (input === 'n' || input === 'p') {
				const next = move(view, view.selected + (input === 'n' ? 1 : -1));
				setView({...next, open: next.selected});
			}

			return;
		}

		const step = {j: 1, k: -1, ' ': listRows, b: -listRows}[input];
		if (step !== undefined) {
			setView(move(view, view.selected + step));
		} else if (input === 'G') {
			setView(move(view, items.length - 1));
		} else if (input === 'g') {
			setView(move(view, 0));
		} else if (key.return) {
			setView({...view, open: view.selected});
		} else if (input === 'q') {
			app.exit();
		}
	});
	const footer = fit(`${view.selected + 1}/${items.length}  j/k move  Enter open  q quit`);
	if (view.open !== undefined) {
		const lines = bodyLines(items[view.open]!);
		return <Text>{[...lines, footer].join('\n')}</Text>;
	}

	const shown = items.slice(view.top, view.top + listRows);
	if (mode === 'screen') {
		const text = shown.map((item, index) => (view.top + index === view.selected ? `\u001B[7m${row(item)}\u001B[27m` : row(item)));
		return <Text>{[...text, footer].join('\n')}</Text>;
	}

	return (
		<>
			{shown.map((item, index) => <Text key={view.top + index} inverse={view.top + index === view.selected}>{row(item)}</Text>)}
			<Text>{footer}</Text>
		</>
	);
}

const instance = render(<Floor />, {alternateScreen: true, exitOnCtrlC: false, incrementalRendering: true, patchConsole: false, maxFps: 60});
await instance.waitUntilExit();
