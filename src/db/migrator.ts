import { type Kysely, type Migration, type MigrationProvider, type MigrationResult, Migrator } from 'kysely';
import * as initialContentModel from '../../migrations/20261127120000-initial-content-model.js';
import * as editorialApi from '../../migrations/20261127130000-editorial-api.js';
import * as entityExclusions from '../../migrations/20261127140000-entity-exclusions.js';
import * as entityPageIndex from '../../migrations/20261127150000-entity-page-index.js';

/**
 * Every migration, by file name. Listed statically (not read from the folder at run time) so that
 * the same code runs under tsx, vitest and a bundler; a test checks this list against migrations/.
 */
export const migrations: Record<string, Migration> = {
  '20261127120000-initial-content-model': initialContentModel,
  '20261127130000-editorial-api': editorialApi,
  '20261127140000-entity-exclusions': entityExclusions,
  '20261127150000-entity-page-index': entityPageIndex,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider });
}

/**
 * Brings the database to the newest migration. Kysely's PostgreSQL adapter holds a session-level
 * advisory lock (pg_advisory_lock) for the whole run, so instances starting together do not race.
 */
export async function migrateToLatest(db: Kysely<any>): Promise<MigrationResult[]> {
  const { error, results } = await createMigrator(db).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return results ?? [];
}

export async function migrateDown(db: Kysely<any>): Promise<MigrationResult[]> {
  const { error, results } = await createMigrator(db).migrateDown();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return results ?? [];
}

/** Names of migrations that exist but have not run; empty when the schema is current. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const all = await createMigrator(db).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
