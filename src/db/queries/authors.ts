import { type RawBuilder, sql } from 'kysely';
import { MAX_BYLINES } from '../../domain.js';
import type { Db } from '../database.js';
import type { AuthorRow, BylineRow } from '../tables.js';
import { visibleSql } from './articles.js';

// authors, author_slug_redirects and article_bylines.
//
// Authors and the ordered bylines of articles (migration 20261203400000). Authors are editorial
// records, public as they are; the articles listed under one follow the articles' own rule.

const authorColumns = [
  'authors.id',
  'authors.slug',
  'authors.name',
  'authors.bio',
  'authors.role',
  'authors.links',
  'authors.imageId',
  'authors.version',
  'authors.createdAt',
  'authors.updatedAt',
] as const;

export async function findAuthorsByIds(db: Db, ids: readonly number[]): Promise<AuthorRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('authors')
    .select(authorColumns)
    .where('authors.id', '=', sql<number>`any(${[...ids]}::int[])`)
    .execute();
}

/** The author a slug names now, or named before a change of slug, as a scalar subquery. */
export const authorIdBySlugSql = (slug: RawBuilder<unknown> | string) =>
  sql`coalesce((select al.id from authors al where al.slug = ${slug}), (select ar.author_id from author_slug_redirects ar where ar.slug = ${slug}))`;

/** What a byline place prints, over an alias of article_bylines: the author's name, or the free-text credit. */
export const bylineNameSql = (b: RawBuilder<unknown>) =>
  sql<string>`coalesce((select bn.name from authors bn where bn.id = ${b}.author_id), ${b}.credit)`;

/**
 * The byline of the article `a` (an alias of articles) as a JSON array in print order, each place
 * `{ name, slug }` (`slug` the author's, null for a free-text credit): a scalar subquery, so a
 * page of articles reads its bylines in its own statement.
 */
export const bylinesJsonSql = (a: RawBuilder<unknown>) =>
  sql<string>`(select coalesce(json_agg(json_build_object('name', ${bylineNameSql(sql.raw('bj'))}, 'slug', (select bs.slug from authors bs where bs.id = bj.author_id)) order by bj.position), '[]')::text
    from (select * from article_bylines bk where bk.article_id = ${a}.id order by bk.position limit ${sql.lit(MAX_BYLINES)}) bj)`;

/**
 * An author credited on a visible article, as SQL over an alias of authors. The API's author page
 * answers for every author (a public record); a feed needs this too: an author whose only bylines
 * are on drafts or embargoed stories has no feed (tags and sections have the same rule throughout).
 */
export const creditedAuthorSql = (au: string) =>
  `exists (select 1 from article_bylines cb join articles ca on ca.id = cb.article_id where cb.author_id = ${au}.id and ${visibleSql('ca')})`;

/** Authors by slug, current or former: each row with the slug asked for. */
export async function findAuthorsBySlugs(
  db: Db,
  slugs: readonly string[],
  { credited = false } = {},
): Promise<(AuthorRow & { requestedSlug: string })[]> {
  if (slugs.length === 0) return [];
  return db
    .selectFrom(sql<{ slug: string }>`unnest(${[...slugs]}::text[])`.as<'requested'>(sql`requested(slug)`))
    .innerJoin('authors', (join) =>
      join.on('authors.id', '=', sql<number>`${authorIdBySlugSql(sql.raw('requested.slug'))}`),
    )
    .select([...authorColumns, 'requested.slug as requestedSlug'])
    .$if(credited, (q) => q.where(sql<boolean>`${sql.raw(creditedAuthorSql('authors'))}`))
    .execute();
}

/** The bylines of many articles, each article's in order. */
export async function findBylinesByArticleIds(db: Db, articleIds: readonly number[]): Promise<BylineRow[]> {
  if (articleIds.length === 0) return [];
  return db
    .selectFrom('articleBylines')
    .select(['articleBylines.articleId', 'articleBylines.position', 'articleBylines.authorId', 'articleBylines.credit'])
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

/** Whether a slug is an author's, now or before a change (a former slug stays reserved for its redirect). */
export async function isAuthorSlugTaken(db: Db, slug: string, exceptId?: number): Promise<boolean> {
  const row = await db
    .selectFrom(sql`(select 1)`.as('one'))
    .select(sql<number | null>`${authorIdBySlugSql(slug)}`.as('id'))
    .executeTakeFirst();
  return row?.id != null && row.id !== exceptId;
}

export interface AuthorValues {
  slug?: string;
  name?: string;
  bio?: string | null;
  role?: string | null;
  links?: string[];
  imageId?: number | null;
}

export async function insertAuthor(
  db: Db,
  values: Required<Pick<AuthorValues, 'slug' | 'name'>> & AuthorValues,
): Promise<AuthorRow> {
  return db.insertInto('authors').values(values).returning(authorColumns).executeTakeFirstOrThrow();
}

/** Applies a change, raising the version; a changed slug leaves a redirect from the old one. */
export async function updateAuthor(db: Db, before: AuthorRow, values: AuthorValues): Promise<AuthorRow> {
  const id = before.id;
  if (values.slug !== undefined && values.slug !== before.slug) {
    // The new slug may be one the author had before: it is theirs again, not a redirect.
    await db.deleteFrom('authorSlugRedirects').where('authorSlugRedirects.slug', '=', values.slug).execute();
    await db.insertInto('authorSlugRedirects').values({ slug: before.slug, authorId: id }).execute();
  }
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

/** An author by the slug of a name (a former slug too), created with that name when none has it (the importer's). */
export async function upsertAuthor(db: Db, slug: string, name: string): Promise<AuthorRow> {
  const [existing] = await findAuthorsBySlugs(db, [slug]);
  if (existing) {
    const { requestedSlug: _, ...row } = existing;
    return row;
  }
  await db
    .insertInto('authors')
    .values({ slug, name })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  return db.selectFrom('authors').select(authorColumns).where('authors.slug', '=', slug).executeTakeFirstOrThrow();
}

export type BylineValues = Pick<BylineRow, 'authorId' | 'credit'>;

/** Replaces an article's byline; true when it changed. */
export async function replaceBylines(db: Db, articleId: number, bylines: readonly BylineValues[]): Promise<boolean> {
  const before = await findBylinesByArticleIds(db, [articleId]);
  const same =
    before.length === bylines.length &&
    before.every((row, i) => row.authorId === bylines[i]!.authorId && row.credit === bylines[i]!.credit);
  if (same) return false;
  await db.deleteFrom('articleBylines').where('articleBylines.articleId', '=', articleId).execute();
  if (bylines.length > 0) {
    await db
      .insertInto('articleBylines')
      .values(
        bylines.map((byline, position) => ({ articleId, position, authorId: byline.authorId, credit: byline.credit })),
      )
      .execute();
  }
  return true;
}
