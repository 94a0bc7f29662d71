import { builder } from '../builder.js';
import {
  countSearchResults,
  HEADLINE_DELIMITER,
  isSearchKeyTime,
  type SearchKey,
  type SearchQuery,
  type SearchRow,
  type SearchWindow,
  searchArticles,
  searchCursorKind,
  searchTextProblem,
} from '../db/queries/article-search.js';
import { BroadsheetError, badInput, ErrorCode } from '../errors.js';
import { ArticleFilterInput, resolveArticleFilter } from './article.js';
import { Lookahead } from './lookahead.js';
import { connectionFromPage, decodeCursor, encodeCursor, planPage, toPage } from './pagination.js';
import { ArticleRef } from './refs.js';

const SearchResultRef = builder.objectRef<SearchRow>('SearchResult').implement({
  description: 'An article matching a search, with its relevance and the passages that matched.',
  fields: (t) => ({
    article: t.field({ type: ArticleRef, resolve: (row) => row }),
    rank: t.exposeFloat('rank', { description: 'Relevance (ts_rank_cd); higher is better. Results are ordered by it within windows of recent matches.' }),
    highlights: t.stringList({
      description: 'Passages of the title and body with the matched words wrapped in <mark></mark>.',
      resolve: (row) => (row.headline ?? '').split(HEADLINE_DELIMITER).map((s) => s.trim()).filter(Boolean),
    }),
  }),
});

const SearchResultConnection = builder.connectionObject(
  {
    type: SearchResultRef,
    name: 'SearchResultConnection',
    fields: (t) => ({
      totalCount: t.int({ resolve: (connection) => (connection as unknown as { totalCount: () => Promise<number> }).totalCount() }),
    }),
  },
  { name: 'SearchResultEdge' },
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
  return encodeCursor(kind, [top?.at ?? '', top?.id ?? 0, bottom?.at ?? '', bottom?.id ?? 0, last ? 1 : 0, row.rank, row.id]);
}

function decodeSearchCursor(cursor: string, kind: string): NonNullable<SearchQuery['after']> {
  const values = decodeCursor(cursor, kind, ['string', 'number', 'string', 'number', 'number', 'number', 'id']);
  const [topAt, topId, bottomAt, bottomId, last, rank, id] = values as [string, number, string, number, number, number, number];
  const key = (at: string, keyId: number): SearchKey | null | undefined => {
    if (at === '' && keyId === 0) return null;
    return isSearchKeyTime(at) && Number.isInteger(keyId) && keyId > 0 && keyId <= MAX_INT ? { at, id: keyId } : undefined;
  };
  const top = key(topAt, topId);
  const bottom = key(bottomAt, bottomId);
  const valid =
    top !== undefined && bottom !== undefined && (top === null) === (bottom === null) && (last === 0 || last === 1) &&
    Math.abs(rank) <= MAX_REAL && Number.isInteger(id) && id > 0 && id <= MAX_INT;
  if (!valid) {
    throw new BroadsheetError(ErrorCode.INVALID_CURSOR, 'The cursor is not valid for this list; use a cursor returned by the same field and ordering', { cursor });
  }
  const window: SearchWindow = { top: top as SearchKey | null, bottom: bottom as SearchKey | null, last: last === 1 };
  return { window, rank, id };
}

builder.queryFields((t) => ({
  search: t.connection(
    {
      type: SearchResultRef,
      description:
        'Full-text search over title, standfirst and body. Matches are taken newest first in windows of SEARCH_RANK_WINDOW (200 by default) and ordered by window, then by relevance: the first page holds the most relevant of the newest matches, and paging on goes through older windows. Accepts web-search syntax: "quoted phrases", OR, -excluded.',
      args: {
        query: t.arg.string({ required: true }),
        filter: t.arg({ type: ArticleFilterInput, required: false }),
      },
      resolve: async (_root, args, ctx, info) => {
        const text = args.query.trim();
        const problem = searchTextProblem(text);
        if (problem) throw badInput(problem, 'query');
        const plan = planPage(args);
        if (plan.backwards || plan.until !== undefined) {
          throw badInput('Search results page forwards only: use `first` and `after`', plan.backwards ? 'last' : 'before');
        }
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
                // ts_headline re-parses each hit's whole body: the dearest part of a search.
                highlights: Lookahead.of(info).child('edges').child('node').has('highlights'),
              });
        ctx.loaders.primeArticles(rows);
        let total: Promise<number> | undefined;
        return connectionFromPage(toPage(plan, rows), (row) => encodeSearchCursor(kind, row), {
          totalCount: () => (filter === null ? Promise.resolve(0) : (total ??= countSearchResults(ctx.db, base))),
        }) as never;
      },
    },
    SearchResultConnection,
  ),
}));
