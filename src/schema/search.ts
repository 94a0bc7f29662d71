import { type RawBuilder, sql } from 'kysely';
import { builder } from '../builder.js';
import { DEFAULT_PAGE_SIZE, DEFAULT_SEARCH_RANK_WINDOW, MAX_PAGE_SIZE } from '../config.js';
import {
  countSearchResults,
  countSearchResultsSql,
  isSearchKeyTime,
  MAX_QUERY_EXCLUSIONS,
  MAX_QUERY_LENGTH,
  type SearchKey,
  type SearchQuery,
  type SearchRow,
  type SearchWindow,
  searchArticles,
  searchArticlesSql,
  searchCursorKind,
  searchHighlightsSql,
  searchQuerySql,
  searchTextProblem,
} from '../db/queries/article-search.js';
import { BroadsheetError, badInput, ErrorCode } from '../errors.js';
import { countsList, TEXT_WEIGHT, weighs } from '../field-cost.js';
import { ArticleFilterInput, resolveArticleFilter } from './article.js';
import { cursorSql, HANDOVER, PLAIN_DECIMAL } from './codecs.js';
import { Lookahead } from './lookahead.js';
import {
  connectionFromPage,
  decodeCursor,
  encodeCursor,
  forwardConnectionArgs,
  planPage,
  toPage,
} from './pagination.js';
import {
  type Alias,
  type ArgumentValues,
  column,
  connection,
  connectionCount,
  NotThisRequest,
  one,
  reads,
  value,
} from './read.js';
import { readThrough } from './read-through.js';
import { ArticleRef } from './refs.js';

const SearchResultRef = builder.objectRef<SearchRow>('SearchResult').implement({
  description: 'An article matching a search, with its relevance and the passages that matched.',
  fields: (t) => ({
    article: t.field({
      type: ArticleRef,
      description: 'The matching article.',
      extensions: reads(one((s, a) => sql`articles ${a} where ${a}.id = ${s}.id`)),
      resolve: (row) => row,
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
        ...weighs(TEXT_WEIGHT.passages),
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
 * and the result's rank and id. The window's bounds make the next page exact however many
 * articles are published meanwhile. '' and 0 stand for an unbounded side (SEARCH_RANK_WINDOW=0).
 */
function encodeSearchCursor(kind: string, row: SearchRow): string {
  const { top, bottom, last } = row.window;
  return encodeCursor(kind, [
    top?.at ?? '',
    top?.id ?? 0,
    bottom?.at ?? '',
    bottom?.id ?? 0,
    last ? 1 : 0,
    row.rank,
    row.id,
  ]);
}

function decodeSearchCursor(cursor: string, kind: string): NonNullable<SearchQuery['after']> {
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

/** A first page of search the read model answers: no filter, no cursor, a query the executor would accept. */
function firstSearchPage(args: ArgumentValues): { text: string; first: number } {
  if (args.filter != null) throw new NotThisRequest('filter');
  if (args.after != null || args.before != null || args.last != null) throw new NotThisRequest('cursor arguments');
  const text = String(args.query).trim();
  if (searchTextProblem(text)) throw new NotThisRequest('query');
  const first = args.first == null ? DEFAULT_PAGE_SIZE : Number(args.first);
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw new NotThisRequest('page size');
  return { text, first };
}

// encodeSearchCursor in SQL, over the walk's row: '' and 0 for a window without bounds; the kind
// (computed from the query text in JS) is a parameter, already JSON. A rank FLOAT would hand over
// makes the whole cursor the marker.
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
    // The first page, as the resolver below answers it: the same statement (searchArticlesSql,
    // the server's window, the viewer's visibility) with its results in walk order, the query's
    // tsquery beside them for `highlights`, and `totalCount` as countSearchResults counts. Pages
    // after a cursor and filters are the resolver's.
    extensions: reads(
      connection({
        size: (args) => firstSearchPage(args).first,
        page: (_root, page, _bounds, scope) => {
          if (!scope.settings.search) scope.unsupported('searches are left to the response cache');
          const text = scope.slot((args) => firstSearchPage(args).text, 'text') as string;
          const walk = searchArticlesSql({
            text,
            filter: {},
            includeHidden: scope.visibility.includeHidden,
            window: scope.settings.searchRankWindow,
            limit: scope.slot((args) => firstSearchPage(args).first + 1, 'int') as number,
            limitAtMost: MAX_PAGE_SIZE + 1,
            highlights: false,
          });
          const w = scope.alias('w');
          return {
            rows: sql`(select ${w}.*, ${searchQuerySql(text, undefined)} as q, row_number() over (order by ${w}.win, ${w}.rank desc, ${w}.id desc) as rn from (${walk}) ${w}) ${page}`,
            order: sql`${page}.rn`,
            reverse: sql`${page}.rn desc`,
            cursor: () =>
              searchCursorSql(
                page,
                scope.param((args) => JSON.stringify(searchCursorKind(firstSearchPage(args).text)), 'text'),
              ),
          };
        },
        count: (_root, scope) =>
          countSearchResultsSql({
            text: scope.slot((args) => firstSearchPage(args).text, 'text') as string,
            filter: {},
            includeHidden: scope.visibility.includeHidden,
          }),
      }),
    ),
    resolve: async (_root, args, ctx, info) => {
      // A first page: the results, their articles and what is selected under them, highlights and
      // totalCount in one statement, from the declarations (src/schema/read-through.ts).
      const read = await readThrough(ctx, info);
      if (read) return read.value as never;
      const text = args.query.trim();
      const problem = searchTextProblem(text);
      if (problem) throw badInput(problem, 'query');
      const plan = planPage(args);
      const kind = searchCursorKind(text);
      const after = plan.from ? decodeSearchCursor(plan.from, kind) : undefined;
      const filter = await resolveArticleFilter(ctx, args.filter);
      const base = { text, filter: filter ?? {}, includeHidden: ctx.visibility.includeHidden };
      const rows =
        filter === null || plan.size === 0
          ? []
          : await searchArticles(ctx.db, {
              ...base,
              window: ctx.searchRankWindow,
              after,
              limit: plan.size + 1,
              highlights: Lookahead.of(info).child('edges').child('node').has('highlights'),
            });
      ctx.loaders.primeArticles(rows);
      let total: Promise<number> | undefined;
      return connectionFromPage(toPage(plan, rows), (row) => encodeSearchCursor(kind, row), {
        totalCount: () => {
          if (filter === null) return Promise.resolve(0);
          total ??= countSearchResults(ctx.db, base);
          return total;
        },
      }) as never;
    },
  }),
}));
