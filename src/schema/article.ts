import type { GraphQLResolveInfo } from 'graphql';
import { type RawBuilder, sql } from 'kysely';
import { builder } from '../builder.js';
import {
  DEFAULT_PAGE_SIZE,
  DEFAULT_RELATED_ARTICLES,
  MAX_PAGE_SIZE,
  RELATED_CANDIDATES_PER_ENTITY,
  RELATED_ENTITIES_PER_ARTICLE,
} from '../config.js';
import { type Context, loadersOf } from '../context.js';
import { mentionOrderSql } from '../db/queries/article-entities.js';
import {
  ARTICLE_PAGE_INDEXES,
  type ArticleFilterValues,
  type ArticleOrder,
  type ArticlePageIndex,
  adjacentFrom,
  articleFilterSql,
  articleIdBySlugSql,
  articleKeysetSql,
  articleOrderKey,
  articleSortKeySql,
  effectiveStatusSql,
  type NavigationScope,
  paragraphsSql,
  readableSql,
  relatedOrderSql,
  relatedRanksSql,
  UNPUBLISHED_SORT_KEY,
  visibleMentionSql,
} from '../db/queries/articles.js';
import { authorIdBySlugSql } from '../db/queries/authors.js';
import { entityIdBySlugSql } from '../db/queries/entities.js';
import { sectionIdBySlugSql } from '../db/queries/sections.js';
import { storedSummaryAnswersSql } from '../db/queries/summaries.js';
import { tagIdBySlugSql } from '../db/queries/tags.js';
import type { ArticleRow, ArticleStatus, MentionSource } from '../db/tables.js';
import { BroadsheetError, badInput, ErrorCode } from '../errors.js';
import { counts, countsList, TEXT_WEIGHT, weighs } from '../field-cost.js';
import { canonicalLanguage } from '../languages.js';
import { readingTimeMinutes, splitParagraphs, WORDS_PER_MINUTE } from '../text/text.js';
import { CURSOR, HANDOVER, ISO_MICROSECONDS, ISO_YEARS } from './codecs.js';
import {
  ArticleOrderEnum,
  ArticleStatusEnum,
  EntityKindEnum,
  MentionSourceEnum,
  NavigationScopeEnum,
  SummaryLengthEnum,
} from './enums.js';
import { byIdOrSlug, parseGlobalId, parseNumericKey } from './ids.js';
import { type ConnectionArgs, connectionFromPage, decodeCursor, planPage } from './pagination.js';
import {
  type Alias,
  type ArgumentValues,
  type ConnectionPage,
  column,
  connection,
  connectionCount,
  filters,
  globalId,
  lookupById,
  lookupBySlug,
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

/**
 * `first` of a connection the read model pages forwards only (`entities`): a forward page, after
 * a cursor too where the declaration reads `after` (`{ after: true }`), or the executor answers.
 */
export function forwardPageSize(args: ArgumentValues, { after = false }: { after?: boolean } = {}): number {
  if ((!after && args.after != null) || args.before != null || args.last != null)
    throw new NotThisRequest('cursor arguments');
  const first = args.first == null ? DEFAULT_PAGE_SIZE : Number(args.first);
  // 0 reads nothing and over the maximum is an error: both belong to the executor.
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) throw new NotThisRequest('page size');
  return first;
}

/**
 * `first` or `last` of an article list (planPage's rules): the page's size, 0 included. Both
 * given, a negative size or one over MAX_PAGE_SIZE are the executor's errors.
 */
function articlePageSize(args: ArgumentValues): number {
  if (args.first != null && args.last != null) throw new NotThisRequest('first and last');
  const size = Number(args.last ?? args.first ?? DEFAULT_PAGE_SIZE);
  if (!Number.isInteger(size) || size < 0 || size > MAX_PAGE_SIZE) throw new NotThisRequest('page size');
  return size;
}

// Connection cursors: base64url of ["article:<order>", sort key, id] (encodeCursor), as JSON
// text, the sort key at microseconds, as stored, so that `after` resumes exactly past the row
// (at milliseconds it skipped the rows of the same millisecond that sort after it). The marker
// cannot go inside the base64, so a year ISO_MICROSECONDS cannot write makes the whole cursor the
// marker. A draft in an editor's list is at UNPUBLISHED_SORT_KEY (articleSortKeySql).
const articleCursor = (p: Alias, order: ArticleOrder, scope: ReadScope) => {
  const key = `${p.name}.${articleOrderKey(order).column}`;
  const cursor = (iso: string) => CURSOR(`'["article:${order}","' || ${iso} || '",' || ${p.name}.id || ']'`);
  const draft =
    scope.visibility.includeHidden && articleOrderKey(order).column === 'published_at'
      ? `when ${key} is null then ${cursor(`'${UNPUBLISHED_SORT_KEY.toISOString()}'`)} `
      : '';
  return sql.raw(`case ${draft}when ${ISO_YEARS(key)} then ${cursor(ISO_MICROSECONDS(key))} else ${HANDOVER} end`);
};

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
 * A cursor argument of an article list in `order` as statement parameters: the position it
 * points at (sort key and id), null without one. A cursor the executor refuses (INVALID_CURSOR)
 * hands the request over.
 */
function cursorPosition(scope: ReadScope, order: ArticleOrder, name: 'after' | 'before') {
  const kind = `article:${order}`;
  const position = (args: ArgumentValues) => {
    if (args[name] == null) return null;
    try {
      const [at, id] = decodeCursor(String(args[name]), kind, ['timestamp', 'id']) as [Date | string, number];
      return { at, id };
    } catch {
      throw new NotThisRequest('cursor');
    }
  };
  return {
    at: scope.param((args) => position(args)?.at ?? null, 'timestamptz'),
    id: scope.param((args) => position(args)?.id ?? null, 'int'),
  };
}

/**
 * Where a page of an article list starts and stops (planPage's rules): read forwards, rows past
 * `after` and before `before`; read backwards (`last`), rows before `before` down to `after`, in
 * the reverse order. `within(key, id)` is that condition over a row's sort key and id (the keyset
 * rule articleKeysetSql); `started`, whether the page starts at a
 * cursor in reading order.
 */
function pageBounds(scope: ReadScope, order: ArticleOrder, backwards: boolean) {
  const ascending = articleOrderKey(order).ascending !== backwards;
  const [from, until] = backwards ? (['before', 'after'] as const) : (['after', 'before'] as const);
  const start = scope.written(from) ? cursorPosition(scope, order, from) : undefined;
  const end = scope.written(until) ? cursorPosition(scope, order, until) : undefined;
  return {
    ascending,
    within: (key: RawBuilder<unknown>, id: RawBuilder<unknown>) =>
      sql.join(
        [
          start ? sql`(${start.at} is null or ${articleKeysetSql(key, id, ascending, start.at, start.id)})` : sql`true`,
          ...(end
            ? [sql`(${end.at} is null or ${articleKeysetSql(key, id, ascending, end.at, end.id, 'before')})`]
            : []),
        ],
        sql` and `,
      ),
    started: start ? sql`${start.at} is not null` : undefined,
  };
}

type PageBounds = ReturnType<typeof pageBounds>;

/**
 * A page of an article list in `order`: `candidates(x, bounds)` is the FROM and WHERE of the
 * list's rows (alias `x`) within the cursors; the page takes the first `limit` of them in reading
 * order (backwards for `last`).
 */
function articlesPage(
  page: Alias,
  { limit, backwards }: { limit: RawBuilder<unknown>; backwards: boolean },
  scope: ReadScope,
  order: ArticleOrder,
  candidates: (x: Alias, bounds: PageBounds) => RawBuilder<unknown>,
): ConnectionPage {
  const x = scope.alias('x');
  const bounds = pageBounds(scope, order, backwards);
  const by = (a: Alias, ascending: boolean) => {
    const direction = sql.raw(ascending ? 'asc' : 'desc');
    return sql`${articleSortKeySql(a, order, scope.visibility)} ${direction}, ${a}.id ${direction}`;
  };
  return {
    rows: sql`(select ${x}.* ${candidates(x, bounds)} order by ${by(x, bounds.ascending)} limit ${limit}) ${page}`,
    order: by(page, articleOrderKey(order).ascending),
    cursor: () => articleCursor(page, order, scope),
    hasPrevious: bounds.started,
  };
}

/**
 * An article list (`articles` of the root, a section, an author, a tag or an entity), declared
 * once for all of them: `where` narrows the articles this viewer may read, given the parent's row;
 * any order, `first`/`after` or `last`/`before`, and `totalCount` (its `count`, the same conditions
 * as the page's rows). Where the list is a parent's page index (`index`: ARTICLE_PAGE_INDEXES, the
 * article's status and publication time copied onto the link rows), the public's lists by
 * publication time take their candidates from it, cursors inside the index range: `limit` entries
 * however many articles there are, the articles' own visibility and keys checked again (as
 * the feeds' lists, feedArticleIdsSql).
 */
export function articleList({
  where,
  index,
}: {
  where: (parent: Alias, x: Alias, scope: ReadScope) => RawBuilder<unknown>;
  /** The parent's page index (keyed by the parent's id), or which one serves this request, if any. */
  index?: ArticlePageIndex | ((parent: Alias, scope: ReadScope) => PageIndexRange | undefined);
}) {
  return connection({
    size: articlePageSize,
    page: (parent, page, bounds, scope) => {
      const order = listOrder(scope);
      return articlesPage(page, bounds, scope, order, (x, cursors) => {
        const rows = sql`${shown(x, scope)} and ${cursors.within(articleSortKeySql(x, order, scope.visibility), sql`${x}.id`)}`;
        const range =
          !index || scope.visibility.includeHidden || articleOrderKey(order).column !== 'published_at'
            ? undefined
            : typeof index === 'function'
              ? index(parent, scope)
              : { index, key: sql`${parent}.id` };
        if (!range) return sql`from articles ${x} where ${rows} and ${where(parent, x, scope)}`;
        const k = scope.alias('k');
        const direction = sql.raw(cursors.ascending ? 'asc' : 'desc');
        return sql`from (select ${k}.article_id from ${sql.raw(range.index.table)} ${k}
            where ${k}.${sql.raw(range.index.key)} = ${range.key} and ${sql.raw(visibleMentionSql(k.name))}
              and ${cursors.within(sql`${k}.article_published_at`, sql`${k}.article_id`)}
            order by ${k}.article_published_at ${direction}, ${k}.article_id ${direction} limit ${bounds.limit}) ${k}
          join articles ${x} on ${x}.id = ${k}.article_id where ${rows}`;
      });
    },
    count: (parent, scope) => {
      const x = scope.alias('x');
      return sql`(select count(*)::int from articles ${x} where ${shown(x, scope)} and ${where(parent, x, scope)})`;
    },
  });
}

/** A page index and the key of the rows of it a list reads (a parent's id, a filter's slug resolved). */
interface PageIndexRange {
  index: ArticlePageIndex;
  key: RawBuilder<unknown>;
}

/**
 * The resolver of a section's, author's, tag's or entity's `articles`: the parent may be a row
 * (from `node`, a mutation, a loader), so the list is read through its declaration over the
 * parent's id; what the declaration refuses are the executor's errors.
 */
export async function resolveArticleList(
  parent: { id: number },
  args: ConnectionArgs & { orderBy: ArticleOrder },
  ctx: Context,
  info: GraphQLResolveInfo,
) {
  const read = await readThrough(ctx, info, { id: parent.id });
  if (read) return read.value;
  throw articleListError(args, args.orderBy);
}

/**
 * The error of an article list's arguments, as the executor has always reported them: the page
 * size first (planPage), then the cursors in reading order (INVALID_CURSOR).
 */
function articleListError(args: ConnectionArgs, order: ArticleOrder): Error {
  try {
    const plan = planPage(args);
    for (const cursor of [plan.from, plan.until])
      if (cursor !== undefined) decodeCursor(cursor, `article:${order}`, ['timestamp', 'id']);
  } catch (error) {
    return error as Error;
  }
  // Every argument is valid: nothing the declarations leave to this resolver.
  return new Error('an article list its declaration does not serve');
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

/** A filter by the slug of a section, entity, tag or author (see bySlug). */
interface SlugFilter {
  /** The one id the slug names (the slug rule of src/db/queries/), null for none. */
  resolve: (slug: RawBuilder<unknown>, scope: ReadScope) => RawBuilder<unknown>;
  /** The articles whose ids it picks, given an int[] of ids. */
  condition: (a: Alias, ids: RawBuilder<unknown>) => RawBuilder<unknown>;
  /** The page index of the parent it names, where one lists its articles (ARTICLE_PAGE_INDEXES). */
  index?: ArticlePageIndex;
}

const SLUG_FILTERS = {
  section: { resolve: (slug) => sectionIdBySlugSql(slug), condition: articleFilterSql.inSections },
  entity: {
    resolve: (slug, scope) => entityIdBySlugSql(slug, scope.visibility),
    condition: articleFilterSql.mentions,
    index: ARTICLE_PAGE_INDEXES.entity,
  },
  tag: { resolve: (slug) => tagIdBySlugSql(slug), condition: articleFilterSql.tagged, index: ARTICLE_PAGE_INDEXES.tag },
  author: {
    resolve: (slug) => authorIdBySlugSql(slug),
    condition: articleFilterSql.bylined,
    index: ARTICLE_PAGE_INDEXES.author,
  },
} satisfies Record<string, SlugFilter> as Record<'section' | 'entity' | 'tag' | 'author', SlugFilter>;

/**
 * A filter by the slug of a section, entity, tag or author: the articles whose ids its `condition`
 * picks, given the one id the slug resolves to (redirects of renamed and merged ones included). A
 * slug that names nothing resolves to null: an empty list. The loaders' slug lookups also hide
 * sections and tags no visible article is in, which the list does by itself: only visible articles
 * are listed.
 */
const bySlug = (name: keyof typeof SLUG_FILTERS) =>
  filters({
    cast: 'text',
    value: (input) => input[name],
    where: (a, slug, scope) =>
      SLUG_FILTERS[name].condition(a, sql`array[${SLUG_FILTERS[name].resolve(slug, scope)}]::int[]`),
  });

/**
 * `articles(filter:)` by one entity, author or tag and nothing else is that parent's own list: its
 * page index, keyed by the id the slug names, as the parent's `articles` reads it. Known while
 * building (ReadScope.given); a request of such a document whose slug is null (no filter at all)
 * takes the executor, which reads it through as the whole list.
 */
function filterPageIndex(scope: ReadScope): PageIndexRange | undefined {
  const given = scope.given('filter');
  if (given?.size !== 1) return undefined;
  const [name] = given as ReadonlySet<keyof typeof SLUG_FILTERS>;
  const filter = SLUG_FILTERS[name!];
  if (!filter?.index) return undefined;
  const slug = (args: ArgumentValues) => (args.filter as ArticleFilterArgs | null | undefined)?.[name!];
  scope.check((args) => {
    if (slug(args) == null) throw new NotThisRequest('filter');
  });
  return { index: filter.index, key: filter.resolve(scope.param(slug, 'text'), scope) };
}

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
      extensions: bySlug('section'),
    }),
    entity: t.string({
      required: false,
      description: 'Slug of an entity the articles mention.',
      extensions: bySlug('entity'),
    }),
    tag: t.string({
      required: false,
      description: 'Slug of a tag the articles have (a former slug of the tag works too).',
      extensions: bySlug('tag'),
    }),
    author: t.string({
      required: false,
      description: 'Slug of an author in the articles’ bylines.',
      extensions: bySlug('author'),
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
        extensions: { ...reads(connectionCount()), ...countsList() },
        resolve: (connection) => (connection as unknown as { totalCount: () => Promise<number> }).totalCount(),
      }),
    }),
  },
  { name: 'ArticleEdge', description: 'An article in a page, with its cursor.' },
);

type BuilderTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/**
 * The `articles` of a section, an author, a tag or an entity: the argument, the declaration over
 * the parent's id and the resolver they share; `list` says which articles are the parent's (and
 * through which page index, where one serves).
 */
export function parentArticlesField<Parent extends { id: number }>(
  t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, Parent>,
  description: string,
  list: Parameters<typeof articleList>[0],
) {
  return t.connection(
    {
      type: ArticleRef,
      description,
      args: {
        orderBy: t.arg({
          type: ArticleOrderEnum,
          required: true,
          defaultValue: 'PUBLISHED_AT_DESC',
          description: ORDER_BY_DESCRIPTION,
        }),
      },
      extensions: reads(articleList(list), { id: need('id') }),
      resolve: (parent, args, ctx, info) => resolveArticleList(parent, args, ctx, info) as never,
    },
    ArticleConnection,
  );
}

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
      // Article.entities joins the entity to each mention (`joins.entity`): read from that row.
      extensions: reads(one((ae, e) => sql`entities ${e} where ${e}.id = ${ae}.entity_id`, 'null', 'entity')),
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
  // The article as the viewer may read it (Query.article's rule).
  extensions: {
    ...lookupById((key, a, scope) => sql`articles ${a} where ${a}.id = ${key} and ${shown(a, scope)}`),
    ...lookupBySlug((slug) => articleIdBySlugSql(slug)),
  },
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
            order: mentionOrderSql(ae.name),
            joins: { entity: e },
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
      description: `Visible articles sharing the most entities with this one, then the most recent; each of its ${RELATED_ENTITIES_PER_ARTICLE} most salient entities offers its ${RELATED_CANDIDATES_PER_ENTITY} newest visible articles.`,
      args: {
        first: t.arg.int({
          required: true,
          defaultValue: DEFAULT_RELATED_ARTICLES,
          description: `How many: 0 to ${MAX_RELATED_ARTICLES} (BAD_USER_INPUT otherwise).`,
        }),
      },
      // Its candidates' ranking weighs as a count (src/field-cost.ts), however few it returns. Out
      // of range, `first` hands the field to its resolver, which reads the article's id: in a list
      // of articles too, which has no resolver of its own to fall back on.
      extensions: {
        ...reads(
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
          { id: need('id') },
        ),
        ...counts(),
      },
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
      // The rows of `articles(filter:)`: what this viewer may read, narrowed by the filter's declared
      // conditions; by one entity, author or tag alone, that parent's page index.
      extensions: reads(
        articleList({
          where: (_root, x, scope) => scope.where('filter', x),
          index: (_root, scope) => filterPageIndex(scope),
        }),
      ),
      resolve: async (_root, args, ctx, info) => {
        // Every list (any order, filter and page, editors' lists with drafts, with its
        // totalCount): one statement.
        const read = await readThrough(ctx, info);
        if (read) return read.value as never;
        // What the declaration leaves to this resolver: the errors of the arguments, the filter's
        // first, and a filter by a slug of nothing, which empties the list whatever the cursors.
        const filter = await resolveArticleFilter(ctx, args.filter);
        if (filter !== null) throw articleListError(args, args.orderBy);
        planPage(args);
        return emptyConnection() as never;
      },
    },
    ArticleConnection,
  ),
}));
