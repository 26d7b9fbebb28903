/**
The image layer: sixel, iTerm2 and (before kitty 0.28, without Unicode placeholders) kitty images drawn over the blank
rows the page reserved for them (a kitty with placeholders needs none of this: its placeholder cells are text in
Ink's frame).

Ink writes a frame as a few writes to its stdout (with synchronized output: `CSI ? 2026 h`, the frame, `CSI ? 2026 l`),
rewriting only the lines that changed. The layer stands between Ink and the terminal (`wrap` returns the stdout Ink
is given) and, around each frame:
- before it, erases (ECH, on the image's own rows, which are blank in the frame that showed it) every image drawn by
  an earlier frame that this frame does not show at the same place: Ink then writes whatever text now goes there;
- after it, draws each image this frame shows that is not already on the screen at that place, or all of them when
  the frame cleared the screen (a resize). An image is shown only when all its rows are on the screen: a sixel or an
  iTerm2 image cannot be clipped to the rows it has, and would scroll the screen if drawn past the bottom.

Which images a frame shows is recorded by the views while Ink renders that frame (`showImages`), so the layer draws
what the frame has, never a later state. A key that does not move an image writes nothing more than Ink's own frame;
scrolling moves it by one erase and one draw, after the text is in place.
*/
export type Placement = {readonly id: number; readonly row: number; readonly column: number; readonly columns: number; readonly rows: number};

const beginSync = '\u001B[?2026h';
const endSync = '\u001B[?2026l';
const clears = /\u001B\[(?:[0-3]?J|2J|H\u001B\[J)/u;

const same = (a: Placement, b: Placement) => a.id === b.id && a.row === b.row && a.column === b.column && a.columns === b.columns && a.rows === b.rows;

export class ImageLayer {
	readonly #sequences = new Map<number, string>();
	readonly #erasers = new Map<number, string>();
	#shown: readonly Placement[] = [];
	#drawn: readonly Placement[] = [];
	#inFrame = false;
	#cleared = false;

	constructor(private readonly out: NodeJS.WriteStream) {}

	/**
	Image `id`'s sequence (a sixel DCS, an iTerm2 OSC, a kitty placement), kept for drawing; `erase` takes it off the
	screen where erasing its cells does not (kitty's images are not cells).
	*/
	keep(id: number, sequence: string, erase?: string): void {
		this.#sequences.set(id, sequence);
		if (erase !== undefined) {
			this.#erasers.set(id, erase);
		}

		// At most a few dozen pictures are kept: the oldest go first.
		while (this.#sequences.size > 64) {
			const oldest = this.#sequences.keys().next().value!;
			this.#sequences.delete(oldest);
			this.#erasers.delete(oldest);
		}
	}

	/** What the frame being rendered shows (called by the views while rendering). */
	show(placements: readonly Placement[]): void {
		this.#shown = placements.filter(placement => this.#sequences.has(placement.id));
	}

	/** What to write before a frame: erase the images that leave their place. */
	before(): string {
		const stale = this.#drawn.filter(drawn => !this.#shown.some(placement => same(placement, drawn)));
		if (stale.length === 0) {
			return '';
		}

		let out = '\u001B7';
		for (const placement of stale) {
			out += this.#erasers.get(placement.id) ?? '';
			for (let row = 0; row < placement.rows; row++) {
				out += `\u001B[${placement.row + row + 1};${placement.column + 1}H\u001B[${placement.columns}X`;
			}
		}

		this.#drawn = this.#drawn.filter(drawn => !stale.includes(drawn));
		return `${out}\u001B8`;
	}

	/** What to write after a frame: draw the images not yet on the screen. */
	after(): string {
		const cleared = this.#cleared;
		this.#cleared = false;
		const fresh = this.#shown.filter(placement => cleared || !this.#drawn.some(drawn => same(placement, drawn)));
		this.#drawn = [...this.#shown];
		if (fresh.length === 0) {
			return '';
		}

		let out = '\u001B7';
		for (const placement of fresh) {
			out += `\u001B[${placement.row + 1};${placement.column + 1}H${this.#sequences.get(placement.id) ?? ''}`;
		}

		return `${out}\u001B8`;
	}

	/** The stdout to give Ink: every write passes through, with the layer's erasing before a frame and drawing after. */
	wrap(): NodeJS.WriteStream {
		const {out} = this;
		const write = (data: unknown, ...rest: unknown[]): boolean => {
			if (typeof data !== 'string') {
				return (out.write as (...arguments_: unknown[]) => boolean)(data, ...rest);
			}

			if (clears.test(data)) {
				this.#cleared = true;
			}

			if (data === beginSync) {
				this.#inFrame = true;
				return out.write(data + this.before(), ...(rest as [])) as boolean;
			}

			if (data === endSync) {
				this.#inFrame = false;
				return out.write(this.after() + data, ...(rest as [])) as boolean;
			}

			if (this.#inFrame) {
				return out.write(data, ...(rest as [])) as boolean;
			}

			return out.write(this.before() + data + this.after(), ...(rest as [])) as boolean;
		};

		return new Proxy(out, {
			get(target, property) {
				if (property === 'write') {
					return write;
				}

				const value = Reflect.get(target, property, target) as unknown;
				return typeof value === 'function' ? (value as (...arguments_: unknown[]) => unknown).bind(target) : value;
			},
		});
	}
}

let installed: ImageLayer | undefined;

/** The layer of this run (the reader's bootstrap installs it when the terminal draws sixel or iTerm2 images). */
export function installImageLayer(layer: ImageLayer | undefined): void {
	installed = layer;
}

/** Called by the views while rendering a frame: the images it shows (none, on a screen without images). */
export function showImages(placements: readonly Placement[]): void {
	installed?.show(placements);
}
