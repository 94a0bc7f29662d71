import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../database.js';
import type { ArticleEntityRow, EntityKind, EntityRow, MentionSource } from '../tables.js';
import { type Visibility, visibleMentionSql } from './articles.js';
import { entityColumns } from './entities.js';

// article_entities, the mentions of entities in articles (extracted, imported or an editor's), and
// article_entity_exclusions, the entities an editor took out of an article for extraction to leave
// out. A merge of entities moves mentions with the entities it deletes (entities.ts moveEntityMentions).

/**
 * The order of an article's mentions: most salient, then most mentioned, then the entity's id, the
 * same for every viewer. Not its name: the public may know an entity by another form than the name a
 * hidden article gave it (entities.ts publicNameSql), and a tie broken by that name ordered public
 * mentions by it.
 */
export const mentionOrderSql = (mention: string) =>
  sql.raw(`${mention}.salience desc, ${mention}.mention_count desc, ${mention}.entity_id`);

export type MentionWithEntity = ArticleEntityRow & { entity: EntityRow };

/**
 * Every entity mention of the given articles, most salient first within each article. The caller
 * asks only for articles the viewer may see, whose entities are then public; their aliases still
 * follow the viewer's rule.
 */
export async function findMentionsByArticleIds(
  db: Db,
  articleIds: readonly number[],
  visibility: Visibility,
): Promise<MentionWithEntity[]> {
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
      ...entityColumns(visibility),
    ])
    .where('articleEntities.articleId', '=', sql<number>`any(${[...articleIds]}::int[])`)
    .orderBy('articleEntities.articleId')
    .orderBy(mentionOrderSql('article_entities'))
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

/**
 * The number of articles visible to the public that mention the entity whose id is `entityId` (a
 * fragment), as a scalar subquery: Entity.articleCount's declaration and its loader both read it.
 * Over the mentions' copies of their article's status and time (visibleMentionSql, as the entity's
 * page reads them), an index-only count of article_entities_entity_page_idx: joined to articles it
 * read every article too, 1.3 s for the entity 467,747 articles mention at a million articles (0.1 s
 * now), which anyone could ask for under thirty aliases.
 */
export const visibleMentionCountSql = (entityId: RawBuilder<unknown>) =>
  sql<number>`(select count(*)::int from article_entities mc
    where mc.entity_id = ${entityId} and ${sql.raw(visibleMentionSql('mc'))})`;

/** Number of articles visible to the public that mention each entity (visibleMentionCountSql). */
export async function countVisibleArticlesByEntityIds(
  db: Db,
  entityIds: readonly number[],
): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  if (entityIds.length === 0) return counts;
  const { rows } = await sql<{ entityId: number; count: number }>`
    select e.id as entity_id, ${visibleMentionCountSql(sql.raw('e.id'))} as count
    from unnest(${[...entityIds]}::int[]) e(id)`.execute(db);
  for (const row of rows) counts.set(row.entityId, Number(row.count));
  return counts;
}

/**
 * Records `form` as used by every current mention of the entity: a rename keeps the old name as an
 * alias, and the articles that mentioned the entity then knew it by that name.
 */
export async function addFormToMentions(db: Db, entityId: number, form: string): Promise<void> {
  await db
    .updateTable('articleEntities')
    .set({ aliases: sql`array_append(${sql.ref('aliases')}, ${form}::text)` })
    .where('articleEntities.entityId', '=', entityId)
    .where(sql<boolean>`not (${sql.ref('aliases')} @> array[${form}::text])`)
    .execute();
}

// Writes: an editor's mentions, then the importer's and extraction's (replaceMentions).

export async function findEditorialMentions(
  db: Db,
  articleId: number,
): Promise<{ entityId: number; name: string; kind: EntityKind; aliases: string[] }[]> {
  return db
    .selectFrom('articleEntities')
    .innerJoin('entities', 'entities.id', 'articleEntities.entityId')
    .select(['articleEntities.entityId', 'entities.name', 'entities.kind', 'articleEntities.aliases'])
    .where('articleEntities.articleId', '=', articleId)
    .where('articleEntities.source', '=', 'EDITORIAL')
    .orderBy('articleEntities.entityId')
    .execute();
}

export async function findMention(
  db: Db,
  articleId: number,
  entityId: number,
): Promise<{ source: string } | undefined> {
  return db
    .selectFrom('articleEntities')
    .select('articleEntities.source')
    .where('articleEntities.articleId', '=', articleId)
    .where('articleEntities.entityId', '=', entityId)
    .executeTakeFirst();
}

/** Makes the entity an editorial mention of the article (an editor's word stands over extraction). */
export async function upsertEditorialMention(
  db: Db,
  values: { articleId: number; entityId: number; mentionCount: number; firstOffset: number; salience: number },
): Promise<void> {
  await db
    .insertInto('articleEntities')
    .values({ ...values, source: 'EDITORIAL' })
    .onConflict((oc) =>
      oc.columns(['articleId', 'entityId']).doUpdateSet({
        mentionCount: values.mentionCount,
        firstOffset: values.firstOffset,
        salience: values.salience,
        source: 'EDITORIAL',
      }),
    )
    .execute();
}

export async function deleteMention(db: Db, articleId: number, entityId: number): Promise<void> {
  await db
    .deleteFrom('articleEntities')
    .where('articleEntities.articleId', '=', articleId)
    .where('articleEntities.entityId', '=', entityId)
    .execute();
}

export interface MentionValues {
  entityId: number;
  /** The forms the article used for the entity, other than its name (what makes an alias public). */
  aliases: string[];
  mentionCount: number;
  firstOffset: number;
  salience: number;
  source: MentionSource;
}

/**
 * Makes the article's mentions equal to `mentions` for the given sources, leaving mentions of
 * other sources (an editor's corrections) alone. Returns the number of rows written.
 */
export async function replaceMentions(
  db: Db,
  articleId: number,
  mentions: MentionValues[],
  sources: MentionSource[],
): Promise<number> {
  let written = 0;
  const keep = mentions.map((m) => m.entityId);
  const removed = await db
    .deleteFrom('articleEntities')
    .where('articleEntities.articleId', '=', articleId)
    .where('articleEntities.source', 'in', sources)
    .$if(keep.length > 0, (q) => q.where('articleEntities.entityId', 'not in', keep))
    .executeTakeFirst();
  written += Number(removed.numDeletedRows);
  if (mentions.length === 0) return written;
  const result = await db
    .insertInto('articleEntities')
    .values(mentions.map((m) => ({ articleId, ...m })))
    .onConflict((oc) =>
      oc
        .columns(['articleId', 'entityId'])
        .doUpdateSet((eb) => ({
          aliases: eb.ref('excluded.aliases'),
          mentionCount: eb.ref('excluded.mentionCount'),
          firstOffset: eb.ref('excluded.firstOffset'),
          salience: eb.ref('excluded.salience'),
          source: eb.ref('excluded.source'),
        }))
        // An editor's word stands: extraction never overwrites an editorial mention.
        .where((eb) =>
          eb.and([
            eb('articleEntities.source', 'in', sources),
            eb.or([
              eb('articleEntities.aliases', 'is distinct from', eb.ref('excluded.aliases')),
              eb('articleEntities.mentionCount', 'is distinct from', eb.ref('excluded.mentionCount')),
              eb('articleEntities.firstOffset', 'is distinct from', eb.ref('excluded.firstOffset')),
              eb('articleEntities.salience', 'is distinct from', eb.ref('excluded.salience')),
              eb('articleEntities.source', 'is distinct from', eb.ref('excluded.source')),
            ]),
          ]),
        ),
    )
    .executeTakeFirst();
  written += Number(result.numInsertedOrUpdatedRows ?? 0n);
  return written;
}

// What extraction leaves alone: mentions given by an import or an editor, and exclusions.

export interface ProtectedEntity {
  entityId: number;
  name: string;
  kind: EntityKind;
  aliases: string[];
  /** Removed by an editor: extraction must not bring it back. */
  excluded: boolean;
}

/** Entities that extraction must leave alone in this article: given by an import or an editor, or excluded by an editor. */
export async function findProtectedEntities(db: Db, articleId: number): Promise<ProtectedEntity[]> {
  const { rows } = await sql<ProtectedEntity>`
    select e.id as entity_id, e.name, e.kind, e.aliases, false as excluded
    from article_entities ae join entities e on e.id = ae.entity_id
    where ae.article_id = ${articleId} and ae.source in ('IMPORTED', 'EDITORIAL')
    union all
    select e.id, e.name, e.kind, e.aliases, true
    from article_entity_exclusions x join entities e on e.id = x.entity_id
    where x.article_id = ${articleId}`.execute(db);
  return rows;
}

export async function excludeEntityFromArticle(db: Db, articleId: number, entityId: number): Promise<void> {
  await db
    .insertInto('articleEntityExclusions')
    .values({ articleId, entityId })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function includeEntityInArticle(db: Db, articleId: number, entityId: number): Promise<void> {
  await db
    .deleteFrom('articleEntityExclusions')
    .where('articleId', '=', articleId)
    .where('entityId', '=', entityId)
    .execute();
}
