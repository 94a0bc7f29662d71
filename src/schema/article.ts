import type { GraphQLResolveInfo } from 'graphql';
import { type RawBuilder, sql } from 'kysely';
import { builder } from '../builder.js';
import { DEFAULT_PAGE_SIZE, DEFAULT_RELATED_ARTICLES, MAX_PAGE_SIZE } from '../config.js';
import { type Context, loadersOf } from '../context.js';
import { mentionOrderSql } from '../db/queries/article-entities.js';
import { listArticlePages } from '../db/queries/article-pages.js';
import {
  type ArticleFilterValues,
  type ArticleOrder,
  type ArticlePageIndex,
  adjacentFrom,
  articleFilterSql,
  articleIdBySlugSql,
  articleKeysetSql,
  articleOrderKey,
  countArticles,
  effectiveStatusSql,
  listArticles,
  type NavigationScope,
  orderKeyColumn,
  paragraphsSql,
  readableSql,
  relatedOrderSql,
  relatedRanksSql,
  UNPUBLISHED_SORT_KEY,
  visibleMentionSql,
  visibleSql,
} from '../db/queries/articles.js';
import { authorIdBySlugSql } from '../db/queries/authors.js';
import { entityIdBySlugSql } from '../db/queries/entities.js';
import { sectionIdBySlugSql } from '../db/queries/sections.js';
import { storedSummaryAnswersSql } from '../db/queries/summaries.js';
import { tagIdBySlugSql } from '../db/queries/tags.js';
import type { ArticleRow, ArticleStatus, MentionSource } from '../db/tables.js';
import { BroadsheetError, badInput, ErrorCode } from '../errors.js';
import { TEXT_WEIGHT, weighs } from '../field-cost.js';
import { canonicalLanguage } from '../languages.js';
import { readingTimeMinutes, splitParagraphs, WORDS_PER_MINUTE } from '../text/text.js';
import { CURSOR, HANDOVER, ISO_TEXT, ISO_YEARS } from './codecs.js';
import {
  ArticleOrderEnum,
  ArticleStatusEnum,
  EntityKindEnum,
  MentionSourceEnum,
  NavigationScopeEnum,
  SummaryLengthEnum,
} from './enums.js';
import { byIdOrSlug, parseGlobalId, parseNumericKey } from './ids.js';
import { type ConnectionArgs, connectionFromPage, decodeCursor, encodeCursor, planPage, toPage } from './pagination.js';
import { articleIncludes, connectionNodeSelection, primeArticlePages } from './prefetch.js';
import {
  type Alias,
  type ArgumentValues,
  type ConnectionPage,
  column,
  connection,
  connectionCount,
  filters,
  globalId,
  many,
  NotThisRequest,
  need,
  one,
  type ReadScope,
  reads,
  value,
} from './read.js';
import { readThrough } from './read-through.js';
import { ArticleRef, EntityRef, SectionRef, SummaryRef } from './refs.js';
import { resolveSummary } from './summary.js';

// ----- Read declarations shared by the fields that read articles (docs/READ-MODEL.md) -----

/** The articles this viewer may read: the visible ones, or every live one (not trashed) for editors with read:drafts. */
const shown = (a: Alias, scope: ReadScope) => sql.raw(readableSql(a.name, scope.visibility));

/** The rows of `articles(filter:)`: what this viewer may read, narrowed by the filter's declared conditions. */
const listed = (x: Alias, scope: ReadScope) => sql`${shown(x, scope)} and ${scope.where('filter', x)}`;

/**
 * `first` of a connection the read model pages: a forward page (after a cursor too, where the
 * declaration reads `after`: `{ after: true }`), or the executor answers.
 */
export function forwardPageSize(args: ArgumentValues, { after = false }: { after?: boolean } = {}): number {
  if ((!after && args.after != null) || args.before != null || args.last != null)
    throw new NotThisRequest('cursor arguments');
  const first = args.first == null ? DEFAULT_PAGE_SIZE : Number(args.first);
  // 0 reads nothing and over the maximum is an error: both belong to the executor.
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw new NotThisRequest('page size');
  return first;
}

// Connection cursors: base64url of ["article:<order>", sort key, id] (encodeCursor), as JSON
// text. The marker cannot go inside the base64, so a year ISO_TEXT cannot write makes the whole
// cursor the marker.
const articleCursor = (p: string, order: ArticleOrder) => {
  const key = `${p}.${articleOrderKey(order).column}`;
  return sql.raw(
    `case when ${ISO_YEARS(key)} then ${CURSOR(`'["article:${order}","' || ${ISO_TEXT(key)} || '",' || ${p}.id || ']'`)} else ${HANDOVER} end`,
  );
};

/**
 * A first page of visible articles in `order`: `candidates(x, limit)` is the FROM and WHERE of
 * the candidate rows (alias `x`); the page takes the first `limit` of them.
 */
export function orderedArticlesPage(
  page: Alias,
  limit: RawBuilder<unknown>,
  scope: ReadScope,
  order: ArticleOrder,
  candidates: (x: Alias, limit: RawBuilder<unknown>) => RawBuilder<unknown>,
): ConnectionPage {
  // Editors' lists hold drafts, which sort by UNPUBLISHED_SORT_KEY (listArticlesQuery): the executor's.
  if (scope.visibility.includeHidden) scope.unsupported('lists with drafts');
  const x = scope.alias('x');
  const { column, ascending } = articleOrderKey(order);
  const by = (a: Alias, reversed = false) =>
    sql.raw(
      `${a.name}.${column} ${ascending !== reversed ? 'asc' : 'desc'}, ${a.name}.id ${ascending !== reversed ? 'asc' : 'desc'}`,
    );
  return {
    rows: sql`(select ${x}.*, row_number() over (order by ${by(x)}) as rn ${candidates(x, limit)} order by ${by(x)} limit ${limit}) ${page}`,
    order: by(page),
    reverse: by(page, true),
    cursor: () => articleCursor(page.name, order),
  };
}

/** A first page of visible articles, newest first (orderedArticlesPage). */
export const newestArticlesPage = (
  page: Alias,
  limit: RawBuilder<unknown>,
  scope: ReadScope,
  candidates: (x: Alias, limit: RawBuilder<unknown>) => RawBuilder<unknown>,
) => orderedArticlesPage(page, limit, scope, 'PUBLISHED_AT_DESC', candidates);

/**
 * What the `articles` connection of an entity, author or tag reads, declared once for the three:
 * newest first through the parent's page index (ARTICLE_PAGE_INDEXES: the article's status and
 * publication time copied onto the link rows), an index range of `limit` entries however many
 * articles there are, the articles' own visibility checked again. Other orders and cursors are
 * resolveArticleConnection's, given the parent's id.
 */
export const articlesThroughPageIndex = (index: ArticlePageIndex) =>
  reads(
    connection({
      size: (args) => {
        if (args.orderBy !== 'PUBLISHED_AT_DESC') throw new NotThisRequest('order');
        return forwardPageSize(args);
      },
      page: (parent, page, { limit }, scope) =>
        newestArticlesPage(page, limit, scope, (x, limit) => {
          const k = scope.alias('k');
          return sql`from (select ${k}.article_id from ${sql.raw(index.table)} ${k}
              where ${k}.${sql.raw(index.key)} = ${parent}.id and ${sql.raw(visibleMentionSql(k.name))}
              order by ${k}.article_published_at desc, ${k}.article_id desc limit ${limit}) ${k}
            join articles ${x} on ${x}.id = ${k}.article_id where ${sql.raw(visibleSql(x.name))}`;
        }),
    }),
    { id: need('id') },
  );

/**
 * The order of an article list, as the document writes it: the order changes the statement's
 * ORDER BY (and the index that serves it), so a variable one is compiled per request only.
 */
function listOrder(scope: ReadScope): ArticleOrder {
  const written = (scope.constant('orderBy') ?? 'PUBLISHED_AT_DESC') as ArticleOrder;
  scope.check((args) => {
    if (args.orderBy !== written) throw new NotThisRequest('order');
  });
  return written;
}

/**
 * The `after` cursor of an article list in `order`: the condition on the candidate row `x` (rows
 * past the cursor, by the keyset rule articleKeysetSql) and whether there is one (a previous page).
 * A cursor the executor refuses (INVALID_CURSOR) hands the request over.
 */
function afterCursor(scope: ReadScope, order: ArticleOrder) {
  const kind = `article:${order}`;
  const position = (args: ArgumentValues) => {
    if (args.after == null) return null;
    try {
      const [at, id] = decodeCursor(String(args.after), kind, ['date', 'id']) as [Date, number];
      return { at, id };
    } catch {
      throw new NotThisRequest('cursor');
    }
  };
  const at = scope.param((args) => position(args)?.at ?? null, 'timestamptz');
  const id = scope.param((args) => position(args)?.id ?? null, 'int');
  const { column, ascending } = articleOrderKey(order);
  return {
    past: (x: Alias) =>
      sql`(${at} is null or ${articleKeysetSql(sql`${x}.${sql.raw(column)}`, sql`${x}.id`, ascending, at, id)})`,
    given: sql`${at} is not null`,
  };
}

/** previousArticle / nextArticle: the scope changes which index serves the statement, so only a constant one is compiled. */
const adjacentRead = (direction: 'PREVIOUS' | 'NEXT') =>
  one((a, n, scope) => {
    const written = (scope.constant('scope') ?? 'ALL') as NavigationScope;
    scope.check((args) => {
      if (args.scope !== written) throw new NotThisRequest('scope');
    });
    return adjacentFrom(n.name, a.name, direction, written);
  });

/** What readers see as `updatedAt`: the last substantive change, else publication, else creation. */
export function displayedUpdatedAt(
  article: Pick<ArticleRow, 'substantiveUpdatedAt' | 'publishedAt' | 'createdAt'>,
): Date {
  const times = [article.substantiveUpdatedAt, article.publishedAt].filter((t): t is Date => t !== null);
  return times.length === 0 ? article.createdAt : new Date(Math.max(...times.map((t) => t.getTime())));
}

/** A scheduled article whose time has come reads as published; no job has to flip it. */
export function effectiveStatus(article: ArticleRow, now = new Date()): ArticleStatus {
  if (article.status === 'SCHEDULED' && article.publishedAt && article.publishedAt <= now) return 'PUBLISHED';
  return article.status;
}

/**
 * A filter by the slug of a section, entity, tag or author: the articles whose ids `condition`
 * picks, given the one id the slug resolves to (the slug rule of src/db/queries/, redirects of
 * renamed and merged ones included). A slug that names nothing resolves to null: an empty list.
 * The loaders' slug lookups also hide sections and tags no visible article is in, which the list
 * does by itself: only visible articles are listed.
 */
const bySlug = (
  name: keyof ArticleFilterArgs,
  resolve: (slug: RawBuilder<unknown>, scope: ReadScope) => RawBuilder<unknown>,
  condition: (a: Alias, ids: RawBuilder<unknown>) => RawBuilder<unknown>,
) =>
  filters({
    cast: 'text',
    value: (input) => input[name],
    where: (a, slug, scope) => condition(a, sql`array[${resolve(slug, scope)}]::int[]`),
  });

/** `publishedAfter` must come before `publishedBefore`: otherwise the executor's BAD_USER_INPUT. */
const publicationBound = (
  name: 'publishedAfter' | 'publishedBefore',
  condition: (a: Alias, at: RawBuilder<unknown>) => RawBuilder<unknown>,
) =>
  filters({
    cast: 'timestamptz',
    value: (input) => {
      const { publishedAfter: after, publishedBefore: before } = input as ArticleFilterArgs;
      if (after && before && after >= before)
        throw new NotThisRequest('publishedAfter must be earlier than publishedBefore');
      return input[name];
    },
    where: condition,
  });

export const ArticleFilterInput = builder.inputType('ArticleFilter', {
  description:
    'Narrows an article list: an article must meet every condition given. A section, entity, tag or author slug that names nothing gives an empty list.',
  // Each field declares its condition (`filters`, src/schema/read.ts), which the read model's
  // generator reads; resolveArticleFilter is the executor's reading of the same fields.
  fields: (t) => ({
    section: t.string({
      required: false,
      description: 'Slug of a section.',
      extensions: bySlug('section', (slug) => sectionIdBySlugSql(slug), articleFilterSql.inSections),
    }),
    entity: t.string({
      required: false,
      description: 'Slug of an entity the articles mention.',
      extensions: bySlug(
        'entity',
        (slug, scope) => entityIdBySlugSql(slug, scope.visibility),
        articleFilterSql.mentions,
      ),
    }),
    tag: t.string({
      required: false,
      description: 'Slug of a tag the articles have (a former slug of the tag works too).',
      extensions: bySlug('tag', (slug) => tagIdBySlugSql(slug), articleFilterSql.tagged),
    }),
    author: t.string({
      required: false,
      description: 'Slug of an author in the articles’ bylines.',
      extensions: bySlug('author', (slug) => authorIdBySlugSql(slug), articleFilterSql.bylined),
    }),
    publishedAfter: t.field({
      type: 'DateTime',
      required: false,
      description: 'Inclusive lower bound of publishedAt; must be earlier than `publishedBefore` (BAD_USER_INPUT).',
      extensions: publicationBound('publishedAfter', articleFilterSql.publishedFrom),
    }),
    publishedBefore: t.field({
      type: 'DateTime',
      required: false,
      description: 'Exclusive upper bound of publishedAt.',
      extensions: publicationBound('publishedBefore', articleFilterSql.publishedUntil),
    }),
    status: t.field({
      type: [ArticleStatusEnum],
      required: false,
      description:
        'Only articles stored with one of these statuses. Editors only: needs `read:drafts` (FORBIDDEN without).',
      extensions: filters({
        cast: 'text[]',
        value: (input, scope) => {
          const statuses = input.status as ArticleStatus[] | null | undefined;
          if (!statuses?.length) return null;
          // The public gets the executor's FORBIDDEN (resolveArticleFilter).
          if (!scope.visibility.includeHidden) throw new NotThisRequest('status needs read:drafts');
          return statuses;
        },
        where: articleFilterSql.withStatus,
      }),
    }),
    language: t.string({
      required: false,
      description:
        'Only articles in this language, a BCP 47 tag, or in one of its variants: `en` takes en, en-GB and en-US; `en-GB` only en-GB (BAD_USER_INPUT for a malformed tag).',
      extensions: filters({
        cast: 'text',
        value: (input) => {
          const raw = (input as ArticleFilterArgs).language;
          if (raw == null) return null;
          const tag = canonicalLanguage(raw);
          // A malformed tag gets the executor's BAD_USER_INPUT (resolveArticleFilter).
          if (!tag) throw new NotThisRequest('malformed language tag');
          return tag;
        },
        where: articleFilterSql.inLanguage,
      }),
    }),
  }),
});

export interface ArticleFilterArgs {
  section?: string | null;
  entity?: string | null;
  tag?: string | null;
  author?: string | null;
  publishedAfter?: Date | null;
  publishedBefore?: Date | null;
  status?: ArticleStatus[] | null;
  language?: string | null;
}

/** Resolves slugs in a filter to ids; null when a slug matches nothing (the list is then empty). */
export async function resolveArticleFilter(
  ctx: Context,
  filter: ArticleFilterArgs | null | undefined,
): Promise<ArticleFilterValues | null> {
  const values: ArticleFilterValues = {};
  if (!filter) return values;
  if (filter.publishedAfter && filter.publishedBefore && filter.publishedAfter >= filter.publishedBefore) {
    throw badInput('`publishedAfter` must be earlier than `publishedBefore`', 'filter.publishedAfter');
  }
  const [section, entity, tag, author] = await Promise.all([
    filter.section != null ? ctx.loaders.sectionBySlug.load(filter.section) : undefined,
    filter.entity != null ? ctx.loaders.entityBySlug.load(filter.entity) : undefined,
    filter.tag != null ? ctx.loaders.tagBySlug.load(filter.tag) : undefined,
    filter.author != null ? ctx.loaders.authorBySlug.load(filter.author) : undefined,
  ]);
  if (section === null || entity === null || tag === null || author === null) return null;
  if (section) values.sectionIds = [section.id];
  if (entity) values.entityIds = [entity.id];
  if (tag) values.tagIds = [tag.id];
  if (author) values.authorIds = [author.id];
  if (filter.language != null) {
    const language = canonicalLanguage(filter.language);
    if (!language)
      throw badInput('`language` must be a BCP 47 language tag such as en, en-GB or fr', 'filter.language');
    values.language = language;
  }
  if (filter.publishedAfter) values.publishedAfter = filter.publishedAfter;
  if (filter.publishedBefore) values.publishedBefore = filter.publishedBefore;
  if (filter.status?.length) {
    if (!ctx.visibility.includeHidden) {
      throw new BroadsheetError(
        ErrorCode.FORBIDDEN,
        'Filtering by `status` needs an API token with the `read:drafts` scope',
        { argument: 'filter.status' },
      );
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
  const query = {
    filter,
    order,
    after: from,
    before: until,
    backwards: plan.backwards,
    limit: plan.size + 1,
    includeHidden: ctx.visibility.includeHidden,
  };
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
  return connectionFromPage(
    toPage(plan, rows),
    (row) => encodeCursor(kind, [(row[keyField] ?? UNPUBLISHED_SORT_KEY).toISOString(), row.id]),
    {
      totalCount: () => (total ??= countArticles(ctx.db, filter, ctx.visibility, order)),
    },
  );
}

/** The `orderBy` argument of every article list. */
/** The most articles one `relatedArticles(first:)` returns. */
const MAX_RELATED_ARTICLES = 20;

export const ORDER_BY_DESCRIPTION = 'The order of the list; cursors belong to it.';

export const ArticleConnection = builder.connectionObject(
  {
    type: ArticleRef,
    name: 'ArticleConnection',
    description: 'A page of a list of articles (a Relay connection).',
    fields: (t) => ({
      totalCount: t.int({
        description: 'Number of articles in the whole list, not just this page.',
        // A scalar subquery in the page's statement where the list's declaration has a `count`.
        extensions: reads(connectionCount()),
        resolve: (connection) => (connection as unknown as { totalCount: () => Promise<number> }).totalCount(),
      }),
    }),
  },
  { name: 'ArticleEdge', description: 'An article in a page, with its cursor.' },
);

export interface ArticleMention {
  articleId: number;
  entityId: number;
  mentionCount: number;
  firstOffset: number;
  salience: number;
  source: MentionSource;
}

const ArticleEntityRef = builder.objectRef<ArticleMention>('ArticleEntity').implement({
  description: 'An entity as mentioned in one article.',
  fields: (t) => ({
    entity: t.field({
      type: EntityRef,
      description: 'The entity mentioned.',
      extensions: reads(one((ae, e) => sql`entities ${e} where ${e}.id = ${ae}.entity_id`)),
      // The article a preview opens shows its entities as its editors see them (loadersOf).
      resolve: async (mention, _args, ctx) => (await loadersOf(ctx, mention.articleId).entity.load(mention.entityId))!,
    }),
    mentionCount: t.exposeInt('mentionCount', {
      description: 'How many times the title and body mention it, under any of its names.',
      extensions: reads(column('mention_count')),
    }),
    firstOffset: t.exposeInt('firstOffset', {
      description: 'Offset of the first mention in title + blank line + body, in UTF-16 code units.',
      extensions: reads(column('first_offset')),
    }),
    salience: t.exposeFloat('salience', {
      description: 'How central the entity is to the article, from 0 to 1.',
      extensions: reads(column('salience')),
    }),
    source: t.field({
      type: MentionSourceEnum,
      description: 'How the link between article and entity was made.',
      extensions: reads(column('source')),
      resolve: (mention) => mention.source,
    }),
  }),
});

builder.node(ArticleRef, {
  description: 'A news article.',
  id: { resolve: (article) => article.id, parse: parseNumericKey, extensions: reads(globalId('Article')) },
  loadMany: (ids, ctx) => Promise.all(ids.map((id) => ctx.loaders.article.load(id))),
  fields: (t) => ({
    slug: t.exposeString('slug', {
      description:
        'Unique name for URLs: lower-case words joined by hyphens. Look the article up with `article(slug:)`.',
      extensions: reads(column('slug')),
    }),
    canonicalSlug: t.string({
      description:
        'The slug the article answers to now (the same as `slug`). `article(slug:)` also finds an article by a slug it gave up: when the slug asked for differs from this one, a front end redirects (301) to this one.',
      extensions: reads(column('slug')),
      resolve: (article) => article.slug,
    }),
    title: t.exposeString('title', { description: 'The headline.', extensions: reads(column('title')) }),
    standfirst: t.exposeString('standfirst', {
      nullable: true,
      description: 'The sentence under the headline.',
      extensions: reads(column('standfirst')),
    }),
    body: t.exposeString('body', {
      description: 'The body text: paragraphs separated by one blank line.',
      extensions: { ...reads(column('body')), ...weighs(TEXT_WEIGHT.body) },
    }),
    paragraphs: t.stringList({
      description: 'The body split at blank lines, each paragraph on one line and trimmed; empty ones left out.',
      extensions: { ...reads(value((a) => sql.raw(paragraphsSql(a.name)))), ...weighs(TEXT_WEIGHT.body) },
      resolve: (article) => splitParagraphs(article.body),
    }),
    status: t.field({
      type: ArticleStatusEnum,
      description: 'Where the article is in its life. A SCHEDULED article whose time has come reads as PUBLISHED.',
      extensions: reads(value((a) => sql.raw(effectiveStatusSql(a.name)))),
      resolve: (article) => effectiveStatus(article),
    }),
    publishedAt: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When the article went, or goes, live; null while it is a draft.',
      extensions: reads(column('published_at')),
      resolve: (article) => article.publishedAt,
    }),
    createdAt: t.field({
      type: 'DateTime',
      description: 'When the article was first stored.',
      extensions: reads(column('created_at')),
      resolve: (article) => article.createdAt,
    }),
    updatedAt: t.field({
      type: 'DateTime',
      description:
        'When readers were last told the article changed: the last substantive change (an appended correction, update or clarification, or an edit made with `substantive: true`), else its publication (its creation for a draft). Typo fixes and other edits leave it alone; `modifiedAt` has the time of any write.',
      extensions: reads(
        value((a) => sql`coalesce(greatest(${a}.substantive_updated_at, ${a}.published_at), ${a}.created_at)`),
      ),
      resolve: (article) => displayedUpdatedAt(article),
    }),
    modifiedAt: t.field({
      type: 'DateTime',
      description:
        'When the article last changed in any way (any write that raised `version`): for caches and editors. `UPDATED_AT_DESC` lists sort by it.',
      extensions: reads(column('updated_at')),
      resolve: (article) => article.updatedAt,
    }),
    updatedBy: t.exposeString('updatedBy', {
      nullable: true,
      description: 'Name of the API token that last changed the article; null for imported and seeded articles.',
      extensions: reads(column('updated_by')),
    }),
    section: t.field({
      type: SectionRef,
      nullable: true,
      description: 'The section the article belongs to; null when it has none.',
      extensions: reads(one((a, s) => sql`sections ${s} where ${s}.id = ${a}.section_id`)),
      resolve: (article, _args, ctx) =>
        article.sectionId === null ? null : loadersOf(ctx, article.id).section.load(article.sectionId),
    }),
    language: t.exposeString('language', {
      description:
        'The language of the article: a BCP 47 tag in canonical case (en, en-GB, fr, pt-BR). Search matches it with that language’s stemming; entity extraction and generated summaries run for English only.',
      extensions: reads(column('language')),
    }),
    translations: t.field({
      type: [ArticleRef],
      description:
        'The same story in other languages (its translation group), by language tag. Only the versions this viewer may read.',
      extensions: reads(
        many((a, tr, scope) => ({
          from: sql`articles ${tr} where ${a}.translation_group is not null and ${tr}.translation_group = ${a}.translation_group and ${tr}.id <> ${a}.id and ${shown(tr, scope)}`,
          order: sql`${tr}.language, ${tr}.id`,
        })),
      ),
      resolve: (article, _args, ctx) =>
        article.translationGroup === null
          ? []
          : ctx.loaders.translations
              .load(article.translationGroup)
              .then((rows) => rows.filter((r) => r.id !== article.id)),
    }),
    wordCount: t.exposeInt('wordCount', {
      description: 'Number of words in the body (runs of letters and digits, with inner apostrophes and hyphens).',
      extensions: reads(column('word_count')),
    }),
    readingTimeMinutes: t.int({
      description: `Minutes to read the body at ${WORDS_PER_MINUTE} words a minute, rounded up; at least 1.`,
      extensions: reads(
        value((a) => sql`greatest(1, ceil(${a}.word_count / ${sql.raw(`${WORDS_PER_MINUTE}.0`)}))::int`),
      ),
      resolve: (article) => readingTimeMinutes(article.wordCount),
    }),
    entities: t.field({
      type: [ArticleEntityRef],
      description: 'The people, organisations and places the article mentions, most salient first.',
      args: { kind: t.arg({ type: EntityKindEnum, required: false, description: 'Only entities of this kind.' }) },
      extensions: reads(
        many((a, ae, scope) => {
          const e = scope.alias('e');
          const kind = scope.param((args) => args.kind ?? null, 'text');
          return {
            from: sql`article_entities ${ae} join entities ${e} on ${e}.id = ${ae}.entity_id
              where ${ae}.article_id = ${a}.id and (${kind} is null or ${e}.kind::text = ${kind})`,
            order: mentionOrderSql(ae.name, e.name),
          };
        }),
      ),
      resolve: async (article, { kind }, ctx) => {
        const mentions = await loadersOf(ctx, article.id).mentions.load(article.id);
        return kind ? mentions.filter((m) => m.entity.kind === kind) : mentions;
      },
    }),
    summary: t.field({
      type: SummaryRef,
      nullable: true,
      description:
        'A summary of the length asked for: the editorial one when an editor wrote it (or it came with the import), otherwise one generated from the current body on first request, by the configured language model or from the article’s sentences (`method` says which). Generated summaries are made for English articles only (`language` en, en-GB…): for other languages only an editorial one is shown. Null when there is none or the body has no sentence to summarise.',
      args: {
        length: t.arg({
          type: SummaryLengthEnum,
          required: true,
          defaultValue: 'SHORT',
          description: 'How long a summary.',
        }),
      },
      // An editorial summary always wins; a generated one only answers for the current body and
      // generator, and a fallback marked for a retry only until then (pickStoredSummary; the body's
      // hash is kept by PostgreSQL, migration 20261127160000; the generator, 20261202120000).
      // Neither: the executor generates one, caches it, and the next request compiles.
      extensions: reads(
        one((a, su, scope) => {
          const length = scope.param((args) => args.length, 'summary_length');
          return sql`summaries ${su} where ${su}.article_id = ${a}.id and ${su}.length = ${length}
            and ${storedSummaryAnswersSql(su, a, scope.settings.summaryGenerator)}`;
        }, 'executor'),
        // What generating one reads (resolveSummary).
        { id: need('id'), title: need('title'), body: need('body'), language: need('language') },
      ),
      resolve: (article, { length }, ctx) =>
        resolveSummary(ctx, article as Pick<ArticleRow, 'id' | 'title' | 'body' | 'language'>, length),
    }),
    previousArticle: t.field({
      type: ArticleRef,
      nullable: true,
      description: 'The visible article published just before this one (ties broken by id).',
      args: {
        scope: t.arg({
          type: NavigationScopeEnum,
          required: true,
          defaultValue: 'ALL',
          description: 'Across all sections, or within this article’s section.',
        }),
      },
      extensions: reads(adjacentRead('PREVIOUS')),
      resolve: (article, { scope }, ctx) =>
        ctx.loaders.adjacent.load({ articleId: article.id, direction: 'PREVIOUS', scope }),
    }),
    nextArticle: t.field({
      type: ArticleRef,
      nullable: true,
      description: 'The visible article published just after this one (ties broken by id).',
      args: {
        scope: t.arg({
          type: NavigationScopeEnum,
          required: true,
          defaultValue: 'ALL',
          description: 'Across all sections, or within this article’s section.',
        }),
      },
      extensions: reads(adjacentRead('NEXT')),
      resolve: (article, { scope }, ctx) =>
        ctx.loaders.adjacent.load({ articleId: article.id, direction: 'NEXT', scope }),
    }),
    relatedArticles: t.field({
      type: [ArticleRef],
      description: 'Visible articles sharing the most entities with this one, then the most recent.',
      args: {
        first: t.arg.int({
          required: true,
          defaultValue: DEFAULT_RELATED_ARTICLES,
          description: `How many: 0 to ${MAX_RELATED_ARTICLES} (BAD_USER_INPUT otherwise).`,
        }),
      },
      extensions: reads(
        many((a, child, scope) => {
          const ranks = scope.alias('r');
          // Out of range: the executor answers with its BAD_USER_INPUT.
          const limit = scope.param((args) => {
            const first = args.first as number;
            if (first < 0 || first > MAX_RELATED_ARTICLES) throw new NotThisRequest();
            return first;
          }, 'int');
          return {
            from: sql`${relatedRanksSql(sql`${a}.id`, limit)} ${ranks} join articles ${child} on ${child}.id = ${ranks}.id`,
            order: relatedOrderSql(ranks.name),
          };
        }),
      ),
      resolve: (article, { first }, ctx) => {
        if (first < 0 || first > MAX_RELATED_ARTICLES)
          throw badInput(`\`first\` must be from 0 to ${MAX_RELATED_ARTICLES}`, 'first');
        return first === 0 ? [] : ctx.loaders.related.load({ articleId: article.id, limit: first });
      },
    }),
  }),
});

builder.queryFields((t) => ({
  article: t.field({
    type: ArticleRef,
    nullable: true,
    description:
      'An article by global id or by slug (exactly one). A slug the article gave up (its slug history) still finds it: compare `canonicalSlug` with the slug asked for and redirect. Null when it does not exist, is not visible or is in the trash.',
    args: {
      id: t.arg.id({
        required: false,
        description: 'Global id of the article (`Article.id`); a malformed one is INVALID_ID.',
      }),
      slug: t.arg.string({ required: false, description: 'Slug of the article (`Article.slug`).' }),
    },
    extensions: reads(
      one(
        (_root, a, scope) =>
          sql`articles ${a} where ${byIdOrSlug(
            scope,
            'Article',
            (id) => sql`${a}.id = ${id}`,
            (slug) => sql`${a}.id = ${articleIdBySlugSql(slug)}`,
          )} and ${shown(a, scope)}`,
      ),
    ),
    resolve: async (_root, { id, slug }, ctx, info) => {
      // The article page: the article and everything selected under it in one statement, from
      // the declarations (src/schema/read-through.ts).
      const read = await readThrough(ctx, info);
      if (read && (read.value != null || !ctx.preview)) return read.value as ArticleRow | null;
      // What the declaration leaves to this resolver: the errors of its arguments.
      if ((id == null) === (slug == null)) throw badInput('Pass exactly one of `id` or `slug`');
      const byId = id != null ? parseGlobalId(String(id), 'Article') : undefined;
      const visible = read
        ? null
        : await (byId !== undefined ? ctx.loaders.article.load(byId) : ctx.loaders.articleBySlug.load(slug!));
      if (visible || !ctx.preview) return visible;
      // A preview token opens its one article, whatever its status; any other stays as the viewer sees it.
      const { loaders, articleId } = ctx.preview;
      const hidden = await (byId !== undefined ? loaders.article.load(byId) : loaders.articleBySlug.load(slug!));
      return hidden?.id === articleId ? hidden : null;
    },
  }),
  articles: t.connection(
    {
      type: ArticleRef,
      description:
        'Visible articles (every one, drafts included, for editors with `read:drafts`), newest first by default, with keyset pagination.',
      args: {
        filter: t.arg({
          type: ArticleFilterInput,
          required: false,
          description: 'Only the articles that meet these conditions.',
        }),
        orderBy: t.arg({
          type: ArticleOrderEnum,
          required: true,
          defaultValue: 'PUBLISHED_AT_DESC',
          description: ORDER_BY_DESCRIPTION,
        }),
      },
      extensions: reads(
        connection({
          size: (args) => forwardPageSize(args, { after: true }),
          page: (_root, page, { limit }, scope) => {
            const order = listOrder(scope);
            const after = afterCursor(scope, order);
            return {
              ...orderedArticlesPage(
                page,
                limit,
                scope,
                order,
                (x) => sql`from articles ${x} where ${listed(x, scope)} and ${after.past(x)}`,
              ),
              hasPrevious: after.given,
            };
          },
          // countArticles' rule: the same conditions as the page's rows.
          count: (_root, scope) => {
            const x = scope.alias('x');
            return sql`(select count(*)::int from articles ${x} where ${listed(x, scope)})`;
          },
        }),
      ),
      resolve: async (_root, args, ctx, info) => {
        // A list the declaration serves (any order, a first page or one after a cursor, filtered
        // or not, with its totalCount): one statement.
        const read = await readThrough(ctx, info);
        if (read) return read.value as never;
        return resolveArticleConnection(
          ctx,
          args,
          await resolveArticleFilter(ctx, args.filter),
          args.orderBy,
          info,
        ) as never;
      },
    },
    ArticleConnection,
  ),
}));
