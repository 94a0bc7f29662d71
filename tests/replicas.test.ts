import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { checkSessionSettings, createDatabase, type DatabaseHandle } from '../src/db/database.js';
import { isReplicaFailure, parseLsn, readFromReplica, runRouted } from '../src/db/replicas.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle } from './helpers/factories.js';
import { quietLogger } from './helpers/logger.js';
import { freePort } from './helpers/ports.js';
import { until } from './topology/topology.js';

// Routing and health on the machine's PostgreSQL: the "replica" is a second connection string to
// the same database (application_name tells them apart), and another points at a closed port.
// tests/topology.test.ts runs the same code against a real streaming replica.
let database: TestDatabase;
let routed: DatabaseHandle;
let closedPort: number;

const appName = (db: DatabaseHandle['db']) =>
  sql<{ name: string }>`select current_setting('application_name') as name`.execute(db).then((r) => r.rows[0]!.name);

beforeAll(async () => {
  database = await createTestDatabase();
  await createArticle(database.db, { slug: 'routed' });
  closedPort = await freePort();
  const replicaUrl = new URL(database.url);
  replicaUrl.searchParams.set('application_name', 'replica-one');
  const downUrl = new URL(database.url);
  downUrl.port = String(closedPort);
  routed = createDatabase(database.url, {
    applicationName: 'primary',
    replicaUrls: [replicaUrl.toString(), downUrl.toString()],
    replicaMaxLagMs: 1000,
    replicaCheckIntervalMs: 100,
  });
});

afterAll(async () => {
  await routed?.close();
});

describe('read replicas', () => {
  it('compares WAL positions as numbers and knows which errors the primary would not give', () => {
    expect(parseLsn('0/16B3748') < parseLsn('1/0')).toBe(true);
    expect(parseLsn('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(isReplicaFailure({ code: '25006' })).toBe(true);
    expect(isReplicaFailure({ code: 'ECONNREFUSED' })).toBe(true);
    expect(isReplicaFailure({ code: '57P01' })).toBe(true);
    expect(isReplicaFailure({ code: '23505' })).toBe(false);
  });

  it('keeps an unreachable replica out of the rotation and sends marked reads to the healthy one', async () => {
    await until(() => routed.replicas.status()[0]!.healthy, 30_000, 'the replica to be checked');
    await until(
      () => routed.replicas.status()[1]!.reason?.startsWith('unreachable') === true,
      30_000,
      'the closed port to be seen',
    );
    expect(routed.replicas.status().map((r) => r.healthy)).toEqual([true, false]);
    expect(routed.replicas.status()[0]!.lagMs).toBe(0);
    // Outside a request, and in a request not marked: the primary.
    expect(await appName(routed.db)).toBe('primary');
    expect(await runRouted(() => appName(routed.db))).toBe('primary');
    const names = await runRouted(async () => {
      readFromReplica();
      return Promise.all([appName(routed.db), appName(routed.db), appName(routed.db)]);
    });
    expect(names).toEqual(['replica-one', 'replica-one', 'replica-one']);
    // A transaction in a marked request still runs on the primary.
    expect(
      await runRouted(() => {
        readFromReplica();
        return routed.db.transaction().execute((trx) => appName(trx));
      }),
    ).toBe('primary');
  });

  it('answers through the primary when the only replica is unreachable at start, without failing a request', async () => {
    const downUrl = new URL(database.url);
    downUrl.port = String(closedPort);
    const lonely = createDatabase(database.url, {
      applicationName: 'primary',
      replicaUrls: [downUrl.toString()],
      replicaCheckIntervalMs: 100,
    });
    try {
      const app = createApp({ db: lonely.db, httpPlugins: { logger: quietLogger, nodeEnv: 'development' } });
      const response = await app.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ article(slug: "routed") { slug } }' }),
      });
      expect(await response.json()).toEqual({ data: { article: { slug: 'routed' } } });
      await until(
        () => lonely.replicas.status()[0]!.reason?.startsWith('unreachable') === true,
        30_000,
        'the replica to be found unreachable',
      );
      const ready = await (await app.fetch('http://localhost/ready')).json();
      expect(ready).toMatchObject({
        status: 'ready',
        replicas: [{ replica: 1, healthy: false, lagMs: null, reason: 'unreachable' }],
      });
      expect(ready.detail[0]).toMatch(/^replica 1 \(127\.0\.0\.1:\d+\/bs_test_\w+\): unreachable: /);
    } finally {
      await lonely.close();
    }
  });

  it('runs a write that reaches a replica (read-only there) again on the primary', async () => {
    // A role whose transactions are read-only, as a hot standby's are: its writes fail with 25006.
    const role = `bs_standby_${database.name.slice(-10)}`;
    // With a password: the embedded cluster asks for one over TCP (the machine's trusts loopback).
    await sql
      .raw(
        `create role ${role} login password '${role}'; alter role ${role} set default_transaction_read_only = on; grant all on all tables in schema public to ${role}`,
      )
      .execute(database.db);
    const standbyUrl = new URL(database.url);
    standbyUrl.username = role;
    standbyUrl.password = role;
    const standby = createDatabase(database.url, {
      applicationName: 'primary',
      replicaUrls: [standbyUrl.toString()],
      replicaCheckIntervalMs: 100,
    });
    try {
      await until(() => standby.replicas.status()[0]!.healthy, 30_000, 'the read-only replica to be healthy');
      const { id } = await database.db
        .selectFrom('articles')
        .select('id')
        .where('slug', '=', 'routed')
        .executeTakeFirstOrThrow();
      const written = await runRouted(async () => {
        readFromReplica();
        const user = await sql<{ user: string }>`select current_user as user`.execute(standby.db);
        await standby.db
          .updateTable('articles')
          .set({ standfirst: 'Written past the replica' })
          .where('id', '=', id)
          .execute();
        return user.rows[0]!.user;
      });
      expect(written).toBe(role);
      const row = await database.db
        .selectFrom('articles')
        .select('standfirst')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(row.standfirst).toBe('Written past the replica');
      // Read-only refusals say nothing about the replica's health: it stays in the rotation.
      expect(standby.replicas.status()[0]!.healthy).toBe(true);
    } finally {
      await standby.close();
      await sql
        .raw(`reassign owned by ${role} to current_user; drop owned by ${role}; drop role ${role}`)
        .execute(database.db);
    }
  });
});

describe('behind a transaction pooler', () => {
  it('sends no session settings, and refuses a session whose TimeZone is not UTC', async () => {
    // What PgBouncer would hand over without connect_query: the server's defaults (here, set in the URL).
    const url = new URL(database.url);
    url.searchParams.set('options', '-c TimeZone=America/New_York -c jit=on');
    const pooled = createDatabase(url.toString(), { transactionPooler: true });
    try {
      expect(await checkSessionSettings(pooled.pool, 5000)).toEqual({
        refused:
          "the database session's TimeZone is America/New_York, not UTC: behind PgBouncer (DATABASE_PGBOUNCER) set it in the pooler's connect_query (docs/pgbouncer.ini)",
        warnings: [],
      });
    } finally {
      await pooled.close();
    }
    url.searchParams.set('options', '-c TimeZone=UTC -c jit=on -c statement_timeout=0');
    const unbounded = createDatabase(url.toString(), { transactionPooler: true });
    try {
      expect(await checkSessionSettings(unbounded.pool, 5000)).toEqual({
        warnings: [
          "jit is on; set jit = off in the pooler's connect_query (docs/pgbouncer.ini)",
          "statement_timeout is 0 (none); set it in the pooler's connect_query (DB_STATEMENT_TIMEOUT_MS is 5000)",
        ],
      });
    } finally {
      await unbounded.close();
    }
    // Without a pooler the connection sends them itself, over whatever the URL says.
    expect(await checkSessionSettings(routed.pool, 5000)).toEqual({ warnings: [] });
  });
});
