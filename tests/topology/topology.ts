import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../helpers/ports.js';
import { scratchFolder } from '../helpers/scratch.js';

/**
 * A production-shaped topology on this machine, from Debian's packages: a PostgreSQL primary and a
 * hot-standby replica (pg_basebackup -R, streaming replication), PgBouncer in transaction mode in
 * front of the primary, a Redis of its own, and Broadsheet instances as child processes of
 * src/server.ts. Everything listens on free loopback ports and lives in one temporary folder;
 * stop() ends every process this started and removes the folder, whatever state it is in.
 *
 * PostgreSQL refuses to run as root: when this runs as root, the servers run as `postgres`.
 */

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const RUN_AS = process.getuid?.() === 0 ? 'postgres' : undefined;
const PG_USER = 'postgres';

function asServerUser(command: string, args: string[]): [string, string[]] {
  return RUN_AS ? ['runuser', ['-u', RUN_AS, '--', command, ...args]] : [command, args];
}

async function sh(command: string, args: string[], options: { allowFailure?: boolean } = {}): Promise<string> {
  const [file, argv] = asServerUser(command, args);
  try {
    const { stdout, stderr } = await run(file, argv, { maxBuffer: 16 * 1024 * 1024 });
    return stdout + stderr;
  } catch (error) {
    if (options.allowFailure) return String((error as Error).message);
    throw error;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(check: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      if (await check()) return;
    } catch (error) {
      last = error;
    }
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
}

export interface PostgresNode {
  name: string;
  dataDir: string;
  port: number;
  /** postgres://postgres@127.0.0.1:<port>/broadsheet */
  url: string;
  start(): Promise<void>;
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  running(): boolean;
}

function postgresNode(folder: string, name: string, port: number): PostgresNode {
  const dataDir = path.join(folder, name);
  const node: PostgresNode = {
    name,
    dataDir,
    port,
    url: `postgres://${PG_USER}@127.0.0.1:${port}/broadsheet`,
    async start() {
      await sh(path.join(PG_BIN, 'pg_ctl'), [
        '-D',
        dataDir,
        '-l',
        path.join(folder, `${name}.log`),
        '-w',
        '-t',
        '120',
        'start',
      ]);
    },
    async stop(mode = 'fast') {
      if (!node.running()) return;
      await sh(path.join(PG_BIN, 'pg_ctl'), ['-D', dataDir, '-m', mode, '-w', '-t', '120', 'stop'], {
        allowFailure: true,
      });
    },
    running: () => existsSync(path.join(dataDir, 'postmaster.pid')),
  };
  return node;
}

export interface Instance {
  name: string;
  base: string;
  pid: number;
  env: Record<string, string>;
  output(): string;
  stop(): Promise<void>;
}

export interface Topology {
  folder: string;
  primary: PostgresNode;
  replica: PostgresNode;
  /** PgBouncer (transaction pooling) in front of the primary. */
  bouncerUrl: string;
  redisUrl: string;
  /** The settings every instance gets: DATABASE_URL through PgBouncer, the replica, Redis. */
  env: Record<string, string>;
  startInstance(name: string, env?: Record<string, string>): Promise<Instance>;
  /** Starts PgBouncer again, in front of another primary (after a failover). */
  repointBouncer(primary: PostgresNode): Promise<void>;
  stop(): Promise<void>;
}

const CONF = (port: number, folder: string) =>
  [
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${folder}'`,
    'wal_level = replica',
    'max_wal_senders = 5',
    'hot_standby = on',
    // Test data only: durability is the host's problem, not this topology's.
    'fsync = off',
    'synchronous_commit = on',
    'full_page_writes = off',
    'shared_buffers = 32MB',
    'max_connections = 100',
  ].join('\n');

/** Builds and starts the whole topology; on any failure, stops what it had started. */
export async function startTopology(options: { bouncer?: boolean } = {}): Promise<Topology> {
  const folder = scratchFolder('broadsheet-topology-');
  if (RUN_AS) chownSync(folder, ...ids(RUN_AS));
  const children: ChildProcess[] = [];
  const instances: Instance[] = [];
  const [primaryPort, replicaPort, bouncerPort, redisPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const primary = postgresNode(folder, 'primary', primaryPort);
  const replica = postgresNode(folder, 'replica', replicaPort);
  const bouncerDir = path.join(folder, 'pgbouncer');
  const bouncerPid = path.join(bouncerDir, 'pgbouncer.pid');

  const stopBouncer = async () => {
    if (!existsSync(bouncerPid)) return;
    const pid = Number(readFileSync(bouncerPid, 'utf8').trim());
    try {
      process.kill(pid, 'SIGINT');
    } catch {
      return;
    }
    await until(() => !alive(pid), 30_000, 'PgBouncer to stop').catch(() => process.kill(pid, 'SIGKILL'));
  };

  const startBouncer = async (target: PostgresNode) => {
    mkdirSync(bouncerDir, { recursive: true });
    writeFileSync(path.join(bouncerDir, 'userlist.txt'), `"${PG_USER}" ""\n`);
    // The sample of docs/pgbouncer.ini, pointed at this topology's primary.
    const sample = readFileSync(path.join(ROOT, 'docs/pgbouncer.ini'), 'utf8');
    const ini = sample
      .replace(/^broadsheet = host=\S+ port=\d+/m, `broadsheet = host=127.0.0.1 port=${target.port}`)
      .replace(/^listen_port = .*/m, `listen_port = ${bouncerPort}`)
      .replace(/^auth_file = .*/m, `auth_file = ${path.join(bouncerDir, 'userlist.txt')}`)
      .replace(/^logfile = .*/m, `logfile = ${path.join(bouncerDir, 'pgbouncer.log')}`)
      .replace(/^pidfile = .*/m, `pidfile = ${bouncerPid}`)
      .replace(/^auth_type = .*/m, 'auth_type = trust')
      .replace(/^unix_socket_dir = .*/m, 'unix_socket_dir =');
    writeFileSync(path.join(bouncerDir, 'pgbouncer.ini'), ini);
    if (RUN_AS)
      for (const f of ['', 'userlist.txt', 'pgbouncer.ini']) chownSync(path.join(bouncerDir, f), ...ids(RUN_AS));
    await sh('pgbouncer', ['-d', path.join(bouncerDir, 'pgbouncer.ini')]);
    await until(() => existsSync(bouncerPid), 30_000, 'PgBouncer to start');
  };

  // If this process ends without stop() (a killed test run), the servers it started go with it.
  const onExit = () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    for (const node of [primary, replica]) {
      if (!node.running()) continue;
      const [file, argv] = asServerUser(path.join(PG_BIN, 'pg_ctl'), ['-D', node.dataDir, '-m', 'immediate', 'stop']);
      try {
        execFileSync(file, argv, { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
    if (existsSync(bouncerPid)) {
      try {
        process.kill(Number(readFileSync(bouncerPid, 'utf8').trim()), 'SIGKILL');
      } catch {
        // already gone
      }
    }
    rmSync(folder, { recursive: true, force: true });
  };
  process.once('exit', onExit);

  const stop = async () => {
    process.removeListener('exit', onExit);
    await Promise.allSettled(instances.map((i) => i.stop()));
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await stopBouncer().catch(() => {});
    await Promise.allSettled([primary.stop('immediate'), replica.stop('immediate')]);
    rmSync(folder, { recursive: true, force: true });
  };

  try {
    await sh(path.join(PG_BIN, 'initdb'), [
      '-D',
      primary.dataDir,
      '-U',
      PG_USER,
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
    ]);
    writeFileSync(path.join(primary.dataDir, 'postgresql.auto.conf'), `${CONF(primaryPort, folder)}\n`);
    writeFileSync(
      path.join(primary.dataDir, 'pg_hba.conf'),
      'local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n',
    );
    await primary.start();
    await sh(path.join(PG_BIN, 'createdb'), [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      PG_USER,
      'broadsheet',
    ]);
    // The replica: a base backup that streams from the primary (-R writes primary_conninfo and standby.signal).
    await sh(path.join(PG_BIN, 'pg_basebackup'), [
      '-h',
      '127.0.0.1',
      '-p',
      String(primaryPort),
      '-U',
      PG_USER,
      '-D',
      replica.dataDir,
      '-R',
      '-X',
      'stream',
      '-c',
      'fast',
    ]);
    // The backup carries the primary's postgresql.auto.conf (and -R's primary_conninfo): the last port wins.
    const auto = path.join(replica.dataDir, 'postgresql.auto.conf');
    writeFileSync(auto, `${readFileSync(auto, 'utf8')}\nport = ${replicaPort}\n`);
    if (RUN_AS) chownSync(auto, ...ids(RUN_AS));
    await replica.start();

    if (options.bouncer !== false) await startBouncer(primary);

    const redis = spawn(
      'redis-server',
      ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', folder],
      { stdio: 'ignore' },
    );
    children.push(redis);
    const redisUrl = `redis://127.0.0.1:${redisPort}`;
    const bouncerUrl = `postgres://${PG_USER}@127.0.0.1:${bouncerPort}/broadsheet`;
    const env: Record<string, string> = {
      DATABASE_URL: options.bouncer !== false ? bouncerUrl : primary.url,
      ...(options.bouncer !== false ? { DATABASE_PGBOUNCER: 'true', DATABASE_DIRECT_URL: primary.url } : {}),
      DATABASE_REPLICA_URLS: replica.url,
      DATABASE_REPLICA_MAX_LAG_MS: '2000',
      REDIS_URL: redisUrl,
      REDIS_KEY_PREFIX: `topology-${path.basename(folder)}:`,
    };

    const startInstance = async (name: string, extra: Record<string, string> = {}): Promise<Instance> => {
      const port = await freePort();
      const base = `http://127.0.0.1:${port}`;
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
        cwd: ROOT,
        env: {
          ...process.env,
          NODE_ENV: 'production',
          LOG_LEVEL: 'info',
          SEED_DEMO: 'false',
          ...env,
          ...extra,
          PORT: String(port),
          HOST: '127.0.0.1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      child.stdout!.on('data', (chunk) => (output += chunk));
      child.stderr!.on('data', (chunk) => (output += chunk));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await until(
        async () => child.exitCode !== null || (await fetch(`${base}/ready`)).status === 200,
        120_000,
        `instance ${name} to be ready`,
      );
      if (child.exitCode !== null) throw new Error(`instance ${name} exited: ${output}`);
      const instance: Instance = {
        name,
        base,
        pid: child.pid!,
        env: { ...env, ...extra },
        output: () => output,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          await Promise.race([exited, sleep(20_000)]);
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          instances.splice(instances.indexOf(instance), 1);
        },
      };
      instances.push(instance);
      return instance;
    };

    return {
      folder,
      primary,
      replica,
      bouncerUrl,
      redisUrl,
      env,
      startInstance,
      async repointBouncer(target) {
        await stopBouncer();
        await startBouncer(target);
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function ids(user: string): [number, number] {
  const line = readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith(`${user}:`));
  if (!line) throw new Error(`no user ${user} on this machine`);
  const [, , uid, gid] = line.split(':');
  return [Number(uid), Number(gid)];
}
