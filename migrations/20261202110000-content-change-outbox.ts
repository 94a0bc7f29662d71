import { type Kysely, sql } from 'kysely';

// Frozen once merged: change the schema with a new migration, never by editing this one.

// The change feed (src/content/change-feed.ts): every committed content change, by any process (a
// mutation, the scheduler, the import CLI, the demo seed), writes one row here in its own
// transaction, and NOTIFYs at the commit as a wake-up. Every instance reads the rows after the
// last one it saw, so a change made while it was down or reconnecting is not lost.
//
// - id: the order of the commits. Writers take a transaction-level advisory lock just before the
//   insert and commit right after it, so a smaller id is never committed after a larger one a
//   reader has seen.
// - origin: the process that wrote it (it has told its own caches already).
// - announced_on: the event bus the writer published the events on after the commit (an
//   instance on that bus does not fire them twice); null when nobody did (the CLI, the seed).
// - events: the subscription events, in order: [{ "topic": ..., "id"?: ..., "payload": ... }].
// - created_at: rows older than CHANGE_FEED_RETENTION_HOURS are pruned.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('content_changes')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('origin', 'text', (col) => col.notNull())
    .addColumn('announced_on', 'text')
    .addColumn('article_ids', sql`integer[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('entity_ids', sql`integer[]`, (col) => col.notNull().defaultTo(sql`'{}'`))
    .addColumn('bulk', 'boolean', (col) => col.notNull().defaultTo(false))
    .addColumn('events', 'jsonb', (col) => col.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
  await db.schema.createIndex('content_changes_created_at').on('content_changes').column('created_at').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('content_changes').execute();
}
