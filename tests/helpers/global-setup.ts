import { rmSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDatabase } from '../../src/db/database.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../../src/db/embedded.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { scratchFolder } from './scratch.js';

// Unique per run, so that runs from several checkouts can share one PostgreSQL server.
const TEMPLATE_DATABASE = `broadsheet_test_template_${process.pid}`;
// Every test file's database starts with this run's prefix, so the run's teardown can drop what its files left (a
// worker that dies, or an afterAll that a beforeAll registers too late for its file, leaves one), and no other run's.
const DATABASE_PREFIX = `bs_test_${process.pid}_`;

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    templateDatabase: string;
    databasePrefix: string;
  }
}

/**
 * Tests run against real PostgreSQL: DATABASE_URL when set, otherwise an embedded server of the
 * run's own, in a fresh folder on a free port, so that runs side by side never collide.
 * A migrated template database is made once; each test file clones it.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | undefined;
  let scratch: string | undefined;
  let adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) {
    const configured = process.env.TEST_EMBEDDED_PG_DIR;
    if (!configured) scratch = scratchFolder('broadsheet-test-pg-');
    embedded = await startEmbeddedPostgres({
      dataDir: configured ? path.resolve(configured) : path.join(scratch!, 'data'),
      port: Number(process.env.TEST_EMBEDDED_PG_PORT || 0),
      database: 'postgres',
    });
    adminUrl = embedded.adminUrl;
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
  await admin.query(`create database ${TEMPLATE_DATABASE}`);
  await admin.end();
  const templateUrl = new URL(adminUrl);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  const template = createDatabase(templateUrl.toString());
  await migrateToLatest(template.db);
  await template.close();
  project.provide('adminUrl', adminUrl);
  project.provide('templateDatabase', TEMPLATE_DATABASE);
  project.provide('databasePrefix', DATABASE_PREFIX);
  return async () => {
    const cleanup = new pg.Client({ connectionString: adminUrl });
    await cleanup.connect();
    await cleanup.query(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
    const left = await cleanup.query<{ datname: string }>(
      'select datname from pg_database where starts_with(datname, $1)',
      [DATABASE_PREFIX],
    );
    for (const { datname } of left.rows) await cleanup.query(`drop database if exists "${datname}" with (force)`);
    await cleanup.end();
    await embedded?.stop();
    if (scratch) {
      rmSync(scratch, { recursive: true, force: true });
      // As root, the data may have moved where the postgres user can reach it.
      if (embedded && !embedded.dataDir.startsWith(scratch))
        rmSync(path.dirname(embedded.dataDir), { recursive: true, force: true });
    }
  };
}
