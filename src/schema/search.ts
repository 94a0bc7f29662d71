import { createHash } from 'node:crypto';
import { builder } from '../builder.js';
import { countSearchResults, HEADLINE_DELIMITER, type SearchRow, searchArticles } from '../db/queries/articles.js';
import { badInput } from '../errors.js';
import { ArticleFilterInput, resolveArticleFilter } from './article.js';
import { Lookahead } from './lookahead.js';
import { connectionFromPage, decodeCursor, encodeCursor, planPage, toPage } from './pagination.js';
import { ArticleRef } from './refs.js';

const SearchResultRef = builder.objectRef<SearchRow>('SearchResult').implement({
  description: 'An article matching a search, with its relevance and the passages that matched.',
  fields: (t) => ({
    article: t.field({ type: ArticleRef, resolve: (row) => row }),
    rank: t.exposeFloat('rank', { description: 'Relevance (ts_rank_cd); higher is better.' }),
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

const MAX_QUERY_LENGTH = 256;

builder.queryFields((t) => ({
  search: t.connection(
    {
      type: SearchResultRef,
      description:
        'Full-text search over title, standfirst and body, most relevant first. Accepts web-search syntax: "quoted phrases", OR, -excluded.',
      args: {
        query: t.arg.string({ required: true }),
        filter: t.arg({ type: ArticleFilterInput, required: false }),
      },
      resolve: async (_root, args, ctx, info) => {
        const text = args.query.trim();
        if (text.length === 0) throw badInput('`query` must not be empty', 'query');
        if (text.length > MAX_QUERY_LENGTH) throw badInput(`\`query\` must be at most ${MAX_QUERY_LENGTH} characters`, 'query');
        const plan = planPage(args);
        if (plan.backwards || plan.until !== undefined) {
          throw badInput('Search results page forwards only: use `first` and `after`', plan.backwards ? 'last' : 'before');
        }
        // A cursor belongs to one query: reusing it with another query is refused, not misread.
        const kind = `search:${createHash('sha1').update(text).digest('base64url').slice(0, 10)}`;
        const after = plan.from ? (decodeCursor(plan.from, kind, ['number', 'number']) as [number, number]) : undefined;
        const filter = await resolveArticleFilter(ctx, args.filter);
        const base = { text, filter: filter ?? {}, includeHidden: ctx.visibility.includeHidden };
        const rows =
          filter === null || plan.size === 0
            ? []
            : await searchArticles(ctx.db, {
                ...base,
                after: after && { rank: after[0], id: after[1] },
                limit: plan.size + 1,
                // ts_headline re-parses each hit's whole body: the dearest part of a search.
                highlights: Lookahead.of(info).child('edges').child('node').has('highlights'),
              });
        ctx.loaders.primeArticles(rows);
        let total: Promise<number> | undefined;
        return connectionFromPage(toPage(plan, rows), (row) => encodeCursor(kind, [row.rank, row.id]), {
          totalCount: () => (filter === null ? Promise.resolve(0) : (total ??= countSearchResults(ctx.db, base))),
        }) as never;
      },
    },
    SearchResultConnection,
  ),
}));
