import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../database.js';
import type { TagRow } from '../tables.js';
import { type Visibility, visibleSql } from './articles.js';

// tags, article_tags and tag_slug_redirects.
//
// The editorial taxonomy (migration 20261203400000): tags editors put on articles, distinct from
// the entities extraction finds (a tag may point at one).

/**
 * A tag is public once a visible article carries it, as a section is: a tag made ahead of an
 * embargoed story must not announce it. Editors with read:drafts see every tag.
 */
export const publicTagSql = (t: string) =>
  `exists (select 1 from article_tags pt join articles pa on pa.id = pt.article_id where pt.tag_id = ${t}.id and ${visibleSql('pa')})`;

const shown = (visibility: Visibility) =>
  sql<boolean>`${sql.raw(visibility.includeHidden ? 'true' : publicTagSql('tags'))}`;

const tagColumns = [
  'tags.id',
  'tags.slug',
  'tags.name',
  'tags.description',
  'tags.entityId',
  'tags.version',
  'tags.createdAt',
  'tags.updatedAt',
] as const;

/** The tag a slug names now, or named before a rename or merge, as a scalar subquery. */
export const tagIdBySlugSql = (slug: RawBuilder<unknown> | string) =>
  sql`coalesce((select tl.id from tags tl where tl.slug = ${slug}), (select tr.tag_id from tag_slug_redirects tr where tr.slug = ${slug}))`;

export async function findTagsByIds(db: Db, ids: readonly number[], visibility: Visibility): Promise<TagRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('tags')
    .select(tagColumns)
    .where('tags.id', '=', sql<number>`any(${[...ids]}::int[])`)
    .where(shown(visibility))
    .execute();
}

/** Tags by slug, current or former: each row with the slug asked for. */
export async function findTagsBySlugs(
  db: Db,
  slugs: readonly string[],
  visibility: Visibility,
): Promise<(TagRow & { requestedSlug: string })[]> {
  if (slugs.length === 0) return [];
  return db
    .selectFrom(sql<{ slug: string }>`unnest(${[...slugs]}::text[])`.as<'requested'>(sql`requested(slug)`))
    .innerJoin('tags', (join) => join.on('tags.id', '=', sql<number>`${tagIdBySlugSql(sql.raw('requested.slug'))}`))
    .select([...tagColumns, 'requested.slug as requestedSlug'])
    .where(shown(visibility))
    .execute();
}

/** The tags of many articles, each article's in order. */
export async function findTagsByArticleIds(
  db: Db,
  articleIds: readonly number[],
): Promise<(TagRow & { articleId: number })[]> {
  if (articleIds.length === 0) return [];
  return db
    .selectFrom('articleTags')
    .innerJoin('tags', 'tags.id', 'articleTags.tagId')
    .select([...tagColumns, 'articleTags.articleId'])
    .where('articleTags.articleId', '=', sql<number>`any(${[...articleIds]}::int[])`)
    .orderBy('articleTags.articleId')
    .orderBy('articleTags.position')
    .execute();
}

/** Locks tags by id, in id order; missing ids are left out. */
export async function lockTags(db: Db, ids: readonly number[]): Promise<TagRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('tags')
    .select(tagColumns)
    .where('tags.id', '=', sql<number>`any(${[...ids]}::int[])`)
    .orderBy('tags.id')
    .forUpdate()
    .execute();
}

/** Whether a slug is a tag's, now or before a rename or merge (a former slug stays reserved for its redirect). */
export async function isTagSlugTaken(db: Db, slug: string, exceptId?: number): Promise<boolean> {
  const row = await db
    .selectFrom(sql`(select 1)`.as('one'))
    .select(sql<number | null>`${tagIdBySlugSql(slug)}`.as('id'))
    .executeTakeFirst();
  return row?.id != null && row.id !== exceptId;
}

export interface TagValues {
  slug?: string;
  name?: string;
  description?: string | null;
  entityId?: number | null;
}

export async function insertTag(
  db: Db,
  values: Required<Pick<TagValues, 'slug' | 'name'>> & TagValues,
): Promise<TagRow> {
  return db.insertInto('tags').values(values).returning(tagColumns).executeTakeFirstOrThrow();
}

/** Points the slugs at a tag (a slug it takes back stops being a redirect). */
export async function redirectTagSlugs(db: Db, slugs: readonly string[], tagId: number): Promise<void> {
  if (slugs.length === 0) return;
  await db
    .insertInto('tagSlugRedirects')
    .values(slugs.map((slug) => ({ slug, tagId })))
    .onConflict((oc) => oc.column('slug').doUpdateSet({ tagId }))
    .execute();
}

/** Applies a change, raising the version; a changed slug leaves a redirect from the old one. */
export async function updateTag(db: Db, before: TagRow, values: TagValues): Promise<TagRow> {
  if (values.slug !== undefined && values.slug !== before.slug) {
    await db.deleteFrom('tagSlugRedirects').where('tagSlugRedirects.slug', '=', values.slug).execute();
    await redirectTagSlugs(db, [before.slug], before.id);
  }
  return db
    .updateTable('tags')
    .set({ ...values, version: sql`version + 1`, updatedAt: sql`now()` })
    .where('tags.id', '=', before.id)
    .returning(tagColumns)
    .executeTakeFirstOrThrow();
}

/**
 * Moves the articles of `fromIds` onto `intoId` (an article that has `into` keeps it where it is;
 * one that had only merged tags takes `into` at the place of the first), points their slugs and redirects at it and deletes them. Returns the articles touched.
 */
export async function mergeTagsInto(db: Db, intoId: number, from: readonly TagRow[]): Promise<number[]> {
  const fromIds = from.map((tag) => tag.id);
  const moved = await db
    .selectFrom('articleTags')
    .select('articleTags.articleId')
    .distinct()
    .where('articleTags.tagId', '=', sql<number>`any(${fromIds}::int[])`)
    .execute();
  const articleIds = moved.map((row) => row.articleId);
  await sql`
    update article_tags at set tag_id = ${intoId}
    where at.tag_id = any(${fromIds}::int[])
      and not exists (select 1 from article_tags k where k.article_id = at.article_id and k.tag_id = ${intoId})
      and at.position = (select min(m.position) from article_tags m where m.article_id = at.article_id and m.tag_id = any(${fromIds}::int[]))`.execute(
    db,
  );
  await db.deleteFrom('articleTags').where('articleTags.tagId', '=', sql<number>`any(${fromIds}::int[])`).execute();
  await db
    .updateTable('tagSlugRedirects')
    .set({ tagId: intoId })
    .where('tagSlugRedirects.tagId', '=', sql<number>`any(${fromIds}::int[])`)
    .execute();
  await db.deleteFrom('tags').where('tags.id', '=', sql<number>`any(${fromIds}::int[])`).execute();
  await redirectTagSlugs(
    db,
    from.map((tag) => tag.slug),
    intoId,
  );
  return articleIds;
}

/** The articles (in the trash too) carrying any of these tags. */
export async function articleIdsWithTags(db: Db, tagIds: readonly number[]): Promise<number[]> {
  if (tagIds.length === 0) return [];
  const rows = await db
    .selectFrom('articleTags')
    .select('articleTags.articleId')
    .distinct()
    .where('articleTags.tagId', '=', sql<number>`any(${[...tagIds]}::int[])`)
    .execute();
  return rows.map((row) => row.articleId);
}

/** Deletes a tag; its places on articles and its former slugs go with it (on delete cascade). */
export async function deleteTagById(db: Db, id: number): Promise<void> {
  await db.deleteFrom('tags').where('tags.id', '=', id).execute();
}

/** A tag by the slug of a name, created with that name when none has the slug, now or before (the importer's). */
export async function upsertTag(db: Db, slug: string, name: string): Promise<TagRow> {
  const [existing] = await findTagsBySlugs(db, [slug], { includeHidden: true });
  if (existing) {
    const { requestedSlug: _, ...row } = existing;
    return row;
  }
  await db
    .insertInto('tags')
    .values({ slug, name })
    .onConflict((oc) => oc.column('slug').doNothing())
    .execute();
  return db.selectFrom('tags').select(tagColumns).where('tags.slug', '=', slug).executeTakeFirstOrThrow();
}

/** Replaces an article's tags (in order); true when they changed. */
export async function replaceArticleTags(db: Db, articleId: number, tagIds: readonly number[]): Promise<boolean> {
  const before = await db
    .selectFrom('articleTags')
    .select('articleTags.tagId')
    .where('articleTags.articleId', '=', articleId)
    .orderBy('articleTags.position')
    .execute();
  if (before.length === tagIds.length && before.every((row, i) => row.tagId === tagIds[i])) return false;
  await db.deleteFrom('articleTags').where('articleTags.articleId', '=', articleId).execute();
  if (tagIds.length > 0) {
    await db
      .insertInto('articleTags')
      .values(tagIds.map((tagId, position) => ({ articleId, tagId, position })))
      .execute();
  }
  return true;
}
