/** Saved views: a named query, kept in the store as `extra.views` (`Array<{name, query}>`). */
export type SavedView = {readonly name: string; readonly query: string};

/** The views in a store's `extra.views`, dropping any entry that is not `{name: string, query: string}`. */
export function readViews(value: unknown): SavedView[] {
	if (!Array.isArray(value)) {
		return [];
	}

	const views: SavedView[] = [];
	for (const item of value as unknown[]) {
		if (typeof item === 'object' && item !== null) {
			const {name, query} = item as Record<string, unknown>;
			if (typeof name === 'string' && typeof query === 'string' && !views.some(view => view.name === name)) {
				views.push({name, query});
			}
		}
	}

	return views;
}

/** Adds a view, or replaces the query of the view with that name (keeping its place in the list). */
export function putView(views: readonly SavedView[], view: SavedView): SavedView[] {
	const index = views.findIndex(existing => existing.name === view.name);
	if (index === -1) {
		return [...views, view];
	}

	return views.map((existing, at) => (at === index ? view : existing));
}

export function dropView(views: readonly SavedView[], name: string): SavedView[] {
	return views.filter(view => view.name !== name);
}
