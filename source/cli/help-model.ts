/**
`tidings --help` without loading the program (issue 14: ≤ 1.3 × a bare `node -e 0`). The build asks the built program
for its root help as a model (`helpModel`, through the hidden `help-model` command): commander's own `formatHelp` run
once with placeholders where the terminal's width matters (each option or command row, the wrapped description), and
what each placeholder holds. `formatHelpModel` then lays it out for a width the way commander's Help does
(`formatItem`, `boxWrap`), so the fast path prints what commander prints at every width; a test compares the two at
every width from 1 to 300 columns. Nothing here imports commander at run time.
*/
import type {Command, Help} from 'commander';

type Piece =
	/** One row of Options or Commands: the term already padded to the common width, and its description. */
	| {readonly kind: 'item'; readonly term: string; readonly paddedTerm: string; readonly termWidth: number; readonly description: string}
	/** The command's description, wrapped to the whole width. */
	| {readonly kind: 'wrap'; readonly text: string};

export type HelpModel = {
	/** commander's help with `\u0000<n>\u0000` where piece n goes. */
	readonly template: string;
	readonly pieces: readonly Piece[];
	/** commander's Help.minWidthToWrap: narrower than this, text is not wrapped. */
	readonly minWidthToWrap: number;
};

const marker = (index: number) => `\u0000${index}\u0000`;
// A width no terminal has: each boxWrap commander calls with it is the description's, wrapped to the whole width.
const sentinelWidth = 1_000_003;

/** The root help of `program` as a model (run at build time, in the built program). */
export function helpModel(program: Command): HelpModel {
	const helper = program.createHelp();
	helper.prepareContext({helpWidth: sentinelWidth});
	const pieces: Piece[] = [];
	const recording = Object.create(helper) as Help;
	recording.formatItem = (term: string, termWidth: number, description: string) => {
		const paddedTerm = term.padEnd(termWidth + term.length - helper.displayWidth(term));
		pieces.push({kind: 'item', term, paddedTerm, termWidth, description});
		return marker(pieces.length - 1);
	};

	recording.boxWrap = (text: string, width: number) => {
		if (width !== sentinelWidth) {
			throw new Error(`help-model: commander wrapped text to ${width} columns, not the help's width`);
		}

		pieces.push({kind: 'wrap', text});
		return marker(pieces.length - 1);
	};

	return {template: recording.formatHelp(program, recording), pieces, minWidthToWrap: helper.minWidthToWrap};
}

// commander's Help.displayWidth: the length without SGR sequences.
const displayWidth = (text: string) => text.replace(/\u001B\[\d*(?:;\d*)*m/gu, '').length;

/** commander's Help.boxWrap: wrap at whitespace, keeping the line breaks there are. */
function boxWrap(text: string, width: number, minWidthToWrap: number): string {
	if (width < minWidthToWrap) {
		return text;
	}

	const wrapped: string[] = [];
	for (const line of text.split(/\r\n|\n/u)) {
		const chunks = line.match(/\s*\S+/gu);
		if (chunks === null) {
			wrapped.push('');
			continue;
		}

		let sum = [chunks[0]!];
		let sumWidth = displayWidth(chunks[0]!);
		for (const chunk of chunks.slice(1)) {
			const visible = displayWidth(chunk);
			if (sumWidth + visible <= width) {
				sum.push(chunk);
				sumWidth += visible;
				continue;
			}

			wrapped.push(sum.join(''));
			const next = chunk.trimStart();
			sum = [next];
			sumWidth = displayWidth(next);
		}

		wrapped.push(sum.join(''));
	}

	return wrapped.join('\n');
}

/** commander's Help.formatItem: the padded term, then the description wrapped beside it. */
function formatItem(piece: Extract<Piece, {kind: 'item'}>, helpWidth: number, minWidthToWrap: number): string {
	const indent = '  ';
	if (!piece.description) {
		return indent + piece.term;
	}

	const spacer = 2;
	const remaining = helpWidth - piece.termWidth - spacer - indent.length;
	const description = remaining < minWidthToWrap || /\n[^\S\r\n]/u.test(piece.description)
		? piece.description
		: boxWrap(piece.description, remaining, minWidthToWrap).replaceAll('\n', '\n' + ' '.repeat(piece.termWidth + spacer));
	return indent + piece.paddedTerm + ' '.repeat(spacer) + description.replaceAll('\n', `\n${indent}`);
}

/** The help text for a terminal `helpWidth` columns wide (commander: the terminal's columns, else 80). */
export function formatHelpModel(model: HelpModel, helpWidth: number): string {
	return model.template.replace(/\u0000(\d+)\u0000/gu, (_, index: string) => {
		const piece = model.pieces[Number(index)]!;
		return piece.kind === 'item' ? formatItem(piece, helpWidth, model.minWidthToWrap) : boxWrap(piece.text, helpWidth, model.minWidthToWrap);
	});
}

/**
What the build keeps for the fast `--help` (dist/help-model.json, from the built program's hidden `help-model`): the
model, its layout at 80 columns (commander's width when the output is no terminal), the keys as the default key table
names them (what a person without a config file sees), and the text under them that no setting changes.
*/
export type RootHelp = {readonly model: HelpModel; readonly at80: string; readonly defaultKeys: string; readonly fixed: string};

function isHelpModel(value: unknown): value is HelpModel {
	const model = value as Partial<HelpModel> | null;
	return typeof model === 'object' && model !== null && typeof model.template === 'string' && typeof model.minWidthToWrap === 'number' && Array.isArray(model.pieces)
		&& model.pieces.every(piece => (piece.kind === 'wrap' && typeof piece.text === 'string')
			|| (piece.kind === 'item' && typeof piece.term === 'string' && typeof piece.paddedTerm === 'string' && typeof piece.termWidth === 'number' && typeof piece.description === 'string'));
}

/** Whether a parsed JSON value is what this code can use (a stale or foreign file is not). */
export function isRootHelp(value: unknown): value is RootHelp {
	const root = value as Partial<RootHelp> | null;
	return typeof root === 'object' && root !== null && isHelpModel(root.model) && typeof root.at80 === 'string' && typeof root.defaultKeys === 'string' && typeof root.fixed === 'string';
}
