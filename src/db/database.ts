import { CamelCasePlugin, CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import {
  DEFAULT_DB_POOL_MAX,
  DEFAULT_PREPARED_STATEMENT_LIMITS,
  DEFAULT_REPLICA_CHECK_INTERVAL_MS,
  DEFAULT_REPLICA_MAX_LAG_MS,
  DEFAULT_STATEMENT_TIMEOUT_MS,
  PREPARED_CANDIDATES_BYTES,
} from '../config.js';
import { createReplicaRouter, type ReplicaRouter } from './replicas.js';
import { acquireConnectionSlot, chargeStatement } from './statement-budget.js';
import type { Database } from './tables.js';

// COUNT(*) and other int8 results fit comfortably in a JS number for this domain.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export type Db = Kysely<Database>;

// SQL texts that may be worth preparing: those of queries that compile once and run on every
// page view (search), and compiled reads (src/compiled/), one per
// operation clients send. Anyone can send new operations, and a named statement stays on each
// connection that prepared it (PostgreSQL keeps its parse tree and plans: about 60 times its text
// in backend memory), so registering only makes a text a candidate; see PreparedStatements.
// Kept within PREPARED_CANDIDATES_BYTES, the least recently registered or run going first (a Map
// iterates in insertion order; a run moves its text to the end). A cap of 2000 texts, first in,
// first out, let a flood of new operations push out the site's own page between two of its runs,
// which then never reached PREPARED_STATEMENT_MIN_USES: its plan stayed cached, so it was never
// registered again.
const candidates = new Map<string, number>();
let candidateBytes = 0;
/** A candidate's text (one byte a character: SQL is ASCII but for literals) and its Map slot. */
const candidateBytesOf = (text: string) => text.length + 64;
/**
 * Runs a candidate needs before it is prepared: PostgreSQL switches a prepared statement to a
 * generic plan only after five custom ones, so a text run fewer times gains little from a name.
 */
export const PREPARED_STATEMENT_MIN_USES = 5;

/** Marks this exact SQL text as one to send as a named prepared statement once it is used often. */
export function registerPrepared(text: string): void {
  if (candidates.has(text)) return;
  candidates.set(text, 0);
  candidateBytes += candidateBytesOf(text);
  // The least recently used go first; forgetting one costs nothing (it was never prepared).
  for (const [old] of candidates) {
    if (candidateBytes <= PREPARED_CANDIDATES_BYTES) break;
    candidates.delete(old);
    candidateBytes -= candidateBytesOf(old);
  }
}

export interface PreparedStatementLimits {
  /** Named statements per connection (the same set on each). */
  max: number;
  /** Their SQL texts together, in bytes. */
  maxBytes: number;
}

/**
 * The texts a pool sends as named statements: candidates admitted once they ran
 * PREPARED_STATEMENT_MIN_USES times, while the set is within its count and bytes. When it is full,
 * a candidate takes the place of the admitted text used least, once it has been used more than
 * twice as often as that one (uses are halved every DECAY_EVERY statements, so what counts is
 * recent use): anyone can send texts that run five times, and a set kept first come, first kept
 * for good was filled by 64 such texts of an anonymous client in 350 requests, after which the
 * site's own pages ran unnamed until a restart. The text that gives way is deallocated on each
 * connection before that connection's next statement (nameFor's `generation`).
 */
const DECAY_EVERY = 10_000;

function createPreparedStatements(limits: PreparedStatementLimits) {
  const admitted = new Map<string, { name: string; uses: number }>();
  /** Names admitted now: a connection deallocates the others it prepared. */
  const names = new Set<string>();
  let bytes = 0;
  let serial = 0;
  let statements = 0;
  const state = { generation: 0 };

  function decay(): void {
    for (const entry of admitted.values()) entry.uses = Math.floor(entry.uses / 2);
    for (const [text, uses] of candidates) candidates.set(text, Math.floor(uses / 2));
  }

  /** The admitted text used least, when `uses` is more than twice its uses and its place frees room enough for `size` bytes. */
  function leastUsed(uses: number, size: number): string | undefined {
    let least: string | undefined;
    let leastUses = Number.POSITIVE_INFINITY;
    for (const [text, entry] of admitted) {
      if (entry.uses < leastUses) {
        least = text;
        leastUses = entry.uses;
      }
    }
    if (least === undefined || uses <= 2 * leastUses) return undefined;
    return bytes - Buffer.byteLength(least) + size <= limits.maxBytes ? least : undefined;
  }

  function admit(text: string, uses: number, size: number): string {
    bytes += size;
    serial += 1;
    const name = `broadsheet_${serial}`;
    admitted.set(text, { name, uses });
    names.add(name);
    return name;
  }

  return {
    state,
    isAdmitted: (name: string) => names.has(name),
    nameFor(text: string): string | undefined {
      statements += 1;
      if (statements % DECAY_EVERY === 0) decay();
      const entry = admitted.get(text);
      if (entry !== undefined) {
        entry.uses += 1;
        return entry.name;
      }
      const previous = candidates.get(text);
      if (previous === undefined) return undefined;
      const uses = previous + 1;
      // To the end: the most recently used.
      candidates.delete(text);
      candidates.set(text, uses);
      if (uses < PREPARED_STATEMENT_MIN_USES || limits.max === 0) return undefined;
      const size = Buffer.byteLength(text);
      if (admitted.size < limits.max && bytes + size <= limits.maxBytes) return admit(text, uses, size);
      const least = leastUsed(uses, size);
      if (least === undefined) return undefined;
      const gone = admitted.get(least)!;
      admitted.delete(least);
      names.delete(gone.name);
      bytes -= Buffer.byteLength(least);
      // It may be used again: a candidate once more (it may have been forgotten meanwhile), with the uses it had.
      registerPrepared(least);
      if (candidates.has(least)) candidates.set(least, gone.uses);
      state.generation += 1;
      return admit(text, uses, size);
    },
    usage: () => ({ statements: admitted.size, bytes }),
  };
}

/** What pg's connection keeps of the named statements it prepared. */
interface PgConnection {
  parsedStatements: Record<string, string>;
  submittedNamedStatements: Record<string, string>;
}

/**
 * Kysely's pg driver sends unnamed statements, which PostgreSQL parses and plans on every call.
 * For admitted texts (PreparedStatements), name the statement: PostgreSQL then parses it once per
 * connection and can reuse its plan (the bench's article page spends a good part of its database time planning).
 * Every statement is also charged to the running request's budget (statement-budget.ts).
 */
function sendRegisteredAsPrepared(client: pg.PoolClient, prepared: ReturnType<typeof createPreparedStatements>): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  let generation = prepared.state.generation;
  // Statements that gave way to others since this connection last ran one: deallocated first (pg
  // runs a connection's queries in order), so a backend holds only what is admitted.
  const deallocateEvicted = () => {
    const connection = (client as unknown as { connection?: PgConnection }).connection;
    if (!connection) return;
    let pending = false;
    for (const name of Object.keys(connection.parsedStatements)) {
      if (!name.startsWith('broadsheet_') || prepared.isAdmitted(name)) continue;
      delete connection.parsedStatements[name];
      (query(`deallocate ${name}`) as Promise<unknown>).catch(() => {});
    }
    for (const name of Object.keys(connection.submittedNamedStatements)) if (!prepared.isAdmitted(name)) pending = true;
    if (!pending) generation = prepared.state.generation;
  };
  client.query = ((config: unknown, values?: unknown, callback?: unknown) => {
    if (generation !== prepared.state.generation) deallocateEvicted();
    // Refused before it reaches PostgreSQL when the request has spent its statements.
    const refused = chargeStatement();
    if (refused) {
      const done = typeof values === 'function' ? values : callback;
      if (typeof done === 'function') {
        process.nextTick(() => done(refused));
        return undefined;
      }
      return Promise.reject(refused);
    }
    const name = typeof config === 'string' && Array.isArray(values) ? prepared.nameFor(config) : undefined;
    if (name) return query({ name, text: config, values }, callback);
    return query(config, values, callback);
  }) as typeof client.query;
}

type Connect = (
  callback?: (error: Error | undefined, client?: pg.PoolClient, done?: pg.PoolClient['release']) => void,
) => Promise<pg.PoolClient> | undefined;

/**
 * Each checkout waits for a slot of the running request first (statement-budget.ts), and gives
 * it back with the connection. pg's own pool.query checks out through pool.connect too, with a callback.
 */
function limitConnectionsPerRequest(pool: pg.Pool): void {
  const connect = pool.connect.bind(pool) as Connect;
  // The connection gives the slot back when it is released.
  const holdSlot = (client: pg.PoolClient, release: () => void): pg.PoolClient => {
    const give = client.release.bind(client);
    client.release = ((error?: Error | boolean) => {
      release();
      return give(error);
    }) as typeof client.release;
    return client;
  };
  const checkout = (release: () => void): Promise<pg.PoolClient> =>
    (connect() as Promise<pg.PoolClient>).then(
      (client) => holdSlot(client, release),
      (error: unknown) => {
        release();
        throw error;
      },
    );
  pool.connect = ((callback?: Parameters<Connect>[0]) => {
    const slot = acquireConnectionSlot();
    if (!slot) return connect(callback);
    if (typeof slot === 'function') {
      // A slot free at once (the common case): straight to the pool, with the callback when given.
      if (!callback) return checkout(slot);
      connect((error, client) => {
        if (error || !client) {
          slot();
          callback(error);
          return;
        }
        holdSlot(client, slot);
        callback(undefined, client, client.release);
      });
      return undefined;
    }
    const checkedOut = slot.then(checkout);
    if (!callback) return checkedOut;
    checkedOut.then(
      (client) => callback(undefined, client, client.release),
      (error: Error) => callback(error),
    );
    return undefined;
  }) as typeof pool.connect;
}

export interface DatabaseHandle {
  db: Db;
  /** The primary's pool (writes, editors' reads, and every read when no replica is healthy). */
  pool: pg.Pool;
  /**
   * Connections that keep session state (LISTEN, the migrations' advisory lock) straight to the
   * primary: DATABASE_DIRECT_URL when the pool goes through a transaction pooler (PgBouncer).
   * Never connected unless used.
   */
  directPool: pg.Pool;
  /** Kysely over directPool, for the migrations (their advisory lock and SET are session state). */
  directDb: Db;
  /** Read replicas: routing, health and lag (src/db/replicas.ts). */
  replicas: ReplicaRouter;
  /** Monotonic count of SQL statements sent; tests and benchmarks read deltas of it. */
  stats: { statements: number };
  /** The texts sent as named prepared statements (each connection prepares at most these). */
  preparedStatements(): { statements: number; bytes: number };
  close(): Promise<void>;
}

export interface DatabaseOptions {
  poolMax?: number;
  statementTimeoutMs?: number;
  applicationName?: string;
  preparedStatements?: Partial<PreparedStatementLimits>;
  /**
   * The URL goes through a pooler in transaction mode (PgBouncer): no session settings are sent
   * with the connection (PgBouncer refuses `options` and `statement_timeout`), the pooler's
   * connect_query sets them (docs/pgbouncer.ini), and checkSessionSettings() verifies it.
   */
  transactionPooler?: boolean;
  /** Where LISTEN and migrations connect when the URL is a pooler's; the URL itself otherwise. */
  directUrl?: string;
  /** DATABASE_REPLICA_URLS: hot standbys that take public reads, connected to directly (not through a transaction pooler). */
  replicaUrls?: readonly string[];
  /** Named statements on replica connections (preparedStatements when left out). */
  replicaPreparedStatements?: Partial<PreparedStatementLimits>;
  /** DATABASE_REPLICA_MAX_LAG_MS. */
  replicaMaxLagMs?: number;
  /** How often each replica's health and lag are read. */
  replicaCheckIntervalMs?: number;
}

/**
 * Session settings every connection needs, sent with the connection unless a transaction pooler
 * is in between:
 * - No JIT compilation: it starts when a plan's estimated cost passes jit_above_cost, and
 *   search's walk (src/db/queries/article-search.ts) passes it by far, since the planner sums
 *   every branch of it and assumes ten recursion steps, while it runs in milliseconds;
 *   compiling took 150-300 ms. Nothing this server runs is the long analytical query JIT pays
 *   off for.
 * - UTC: timestamps inside JSON (the executor's reads through the declarations, src/schema/read-through.ts) are
 *   written in the session's zone, and before the 1880s most zones had offsets with seconds
 *   (New York's -04:56:02) that JavaScript cannot read.
 */
export const SESSION_SETTINGS = { jit: 'off', TimeZone: 'UTC' } as const;

function createPool(
  connectionString: string,
  options: DatabaseOptions,
  prepared: ReturnType<typeof createPreparedStatements>,
  max: number,
): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    application_name: options.applicationName ?? 'broadsheet',
    // Every statement is bounded: a slow query becomes an error, never a hung request. Behind a
    // transaction pooler the pooler's connect_query sets it.
    ...(options.transactionPooler
      ? {}
      : {
          statement_timeout: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
          options: Object.entries(SESSION_SETTINGS)
            .map(([name, value]) => `-c ${name}=${value}`)
            .join(' '),
        }),
    connectionTimeoutMillis: 5000,
  });
  limitConnectionsPerRequest(pool);
  // An idle client that loses its server (database restart) must not crash the process.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    // A checked-out client whose server goes away emits 'error' too, after its query has already
    // failed; without a listener that is an uncaught exception (found by the restart test).
    client.on('error', () => {});
    sendRegisteredAsPrepared(client, prepared);
  });
  return pool;
}

/**
 * Behind a transaction pooler, what the connection did not send must come from the pooler or the
 * database's own settings: a session in another time zone would misread old dates, so it is refused.
 */
export async function checkSessionSettings(
  pool: pg.Pool,
  statementTimeoutMs: number,
): Promise<{ refused?: string; warnings: string[] }> {
  const { rows } = await pool.query<{ jit: string; timezone: string; statement_timeout: string }>(
    `select current_setting('jit') as jit, current_setting('TimeZone') as timezone, current_setting('statement_timeout') as statement_timeout`,
  );
  const row = rows[0]!;
  if (!['UTC', 'Etc/UTC', 'UCT', 'Etc/UCT', 'Zulu', 'Etc/Zulu', 'GMT', 'Etc/GMT'].includes(row.timezone)) {
    return {
      refused: `the database session's TimeZone is ${row.timezone}, not UTC: behind PgBouncer (DATABASE_PGBOUNCER) set it in the pooler's connect_query (docs/pgbouncer.ini)`,
      warnings: [],
    };
  }
  const warnings: string[] = [];
  if (row.jit !== SESSION_SETTINGS.jit)
    warnings.push(`jit is ${row.jit}; set jit = off in the pooler's connect_query (docs/pgbouncer.ini)`);
  if (row.statement_timeout === '0')
    warnings.push(
      `statement_timeout is 0 (none); set it in the pooler's connect_query (DB_STATEMENT_TIMEOUT_MS is ${statementTimeoutMs})`,
    );
  return { warnings };
}

export function createDatabase(connectionString: string, options: DatabaseOptions = {}): DatabaseHandle {
  const limits = { ...DEFAULT_PREPARED_STATEMENT_LIMITS, ...options.preparedStatements };
  const poolMax = options.poolMax ?? DEFAULT_DB_POOL_MAX;
  const prepared = createPreparedStatements(limits);
  const pool = createPool(connectionString, options, prepared, poolMax);
  // Each replica is a pool of its own size; a statement is named on each pool's connections.
  // Replicas are connected to directly (PgBouncer stands in front of the primary only), so their
  // connections carry the session settings themselves.
  const replicaLimits = { ...limits, ...options.replicaPreparedStatements };
  const replicaPools = (options.replicaUrls ?? []).map((url) => ({
    url,
    pool: createPool(url, { ...options, transactionPooler: false }, createPreparedStatements(replicaLimits), poolMax),
  }));
  const replicas = createReplicaRouter({
    primary: pool,
    replicas: replicaPools,
    maxLagMs: options.replicaMaxLagMs ?? DEFAULT_REPLICA_MAX_LAG_MS,
    checkIntervalMs: options.replicaCheckIntervalMs ?? DEFAULT_REPLICA_CHECK_INTERVAL_MS,
  });
  // LISTEN holds one connection; the migrator, one while it runs.
  const directPool =
    options.directUrl && options.directUrl !== connectionString
      ? createPool(options.directUrl, { ...options, transactionPooler: false }, prepared, 2)
      : pool;
  const stats = { statements: 0 };
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: replicas.pool }),
    plugins: [new CamelCasePlugin()],
    log(event) {
      if (event.level === 'query' || event.level === 'error') stats.statements += 1;
    },
  });
  const directDb =
    directPool === pool
      ? db
      : new Kysely<Database>({ dialect: new PostgresDialect({ pool: directPool }), plugins: [new CamelCasePlugin()] });
  let closed = false;
  const handle: DatabaseHandle = {
    db,
    pool,
    directPool,
    directDb,
    replicas,
    stats,
    preparedStatements: prepared.usage,
    async close() {
      if (closed) return;
      closed = true;
      await replicas.close();
      await db.destroy();
      await Promise.all([...replicaPools.map((r) => r.pool.end()), directDb === db ? undefined : directDb.destroy()]);
    },
  };
  handles.set(db, handle);
  return handle;
}

const handles = new WeakMap<Db, DatabaseHandle>();

/** The handle a Kysely instance was made by (its pools and replicas), when createDatabase made it. */
export function databaseHandleOf(db: Db): DatabaseHandle | undefined {
  return handles.get(db);
}

/**
 * Runs one registered statement on the pool itself, for the hot path of compiled reads (one
 * statement per request). Kysely's executor around a raw query (connection provider, plugins, the
 * log) costs about 20 µs of CPU per call, a tenth of such a request. Counted in `stats` like the
 * rest. A Kysely instance not made here (none in the project) goes through Kysely's executor.
 */
export async function queryRegistered<R>(db: Db, text: string, values: unknown[]): Promise<R[]> {
  const handle = handles.get(db);
  if (!handle) return (await db.executeQuery<R>(CompiledQuery.raw(text, values))).rows;
  handle.stats.statements += 1;
  // A text and its values, as Kysely sends them: sendRegisteredAsPrepared names the statement.
  const { rows } = await handle.replicas.query(text, values);
  return rows as R[];
}
