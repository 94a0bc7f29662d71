import { readdirSync } from 'node:fs';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import {
  migrateDown,
  migrateToLatest,
  migrations,
  pendingMigrations,
  withoutStatementTimeout,
} from '../src/db/migrator.js';
import { createTestDatabase } from './helpers/db.js';

describe('migrations', () => {
  it('lists every file in migrations/, named <UTC timestamp>-<kebab-slug>', () => {
    const files = readdirSync(new URL('../migrations', import.meta.url))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(Object.keys(migrations).sort()).toEqual(files);
    for (const name of files) expect(name).toMatch(/^\d{14}-[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it('go down and up again cleanly, and are idempotent', async () => {
    const database = await createTestDatabase();
    expect(await pendingMigrations(database.db)).toEqual([]);
    const count = Object.keys(migrations).length;
    for (let i = 0; i < count; i += 1) await migrateDown(database.db);
    const { rows } = await sql<{
      n: number;
    }>`select count(*)::int as n from information_schema.tables where table_schema = 'public' and table_name in ('articles', 'entities', 'sections', 'summaries', 'article_entities')`.execute(
      database.db,
    );
    expect(rows[0]!.n).toBe(0);
    expect(await pendingMigrations(database.db)).toEqual(Object.keys(migrations));
    const results = await migrateToLatest(database.db);
    expect(results.map((r) => r.status)).toEqual(Object.keys(migrations).map(() => 'Success'));
    expect(await migrateToLatest(database.db)).toEqual([]);
  });

  it('let instances that start together migrate without racing (advisory lock)', async () => {
    const database = await createTestDatabase();
    for (let i = 0; i < Object.keys(migrations).length; i += 1) await migrateDown(database.db);
    const { createDatabase } = await import('../src/db/database.js');
    const others = [createDatabase(database.url), createDatabase(database.url), createDatabase(database.url)];
    const results = await Promise.all(others.map((o) => migrateToLatest(o.db)));
    await Promise.all(others.map((o) => o.close()));
    // Exactly one instance ran each migration; the others found nothing left to do.
    expect(results.flat().filter((r) => r.status === 'Success')).toHaveLength(Object.keys(migrations).length);
    expect(await pendingMigrations(database.db)).toEqual([]);
  });

  it("run without the pool's statement timeout, which they leave as it was", async () => {
    const database = await createTestDatabase();
    const { createDatabase } = await import('../src/db/database.js');
    // 200 ms bounds every statement of this pool; a migration may take minutes on a big table.
    const tight = createDatabase(database.url, { poolMax: 1, statementTimeoutMs: 200 });
    try {
      await expect(sql`select pg_sleep(0.5)`.execute(tight.db)).rejects.toThrow(/statement timeout/);
      await withoutStatementTimeout(tight.db, (conn) => sql`select pg_sleep(0.5)`.execute(conn));
      const { rows } = await sql<{ statementTimeout: string }>`show statement_timeout`.execute(tight.db);
      expect(rows[0]!.statementTimeout).toBe('200ms');
    } finally {
      await tight.close();
    }
  });
});
