import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileMigrationProvider, type Kysely, type MigrationResult, Migrator } from 'kysely';

export const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({
    db,
    provider: new FileMigrationProvider({ fs, path, migrationFolder: migrationsFolder }),
  });
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

/** Names of migrations that exist on disk but have not run; empty when the schema is current. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const migrations = await createMigrator(db).getMigrations();
  return migrations.filter((m) => !m.executedAt).map((m) => m.name);
}
