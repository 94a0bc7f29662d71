import { sql } from 'kysely';
import { type Db, registerPrepared } from '../../src/db/database.js';
import {
  type SearchAfter,
  type SearchFilter,
  type SearchQuery,
  type SearchRow,
  searchArticlesSql,
  searchPosition,
} from '../../src/db/queries/article-search.js';
import { type ArticleFilterValues, articleFilterSql } from '../../src/db/queries/articles.js';

/** A walk's query with the filter's values (ids resolved) and a cursor's position as values. */
export type SearchValues = Omit<SearchQuery, 'filter' | 'after'> & { filter: ArticleFilterValues; after?: SearchAfter };

/** The filter's conditions over the walk's `a`, by articleFilterSql's rules, as the declarations write them. */
export function searchFilterOf(filter: ArticleFilterValues, includeHidden: boolean): SearchFilter {
  const a = sql.raw('a');
  const parts = [];
  if (includeHidden && filter.statuses?.length)
    parts.push(articleFilterSql.withStatus(a, sql`${filter.statuses}::text[]`));
  if (filter.sectionIds) parts.push(articleFilterSql.inSections(a, sql`${filter.sectionIds}::int[]`));
  if (filter.entityIds) parts.push(articleFilterSql.mentions(a, sql`${filter.entityIds}::int[]`));
  if (filter.tagIds) parts.push(articleFilterSql.tagged(a, sql`${filter.tagIds}::int[]`));
  if (filter.authorIds) parts.push(articleFilterSql.bylined(a, sql`${filter.authorIds}::int[]`));
  if (filter.language) parts.push(articleFilterSql.inLanguage(a, sql`${filter.language}::text`));
  if (filter.publishedAfter) parts.push(articleFilterSql.publishedFrom(a, sql`${filter.publishedAfter}::timestamptz`));
  if (filter.publishedBefore)
    parts.push(articleFilterSql.publishedUntil(a, sql`${filter.publishedBefore}::timestamptz`));
  return {
    ...(parts.length > 0 ? { where: sql.join(parts, sql` and `) } : {}),
    ...(filter.language ? { language: filter.language } : {}),
    publishedAfter: filter.publishedAfter ?? null,
    publishedBefore: filter.publishedBefore ?? null,
  };
}

/** The walk's statement for values (the read model's declaration passes parameters instead). */
export function searchSqlOf({ filter, after, ...query }: SearchValues) {
  return searchArticlesSql({
    ...query,
    filter: searchFilterOf(filter, query.includeHidden),
    ...(after ? { after: searchPosition(after) } : {}),
  });
}

/** Runs the walk and reads its rows with their windows. */
export async function searchArticles(db: Db, query: SearchValues): Promise<SearchRow[]> {
  const compiled = searchSqlOf(query).compile(db);
  registerPrepared(compiled.sql);
  const { rows } = await db.executeQuery(compiled);
  return rows.map(({ win: _win, topAt, topId, bottomAt, bottomId, last, ...row }) => ({
    ...row,
    window: {
      top: topAt === null ? null : { at: topAt, id: topId! },
      bottom: bottomAt === null ? null : { at: bottomAt, id: bottomId! },
      last,
    },
  }));
}
