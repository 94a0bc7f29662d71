import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../database.js';
import type { ArticleEntityRow, EntityKind, EntityRow } from '../tables.js';
import { isVisible, type Visibility } from './articles.js';

/*
 * What the public sees of entities: one rule, read through the SQL text below over an alias of
 * `entities` by the loaders and the entity list and the read model's declarations
 * (src/schema/entity.ts, read by src/compiled/compile.ts) alike.
 *
 * - An entity is public when a visible article mentions it, whatever found the mention
 *   (extraction, an import, an editor's addArticleEntity). An entity that only drafts, embargoed
 *   or archived articles mention does not exist for the public, whoever created it.
 * - An alias is public when a visible article's mention of the entity used that form
 *   (article_entities.aliases, migration 20261127183000); an old name kept by a rename or merge
 *   counts as a form used by the mentions the entity had then.
 * - So is the name: it is public when a visible mention used it (the mention's forms hold the name
 *   too, migration 20261128120000), or named the entity explicitly (an import or an editor), or an
 *   editor gave it (a rename records it in the mentions). Otherwise the public knows the entity by
 *   the form visible mentions used most: a draft that brought in "Helga Brightwater" does not
 *   tell a published article's readers of "Brightwater" her first name.
 * - So is the slug, made from the name: while the name is hidden the public sees a slug made from
 *   the public name and the id (`brightwater-e42`), and the real one does not resolve for it.
 *
 * The rule is written once, as the SQL function entity_public_live (migration 20261202100000). Worked
 * out per read, it costs a popular entity up to half a millisecond; so its answer is kept on the
 * entity row (refreshPublicEntities) and a reader takes the kept columns whenever they hold
 * (heldSql), and calls the function otherwise: right after a write, before the refresh has run, and
 * once a scheduled article mentioning the entity has come due. The answer is the same either way;
 * only its cost differs. Editors with read:drafts see every entity and every alias.
 */

/**
 * Whether the answer kept on `e` holds now: worked out since the last write that touched the entity
 * (no entity_public_stale row) and before its next scheduled mention came due (public_until).
 */
const heldSql = (e: string) =>
  `(${e}.public_until > now() and not exists (select 1 from entity_public_stale ps where ps.entity_id = ${e}.id))`;

/** The live answer's `field` for `e`: entity_public_live(entities) returns entity_public_answer. */
const liveSql = (e: string, field: 'shown' | 'name' | 'slug' | 'aliases' | 'name_public') =>
  `(entity_public_live(${e})).${field}`;

/** The kept `column` of `e` when it holds, else the live answer's `field`. */
const keptOrLive = (e: string, column: string, field: Parameters<typeof liveSql>[1]) =>
  `(case when ${heldSql(e)} then ${e}.${column} else ${liveSql(e, field)} end)`;

/**
 * src/text/text.ts slugify in SQL (the function broadsheet_slugify; same steps, same result for
 * the same text): ASCII, lower case, hyphen-separated, at most 80 characters, empty when nothing
 * usable is left.
 */
export const slugifySql = (text: string) => `broadsheet_slugify(${text})`;

/**
 * The slug of entity `id` derived from one of its forms: `quillfeather-e42` (`e42` when the form
 * has no letters or digits). The id makes it resolvable (entityIdBySlugSql) and unique.
 */
const formSlugSql = (form: string, id: string) => `entity_form_slug(${form}, ${id})`;

/** True when a visible article mentions the entity `e`. */
export const publicEntitySql = (e: string) => keptOrLive(e, 'public_shown', 'shown');

/** Whether the public may know `e` by its own name and slug. */
export const namePublicSql = (e: string) => keptOrLive(e, 'name_public', 'name_public');

/** The name of `e` the public sees. */
export const publicNameSql = (e: string) => keptOrLive(e, 'public_name', 'name');

/** The slug of `e` the public sees. */
export const publicSlugSql = (e: string) => keptOrLive(e, 'public_slug', 'slug');

/** The aliases of `e` the public sees. */
export const publicAliasesSql = (e: string) => keptOrLive(e, 'public_aliases', 'aliases');

/** The name of `e` this viewer sees. */
export const nameSql = (e: string, visibility: Visibility) =>
  visibility.includeHidden ? `${e}.name` : publicNameSql(e);

/** The slug of `e` this viewer sees. */
export const slugSql = (e: string, visibility: Visibility) =>
  visibility.includeHidden ? `${e}.slug` : publicSlugSql(e);

/** The aliases of `e` this viewer may see. */
export const aliasesSql = (e: string, visibility: Visibility) =>
  visibility.includeHidden ? `${e}.aliases` : publicAliasesSql(e);

/**
 * Works out what the public sees of the entities a write touched (entity_public_stale) and of those
 * whose next scheduled mention has come due, and keeps it on their rows: at most `batch` entities a
 * call; returns how many it did (call again while that is `batch`).
 *
 * Safe to run anywhere at any time, by any number of instances: one runs at a time (a transaction
 * advisory lock; the others return 0), and each statement below reads what committed before it,
 * so a write that commits while this runs keeps its entity_public_stale row, and its entity stays
 * worked out live until the next refresh.
 */
export async function refreshPublicEntities(db: Db, batch = 500): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { rows: locks } = await sql<{
      locked: boolean;
    }>`select pg_try_advisory_xact_lock(hashtext('broadsheet:entity-public-view')) as locked`.execute(trx);
    if (!locks[0]?.locked) return 0;
    const { rows: due } = await sql<{ id: number }>`
      (select distinct entity_id as id from entity_public_stale limit ${batch})
      union
      (select id from entities where public_until <= now() limit ${batch})`.execute(trx);
    if (due.length === 0) return 0;
    const ids = due.map((row) => row.id);
    await sql`delete from entity_public_stale where entity_id = any(${ids}::int[])`.execute(trx);
    await sql`
      update entities e set
        public_shown = (v.answer).shown,
        public_name = (v.answer).name,
        public_slug = (v.answer).slug,
        public_aliases = (v.answer).aliases,
        name_public = (v.answer).name_public,
        public_until = v.until
      from (select x.id, entity_public_live(x) as answer,
          coalesce((select min(m.article_published_at) from article_entities m
            where m.entity_id = x.id and m.article_status in ('PUBLISHED', 'SCHEDULED') and m.article_published_at > now()), 'infinity') as until
        from entities x where x.id = any(${ids}::int[]) offset 0) v
      where e.id = v.id`.execute(trx);
    return due.length;
  });
}

/** Refreshes until nothing is left to do (or another instance is at it); returns how many entities. */
export async function refreshAllPublicEntities(db: Db, batch = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await refreshPublicEntities(db, batch);
    total += done;
    if (done < batch) return total;
  }
}

/** What editorial writes see: every entity. */
export const EVERY_ENTITY: Visibility = { includeHidden: true };

/** Whether this viewer may see the entity `e`. */
export const entityShownSql = (e: string, visibility: Visibility) =>
  visibility.includeHidden ? 'true' : publicEntitySql(e);

/**
 * The id of the entity a slug (a fragment) names, for this viewer, the first of:
 *
 * - the entity holding the slug, when the viewer sees that slug (publicSlugSql): for the public,
 *   a slug made from a name only hidden articles used does not exist, nor does the slug of an
 *   entity only hidden articles mention;
 * - the entity a derived slug (`quillfeather-e42`) names: the id after `-e`, when the rest is made
 *   from a form of that entity the viewer may see (its name or an alias). So the slug the public saw
 *   while the name was hidden keeps resolving once the name is public (the form is still an alias
 *   visible articles used), and a guess at the hidden name (`moira-quillfeather-e42`) does not;
 * - the entity the slug redirects to (an old slug of a rename or merge), when the viewer sees it
 *   and, for the public, the name the old slug was made from is a form the public sees of it.
 *
 * Null when none is there.
 */
export const entityIdBySlugSql = (slug: RawBuilder<unknown>, visibility: Visibility) =>
  sql`coalesce(
    (select sh.id from entities sh where sh.slug = ${slug} and ${sql.raw(visibility.includeHidden ? 'true' : namePublicSql('sh'))}),
    (select sd.id from entities sd where sd.id = substring(${slug} from '(?:^|-)e([0-9]{1,18})$')::bigint
      and ${sql.raw(entityShownSql('sd', visibility))}
      and ${slug} = any(array(select ${sql.raw(formSlugSql('sf.form', 'sd.id'))}
        from unnest(array[${sql.raw(nameSql('sd', visibility))}] || ${sql.raw(aliasesSql('sd', visibility))}) sf(form)))),
    (select sr.entity_id from entity_slug_redirects sr join entities st on st.id = sr.entity_id
      where sr.slug = ${slug} and ${sql.raw(entityShownSql('st', visibility))}
        and ${sql.raw(visibility.includeHidden ? 'true' : `(sr.form is null or sr.form = any(array[${publicNameSql('st')}] || ${publicAliasesSql('st')}))`)}))`;

/** The columns of an EntityRow, with the aliases this viewer may see. */
function entityColumns(visibility: Visibility) {
  return [
    'entities.id',
    sql<string>`${sql.raw(slugSql('entities', visibility))}`.as('slug'),
    sql<string>`${sql.raw(nameSql('entities', visibility))}`.as('name'),
    'entities.kind',
    sql<string[]>`${sql.raw(aliasesSql('entities', visibility))}`.as('aliases'),
    'entities.createdAt',
    'entities.updatedAt',
  ] as const;
}

const shown = (visibility: Visibility) => sql<boolean>`${sql.raw(entityShownSql('entities', visibility))}`;

export async function findEntitiesByIds(db: Db, ids: readonly number[], visibility: Visibility): Promise<EntityRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('entities')
    .select(entityColumns(visibility))
    .where('entities.id', '=', sql<number>`any(${[...ids]}::int[])`)
    .$if(!visibility.includeHidden, (q) => q.where(shown(visibility)))
    .execute();
}

/** Entities by slug (entityIdBySlugSql); `requestedSlug` is the slug asked for. */
export async function findEntitiesBySlugs(
  db: Db,
  slugs: readonly string[],
  visibility: Visibility,
): Promise<(EntityRow & { requestedSlug: string })[]> {
  if (slugs.length === 0) return [];
  return db
    .selectFrom(sql<{ slug: string }>`unnest(${[...slugs]}::text[])`.as<'requested'>(sql`requested(slug)`))
    .innerJoin('entities', (join) =>
      join.on('entities.id', '=', sql<number>`${entityIdBySlugSql(sql.raw('requested.slug'), visibility)}`),
    )
    .select([...entityColumns(visibility), 'requested.slug as requestedSlug'])
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

/**
 * The entities this viewer sees, as a table of EntityRow columns aliased `entities`, for lists in
 * the order of the name the viewer sees. For the public: the entities whose kept answer holds,
 * through the indexes on the public name, and the few others (right after a write, or a scheduled
 * mention come due) worked out live; PostgreSQL merges the two in order, so a page reads a page of
 * index entries, not every entity.
 */
export function visibleEntityRows(visibility: Visibility) {
  if (visibility.includeHidden) return sql<EntityRow>`entities`;
  return sql<EntityRow>`(
    select e.id, e.public_slug as slug, e.public_name as name, e.kind, e.public_aliases as aliases, e.created_at, e.updated_at
      from entities e where e.public_shown and ${sql.raw(heldSql('e'))}
    union all
    select e.id, (l.answer).slug, (l.answer).name, e.kind, (l.answer).aliases, e.created_at, e.updated_at
      from entities e cross join lateral (select entity_public_live(e) as answer offset 0) l
      where (e.public_until <= now() or e.id in (select ps.entity_id from entity_public_stale ps)) and (l.answer).shown
  )`;
}

const visibleEntities = (visibility: Visibility) => visibleEntityRows(visibility).as('entities');

/** The LIKE pattern of `nameStartsWith`: a case-insensitive prefix, its wildcards taken literally. */
export const entityNamePattern = (prefix: string) => `${escapeLike(prefix.toLowerCase())}%`;

/** The conditions of an entity list over the visible row `v` (visibleEntityRows), each for a pattern or kind as a fragment. */
export const entityFilterSql = {
  kind: (v: RawBuilder<unknown>, kind: RawBuilder<unknown>) => sql<boolean>`${v}.kind::text = ${kind}`,
  nameLike: (v: RawBuilder<unknown>, pattern: RawBuilder<unknown>) => sql<boolean>`lower(${v}.name) like ${pattern}`,
  /** The keyset rule of entity pages (by visible name, then id): rows past the position. */
  past: (v: RawBuilder<unknown>, name: RawBuilder<unknown>, id: RawBuilder<unknown>) =>
    sql<boolean>`(${v}.name, ${v}.id) > (${name}, ${id})`,
};

const ENTITIES = sql.raw('entities');

export async function listEntities(db: Db, query: EntityPageQuery, visibility: Visibility): Promise<EntityRow[]> {
  const { after, kind, nameStartsWith } = query;
  return db
    .selectFrom(visibleEntities(visibility))
    .select([
      'entities.id',
      'entities.slug',
      'entities.name',
      'entities.kind',
      'entities.aliases',
      'entities.createdAt',
      'entities.updatedAt',
    ])
    .$if(kind !== undefined, (q) => q.where(entityFilterSql.kind(ENTITIES, sql`${kind}::text`)))
    .$if(nameStartsWith !== undefined, (q) =>
      q.where(entityFilterSql.nameLike(ENTITIES, sql`${entityNamePattern(nameStartsWith!)}::text`)),
    )
    .$if(after !== undefined, (q) =>
      q.where(entityFilterSql.past(ENTITIES, sql`${after!.name}::text`, sql`${after!.id}::int`)),
    )
    .orderBy('entities.name')
    .orderBy('entities.id')
    .limit(query.limit)
    .execute();
}

export async function countEntities(
  db: Db,
  query: Omit<EntityPageQuery, 'after' | 'limit'>,
  visibility: Visibility,
): Promise<number> {
  const { kind, nameStartsWith } = query;
  const row = await db
    .selectFrom(visibleEntities(visibility))
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .$if(kind !== undefined, (q) => q.where(entityFilterSql.kind(ENTITIES, sql`${kind}::text`)))
    .$if(nameStartsWith !== undefined, (q) =>
      q.where(entityFilterSql.nameLike(ENTITIES, sql`${entityNamePattern(nameStartsWith!)}::text`)),
    )
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The order of an article's mentions: most salient, then most mentioned, then name (then id: two entities of one name). */
export const mentionOrderSql = (mention: string, entity: string) =>
  sql.raw(`${mention}.salience desc, ${mention}.mention_count desc, ${entity}.name, ${entity}.id`);

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
export async function countVisibleArticlesByEntityIds(
  db: Db,
  entityIds: readonly number[],
): Promise<Map<number, number>> {
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

/** The slug and name the public sees of each of these entities that the public sees at all. */
export async function findPublicNames(
  db: Db,
  ids: readonly number[],
): Promise<Map<number, { slug: string; name: string }>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ id: number; slug: string; name: string }>`
    select e.id, ${sql.raw(publicSlugSql('e'))} as slug, ${sql.raw(publicNameSql('e'))} as name
    from entities e where e.id = any(${[...ids]}::int[]) and ${sql.raw(publicEntitySql('e'))}`.execute(db);
  return new Map(rows.map((row) => [row.id, { slug: row.slug, name: row.name }]));
}
