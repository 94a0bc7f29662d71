import { type AliasedRawBuilder, CompiledQuery, type SelectQueryBuilder, sql } from 'kysely';
import { type Db, registerPrepared } from '../database.js';
import type { ArticleRow, Database, EntityRow, SectionRow, SummaryRow } from '../tables.js';
import {
  type AdjacentRequest,
  type ArticlePageQuery,
  articleColumns,
  isVisible,
  listArticlesQuery,
  type NavigationDirection,
  type NavigationScope,
  orderKeyColumn,
  type Visibility,
} from './articles.js';
import type { MentionWithEntity } from './entities.js';

/**
 * Whole pages in ONE statement: the article rows plus, as correlated subqueries aggregated to JSON
 * in the same statement, what the page shows of each (section, summaries, entity mentions with
 * their entities, previous/next). The root resolvers ask for exactly what the GraphQL selection
 * needs and prime the per-request loaders with the result, so the child resolvers (unchanged) read
 * from cache. One statement instead of five is one round trip instead of two and one socket write
 * instead of five: writev and GC were the top of the CPU profile (NOTES-bench.md).
 *
 * The subqueries reproduce the loaders' queries exactly (same columns, same order, same
 * visibility rule); tests/prefetch.test.ts compares both paths response for response.
 */

export interface PageIncludes {
  section: boolean;
  summaries: boolean;
  mentions: boolean;
  adjacent: readonly Omit<AdjacentRequest, 'articleId'>[];
  /**
   * Whether the article rows need `body`. Lists leave out the 4 KB body when nothing selected
   * reads it; such rows are handed only to the resolvers whose selection was inspected, never to
   * the shared article loader (see primeArticlePages).
   */
  body: boolean;
}

export interface ArticlePage {
  article: ArticleRow;
  section?: SectionRow | null;
  summaries?: SummaryRow[];
  mentions?: MentionWithEntity[];
  adjacent: { request: AdjacentRequest; article: ArticleRow | null }[];
}

export const needsNothing = (includes: PageIncludes) =>
  !includes.section && !includes.summaries && !includes.mentions && includes.adjacent.length === 0;

const VISIBLE = (alias: string) => sql.raw(`${alias}.status in ('PUBLISHED', 'SCHEDULED') and ${alias}.published_at <= now()`);

// The same columns as articleColumns, for rows built as JSON (never the search vector).
const ARTICLE_JSON_COLUMNS =
  'n.id, n.external_id, n.slug, n.title, n.standfirst, n.body, n.status, n.published_at, n.section_id, n.word_count, n.version, n.created_at, n.updated_at';

/** Same rule as findAdjacentArticles: visible, same section for SECTION, ties broken by id. */
function adjacentSql(direction: NavigationDirection, scope: NavigationScope) {
  const comparison = direction === 'PREVIOUS' ? '<' : '>';
  const order = direction === 'PREVIOUS' ? 'desc' : 'asc';
  const sameSection = scope === 'SECTION' ? 'and n.section_id = page.section_id' : '';
  return sql`(select to_json(n) from (select ${sql.raw(ARTICLE_JSON_COLUMNS)} from articles n
    where ${VISIBLE('n')} ${sql.raw(sameSection)}
      and (n.published_at, n.id) ${sql.raw(comparison)} (page.published_at, page.id)
    order by n.published_at ${sql.raw(order)}, n.id ${sql.raw(order)} limit 1) n)`;
}

function includeColumns(includes: PageIncludes): AliasedRawBuilder<unknown, string>[] {
  const columns: AliasedRawBuilder<unknown, string>[] = [];
  if (includes.section) columns.push(sql`(select to_json(s) from sections s where s.id = page.section_id)`.as('prefetchedSection'));
  if (includes.summaries) {
    columns.push(sql`coalesce((select json_agg(su) from summaries su where su.article_id = page.id), '[]'::json)`.as('prefetchedSummaries'));
  }
  if (includes.mentions) {
    // Same order as findMentionsByArticleIds: most salient first, then most mentioned, then name.
    columns.push(sql`coalesce((select json_agg(json_build_object('article_id', ae.article_id, 'entity_id', ae.entity_id,
        'mention_count', ae.mention_count, 'first_offset', ae.first_offset, 'salience', ae.salience, 'source', ae.source,
        'entity', to_json(e)) order by ae.salience desc, ae.mention_count desc, e.name)
      from article_entities ae join entities e on e.id = ae.entity_id where ae.article_id = page.id), '[]'::json)`.as('prefetchedMentions'));
  }
  includes.adjacent.forEach((request, i) => {
    columns.push(adjacentSql(request.direction, request.scope).as(`prefetchedAdjacent${i}`));
  });
  return columns;
}

// JSON carries timestamps as strings; the loaders' rows carry Dates.
const toDate = (value: unknown) => (value == null ? null : new Date(value as string));

function reviveArticle(json: Record<string, unknown>): ArticleRow {
  return { ...json, publishedAt: toDate(json.publishedAt), createdAt: toDate(json.createdAt), updatedAt: toDate(json.updatedAt) } as ArticleRow;
}

function reviveEntity(json: Record<string, unknown>): EntityRow {
  return { ...json, createdAt: toDate(json.createdAt), updatedAt: toDate(json.updatedAt) } as EntityRow;
}

type PrefetchedRow = ArticleRow & {
  prefetchedSection?: Record<string, unknown> | null;
  prefetchedSummaries?: Record<string, unknown>[];
  prefetchedMentions?: (Record<string, unknown> & { entity: Record<string, unknown> })[];
  [adjacent: `prefetchedAdjacent${number}`]: Record<string, unknown> | null;
};

function toPage(row: PrefetchedRow, includes: PageIncludes): ArticlePage {
  const { prefetchedSection, prefetchedSummaries, prefetchedMentions, ...rest } = row;
  const article = { ...rest } as Record<string, unknown>;
  const page: ArticlePage = { article: article as unknown as ArticleRow, adjacent: [] };
  if (includes.section) page.section = prefetchedSection ? ({ ...prefetchedSection, createdAt: toDate(prefetchedSection.createdAt) } as SectionRow) : null;
  if (includes.summaries) page.summaries = prefetchedSummaries!.map((s) => ({ ...s, createdAt: toDate(s.createdAt) }) as SummaryRow);
  if (includes.mentions) {
    page.mentions = prefetchedMentions!.map(({ entity, ...mention }) => ({ ...mention, entity: reviveEntity(entity) }) as MentionWithEntity);
  }
  includes.adjacent.forEach((request, i) => {
    const key = `prefetchedAdjacent${i}`;
    const json = article[key] as Record<string, unknown> | null;
    delete article[key];
    page.adjacent.push({ request: { ...request, articleId: row.id }, article: json ? reviveArticle(json) : null });
  });
  return page;
}

function pageColumns(includes: PageIncludes) {
  return includes.body ? articleColumns : articleColumns.filter((column) => column !== 'articles.body');
}

/** Articles by slug (or id) with what their page shows; the visibility rule of findArticlesBySlugs. */
export async function findArticlePages(
  db: Db,
  key: { slugs: readonly string[] } | { ids: readonly number[] },
  visibility: Visibility,
  includes: PageIncludes,
): Promise<ArticlePage[]> {
  const values = 'slugs' in key ? [...key.slugs] : [...key.ids];
  // The article page runs on every view with the same shape: compile it once per shape (Kysely's
  // compilation was 10 % of the CPU profile) and send it as a prepared statement.
  const shape = `${'slugs' in key ? 'slugs' : 'ids'}:${visibility.includeHidden}:${JSON.stringify(includes)}`;
  let text = compiledPages.get(shape);
  if (text === undefined) {
    const base = db
      .selectFrom('articles')
      .select(pageColumns(includes))
      .$if('slugs' in key, (q) => q.where('articles.slug', '=', sql<string>`any(${values}::text[])`))
      .$if('ids' in key, (q) => q.where('articles.id', '=', sql<number>`any(${values}::int[])`))
      .$if(!visibility.includeHidden, (q) => q.where(isVisible));
    const compiled = withIncludes(db, base, includes).compile();
    // The only parameter is the array of slugs or ids; everything else is literal SQL.
    if (compiled.parameters.length !== 1) throw new Error('findArticlePages: expected exactly one parameter');
    text = compiled.sql;
    compiledPages.set(shape, text);
    registerPrepared(text);
  }
  const { rows } = await db.executeQuery<PrefetchedRow>(CompiledQuery.raw(text, [values]));
  return rows.map((row) => toPage(row, includes));
}

const compiledPages = new Map<string, string>();

/** One keyset page of articles (exactly listArticles's rows and order) with what the list shows. */
export async function listArticlePages(db: Db, query: ArticlePageQuery, includes: PageIncludes): Promise<ArticlePage[]> {
  const { base, direction } = listArticlesQuery(db, query, pageColumns(includes));
  // The outer query must keep the inner order: a subquery's ORDER BY does not bind its parent.
  const key = orderKeyColumn(query.order) === 'articles.updatedAt' ? 'page.updated_at' : 'page.published_at';
  const rows = await withIncludes(db, base, includes)
    .orderBy(sql.raw(key), direction)
    .orderBy(sql.raw('page.id'), direction)
    .execute();
  return rows.map((row) => toPage(row as PrefetchedRow, includes));
}

function withIncludes<O>(db: Db, base: SelectQueryBuilder<Database, 'articles', O>, includes: PageIncludes) {
  return db
    .selectFrom(base.as('page'))
    .selectAll('page')
    .select(includeColumns(includes));
}
