import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { syntheticArticleLines } from '../src/content/synthetic.js';
import { createDatabase, type Db } from '../src/db/database.js';
import { type EmbeddedDatabase, startEmbeddedPostgres } from '../src/db/embedded.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { createLogger } from '../src/observability/logger.js';
import { createTestDatabase, whileLocked } from './helpers/db.js';
import { createArticle } from './helpers/factories.js';
import { codes, post, send } from './helpers/http.js';
import { scratchFolder } from './helpers/scratch.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const RUN = randomBytes(4).toString('hex');
// Every port here is a free one picked at run time, so runs side by side never collide.
const scratch = scratchFolder('bs-faults-');
const children: ChildProcess[] = [];
const embedded: EmbeddedDatabase[] = [];
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.pid) child.kill('SIGKILL');
  for (const server of embedded) await server.stop().catch(() => {});
  rmSync(scratch, { recursive: true, force: true });
});

// The expected faults would otherwise print a stack per failed request.
const quiet = createLogger({ level: 'silent' });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** A node process running TypeScript through tsx's loader: one process, so its pid is the one to kill. */
function runTs(script: string, args: string[], env: Record<string, string>): ChildProcess & { output: () => string } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  return Object.assign(child, { output: () => output });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null)
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

/** The answer to a query whose first root field (`path`, at line 1, column 3) ran past statement_timeout. */
function expectTimedOut(response: Awaited<ReturnType<typeof post>>, path: string): void {
  expect(response.status).toBe(503);
  expect(response.headers.get('retry-after')).toBe('5');
  expect(response.json).toEqual({
    data: null,
    errors: [
      {
        message: 'The database took too long to answer; the query was cancelled. Retry later or ask for less.',
        locations: [{ line: 1, column: 3 }],
        path: [path],
        extensions: { code: 'STATEMENT_TIMEOUT' },
      },
    ],
  });
}

describe('statement timeout', () => {
  it('turns a query stuck behind a lock into STATEMENT_TIMEOUT 503 instead of a hung request', async () => {
    const database = await createTestDatabase();
    await createArticle(database.db, { slug: 'locked' });
    const impatient = createDatabase(database.url, { poolMax: 2, statementTimeoutMs: 300 });
    const app = createApp({ db: impatient.db, httpPlugins: { nodeEnv: 'production', logger: quiet } });
    await whileLocked(database.url, 'articles', async () => {
      const response = await post(app, { query: '{ articles(first: 1) { totalCount } }' });
      expectTimedOut(response, 'articles');
    });
    expect((await post(app, { query: '{ articles(first: 1) { totalCount } }' })).json).toEqual({
      data: { articles: { totalCount: 1 } },
    });
    await impatient.close();
  });

  it('answers a compiled statement that timed out with STATEMENT_TIMEOUT, without the executor spending the timeout again', async () => {
    // An anonymous query that passes the cost limit and runs past statement_timeout cost the
    // database the timeout twice: the compiled statement's, then the executor's statements'.
    const database = await createTestDatabase();
    await createArticle(database.db, { slug: 'locked-once' });
    const impatient = createDatabase(database.url, { poolMax: 2, statementTimeoutMs: 300 });
    const app = createApp({ db: impatient.db, httpPlugins: { nodeEnv: 'production', logger: quiet } });
    const query = '{ page: articles(first: 1) { totalCount } sections { slug } }';
    await whileLocked(database.url, 'articles', async () => {
      const before = impatient.stats.statements;
      const response = await post(app, { query });
      expect(impatient.stats.statements - before).toBe(1);
      expectTimedOut(response, 'page');
    });
    const answered = await post(app, { query });
    expect(answered.json.data.page).toEqual({ totalCount: 1 });
    await impatient.close();
  });
});

describe('logs of database faults', () => {
  it('logs each fault once at warn with its message, not an error with a stack (an overloaded pool logged hundreds)', async () => {
    const database = await createTestDatabase();
    await createArticle(database.db, { slug: 'locked-log' });
    const impatient = createDatabase(database.url, { poolMax: 2, statementTimeoutMs: 300 });
    const lines: Record<string, unknown>[] = [];
    const destination = { write: (line: string) => void lines.push(JSON.parse(line)) };
    const app = createApp({
      db: impatient.db,
      httpPlugins: { nodeEnv: 'production', logger: createLogger({ destination }) },
    });
    await whileLocked(database.url, 'articles', async () => {
      expect((await post(app, { query: '{ articles(first: 1) { totalCount } }' })).status).toBe(503);
    });
    const faults = lines.filter((line) => line.fault);
    expect(faults).toEqual([
      expect.objectContaining({
        level: 'warn',
        fault: 'timeout',
        msg: expect.stringMatching(/^database timeout: .*statement timeout/),
      }),
    ]);
    expect(
      lines.filter((line) => line.err),
      'no stack trace logged',
    ).toEqual([]);
    await impatient.close();
  });
});

describe('the database stopped and started again under load', () => {
  it('fails fast with DATABASE_UNAVAILABLE 503 while down, /ready says so, and recovers without a restart', async () => {
    const dataDir = path.join(scratch, 'pg-restart');
    let server = await startEmbeddedPostgres({ dataDir, port: 0 });
    // The restart must come back on the same port: the pool reconnects to the address it knows.
    const port = server.port;
    embedded.push(server);
    const handle = createDatabase(server.url, { poolMax: 5, statementTimeoutMs: 2000 });
    await migrateToLatest(handle.db);
    await createArticle(handle.db, { slug: 'survivor', title: 'Survivor' });
    const app = createApp({ db: handle.db, httpPlugins: { nodeEnv: 'production', pool: handle.pool, logger: quiet } });
    const query = { query: '{ article(slug: "survivor") { title } }' };
    expect((await post(app, query)).json).toEqual({ data: { article: { title: 'Survivor' } } });
    expect((await send(app, '/ready')).status).toBe(200);

    // Load: 8 clients sending without pause, recording every status, code and duration.
    const seen: { phase: string; status: number; code: unknown }[] = [];
    let phase = 'up';
    let running = true;
    const worker = async () => {
      while (running) {
        const response = await post(app, query);
        seen.push({ phase, status: response.status, code: codes(response)[0] });
      }
    };
    const workers = Array.from({ length: 8 }, worker);
    await sleep(500);

    phase = 'stopping';
    await server.stop();
    phase = 'down';
    await sleep(1500);
    const downResponse = await post(app, query);
    expect(downResponse.status).toBe(503);
    expect(downResponse.json).toEqual({
      data: { article: null },
      errors: [
        {
          message: 'The database is unavailable; retry shortly.',
          locations: [{ line: 1, column: 3 }],
          path: ['article'],
          extensions: { code: 'DATABASE_UNAVAILABLE' },
        },
      ],
    });
    const ready = await send(app, '/ready');
    expect(ready.status).toBe(503);
    expect(ready.json.status).toBe('unavailable');
    // Production names no host or port (the reason's details are for development only).
    expect(ready.json.reason).toBe('database unreachable');

    phase = 'starting';
    server = await startEmbeddedPostgres({ dataDir, port });
    embedded.push(server);
    phase = 'restarted';
    await until(async () => (await post(app, query)).status === 200, 60_000, 'queries to succeed again');
    await sleep(500);
    running = false;
    await Promise.all(workers);

    expect((await send(app, '/ready')).json).toEqual({ status: 'ready' });
    // Only two answers ever: the article, or a quick 503 with its code.
    const kinds = new Set(seen.map((s) => `${s.status} ${s.code ?? ''}`.trim()));
    expect([...kinds].sort()).toEqual(['200', '503 DATABASE_UNAVAILABLE']);
    const down = seen.filter((s) => s.phase === 'down');
    expect(down.length).toBeGreaterThan(20);
    // Fail fast: while the database was down, every request got its 503 (many of them, so none waited).
    expect(down.every((s) => s.status === 503)).toBe(true);
    const after = seen.filter((s) => s.phase === 'restarted');
    expect(after.at(-1)?.status).toBe(200);
    await handle.close();
    await server.stop();
  }, 120_000);
});

type Snapshot = Record<string, unknown[]>;

/** Everything an import writes, keyed by natural keys, without ids or timestamps. */
async function snapshot(db: Db): Promise<Snapshot> {
  const articles =
    await sql`select a.external_id, a.slug, a.title, a.standfirst, a.body, a.status, a.published_at, a.word_count, s.slug as section
    from articles a left join sections s on s.id = a.section_id order by a.external_id`.execute(db);
  const entities = await sql`select slug, name, kind, aliases from entities order by slug`.execute(db);
  const mentions = await sql`select a.external_id, e.slug, m.mention_count, m.first_offset, m.salience, m.source
    from article_entities m join articles a on a.id = m.article_id join entities e on e.id = m.entity_id order by a.external_id, e.slug`.execute(
    db,
  );
  const summaries =
    await sql`select a.external_id, s.length, s.text, s.method from summaries s join articles a on a.id = s.article_id order by a.external_id, s.length`.execute(
      db,
    );
  const sections = await sql`select slug, name from sections order by slug`.execute(db);
  return {
    articles: articles.rows,
    entities: entities.rows,
    mentions: mentions.rows,
    summaries: summaries.rows,
    sections: sections.rows,
  };
}

describe('SIGKILL in the middle of an import', () => {
  it('leaves no half-written batch, and the re-run ends where an uninterrupted import does', async () => {
    const lines = syntheticArticleLines(700, `kill-${RUN}`);
    const file = path.join(scratch, 'import.ndjson');
    writeFileSync(file, `${lines.join('\n')}\n`);
    const [killed, reference] = await Promise.all([createTestDatabase(), createTestDatabase()]);

    const uninterrupted = runTs('src/cli/import.ts', [file], { DATABASE_URL: reference.url });
    const child = runTs('src/cli/import.ts', [file], { DATABASE_URL: killed.url });
    const count = async () =>
      Number((await sql<{ n: number }>`select count(*)::int as n from articles`.execute(killed.db)).rows[0]!.n);
    // (a deadline only against a hang: under a loaded machine's CI the first batches took over a minute)
    await until(async () => (await count()) >= 200, 300_000, 'the import to commit a few batches');
    child.kill('SIGKILL');
    expect((await exited(child)).signal).toBe('SIGKILL');

    const partial = await count();
    expect(partial).toBeGreaterThanOrEqual(200);
    expect(partial).toBeLessThan(700);
    // Batches of 100 are transactions: a kill keeps whole batches only.
    expect(partial % 100).toBe(0);

    expect(await exited(uninterrupted)).toEqual({ code: 0, signal: null });
    const expected = await snapshot(reference.db);
    expect(expected.articles).toHaveLength(700);
    // Every article that survived the kill is complete: its mentions and summary are there too.
    const survived = await snapshot(killed.db);
    const keep = new Set(survived.articles.map((a) => (a as { externalId: string }).externalId));
    const byArticle = (rows: unknown[]) => rows.filter((r) => keep.has((r as { externalId: string }).externalId));
    expect(survived.mentions).toEqual(byArticle(expected.mentions));
    expect(survived.summaries).toEqual(byArticle(expected.summaries));

    const rerun = runTs('src/cli/import.ts', [file], { DATABASE_URL: killed.url });
    expect(await exited(rerun)).toEqual({ code: 0, signal: null });
    expect(rerun.output()).toMatch(
      new RegExp(`700 lines in [0-9.]+ s: ${700 - partial} created, 0 updated, ${partial} unchanged, 0 skipped`),
    );
    expect(await snapshot(killed.db)).toEqual(expected);
    // Three imports of 700 articles, entities extracted: over 300 s on a machine at load 19 (one CI run).
  }, 600_000);
});

describe('SIGTERM', () => {
  it('stops accepting, finishes the in-flight request, closes the pool and stops the embedded database', async () => {
    const dataDir = path.join(scratch, 'pg-sigterm');
    const server = runTs('src/server.ts', [], {
      PORT: '0',
      EMBEDDED_PG_DIR: dataDir,
      EMBEDDED_PG_PORT: '0',
      DATABASE_URL: '',
      SEED_DEMO: 'true',
      DB_STATEMENT_TIMEOUT_MS: '20000',
    });
    await until(
      async () => /GraphQL API at http:\/\/127\.0\.0\.1:\d+\/graphql/.test(server.output()),
      150_000,
      'the server to listen',
    );
    const base = server.output().match(/GraphQL API at (http:\/\/127\.0\.0\.1:\d+)\/graphql/)![1]!;
    await until(async () => (await fetch(`${base}/ready`)).status === 200, 30_000, 'the server to be ready');
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(true);
    // postmaster.pid: pid, data folder, start time, port, ...
    const pgPort = Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[3]);

    // Hold a lock so that one request is in flight for as long as the test wants.
    const locker = new pg.Client({
      connectionString: `postgres://broadsheet:broadsheet@127.0.0.1:${pgPort}/broadsheet`,
    });
    // (the server stops its database as soon as the in-flight request is done, which may be before this client's
    // end() has gone through: the shutdown's FATAL 57P01 then arrives here, an expected error and not the test's)
    locker.on('error', () => {});
    await locker.connect();
    await locker.query('begin');
    await locker.query('lock table articles in access exclusive mode');
    const inFlight = fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ articles(first: 2) { totalCount } }' }),
    }).then(async (r) => ({ status: r.status, body: await r.json() }));
    // Only once the request is waiting for the lock is it surely in flight.
    const waiting = async () =>
      (
        await locker.query<{ n: number }>(
          `select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and datname = 'broadsheet'`,
        )
      ).rows[0]!.n > 0;
    await until(waiting, 30_000, 'the request to wait for the lock');
    server.kill('SIGTERM');
    await until(
      async () => server.output().includes('SIGTERM: finishing in-flight requests'),
      30_000,
      'the server to see SIGTERM',
    );
    await sleep(300);
    // New connections are refused while the in-flight request is still running.
    await expect(fetch(`${base}/health`)).rejects.toThrow();
    expect(server.exitCode).toBeNull();

    await locker.query('commit');
    await locker.end();
    expect(await inFlight).toEqual({ status: 200, body: { data: { articles: { totalCount: 12 } } } });
    expect(await exited(server)).toEqual({ code: 0, signal: null });
    expect(server.output()).toContain('"msg":"stopped"');
    // The embedded PostgreSQL is stopped too: its lock file is gone.
    expect(existsSync(path.join(dataDir, 'postmaster.pid'))).toBe(false);
  }, 150_000);
});
