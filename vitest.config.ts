import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

// Files that send malformed or hostile input on purpose: the errors they provoke are what they
// assert on, so yoga's log of each (a full stack trace) is noise that buries real failures.
const DELIBERATE_ERRORS = /\/tests\/(fuzz|compiled-fuzz|hostile)\.test\.ts$/;
// yoga's default logger prefixes errors with a (coloured) "ERR".
const YOGA_ERROR = /^(?:\x1b\[[0-9;]*m)*ERR(?:\x1b\[[0-9;]*m)* /;

export default defineConfig({
  resolve: {
    // graphql 16 ships CJS (main) and ESM (module) builds; Node loads the CJS one for the
    // libraries, so the tests' own code must use the same one or graphql sees two realms.
    alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    // Every test talks to a real PostgreSQL; on a loaded two-core machine a test that takes 2 s
    // alone can take ten times that. Tests that start servers set longer timeouts of their own.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each file gets its own database; two workers suit the two-core machines this runs on.
    pool: 'forks',
    maxWorkers: 2,
    onConsoleLog(log, type, entity) {
      const file = entity ? (entity.type === 'module' ? entity.moduleId : entity.module.moduleId) : '';
      if (type === 'stderr' && DELIBERATE_ERRORS.test(file) && YOGA_ERROR.test(log)) return false;
    },
  },
});
