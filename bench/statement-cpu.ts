import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { createDatabase } from '../src/db/database.js';
import { createLogger } from '../src/observability/logger.js';
import { startRuntime } from '../src/runtime/index.js';
import { BROADSHEET_QUERIES } from './scenarios.js';

/**
 * The database's CPU for the article page's compiled statement, sent as the app sends it and in
 * other ways: PostgreSQL's backend CPU (utime + stime of /proc/<pid>/stat, so PostgreSQL on this
 * machine only) per statement. First through the app (app.fetch, a pool of one connection, so one
 * backend serves every statement), then the same text and values from a bare pg client: unnamed
 * (parsed and planned each time), named (PostgreSQL's plan cache decides: a generic plan after five
 * custom ones), named with plan_cache_mode forced either way, unnamed with a binary result, and
 * named with as much client CPU between statements as the app spends on a request (--gap-us),
 * which is the app's case: on a machine of few cores a backend that sleeps between statements
 * comes back to cold caches. Read-only; the bench database must have fresh public entities
 * (entities.public_until in the future), or the statement computes each entity's view live.
 *
 *   npx tsx bench/statement-cpu.ts [--db postgres://…/bench_10k] [--statements 3000] [--rounds 2] [--gap-us 700]
 */

const { values: args } = parseArgs({
  options: {
    db: { type: 'string', default: 'postgres://root@127.0.0.1:5432/bench_10k' },
    statements: { type: 'string', default: '3000' },
    rounds: { type: 'string', default: '2' },
    'gap-us': { type: 'string', default: '700' },
  },
});
const db = String(args.db);
const count = Number(args.statements);
const gapMs = Number(args['gap-us']) / 1000;
/** Kernel clock ticks per second (USER_HZ), the unit of /proc/<pid>/stat's times. */
const USER_HZ = 100;

function backendTicks(pid: number): number {
  // Fields after the command name: state is the 1st, utime the 12th, stime the 13th.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

const perStatement = (ticks: number) => `${((ticks * 1e6) / USER_HZ / count).toFixed(0).padStart(5)} µs`;

/** What the app sends for the article page: its text and values, taken from pg's client as it is called. */
const sent: { text: string; values: unknown[] }[] = [];
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: pg.Client, config: unknown, values?: unknown, callback?: unknown) {
  const text = typeof config === 'string' ? config : (config as { text?: string } | undefined)?.text;
  const given = Array.isArray(values) ? values : (config as { values?: unknown[] } | undefined)?.values;
  if (typeof text === 'string' && text.includes('"broadsheet:executor-answers') && given)
    sent.push({ text, values: given });
  return query.call(this, config, values, callback);
} as typeof pg.Client.prototype.query;

async function throughTheApp(slugs: string[]): Promise<{ text: string; values: unknown[]; slugAt: number }> {
  const { createApp } = await import('../src/app.js');
  const config = loadConfig({
    NODE_ENV: 'production',
    DATABASE_URL: db,
    SEED_DEMO: 'false',
    LOG_LEVEL: 'warn',
    RESPONSE_CACHE: 'false',
    HOST: '127.0.0.1',
    PORT: '0',
  });
  const database = createDatabase(db, { poolMax: 1 });
  const runtime = await startRuntime(config, database, createLogger({ level: 'warn' }));
  const app = createApp({
    db: database.db,
    httpPlugins: runtime.httpPlugins,
    compiledReads: true,
    feeds: config.feeds,
    images: config.images,
  });
  const page = async (slug: string) => {
    const response = await app.fetch('http://127.0.0.1/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: BROADSHEET_QUERIES.ArticlePage,
        operationName: 'ArticlePage',
        variables: { slug },
      }),
    });
    return response.text();
  };
  for (let i = 0; i < 200; i++) await page(slugs[i % slugs.length]!);
  const pid = (await database.pool.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  for (let round = 0; round < Number(args.rounds); round++) {
    const before = backendTicks(pid);
    const statements = database.stats.statements;
    for (let i = 0; i < count; i++) await page(slugs[i % slugs.length]!);
    const each = (database.stats.statements - statements) / count;
    console.log(
      `${'through the app (app.fetch)'.padEnd(52)} ${perStatement(backendTicks(pid) - before)}  (${each} statements a page)`,
    );
  }
  const plans = await database.pool.query(
    `select name, generic_plans, custom_plans from pg_prepared_statements where name like 'broadsheet_%'`,
  );
  console.log(`   its named statements: ${JSON.stringify(plans.rows)}`);
  await app.dispose();
  await runtime.close();
  await database.close();
  const last = sent.at(-1);
  if (!last) throw new Error('the article page sent no compiled statement (COMPILED_READS off?)');
  return { ...last, slugAt: last.values.indexOf(slugs[(200 + count - 1) % slugs.length]) };
}

async function harness(
  label: string,
  setup: string[],
  send: (client: pg.Client, values: unknown[]) => Promise<unknown>,
  valuesOf: (i: number) => unknown[],
): Promise<void> {
  const client = new pg.Client({ connectionString: db });
  await client.connect();
  for (const statement of setup) await client.query(statement);
  const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
  for (let i = 0; i < 200; i++) await send(client, valuesOf(i));
  const before = backendTicks(pid);
  for (let i = 0; i < count; i++) await send(client, valuesOf(i));
  console.log(`${label.padEnd(52)} ${perStatement(backendTicks(pid) - before)}`);
  await client.end();
}

/** Spins the client for `ms`: the CPU the app spends between two statements. */
function spin(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until) {}
}

async function main(): Promise<void> {
  const pool = new pg.Pool({ connectionString: db, max: 1 });
  const slugs = (
    await pool.query<{ slug: string }>(
      `select slug from articles where status = 'PUBLISHED' and published_at <= now() order by id limit 200`,
    )
  ).rows.map((r) => r.slug);
  const expired = (await pool.query<{ n: string }>('select count(*) as n from entities where public_until <= now()'))
    .rows[0]!.n;
  await pool.end();
  if (Number(expired) > 0)
    console.log(`note: ${expired} entities' public view has expired: the statement computes them live`);
  const { text, values, slugAt } = await throughTheApp(slugs);
  if (slugAt < 0) throw new Error('the slug is not among the statement values');
  const valuesOf = (i: number) => values.map((value, at) => (at === slugAt ? slugs[i % slugs.length] : value));
  const named = (client: pg.Client, v: unknown[]) => client.query({ name: 'article_page', text, values: v });
  for (let round = 0; round < Number(args.rounds); round++) {
    await harness('unnamed (parsed and planned each time)', [], (c, v) => c.query(text, v), valuesOf);
    await harness('named (plan_cache_mode auto)', [], named, valuesOf);
    await harness('named, force_custom_plan', ['set plan_cache_mode = force_custom_plan'], named, valuesOf);
    await harness('named, force_generic_plan', ['set plan_cache_mode = force_generic_plan'], named, valuesOf);
    await harness(
      'unnamed, binary result',
      [],
      (c, v) => c.query({ text, values: v, binary: true } as pg.QueryConfig),
      valuesOf,
    );
    await harness(
      `named, ${args['gap-us']} µs of client CPU between statements`,
      [],
      async (c, v) => {
        const result = await named(c, v);
        spin(gapMs);
        return result;
      },
      valuesOf,
    );
  }
}

await main();
