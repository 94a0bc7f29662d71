import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../database.js';
import type {
  ArticleSnapshot,
  WebhookDeliveryAttemptRow,
  WebhookDeliveryRow,
  WebhookDeliveryStatus,
  WebhookEndpointRow,
} from '../tables.js';

// Webhooks (migration 20261203100000; src/webhooks/): endpoints, fan-out, deliveries and their log.

export type NewWebhookEndpoint = Pick<WebhookEndpointRow, 'url' | 'description' | 'events' | 'secret' | 'createdBy'>;
export type WebhookEndpointPatch = Partial<
  Pick<WebhookEndpointRow, 'url' | 'description' | 'events' | 'enabled' | 'secret'>
>;

// Any constant: orders the registrations among themselves, so that two at once cannot both pass the count.
const REGISTRATION_LOCK = 0x77686b73;

/** Registers an endpoint unless there are `max` already (undefined then), in one transaction. */
export async function insertWebhookEndpoint(
  db: Db,
  values: NewWebhookEndpoint,
  max: number,
): Promise<WebhookEndpointRow | undefined> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(${REGISTRATION_LOCK})`.execute(trx);
    const { count } = await trx
      .selectFrom('webhookEndpoints')
      .select((eb) => eb.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    if (Number(count) >= max) return undefined;
    return trx.insertInto('webhookEndpoints').values(values).returningAll().executeTakeFirstOrThrow();
  });
}

/** Changes an endpoint; enabling it again clears its failure count. Undefined when there is none. */
export async function updateWebhookEndpoint(
  db: Db,
  id: number,
  patch: WebhookEndpointPatch,
): Promise<WebhookEndpointRow | undefined> {
  return db
    .updateTable('webhookEndpoints')
    .set({
      ...patch,
      updatedAt: sql`now()`,
      ...(patch.enabled === true ? { consecutiveFailures: 0, disabledAt: null, disabledReason: null } : {}),
      ...(patch.enabled === false
        ? {
            disabledAt: sql`coalesce(disabled_at, now())`,
            disabledReason: sql`coalesce(disabled_reason, 'disabled through the API')`,
          }
        : {}),
    } as never)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

export async function deleteWebhookEndpoint(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom('webhookEndpoints').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

export async function findWebhookEndpointsByIds(db: Db, ids: readonly number[]): Promise<WebhookEndpointRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('webhookEndpoints')
    .selectAll()
    .where('id', '=', sql<number>`any(${[...ids]}::int[])`)
    .execute();
}

export async function listWebhookEndpoints(db: Db): Promise<WebhookEndpointRow[]> {
  return db.selectFrom('webhookEndpoints').selectAll().orderBy('id').execute();
}

// Fan-out: change feed rows to events and deliveries, by one instance at a time.

/** The fan-out cursor, locked to the end of the transaction; undefined when another instance holds it. */
export async function lockFanoutCursor(trx: Db): Promise<number | undefined> {
  const { rows } = await sql<{
    lastChangeId: number;
  }>`select last_change_id from webhook_fanout for update skip locked`.execute(trx);
  return rows[0]?.lastChangeId;
}

export async function setFanoutCursor(trx: Db, changeId: number): Promise<void> {
  await sql`update webhook_fanout set last_change_id = ${changeId}`.execute(trx);
}

/** The snapshots of these article versions (revisions are kept after an article is deleted). */
export async function findRevisionSnapshots(
  db: Db,
  versions: readonly { articleId: number; version: number }[],
): Promise<Map<string, ArticleSnapshot>> {
  if (versions.length === 0) return new Map();
  const { rows } = await sql<{ articleId: number; version: number; snapshot: ArticleSnapshot }>`
    select r.article_id, r.version, r.snapshot from article_revisions r
    join unnest(${versions.map((v) => v.articleId)}::int[], ${versions.map((v) => v.version)}::int[]) as wanted(article_id, version)
      on wanted.article_id = r.article_id and wanted.version = r.version
    where r.action <> 'DELETE'`.execute(db);
  return new Map(rows.map((row) => [`${row.articleId}:${row.version}`, row.snapshot]));
}

export async function listEnabledWebhookEndpoints(db: Db): Promise<Pick<WebhookEndpointRow, 'id' | 'events'>[]> {
  return db.selectFrom('webhookEndpoints').select(['id', 'events']).where('enabled', '=', true).orderBy('id').execute();
}

/** Writes an event and one PENDING delivery of it per endpoint; returns the event's id. */
export async function insertWebhookEvent(
  trx: Db,
  event: { changeId: number; type: string; payload: unknown },
  endpointIds: readonly number[],
): Promise<number> {
  const row = await trx
    .insertInto('webhookEvents')
    .values({ changeId: event.changeId, type: event.type, payload: JSON.stringify(event.payload) })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (endpointIds.length > 0) {
    await trx
      .insertInto('webhookDeliveries')
      .values(endpointIds.map((endpointId) => ({ eventId: row.id, endpointId })))
      .execute();
  }
  return row.id;
}

// Delivery.

export interface ClaimedDelivery {
  id: number;
  eventId: number;
  endpointId: number;
  attempts: number;
  claimToken: string;
  url: string;
  secret: string;
  /** The event's JSON as stored: the body that is signed and sent. */
  body: string;
}

/**
 * Claims up to `limit` due deliveries of enabled endpoints for `leaseMs`, in one statement: rows
 * another worker is claiming are skipped (SKIP LOCKED), and a claimed row is not due again before
 * its lease runs out, so each attempt is made by one instance. A worker that dies mid-attempt
 * leaves its claim to run out; another then makes the attempt again (same webhook-id).
 */
export async function claimDueDeliveries(db: Db, limit: number, leaseMs: number): Promise<ClaimedDelivery[]> {
  const token = randomUUID();
  const { rows } = await sql<Omit<ClaimedDelivery, 'body'> & { body: string }>`
    with due as (
      select d.id from webhook_deliveries d
      join webhook_endpoints e on e.id = d.endpoint_id and e.enabled
      where d.status = 'PENDING' and d.next_attempt_at <= now() and (d.claimed_until is null or d.claimed_until < now())
      order by d.next_attempt_at, d.id
      limit ${limit}
      for update of d skip locked
    )
    update webhook_deliveries d
    set claim_token = ${token}::uuid, claimed_until = now() + make_interval(secs => ${leaseMs / 1000}), attempts = d.attempts + 1
    from due, webhook_endpoints e, webhook_events ev
    where d.id = due.id and e.id = d.endpoint_id and ev.id = d.event_id
    returning d.id, d.event_id, d.endpoint_id, d.attempts, d.claim_token, e.url, e.secret, ev.payload::text as body`.execute(
    db,
  );
  return rows;
}

export interface AttemptOutcome {
  deliveryId: number;
  claimToken: string;
  attemptedAt: Date;
  durationMs: number;
  statusCode: number | null;
  error: string | null;
  responseBody: string | null;
  ok: boolean;
  worker: string;
  /** For a failure: when to try again, or null to give up (FAILED). */
  retryAt: Date | null;
  /** Failed attempts in a row after which the endpoint is disabled; 0: never. */
  disableAfterFailures: number;
}

/**
 * Records an attempt and its consequences in one transaction: the log row, the delivery's state,
 * and the endpoint's failure count (disabling it at the threshold). Nothing is written when the
 * claim is no longer this worker's (its lease ran out and another worker took the delivery).
 */
export async function recordDeliveryAttempt(
  db: Db,
  outcome: AttemptOutcome,
): Promise<{ recorded: boolean; disabled: boolean }> {
  return db.transaction().execute(async (trx) => {
    const status: WebhookDeliveryStatus = outcome.ok ? 'SUCCEEDED' : outcome.retryAt ? 'PENDING' : 'FAILED';
    const delivery = await trx
      .updateTable('webhookDeliveries')
      .set({
        status,
        claimToken: null,
        claimedUntil: null,
        lastAttemptAt: outcome.attemptedAt,
        nextAttemptAt: outcome.retryAt ?? outcome.attemptedAt,
        deliveredAt: outcome.ok ? sql`now()` : null,
      } as never)
      .where('id', '=', outcome.deliveryId)
      .where('claimToken', '=', outcome.claimToken)
      .returning(['endpointId'])
      .executeTakeFirst();
    if (!delivery) return { recorded: false, disabled: false };
    await trx
      .insertInto('webhookDeliveryAttempts')
      .values({
        deliveryId: outcome.deliveryId,
        attemptedAt: outcome.attemptedAt,
        durationMs: outcome.durationMs,
        statusCode: outcome.statusCode,
        error: outcome.error,
        responseBody: outcome.responseBody,
        retryAt: outcome.ok ? null : outcome.retryAt,
        worker: outcome.worker,
      })
      .execute();
    if (outcome.ok) {
      await trx
        .updateTable('webhookEndpoints')
        .set({ consecutiveFailures: 0 })
        .where('id', '=', delivery.endpointId)
        .where('consecutiveFailures', '>', 0)
        .execute();
      return { recorded: true, disabled: false };
    }
    const limit = outcome.disableAfterFailures;
    const endpoint = await trx
      .updateTable('webhookEndpoints')
      .set({
        consecutiveFailures: sql`consecutive_failures + 1`,
        ...(limit > 0
          ? {
              enabled: sql`enabled and consecutive_failures + 1 < ${limit}`,
              disabledAt: sql`case when enabled and consecutive_failures + 1 >= ${limit} then now() else disabled_at end`,
              disabledReason: sql`case when enabled and consecutive_failures + 1 >= ${limit} then ${`disabled after ${limit} failed attempts in a row`} else disabled_reason end`,
            }
          : {}),
      } as never)
      .where('id', '=', delivery.endpointId)
      .returning(['enabled', 'consecutiveFailures'])
      .executeTakeFirst();
    return {
      recorded: true,
      disabled: limit > 0 && endpoint !== undefined && !endpoint.enabled && endpoint.consecutiveFailures === limit,
    };
  });
}

/** Makes a delivery due now again (manual replay), with a fresh count of attempts. */
export async function replayDelivery(db: Db, id: number): Promise<WebhookDeliveryRow | undefined> {
  return db
    .updateTable('webhookDeliveries')
    .set({
      status: 'PENDING',
      attempts: 0,
      nextAttemptAt: sql`now()`,
      claimToken: null,
      claimedUntil: null,
      deliveredAt: null,
    } as never)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

// The delivery log.

export interface DeliveryLogRow extends WebhookDeliveryRow {
  type: string;
  payload: unknown;
  eventCreatedAt: Date;
}

const deliveryLog = (db: Db) =>
  db
    .selectFrom('webhookDeliveries as d')
    .innerJoin('webhookEvents as ev', 'ev.id', 'd.eventId')
    .selectAll('d')
    .select(['ev.type', 'ev.payload', 'ev.createdAt as eventCreatedAt']);

export async function findDeliveriesByIds(db: Db, ids: readonly number[]): Promise<DeliveryLogRow[]> {
  if (ids.length === 0) return [];
  return (await deliveryLog(db)
    .where('d.id', '=', sql<number>`any(${[...ids]}::bigint[])`)
    .execute()) as DeliveryLogRow[];
}

/** An endpoint's deliveries, newest first, after the cursor's id; `limit` rows (read one more to know of a next page). */
export async function listDeliveries(
  db: Db,
  endpointId: number,
  options: { status?: WebhookDeliveryStatus | null; eventType?: string | null; afterId?: number; limit: number },
): Promise<DeliveryLogRow[]> {
  let query = deliveryLog(db).where('d.endpointId', '=', endpointId);
  if (options.status) query = query.where('d.status', '=', options.status);
  if (options.eventType) query = query.where('ev.type', '=', options.eventType);
  if (options.afterId !== undefined) query = query.where('d.id', '<', options.afterId);
  return (await query.orderBy('d.id', 'desc').limit(options.limit).execute()) as DeliveryLogRow[];
}

/** The latest `perDelivery` attempts of each delivery, newest first. */
export async function findAttemptsByDeliveryIds(
  db: Db,
  ids: readonly number[],
  perDelivery: number,
): Promise<WebhookDeliveryAttemptRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<WebhookDeliveryAttemptRow>`
    select a.* from unnest(${[...ids]}::bigint[]) as wanted(id)
    cross join lateral (
      select * from webhook_delivery_attempts where delivery_id = wanted.id order by id desc limit ${perDelivery}
    ) a`.execute(db);
  return rows;
}

/** Deletes finished deliveries older than `days`, and events left without deliveries; returns how many deliveries. */
export async function pruneWebhookLog(db: Db, days: number): Promise<number> {
  const result = await sql`
    delete from webhook_deliveries where status <> 'PENDING' and created_at < now() - make_interval(days => ${days})`.execute(
    db,
  );
  await sql`
    delete from webhook_events ev where ev.created_at < now() - make_interval(days => ${days})
    and not exists (select 1 from webhook_deliveries d where d.event_id = ev.id)`.execute(db);
  return Number(result.numAffectedRows ?? 0);
}
