/**
File and folder names made from feed text. The output contains only letters, digits and single hyphens, so it can
never be `.`/`..`, hold a path separator, start with a dot (hidden, or our temp files), or carry a control character:
a title such as `../../x` becomes `x`. Letters in any script are kept (a Japanese title gives a readable name); only
the Latin diacritics are folded so the common case stays ASCII.
*/

const maxSlugLength = 80;

export function slugify(value: string, fallback: string, maxLength = maxSlugLength): string {
	const folded = value.normalize('NFKD').replaceAll(/\p{M}+/gu, '').toLowerCase();
	const slug = folded.replaceAll(/[^\p{L}\p{N}]+/gu, '-').replaceAll(/^-+|-+$/gu, '');
	if (slug === '') {
		return fallback;
	}

	const points = [...slug];
	if (points.length <= maxLength) {
		return slug;
	}

	const cut = points.slice(0, maxLength).join('');
	const lastHyphen = cut.lastIndexOf('-');
	return (lastHyphen > maxLength / 2 ? cut.slice(0, lastHyphen) : cut).replaceAll(/-+$/gu, '');
}

/** A folder name for a feed: from its title, else its host and path. */
export function feedSlug(title: string | undefined, url: string): string {
	let fromUrl = 'feed';
	try {
		const parsed = new URL(url);
		fromUrl = slugify(parsed.hostname.replace(/^www\./u, ''), 'feed', 60);
	} catch {}

	return slugify(title ?? '', fromUrl, 60);
}

/** A slug not in `taken`: `name`, `name-2`, `name-3`… */
export function uniqueSlug(slug: string, taken: ReadonlySet<string>): string {
	if (!taken.has(slug)) {
		return slug;
	}

	for (let n = 2; ; n++) {
		const candidate = `${slug}-${n}`;
		if (!taken.has(candidate)) {
			return candidate;
		}
	}
}

/** A short, stable, non-cryptographic hash (FNV-1a, 32 bits) for telling apart items whose names collide. */
export function shortHash(value: string): string {
	let hash = 0x81_1C_9D_C5;
	for (let index = 0; index < value.length; index++) {
		hash ^= value.charCodeAt(index);
		hash = Math.imul(hash, 0x01_00_01_93);
	}

	return (hash >>> 0).toString(16).padStart(8, '0');
}
