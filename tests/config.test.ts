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
    expect(() => loadConfig({ SUBSCRIPTION_MAX_BUFFERED_BYTES: '1000' })).toThrow('SUBSCRIPTION_MAX_BUFFERED_BYTES="1000" (expected an integer from 16384 to 1073741824)');
    expect(loadConfig({ SUBSCRIPTION_MAX_BUFFERED_BYTES: '65536' }).http.subscriptionMaxBufferedBytes).toBe(65536);
    expect(() => loadConfig({ SUBSCRIPTION_MAX_BUFFERED_BYTES_TOTAL: 'lots' })).toThrow('SUBSCRIPTION_MAX_BUFFERED_BYTES_TOTAL="lots"');
  });
});
