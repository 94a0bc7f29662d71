import { type RawBuilder, sql } from 'kysely';
import { builder } from '../builder.js';
import { DEFAULT_PAGE_SIZE, DEFAULT_SEARCH_RANK_WINDOW, MAX_PAGE_SIZE } from '../config.js';
import {
  countSearchResultsSql,
  isSearchKeyTime,
  MAX_QUERY_EXCLUSIONS,
  MAX_QUERY_LENGTH,
  type SearchAfter,
  type SearchFilter,
  type SearchKey,
  type SearchPosition,
  type SearchWindow,
  searchArticlesSql,
  searchCursorKind,
  searchHighlightsSql,
  searchPosition,
  searchQuerySql,
  searchTextProblem,
} from '../db/queries/article-search.js';
import { BroadsheetError, badInput, ErrorCode } from '../errors.js';
import { countsList, TEXT_WEIGHT, weighs } from '../field-cost.js';
import { ArticleFilterInput, resolveArticleFilter } from './article.js';
import { cursorSql, HANDOVER, PLAIN_DECIMAL } from './codecs.js';
import { connectionFromPage, decodeCursor, forwardConnectionArgs, planPage, toPage } from './pagination.js';
import {
  type Alias,
  type ArgumentValues,
  alias,
  column,
  connection,
  connectionCount,
  NotThisRequest,
  need,
  one,
  type ReadScope,
  reads,
  value,
} from './read.js';
import { readThrough } from './read-through.js';
import { ArticleRef } from './refs.js';

/** A search result as the executor's resolvers get it when a field under it hands over: its article's id. */
interface SearchResult {
  id: number;
  rank: number;
  highlights?: string[] | null;
}

const SearchResultRef = builder.objectRef<SearchResult>('SearchResult').implement({
  description: 'An article matching a search, with its relevance and the passages that matched.',
  fields: (t) => ({
    article: t.field({
      type: ArticleRef,
      description: 'The matching article.',
      // What the article hands over (a field's argument error, a summary to generate) is answered
      // by the fields' resolvers over the article's row.
      extensions: reads(
        one((s, a) => sql`articles ${a} where ${a}.id = ${s}.id`),
        { id: need('id') },
      ),
      resolve: async (result, _args, ctx) => (await ctx.loaders.article.load(result.id))!,
    }),
    rank: t.exposeFloat('rank', {
      description:
        'Relevance (ts_rank_cd); higher is better. Results are ordered by it within windows of recent matches.',
      extensions: reads(column('rank')),
    }),
    highlights: t.stringList({
      extensions: {
        // The search's tsquery is on the page's rows (`q`, see Query.search's declaration).
        ...reads(value((s) => searchHighlightsSql(s, sql`${s}.q`))),
        ...weighs(TEXT_WEIGHT.body),
      },
      description: 'Passages of the title and body with the matched words wrapped in <mark></mark>.',
      resolve: (row) => row.highlights ?? [],
    }),
  }),
});

const SearchResultConnection = builder.connectionObject(
  {
    type: SearchResultRef,
    name: 'SearchResultConnection',
    description: 'A page of search results (a Relay connection).',
    fields: (t) => ({
      totalCount: t.int({
        description: 'Number of matching articles in all, not just this page.',
        // Every match is read (for the visibility): only in a statement that selects it.
        extensions: { ...reads(connectionCount()), ...countsList() },
        resolve: (connection) => (connection as unknown as { totalCount: () => Promise<number> }).totalCount(),
      }),
    }),
  },
  { name: 'SearchResultEdge', description: 'A search result in a page, with its cursor.' },
);

const MAX_INT = 2_147_483_647;
/** float4's largest finite value: the rank is compared as `real`. */
const MAX_REAL = 3.4028234663852886e38;

/**
 * A search cursor: the window its result belongs to (top and bottom key, whether it is the last)
 * and the result's rank and id (searchCursorSql writes it). The window's bounds make the next page
 * exact however many articles are published meanwhile. '' and 0 stand for an unbounded side
 * (SEARCH_RANK_WINDOW=0). A cursor of another query, or one that is not a cursor, is INVALID_CURSOR.
 */
function decodeSearchCursor(cursor: string, kind: string): SearchAfter {
  const values = decodeCursor(cursor, kind, ['string', 'number', 'string', 'number', 'number', 'number', 'id']);
  const [topAt, topId, bottomAt, bottomId, last, rank, id] = values as [
    string,
    number,
    string,
    number,
    number,
    number,
    number,
  ];
  const key = (at: string, keyId: number): SearchKey | null | undefined => {
    if (at === '' && keyId === 0) return null;
    return isSearchKeyTime(at) && Number.isInteger(keyId) && keyId > 0 && keyId <= MAX_INT
      ? { at, id: keyId }
      : undefined;
  };
  const top = key(topAt, topId);
  const bottom = key(bottomAt, bottomId);
  const valid =
    top !== undefined &&
    bottom !== undefined &&
    (top === null) === (bottom === null) &&
    (last === 0 || last === 1) &&
    Math.abs(rank) <= MAX_REAL &&
    Number.isInteger(id) &&
    id > 0 &&
    id <= MAX_INT;
  if (!valid) {
    throw new BroadsheetError(
      ErrorCode.INVALID_CURSOR,
      'The cursor is not valid for this list; use a cursor returned by the same field and ordering',
      { cursor },
    );
  }
  const window: SearchWindow = { top: top as SearchKey | null, bottom: bottom as SearchKey | null, last: last === 1 };
  return { window, rank, id };
}

/**
 * A search the read model answers: a query the executor would accept, a page of 0 to MAX_PAGE_SIZE
 * results, and a cursor of this query (or none). Anything else hands the request over, and the
 * resolver reports its error.
 */
function searchRequest(args: ArgumentValues): { text: string; first: number; after: SearchAfter | null } {
  const text = String(args.query).trim();
  if (searchTextProblem(text)) throw new NotThisRequest('query');
  const first = args.first == null ? DEFAULT_PAGE_SIZE : Number(args.first);
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) throw new NotThisRequest('page size');
  if (args.after == null) return { text, first, after: null };
  try {
    return { text, first, after: decodeSearchCursor(String(args.after), searchCursorKind(text)) };
  } catch {
    throw new NotThisRequest('cursor');
  }
}

const POSITION_CASTS: Record<keyof SearchPosition, string> = {
  given: 'boolean',
  topSpecial: 'text',
  topSeconds: 'text',
  topMicros: 'text',
  topId: 'int',
  bottomSpecial: 'text',
  bottomSeconds: 'text',
  bottomMicros: 'text',
  bottomId: 'int',
  last: 'boolean',
  rank: 'real',
  id: 'int',
};

/**
 * Where the page starts, as the walk's parameters: none without a cursor. When whether the request
 * has one is known while building (this request's, or written out in the document), the statement
 * is for that case alone; otherwise (`after: $after`) it serves both, the cursor's presence a
 * parameter too.
 */
function pagePosition(scope: ReadScope): SearchPosition | undefined {
  const known = scope.known('after');
  if (known ? known.value == null : !scope.written('after')) return undefined;
  const position = Object.fromEntries(
    Object.entries(POSITION_CASTS).map(([name, cast]) => [
      name,
      scope.slot((args) => searchPosition(searchRequest(args).after)[name as keyof SearchPosition], cast),
    ]),
  ) as unknown as SearchPosition;
  return known ? { ...position, given: true } : position;
}

/**
 * The search's filter: the conditions ArticleFilter's fields declare (Query.articles' own,
 * `filters(…)` in src/schema/article.ts), over the walk's article `a`, with the language and the
 * publication bounds the walk reads besides them. None when the request gives no filter.
 */
function searchFilter(scope: ReadScope): SearchFilter {
  const given = scope.given('filter');
  if (given?.size === 0) return {};
  const read = (field: string) => (given && !given.has(field) ? undefined : scope.filterValue('filter', field));
  return {
    where: scope.where('filter', alias('a')),
    language: read('language'),
    publishedAfter: read('publishedAfter'),
    publishedBefore: read('publishedBefore'),
  };
}

// A search cursor (decodeSearchCursor's layout) in SQL, over the walk's row: '' and 0 for a window
// without bounds; the kind (computed from the query text in JS) is a parameter, already JSON. A
// rank FLOAT would hand over makes the whole cursor the marker.
const searchCursorSql = (s: Alias, kind: RawBuilder<unknown>) => {
  const json = sql`concat('[', ${kind}, ',', coalesce(to_json(${s}.top_at)::text, '""'), ',', coalesce(${s}.top_id, 0), ',', coalesce(to_json(${s}.bottom_at)::text, '""'), ',', coalesce(${s}.bottom_id, 0), ',', case when ${s}.last then 1 else 0 end, ',', ${s}.rank::text, ',', ${s}.id, ']')`;
  return sql`case when ${sql.raw(PLAIN_DECIMAL(`${s.name}.rank`))} then ${cursorSql(json)} else ${sql.raw(HANDOVER)} end`;
};

builder.queryFields((t) => ({
  // Forward only (first/after): the walk through windows of recent matches has no reverse, so
  // last/before are not offered (the relay plugin's t.connection would add them).
  search: t.field({
    type: SearchResultConnection,
    description: `Full-text search over title, standfirst and body. Matches are taken newest first in windows of SEARCH_RANK_WINDOW (${DEFAULT_SEARCH_RANK_WINDOW} by default) and ordered by window, then by relevance: the first page holds the most relevant of the newest matches, and paging on goes through older windows. Accepts web-search syntax: "quoted phrases", OR, -excluded. Pages forwards only (\`first\`/\`after\`).`,
    args: {
      ...forwardConnectionArgs(t.arg.connectionArgs()),
      query: t.arg.string({
        required: true,
        description: `The words to find: 1 to ${MAX_QUERY_LENGTH} characters, at most ${MAX_QUERY_EXCLUSIONS} exclusions (BAD_USER_INPUT otherwise).`,
      }),
      filter: t.arg({
        type: ArticleFilterInput,
        required: false,
        description: 'Only matches that meet these conditions.',
      }),
    },
    // Every page (after a cursor too) and filter: the walk (searchArticlesSql, the server's window,
    // the viewer's visibility) with its results in walk order, the query's tsquery beside them for
    // `highlights`, and `totalCount` (countSearchResultsSql), over the same conditions.
    extensions: reads(
      connection({
        size: (args) => searchRequest(args).first,
        page: (_root, page, bounds, scope) => {
          if (!scope.settings.search) scope.unsupported('searches are left to the response cache');
          const text = scope.slot((args) => searchRequest(args).text, 'text') as string;
          const filter = searchFilter(scope);
          const after = pagePosition(scope);
          const walk = searchArticlesSql({
            text,
            filter,
            includeHidden: scope.visibility.includeHidden,
            window: scope.settings.searchRankWindow,
            after,
            limit: scope.slot((args) => searchRequest(args).first + 1, 'int') as number,
            limitAtMost: MAX_PAGE_SIZE + 1,
            highlights: false,
          });
          const w = scope.alias('w');
          // A page of 0 reads nothing (PostgreSQL does not start the walk), as the executor did. The
          // walk finds first + 1 results; the page is `limit` of them, in the walk's order.
          return {
            rows: sql`(select ${w}.*, ${searchQuerySql(text, filter.language, scope.visibility)} as q from (${walk}) ${w} where ${bounds.size} > 0
              order by ${w}.win, ${w}.rank desc, ${w}.id desc limit ${bounds.limit}) ${page}`,
            order: sql`${page}.win, ${page}.rank desc, ${page}.id desc`,
            cursor: () =>
              searchCursorSql(
                page,
                scope.param((args) => JSON.stringify(searchCursorKind(searchRequest(args).text)), 'text'),
              ),
            // (A parameter only where the statement has it anyway: one pushed here would be unused
            // by a selection without hasPreviousPage.)
            hasPrevious: after && (after.given === true ? sql`true` : sql`${after.given}::boolean`),
          };
        },
        count: (_root, scope) =>
          countSearchResultsSql({
            text: scope.slot((args) => searchRequest(args).text, 'text') as string,
            filter: searchFilter(scope),
            includeHidden: scope.visibility.includeHidden,
          }),
      }),
    ),
    resolve: async (_root, args, ctx, info) => {
      // Every search: the results, their articles and what is selected under them, highlights and
      // totalCount in one statement, from the declarations (src/schema/read-through.ts).
      const read = await readThrough(ctx, info);
      if (read) return read.value as never;
      // What the declaration leaves to this resolver: the errors of the arguments, in the order the
      // executor has always reported them, and a filter by a slug of nothing with a field the
      // declarations hand over (a status for the public, a malformed language), which empties the
      // list first.
      const text = args.query.trim();
      const problem = searchTextProblem(text);
      if (problem) throw badInput(problem, 'query');
      const plan = planPage(args);
      if (plan.from) decodeSearchCursor(plan.from, searchCursorKind(text));
      if ((await resolveArticleFilter(ctx, args.filter)) !== null)
        throw new Error('a search its declaration does not serve');
      return connectionFromPage(toPage(plan, []), () => '', { totalCount: async () => 0 }) as never;
    },
  }),
}));
