/**
The query language in one table: the README, `tidings --help` and the in-app help all print these rows, so the
documentation cannot drift from the parser.
*/
export const queryHelp: ReadonlyArray<{readonly syntax: string; readonly meaning: string}> = [
	{syntax: 'word', meaning: 'Title, source, author or tags contain the word (and the body, in full-text search)'},
	{syntax: '"exact phrase"', meaning: 'Contains these words together, in this order'},
	{syntax: 'source:NAME', meaning: 'The source contains NAME; quote a name with spaces: source:"The Guardian"'},
	{syntax: 'tag:NAME, category:NAME', meaning: 'Has the tag NAME (a feed\'s categories are tags)'},
	{syntax: 'author:NAME', meaning: 'The author contains NAME'},
	{syntax: 'is:unread, is:read', meaning: 'Not yet read, or read'},
	{syntax: 'is:starred', meaning: 'Starred'},
	{syntax: 'is:fetched, is:local', meaning: 'Stored from a feed, or a file of your own'},
	{syntax: 'after:DATE', meaning: 'Dated on or after DATE: YYYY-MM-DD, YYYY-MM or YYYY (UTC); after:2025-03 is from 1 March 2025'},
	{syntax: 'before:DATE', meaning: 'Dated before DATE; after:2025-01 before:2025-02 is January 2025'},
	{syntax: 'after:-7d, before:yesterday', meaning: 'Relative dates: today, yesterday, -Nd, -Nw, -Nm, -Ny (whole days, UTC), -Nh (hours); after:-7d is the last seven days'},
	{syntax: '-TERM', meaning: 'Not TERM, e.g. -is:read or -"press release"'},
	{syntax: 'a b', meaning: 'Both a and b (AND is implied between terms)'},
	{syntax: 'a OR b', meaning: 'Either; AND binds tighter, so a b OR c means (a b) OR c. Only upper-case OR is the operator'},
	{syntax: '( … )', meaning: 'Groups terms: (a OR b) c'},
];

/** Case and accents never matter: `cafe` finds `Café`. Said once, under the table. */
export const queryHelpNote = 'Case and accents are ignored: cafe finds Café. In the filter a word matches inside longer words (clim finds climate); full-text search matches whole words.';

/** The table as Markdown, for the README. */
export function queryHelpMarkdown(): string {
	const escape = (text: string) => text.replaceAll('|', '\\|');
	const rows = queryHelp.map(row => `| \`${escape(row.syntax)}\` | ${escape(row.meaning)} |`);
	return ['| Query | Finds |', '| --- | --- |', ...rows, '', queryHelpNote].join('\n');
}
