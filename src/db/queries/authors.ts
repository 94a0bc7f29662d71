import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { AuthorRow, BylineRow } from '../tables.js';

// Authors and the ordered bylines of articles (migration 20261203400000). Authors are editorial
// records, public as they are; the articles listed under one follow the articles' own rule.

const authorColumns = [
  'authors.id',
  'authors.slug',
  'authors.name',
  'authors.bio',
  'authors.role',
  'authors.links',
  'authors.version',
  'authors.createdAt',
  'authors.updatedAt',
] as const;

export async function findAuthorsByIds(db: Db, ids: readonly number[]): Promise<AuthorRow[]> {
  if (ids.length === 0) return [];
  return db.selectFrom('authors').select(authorColumns).where('authors.id', '=', sql<number>`any(${[...ids]}::int[])`).execute();
}

export async function findAuthorsBySlugs(db: Db, slugs: readonly string[]): Promise<AuthorRow[]> {
  if (slugs.length === 0) return [];
  return db.selectFrom('authors').select(authorColumns).where('authors.slug', '=', sql<string>`any(${[...slugs]}::text[])`).execute();
}

/** The bylines of many articles, each article's in order. */
export async function findBylinesByArticleIds(db: Db, articleIds: readonly number[]): Promise<BylineRow[]> {
  if (articleIds.length === 0) return [];
  return db
    .selectFrom('articleBylines')
    .selectAll()
    .where('articleBylines.articleId', '=', sql<number>`any(${[...articleIds]}::int[])`)
    .orderBy('articleBylines.articleId')
    .orderBy('articleBylines.position')
    .execute();
}

export async function lockAuthor(db: Db, id: number): Promise<AuthorRow | undefined> {
  return db.selectFrom('authors').select(authorColumns).where('authors.id', '=', id).forUpdate().executeTakeFirst();
}

/** Locks authors by id (in id order, so that two writes cannot deadlock); missing ids are left out. */
export async function lockAuthors(db: Db, ids: readonly number[]): Promise<AuthorRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('authors')
    .select(authorColumns)
    .where('authors.id', '=', sql<number>`any(${[...ids]}::int[])`)
    .orderBy('authors.id')
    .forShare()
    .execute();
}

export async function isAuthorSlugTaken(db: Db, slug: string, exceptId?: number): Promise<boolean> {
  const row = await db
    .selectFrom('authors')
    .select('authors.id')
    .where('authors.slug', '=', slug)
    .$if(exceptId !== undefined, (q) => q.where('authors.id', '<>', exceptId!))
    .executeTakeFirst();
  return row !== undefined;
}

export interface AuthorValues {
  slug?: string;
  name?: string;
  bio?: string | null;
  role?: string | null;
  links?: string[];
}

export async function insertAuthor(db: Db, values: Required<Pick<AuthorValues, 'slug' | 'name'>> & AuthorValues): Promise<AuthorRow> {
  return db.insertInto('authors').values(values).returning(authorColumns).executeTakeFirstOrThrow();
}

export async function updateAuthor(db: Db, id: number, values: AuthorValues): Promise<AuthorRow> {
  return db
    .updateTable('authors')
    .set({ ...values, version: sql`version + 1`, updatedAt: sql`now()` })
    .where('authors.id', '=', id)
    .returning(authorColumns)
    .executeTakeFirstOrThrow();
}

/** How many articles carry the author in their byline (whatever their status). */
export async function countBylinesOfAuthor(db: Db, authorId: number): Promise<number> {
  const row = await db
    .selectFrom('articleBylines')
    .select(sql<number>`count(*)::int`.as('count'))
    .where('articleBylines.authorId', '=', authorId)
    .executeTakeFirstOrThrow();
  return row.count;
}

export async function deleteAuthorById(db: Db, id: number): Promise<void> {
  await db.deleteFrom('authors').where('authors.id', '=', id).execute();
}

/** An author by the slug of a name, created with that name when none has the slug (the importer's). */
export async function upsertAuthor(db: Db, slug: string, name: string): Promise<AuthorRow> {
  await db.insertInto('authors').values({ slug, name }).onConflict((oc) => oc.column('slug').doNothing()).execute();
  return db.selectFrom('authors').select(authorColumns).where('authors.slug', '=', slug).executeTakeFirstOrThrow();
}

export type BylineValues = Pick<BylineRow, 'authorId' | 'credit'>;

/** Replaces an article's byline; true when it changed. */
export async function replaceBylines(db: Db, articleId: number, bylines: readonly BylineValues[]): Promise<boolean> {
  const before = await findBylinesByArticleIds(db, [articleId]);
  const same =
    before.length === bylines.length && before.every((row, i) => row.authorId === bylines[i]!.authorId && row.credit === bylines[i]!.credit);
  if (same) return false;
  await db.deleteFrom('articleBylines').where('articleBylines.articleId', '=', articleId).execute();
  if (bylines.length > 0) {
    await db
      .insertInto('articleBylines')
      .values(bylines.map((byline, position) => ({ articleId, position, authorId: byline.authorId, credit: byline.credit })))
      .execute();
  }
  return true;
}
