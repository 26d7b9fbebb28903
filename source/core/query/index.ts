export {fold, foldPhrase} from './fold.js';
export {
	parseQuery, formatQuery, pointAtError, stateNames, relativeDate,
	type Query, type Term, type QueryError, type ParseResult, type Span, type StateName, type FieldName,
} from './parse-query.js';
export {compileQuery, filterArticles, prepareRows, prepareRowsPart, type QueryRow, type Marks} from './compile-query.js';
export {planFullText, highlightTerms, type FullTextPlan, type FullTextResult} from './fts-query.js';
export {queryHelp, queryHelpNote, queryHelpMarkdown} from './query-help.js';
export {readViews, putView, dropView, type SavedView} from './views.js';
export {searchableText} from './search-text.js';
export {makeSnippet, findTermMatches, termWords, type Snippet} from './snippet.js';
