import { generateToken, hashToken } from '../../src/auth/tokens.js';
import type { Db } from '../../src/db/database.js';
import { insertApiToken } from '../../src/db/queries/tokens.js';

/** Creates an API token the way `npm run token -- create` does; returns the plain token and its id. */
export async function createToken(
  db: Db,
  name: string,
  scopes: string[],
): Promise<{ id: number; token: string; headers: Record<string, string> }> {
  const token = generateToken();
  const row = await insertApiToken(db, { name, scopes, secretHash: hashToken(token) });
  return { id: row.id, token, headers: { authorization: `Bearer ${token}` } };
}
