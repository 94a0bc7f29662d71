import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { SectionRow } from '../tables.js';
import { type Visibility, visibleSql } from './articles.js';

const sectionColumns = ['sections.id', 'sections.slug', 'sections.name', 'sections.description', 'sections.createdAt'] as const;

/**
 * A section is public when a visible article is in it: one that only drafts, embargoed, archived
 * or imported unpublished articles are in does not exist for the public (its name would announce
 * them). Read at read time, so a scheduled article brings its section in when its time comes.
 * Editors with read:drafts see every section; writes look sections up with EVERY_SECTION.
 */
export const publicSectionSql = (s: string) =>
  `exists (select 1 from articles ps where ps.section_id = ${s}.id and ${visibleSql('ps')})`;

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

export async function findSectionsBySlugs(db: Db, slugs: readonly string[], visibility: Visibility): Promise<SectionRow[]> {
  if (slugs.length === 0) return [];
  return db
    .selectFrom('sections')
    .select(sectionColumns)
    .where('sections.slug', '=', sql<string>`any(${[...slugs]}::text[])`)
    .$if(!visibility.includeHidden, (q) => q.where(shown))
    .execute();
}

export async function listSections(db: Db, visibility: Visibility): Promise<SectionRow[]> {
  return db
    .selectFrom('sections')
    .select(sectionColumns)
    .$if(!visibility.includeHidden, (q) => q.where(shown))
    .orderBy('sections.name')
    .orderBy('sections.id')
    .execute();
}

/** Finds or creates a section by slug; an existing section keeps its name. */
export async function upsertSection(db: Db, slug: string, name: string): Promise<SectionRow> {
  await db.insertInto('sections').values({ slug, name }).onConflict((oc) => oc.column('slug').doNothing()).execute();
  return db.selectFrom('sections').select(sectionColumns).where('sections.slug', '=', slug).executeTakeFirstOrThrow();
}
