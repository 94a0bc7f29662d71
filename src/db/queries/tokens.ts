import { sql } from 'kysely';
import type { Db } from '../database.js';
import type { ApiTokenRow } from '../tables.js';

// api_tokens: the API tokens and their scopes.

export async function insertApiToken(
  db: Db,
  values: { name: string; secretHash: string; scopes: string[] },
): Promise<ApiTokenRow> {
  return db.insertInto('apiTokens').values(values).returningAll().executeTakeFirstOrThrow();
}

export async function listApiTokens(db: Db): Promise<ApiTokenRow[]> {
  return db.selectFrom('apiTokens').selectAll().orderBy('apiTokens.id').execute();
}

/** Revokes a token; false when there is no such token or it was already revoked. */
export async function revokeApiToken(db: Db, id: number): Promise<boolean> {
  const result = await db
    .updateTable('apiTokens')
    .set({ revokedAt: sql`now()` })
    .where('apiTokens.id', '=', id)
    .where('apiTokens.revokedAt', 'is', null)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * The live token with this hash, touching last_used_at at most once a minute so that reads do not
 * turn every request into a write. One statement either way.
 */
export async function findLiveApiTokenAndTouch(
  db: Db,
  secretHash: string,
): Promise<Pick<ApiTokenRow, 'id' | 'name' | 'scopes'> | undefined> {
  const { rows } = await sql<Pick<ApiTokenRow, 'id' | 'name' | 'scopes'>>`
    with found as (
      select id, name, scopes, last_used_at from api_tokens where secret_hash = ${secretHash} and revoked_at is null
    ), touched as (
      update api_tokens t set last_used_at = now() from found
      where t.id = found.id and (found.last_used_at is null or found.last_used_at < now() - interval '1 minute')
    )
    select id, name, scopes from found`.execute(db);
  return rows[0];
}

/** Whether the token is still live (not revoked, not deleted). */
export async function isApiTokenActive(db: Db, id: number): Promise<boolean> {
  const row = await db
    .selectFrom('apiTokens')
    .select('id')
    .where('id', '=', id)
    .where('revokedAt', 'is', null)
    .executeTakeFirst();
  return row !== undefined;
}
