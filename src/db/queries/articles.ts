import { type Insertable, type RawBuilder, sql, type Updateable } from 'kysely';
import {
  DEFAULT_SCHEDULER_CLAIM_LIMIT,
  RELATED_CANDIDATES_PER_ENTITY,
  RELATED_ENTITIES_PER_ARTICLE,
} from '../../config.js';
import type { ArticleOrder, NavigationScope } from '../../domain.js';
import type { Db } from '../database.js';
import type { ArticleRow, ArticleStatus, ArticleTable } from '../tables.js';
import { mentionOrderSql } from './article-entities.js';

// The articles table and its slug history (article_slug_history): the columns an ArticleRow reads,
// the visibility rules every read of articles uses, the readers' lists, filters and keyset pages,
// previous/next and related articles; then the writes (the one insert and the one versioned update
// of an article, used by the mutations and the importer alike), translation groups, slugs, the
// scheduler's claim, and the trash. Read models over articles have files of their own
// (article-search.ts, feeds.ts).

/**
 * Every column of an ArticleRow (src/db/tables.ts: the table's type less its generated, internal
 * and trash columns), in the order reads select them. Typed by the row, so a column added to the
 * table and not here, or one listed here that the row does not have, fails to compile: the loaders'
 * select, the writes' returning, articleRowColumns (the pages' JSON) and articleSqlColumns (search,
 * previous/next, related) are all derived from it.
 */
const ARTICLE_ROW_KEYS: { readonly [K in keyof ArticleRow]-?: true } = {
  id: true,
  externalId: true,
  slug: true,
  title: true,
  standfirst: true,
  body: true,
  status: true,
  publishedAt: true,
  sectionId: true,
  wordCount: true,
  version: true,
  createdAt: true,
  updatedAt: true,
  updatedBy: true,
  leadImageId: true,
  socialImageId: true,
  metaTitle: true,
  metaDescription: true,
  canonicalUrl: true,
  noindex: true,
  substantiveUpdatedAt: true,
  language: true,
  translationGroup: true,
};

export const articleColumns = Object.keys(ARTICLE_ROW_KEYS).map(
  (key) => `articles.${key}`,
) as readonly `articles.${keyof ArticleRow}`[];

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

/** What an anonymous reader sees. */
export const PUBLIC_VISIBILITY: Visibility = Object.freeze({ includeHidden: false });

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

export type { ArticleOrder, NavigationScope };

export interface ArticleFilterValues {
  sectionIds?: number[];
  entityIds?: number[];
  /** Articles with this author in their byline. */
  authorIds?: number[];
  tagIds?: number[];
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

/**
 * Where articles without a publication time (drafts, seen by editors only) sort under the
 * publication-time orders: after every real time, so they come first newest-first (as in search)
 * and last oldest-first. The latest instant a JavaScript Date holds, so that a cursor carries it.
 */
export const UNPUBLISHED_SORT_KEY = new Date(8.64e15);

/**
 * The sort key of an article list in `order` over the row `a`: the order's column, or under the
 * publication-time orders of editors' lists (which hold drafts) UNPUBLISHED_SORT_KEY where there
 * is no publication time. The read model's lists (src/schema/article.ts) use it.
 */
export const articleSortKeySql = (a: RawBuilder<unknown>, order: ArticleOrder, visibility: Visibility) => {
  const { column } = articleOrderKey(order);
  const key = sql`${a}.${sql.raw(column)}`;
  if (!visibility.includeHidden || column !== 'published_at') return key;
  // toISOString writes the year with a sign ("+275760"), which PostgreSQL does not read.
  return sql`coalesce(${key}, ${sql.lit(UNPUBLISHED_SORT_KEY.toISOString().replace(/^\+/, ''))}::timestamptz)`;
};

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
 * read model's pages (src/schema/article.ts) use it.
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
 * lists (feeds.ts) and the filter declarations of the read model (ArticleFilter's fields,
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
 * articles sharing the most entities with it, then the newest, then by id; at most `limit`. Its
 * RELATED_ENTITIES_PER_ARTICLE most salient entities (the article page's order) each offer their
 * RELATED_CANDIDATES_PER_ENTITY newest visible articles (through article_entities_entity_page_idx),
 * so a page's work grows neither with an entity's popularity nor with how many entities an article
 * names (the field's cost is fixed: an article naming 150 entities read 30,000 candidates, 290 ms). A FROM
 * item of (id, shared_entities, published_at), unordered (the reader orders by relatedOrderSql), for
 * the loaders (findRelatedArticles) and the fast path (Article.relatedArticles) alike.
 *
 * The candidates are ranked and cut to `limit` on the mentions' copies of their article's status and
 * time (visibleMentionSql, the rule visibleSql states over the mention), and only the ones kept are
 * joined to articles: joined before the cut, every candidate cost a lookup of its article (45,220 for
 * a page of 100 articles' relatedArticles at 10,000 articles, 240 ms; 2.7 s for twelve such pages,
 * under the cost limit, from anyone).
 */
export const relatedRanksSql = (source: RawBuilder<unknown>, limit: RawBuilder<unknown>) => sql`(
  select ra.id, shared.shared_entities, ra.published_at
  from (select theirs.article_id, count(*)::int as shared_entities, max(theirs.article_published_at) as published_at
      from (select m.article_id, m.entity_id from article_entities m where m.article_id = ${source}
              order by ${mentionOrderSql('m')} limit ${sql.lit(RELATED_ENTITIES_PER_ARTICLE)}) mine
      cross join lateral (select t.article_id, t.article_published_at from article_entities t
        where t.entity_id = mine.entity_id and ${sql.raw(visibleMentionSql('t'))} and t.article_id <> mine.article_id
        order by t.article_published_at desc, t.article_id desc
        limit ${sql.lit(RELATED_CANDIDATES_PER_ENTITY)}) theirs
      group by theirs.article_id
      order by shared_entities desc, published_at desc, theirs.article_id desc
      limit ${limit}) shared
  join articles ra on ra.id = shared.article_id
  where ${sql.raw(visibleSql('ra'))})`;

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

// Writes. Every statement takes the transaction of the write that runs it.

export type LockedArticle = ArticleRow & { publishedEventAt: Date | null };

/**
 * The article with its row locked until the transaction ends, so the version check cannot race. A
 * trashed article is not found: only restoreArticle (lockTrashedArticle, untrashArticle below) writes to one.
 */
export async function lockArticle(db: Db, id: number): Promise<LockedArticle | undefined> {
  return db
    .selectFrom('articles')
    .select([...articleColumns, 'articles.publishedEventAt'])
    .where('articles.id', '=', id)
    .where('articles.deletedAt', 'is', null)
    .forUpdate()
    .executeTakeFirst();
}

export async function findArticleTextForWrite(
  db: Db,
  id: number,
): Promise<{ title: string; body: string; language: string } | undefined> {
  return db
    .selectFrom('articles')
    .select(['articles.title', 'articles.body', 'articles.language'])
    .where('articles.id', '=', id)
    .executeTakeFirst();
}

/**
 * Puts `articleId` in the translation group of `otherId` (starting one, named after `otherId`, when
 * it has none). Returns why not, or undefined when done: a group holds one article per language.
 */
export async function joinTranslationGroup(db: Db, articleId: number, otherId: number): Promise<string | undefined> {
  if (articleId === otherId) return 'an article is not a translation of itself';
  const rows = await db
    .selectFrom('articles')
    .select(['articles.id', 'articles.language', 'articles.translationGroup'])
    .where('articles.id', 'in', [articleId, otherId])
    .orderBy('articles.id')
    .forUpdate()
    .execute();
  const article = rows.find((r) => r.id === articleId);
  const other = rows.find((r) => r.id === otherId);
  if (!article || !other) return 'no such article';
  const group = other.translationGroup ?? other.id;
  if (article.translationGroup === group) return undefined;
  const clash = await db
    .selectFrom('articles')
    .select('articles.id')
    .where('articles.translationGroup', '=', group)
    .where('articles.language', '=', article.language)
    .where('articles.id', '<>', articleId)
    .executeTakeFirst();
  if (clash || other.language === article.language) return `the group already has an article in ${article.language}`;
  if (other.translationGroup === null)
    await db.updateTable('articles').set({ translationGroup: group }).where('articles.id', '=', otherId).execute();
  await db.updateTable('articles').set({ translationGroup: group }).where('articles.id', '=', articleId).execute();
  return undefined;
}

/** Whether another article of the group is in this language. */
export async function isTranslationLanguageTaken(
  db: Db,
  group: number,
  language: string,
  exceptId: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('articles')
    .select('articles.id')
    .where('articles.translationGroup', '=', group)
    .where('articles.language', '=', language)
    .where('articles.id', '<>', exceptId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Takes the article out of its translation group. */
export async function leaveTranslationGroup(db: Db, articleId: number): Promise<void> {
  await db.updateTable('articles').set({ translationGroup: null }).where('articles.id', '=', articleId).execute();
}

/**
 * True when another article than `exceptId` holds the slug or still answers for it from its slug
 * history (migration 20261203300000): a slug answers for one article at a time, and a trashed
 * article keeps its slugs until it is purged.
 */
export async function isArticleSlugTaken(db: Db, slug: string, exceptId?: number): Promise<boolean> {
  const { rows } = await sql<{ one: number }>`
    select 1 as one from articles where slug = ${slug} and id is distinct from ${exceptId ?? null}::int
    union all
    select 1 from article_slug_history where slug = ${slug} and article_id is distinct from ${exceptId ?? null}::int
    limit 1`.execute(db);
  return rows.length > 0;
}

/**
 * The columns a new article is given, from the table's own type: everything but what the database
 * fills in (id, version, timestamps, generated columns) and what only later writes set (the trash,
 * translation groups). `updatedBy` and `publishedEventAt` default to null (an import, the seed).
 */
export type NewArticleValues = Omit<
  Insertable<ArticleTable>,
  'id' | 'version' | 'createdAt' | 'updatedAt' | 'substantiveUpdatedAt' | 'translationGroup' | 'deletedAt' | 'deletedBy'
>;

/** The one insert of an article, for the mutations (createArticle) and the importer alike. */
export async function insertArticle(db: Db, values: NewArticleValues): Promise<ArticleRow> {
  return db.insertInto('articles').values(values).returning(articleColumns).executeTakeFirstOrThrow();
}

/** Whether any article, in the trash too, has this external id. */
export async function isExternalIdTaken(db: Db, externalId: string): Promise<boolean> {
  return (
    (await db
      .selectFrom('articles')
      .select('articles.id')
      .where('articles.externalId', '=', externalId)
      .executeTakeFirst()) !== undefined
  );
}

/**
 * The columns a write may change, from the table's own type (the trash and translation groups have
 * statements of their own). `updatedBy` is the writer: an API token's name, or null for the
 * importer (no token did it); left out, it stays as it was.
 */
export type ArticleChangeValues = Omit<
  Updateable<ArticleTable>,
  'id' | 'version' | 'createdAt' | 'updatedAt' | 'translationGroup' | 'deletedAt' | 'deletedBy' | 'substantiveUpdatedAt'
> & {
  /** Set (to now()) by a change readers are told about: what they see as updatedAt. */
  substantiveUpdatedAt?: Date | RawBuilder<Date> | null;
};

export interface VersionedUpdateOptions {
  /**
   * Write nothing (and answer undefined) unless one of `values`, `updatedBy` aside, differs from
   * the row: the importer re-running an unchanged line leaves the article at its version.
   */
  onlyIfChanged: true;
}

/**
 * The one versioned update of an article, for the mutations and the importer alike: applies a
 * change and moves the article to its next version (even when only mentions, summaries, its byline
 * or tags changed, with no column in `values` but the writer). The caller has locked the row and
 * checked the client's version (lockForWrite) and writes the revision of the new version.
 */
export async function updateArticleVersioned(db: Db, id: number, values: ArticleChangeValues): Promise<ArticleRow>;
export async function updateArticleVersioned(
  db: Db,
  id: number,
  values: ArticleChangeValues,
  options: VersionedUpdateOptions,
): Promise<ArticleRow | undefined>;
export async function updateArticleVersioned(
  db: Db,
  id: number,
  values: ArticleChangeValues,
  options?: VersionedUpdateOptions,
): Promise<ArticleRow | undefined> {
  let update = db
    .updateTable('articles')
    .set({ ...values, version: sql`version + 1`, updatedAt: sql`now()` })
    .where('articles.id', '=', id);
  if (!options?.onlyIfChanged) return update.returning(articleColumns).executeTakeFirstOrThrow();
  const keys = (Object.keys(values) as (keyof ArticleChangeValues)[]).filter((key) => key !== 'updatedBy');
  if (keys.length === 0) return undefined;
  update = update.where((eb) =>
    eb.or(keys.map((key) => eb(`articles.${key}`, 'is distinct from', values[key] as never))),
  );
  return update.returning(articleColumns).executeTakeFirst();
}

export interface DueArticle {
  id: number;
  sectionId: number | null;
  version: number;
}

/**
 * Claims the scheduled articles whose time has come and that were not announced yet. Concurrent
 * claims from several instances serialise on the row locks and the loser's re-check of
 * `published_event_at is null` fails, so every article is claimed, and announced, exactly once.
 */
export async function claimDueScheduledArticles(db: Db, limit = DEFAULT_SCHEDULER_CLAIM_LIMIT): Promise<DueArticle[]> {
  const { rows } = await sql<DueArticle>`
    update articles set published_event_at = now()
    where id in (
      select id from articles
      where status = 'SCHEDULED' and published_event_at is null and published_at <= now() and deleted_at is null
      order by published_at limit ${limit}
      for update skip locked
    ) and published_event_at is null
    returning id, section_id, version`.execute(db);
  return rows;
}

// The importer's lookups: it matches an article by external id or slug, trashed ones included.

/** An article as the importer matches it; `deletedAt` set when it is in the trash (the import leaves it alone). */
export type ImportTarget = ArticleRow & { deletedAt: Date | null };

export async function findArticleByExternalId(db: Db, externalId: string): Promise<ImportTarget | undefined> {
  return db
    .selectFrom('articles')
    .select([...articleColumns, 'articles.deletedAt'])
    .where('articles.externalId', '=', externalId)
    .executeTakeFirst();
}

export async function findArticleBySlugForWrite(db: Db, slug: string): Promise<ImportTarget | undefined> {
  return db
    .selectFrom('articles')
    .select([...articleColumns, 'articles.deletedAt'])
    .where('articles.slug', '=', slug)
    .executeTakeFirst();
}

/** Of these slugs, those an article holds or answers for from its slug history. */
export async function slugsTaken(db: Db, candidates: string[]): Promise<Set<string>> {
  if (candidates.length === 0) return new Set();
  const rows = await db
    .selectFrom('articles')
    .select('articles.slug')
    .where('articles.slug', 'in', candidates)
    .unionAll(
      db
        .selectFrom('articleSlugHistory')
        .select('articleSlugHistory.slug')
        .where('articleSlugHistory.slug', 'in', candidates),
    )
    .execute();
  return new Set(rows.map((r) => r.slug));
}

/** The first of `base`, `base-2`, ... `base-<tries>` that no article uses yet, in one statement; undefined if none is free. */
export async function firstFreeSlug(db: Db, base: string, tries = 21): Promise<string | undefined> {
  const candidates = [base, ...Array.from({ length: tries - 1 }, (_, i) => `${base}-${i + 2}`)];
  const taken = await slugsTaken(db, candidates);
  return candidates.find((c) => !taken.has(c));
}

// The trash (migration 20261203300000): the only reads of articles that see trashed ones.

export type TrashedArticleRow = ArticleRow & { deletedAt: Date; deletedBy: string | null };

const trashedColumns = [...articleColumns, 'articles.deletedAt', 'articles.deletedBy'] as const;

/**
 * Keyset position in the trash: newest deletion first, ties by id. `at` is the deletion time as
 * stored, at microseconds (the ISO text `deletedAtKey` writes), or a Date (a cursor written at
 * milliseconds).
 */
export interface TrashKey {
  at: Date | string;
  id: number;
}

/** A page's row of the trash, with its deletion time at microseconds as ISO text (its cursor's key). */
export type TrashPageRow = TrashedArticleRow & { deletedAtKey: string };

/**
 * One page of the trash, most recently deleted first. `ownedBy`: only the articles that API token
 * created (a token without read:drafts sees its own only).
 */
export async function listTrashedArticles(
  db: Db,
  query: { after?: TrashKey; limit: number; ownedBy?: number },
): Promise<TrashPageRow[]> {
  const { after, ownedBy } = query;
  return (await db
    .selectFrom('articles')
    .select(trashedColumns)
    // A Date holds milliseconds: a key at them would skip the rows deleted later within the same one.
    .select(
      sql<string>`to_char(articles.deleted_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as('deletedAtKey'),
    )
    .where('articles.deletedAt', 'is not', null)
    .$if(after !== undefined, (q) =>
      q.where(sql<boolean>`(articles.deleted_at, articles.id) < (${after!.at}::timestamptz, ${after!.id}::int)`),
    )
    .$if(ownedBy !== undefined, (q) =>
      q.where(({ exists, selectFrom }) =>
        exists(
          selectFrom('articleRevisions')
            .select(sql`1`.as('one'))
            .whereRef('articleRevisions.articleId', '=', 'articles.id')
            .where('articleRevisions.action', '=', 'CREATE')
            .where('articleRevisions.actorTokenId', '=', ownedBy!),
        ),
      ),
    )
    .orderBy('articles.deletedAt', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(query.limit)
    .execute()) as TrashPageRow[];
}

/** A trashed article with its row locked, for restoreArticle. */
export async function lockTrashedArticle(
  db: Db,
  id: number,
): Promise<(TrashedArticleRow & { publishedEventAt: Date | null }) | undefined> {
  return (await db
    .selectFrom('articles')
    .select([...trashedColumns, 'articles.publishedEventAt'])
    .where('articles.id', '=', id)
    .where('articles.deletedAt', 'is not', null)
    .forUpdate()
    .executeTakeFirst()) as (TrashedArticleRow & { publishedEventAt: Date | null }) | undefined;
}

/** Moves the article to the trash, at its next version. */
export async function trashArticle(db: Db, id: number, deletedBy: string | null): Promise<TrashedArticleRow> {
  return (await db
    .updateTable('articles')
    .set({ deletedAt: sql`now()`, deletedBy, version: sql`version + 1`, updatedAt: sql`now()`, updatedBy: deletedBy })
    .where('articles.id', '=', id)
    .returning(trashedColumns)
    .executeTakeFirstOrThrow()) as TrashedArticleRow;
}

/** Takes the article out of the trash, at its next version. */
export async function untrashArticle(db: Db, id: number, updatedBy: string | null): Promise<ArticleRow> {
  return db
    .updateTable('articles')
    .set({ deletedAt: null, deletedBy: null, version: sql`version + 1`, updatedAt: sql`now()`, updatedBy })
    .where('articles.id', '=', id)
    .returning(articleColumns)
    .executeTakeFirstOrThrow();
}

/**
 * Removes up to `limit` articles trashed before `cutoff`, oldest first, with every row that depends
 * on them (mentions, summaries, model runs, exclusions, corrections, old slugs: their foreign keys
 * cascade). Their revisions are replaced by one PURGE revision that keeps no text, only the slug
 * and the external id (so that the demo seed and `createOnly` imports do not bring them back).
 * Returns the ids removed. Rows are locked and skipped when another purge holds them.
 */
export async function purgeTrashedArticles(db: Db, cutoff: Date, limit: number): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    with doomed as (
      select id, slug, external_id, version, deleted_by from articles
      where deleted_at is not null and deleted_at < ${cutoff}
      order by deleted_at, id limit ${limit}
      for update skip locked
    ), history as (
      delete from article_revisions r using doomed d where r.article_id = d.id
    ), tombstone as (
      insert into article_revisions (article_id, version, action, actor_token_id, actor_name, changes, snapshot)
      select d.id, d.version + 1, 'PURGE', null, 'purge',
        jsonb_build_array(jsonb_build_object('field', 'status', 'from', 'DELETED', 'to', null))
          || case when d.external_id is null then '[]'::jsonb
                  else jsonb_build_array(jsonb_build_object('field', 'externalId', 'from', d.external_id, 'to', null)) end,
        jsonb_build_object('slug', d.slug, 'title', '', 'standfirst', null, 'body', '', 'sectionId', null, 'status', 'ARCHIVED', 'publishedAt', null)
      from doomed d
    ), removed as (
      delete from articles a using doomed d where a.id = d.id returning a.id
    )
    select id from removed order by id`.execute(db);
  return rows.map((r) => r.id);
}

// Statements that follow from other tables: a section's deletion, a correction's note.

/** The ids of the articles filed in the section itself (in the trash too), in id order. */
export async function articleIdsInSection(db: Db, id: number): Promise<number[]> {
  const rows = await db
    .selectFrom('articles')
    .select('articles.id')
    .where('articles.sectionId', '=', id)
    .orderBy('articles.id')
    .execute();
  return rows.map((row) => row.id);
}

/** Files the articles in another section without a new version: for articles in the trash, which keep their history as it is. */
export async function moveTrashedArticles(db: Db, fromId: number, toId: number): Promise<void> {
  await db
    .updateTable('articles')
    .set({ sectionId: toId })
    .where('articles.sectionId', '=', fromId)
    .where('articles.deletedAt', 'is not', null)
    .execute();
}

/** Readers' updatedAt follows the newest note (an import may bring older ones: it never goes back). */
export async function markSubstantiveChange(db: Db, articleId: number): Promise<void> {
  await sql`update articles set substantive_updated_at = greatest(substantive_updated_at,
      (select max(created_at) from article_corrections where article_id = ${articleId}))
    where id = ${articleId}`.execute(db);
}
