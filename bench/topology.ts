import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import pg from 'pg';
import { createDatabase } from '../src/db/database.js';
import { refreshAllPublicEntities } from '../src/db/queries/entities.js';
import { type Instance, startTopology, type Topology, until } from '../tests/topology/topology.js';
import { createFreshDatabase, generate, parseArgs, parseCount } from './generate.js';
import type { LoadResult, LoadSpec } from './load.js';
import { coreScenarios, sampleInputs } from './scenarios.js';

/**
 * Throughput as instances are added: Broadsheet on the topology of tests/topology/topology.ts
 * (a primary, a streaming replica, PgBouncer in transaction mode, Redis), in four set-ups, each
 * measured on the same data with the same total client connections:
 *
 *   1 instance on the primary alone (direct), 1 instance over primary + replica through PgBouncer,
 *   2 instances on the primary alone (direct), 2 instances over primary + replica through PgBouncer.
 *
 *   npx tsx bench/topology.ts [--articles 10k] [--duration 15] [--warmup 5] [--connections 20] [--scenarios article,list]
 *
 * Without the response cache (RESPONSE_CACHE=false): the run measures instances and databases, not
 * a cache. The load generator is bench/load.ts (autocannon, from bench/.peer: `npm run bench` installs
 * it), one process per instance with its share of the connections; the machine's busy CPU over the
 * measured seconds is read from /proc/stat, and each part's CPU (the instances, each PostgreSQL
 * with its backends, PgBouncer, the load generators) from /proc/<pid>/stat: their sum per request
 * gives the throughput the machine's cores allow with nothing else running, the ceiling. Prints a Markdown table; writes it to bench/results/topology-<timestamp>.md when that folder exists.
 */

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const log = (message: string) => console.log(`[topology-bench] ${message}`);

interface Setup {
  label: string;
  instances: number;
  replica: boolean;
}

const SETUPS: Setup[] = [
  { label: 'primary only, direct', instances: 1, replica: false },
  { label: 'primary + replica, PgBouncer', instances: 1, replica: true },
  { label: 'primary only, direct', instances: 2, replica: false },
  { label: 'primary + replica, PgBouncer', instances: 2, replica: true },
];

function busyTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const idle = fields[3]! + fields[4]!;
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** utime + stime of every process, and each one's parent, from /proc. */
function processTable(): Map<number, { ppid: number; ticks: number }> {
  const table = new Map<number, { ppid: number; ticks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** CPU ticks of each group: its root processes and all their descendants. */
function groupTicks(roots: Record<string, number[]>): Record<string, number> {
  const table = processTable();
  const out: Record<string, number> = {};
  for (const [group, pids] of Object.entries(roots)) {
    const members = new Set(pids);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [pid, { ppid }] of table) {
        if (!members.has(pid) && members.has(ppid)) {
          members.add(pid);
          grew = true;
        }
      }
    }
    out[group] = [...members].reduce((sum, pid) => sum + (table.get(pid)?.ticks ?? 0), 0);
  }
  return out;
}

const CLOCK_TICKS = 100;
const loadPids: number[] = [];

function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const file = path.join(tmpdir(), `broadsheet-topology-load-${process.pid}-${new URL(spec.url).port}.json`);
  writeFileSync(file, JSON.stringify(spec));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/load.ts', file], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    loadPids.push(child.pid!);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => {
      rmSync(file, { force: true });
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').at(-1)!) as LoadResult);
      else reject(new Error(`load generator exited with ${code}`));
    });
  });
}

/** Every instance loaded at once, each with its share of the connections; the sums and the worst percentiles. */
async function measure(
  topology: Topology,
  instances: Instance[],
  requests: LoadSpec['requests'],
  connections: number,
  seconds: number,
) {
  const per = Math.max(1, Math.round(connections / instances.length));
  const postmaster = (dataDir: string) =>
    Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
  const bouncerPidFile = path.join(topology.folder, 'pgbouncer', 'pgbouncer.pid');
  const roots = () => ({
    broadsheet: instances.map((i) => i.pid),
    primary: [postmaster(topology.primary.dataDir)],
    replica: [postmaster(topology.replica.dataDir)],
    pgbouncer: existsSync(bouncerPidFile) ? [Number(readFileSync(bouncerPidFile, 'utf8').trim())] : [],
    load: [...loadPids],
  });
  const before = busyTicks();
  const cpuBefore = groupTicks(roots());
  loadPids.length = 0;
  const running = Promise.all(
    instances.map((i) => runLoad({ url: i.base, connections: per, durationSeconds: seconds, requests })),
  );
  // The load generators exit at the end, taking their counts with them: sample once more just before.
  let cpuLate: Record<string, number> = cpuBefore;
  const late = setTimeout(() => (cpuLate = groupTicks(roots())), Math.max(0, seconds * 1000 - 500));
  const results = await running;
  clearTimeout(late);
  const after = busyTicks();
  const cpuAfter = groupTicks(roots());
  const requestsDone = results.reduce((sum, r) => sum + r.requests, 0);
  const msPerRequest = (group: string) => {
    // Processes that exited (the load generators) are missing from the last reading: take the larger.
    const used = Math.max(cpuAfter[group]! - cpuBefore[group]!, cpuLate[group]! - cpuBefore[group]!);
    return (used * (1000 / CLOCK_TICKS)) / Math.max(1, requestsDone);
  };
  return {
    cpuMsPerRequest: Object.fromEntries(
      ['broadsheet', 'primary', 'replica', 'pgbouncer', 'load'].map((g) => [g, msPerRequest(g)]),
    ) as Record<string, number>,
    requestsPerSecond: results.reduce((sum, r) => sum + r.requestsPerSecond, 0),
    p50: Math.max(...results.map((r) => r.p50)),
    p99: Math.max(...results.map((r) => r.p99)),
    failed: results.reduce((sum, r) => sum + r.non2xx + r.errors + r.timeouts, 0),
    // Of both cores: 100% is the whole machine busy (servers, PostgreSQL, PgBouncer, the load generator).
    machineBusy: (after.busy - before.busy) / (after.total - before.total),
  };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const articles = parseCount(String(args.articles ?? '10k'));
  const duration = Number(args.duration ?? 15);
  const warmup = Number(args.warmup ?? 5);
  const connections = Number(args.connections ?? 20);
  const scenarioNames = String(args.scenarios ?? 'article,list').split(',');
  if (!existsSync(path.join(root, 'bench', '.peer', 'node_modules', 'autocannon')))
    throw new Error('bench/.peer has no autocannon: run `npm run bench` once (it installs it there)');
  const scenarios = scenarioNames.map((name) => {
    const found = coreScenarios.find((s) => s.name === name);
    if (!found)
      throw new Error(`unknown scenario ${name}; expected some of ${coreScenarios.map((s) => s.name).join(',')}`);
    return found;
  });

  log('starting a primary, a replica, PgBouncer and Redis');
  const topology: Topology = await startTopology();
  try {
    const adminUrl = topology.primary.url.replace(/\/broadsheet$/, '/postgres');
    log(`generating ${articles} articles on the primary`);
    const url = await createFreshDatabase(adminUrl, 'broadsheet');
    await generate(url, { articles, log });
    const handle = createDatabase(url);
    await refreshAllPublicEntities(handle.db, 2000);
    // Frozen, so that the replica's pages carry what hint bits would tell (they are not WAL-logged:
    // a freshly loaded standby checks the commit log for every row), as on a primary that ran a while.
    await sql`vacuum (freeze, analyze)`.execute(handle.db);
    const inputs = await sampleInputs(handle.pool, 2000, 7);
    const lsn = (await handle.pool.query('select pg_current_wal_lsn()::text as lsn')).rows[0].lsn as string;
    await handle.close();
    const replica = new pg.Client({ connectionString: topology.replica.url });
    await until(
      async () => {
        await replica.connect().catch(() => {});
        return (await replica.query('select pg_last_wal_replay_lsn() >= $1::pg_lsn as ok', [lsn])).rows[0].ok === true;
      },
      300_000,
      'the replica to replay the generated data',
    );
    await replica.end();

    const load = loadavg()[0]!.toFixed(1);
    const rows: string[] = [];
    for (const scenario of scenarios) {
      const requests = scenario.requests('broadsheet', inputs);
      for (const setup of SETUPS) {
        const env = {
          RESPONSE_CACHE: 'false',
          LOG_LEVEL: 'warn',
          DB_POOL_MAX: '10',
          ...(setup.replica
            ? {}
            : {
                DATABASE_URL: topology.primary.url,
                DATABASE_PGBOUNCER: 'false',
                DATABASE_DIRECT_URL: '',
                DATABASE_REPLICA_URLS: '',
              }),
        };
        const instances: Instance[] = [];
        try {
          for (let i = 0; i < setup.instances; i += 1)
            instances.push(await topology.startInstance(`${setup.label} ${i + 1}`, env));
          if (setup.replica) {
            await until(
              async () => {
                const ready = await Promise.all(
                  instances.map(
                    async (i) =>
                      (await (await fetch(`${i.base}/ready`)).json()) as { replicas?: { healthy: boolean }[] },
                  ),
                );
                return ready.every((r) => r.replicas?.[0]?.healthy === true);
              },
              60_000,
              'the replica to be in every rotation',
            );
          }
          if (warmup > 0) await measure(topology, instances, requests, connections, warmup);
          const m = await measure(topology, instances, requests, connections, duration);
          const c = m.cpuMsPerRequest;
          const total = Object.values(c).reduce((a, b) => a + b, 0);
          // With the machine to itself: its cores' CPU-seconds per second over what a request costs in all.
          const ceiling = (cpus().length * 1000) / total;
          const row =
            `| ${scenario.name} | ${setup.instances} | ${setup.label} | ${m.requestsPerSecond.toFixed(0)} | ${m.p50.toFixed(1)} | ${m.p99.toFixed(1)} | ${m.failed} | ${(m.machineBusy * 100).toFixed(0)}% | ` +
            `${c.broadsheet!.toFixed(2)} / ${c.primary!.toFixed(2)} / ${c.replica!.toFixed(2)} / ${c.pgbouncer!.toFixed(2)} / ${c.load!.toFixed(2)} | ${ceiling.toFixed(0)} |`;
          log(row);
          rows.push(row);
        } finally {
          await Promise.all(instances.map((i) => i.stop()));
        }
      }
    }
    const table = [
      `${articles} articles, ${connections} connections in all, ${duration} s measured after ${warmup} s warm-up, response cache off; load average at the start: ${load} on ${cpus().length} cores`,
      '',
      '| scenario | instances | database | req/s | p50 ms | p99 ms | failed | machine CPU busy | CPU ms per request: Broadsheet / primary / replica / PgBouncer / load generator | req/s the cores allow |',
      '|---|---:|---|---:|---:|---:|---:|---:|---|---:|',
      ...rows,
    ].join('\n');
    console.log(`\n${table}`);
    const results = path.join(root, 'bench', 'results');
    if (existsSync(results))
      writeFileSync(path.join(results, `topology-${new Date().toISOString().replace(/[:.]/g, '-')}.md`), `${table}\n`);
  } finally {
    await topology.stop();
  }
}

main().catch((error) => {
  console.error('[topology-bench] failed:', error);
  process.exit(1);
});
