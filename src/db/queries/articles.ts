import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import type { Db } from '../database.js';
import type { ArticleRow, ArticleStatus, Database } from '../tables.js';

export const articleColumns = [
  'articles.id',
  'articles.externalId',
  'articles.slug',
  'articles.title',
  'articles.standfirst',
  'articles.body',
  'articles.status',
  'articles.publishedAt',
  'articles.sectionId',
  'articles.wordCount',
  'articles.version',
  'articles.createdAt',
  'articles.updatedAt',
  'articles.updatedBy',
  'articles.leadImageId',
  'articles.socialImageId',
  'articles.metaTitle',
  'articles.metaDescription',
  'articles.canonicalUrl',
  'articles.noindex',
  'articles.substantiveUpdatedAt',
  'articles.language',
  'articles.translationGroup',
] as const;

const snakeCase = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The columns of an ArticleRow: [row key, SQL column], from articleColumns. */
export const articleRowColumns: readonly (readonly [string, string])[] = articleColumns.map((column) => {
  const key = column.slice('articles.'.length);
  return [key, snakeCase(key)] as const;
});

/**
 * Not in the trash (migration 20261203300000): what editors may read. Every read of articles uses
 * this, visibleSql (which includes it) or readableSql; only the trash, restore and purge do not.
 */
export const liveSql = (alias: string) => `${alias}.deleted_at is null`;

/**
 * What the public may read: published (or scheduled) and due, and not in the trash, as SQL text
 * over an alias of `articles`. Literal SQL, not bound parameters, so that the planner can match the
 * partial indexes on visible articles. Every query of visible articles uses this or isVisible.
 */
export const visibleSql = (alias: string) =>
  `${alias}.status in ('PUBLISHED', 'SCHEDULED') and ${alias}.published_at <= now() and ${liveSql(alias)}`;

/** The articles a viewer may read: the visible ones, or every live one for editors with read:drafts. */
export const readableSql = (alias: string, visibility: Visibility) =>
  visibility.includeHidden ? liveSql(alias) : visibleSql(alias);

/**
 * The id of the article a slug answers for, as a scalar SQL expression: the article holding it, else
 * the one that gave it up (article_slug_history). A slug is held by one article at a time in either
 * place (isArticleSlugTaken), so at most one answers.
 */
export const articleIdBySlugSql = (slug: RawBuilder<unknown>) =>
  sql`coalesce((select cs.id from articles cs where cs.slug = ${slug}), (select hs.article_id from article_slug_history hs where hs.slug = ${slug}))`;

/**
 * The same rule over the copies of the article's status and publication time on its
 * article_entities rows (migration 20261127150000), for article_entities_entity_page_idx.
 */
export const visibleMentionSql = (alias: string) =>
  `${alias}.article_status in ('PUBLISHED', 'SCHEDULED') and ${alias}.article_published_at <= now()`;

/** A scheduled article whose time has come reads as published; no job has to flip it (effectiveStatus). */
export const effectiveStatusSql = (alias: string) =>
  `case when ${alias}.status = 'SCHEDULED' and ${alias}.published_at <= now() then 'PUBLISHED' else ${alias}.status::text end`;

/** What JavaScript's `\s` (and String.prototype.trim) counts as white space, as a regular-expression class. */
const JS_SPACE = '[\\t\\n\\u000b\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff]';

/**
 * src/text/text.ts splitParagraphs in SQL, step for step (tests/read-api.test.ts compares them on
 * awkward bodies): line breaks made \n, split at blank lines, each paragraph's line breaks and the
 * white space around them made one space, trimmed, empty ones left out. Stored bodies are already in
 * that form (both writers normalise them), so for them this is a split at "\n\n".
 */
export const paragraphsSql = (alias: string) =>
  `array(select pp.text from (select regexp_replace(regexp_replace(part, '${JS_SPACE}*\\n${JS_SPACE}*', ' ', 'g'), '^${JS_SPACE}+|${JS_SPACE}+$', '', 'g') as text, n
      from regexp_split_to_table(regexp_replace(${alias}.body, '\\r\\n?', E'\\n', 'g'), '\\n[ \\t]*\\n+') with ordinality sp(part, n)) pp
    where pp.text <> '' order by pp.n)`;

/** visibleSql over `articles`, for Kysely's where(). */
export const isVisible = sql<boolean>`${sql.raw(visibleSql('articles'))}`;

/** readableSql over `articles`, for Kysely's where(). */
export const isReadable = (visibility: Visibility) => sql<boolean>`${sql.raw(readableSql('articles', visibility))}`;

export interface Visibility {
  /** Editors with the read:drafts scope see every article. */
  includeHidden: boolean;
}

export async function findArticlesByIds(db: Db, ids: readonly number[], visibility: Visibility): Promise<ArticleRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('articles')
    .select(articleColumns)
    .where('articles.id', '=', sql<number>`any(${[...ids]}::int[])`)
    .where(isReadable(visibility))
    .execute();
}

/** The readable articles of translation groups, in language order. */
export async function findArticlesByTranslationGroups(
  db: Db,
  groups: readonly number[],
  visibility: Visibility,
): Promise<ArticleRow[]> {
  if (groups.length === 0) return [];
  return db
    .selectFrom('articles')
    .select(articleColumns)
    .where('articles.translationGroup', '=', sql<number>`any(${[...groups]}::int[])`)
    .where(isReadable(visibility))
    .orderBy('articles.language')
    .orderBy('articles.id')
    .execute();
}

/** Articles by the slugs they answer for (their own or an old one: articleIdBySlugSql), each with the slug asked for. */
export async function findArticlesBySlugs(
  db: Db,
  slugs: readonly string[],
  visibility: Visibility,
): Promise<(ArticleRow & { requestedSlug: string })[]> {
  if (slugs.length === 0) return [];
  const { rows } = await sql<ArticleRow & { requestedSlug: string }>`
    select s.slug as requested_slug, ${articleSqlColumns}
    from unnest(${[...slugs]}::text[]) s(slug)
    join articles a on a.id = ${articleIdBySlugSql(sql.raw('s.slug'))}
    where ${sql.raw(readableSql('a', visibility))}`.execute(db);
  return rows;
}

export type ArticleOrder = 'PUBLISHED_AT_DESC' | 'PUBLISHED_AT_ASC' | 'UPDATED_AT_DESC';

export interface ArticleFilterValues {
  sectionIds?: number[];
  entityIds?: number[];
  /** Articles with this author in their byline. */
  authorIds?: number[];
  tagIds?: number[];
  /** Articles in this section or one of its subsections (a section front). */
  sectionTree?: number;
  publishedAfter?: Date;
  publishedBefore?: Date;
  /** Only honoured together with includeHidden. */
  statuses?: ArticleStatus[];
  /** A BCP 47 tag: articles in it or in one of its variants (en: en, en-GB, en-US…). */
  language?: string;
}

/** languageSql's condition: the tag, or a variant of it. */
export const languageSql = (alias: string, tag: RawBuilder<unknown>) =>
  articleFilterSql.inLanguage(sql.raw(alias), tag);

/** Keyset position: the sort key of the row a cursor points at, and its id. */
export interface ArticleKey {
  at: Date;
  id: number;
}

export interface ArticlePageQuery extends Visibility {
  filter: ArticleFilterValues;
  order: ArticleOrder;
  /** Rows strictly after this key in the page direction. */
  after?: ArticleKey;
  /** Rows strictly before this key in the page direction (bounds a `first`+`before` page). */
  before?: ArticleKey;
  /** Read the order backwards (for `last`); rows come back in that reversed order. */
  backwards: boolean;
  limit: number;
}

/**
 * Where articles without a publication time (drafts, seen by editors only) sort under the
 * publication-time orders: after every real time, so they come first newest-first (as in search)
 * and last oldest-first. The latest instant a JavaScript Date holds, so that a cursor carries it.
 */
export const UNPUBLISHED_SORT_KEY = new Date(8.64e15);

/**
 * The sort key of an article list in `order` over the row `a`: the order's column, or under the
 * publication-time orders of editors' lists (which hold drafts) UNPUBLISHED_SORT_KEY where there
 * is no publication time. listArticlesQuery and the read model's lists (src/schema/article.ts) both use it.
 */
export const articleSortKeySql = (a: RawBuilder<unknown>, order: ArticleOrder, visibility: Visibility) => {
  const { column } = articleOrderKey(order);
  const key = sql`${a}.${sql.raw(column)}`;
  if (!visibility.includeHidden || column !== 'published_at') return key;
  // toISOString writes the year with a sign ("+275760"), which PostgreSQL does not read.
  return sql`coalesce(${key}, ${sql.lit(UNPUBLISHED_SORT_KEY.toISOString().replace(/^\+/, ''))}::timestamptz)`;
};

export function orderKeyColumn(order: ArticleOrder): 'articles.publishedAt' | 'articles.updatedAt' {
  return order === 'UPDATED_AT_DESC' ? 'articles.updatedAt' : 'articles.publishedAt';
}

/** The column an order sorts by, as SQL, and whether it reads oldest first: then ties go by id the same way. */
export function articleOrderKey(order: ArticleOrder): { column: 'published_at' | 'updated_at'; ascending: boolean } {
  return {
    column: order === 'UPDATED_AT_DESC' ? 'updated_at' : 'published_at',
    ascending: order === 'PUBLISHED_AT_ASC',
  };
}

/**
 * The keyset rule of every article page: rows strictly past the position (`at`, `atId`) when
 * reading `ascending` (or strictly before it, `before`), by their sort key `key` and then id. The
 * executor's pages (listArticlesQuery) and the read model's (src/schema/article.ts) both use it.
 */
export const articleKeysetSql = (
  key: RawBuilder<unknown>,
  id: RawBuilder<unknown>,
  ascending: boolean,
  at: RawBuilder<unknown>,
  atId: RawBuilder<unknown>,
  side: 'past' | 'before' = 'past',
) => sql<boolean>`(${key}, ${id}) ${sql.raw(ascending === (side === 'past') ? '>' : '<')} (${at}, ${atId})`;

/**
 * The conditions of an article filter over the row `a`, one statement of each rule: the executor's
 * lists (applyFilter) and the filter declarations of the read model (ArticleFilter's fields,
 * src/schema/article.ts) both build theirs from these. `ids` is an int[] (a fragment).
 */
export const articleFilterSql = {
  inSections: (a: RawBuilder<unknown>, ids: RawBuilder<unknown>) => sql<boolean>`${a}.section_id = any(${ids})`,
  mentions: (a: RawBuilder<unknown>, ids: RawBuilder<unknown>) =>
    sql<boolean>`exists (select 1 from article_entities fe where fe.article_id = ${a}.id and fe.entity_id = any(${ids}))`,
  bylined: (a: RawBuilder<unknown>, ids: RawBuilder<unknown>) =>
    sql<boolean>`exists (select 1 from article_bylines fb where fb.article_id = ${a}.id and fb.author_id = any(${ids}))`,
  tagged: (a: RawBuilder<unknown>, ids: RawBuilder<unknown>) =>
    sql<boolean>`exists (select 1 from article_tags ft where ft.article_id = ${a}.id and ft.tag_id = any(${ids}))`,
  /** Inclusive lower bound of the publication time. */
  publishedFrom: (a: RawBuilder<unknown>, at: RawBuilder<unknown>) => sql<boolean>`${a}.published_at >= ${at}`,
  /** Exclusive upper bound of the publication time. */
  publishedUntil: (a: RawBuilder<unknown>, at: RawBuilder<unknown>) => sql<boolean>`${a}.published_at < ${at}`,
  /** In this language (a canonical BCP 47 tag) or one of its variants: `en` takes en-GB. */
  inLanguage: (a: RawBuilder<unknown>, tag: RawBuilder<unknown>) =>
    sql<boolean>`(${a}.language = ${tag} or ${a}.language like ${tag} || '-%')`,
  /** Stored with one of these statuses (a text[]); editors' lists only. */
  withStatus: (a: RawBuilder<unknown>, statuses: RawBuilder<unknown>) =>
    sql<boolean>`${a}.status::text = any(${statuses})`,
};

const ARTICLES = sql.raw('articles');
const ids = (values: readonly number[]) => sql`${[...values]}::int[]`;

function applyFilter<O>(
  query: SelectQueryBuilder<Database, 'articles', O>,
  filter: ArticleFilterValues,
  visibility: Visibility,
): SelectQueryBuilder<Database, 'articles', O> {
  let q = query;
  q = q.where(isReadable(visibility));
  if (visibility.includeHidden && filter.statuses?.length)
    q = q.where(articleFilterSql.withStatus(ARTICLES, sql`${filter.statuses}::text[]`));
  if (filter.sectionIds) q = q.where(articleFilterSql.inSections(ARTICLES, ids(filter.sectionIds)));
  if (filter.entityIds) q = q.where(articleFilterSql.mentions(ARTICLES, ids(filter.entityIds)));
  if (filter.authorIds) q = q.where(articleFilterSql.bylined(ARTICLES, ids(filter.authorIds)));
  if (filter.tagIds) q = q.where(articleFilterSql.tagged(ARTICLES, ids(filter.tagIds)));
  if (filter.sectionTree !== undefined) {
    q = q.where('articles.sectionId', 'in', (eb) =>
      eb
        .selectFrom('sections')
        .select('sections.id')
        .where((w) =>
          w.or([w('sections.id', '=', filter.sectionTree!), w('sections.parentId', '=', filter.sectionTree!)]),
        ),
    );
  }
  if (filter.language) q = q.where(articleFilterSql.inLanguage(ARTICLES, sql`${filter.language}::text`));
  if (filter.publishedAfter)
    q = q.where(articleFilterSql.publishedFrom(ARTICLES, sql`${filter.publishedAfter}::timestamptz`));
  if (filter.publishedBefore)
    q = q.where(articleFilterSql.publishedUntil(ARTICLES, sql`${filter.publishedBefore}::timestamptz`));
  return q;
}

/**
 * The keyset page query, unexecuted, so that the feeds (feeds.ts) can wrap it. `columns` defaults
 * to every article column. The API's lists are the read model's (articleList, src/schema/article.ts),
 * over the same rules (articleKeysetSql, articleSortKeySql, articleFilterSql, ARTICLE_PAGE_INDEXES).
 */
export function listArticlesQuery(
  db: Db,
  query: ArticlePageQuery,
  columns: readonly (typeof articleColumns)[number][] = articleColumns,
) {
  const keyColumn = orderKeyColumn(query.order);
  const ascending = articleOrderKey(query.order).ascending !== query.backwards;
  const direction = ascending ? ('asc' as const) : ('desc' as const);
  let q = applyFilter(db.selectFrom('articles').select(columns), query.filter, query);
  const { after, before } = query;
  const position = (key: ArticleKey) => [sql`${key.at}::timestamptz`, sql`${key.id}::int`] as const;
  const ID = sql.raw('articles.id');
  if (query.includeHidden && keyColumn === 'articles.publishedAt') {
    // Editors' lists include drafts, whose publication time is null.
    const key = articleSortKeySql(ARTICLES, query.order, query);
    if (after) q = q.where(articleKeysetSql(key, ID, ascending, ...position(after)));
    if (before) q = q.where(articleKeysetSql(key, ID, ascending, ...position(before), 'before'));
    return { base: q.orderBy(key, direction).orderBy('articles.id', direction).limit(query.limit), direction };
  }
  const key = sql.raw(`articles.${articleOrderKey(query.order).column}`);
  if (keyColumn === 'articles.publishedAt') q = q.where('articles.publishedAt', 'is not', null);
  if (after) q = q.where(articleKeysetSql(key, ID, ascending, ...position(after)));
  if (before) q = q.where(articleKeysetSql(key, ID, ascending, ...position(before), 'before'));
  const { entityIds, authorIds, tagIds, ...otherFilters } = query.filter;
  const page = listingPage(entityIds, authorIds, tagIds);
  if (
    page &&
    !query.includeHidden &&
    keyColumn === 'articles.publishedAt' &&
    Object.values(otherFilters).every((v) => v === undefined)
  ) {
    // An entity's, author's or tag's page: the candidates come in page order from its page index
    // (article_entities_entity_page_idx, article_bylines_author_page_idx, article_tags_tag_page_idx:
    // the article's status and publication time copied onto the rows), an index range of `limit`
    // entries however many articles it has. The conditions above still apply.
    q = q.where('articles.id', 'in', () => {
      const k = sql.raw(`k.${page.key}`);
      const pageKey = sql.raw('k.article_published_at');
      const pageId = sql.raw('k.article_id');
      const bound = (cursor: ArticleKey | undefined, side: 'past' | 'before') =>
        cursor ? sql`and ${articleKeysetSql(pageKey, pageId, ascending, ...position(cursor), side)}` : sql``;
      const order = sql.raw(direction);
      return sql<number>`(select k.article_id from ${sql.raw(page.table)} k
        where ${k} = ${page.id} and ${sql.raw(visibleMentionSql('k'))} ${bound(after, 'past')} ${bound(before, 'before')}
        order by k.article_published_at ${order}, k.article_id ${order} limit ${query.limit})` as never;
    });
  }
  return { base: q.orderBy(keyColumn, direction).orderBy('articles.id', direction).limit(query.limit), direction };
}

/**
 * The link tables whose rows carry a copy of their article's status and publication time, each
 * with its page index on (key, article_published_at, article_id): an entity's, author's or tag's
 * articles, newest first, are an index range of the page's length however many there are.
 */
export const ARTICLE_PAGE_INDEXES = {
  entity: { table: 'article_entities', key: 'entity_id' },
  author: { table: 'article_bylines', key: 'author_id' },
  tag: { table: 'article_tags', key: 'tag_id' },
} as const;

export type ArticlePageIndex = (typeof ARTICLE_PAGE_INDEXES)[keyof typeof ARTICLE_PAGE_INDEXES];

/** The one entity, author or tag a list is filtered by alone, with its page index. */
function listingPage(
  entityIds?: number[],
  authorIds?: number[],
  tagIds?: number[],
): (ArticlePageIndex & { id: number }) | undefined {
  const given = [entityIds, authorIds, tagIds].filter((ids) => ids !== undefined);
  if (given.length !== 1 || given[0]!.length !== 1) return undefined;
  if (entityIds) return { ...ARTICLE_PAGE_INDEXES.entity, id: entityIds[0]! };
  if (authorIds) return { ...ARTICLE_PAGE_INDEXES.author, id: authorIds[0]! };
  return { ...ARTICLE_PAGE_INDEXES.tag, id: tagIds![0]! };
}

export type NavigationScope = 'ALL' | 'SECTION';
export type NavigationDirection = 'PREVIOUS' | 'NEXT';

export interface AdjacentRequest {
  articleId: number;
  direction: NavigationDirection;
  scope: NavigationScope;
}

/** Every column of an ArticleRow, over the alias `a`, for hand-written statements. */
export const articleSqlColumns = sql.raw(articleRowColumns.map(([, column]) => `a.${column}`).join(', '));

/**
 * The previous (older) or next (newer) visible article of `source`, as the FROM, WHERE, ORDER BY
 * and LIMIT of its row under the alias `neighbour`: ties on published_at broken by id, the same
 * section for SECTION. `guard` is a condition checked first. Every read of previous/next uses this.
 */
export function adjacentFrom(
  neighbour: string,
  source: string,
  direction: NavigationDirection,
  scope: NavigationScope,
  guard?: RawBuilder<unknown>,
) {
  const n = sql.raw(neighbour);
  const src = sql.raw(source);
  const comparison = sql.raw(direction === 'PREVIOUS' ? '<' : '>');
  const order = sql.raw(direction === 'PREVIOUS' ? 'desc' : 'asc');
  const sameSection = scope === 'SECTION' ? sql`and ${n}.section_id = ${src}.section_id` : sql``;
  return sql`articles ${n}
    where ${guard ? sql`${guard} and ` : sql``}${sql.raw(visibleSql(neighbour))} ${sameSection}
      and (${n}.published_at, ${n}.id) ${comparison} (${src}.published_at, ${src}.id)
    order by ${n}.published_at ${order}, ${n}.id ${order} limit 1`;
}

function adjacentBranch(direction: NavigationDirection, scope: NavigationScope) {
  // The guard on req.* is a one-time filter per outer row: only the branch asked for runs, and
  // each branch is a plain index probe on (published_at, id) or (section_id, published_at, id).
  const guard = sql`req.direction = ${sql.lit(direction)} and req.scope = ${sql.lit(scope)}`;
  return sql`(select ${articleSqlColumns} from ${adjacentFrom('a', 'src', direction, scope, guard)})`;
}

/**
 * Previous (older) and next (newer) visible articles for many articles at once: one statement
 * for the whole batch, an index probe per requested (article, direction, scope). Ties on
 * published_at are broken by id.
 */
export async function findAdjacentArticles(
  db: Db,
  requests: readonly AdjacentRequest[],
): Promise<Map<string, ArticleRow>> {
  const result = new Map<string, ArticleRow>();
  if (requests.length === 0) return result;
  const ids = requests.map((r) => r.articleId);
  const directions = requests.map((r) => r.direction);
  const scopes = requests.map((r) => r.scope);
  const { rows } = await sql<
    ArticleRow & { requestId: number; requestDirection: NavigationDirection; requestScope: NavigationScope }
  >`
    select req.request_id, req.direction as request_direction, req.scope as request_scope, adjacent.*
    from unnest(${ids}::int[], ${directions}::text[], ${scopes}::text[]) as req(request_id, direction, scope)
    join articles src on src.id = req.request_id and src.published_at is not null
    cross join lateral (
      ${adjacentBranch('PREVIOUS', 'ALL')} union all ${adjacentBranch('NEXT', 'ALL')}
      union all ${adjacentBranch('PREVIOUS', 'SECTION')} union all ${adjacentBranch('NEXT', 'SECTION')}
    ) adjacent`.execute(db);
  for (const { requestId, requestDirection, requestScope, ...article } of rows) {
    result.set(adjacentKey({ articleId: requestId, direction: requestDirection, scope: requestScope }), article);
  }
  return result;
}

export interface RelatedArticleRow extends ArticleRow {
  sourceId: number;
  sharedEntities: number;
}

/**
 * The related articles of the article whose id is `source` (SQL over the enclosing row): the visible
 * articles sharing the most entities with it, then the newest, then by id; at most `limit`. A FROM
 * item of (id, shared_entities, published_at) in that order (relatedOrderSql), for the loaders
 * (findRelatedArticles) and the fast path (Article.relatedArticles) alike.
 */
export const relatedRanksSql = (source: RawBuilder<unknown>, limit: RawBuilder<unknown>) => sql`(
  select ra.id, shared.shared_entities, ra.published_at
  from (select theirs.article_id, count(*)::int as shared_entities
      from article_entities mine
      join article_entities theirs on theirs.entity_id = mine.entity_id and theirs.article_id <> mine.article_id
      where mine.article_id = ${source}
      group by theirs.article_id) shared
  join articles ra on ra.id = shared.article_id
  where ${sql.raw(visibleSql('ra'))}
  order by shared.shared_entities desc, ra.published_at desc, ra.id desc
  limit ${limit})`;

/** The order of relatedRanksSql's rows, over its alias. */
export const relatedOrderSql = (ranks: string) =>
  sql.raw(`${ranks}.shared_entities desc, ${ranks}.published_at desc, ${ranks}.id desc`);

/** Related visible articles (relatedRanksSql) for many articles in one statement. */
export async function findRelatedArticles(
  db: Db,
  articleIds: readonly number[],
  limit: number,
): Promise<RelatedArticleRow[]> {
  if (articleIds.length === 0) return [];
  const { rows } = await sql<RelatedArticleRow>`
    select s.source_id, r.shared_entities, ${articleSqlColumns}
    from unnest(${[...articleIds]}::int[]) s(source_id)
    cross join lateral ${relatedRanksSql(sql.raw('s.source_id'), sql`${limit}::int`)} r
    join articles a on a.id = r.id
    order by s.source_id, ${relatedOrderSql('r')}`.execute(db);
  return rows;
}

export function adjacentKey(request: AdjacentRequest): string {
  return `${request.articleId}:${request.direction}:${request.scope}`;
}
