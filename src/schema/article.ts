import { builder } from '../builder.js';
import type { Context } from '../context.js';
import { type ArticleFilterValues, type ArticleOrder, countArticles, listArticles, orderKeyColumn, UNPUBLISHED_SORT_KEY } from '../db/queries/articles.js';
import type { ArticleRow, ArticleStatus } from '../db/tables.js';
import { BroadsheetError, ErrorCode, badInput } from '../errors.js';
import { readingTimeMinutes, splitParagraphs } from '../content/text.js';
import {
  ArticleOrderEnum,
  ArticleStatusEnum,
  EntityKindEnum,
  MentionSourceEnum,
  NavigationScopeEnum,
  SummaryLengthEnum,
} from './enums.js';
import { parseGlobalId, parseNumericKey } from './ids.js';
import { type ConnectionArgs, connectionFromPage, decodeCursor, encodeCursor, planPage, toPage } from './pagination.js';
import { ArticleRef, EntityRef, SectionRef, SummaryRef } from './refs.js';
import { resolveSummary } from './summary.js';
import { Lookahead } from './lookahead.js';
import { articleIncludes, connectionNodeSelection, primeArticlePages } from './prefetch.js';
import { findArticlePages, listArticlePages, needsNothing } from '../db/queries/article-pages.js';
import type { GraphQLResolveInfo } from 'graphql';


/** A scheduled article whose time has come reads as published; no job has to flip it. */
export function effectiveStatus(article: ArticleRow, now = new Date()): ArticleStatus {
  if (article.status === 'SCHEDULED' && article.publishedAt && article.publishedAt <= now) return 'PUBLISHED';
  return article.status;
}

export const ArticleFilterInput = builder.inputType('ArticleFilter', {
  fields: (t) => ({
    section: t.string({ required: false, description: 'Slug of a section.' }),
    entity: t.string({ required: false, description: 'Slug of an entity the articles mention.' }),
    publishedAfter: t.field({ type: 'DateTime', required: false, description: 'Inclusive lower bound of publishedAt.' }),
    publishedBefore: t.field({ type: 'DateTime', required: false, description: 'Exclusive upper bound of publishedAt.' }),
    status: t.field({
      type: [ArticleStatusEnum],
      required: false,
      description: 'Only articles stored with one of these statuses. Editors only: needs `read:drafts`.',
    }),
  }),
});

export interface ArticleFilterArgs {
  section?: string | null;
  entity?: string | null;
  publishedAfter?: Date | null;
  publishedBefore?: Date | null;
  status?: ArticleStatus[] | null;
}

/** Resolves slugs in a filter to ids; null when a slug matches nothing (the list is then empty). */
export async function resolveArticleFilter(ctx: Context, filter: ArticleFilterArgs | null | undefined): Promise<ArticleFilterValues | null> {
  const values: ArticleFilterValues = {};
  if (!filter) return values;
  if (filter.publishedAfter && filter.publishedBefore && filter.publishedAfter >= filter.publishedBefore) {
    throw badInput('`publishedAfter` must be earlier than `publishedBefore`', 'filter.publishedAfter');
  }
  const [section, entity] = await Promise.all([
    filter.section != null ? ctx.loaders.sectionBySlug.load(filter.section) : undefined,
    filter.entity != null ? ctx.loaders.entityBySlug.load(filter.entity) : undefined,
  ]);
  if (section === null || entity === null) return null;
  if (section) values.sectionIds = [section.id];
  if (entity) values.entityIds = [entity.id];
  if (filter.publishedAfter) values.publishedAfter = filter.publishedAfter;
  if (filter.publishedBefore) values.publishedBefore = filter.publishedBefore;
  if (filter.status?.length) {
    if (!ctx.visibility.includeHidden) {
      throw new BroadsheetError(ErrorCode.FORBIDDEN, 'Filtering by `status` needs an API token with the `read:drafts` scope', { argument: 'filter.status' });
    }
    values.statuses = filter.status;
  }
  return values;
}

function emptyConnection() {
  return connectionFromPage({ rows: [] as ArticleRow[], hasNextPage: false, hasPreviousPage: false }, () => '', {
    totalCount: async () => 0,
  });
}

/** One keyset page of articles; totalCount costs its own statement only when asked for. */
export async function resolveArticleConnection(
  ctx: Context,
  args: ConnectionArgs,
  filter: ArticleFilterValues | null,
  order: ArticleOrder,
  info?: GraphQLResolveInfo,
) {
  const plan = planPage(args);
  if (filter === null) return emptyConnection();
  const kind = `article:${order}`;
  const toKey = (cursor: string | undefined) => {
    if (cursor === undefined) return undefined;
    const [at, id] = decodeCursor(cursor, kind, ['date', 'id']) as [Date, number];
    return { at, id };
  };
  const from = toKey(plan.from);
  const until = toKey(plan.until);
  const query = { filter, order, after: from, before: until, backwards: plan.backwards, limit: plan.size + 1, includeHidden: ctx.visibility.includeHidden };
  let rows: ArticleRow[] = [];
  if (plan.size > 0 && info) {
    // The nodes' section, entities and summaries come in the page's own statement, and the body
    // only when a selected field reads it (see src/schema/prefetch.ts).
    const includes = articleIncludes(connectionNodeSelection(info), info);
    const pages = await listArticlePages(ctx.db, query, includes);
    primeArticlePages(ctx, pages, includes);
    rows = pages.map((page) => page.article);
  } else if (plan.size > 0) {
    rows = await listArticles(ctx.db, query);
    ctx.loaders.primeArticles(rows);
  }
  const keyField = orderKeyColumn(order) === 'articles.updatedAt' ? 'updatedAt' : 'publishedAt';
  let total: Promise<number> | undefined;
  return connectionFromPage(toPage(plan, rows), (row) => encodeCursor(kind, [(row[keyField] ?? UNPUBLISHED_SORT_KEY).toISOString(), row.id]), {
    totalCount: () => (total ??= countArticles(ctx.db, filter, ctx.visibility, order)),
  });
}

export const ArticleConnection = builder.connectionObject(
  {
    type: ArticleRef,
    name: 'ArticleConnection',
    fields: (t) => ({
      totalCount: t.int({
        description: 'Number of articles in the whole list, not just this page.',
        resolve: (connection) => (connection as unknown as { totalCount: () => Promise<number> }).totalCount(),
      }),
    }),
  },
  { name: 'ArticleEdge' },
);

export interface ArticleMention {
  articleId: number;
  entityId: number;
  mentionCount: number;
  firstOffset: number;
  salience: number;
  source: 'EXTRACTED' | 'IMPORTED' | 'EDITORIAL';
}

const ArticleEntityRef = builder.objectRef<ArticleMention>('ArticleEntity').implement({
  description: 'An entity as mentioned in one article.',
  fields: (t) => ({
    entity: t.field({
      type: EntityRef,
      resolve: async (mention, _args, ctx) => (await ctx.loaders.entity.load(mention.entityId))!,
    }),
    mentionCount: t.exposeInt('mentionCount'),
    firstOffset: t.exposeInt('firstOffset', { description: 'Offset of the first mention in title + blank line + body, in UTF-16 code units.' }),
    salience: t.exposeFloat('salience', { description: 'How central the entity is to the article, from 0 to 1.' }),
    source: t.field({ type: MentionSourceEnum, resolve: (mention) => mention.source }),
  }),
});

builder.node(ArticleRef, {
  description: 'A news article.',
  // Not 'body': list rows leave the body out when nothing selected reads it (src/schema/prefetch.ts).
  isTypeOf: (value) => typeof value === 'object' && value !== null && 'wordCount' in value && 'title' in value,
  id: { resolve: (article) => article.id, parse: parseNumericKey },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.article.load(id))),
  fields: (t) => ({
    slug: t.exposeString('slug'),
    title: t.exposeString('title'),
    standfirst: t.exposeString('standfirst', { nullable: true, description: 'The sentence under the headline.' }),
    body: t.exposeString('body', { description: 'The body text: paragraphs separated by one blank line.' }),
    paragraphs: t.stringList({ resolve: (article) => splitParagraphs(article.body) }),
    status: t.field({ type: ArticleStatusEnum, resolve: (article) => effectiveStatus(article) }),
    publishedAt: t.field({ type: 'DateTime', nullable: true, resolve: (article) => article.publishedAt }),
    createdAt: t.field({ type: 'DateTime', resolve: (article) => article.createdAt }),
    updatedAt: t.field({ type: 'DateTime', resolve: (article) => article.updatedAt }),
    section: t.field({
      type: SectionRef,
      nullable: true,
      resolve: (article, _args, ctx) => (article.sectionId === null ? null : ctx.loaders.section.load(article.sectionId)),
    }),
    wordCount: t.exposeInt('wordCount'),
    readingTimeMinutes: t.int({ resolve: (article) => readingTimeMinutes(article.wordCount) }),
    entities: t.field({
      type: [ArticleEntityRef],
      description: 'The people, organisations and places the article mentions, most salient first.',
      args: { kind: t.arg({ type: EntityKindEnum, required: false }) },
      resolve: async (article, { kind }, ctx) => {
        const mentions = await ctx.loaders.mentions.load(article.id);
        return kind ? mentions.filter((m) => m.entity.kind === kind) : mentions;
      },
    }),
    summary: t.field({
      type: SummaryRef,
      nullable: true,
      args: { length: t.arg({ type: SummaryLengthEnum, required: true, defaultValue: 'SHORT' }) },
      resolve: (article, { length }, ctx) => resolveSummary(ctx, article, length),
    }),
    previousArticle: t.field({
      type: ArticleRef,
      nullable: true,
      description: 'The visible article published just before this one (ties broken by id).',
      args: { scope: t.arg({ type: NavigationScopeEnum, required: true, defaultValue: 'ALL' }) },
      resolve: (article, { scope }, ctx) => ctx.loaders.adjacent.load({ articleId: article.id, direction: 'PREVIOUS', scope }),
    }),
    nextArticle: t.field({
      type: ArticleRef,
      nullable: true,
      description: 'The visible article published just after this one (ties broken by id).',
      args: { scope: t.arg({ type: NavigationScopeEnum, required: true, defaultValue: 'ALL' }) },
      resolve: (article, { scope }, ctx) => ctx.loaders.adjacent.load({ articleId: article.id, direction: 'NEXT', scope }),
    }),
    relatedArticles: t.field({
      type: [ArticleRef],
      description: 'Visible articles sharing the most entities with this one, then the most recent.',
      args: { first: t.arg.int({ required: true, defaultValue: 5 }) },
      resolve: (article, { first }, ctx) => {
        if (first < 0 || first > 20) throw badInput('`first` must be from 0 to 20', 'first');
        return first === 0 ? [] : ctx.loaders.related.load({ articleId: article.id, limit: first });
      },
    }),
  }),
});

builder.queryFields((t) => ({
  article: t.field({
    type: ArticleRef,
    nullable: true,
    description: 'An article by global id or by slug (exactly one). Null when it does not exist or is not visible.',
    args: { id: t.arg.id({ required: false }), slug: t.arg.string({ required: false }) },
    resolve: async (_root, { id, slug }, ctx, info) => {
      if ((id == null) === (slug == null)) throw badInput('Pass exactly one of `id` or `slug`');
      const articleId = id != null ? parseGlobalId(String(id), 'Article') : undefined;
      // The article page: its section, summaries, entities and neighbours come in the article's
      // own statement and prime the loaders (see src/schema/prefetch.ts). Always with the body:
      // the row goes into the shared article loader.
      const includes = { ...articleIncludes(Lookahead.of(info), info), body: true };
      if (needsNothing(includes)) return articleId !== undefined ? ctx.loaders.article.load(articleId) : ctx.loaders.articleBySlug.load(slug!);
      const key = articleId !== undefined ? { ids: [articleId] } : { slugs: [slug!] };
      const [page] = await findArticlePages(ctx.db, key, ctx.visibility, includes);
      if (!page) return null;
      primeArticlePages(ctx, [page], includes);
      ctx.loaders.articleBySlug.prime(page.article.slug, page.article);
      return page.article;
    },
  }),
  articles: t.connection(
    {
      type: ArticleRef,
      description: 'Articles, newest first by default, with keyset pagination.',
      args: {
        filter: t.arg({ type: ArticleFilterInput, required: false }),
        orderBy: t.arg({ type: ArticleOrderEnum, required: true, defaultValue: 'PUBLISHED_AT_DESC' }),
      },
      resolve: async (_root, args, ctx, info) =>
        resolveArticleConnection(ctx, args, await resolveArticleFilter(ctx, args.filter), args.orderBy, info) as never,
    },
    ArticleConnection,
  ),
}));
