import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { ArticleRow, EntityKind, EntityRow, MentionSource } from '../tables.js';
import { articleColumns } from './articles.js';
import { EVERY_ENTITY, entityIdBySlugSql } from './entities.js';

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

/**
 * True when an article imported under this external id was deleted or purged (its DELETE revision,
 * or the PURGE revision that replaced its history, names it).
 */
export async function externalIdDeletedInEditor(db: Db, externalId: string): Promise<boolean> {
  const row = await db
    .selectFrom('articleRevisions')
    .select('articleRevisions.id')
    .where('articleRevisions.action', 'in', ['DELETE', 'PURGE'])
    .where(sql<boolean>`changes @> ${JSON.stringify([{ field: 'externalId', from: externalId }])}::jsonb`)
    .executeTakeFirst();
  return row !== undefined;
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

/**
 * Finds or creates the entity a slug names; an existing entity keeps its name and kind. The slug
 * resolves as reads resolve it (entityIdBySlugSql, as editors see): the entity holding it, else the
 * one it redirects to after a rename or merge, so no entity is ever created over a redirect.
 */
export async function upsertEntity(db: Db, slug: string, name: string, kind: EntityKind): Promise<EntityRow> {
  const { rows } = await sql<EntityRow>`
    with requested as (select ${slug}::text as slug), found as (
      select e.* from requested join entities e on e.id = ${entityIdBySlugSql(sql.raw('requested.slug'), EVERY_ENTITY)}
    ), inserted as (
      insert into entities (slug, name, kind) select requested.slug, ${name}, ${kind}::entity_kind from requested
      where not exists (select 1 from found)
      on conflict (slug) do nothing
      returning *
    )
    select * from found union all select * from inserted`.execute(db);
  if (rows[0]) return rows[0];
  // Another transaction created it meanwhile.
  return db.selectFrom('entities').selectAll().where('entities.slug', '=', slug).executeTakeFirstOrThrow();
}

export async function addEntityAliases(db: Db, entityId: number, aliases: string[]): Promise<number> {
  if (aliases.length === 0) return 0;
  const result = await db
    .updateTable('entities')
    .set({
      aliases: sql`(select coalesce(array_agg(distinct a order by a), '{}') from unnest(aliases || ${aliases}::text[]) a where a <> name)`,
      updatedAt: sql`now()`,
    })
    .where('entities.id', '=', entityId)
    .where(sql<boolean>`not (${aliases}::text[] <@ (aliases || array[name]))`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
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
