import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('defaults to 127.0.0.1:4000 and the embedded database with demo content', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ nodeEnv: 'development', host: '127.0.0.1', port: 4000, databaseUrl: undefined, seedDemo: true, embeddedPort: 54329 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('seeds nothing on a given database unless asked', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db' }).seedDemo).toBe(false);
    expect(loadConfig({ DATABASE_URL: 'postgres://u@h/db', SEED_DEMO: 'true' }).seedDemo).toBe(true);
  });

  it('stops with a message naming the variable for a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow('Invalid configuration: PORT="eighty" (expected an integer from 0 to 65535)');
    expect(() => loadConfig({ PORT: '70000' })).toThrow('PORT="70000"');
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow('DATABASE_URL="mysql://x" (expected a postgres:// or postgresql:// URL)');
    expect(() => loadConfig({ NODE_ENV: 'staging' })).toThrow('NODE_ENV="staging"');
    expect(() => loadConfig({ SEED_DEMO: 'maybe' })).toThrow('SEED_DEMO="maybe" (expected true or false)');
    expect(() => loadConfig({ DB_POOL_MAX: '0' })).toThrow('DB_POOL_MAX="0"');
  });

  it('reads read replicas and PgBouncer settings, and names the setting of a bad one', () => {
    const config = loadConfig({ DATABASE_URL: 'postgres://u@primary/db', DATABASE_REPLICA_URLS: ' postgres://u@r1/db , postgresql://u@r2:5433/db,' });
    expect(config).toMatchObject({ replicaUrls: ['postgres://u@r1/db', 'postgresql://u@r2:5433/db'], replicaMaxLagMs: 5000, pgbouncer: false, databaseDirectUrl: 'postgres://u@primary/db', preparedStatementsMax: 64 });
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@p/db', DATABASE_REPLICA_URLS: 'postgres://u@r1/db,r2:5432' })).toThrow(
      'DATABASE_REPLICA_URLS="r2:5432" (expected comma-separated postgres:// or postgresql:// URLs; item 2 is not one)',
    );
    expect(() => loadConfig({ DATABASE_REPLICA_URLS: 'postgres://u@r1/db' })).toThrow('DATABASE_REPLICA_URLS="postgres://u@r1/db" (expected unset when DATABASE_URL is');
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@p/db', DATABASE_REPLICA_MAX_LAG_MS: '10' })).toThrow('DATABASE_REPLICA_MAX_LAG_MS="10"');
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@p/db', DATABASE_DIRECT_URL: 'http://p' })).toThrow('DATABASE_DIRECT_URL="http://p"');
    // Behind PgBouncer 1.18 named statements would reach server connections that never prepared them.
    const bounced = loadConfig({ DATABASE_URL: 'postgres://u@bouncer:6432/db', DATABASE_PGBOUNCER: 'true', DATABASE_DIRECT_URL: 'postgres://u@primary/db' });
    expect(bounced).toMatchObject({ pgbouncer: true, preparedStatementsMax: 0, replicaPreparedStatementsMax: 64, databaseDirectUrl: 'postgres://u@primary/db' });
    expect(loadConfig({ DATABASE_URL: 'postgres://u@b/db', DATABASE_PGBOUNCER: 'true', PREPARED_STATEMENTS_MAX: '64' }).preparedStatementsMax).toBe(64);
    expect(() => loadConfig({ DATABASE_PGBOUNCER: 'true' })).toThrow('DATABASE_PGBOUNCER="true" (expected false when DATABASE_URL is unset)');
  });
});
