import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { SectionRow } from '../tables.js';

const sectionColumns = ['sections.id', 'sections.slug', 'sections.name', 'sections.description', 'sections.createdAt'] as const;

export async function findSectionsByIds(db: Db, ids: readonly number[]): Promise<SectionRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('sections').select(sectionColumns).where('sections.id', '=', sql<number>`any(${[...ids]}::int[])`).execute();
}

export async function findSectionsBySlugs(db: Db, slugs: readonly string[]): Promise<SectionRow[]> {
  if (slugs.length === 0) return [];
  return db.selectFrom('sections').select(sectionColumns).where('sections.slug', '=', sql<string>`any(${[...slugs]}::text[])`).execute();
}

export async function listSections(db: Db): Promise<SectionRow[]> {
  return db.selectFrom('sections').select(sectionColumns).orderBy('sections.name').orderBy('sections.id').execute();
}

/** Finds or creates a section by slug; an existing section keeps its name. */
export async function upsertSection(db: Db, slug: string, name: string): Promise<SectionRow> {
  await db.insertInto('sections').values({ slug, name }).onConflict((oc) => oc.column('slug').doNothing()).execute();
  return db.selectFrom('sections').select(sectionColumns).where('sections.slug', '=', slug).executeTakeFirstOrThrow();
}
