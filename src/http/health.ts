import type { Plugin } from 'graphql-yoga';
import { sql } from 'kysely';
import { DEFAULT_READINESS_TIMEOUT_MS } from '../config.js';
import { type Db, databaseHandleOf } from '../db/database.js';
import { pendingMigrations } from '../db/migrator.js';

/** A read replica as /ready shows it: numbered in DATABASE_REPLICA_URLS's order (its address is not public). */
export interface ReplicaReadiness {
  replica: number;
  healthy: boolean;
  lagMs: number | null;
  /** Why it is out of the rotation; `detail` (the error) in development only. */
  reason?: string;
  connections: { total: number; idle: number; waiting: number };
}

/**
 * `reason` names what is missing; `detail` (the error, which may name hosts and ports) is for
 * development only. Replicas never make an instance unready: the primary takes their reads.
 */
export type Readiness =
  | { ready: true; replicas?: ReplicaReadiness[]; detail?: string[] }
  | { ready: false; reason: string; detail: string };

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Ready means: the database answers and every migration has run. The migrations check is
 * remembered once it passes (they never un-apply); reachability is asked every time.
 */
export function createReadinessCheck(db: Db, timeoutMs = DEFAULT_READINESS_TIMEOUT_MS): () => Promise<Readiness> {
  let migrated = false;
  return async () => {
    try {
      await withTimeout(sql`select 1`.execute(db), timeoutMs);
    } catch (error) {
      return { ready: false, reason: 'database unreachable', detail: (error as Error).message || String(error) };
    }
    if (!migrated) {
      try {
        const pending = await withTimeout(pendingMigrations(db), timeoutMs);
        if (pending.length > 0) return { ready: false, reason: 'migrations pending', detail: pending.join(', ') };
        migrated = true;
      } catch (error) {
        return { ready: false, reason: 'cannot read migrations', detail: (error as Error).message };
      }
    }
    const replicas = databaseHandleOf(db)?.replicas.status() ?? [];
    if (replicas.length === 0) return { ready: true };
    return {
      ready: true,
      replicas: replicas.map((r, index) => ({
        replica: index + 1,
        healthy: r.healthy,
        lagMs: r.lagMs,
        ...(r.reason ? { reason: r.reason.startsWith('unreachable') ? 'unreachable' : r.reason } : {}),
        connections: { total: r.pool.totalCount, idle: r.pool.idleCount, waiting: r.pool.waitingCount },
      })),
      detail: replicas.map((r, index) => `replica ${index + 1} (${r.name}): ${r.reason ?? 'in rotation'}`),
    };
  };
}

/**
 * `/ready` answers 200 or 503 with a JSON body saying why; `/health` (yoga's own) says the process
 * is up. The body names the failing error only with `details` (development): in production it is
 * public, and a connection error names the database's address.
 */
export function useReadiness(check: () => Promise<Readiness>, { details }: { details: boolean }): Plugin {
  const endpoint = '/ready';
  const answer = async (): Promise<Response> => {
    const readiness = await check();
    const body = readiness.ready
      ? {
          status: 'ready',
          ...(readiness.replicas
            ? { replicas: readiness.replicas, ...(details ? { detail: readiness.detail } : {}) }
            : {}),
        }
      : { status: 'unavailable', reason: details ? `${readiness.reason}: ${readiness.detail}` : readiness.reason };
    return new Response(JSON.stringify(body), {
      status: readiness.ready ? 200 : 503,
      headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
    });
  };
  // What yoga's useReadinessCheck matches (a target ending in /ready, or that path), without the
  // URLPattern test it runs on every other request (about 2% of a compiled read's CPU).
  return {
    onRequest({ request, url, endResponse }) {
      if (request.url.endsWith(endpoint) || url.pathname === endpoint) {
        return answer().then(endResponse, (error: unknown) =>
          endResponse(
            new Response(error instanceof Error ? error.message : null, {
              status: 503,
              headers: error instanceof Error ? { 'content-type': 'text/plain; charset=utf-8' } : {},
            }),
          ),
        );
      }
    },
  };
}
