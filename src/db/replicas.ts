import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { createStatementBudget, runWithStatementBudget } from './statement-budget.js';

const UNCOUNTED = createStatementBudget(Number.POSITIVE_INFINITY);

/**
 * Read replicas (DATABASE_REPLICA_URLS). A request is served by the primary unless it says
 * otherwise: the app marks a public reader's request (no token) with readFromReplica(), and only
 * then do its statements go to a healthy replica. Writes, transactions, and every request that
 * carries a token (editors, and so every client that can write: read-your-writes holds on any
 * instance, with no state shared between them) stay on the primary.
 *
 * A replica is healthy when its last check (every checkIntervalMs) answered and its replay was
 * at most maxLagMs behind the primary. A statement that fails on a replica for a reason the
 * primary would not have (the connection, or a write refused as read-only) runs again on the
 * primary, so a replica failing costs time, never an answer.
 *
 * After a committed write (noteWrite: this process's or another's, heard through the change
 * feed), public reads go to the primary until a replica has replayed the primary's WAL position
 * of that moment, and the writer waits (at most DATABASE_REPLICA_MAX_LAG_MS) for the replicas to
 * replay it before it answers: a cache the write dropped, on any instance, is not refilled with
 * what a replica still had.
 */

interface RouteState {
  replica: boolean;
}

const routes = new AsyncLocalStorage<RouteState>();

/** Runs one request's work; its statements go to the primary unless readFromReplica() is called within. */
export function runRouted<T>(work: () => T): T {
  return routes.run({ replica: false }, work);
}

/** Lets the running request's reads go to a replica (see runRouted). */
export function readFromReplica(): void {
  const state = routes.getStore();
  if (state) state.replica = true;
}

/** Brings work back to the primary within a request that was marked for a replica. */
export function readFromPrimary(): void {
  const state = routes.getStore();
  if (state) state.replica = false;
}

/** An LSN such as `16/B374D848`, as a number that orders like it. */
export function parseLsn(text: string): bigint {
  const [high, low] = text.split('/');
  return (BigInt(`0x${high}`) << 32n) + BigInt(`0x${low}`);
}

/** Errors a replica may give that the primary would not: its connection, or a write it cannot take. */
export function isReplicaFailure(error: unknown): boolean {
  const e = error as { code?: string; message?: string } | undefined;
  const code = e?.code ?? '';
  if (code === '25006') return true; // read_only_sql_transaction: a write sent to a hot standby
  if (code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03') return true;
  if (['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH'].includes(code)) return true;
  return /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
    e?.message ?? '',
  );
}

function isConnectionFailure(error: unknown): boolean {
  return isReplicaFailure(error) && (error as { code?: string }).code !== '25006';
}

export interface ReplicaStatus {
  /** The replica's address without credentials (host:port/database). */
  name: string;
  healthy: boolean;
  /** Estimated replay lag in milliseconds (0 when it has replayed what the primary had); null when unknown. */
  lagMs: number | null;
  /** Why it is out of the rotation, when it is. */
  reason?: string;
  pool: pg.Pool;
}

interface Replica extends ReplicaStatus {
  replayLsn: bigint | undefined;
  checking: boolean;
}

export interface ReplicaRouterOptions {
  primary: pg.Pool;
  replicas: { url: string; pool: pg.Pool }[];
  maxLagMs: number;
  checkIntervalMs: number;
}

export interface ReplicaRouter {
  /** What Kysely's dialect is given: connect() routes by the running request. */
  pool: pg.Pool;
  /** pool.query with the same routing, for one-statement reads (queryRegistered). */
  query(text: string, values: unknown[]): Promise<pg.QueryResult>;
  /** A write committed: see the module's comment. Resolves once the replicas replayed it, or the allowed lag passed. */
  noteWrite(): Promise<void>;
  status(): ReplicaStatus[];
  /** Runs every replica's check now (tests and /ready use the periodic results). */
  check(): Promise<void>;
  close(): Promise<void>;
}

function describe(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return 'replica';
  }
}

export function createReplicaRouter(options: ReplicaRouterOptions): ReplicaRouter {
  const { primary, maxLagMs } = options;
  const replicas: Replica[] = options.replicas.map(({ url, pool }) => ({
    name: describe(url),
    pool,
    healthy: false,
    lagMs: null,
    reason: 'not checked yet',
    replayLsn: undefined,
    checking: false,
  }));
  // The primary's WAL position over time: a replica that has not replayed a position is behind
  // by at least the time since the primary was seen at it.
  const samples: { at: number; lsn: bigint }[] = [];
  // Writes whose WAL position is still being read, and the position reads must wait for.
  let pendingWrites = 0;
  let requiredLsn = 0n;
  let next = 0;

  const usable = (r: Replica) =>
    r.healthy && pendingWrites === 0 && r.replayLsn !== undefined && r.replayLsn >= requiredLsn;

  const pick = (): Replica | undefined => {
    for (let i = 0; i < replicas.length; i += 1) {
      const r = replicas[(next + i) % replicas.length]!;
      if (usable(r)) {
        next = (next + i + 1) % replicas.length;
        return r;
      }
    }
    return undefined;
  };

  const out = (r: Replica, reason: string) => {
    r.healthy = false;
    r.reason = reason;
  };

  const checkOne = async (r: Replica, primaryLsn: bigint | undefined, now: number) => {
    if (r.checking) return;
    r.checking = true;
    try {
      const { rows } = await r.pool.query<{ lsn: string | null }>(
        'select coalesce(pg_last_wal_replay_lsn(), pg_current_wal_lsn())::text as lsn',
      );
      const lsn = parseLsn(rows[0]!.lsn!);
      r.replayLsn = lsn;
      const behind = primaryLsn !== undefined && lsn < primaryLsn;
      // The oldest primary position this replica has not replayed: it is behind since then.
      const since = behind ? samples.find((s) => s.lsn > lsn)?.at : undefined;
      r.lagMs = behind ? Math.max(0, now - (since ?? now)) : 0;
      if (r.lagMs > maxLagMs) out(r, `replication lag ${r.lagMs} ms over DATABASE_REPLICA_MAX_LAG_MS (${maxLagMs})`);
      else {
        r.healthy = true;
        r.reason = undefined;
      }
    } catch (error) {
      r.lagMs = null;
      out(r, `unreachable: ${(error as Error).message || String(error)}`);
    } finally {
      r.checking = false;
    }
  };

  let checking: Promise<void> | undefined;
  const check = () =>
    (checking ??= (async () => {
      const now = Date.now();
      let primaryLsn: bigint | undefined;
      try {
        const { rows } = await primary.query<{ lsn: string }>(
          'select (case when pg_is_in_recovery() then pg_last_wal_replay_lsn() else pg_current_wal_lsn() end)::text as lsn',
        );
        primaryLsn = parseLsn(rows[0]!.lsn);
        if (samples.at(-1)?.lsn !== primaryLsn) samples.push({ at: now, lsn: primaryLsn });
        // Keep what can still matter: positions newer than the oldest replica's, within twice the allowed lag.
        while (samples.length > 1 && samples[0]!.at < now - 2 * maxLagMs - 60_000) samples.shift();
      } catch {
        // The primary is down: replicas are judged by what they last replayed; reads stay possible.
      }
      await Promise.all(replicas.map((r) => checkOne(r, primaryLsn, now)));
    })().finally(() => (checking = undefined)));

  let timer: NodeJS.Timeout | undefined;
  if (replicas.length > 0) {
    void check();
    timer = setInterval(() => void check(), options.checkIntervalMs);
    timer.unref();
  }

  const onReplica = () => (routes.getStore()?.replica ? pick() : undefined);

  const fallback = (r: Replica, error: unknown) => {
    if (isConnectionFailure(error)) out(r, `unreachable: ${(error as Error).message}`);
  };

  /** A client for Kysely: starts on the replica, moves to the primary for a transaction or a failure there. */
  const routedClient = (replica: Replica) => {
    let target: pg.PoolClient | undefined;
    let onPrimary = false;
    const client = {
      async query(config: unknown, values?: unknown) {
        // A transaction (Kysely sends `begin` first) runs on the primary: it may write.
        if (!target && typeof config === 'string' && /^\s*(begin|start transaction)\b/i.test(config)) {
          target = await primary.connect();
          onPrimary = true;
        }
        if (!target) {
          try {
            target = await replica.pool.connect();
          } catch (error) {
            fallback(replica, error);
            target = await primary.connect();
            onPrimary = true;
          }
        }
        try {
          return await target.query(config as string, values as unknown[]);
        } catch (error) {
          if (onPrimary || !isReplicaFailure(error) || typeof config !== 'string') throw error;
          fallback(replica, error);
          target.release(isConnectionFailure(error) ? (error as Error) : undefined);
          target = await primary.connect();
          onPrimary = true;
          return target.query(config, values as unknown[]);
        }
      },
      release(error?: Error | boolean) {
        target?.release(error);
        target = undefined;
      },
    };
    return client as unknown as pg.PoolClient;
  };

  const pool = new Proxy(primary, {
    get(target, property, receiver) {
      if (property === 'connect') {
        return async () => {
          const replica = onReplica();
          return replica ? routedClient(replica) : target.connect();
        };
      }
      const value = Reflect.get(target, property, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });

  return {
    pool,
    async query(text, values) {
      const replica = onReplica();
      if (!replica) return primary.query(text, values);
      try {
        return await replica.pool.query(text, values);
      } catch (error) {
        if (!isReplicaFailure(error)) throw error;
        fallback(replica, error);
        return primary.query(text, values);
      }
    },
    async noteWrite() {
      if (replicas.length === 0) return;
      pendingWrites += 1;
      try {
        // The router's own statements are not the request's: outside its statement budget.
        await runWithStatementBudget(UNCOUNTED, async () => {
          const { rows } = await primary.query<{ lsn: string }>('select pg_current_wal_lsn()::text as lsn');
          const lsn = parseLsn(rows[0]!.lsn);
          if (lsn > requiredLsn) requiredLsn = lsn;
          // Wait, at most the allowed lag, for the replicas in the rotation to replay it: a writer
          // answers once any instance's public reads, whichever replica they reach, see its write.
          const deadline = Date.now() + maxLagMs;
          await Promise.all(
            replicas
              .filter((r) => r.healthy)
              .map(async (r) => {
                while (Date.now() < deadline) {
                  const { rows: replayed } = await r.pool.query<{ lsn: string }>(
                    'select pg_last_wal_replay_lsn()::text as lsn',
                  );
                  const at = parseLsn(replayed[0]!.lsn);
                  if (r.replayLsn === undefined || at > r.replayLsn) r.replayLsn = at;
                  if (at >= lsn) return;
                  await new Promise((resolve) => setTimeout(resolve, 5));
                }
              }),
          );
        });
      } catch {
        // The primary or a replica failed to answer: the periodic check judges them.
      } finally {
        pendingWrites -= 1;
      }
    },
    status: () =>
      replicas.map(({ name, healthy, lagMs, reason, pool: p }) => ({ name, healthy, lagMs, reason, pool: p })),
    check,
    async close() {
      if (timer) clearInterval(timer);
      await checking;
    },
  };
}
