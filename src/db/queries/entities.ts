import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../database.js';
import type { ArticleEntityRow, EntityKind, EntityRow } from '../tables.js';
import { isVisible } from './articles.js';

const entityColumns = [
  'entities.id',
  'entities.slug',
  'entities.name',
  'entities.kind',
  'entities.aliases',
  'entities.createdAt',
  'entities.updatedAt',
] as const;

export async function findEntitiesByIds(db: Db, ids: readonly number[]): Promise<EntityRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('entities').select(entityColumns).where('entities.id', '=', sql<number>`any(${[...ids]}::int[])`).execute();
}

/** Entities by current slug, or by an old slug that redirects to them; `requestedSlug` says which. */
export async function findEntitiesBySlugs(db: Db, slugs: readonly string[]): Promise<(EntityRow & { requestedSlug: string })[]> {
  if (slugs.length === 0) return [];
  const wanted = sql<string>`any(${[...slugs]}::text[])`;
  return db
    .selectFrom('entities')
    .select([...entityColumns, 'entities.slug as requestedSlug'])
    .where('entities.slug', '=', wanted)
    .unionAll(
      db
        .selectFrom('entitySlugRedirects')
        .innerJoin('entities', 'entities.id', 'entitySlugRedirects.entityId')
        .select([...entityColumns, 'entitySlugRedirects.slug as requestedSlug'])
        .where('entitySlugRedirects.slug', '=', wanted),
    )
    .execute();
}

export interface EntityKey {
  name: string;
  id: number;
}

export interface EntityPageQuery {
  kind?: EntityKind;
  nameStartsWith?: string;
  after?: EntityKey;
  limit: number;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export async function listEntities(db: Db, query: EntityPageQuery): Promise<EntityRow[]> {
  const { after, kind, nameStartsWith } = query;
  return db
    .selectFrom('entities')
    .select(entityColumns)
    .$if(kind !== undefined, (q) => q.where('entities.kind', '=', kind!))
    .$if(nameStartsWith !== undefined, (q) =>
      q.where(sql<boolean>`lower(${sql.ref('entities.name')}) like ${`${escapeLike(nameStartsWith!.toLowerCase())}%`}`),
    )
    .$if(after !== undefined, (q) => q.where((eb) => eb(eb.refTuple('entities.name', 'entities.id'), '>', eb.tuple(after!.name, after!.id))))
    .orderBy('entities.name')
    .orderBy('entities.id')
    .limit(query.limit)
    .execute();
}

export async function countEntities(db: Db, query: Omit<EntityPageQuery, 'after' | 'limit'>): Promise<number> {
  const { kind, nameStartsWith } = query;
  const row = await db
    .selectFrom('entities')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .$if(kind !== undefined, (q) => q.where('entities.kind', '=', kind!))
    .$if(nameStartsWith !== undefined, (q) =>
      q.where(sql<boolean>`lower(${sql.ref('entities.name')}) like ${`${escapeLike(nameStartsWith!.toLowerCase())}%`}`),
    )
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The order of an article's mentions: most salient, then most mentioned, then name (then id: two entities of one name). */
export const mentionOrderSql = (mention: string, entity: string) =>
  sql.raw(`${mention}.salience desc, ${mention}.mention_count desc, ${entity}.name, ${entity}.id`);

/** The id of the entity that holds `slug` now, or that an old slug redirects to (renamed or merged away). */
export const entityIdBySlugSql = (slug: RawBuilder<unknown>) =>
  sql`(select x.id from entities x where x.slug = ${slug}
    union all select r.entity_id from entity_slug_redirects r where r.slug = ${slug} limit 1)`;

export type MentionWithEntity = ArticleEntityRow & { entity: EntityRow };

/** Every entity mention of the given articles, most salient first within each article. */
export async function findMentionsByArticleIds(db: Db, articleIds: readonly number[]): Promise<MentionWithEntity[]> {
  if (articleIds.length === 0) return [];
  const rows = await db
    .selectFrom('articleEntities')
    .innerJoin('entities', 'entities.id', 'articleEntities.entityId')
    .select([
      'articleEntities.articleId',
      'articleEntities.entityId',
      'articleEntities.mentionCount',
      'articleEntities.firstOffset',
      'articleEntities.salience',
      'articleEntities.source',
      ...entityColumns,
    ])
    .where('articleEntities.articleId', '=', sql<number>`any(${[...articleIds]}::int[])`)
    .orderBy('articleEntities.articleId')
    .orderBy(mentionOrderSql('article_entities', 'entities'))
    .execute();
  return rows.map(({ articleId, entityId, mentionCount, firstOffset, salience, source, ...entity }) => ({
    articleId,
    entityId,
    mentionCount,
    firstOffset,
    salience,
    source,
    entity: entity as EntityRow,
  }));
}

/** Number of articles visible to the public that mention each entity. */
export async function countVisibleArticlesByEntityIds(db: Db, entityIds: readonly number[]): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (entityIds.length === 0) return counts;
  const rows = await db
    .selectFrom('articleEntities')
    .innerJoin('articles', 'articles.id', 'articleEntities.articleId')
    .select(['articleEntities.entityId', (eb) => eb.fn.countAll<number>().as('count')])
    .where('articleEntities.entityId', '=', sql<number>`any(${[...entityIds]}::int[])`)
    .where(isVisible)
    .groupBy('articleEntities.entityId')
    .execute();
  for (const row of rows) counts.set(row.entityId, Number(row.count));
  return counts;
}
