import { type AliasedRawBuilder, CompiledQuery, type SelectQueryBuilder, sql } from 'kysely';
import { type Db, registerPrepared } from '../database.js';
import type { ArticleRow, Database, SectionRow, SummaryRow } from '../tables.js';
import { type MentionWithEntity, mentionOrderSql } from './article-entities.js';
import {
  type AdjacentRequest,
  type ArticlePageQuery,
  adjacentFrom,
  articleColumns,
  articleRowColumns,
  isReadable,
  listArticlesQuery,
  type NavigationDirection,
  type NavigationScope,
  orderKeyColumn,
  type Visibility,
  visibleSql,
} from './articles.js';
import { aliasesSql, nameSql, slugSql } from './entities.js';

/**
 * Whole pages in ONE statement: the article rows plus, as correlated subqueries aggregated to JSON
 * in the same statement, what the page shows of each (section, summaries, entity mentions with
 * their entities, previous/next). The root resolvers ask for exactly what the GraphQL selection
 * needs and prime the per-request loaders with the result, so the child resolvers read from cache.
 * One statement is one round trip and one socket write; per-statement writes and their garbage
 * dominate the CPU profile of a page read as separate loader queries.
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

const _VISIBLE = (alias: string) => sql.raw(visibleSql(alias));

// JSON objects are built with the row types' camelCase keys and sent as text: Kysely's
// CamelCasePlugin would otherwise walk every nested key of every row (measured: about as much CPU
// as the rest of the list's database path), while a string passes through it untouched.
const ARTICLE_JSON = (n: string) =>
  sql.raw(`json_build_object(${articleRowColumns.map(([key, column]) => `'${key}', ${n}.${column}`).join(', ')})`);

function adjacentSql(direction: NavigationDirection, scope: NavigationScope) {
  return sql`(select ${ARTICLE_JSON('n')} from ${adjacentFrom('n', 'page', direction, scope)})`;
}

function includeColumns(includes: PageIncludes, visibility: Visibility): AliasedRawBuilder<unknown, string>[] {
  const columns: AliasedRawBuilder<unknown, string>[] = [];
  // The pages are articles the viewer may see, so their section and entities are ones the viewer
  // may see (publicSectionSql, publicEntitySql hold by construction); aliases follow their own rule.
  if (includes.section) {
    columns.push(
      sql`(select json_build_object('id', s.id, 'slug', s.slug, 'name', s.name, 'description', s.description, 'createdAt', s.created_at,
          'parentId', s.parent_id, 'position', s.position, 'version', s.version)::text
        from sections s where s.id = page.section_id)`.as('prefetchedSection'),
    );
  }
  if (includes.summaries) {
    columns.push(
      sql`coalesce((select json_agg(json_build_object('articleId', su.article_id, 'length', su.length, 'text', su.text,
          'method', su.method, 'bodyHash', su.body_hash, 'createdAt', su.created_at, 'model', su.model, 'promptVersion', su.prompt_version,
          'generator', su.generator, 'retryAt', su.retry_at))
        from summaries su where su.article_id = page.id), '[]'::json)::text`.as('prefetchedSummaries'),
    );
  }
  if (includes.mentions) {
    columns.push(
      sql`coalesce((select json_agg(json_build_object('articleId', ae.article_id, 'entityId', ae.entity_id,
          'mentionCount', ae.mention_count, 'firstOffset', ae.first_offset, 'salience', ae.salience, 'source', ae.source,
          'entity', json_build_object('id', e.id, 'slug', ${sql.raw(slugSql('e', visibility))}, 'name', ${sql.raw(nameSql('e', visibility))}, 'kind', e.kind, 'aliases', ${sql.raw(aliasesSql('e', visibility))},
            'createdAt', e.created_at, 'updatedAt', e.updated_at))
          order by ${mentionOrderSql('ae', 'e')})
        from article_entities ae join entities e on e.id = ae.entity_id where ae.article_id = page.id), '[]'::json)::text`.as(
        'prefetchedMentions',
      ),
    );
  }
  if (includes.adjacent.length > 0) {
    // One array, in the order of includes.adjacent; null where there is no such neighbour.
    const items = includes.adjacent.map((request) => adjacentSql(request.direction, request.scope));
    columns.push(sql`json_build_array(${sql.join(items)})::text`.as('prefetchedAdjacent'));
  }
  return columns;
}

// JSON carries timestamps as strings; the loaders' rows carry Dates.
const toDate = (value: unknown) => (value == null ? null : new Date(value as string));

type Json = Record<string, unknown>;

function reviveArticle(json: Json): ArticleRow {
  json.publishedAt = toDate(json.publishedAt);
  json.createdAt = toDate(json.createdAt);
  json.updatedAt = toDate(json.updatedAt);
  json.substantiveUpdatedAt = toDate(json.substantiveUpdatedAt);
  return json as unknown as ArticleRow;
}

interface PrefetchedColumns {
  prefetchedSection?: string | null;
  prefetchedSummaries?: string;
  prefetchedMentions?: string;
  prefetchedAdjacent?: string;
}

/** An article page (the article and what its query prefetched) from a row of findArticlePages or listArticlePages. */
function articlePageOf(row: ArticleRow & PrefetchedColumns, includes: PageIncludes): ArticlePage {
  const { prefetchedSection, prefetchedSummaries, prefetchedMentions, prefetchedAdjacent, ...article } = row;
  const page: ArticlePage = { article, adjacent: [] };
  if (includes.section) {
    const section = prefetchedSection ? (JSON.parse(prefetchedSection) as Json) : null;
    if (section) section.createdAt = toDate(section.createdAt);
    page.section = section as SectionRow | null;
  }
  if (includes.summaries) {
    const summaries = JSON.parse(prefetchedSummaries!) as Json[];
    for (const summary of summaries) {
      summary.createdAt = toDate(summary.createdAt);
      summary.retryAt = toDate(summary.retryAt);
    }
    page.summaries = summaries as unknown as SummaryRow[];
  }
  if (includes.mentions) {
    const mentions = JSON.parse(prefetchedMentions!) as (Json & { entity: Json })[];
    for (const { entity } of mentions) {
      entity.createdAt = toDate(entity.createdAt);
      entity.updatedAt = toDate(entity.updatedAt);
    }
    page.mentions = mentions as unknown as MentionWithEntity[];
  }
  if (includes.adjacent.length > 0) {
    const neighbours = JSON.parse(prefetchedAdjacent!) as (Json | null)[];
    includes.adjacent.forEach((request, i) => {
      const json = neighbours[i];
      page.adjacent.push({ request: { ...request, articleId: row.id }, article: json ? reviveArticle(json) : null });
    });
  }
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
      .where(isReadable(visibility));
    const compiled = withIncludes(db, base, includes, visibility).compile();
    // The only parameter is the array of slugs or ids; everything else is literal SQL.
    if (compiled.parameters.length !== 1) throw new Error('findArticlePages: expected exactly one parameter');
    text = compiled.sql;
    compiledPages.set(shape, text);
    registerPrepared(text);
  }
  const { rows } = await db.executeQuery<ArticleRow & PrefetchedColumns>(CompiledQuery.raw(text, [values]));
  return rows.map((row) => articlePageOf(row, includes));
}

const compiledPages = new Map<string, string>();

/** One keyset page of articles (exactly listArticles's rows and order) with what the list shows. */
export async function listArticlePages(
  db: Db,
  query: ArticlePageQuery,
  includes: PageIncludes,
): Promise<ArticlePage[]> {
  const { base, direction } = listArticlesQuery(db, query, pageColumns(includes));
  // The outer query must keep the inner order: a subquery's ORDER BY does not bind its parent.
  const key = orderKeyColumn(query.order) === 'articles.updatedAt' ? 'page.updated_at' : 'page.published_at';
  const rows = await withIncludes(db, base, includes, query)
    .orderBy(sql.raw(key), direction)
    .orderBy(sql.raw('page.id'), direction)
    .execute();
  return rows.map((row) => articlePageOf(row as ArticleRow & PrefetchedColumns, includes));
}

function withIncludes<O>(
  db: Db,
  base: SelectQueryBuilder<Database, 'articles', O>,
  includes: PageIncludes,
  visibility: Visibility,
) {
  return db.selectFrom(base.as('page')).selectAll('page').select(includeColumns(includes, visibility));
}
