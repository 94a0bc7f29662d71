import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recoverStaleLock } from '../src/db/embedded.js';

describe('recoverStaleLock', () => {
  it('does nothing without a lock file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bs-lock-'));
    expect(await recoverStaleLock(dir)).toBe('none');
  });

  it('removes a lock left by a process that is gone', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bs-lock-'));
    const gone = spawn('true');
    await new Promise((resolve) => gone.on('exit', resolve));
    writeFileSync(path.join(dir, 'postmaster.pid'), `${gone.pid}\n${dir}\n`);
    expect(await recoverStaleLock(dir)).toBe('removed');
    expect(existsSync(path.join(dir, 'postmaster.pid'))).toBe(false);
  });

  it('leaves alone a live process that is not a postgres of this directory, but drops the lock', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'bs-lock-'));
    const sleeper = spawn('sleep', ['30']);
    writeFileSync(path.join(dir, 'postmaster.pid'), `${sleeper.pid}\n${dir}\n`);
    expect(await recoverStaleLock(dir)).toBe('removed');
    expect(sleeper.exitCode).toBeNull();
    sleeper.kill();
  });
});
