import { sql } from 'kysely';
import pg from 'pg';
import type { Db } from '../database.js';

// PostgreSQL NOTIFY and LISTEN, no table: a writer's commit wakes the change feed (content/change-feed.ts).

/**
 * NOTIFY on a channel. Inside a transaction PostgreSQL holds the notification until the commit
 * (and drops it on rollback), so listeners hear of a write only once it is visible.
 */
export async function notify(db: Db, channel: string, payload: string): Promise<void> {
  await sql`select pg_notify(${channel}, ${payload})`.execute(db);
}

export interface Listener {
  /** Resolves once the first LISTEN is in place. */
  ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * LISTENs on a channel with a client of its own, outside the pool (a pooled client would be
 * handed to other queries). A dropped connection is opened again, with a growing pause; `onGap`
 * is called once it listens again, since notifications sent meanwhile are lost.
 */
export function listen(
  pool: pg.Pool,
  channel: string,
  handlers: { onMessage(payload: string): void; onGap(): void; onError(error: Error): void },
): Listener {
  let closed = false;
  let client: pg.Client | undefined;
  let retryMs = 250;
  let timer: NodeJS.Timeout | undefined;
  let attempts = 0;
  let listening!: () => void;
  const ready = new Promise<void>((resolve) => (listening = resolve));

  const connect = async () => {
    timer = undefined;
    if (closed) return;
    attempts += 1;
    const next = new pg.Client({ ...pool.options, statement_timeout: undefined } as pg.ClientConfig);
    client = next;
    let failed = false;
    const drop = (error?: Error) => {
      if (failed) return;
      failed = true;
      if (client === next) client = undefined;
      next.removeAllListeners('notification');
      next.end().catch(() => {});
      if (closed) return;
      if (error) handlers.onError(error);
      timer = setTimeout(connect, retryMs);
      timer.unref();
      retryMs = Math.min(retryMs * 2, 5000);
    };
    next.on('error', (error) => drop(error));
    next.on('end', () => drop(new Error(`the LISTEN connection for ${channel} closed`)));
    next.on('notification', (message) => {
      if (message.channel === channel && message.payload !== undefined) handlers.onMessage(message.payload);
    });
    try {
      await next.connect();
      await next.query(`listen ${pg.escapeIdentifier(channel)}`);
    } catch (error) {
      drop(error as Error);
      return;
    }
    if (closed) {
      await next.end().catch(() => {});
      return;
    }
    retryMs = 250;
    // Anything other than a first attempt that worked may have missed notifications.
    if (attempts > 1) handlers.onGap();
    attempts = 1;
    listening();
  };
  void connect();

  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      const current = client;
      client = undefined;
      if (current) {
        current.removeAllListeners();
        current.on('error', () => {});
        await current.end().catch(() => {});
      }
    },
  };
}
