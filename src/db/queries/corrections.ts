import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { ArticleCorrectionKind, ArticleCorrectionRow } from '../tables.js';

// Corrections, updates and clarifications (migration 20261203301000): append-only, so there is an
// insert and reads, and no update or delete (they go with their article when it is purged).

/** The order readers see them in: oldest first, as they were appended. */
export const correctionOrderSql = (alias: string) => sql.raw(`${alias}.created_at asc, ${alias}.id asc`);

export async function findCorrectionsByArticleIds(
  db: Db,
  articleIds: readonly number[],
): Promise<ArticleCorrectionRow[]> {
  if (articleIds.length === 0) return [];
  return db
    .selectFrom('articleCorrections')
    .selectAll()
    .where('articleCorrections.articleId', '=', sql<number>`any(${[...articleIds]}::int[])`)
    .orderBy('articleCorrections.articleId')
    .orderBy('articleCorrections.createdAt')
    .orderBy('articleCorrections.id')
    .execute();
}

export async function countCorrections(db: Db, articleId: number): Promise<number> {
  const row = await db
    .selectFrom('articleCorrections')
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .where('articleCorrections.articleId', '=', articleId)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export async function insertCorrection(
  db: Db,
  values: { articleId: number; kind: ArticleCorrectionKind; text: string; createdBy: string | null; createdAt?: Date },
): Promise<ArticleCorrectionRow> {
  return db.insertInto('articleCorrections').values(values).returningAll().executeTakeFirstOrThrow();
}
