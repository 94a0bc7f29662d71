import { type Kysely, sql } from 'kysely';

// Frozen once merged: change the schema with a new migration, never by editing this one.

// Webhooks (src/webhooks/): endpoints, the events derived from the change feed, and one delivery
// per event and endpoint with the log of its attempts.
//
// - webhook_fanout: one row, the id of the last content_changes row turned into webhook events.
//   The worker that holds it (FOR UPDATE SKIP LOCKED) reads the changes after it, writes the
//   events and deliveries and moves it, in one transaction: each change is fanned out once, by
//   one instance. It starts at the newest change: history is not delivered. The change feed's
//   pruning keeps the rows after it (src/db/queries/content-changes.ts).
// - webhook_events: the payload as signed and sent, kept for the delivery log and replays (the
//   change feed's rows are pruned; an article's slug may have changed since).
// - webhook_deliveries: unique per (event, endpoint). PENDING rows are claimed with a lease
//   (claim_token, claimed_until) so that a crashed worker's claim runs out and another retries it.
// - webhook_delivery_attempts: one row per HTTP attempt, for the delivery log, with the instance
//   (host:pid) that made it.
export async function up(db: Kysely<any>): Promise<void> {
  // The token scope that manages them (manage:webhooks) is allowed by 20261203900000-token-scopes.

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'serial', (col) => col.primaryKey())
    .addColumn('url', 'text', (col) => col.notNull())
    .addColumn('description', 'text')
    .addColumn('events', sql`text[]`, (col) => col.notNull())
    .addColumn('secret', 'text', (col) => col.notNull())
    .addColumn('enabled', 'boolean', (col) => col.notNull().defaultTo(true))
    .addColumn('consecutive_failures', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('disabled_at', 'timestamptz')
    .addColumn('disabled_reason', 'text')
    .addColumn('created_by', 'text', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('webhook_fanout')
    .addColumn('id', 'boolean', (col) => col.primaryKey().defaultTo(true).check(sql`id`))
    .addColumn('last_change_id', 'bigint', (col) => col.notNull())
    .execute();
  await sql`insert into webhook_fanout (id, last_change_id) select true, coalesce(max(id), 0) from content_changes`.execute(db);

  await db.schema
    .createTable('webhook_events')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('change_id', 'bigint', (col) => col.notNull())
    .addColumn('type', 'text', (col) => col.notNull())
    .addColumn('payload', 'jsonb', (col) => col.notNull())
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('event_id', 'bigint', (col) => col.notNull().references('webhook_events.id').onDelete('cascade'))
    .addColumn('endpoint_id', 'integer', (col) => col.notNull().references('webhook_endpoints.id').onDelete('cascade'))
    .addColumn('status', 'text', (col) => col.notNull().defaultTo('PENDING').check(sql`status in ('PENDING', 'SUCCEEDED', 'FAILED')`))
    .addColumn('attempts', 'integer', (col) => col.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addColumn('claim_token', 'uuid')
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('last_attempt_at', 'timestamptz')
    .addColumn('delivered_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (col) => col.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('webhook_deliveries_event_endpoint', ['event_id', 'endpoint_id'])
    .execute();
  await sql`create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'PENDING'`.execute(db);
  await db.schema.createIndex('webhook_deliveries_endpoint').on('webhook_deliveries').columns(['endpoint_id', 'id']).execute();

  await db.schema
    .createTable('webhook_delivery_attempts')
    .addColumn('id', 'bigserial', (col) => col.primaryKey())
    .addColumn('delivery_id', 'bigint', (col) => col.notNull().references('webhook_deliveries.id').onDelete('cascade'))
    .addColumn('attempted_at', 'timestamptz', (col) => col.notNull())
    .addColumn('duration_ms', 'integer', (col) => col.notNull())
    .addColumn('status_code', 'integer')
    .addColumn('error', 'text')
    .addColumn('response_body', 'text')
    .addColumn('retry_at', 'timestamptz')
    .addColumn('worker', 'text', (col) => col.notNull())
    .execute();
  await db.schema.createIndex('webhook_delivery_attempts_delivery').on('webhook_delivery_attempts').columns(['delivery_id', 'id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('webhook_delivery_attempts').execute();
  await db.schema.dropTable('webhook_deliveries').execute();
  await db.schema.dropTable('webhook_events').execute();
  await db.schema.dropTable('webhook_fanout').execute();
  await db.schema.dropTable('webhook_endpoints').execute();
}
