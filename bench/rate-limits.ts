import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';

/**
 * Rate limits under a flood, on loopback: a server process (`src/server.ts`, production settings,
 * RATE_LIMITS=on, behind a trusted proxy so each client is named by X-Forwarded-For) with demo
 * content in a scratch database; one client floods it with article pages over many connections
 * (autocannon), while a well-behaved client asks for the same page five times a second. Prints
 * the flooder's share of 429s and the well-behaved client's statuses and latencies.
 *
 *   DATABASE_URL=postgres://root@127.0.0.1:5432/postgres npx tsx bench/rate-limits.ts [--redis redis://127.0.0.1:6379] [--seconds 10] [--connections 32]
 */

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
};
const SECONDS = Number(option('seconds', '10'));
const CONNECTIONS = Number(option('connections', '32'));
const REDIS_URL = option('redis', '');
const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';

const PAGE = JSON.stringify({
  query:
    '{ articles(first: 1) { edges { node { title standfirst paragraphs section { name } entities { entity { name slug } } } } } }',
});
const FLOODER = '198.51.100.66';
const WELL_BEHAVED = '198.51.100.5';
const WELL_BEHAVED_PER_SECOND = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function startServer(databaseUrl: string): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'error',
    DATABASE_URL: databaseUrl,
    SEED_DEMO: 'true',
    HOST: '127.0.0.1',
    PORT: String(port),
    SCHEDULER_INTERVAL_MS: '0',
    RATE_LIMITS: 'on',
    TRUSTED_PROXIES: '127.0.0.1',
  };
  if (REDIS_URL) {
    env.REDIS_URL = REDIS_URL;
    env.REDIS_KEY_PREFIX = `bench-rl-${randomBytes(4).toString('hex')}:`;
  } else delete env.REDIS_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i += 1) {
    if (child.exitCode !== null) throw new Error('the server exited on start');
    try {
      if ((await fetch(`${base}/health`)).ok) return { child, base };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  child.kill('SIGKILL');
  throw new Error('the server did not start');
}

interface Polite {
  statuses: Map<number, number>;
  latencies: number[];
}

/** The well-behaved client: one article page every 1/WELL_BEHAVED_PER_SECOND s, timed, until told to stop. */
async function politeClient(url: string, stop: { done: boolean }): Promise<Polite> {
  const result: Polite = { statuses: new Map(), latencies: [] };
  const interval = 1000 / WELL_BEHAVED_PER_SECOND;
  while (!stop.done) {
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': WELL_BEHAVED },
      body: PAGE,
    });
    await response.arrayBuffer();
    const took = performance.now() - started;
    result.latencies.push(took);
    result.statuses.set(response.status, (result.statuses.get(response.status) ?? 0) + 1);
    await sleep(Math.max(0, interval - took));
  }
  return result;
}

const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
};

async function main(): Promise<void> {
  const name = `bench_rl_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`create database ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  let server: { child: ChildProcess; base: string } | undefined;
  try {
    server = await startServer(url.toString());
    const graphql = `${server.base}/graphql`;
    const probe = await fetch(graphql, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.99' },
      body: PAGE,
    });
    console.log(
      `store: ${REDIS_URL ? `Redis ${REDIS_URL}` : 'in memory'}; policy ${probe.headers.get('ratelimit-policy')}; one article page: ${probe.headers.get('ratelimit')}`,
    );
    const stop = { done: false };
    const polite = politeClient(graphql, stop);
    const flood = await autocannon({
      url: graphql,
      connections: CONNECTIONS,
      duration: SECONDS,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': FLOODER },
      body: PAGE,
    });
    stop.done = true;
    const wellBehaved = await polite;

    const statuses = flood as unknown as Record<string, number>;
    const total = flood.requests.total;
    const limited = statuses['4xx'] ?? 0;
    console.log(
      `flooder (${CONNECTIONS} connections, ${SECONDS} s): ${total} requests, ${flood.requests.average.toFixed(0)} req/s; ` +
        `2xx ${statuses['2xx']}, 4xx ${limited} (${((100 * limited) / Math.max(1, total)).toFixed(1)}% refused with 429), 5xx ${statuses['5xx']}, errors ${flood.errors}; ` +
        `latency p50 ${flood.latency.p50} ms, p99 ${flood.latency.p99} ms`,
    );
    const polled = wellBehaved.latencies.length;
    console.log(
      `well-behaved client (${WELL_BEHAVED_PER_SECOND} req/s): ${polled} requests, statuses ${JSON.stringify(Object.fromEntries(wellBehaved.statuses))}; ` +
        `latency p50 ${percentile(wellBehaved.latencies, 50).toFixed(1)} ms, p99 ${percentile(wellBehaved.latencies, 99).toFixed(1)} ms`,
    );
    const check = await fetch(`${server.base}/metrics`);
    const counts = (await check.text())
      .split('\n')
      .filter((line) => line.startsWith('broadsheet_rate_limit_checks_total'));
    console.log(counts.join('\n'));
  } finally {
    if (server) {
      const exited = new Promise((resolve) => server!.child.once('exit', resolve));
      server.child.kill('SIGTERM');
      await exited;
    }
    await admin((c) => c.query(`drop database if exists ${name} with (force)`));
  }
}

await main();
