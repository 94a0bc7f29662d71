import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../database.js';
import type { SectionRow } from '../tables.js';
import { type Visibility, visibleSql } from './articles.js';

// sections and section_slug_redirects: reads, the public rule, an editor's writes.

const sectionColumns = [
  'sections.id',
  'sections.slug',
  'sections.name',
  'sections.description',
  'sections.createdAt',
  'sections.parentId',
  'sections.position',
  'sections.version',
] as const;

/**
 * A section is public when a visible article is in it or in one of its subsections: one that only
 * drafts, embargoed, archived or imported unpublished articles are in does not exist for the public
 * (its name would announce them). Read at read time, so a scheduled article brings its section in
 * when its time comes. Editors with read:drafts see every section; writes look sections up with
 * EVERY_SECTION.
 */
export const publicSectionSql = (s: string) =>
  `exists (select 1 from articles ps where ps.section_id in (select pt.id from sections pt where pt.id = ${s}.id or pt.parent_id = ${s}.id) and ${visibleSql('ps')})`;

/** The section and its subsections' ids, as SQL over the section id `s` (a front lists both). */
export const sectionTreeSql = (id: string) =>
  `(select st.id from sections st where st.id = ${id} or st.parent_id = ${id})`;

/** The section a slug names now, or that it named before a rename, as a scalar subquery. */
export const sectionIdBySlugSql = (slug: RawBuilder<unknown> | string) =>
  sql`coalesce((select sl.id from sections sl where sl.slug = ${slug}), (select sr.section_id from section_slug_redirects sr where sr.slug = ${slug}))`;

/** What editorial writes see: every section, whatever is in it. */
export const EVERY_SECTION: Visibility = { includeHidden: true };

const shown = sql<boolean>`${sql.raw(publicSectionSql('sections'))}`;

export async function findSectionsByIds(db: Db, ids: readonly number[], visibility: Visibility): Promise<SectionRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('sections')
    .select(sectionColumns)
    .where('sections.id', '=', sql<number>`any(${[...ids]}::int[])`)
    .$if(!visibility.includeHidden, (q) => q.where(shown))
    .execute();
}

/** Sections by slug, current or former (a renamed section's old slug resolves to it): each row with the slug asked for. */
export async function findSectionsBySlugs(
  db: Db,
  slugs: readonly string[],
  visibility: Visibility,
): Promise<(SectionRow & { requestedSlug: string })[]> {
  if (slugs.length === 0) return [];
  return db
    .selectFrom(sql<{ slug: string }>`unnest(${[...slugs]}::text[])`.as<'requested'>(sql`requested(slug)`))
    .innerJoin('sections', (join) =>
      join.on('sections.id', '=', sql<number>`${sectionIdBySlugSql(sql.raw('requested.slug'))}`),
    )
    .select([...sectionColumns, 'requested.slug as requestedSlug'])
    .$if(!visibility.includeHidden, (q) => q.where(shown))
    .execute();
}

/**
 * All sections in navigation order: top-level sections by position then name, each followed by
 * its subsections by position then name.
 */
export async function listSections(db: Db, visibility: Visibility): Promise<SectionRow[]> {
  return db
    .selectFrom('sections')
    .leftJoin('sections as up', 'up.id', 'sections.parentId')
    .select(sectionColumns)
    .$if(!visibility.includeHidden, (q) => q.where(shown))
    .orderBy(sql`coalesce(up.position, sections.position)`)
    .orderBy(sql`coalesce(up.name, sections.name)`)
    .orderBy(sql`coalesce(up.id, sections.id)`)
    .orderBy(sql`sections.parent_id is not null`)
    .orderBy('sections.position')
    .orderBy('sections.name')
    .orderBy('sections.id')
    .execute();
}

/** The subsections of many sections, by position then name. */
export async function findSubsections(
  db: Db,
  parentIds: readonly number[],
  visibility: Visibility,
): Promise<SectionRow[]> {
  if (parentIds.length === 0) return [];
  return db
    .selectFrom('sections')
    .select(sectionColumns)
    .where('sections.parentId', '=', sql<number>`any(${[...parentIds]}::int[])`)
    .$if(!visibility.includeHidden, (q) => q.where(shown))
    .orderBy('sections.position')
    .orderBy('sections.name')
    .orderBy('sections.id')
    .execute();
}

/** Finds or creates a section by slug (current or former); an existing section keeps its name. */
export async function upsertSection(db: Db, slug: string, name: string): Promise<SectionRow> {
  const [existing] = await findSectionsBySlugs(db, [slug], EVERY_SECTION);
  if (existing) {
    const { requestedSlug: _, ...row } = existing;
    return row;
  }
  await db
    .insertInto('sections')
    .values({ slug, name })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  return db.selectFrom('sections').select(sectionColumns).where('sections.slug', '=', slug).executeTakeFirstOrThrow();
}

export async function lockSection(db: Db, id: number): Promise<SectionRow | undefined> {
  return db.selectFrom('sections').select(sectionColumns).where('sections.id', '=', id).forUpdate().executeTakeFirst();
}

/** Whether a slug is a section's, now or before a rename (a former slug stays reserved for its redirect). */
export async function isSectionSlugTaken(db: Db, slug: string, exceptId?: number): Promise<boolean> {
  const row = await db
    .selectFrom(sql`(select 1)`.as('one'))
    .select(sql<number | null>`${sectionIdBySlugSql(slug)}`.as('id'))
    .executeTakeFirst();
  return row?.id != null && row.id !== exceptId;
}

export async function hasSubsections(db: Db, id: number): Promise<boolean> {
  return (
    (await db.selectFrom('sections').select('sections.id').where('sections.parentId', '=', id).executeTakeFirst()) !==
    undefined
  );
}

export interface SectionValues {
  slug?: string;
  name?: string;
  description?: string | null;
  parentId?: number | null;
  position?: number;
}

export async function insertSection(
  db: Db,
  values: Required<Pick<SectionValues, 'slug' | 'name'>> & SectionValues,
): Promise<SectionRow> {
  return db.insertInto('sections').values(values).returning(sectionColumns).executeTakeFirstOrThrow();
}

/** Applies a change, raising the version; a changed slug leaves a redirect from the old one. */
export async function updateSection(db: Db, before: SectionRow, values: SectionValues): Promise<SectionRow> {
  if (values.slug !== undefined && values.slug !== before.slug) {
    // The new slug may be one the section had before: it is its own again, not a redirect.
    await db.deleteFrom('sectionSlugRedirects').where('sectionSlugRedirects.slug', '=', values.slug).execute();
    await db.insertInto('sectionSlugRedirects').values({ slug: before.slug, sectionId: before.id }).execute();
  }
  return db
    .updateTable('sections')
    .set({ ...values, version: sql`version + 1`, updatedAt: sql`now()` })
    .where('sections.id', '=', before.id)
    .returning(sectionColumns)
    .executeTakeFirstOrThrow();
}

/** Moves the subsections of `fromId` under `toId`, each at its next version; returns how many. */
export async function moveSubsections(db: Db, fromId: number, toId: number): Promise<number> {
  const moved = await db
    .updateTable('sections')
    .set({ parentId: toId, version: sql`version + 1`, updatedAt: sql`now()` })
    .where('sections.parentId', '=', fromId)
    .returning('sections.id')
    .execute();
  return moved.length;
}

/** Deletes a section; its former slugs go with it (on delete cascade), so they stop resolving. */
export async function deleteSectionById(db: Db, id: number): Promise<void> {
  await db.deleteFrom('sections').where('sections.id', '=', id).execute();
}
