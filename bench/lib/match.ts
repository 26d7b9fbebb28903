import {articleMeta, type Corpus} from './corpus.js';
import type {Screen} from './pty.js';

/**
Recognises corpus articles on a screen: a row shows a title when it holds the title's first four words in a row
(titles may be cut at the right edge, and each program decorates its rows differently), and an article is open when
its title and the first words of its body are both on screen.
*/

export function normalise(text: string): string {
	return text.toLowerCase().replaceAll(/[^a-z\d]+/g, ' ').trim();
}

const keyWords = 4;

export class TitleIndex {
	static build(corpus: Pick<Corpus, 'count' | 'seed'>): TitleIndex {
		const index = new TitleIndex();
		for (let i = 0; i < corpus.count; i++) {
			const meta = articleMeta(corpus.seed, i);
			index.add(i, meta.title, meta.marker);
		}

		return index;
	}

	private readonly byKey = new Map<string, number[]>();
	private readonly markers = new Map<number, string>();

	add(index: number, title: string, marker: string): void {
		const key = normalise(title).split(' ').slice(0, keyWords).join(' ');
		const list = this.byKey.get(key);
		if (list) {
			list.push(index);
		} else {
			this.byKey.set(key, [index]);
		}

		this.markers.set(index, normalise(marker));
	}

	/** The articles whose title starts somewhere in `line`. */
	titlesIn(line: string): number[] {
		const words = normalise(line).split(' ');
		for (let i = 0; i + keyWords <= words.length; i++) {
			const found = this.byKey.get(words.slice(i, i + keyWords).join(' '));
			if (found) {
				return found;
			}
		}

		return [];
	}

	/** How many rows show an article title. */
	titleRows(screen: Screen): number {
		let rows = 0;
		for (const line of screen.lines) {
			if (this.titlesIn(line).length > 0) {
				rows++;
			}
		}

		return rows;
	}

	/** The title row under the selection bar, if one is highlighted. */
	selectedTitle(screen: Screen): number[] {
		for (const row of screen.highlighted) {
			const found = this.titlesIn(screen.lines[row] ?? '');
			if (found.length > 0) {
				return found;
			}
		}

		return [];
	}

	/** The article whose title and first body words are both on screen (an open article), if any. */
	openArticle(screen: Screen): number | undefined {
		const text = ` ${normalise(screen.lines.join(' '))} `;
		for (const line of screen.lines) {
			for (const candidate of this.titlesIn(line)) {
				if (text.includes(` ${this.markers.get(candidate)} `)) {
					return candidate;
				}
			}
		}

		return undefined;
	}
}

/** Screen predicates for PtySession.keyLatency: (screen before the key, screen now). */
export const changed = (before: Screen, after: Screen): boolean => before.highlighted.join() !== after.highlighted.join() || before.lines.join('\n') !== after.lines.join('\n');

export const isOpen = (index: TitleIndex) => (_before: Screen, after: Screen): boolean => index.openArticle(after) !== undefined;
export const isOther = (index: TitleIndex) => (before: Screen, after: Screen): boolean => {
	const now = index.openArticle(after);
	return now !== undefined && now !== index.openArticle(before);
};

export const isList = (index: TitleIndex) => (_before: Screen, after: Screen): boolean => index.openArticle(after) === undefined && index.titleRows(after) >= 2 && index.selectedTitle(after).length > 0;
