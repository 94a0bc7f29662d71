import { hostname } from 'node:os';
import type { WebhookConfig } from '../config.js';
import type { Db } from '../db/database.js';
import { listContentChangesForFanout } from '../db/queries/content-changes.js';
import {
  type ClaimedDelivery,
  claimDueDeliveries,
  findRevisionSnapshots,
  insertWebhookEvent,
  listEnabledWebhookEndpoints,
  lockFanoutCursor,
  pruneWebhookLog,
  recordDeliveryAttempt,
  setFanoutCursor,
} from '../db/queries/webhooks.js';
import type { Logger } from '../observability/logger.js';
import { boundedPayload, deriveWebhookEvents, versionsReferred } from './events.js';
import { sendWebhook } from './send.js';

export interface WebhookWorker {
  /** Looks for new changes and due deliveries now (a write committed); cheap to call often. */
  wake(): void;
  /** One full pass: fan out every change, then attempt every due delivery, and wait for them. */
  drain(): Promise<void>;
  /** Stops claiming, and waits for the attempts in flight (each ends by WEBHOOK_TIMEOUT_MS). */
  stop(): Promise<void>;
}

const FANOUT_BATCH = 200;

/** The `webhook-id` of a delivery: its event's, the same for every attempt and replay. */
export function messageIdOf(eventId: number): string {
  return `msg_${eventId}`;
}

/**
 * The wait before attempt `attempts + 1`: exponential (base × 2^(attempts − 1), capped) with "equal
 * jitter" (half fixed, half random), so that endpoints failing together do not retry in lockstep,
 * while each wait is still at least as long as the one before.
 */
export function retryDelayMs(
  attempts: number,
  config: Pick<WebhookConfig, 'retryBaseDelayMs' | 'retryMaxDelayMs'>,
  random = Math.random,
): number {
  const exponential = Math.min(config.retryMaxDelayMs, config.retryBaseDelayMs * 2 ** Math.min(attempts - 1, 40));
  return Math.round(exponential / 2 + (random() * exponential) / 2);
}

/**
 * Delivers webhooks: turns the change feed into events and deliveries (the fan-out), then sends
 * the deliveries that are due. Every instance runs one; the fan-out cursor is held by one instance
 * at a time and deliveries are claimed with SKIP LOCKED and a lease (src/db/queries/webhooks.ts),
 * so each event reaches each endpoint once however many instances run.
 */
export type AttemptOutcome = 'delivered' | 'retry' | 'failed' | 'disabled';

export function startWebhookWorker(options: {
  db: Db;
  config: WebhookConfig;
  logger?: Logger;
  /** Names the instance in the delivery log; host:pid when left out. */
  name?: string;
  /** Told of every recorded attempt (the server counts them: broadsheet_webhook_attempts_total). */
  onAttempt?: (outcome: AttemptOutcome) => void;
}): WebhookWorker {
  const { db, config, logger } = options;
  const name = options.name ?? `${hostname()}:${process.pid}`;
  const leaseMs = config.timeoutMs * 2 + 10_000;
  const inFlight = new Set<Promise<void>>();
  let stopped = false;
  let pass: Promise<void> | undefined;
  let again = false;

  const fanOut = async (): Promise<boolean> =>
    db.transaction().execute(async (trx) => {
      const cursor = await lockFanoutCursor(trx);
      if (cursor === undefined) return false;
      const changes = await listContentChangesForFanout(trx, cursor, FANOUT_BATCH);
      if (changes.length === 0) return false;
      const endpoints = await listEnabledWebhookEndpoints(trx);
      if (endpoints.length > 0) {
        const snapshots = await findRevisionSnapshots(trx, versionsReferred(changes));
        for (const change of changes) {
          for (const payload of deriveWebhookEvents(change, (articleId, version) =>
            snapshots.get(`${articleId}:${version}`),
          )) {
            const subscribed = endpoints.filter((e) => e.events.includes(payload.type)).map((e) => e.id);
            if (subscribed.length > 0)
              await insertWebhookEvent(
                trx,
                { changeId: change.id, type: payload.type, payload: boundedPayload(payload) },
                subscribed,
              );
          }
        }
      }
      await setFanoutCursor(trx, changes.at(-1)!.id);
      return changes.length === FANOUT_BATCH;
    });

  const attempt = async (delivery: ClaimedDelivery): Promise<void> => {
    const attemptedAt = new Date();
    const response = await sendWebhook({
      url: delivery.url,
      secret: delivery.secret,
      messageId: messageIdOf(delivery.eventId),
      body: delivery.body,
      timeoutMs: config.timeoutMs,
      maxResponseBytes: config.maxResponseBytes,
      allowPrivateNetworks: config.allowPrivateNetworks,
    });
    const retryAt =
      !response.ok && delivery.attempts < config.maxAttempts
        ? new Date(Date.now() + retryDelayMs(delivery.attempts, config))
        : null;
    const { recorded, disabled } = await recordDeliveryAttempt(db, {
      deliveryId: delivery.id,
      claimToken: delivery.claimToken,
      attemptedAt,
      durationMs: response.durationMs,
      statusCode: response.statusCode,
      error: response.error,
      responseBody: response.responseBody,
      ok: response.ok,
      worker: name,
      retryAt,
      disableAfterFailures: config.disableAfterFailures,
    });
    if (!response.ok) {
      logger?.info(
        {
          delivery: delivery.id,
          endpoint: delivery.endpointId,
          attempt: delivery.attempts,
          error: response.error,
          retryAt,
        },
        'webhook delivery failed',
      );
    }
    if (recorded) options.onAttempt?.(disabled ? 'disabled' : response.ok ? 'delivered' : retryAt ? 'retry' : 'failed');
    if (disabled)
      logger?.warn(
        { endpoint: delivery.endpointId, failures: config.disableAfterFailures },
        'webhook endpoint disabled after repeated failures',
      );
  };

  const deliverDue = async (): Promise<void> => {
    for (;;) {
      const room = config.concurrency - inFlight.size;
      if (stopped || room <= 0) return;
      const claimed = await claimDueDeliveries(db, room, leaseMs);
      if (claimed.length === 0) return;
      for (const delivery of claimed) {
        const running: Promise<void> = attempt(delivery)
          .catch((error) =>
            logger?.warn(
              { err: error, delivery: delivery.id },
              'webhook delivery: recording the attempt failed; the lease runs out and it is tried again',
            ),
          )
          .finally(() => {
            inFlight.delete(running);
            // A slot is free: the next due delivery need not wait for the timer.
            if (!stopped) wake();
          });
        inFlight.add(running);
      }
    }
  };

  const runPass = async (): Promise<void> => {
    while (!stopped && (await fanOut())) {
      // A long backlog: the next batch at once.
    }
    await deliverDue();
  };

  function wake(): void {
    if (stopped) return;
    if (pass) {
      again = true;
      return;
    }
    again = false;
    pass = runPass()
      .catch((error) => logger?.warn({ err: error }, 'webhooks: a pass failed; the next one tries again'))
      .finally(() => {
        pass = undefined;
        if (again) wake();
      });
  }

  const timer = config.pollIntervalMs > 0 ? setInterval(wake, config.pollIntervalMs) : undefined;
  timer?.unref();
  const prune = () =>
    void pruneWebhookLog(db, config.logRetentionDays).catch((error) =>
      logger?.warn({ err: error }, 'webhooks: pruning the delivery log failed'),
    );
  const pruneTimer = config.pollIntervalMs > 0 ? setInterval(prune, 3_600_000) : undefined;
  pruneTimer?.unref();
  if (config.pollIntervalMs > 0) wake();

  return {
    wake,
    async drain() {
      while (pass) await pass;
      await runPass();
      while (inFlight.size > 0 || pass) {
        await Promise.all([...inFlight]);
        if (pass) await pass;
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      if (pruneTimer) clearInterval(pruneTimer);
      await pass;
      await Promise.all([...inFlight]);
    },
  };
}
