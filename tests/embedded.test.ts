import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedDatabaseError, recoverStaleLock, startEmbeddedPostgres } from '../src/db/embedded.js';
import { scratchFolder } from './helpers/scratch.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode !== null ? resolve() : child.once('exit', () => resolve()),
  );

function lockDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'bs-lock-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A process named `postgres` (what /proc shows), a child of this one, standing in for a postmaster. */
async function fakePostmaster(dir: string): Promise<ChildProcess> {
  const child = spawn('bash', ['-c', 'exec -a postgres sleep 60'], { stdio: 'ignore' });
  cleanups.push(() => void child.kill('SIGKILL'));
  // Wait for the exec: until then /proc shows bash.
  for (
    let i = 0;
    i < 100 &&
    !(
      await import('node:fs/promises').then((fs) => fs.readFile(`/proc/${child.pid}/cmdline`, 'utf8')).catch(() => '')
    ).startsWith('postgres');
    i += 1
  ) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  writeFileSync(path.join(dir, 'postmaster.pid'), `${child.pid}\n${dir}\n0\n5432\n/tmp\nlocalhost\n0\nready\n`);
  return child;
}

describe('recoverStaleLock', () => {
  it('does nothing without a lock file', async () => {
    const dir = lockDir();
    expect(await recoverStaleLock(dir)).toBe('none');
  });

  it('removes a lock left by a process that is gone', async () => {
    const dir = lockDir();
    const gone = spawn('true');
    await new Promise((resolve) => gone.on('exit', resolve));
    writeFileSync(path.join(dir, 'postmaster.pid'), `${gone.pid}\n${dir}\n`);
    expect(await recoverStaleLock(dir)).toBe('removed');
    expect(existsSync(path.join(dir, 'postmaster.pid'))).toBe(false);
  });

  it('leaves alone a live process that is not a postgres of this directory, but drops the lock', async () => {
    const dir = lockDir();
    const sleeper = spawn('sleep', ['30']);
    writeFileSync(path.join(dir, 'postmaster.pid'), `${sleeper.pid}\n${dir}\n`);
    expect(await recoverStaleLock(dir)).toBe('removed');
    expect(sleeper.exitCode).toBeNull();
    sleeper.kill();
  });

  it('never stops a postmaster whose owner (the process that started it) still runs', async () => {
    const dir = lockDir();
    const postmaster = await fakePostmaster(dir);
    writeFileSync(path.join(dir, 'broadsheet-owner.pid'), `${process.pid}\n`);
    expect(await recoverStaleLock(dir)).toBe('in-use');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(postmaster.exitCode).toBeNull();
    expect(postmaster.signalCode).toBeNull();
    expect(existsSync(path.join(dir, 'postmaster.pid'))).toBe(true);
  });

  it('stops the orphan of an owner that is gone', async () => {
    const dir = lockDir();
    const gone = spawn('true');
    await exited(gone);
    const postmaster = await fakePostmaster(dir);
    writeFileSync(path.join(dir, 'broadsheet-owner.pid'), `${gone.pid}\n`);
    expect(await recoverStaleLock(dir)).toBe('stopped');
    await exited(postmaster);
    expect(postmaster.signalCode).toBe('SIGINT');
  });
});

describe('startEmbeddedPostgres', () => {
  it('says which port is taken instead of failing with `undefined`', async () => {
    const holder: Server = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise<void>((resolve) => holder.close(() => resolve())));
    const port = (holder.address() as { port: number }).port;
    const folder = scratchFolder('bs-embedded-');
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    const attempt = startEmbeddedPostgres({ dataDir: path.join(folder, 'data'), port });
    await expect(attempt).rejects.toThrow(EmbeddedDatabaseError);
    await expect(attempt).rejects.toThrow(
      `port ${port} of the embedded PostgreSQL is in use by another program: set EMBEDDED_PG_PORT to a free port (0 picks one)`,
    );
  });

  it.runIf(process.getuid?.() === 0)(
    'as root, keeps the data where the postgres user can reach it when the folder asked for is closed (mode 0700)',
    async () => {
      const closed = mkdtempSync(path.join(tmpdir(), 'bs-closed-'));
      expect(statSync(closed).mode & 0o777).toBe(0o700);
      cleanups.push(() => rmSync(closed, { recursive: true, force: true }));
      const asked = path.join(closed, '.data', 'postgres');
      mkdirSync(path.dirname(asked));
      const logs: string[] = [];
      const database = await startEmbeddedPostgres({ dataDir: asked, port: 0, log: (m) => logs.push(m) });
      cleanups.push(async () => {
        await database.stop();
        rmSync(path.dirname(database.dataDir), { recursive: true, force: true });
      });
      expect(database.dataDir).toMatch(/^\/var\/tmp\/broadsheet-[0-9a-f]{12}\/postgres$/);
      expect(logs).toContain(
        `embedded postgres: the postgres user cannot reach ${asked} (a folder above it is closed to other users); the data lives in ${database.dataDir} instead`,
      );
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      expect((await client.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
      await client.end();
    },
    120_000,
  );
});
