import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { ArticleImageRow, ImageRow, ImageTable } from '../tables.js';
import { type Visibility, visibleSql } from './articles.js';
import { creditedAuthorSql } from './authors.js';

// images and article_images (the images in an article's body): reads, the public rule, uploads'
// rows, and which articles and authors use an image.

/**
 * An image is public once a visible article uses it (as lead, social or body image), or it is the
 * portrait of an author a visible article credits (migration 20261203800000: a portrait set ahead
 * of a new hire's first story stays private with it, as a tag made ahead of an embargoed story
 * does); until then only editors with read:drafts see it, as they see drafts. As SQL over an
 * alias of `images`.
 */
// Four probes, each on its own index (migrations 20261203500000, 20261203800000), rather than one OR over articles.
export const imageShownSql = (i: string) => `(
  exists (select 1 from articles ia where ia.lead_image_id = ${i}.id and ${visibleSql('ia')})
  or exists (select 1 from articles ia where ia.social_image_id = ${i}.id and ${visibleSql('ia')})
  or exists (select 1 from article_images iai join articles ia on ia.id = iai.article_id where iai.image_id = ${i}.id and ${visibleSql('ia')})
  or exists (select 1 from authors iau where iau.image_id = ${i}.id and ${creditedAuthorSql('iau')}))`;

export async function findImagesByIds(db: Db, ids: readonly number[], visibility: Visibility): Promise<ImageRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('images')
    .selectAll()
    .where('images.id', '=', sql<number>`any(${[...ids]}::int[])`)
    .$if(!visibility.includeHidden, (q) => q.where(sql<boolean>`${sql.raw(imageShownSql('images'))}`))
    .execute();
}

/** Every image by id, for writes (which check visibility themselves). */
export async function findImageForWrite(db: Db, id: number): Promise<ImageRow | undefined> {
  return db.selectFrom('images').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export type NewImage = Omit<ImageTable, 'id' | 'version' | 'createdAt' | 'updatedAt' | 'focalX' | 'focalY'> & {
  focalX?: number;
  focalY?: number;
};

export async function insertImage(db: Db, values: NewImage): Promise<ImageRow> {
  return db.insertInto('images').values(values).returningAll().executeTakeFirstOrThrow();
}

export type ImagePatch = Partial<Pick<ImageRow, 'alt' | 'caption' | 'credit' | 'licence' | 'focalX' | 'focalY'>>;

export async function updateImage(db: Db, id: number, patch: ImagePatch): Promise<ImageRow> {
  return db
    .updateTable('images')
    .set({ ...patch, version: sql`version + 1`, updatedAt: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The import's image by its external id: created, or its metadata brought up to date. */
export async function upsertImportedImage(db: Db, values: NewImage & { externalId: string }): Promise<ImageRow> {
  const { externalId, ...rest } = values;
  return db
    .insertInto('images')
    .values(values)
    .onConflict((oc) =>
      oc
        .column('externalId')
        .doUpdateSet({ ...rest, version: sql`images.version + 1`, updatedAt: sql`now()` })
        .where(sql<boolean>`(images.storage_key, images.external_url, images.mime_type, images.width, images.height, images.alt, images.caption, images.credit, images.licence, images.focal_x, images.focal_y)
          is distinct from (excluded.storage_key, excluded.external_url, excluded.mime_type, excluded.width, excluded.height, excluded.alt, excluded.caption, excluded.credit, excluded.licence, excluded.focal_x, excluded.focal_y)`),
    )
    .returningAll()
    .executeTakeFirst()
    .then(
      async (row) =>
        row ??
        (await db.selectFrom('images').selectAll().where('externalId', '=', externalId).executeTakeFirstOrThrow()),
    );
}

/** Whether an author has the image as portrait (a change to it shows on every page crediting them). */
export async function isAuthorImage(db: Db, imageId: number): Promise<boolean> {
  return (
    (await db.selectFrom('authors').select('authors.id').where('authors.imageId', '=', imageId).executeTakeFirst()) !==
    undefined
  );
}

/** Articles that show the image: their cached pages go when it changes. */
export async function articleIdsUsingImage(db: Db, imageId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('articles')
    .select('id')
    .where((eb) => eb.or([eb('leadImageId', '=', imageId), eb('socialImageId', '=', imageId)]))
    .union(db.selectFrom('articleImages').select('articleId as id').where('imageId', '=', imageId))
    .execute();
  return rows.map((row) => row.id);
}

export async function findArticleImages(db: Db, articleIds: readonly number[]): Promise<ArticleImageRow[]> {
  if (articleIds.length === 0) return [];
  return db
    .selectFrom('articleImages')
    .selectAll()
    .where('articleId', '=', sql<number>`any(${[...articleIds]}::int[])`)
    .orderBy('articleId')
    .orderBy('position')
    .execute();
}

/** Replaces the article's body images, in the order given. */
export async function replaceArticleImages(
  db: Db,
  articleId: number,
  images: readonly { imageId: number; afterParagraph: number }[],
): Promise<void> {
  await db.deleteFrom('articleImages').where('articleId', '=', articleId).execute();
  if (images.length === 0) return;
  await db
    .insertInto('articleImages')
    .values(
      images.map((image, position) => ({
        articleId,
        position,
        imageId: image.imageId,
        afterParagraph: image.afterParagraph,
      })),
    )
    .execute();
}

/** Which of these ids name images (for writes: an editor may use any image it can address). */
export async function existingImageIds(db: Db, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .selectFrom('images')
    .select('id')
    .where('id', '=', sql<number>`any(${[...ids]}::int[])`)
    .execute();
  return new Set(rows.map((row) => row.id));
}

/** Whether an article that is not a draft leads with the image or shows it in its body (the alt-text rule). */
export async function isShownByPublishedArticle(db: Db, imageId: number): Promise<boolean> {
  const { rows } = await sql<{ shown: boolean }>`select exists (
    select 1 from articles a where a.status <> 'DRAFT'
      and (a.lead_image_id = ${imageId} or exists (select 1 from article_images ai where ai.article_id = a.id and ai.image_id = ${imageId}))
  ) as shown`.execute(db);
  return rows[0]!.shown;
}
