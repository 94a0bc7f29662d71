import path from 'node:path';

export type NodeEnv = 'development' | 'production' | 'test';

export interface Config {
  readonly nodeEnv: NodeEnv;
  readonly host: string;
  readonly port: number;
  /** Unset means: run an embedded PostgreSQL kept in `embeddedDataDir`. */
  readonly databaseUrl: string | undefined;
  readonly embeddedDataDir: string;
  readonly embeddedPort: number;
  /** Seed the demo articles on start (defaults to true for the embedded database only). */
  readonly seedDemo: boolean;
  readonly dbPoolMax: number;
  readonly statementTimeoutMs: number;
  /** Unset: live-update events stay within this process. Set: shared by all instances through Redis. */
  readonly redisUrl: string | undefined;
  /** How often to look for scheduled articles that have come due, to announce them; 0 turns it off. */
  readonly schedulerIntervalMs: number;
}

export class ConfigError extends Error {
  constructor(variable: string, value: string, expected: string) {
    super(`Invalid configuration: ${variable}=${JSON.stringify(value)} (expected ${expected})`);
    this.name = 'ConfigError';
  }
}

type Env = Record<string, string | undefined>;

function readInt(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, raw, `an integer from ${min} to ${max}`);
  }
  return value;
}

function readBool(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(name, raw, 'true or false');
}

function readDatabaseUrl(env: Env): string | undefined {
  const raw = env.DATABASE_URL;
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('DATABASE_URL', raw, 'a postgres:// or postgresql:// URL');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new ConfigError('DATABASE_URL', raw, 'a postgres:// or postgresql:// URL');
  }
  return raw;
}

function readRedisUrl(env: Env): string | undefined {
  const raw = env.REDIS_URL;
  if (raw === undefined || raw === '') return undefined;
  let protocol: string;
  try {
    protocol = new URL(raw).protocol;
  } catch {
    throw new ConfigError('REDIS_URL', raw, 'a redis:// or rediss:// URL');
  }
  if (protocol !== 'redis:' && protocol !== 'rediss:') throw new ConfigError('REDIS_URL', raw, 'a redis:// or rediss:// URL');
  return raw;
}

export function loadConfig(env: Env = process.env): Config {
  const nodeEnvRaw = env.NODE_ENV || 'development';
  if (!['development', 'production', 'test'].includes(nodeEnvRaw)) {
    throw new ConfigError('NODE_ENV', nodeEnvRaw, 'development, production or test');
  }
  const databaseUrl = readDatabaseUrl(env);
  return Object.freeze({
    nodeEnv: nodeEnvRaw as NodeEnv,
    host: env.HOST || '127.0.0.1',
    port: readInt(env, 'PORT', 4000, 0, 65535),
    databaseUrl,
    embeddedDataDir: path.resolve(env.EMBEDDED_PG_DIR || '.data/postgres'),
    embeddedPort: readInt(env, 'EMBEDDED_PG_PORT', 54329, 1024, 65535),
    seedDemo: readBool(env, 'SEED_DEMO', databaseUrl === undefined),
    dbPoolMax: readInt(env, 'DB_POOL_MAX', 10, 1, 500),
    statementTimeoutMs: readInt(env, 'DB_STATEMENT_TIMEOUT_MS', 5000, 100, 600_000),
    redisUrl: readRedisUrl(env),
    schedulerIntervalMs: readInt(env, 'SCHEDULER_INTERVAL_MS', 5000, 0, 3_600_000),
  });
}
