import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { EntityKind, EntityRow } from '../tables.js';

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
