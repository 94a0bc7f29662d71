import { type RawBuilder, sql } from 'kysely';
import { DEFAULT_ENTITY_REFRESH_BATCH } from '../../config.js';
import type { Db } from '../database.js';
import type { EntityKind, EntityRow } from '../tables.js';
import type { Visibility } from './articles.js';

// entities and entity_slug_redirects (with entity_public_stale, the queue that keeps the public
// view current): the public rule below, the loaders' and the list's reads, and the writes (find or
// create, aliases, an editor's renames and merges). Mention rows are in article-entities.ts.

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
 *
 * The queue is empty most of the time (the refresh empties it), so the statement asks once whether
 * it holds any row at all (an uncorrelated EXISTS: one InitPlan, run once per statement, stopping at
 * the queue's first row) and probes it per entity only when it does. A list of 50 articles otherwise
 * probes it for each of its ~250 mentions. An EXISTS, not `min(entity_id) is null`: the aggregate
 * was an Aggregate node in every copy of the guard, which PostgreSQL sets up on every execution of
 * a cached plan whether the guard runs or not.
 */
const heldSql = (e: string) =>
  `(${e}.public_until > now() and (not exists (select from entity_public_stale pq)
    or not exists (select 1 from entity_public_stale ps where ps.entity_id = ${e}.id)))`;

/**
 * The fields of entity_public_answer, each with the column that keeps it on the entity row
 * (refreshPublicEntities writes them) and what editors, who see every entity as it is, read instead.
 */
const PUBLIC_FIELDS = {
  shown: { kept: 'public_shown', own: () => 'true' },
  name: { kept: 'public_name', own: (e: string) => `${e}.name` },
  slug: { kept: 'public_slug', own: (e: string) => `${e}.slug` },
  aliases: { kept: 'public_aliases', own: (e: string) => `${e}.aliases` },
  name_public: { kept: 'name_public', own: () => 'true' },
} as const;

/** A field of what the public sees of an entity (entity_public_answer). */
export type PublicField = keyof typeof PUBLIC_FIELDS;

/** The live answer's `field` for `e`: entity_public_live(entities) returns entity_public_answer. */
const liveAnswerSql = (e: string, field: PublicField) => `(entity_public_live(${e})).${field}`;

/** The kept `field` of `e` when `held` (the guard, heldSql), else the live answer's. */
const keptOrLive = (e: string, field: PublicField, held = heldSql(e)) =>
  `(case when ${held} then ${e}.${PUBLIC_FIELDS[field].kept} else ${liveAnswerSql(e, field)} end)`;

/**
 * The guard of the entity row `e` worked out once for the row: a LATERAL FROM item with one column,
 * `held` (heldSql). A statement that reads one entity and several of its public fields (the entity
 * page: whether it is shown, its name and aliases; each candidate of a slug lookup: the name, aliases
 * and whether it is shown) joins it and its fields read `held` (entitySeenSql with the view), where
 * each field would otherwise carry its own copy of the guard: two subqueries, an InitPlan and a
 * SubPlan that PostgreSQL sets up on every execution of the cached plan (13 copies on the entity
 * page). `offset 0` keeps PostgreSQL from pulling it up, which would copy the guard into every
 * reference again. Not for lists (a page of mentions or of entities): there the guard's copies are
 * set up once per statement, and the join would cost a subquery scan per row.
 */
const publicViewSql = (e: string) => `lateral (select ${heldSql(e)} as held offset 0)`;

/** `cross join` the public view of `e` under the alias `view`, for the public; nothing for editors. */
export const publicViewJoinSql = (e: string, view: string, visibility: Visibility) =>
  visibility.includeHidden ? '' : `cross join ${publicViewSql(e)} ${view}`;

/**
 * The `field` of the entity `e` as this viewer sees it: editors its own columns; the public the kept
 * column or the live answer, by the guard of the view `view` when the statement joined one to `e`
 * (publicViewJoinSql), else by the guard worked out in place.
 */
export const entitySeenSql = (e: string, field: PublicField, visibility: Visibility, view?: string) =>
  visibility.includeHidden
    ? PUBLIC_FIELDS[field].own(e)
    : keptOrLive(e, field, view === undefined ? heldSql(e) : `${view}.held`);

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
export const publicEntitySql = (e: string) => keptOrLive(e, 'shown');

/** Whether the public may know `e` by its own name and slug. */
export const namePublicSql = (e: string) => keptOrLive(e, 'name_public');

/** The name of `e` the public sees. */
export const publicNameSql = (e: string) => keptOrLive(e, 'name');

/** The slug of `e` the public sees. */
export const publicSlugSql = (e: string) => keptOrLive(e, 'slug');

/** The aliases of `e` the public sees. */
export const publicAliasesSql = (e: string) => keptOrLive(e, 'aliases');

/** The name of `e` this viewer sees. */
export const nameSql = (e: string, visibility: Visibility) => entitySeenSql(e, 'name', visibility);

/** The slug of `e` this viewer sees. */
export const slugSql = (e: string, visibility: Visibility) => entitySeenSql(e, 'slug', visibility);

/** The aliases of `e` this viewer may see. */
export const aliasesSql = (e: string, visibility: Visibility) => entitySeenSql(e, 'aliases', visibility);

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
export async function refreshPublicEntities(db: Db, batch = DEFAULT_ENTITY_REFRESH_BATCH): Promise<number> {
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
export async function refreshAllPublicEntities(db: Db, batch = DEFAULT_ENTITY_REFRESH_BATCH): Promise<number> {
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
export const entityShownSql = (e: string, visibility: Visibility) => entitySeenSql(e, 'shown', visibility);

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
export const entityIdBySlugSql = (slug: RawBuilder<unknown>, visibility: Visibility) => {
  // Each candidate's public view is joined once (publicViewSql) and its fields read from it.
  const join = (e: string) => sql.raw(publicViewJoinSql(e, `${e}v`, visibility));
  const seen = (e: string, field: PublicField) => sql.raw(entitySeenSql(e, field, visibility, `${e}v`));
  return sql`coalesce(
    (select sh.id from entities sh ${join('sh')} where sh.slug = ${slug} and ${seen('sh', 'name_public')}),
    (select sd.id from entities sd ${join('sd')} where sd.id = substring(${slug} from '(?:^|-)e([0-9]{1,18})$')::bigint
      and ${seen('sd', 'shown')}
      and ${slug} = any(array(select ${sql.raw(formSlugSql('sf.form', 'sd.id'))}
        from unnest(array[${seen('sd', 'name')}] || ${seen('sd', 'aliases')}) sf(form)))),
    (select sr.entity_id from entity_slug_redirects sr join entities st on st.id = sr.entity_id ${join('st')}
      where sr.slug = ${slug} and ${seen('st', 'shown')}
        and ${visibility.includeHidden ? sql`true` : sql`(sr.form is null or sr.form = any(array[${seen('st', 'name')}] || ${seen('st', 'aliases')}))`}))`;
};

/** The columns of an EntityRow, with the aliases this viewer may see. */
export function entityColumns(visibility: Visibility) {
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

// Writes and what they check first: which entities a viewer may address, locks, an editor's renames
// and merges, the importer's and extraction's find-or-create.

/**
 * Of these entities, the ids a viewer may address in a write: every one with `read:drafts`;
 * otherwise those it may read (a visible article mentions them) and those an article the token
 * created mentions (a token keeps its own drafts, and what they mention).
 */
export async function writableEntityIds(
  db: Db,
  ids: readonly number[],
  visibility: Visibility,
  tokenId: number | undefined,
): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  if (visibility.includeHidden) return new Set(ids);
  const ownDrafts =
    tokenId === undefined
      ? sql`false`
      : sql`exists (select 1 from article_entities oe join article_revisions orv on orv.article_id = oe.article_id
          where oe.entity_id = entities.id and orv.action = 'CREATE' and orv.actor_token_id = ${tokenId})`;
  const rows = await db
    .selectFrom('entities')
    .select('entities.id')
    .where('entities.id', '=', sql<number>`any(${[...ids]}::int[])`)
    .where(sql<boolean>`(${sql.raw(publicEntitySql('entities'))} or ${ownDrafts})`)
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** An entity as a write's payload shows it: with the slug, name and aliases this viewer may read. */
export async function entityAsSeen(db: Db, row: EntityRow, visibility: Visibility): Promise<EntityRow> {
  if (visibility.includeHidden) return row;
  const seen = await db
    .selectFrom('entities')
    .select([
      sql<string>`${sql.raw(slugSql('entities', visibility))}`.as('slug'),
      sql<string>`${sql.raw(nameSql('entities', visibility))}`.as('name'),
      sql<string[]>`${sql.raw(aliasesSql('entities', visibility))}`.as('aliases'),
    ])
    .where('entities.id', '=', row.id)
    .executeTakeFirst();
  return seen ? { ...row, ...seen } : { ...row, aliases: [] };
}

export async function lockEntities(db: Db, ids: readonly number[]): Promise<EntityRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('entities')
    .selectAll()
    .where('entities.id', '=', sql<number>`any(${[...ids]}::int[])`)
    .orderBy('entities.id')
    .forUpdate()
    .execute();
}

/** True when the slug names an entity or redirects to one other than `exceptId`. */
export async function isEntitySlugTaken(db: Db, slug: string, exceptId: number): Promise<boolean> {
  const { rows } = await sql<{ one: number }>`
    select 1 as one from entities where slug = ${slug} and id <> ${exceptId}
    union all
    select 1 from entity_slug_redirects where slug = ${slug} and entity_id <> ${exceptId}
    limit 1`.execute(db);
  return rows.length > 0;
}

export async function updateEntity(
  db: Db,
  id: number,
  values: { name: string; slug: string; aliases: string[] },
): Promise<EntityRow> {
  return db
    .updateTable('entities')
    .set({ ...values, updatedAt: sql`now()` })
    .where('entities.id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Old slugs keep resolving to `entityId`, each with the name it was made from (the public follows
 * it only when it sees that name: entityIdBySlugSql); a redirect that pointed at a merged entity is
 * moved too.
 */
export async function redirectEntitySlugs(
  db: Db,
  redirects: { slug: string; form: string }[],
  entityId: number,
): Promise<void> {
  if (redirects.length === 0) return;
  await db
    .insertInto('entitySlugRedirects')
    .values(redirects.map(({ slug, form }) => ({ slug, form, entityId })))
    .onConflict((oc) => oc.column('slug').doUpdateSet((eb) => ({ entityId, form: eb.ref('excluded.form') })))
    .execute();
  // A slug an entity holds itself is never also a redirect.
  await db
    .deleteFrom('entitySlugRedirects')
    .where('entitySlugRedirects.slug', 'in', db.selectFrom('entities').select('entities.slug'))
    .execute();
}

/**
 * Moves every mention of the `from` entities to `into`, then their redirects, then deletes them.
 * Where both were mentioned in one article the counts add up, the higher salience and earlier
 * offset win, and an editorial mention stays editorial. A moved mention keeps the forms its article
 * used and adds the merged entity's name, the form it was known by there (what makes an alias
 * public: src/db/queries/entities.ts), when the public knew it by that name: a full name only hidden
 * articles used does not become public by a merge. Returns the ids of the articles touched.
 */
export async function moveEntityMentions(db: Db, fromIds: number[], intoId: number): Promise<number[]> {
  const { rows } = await sql<{ articleId: number }>`
    with moved as (
      delete from article_entities where entity_id = any(${fromIds}::int[])
      returning article_id, entity_id, mention_count, first_offset, salience, source, aliases
    ), forms as (
      select m.article_id, array_agg(distinct f.form order by f.form) as aliases
      from moved m join entities fe on fe.id = m.entity_id
        cross join lateral unnest(m.aliases || case when ${sql.raw(namePublicSql('fe'))} then array[fe.name] else array[]::text[] end) f(form)
      group by m.article_id
    ), merged as (
      insert into article_entities (article_id, entity_id, mention_count, first_offset, salience, source, aliases)
      select moved.article_id, ${intoId}::int, sum(mention_count)::int, min(first_offset), max(salience),
        (case when bool_or(source = 'EDITORIAL') then 'EDITORIAL'
              when bool_or(source = 'IMPORTED') then 'IMPORTED' else 'EXTRACTED' end)::mention_source,
        min(forms.aliases)
      from moved join forms on forms.article_id = moved.article_id group by moved.article_id
      on conflict (article_id, entity_id) do update set
        aliases = array(select distinct f from unnest(article_entities.aliases || excluded.aliases) f order by f),
        mention_count = article_entities.mention_count + excluded.mention_count,
        first_offset = least(article_entities.first_offset, excluded.first_offset),
        salience = greatest(article_entities.salience, excluded.salience),
        source = case when 'EDITORIAL' in (article_entities.source, excluded.source) then 'EDITORIAL'::mention_source
                      when 'IMPORTED' in (article_entities.source, excluded.source) then 'IMPORTED'::mention_source
                      else 'EXTRACTED'::mention_source end
      returning article_id
    )
    select distinct article_id from merged`.execute(db);
  await db
    .updateTable('entitySlugRedirects')
    .set({ entityId: intoId })
    .where('entitySlugRedirects.entityId', 'in', fromIds)
    .execute();
  await db.deleteFrom('entities').where('entities.id', 'in', fromIds).execute();
  return rows.map((r) => r.articleId);
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

export interface EntityCandidate {
  slug: string;
  name: string;
  kind: EntityKind;
}

/**
 * The canonical entity for each candidate, in two statements at most plus one insert: by slug
 * (following merge redirects), else by an alias of the same kind, else a new entity.
 */
export async function resolveEntities(db: Db, candidates: readonly EntityCandidate[]): Promise<Map<string, EntityRow>> {
  const resolved = new Map<string, EntityRow>();
  if (candidates.length === 0) return resolved;
  const slugs = candidates.map((c) => c.slug);
  const names = candidates.map((c) => c.name);
  const { rows } = await sql<EntityRow & { matchedSlug: string | null }>`
    select e.*, coalesce(r.slug, e.slug) as matched_slug
    from entities e left join entity_slug_redirects r on r.entity_id = e.id and r.slug = any(${slugs}::text[])
    where e.slug = any(${slugs}::text[]) or r.slug is not null or e.aliases && ${names}::text[]`.execute(db);
  const bySlug = new Map(rows.filter((r) => slugs.includes(r.matchedSlug ?? '')).map((r) => [r.matchedSlug!, r]));
  const missing: EntityCandidate[] = [];
  for (const candidate of candidates) {
    const match =
      bySlug.get(candidate.slug) ??
      rows
        .filter((r) => r.kind === candidate.kind && r.aliases.includes(candidate.name))
        .sort((a, b) => a.id - b.id)[0];
    if (match) resolved.set(candidate.slug, match);
    else missing.push(candidate);
  }
  if (missing.length > 0) {
    const unique = [...new Map(missing.map((c) => [c.slug, c])).values()];
    await db
      .insertInto('entities')
      .values(unique.map(({ slug, name, kind }) => ({ slug, name, kind })))
      .onConflict((oc) => oc.column('slug').doNothing())
      .execute();
    const created = await db
      .selectFrom('entities')
      .selectAll()
      .where(
        'slug',
        'in',
        unique.map((c) => c.slug),
      )
      .execute();
    const createdBySlug = new Map(created.map((e) => [e.slug, e]));
    for (const candidate of missing) {
      const entity = createdBySlug.get(candidate.slug);
      if (entity) resolved.set(candidate.slug, entity);
    }
  }
  return resolved;
}
