import React from 'react';
import {Box} from 'ink';
import type {AppState} from '../app/state.js';
import type {Panes} from '../app/layout.js';
import {paneState} from '../app/pointer.js';
import {selectedOf} from '../app/visible.js';
import {ListScreen} from './list-screen.js';
import {ArticleScreen} from './article-screen.js';
import {WideScreen} from './wide-screen.js';
import {fit} from './format.js';
import {footers} from './hints.js';
import {Column, Line} from './primitives.js';

/**
The split screen: the list and the article pane, side by side or stacked (app/layout.ts `panesOf`). Each pane is the
one-pane view drawn at its pane's size, so it slices the same cached lines; which pane has the keys decides the
footers: the list while no article is open (the article pane previews the selection), the article once one is.
*/
export function SplitScreen({state, panes}: {readonly state: AppState; readonly panes: Panes}) {
	const list = paneState(state, panes.list);
	const reading = paneState(state, panes.article);
	const listView = <ListScreen state={list} aside={state.article !== undefined} />;
	const articleView = state.article === undefined
		? <PreviewPane state={reading} />
		: (state.article.wide === undefined ? <ArticleScreen state={reading} origin={panes.article} /> : <WideScreen state={reading} />);
	if (panes.kind === 'stacked') {
		return (
			<Column rows={state.rows}>
				{listView}
				{articleView}
			</Column>
		);
	}

	const divider = Array.from({length: state.rows}, (_, row) => <Line key={row} role="footer" text={fit('│', 1)} />);
	return (
		<Box flexDirection="row" height={state.rows} overflow="hidden">
			<Box width={panes.list.columns} flexShrink={0} flexDirection="column">{listView}</Box>
			<Box width={1} flexShrink={0} flexDirection="column">{divider}</Box>
			<Box width={panes.article.columns} flexShrink={0} flexDirection="column">{articleView}</Box>
		</Box>
	);
}

/** The selected article in the article pane while the list has the keys: its rendered lines, from the top. */
function PreviewPane({state}: {readonly state: AppState}) {
	const meta = selectedOf(state);
	if (meta === undefined) {
		return <Column rows={state.rows}><Line role="footer" text={fit(state.loading ? '' : 'No article selected', state.columns)} /></Column>;
	}

	const {preview} = state;
	const rendered = preview?.id === meta.id ? preview.rendered : undefined;
	const shown: AppState = {...state, status: undefined, article: {id: meta.id, meta, rendered, offset: rendered ? preview!.offset : 0}};
	return <ArticleScreen state={shown} footer={footers.preview()} />;
}
