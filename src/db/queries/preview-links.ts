import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { PreviewLinkRow } from '../tables.js';

// preview_links: links, found by the hash of their secret, that show a draft to a reader without a token.

export async function insertPreviewLink(
  db: Db,
  values: {
    articleId: number;
    secretHash: string;
    createdByTokenId: number | null;
    createdBy: string;
    expiresInSeconds: number;
  },
): Promise<PreviewLinkRow> {
  const { expiresInSeconds, ...rest } = values;
  return db
    .insertInto('previewLinks')
    .values({ ...rest, expiresAt: sql<Date>`now() + make_interval(secs => ${expiresInSeconds})` })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The link with this hash, whatever its state, and whether it has expired by the database's clock. */
export async function findPreviewLinkByHash(
  db: Db,
  secretHash: string,
): Promise<(PreviewLinkRow & { expired: boolean }) | undefined> {
  return db
    .selectFrom('previewLinks')
    .selectAll()
    .select(sql<boolean>`expires_at <= now()`.as('expired'))
    .where('secretHash', '=', secretHash)
    .executeTakeFirst();
}

export async function findPreviewLinkById(db: Db, id: number): Promise<PreviewLinkRow | undefined> {
  return db.selectFrom('previewLinks').selectAll().where('id', '=', id).executeTakeFirst();
}

/** An article's links, newest first: live ones only unless `all`. */
export async function listPreviewLinks(
  db: Db,
  articleId: number,
  { all, limit }: { all: boolean; limit: number },
): Promise<PreviewLinkRow[]> {
  return db
    .selectFrom('previewLinks')
    .selectAll()
    .where('articleId', '=', articleId)
    .$if(!all, (q) => q.where('revokedAt', 'is', null).where(sql<boolean>`expires_at > now()`))
    .orderBy('createdAt', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/** Revokes a link (once: a revoked link keeps its first revocation time); the row as it is now. */
export async function revokePreviewLink(db: Db, id: number): Promise<PreviewLinkRow | undefined> {
  await db
    .updateTable('previewLinks')
    .set({ revokedAt: sql`now()` })
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .execute();
  return findPreviewLinkById(db, id);
}
