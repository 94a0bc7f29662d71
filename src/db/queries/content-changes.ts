import { sql } from 'kysely';
import type { Db } from '../database.js';

// content_changes: the outbox of committed content changes that the change feed reads and
// prunes (the webhook fan-out's position, webhook_fanout, decides how far it may prune).

/** One committed content change, as the change feed reads it (migrations/20261202110000-content-change-outbox.ts). */
export interface ContentChangeRow {
  id: number;
  origin: string;
  announcedOn: string | null;
  articleIds: number[];
  entityIds: number[];
  bulk: boolean;
  events: unknown;
}

// Any constant: the lock only orders the writers of content_changes among themselves.
const OUTBOX_LOCK = 0x62736f62;

/**
 * Writes a change into the outbox, last thing in the writer's transaction. The lock, held to the
 * commit, makes ids commit in order: a reader that has seen id n never finds a smaller one later.
 */
export async function insertContentChange(db: Db, row: Omit<ContentChangeRow, 'id'>): Promise<number> {
  await sql`select pg_advisory_xact_lock(${OUTBOX_LOCK})`.execute(db);
  const { rows } = await sql<{ id: string }>`
    insert into content_changes (origin, announced_on, article_ids, entity_ids, bulk, events)
    values (${row.origin}, ${row.announcedOn}, ${row.articleIds}::integer[], ${row.entityIds}::integer[], ${row.bulk}, ${JSON.stringify(row.events)}::jsonb)
    returning id`.execute(db);
  return Number(rows[0]!.id);
}

/** The rows after `id`, oldest first. */
export async function listContentChangesAfter(db: Db, id: number, limit: number): Promise<ContentChangeRow[]> {
  const { rows } = await sql<Omit<ContentChangeRow, 'id'> & { id: string }>`
    select id, origin, announced_on, article_ids, entity_ids, bulk, events
    from content_changes where id > ${id} order by id limit ${limit}`.execute(db);
  return rows.map((row) => ({ ...row, id: Number(row.id) }));
}

/** The newest id (0 for none): where a reader that starts now begins. */
export async function latestContentChangeId(db: Db): Promise<number> {
  const { rows } = await sql<{ id: string | null }>`select max(id) as id from content_changes`.execute(db);
  return Number(rows[0]?.id ?? 0);
}

/** The rows after `id`, oldest first, as webhooks' fan-out reads them (src/webhooks/worker.ts). */
export async function listContentChangesForFanout(
  db: Db,
  id: number,
  limit: number,
): Promise<{ id: number; createdAt: Date; events: unknown }[]> {
  const { rows } = await sql<{ id: number; createdAt: Date; events: unknown }>`
    select id, created_at, events from content_changes where id > ${id} order by id limit ${limit}`.execute(db);
  return rows;
}

/**
 * Deletes the rows older than `ageMs`; returns how many. While an endpoint is enabled, rows
 * webhooks have not fanned out yet stay (migrations/20261203100000-webhooks.ts): their events
 * would otherwise never be delivered.
 */
export async function pruneContentChanges(db: Db, ageMs: number): Promise<number> {
  const result = await sql`
    delete from content_changes
    where created_at < now() - make_interval(secs => ${ageMs / 1000})
    and (id <= coalesce((select last_change_id from webhook_fanout), 0) or not exists (select 1 from webhook_endpoints where enabled))`.execute(
    db,
  );
  return Number(result.numAffectedRows ?? 0);
}
