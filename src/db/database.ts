import { CamelCasePlugin, CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { chargeStatement } from './statement-budget.js';
import type { Database } from './tables.js';

// COUNT(*) and other int8 results fit comfortably in a JS number for this domain.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export type Db = Kysely<Database>;

// SQL texts registered by queries that compile once and run on every page view
// (src/db/queries/article-pages.ts). The set is bounded by the number of query shapes, never
// by input, so each connection prepares each at most once. Compiled reads (src/compiled/) add one
// per operation clients send; the cap keeps a client sending ever new documents from growing every
// connection's statements without end (past it, texts run unnamed, as before).
const preparedNames = new Map<string, string>();
const MAX_PREPARED = 1000;

/** Sends this exact SQL text as a named prepared statement from now on. */
export function registerPrepared(text: string): void {
  if (!preparedNames.has(text) && preparedNames.size < MAX_PREPARED) preparedNames.set(text, `broadsheet_${preparedNames.size + 1}`);
}

/**
 * Kysely's pg driver sends unnamed statements, which PostgreSQL parses and plans on every call.
 * For registered texts, name the statement: PostgreSQL then parses it once per connection and
 * can reuse its plan (the bench's article page spends a good part of its database time planning).
 * Every statement is also charged to the running request's budget (statement-budget.ts).
 */
function sendRegisteredAsPrepared(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((config: unknown, values?: unknown, callback?: unknown) => {
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
    const name = typeof config === 'string' ? preparedNames.get(config) : undefined;
    if (name && Array.isArray(values)) return query({ name, text: config, values }, callback);
    return query(config, values, callback);
  }) as typeof client.query;
}

export interface DatabaseHandle {
  db: Db;
  pool: pg.Pool;
  /** Monotonic count of SQL statements sent; tests and benchmarks read deltas of it. */
  stats: { statements: number };
  close(): Promise<void>;
}

export interface DatabaseOptions {
  poolMax?: number;
  statementTimeoutMs?: number;
  applicationName?: string;
}

export function createDatabase(connectionString: string, options: DatabaseOptions = {}): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max: options.poolMax ?? 10,
    application_name: options.applicationName ?? 'broadsheet',
    // Every statement is bounded: a slow query becomes an error, never a hung request.
    statement_timeout: options.statementTimeoutMs ?? 5000,
    // Session settings, sent with the connection (they override the database's defaults):
    // - No JIT compilation: it starts when a plan's estimated cost passes jit_above_cost, and
    //   search's walk (src/db/queries/article-search.ts) passes it by far, since the planner sums
    //   every branch of it and assumes ten recursion steps, while it runs in milliseconds;
    //   compiling took 150-300 ms. Nothing this server runs is the long analytical query JIT pays
    //   off for.
    // - UTC: timestamps inside JSON (the page prefetch, src/db/queries/article-pages.ts) are
    //   written in the session's zone, and before the 1880s most zones had offsets with seconds
    //   (New York's -04:56:02) that JavaScript cannot read.
    options: '-c jit=off -c TimeZone=UTC',
    connectionTimeoutMillis: 5000,
  });
  // An idle client that loses its server (database restart) must not crash the process.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    // A checked-out client whose server goes away emits 'error' too, after its query has already
    // failed; without a listener that is an uncaught exception (found by the restart test).
    client.on('error', () => {});
    sendRegisteredAsPrepared(client);
  });
  const stats = { statements: 0 };
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    plugins: [new CamelCasePlugin()],
    log(event) {
      if (event.level === 'query' || event.level === 'error') stats.statements += 1;
    },
  });
  let closed = false;
  const handle: DatabaseHandle = {
    db,
    pool,
    stats,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
  handles.set(db, handle);
  return handle;
}

const handles = new WeakMap<Db, DatabaseHandle>();

/**
 * Runs one registered statement on the pool itself, for the hot path of compiled reads (one
 * statement per request). Kysely's executor around a raw query (connection provider, plugins, the
 * log) costs about 20 µs of CPU per call, a tenth of such a request. Counted in `stats` like the
 * rest. A Kysely instance not made here (none in the project) goes through Kysely as before.
 */
export async function queryRegistered<R>(db: Db, text: string, values: unknown[]): Promise<R[]> {
  const handle = handles.get(db);
  if (!handle) return (await db.executeQuery<R>(CompiledQuery.raw(text, values))).rows;
  handle.stats.statements += 1;
  // A text and its values, as Kysely sends them: sendRegisteredAsPrepared names the statement.
  const { rows } = await handle.pool.query(text, values);
  return rows as R[];
}
