import {fold, foldPhrase} from './fold.js';

/**
The one query language (TUI filter, saved views, CLI, full-text search). Grammar, loosest first:

	query   := or
	or      := and ( "OR" and )*        AND binds tighter than OR: `a b OR c` is `(a b) OR c`
	and     := unary+                   juxtaposition is AND
	unary   := "-" unary | primary      `-` right before a term negates it
	primary := "(" or ")" | term

A term is a free word, a "quoted phrase", or `name:value` for the names in `fieldNames` (the value may be quoted).
`category:` is another name for `tag:` (a feed's categories are stored as tags). A date is absolute (`2026-01-31`) or
relative to the moment of parsing (`today`, `yesterday`, `-7d`, `-2w`, `-3m`, `-1y` in whole UTC days; `-12h` to the
hour), so a saved view with `after:-7d` always means the last seven days.
A word with any other `x:` prefix (`re:Invent`, `10:30`) is an ordinary word. Only upper-case `OR` is the operator;
`or` is a word. Positions are UTF-16 offsets into the text, end exclusive, so a view can underline the bad term.
*/

export type Span = {readonly start: number; readonly end: number};

export type StateName = 'unread' | 'read' | 'starred' | 'fetched' | 'local';
export type FieldName = 'source' | 'tag' | 'author';

export type Term =
	/** A free word or a quoted phrase, folded; matched as a substring of title, source, author and tags. */
	| (Span & {readonly kind: 'text'; readonly value: string; readonly phrase: boolean; readonly raw: string})
	| (Span & {readonly kind: 'field'; readonly field: FieldName; readonly value: string; readonly raw: string})
	| (Span & {readonly kind: 'is'; readonly state: StateName})
	/** `bound` is `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; compared with the ISO date as a string prefix (UTC). */
	| (Span & {readonly kind: 'date'; readonly op: 'before' | 'after'; readonly bound: string});

export type Query =
	| Term
	| {readonly kind: 'all'}
	| {readonly kind: 'not'; readonly item: Query}
	| {readonly kind: 'and'; readonly items: readonly Query[]}
	| {readonly kind: 'or'; readonly items: readonly Query[]};

export type QueryError = Span & {readonly message: string};

export type ParseResult = {readonly ok: true; readonly query: Query} | {readonly ok: false; readonly error: QueryError};

export const stateNames: readonly StateName[] = ['unread', 'read', 'starred', 'fetched', 'local'];
const fieldNames = new Set(['source', 'tag', 'category', 'author', 'is', 'before', 'after']);

type Token =
	| (Span & {readonly type: '(' | ')' | 'OR' | '-'})
	| (Span & {readonly type: 'term'; readonly term: Term});

class ParseFailure extends Error {
	constructor(readonly detail: QueryError) {
		super(detail.message);
	}
}

const fail = (message: string, start: number, end: number): never => {
	throw new ParseFailure({message, start, end});
};

const isSpace = (character: string | undefined) => character !== undefined && /\s/u.test(character);
const endsWord = (character: string | undefined) =>
	character === undefined || isSpace(character) || character === '(' || character === ')' || character === '"';

/** Reads a quoted string starting at the opening quote; `\"` and `\\` escape. Returns the text and the index after it. */
function readQuoted(text: string, open: number): {value: string; end: number} {
	let value = '';
	let index = open + 1;
	while (index < text.length) {
		const character = text[index]!;
		if (character === '\\' && (text[index + 1] === '"' || text[index + 1] === '\\')) {
			value += text[index + 1];
			index += 2;
			continue;
		}

		if (character === '"') {
			return {value, end: index + 1};
		}

		value += character;
		index++;
	}

	return fail('This quote is never closed: add a closing "', open, text.length);
}

const validDate = (bound: string): boolean => {
	const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/u.exec(bound);
	if (!match) {
		return false;
	}

	const month = match[2] === undefined ? 1 : Number(match[2]);
	const day = match[3] === undefined ? 1 : Number(match[3]);
	if (month < 1 || month > 12 || day < 1) {
		return false;
	}

	const last = new Date(Date.UTC(Number(match[1]), month, 0)).getUTCDate();
	return day <= last;
};

/** A relative date as a bound: `today`, `yesterday`, `-Nd`, `-Nw`, `-Nm`, `-Ny` → YYYY-MM-DD (UTC); `-Nh` → to the hour. */
export function relativeDate(value: string, now: Date): string | undefined {
	const lower = value.toLowerCase();
	const day = (days: number, months = 0, years = 0) => new Date(Date.UTC(now.getUTCFullYear() - years, now.getUTCMonth() - months, now.getUTCDate() - days)).toISOString().slice(0, 10);
	if (lower === 'today') {
		return day(0);
	}

	if (lower === 'yesterday') {
		return day(1);
	}

	const match = /^-(\d{1,5})([hdwmy])$/u.exec(lower);
	if (!match) {
		return undefined;
	}

	const count = Number(match[1]);
	switch (match[2]) {
		case 'h': {
			return new Date(now.getTime() - (count * 3_600_000)).toISOString().slice(0, 13);
		}

		case 'd': {
			return day(count);
		}

		case 'w': {
			return day(count * 7);
		}

		case 'm': {
			return day(0, count);
		}

		default: {
			return day(0, 0, count);
		}
	}
}

function makeFieldTerm(name: string, value: string, raw: string, start: number, end: number, valueStart: number, now: Date): Term {
	if (value.trim() === '') {
		const example = name === 'is' ? 'is:unread' : (name === 'before' || name === 'after' ? `${name}:2026-01-01` : `${name}:science`);
		return fail(`${name}: needs a value, e.g. ${example}`, start, Math.max(end, valueStart));
	}

	switch (name) {
		case 'is': {
			const state = value.toLowerCase() as StateName;
			if (!stateNames.includes(state)) {
				return fail(`is: takes ${stateNames.join(', ')}; not "${value}"`, start, end);
			}

			return {kind: 'is', state, start, end};
		}

		case 'before':
		case 'after': {
			const relative = relativeDate(value, now);
			if (relative !== undefined) {
				return {kind: 'date', op: name, bound: relative, start, end};
			}

			if (!validDate(value)) {
				return fail(`${name}: takes a date as YYYY-MM-DD, YYYY-MM or YYYY, or today, yesterday, -7d, -2w, -3m, -1y, -12h; not "${value}"`, start, end);
			}

			return {kind: 'date', op: name, bound: value, start, end};
		}

		case 'category': {
			return {kind: 'field', field: 'tag', value: foldPhrase(value), raw, start, end};
		}

		default: {
			return {kind: 'field', field: name as FieldName, value: foldPhrase(value), raw, start, end};
		}
	}
}

function tokenize(text: string, now: Date): Token[] {
	const tokens: Token[] = [];
	let index = 0;
	while (index < text.length) {
		const character = text[index]!;
		if (isSpace(character)) {
			index++;
			continue;
		}

		if (character === '(' || character === ')') {
			tokens.push({type: character, start: index, end: index + 1});
			index++;
			continue;
		}

		if (character === '-') {
			if (endsWord(text[index + 1]) && text[index + 1] !== '"' && text[index + 1] !== '(') {
				fail('A "-" must come right before the term it negates, e.g. -is:read', index, index + 1);
			}

			tokens.push({type: '-', start: index, end: index + 1});
			index++;
			continue;
		}

		if (character === '"') {
			const {value, end} = readQuoted(text, index);
			const folded = foldPhrase(value);
			if (folded === '') {
				fail('These quotes are empty: put the exact words between them', index, end);
			}

			tokens.push({type: 'term', start: index, end, term: {kind: 'text', value: folded, phrase: true, raw: value, start: index, end}});
			index = end;
			continue;
		}

		let end = index;
		while (!endsWord(text[end])) {
			end++;
		}

		const word = text.slice(index, end);
		const colon = word.indexOf(':');
		const name = colon > 0 ? word.slice(0, colon).toLowerCase() : '';
		if (fieldNames.has(name)) {
			const valueStart = index + colon + 1;
			if (text[end] === '"' && end === valueStart) {
				const quoted = readQuoted(text, end);
				const term = makeFieldTerm(name, quoted.value, quoted.value, index, quoted.end, valueStart, now);
				tokens.push({type: 'term', start: index, end: quoted.end, term});
				index = quoted.end;
				continue;
			}

			const value = word.slice(colon + 1);
			tokens.push({type: 'term', start: index, end, term: makeFieldTerm(name, value, value, index, end, valueStart, now)});
		} else if (word === 'OR') {
			tokens.push({type: 'OR', start: index, end});
		} else {
			tokens.push({type: 'term', start: index, end, term: {kind: 'text', value: fold(word), phrase: false, raw: word, start: index, end}});
		}

		index = end;
	}

	return tokens;
}

class Parser {
	#index = 0;

	constructor(readonly tokens: readonly Token[], readonly text: string) {}

	parse(): Query {
		if (this.tokens.length === 0) {
			return {kind: 'all'};
		}

		const query = this.or();
		const next = this.tokens[this.#index];
		if (next !== undefined) {
			// Only a stray ")" can stop the top level early.
			fail('This ")" has no matching "("', next.start, next.end);
		}

		return query;
	}

	or(): Query {
		const first = this.tokens[this.#index];
		if (first?.type === 'OR') {
			fail('OR needs a term on each side', first.start, first.end);
		}

		const items = [this.and()];
		while (this.tokens[this.#index]?.type === 'OR') {
			const operator = this.tokens[this.#index]!;
			this.#index++;
			const next = this.tokens[this.#index];
			if (next === undefined || next.type === 'OR' || next.type === ')') {
				fail('OR needs a term on each side', operator.start, operator.end);
			}

			items.push(this.and());
		}

		return items.length === 1 ? items[0]! : {kind: 'or', items};
	}

	and(): Query {
		const items: Query[] = [];
		for (;;) {
			const next = this.tokens[this.#index];
			if (next === undefined || next.type === 'OR' || next.type === ')') {
				break;
			}

			items.push(this.unary());
		}

		return items.length === 1 ? items[0]! : {kind: 'and', items};
	}

	unary(): Query {
		const token = this.tokens[this.#index]!;
		if (token.type === '-') {
			this.#index++;
			const next = this.tokens[this.#index];
			if (next === undefined || next.type === 'OR' || next.type === ')') {
				fail('A "-" must come right before the term it negates, e.g. -is:read', token.start, token.end);
			}

			return {kind: 'not', item: this.unary()};
		}

		if (token.type === '(') {
			this.#index++;
			const next = this.tokens[this.#index];
			if (next === undefined) {
				fail('This "(" is never closed: add a ")"', token.start, token.end);
			}

			if (next!.type === ')') {
				fail('These parentheses are empty', token.start, next!.end);
			}

			const inner = this.or();
			const close = this.tokens[this.#index];
			if (close?.type !== ')') {
				fail('This "(" is never closed: add a ")"', token.start, token.end);
			}

			this.#index++;
			return inner;
		}

		if (token.type === 'term') {
			this.#index++;
			return token.term;
		}

		return fail('This ")" has no matching "("', token.start, token.end);
	}
}

/**
Parses a query. Never throws: a query that does not parse gives a message and the span of the bad term. `now` is the
moment relative dates count from (the clock, unless a test gives one).
*/
export function parseQuery(text: string, options: {readonly now?: Date} = {}): ParseResult {
	try {
		const tokens = tokenize(text, options.now ?? new Date());
		return {ok: true, query: new Parser(tokens, text).parse()};
	} catch (error) {
		if (error instanceof ParseFailure) {
			return {ok: false, error: error.detail};
		}

		throw error;
	}
}

/**
A canonical, fully parenthesised spelling of a parsed query, e.g. `(a AND b) OR -tag:x`; for tests and for showing
how a query was understood. Values are shown folded.
*/
export function formatQuery(query: Query): string {
	const quote = (value: string) => (/[\s()"]/u.test(value) || value === '' ? `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"` : value);
	const inner = (item: Query) => (item.kind === 'and' || item.kind === 'or' ? `(${formatQuery(item)})` : formatQuery(item));
	switch (query.kind) {
		case 'all': {
			return '';
		}

		case 'text': {
			return query.phrase ? `"${query.value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"` : query.value;
		}

		case 'field': {
			return `${query.field}:${quote(query.value)}`;
		}

		case 'is': {
			return `is:${query.state}`;
		}

		case 'date': {
			return `${query.op}:${query.bound}`;
		}

		case 'not': {
			return `-${inner(query.item)}`;
		}

		case 'and': {
			return query.items.map(item => inner(item)).join(' AND ');
		}

		case 'or': {
			return query.items.map(item => inner(item)).join(' OR ');
		}
	}
}

/** A one-line pointer under the query, for the CLI and the filter prompt: the query, then `^^^` under the bad term. */
export function pointAtError(text: string, error: QueryError): string {
	const oneLine = text.replaceAll(/[\u0000-\u001F\u007F-\u009F]/gu, ' ');
	const column = [...oneLine.slice(0, error.start)].length;
	const width = Math.max(1, [...oneLine.slice(error.start, error.end)].length);
	return `${oneLine}\n${' '.repeat(column)}${'^'.repeat(width)}`;
}
