import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, inject } from 'vitest';
import { type AppOptions, createApp } from '../../src/app.js';
import { createDatabase, type DatabaseHandle } from '../../src/db/database.js';
import { quietLogger } from './logger.js';

export interface TestDatabase extends DatabaseHandle {
  url: string;
  name: string;
}

export async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('adminUrl') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh, migrated database of this test file's own, dropped when the file is done. */
/** Runs `work` while another session holds an exclusive lock on `table`: every query of it waits. */
export async function whileLocked<T>(url: string, table: string, work: () => Promise<T>): Promise<T> {
  const locker = new pg.Client({ connectionString: url });
  await locker.connect();
  try {
    await locker.query('begin');
    await locker.query(`lock table ${table} in access exclusive mode`);
    return await work();
  } finally {
    await locker.query('rollback');
    await locker.end();
  }
}

export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `${inject('databasePrefix')}${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`create database ${name} template ${inject('templateDatabase')}`));
  const url = new URL(inject('adminUrl'));
  url.pathname = `/${name}`;
  const handle = createDatabase(url.toString(), { poolMax: 5 });
  afterAll(async () => {
    await handle.close();
    await admin((c) => c.query(`drop database if exists ${name} with (force)`));
  });
  return { ...handle, url: url.toString(), name };
}

export interface GraphQLResponse<T = any> {
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, unknown> }[];
}

export function createTestClient(database: DatabaseHandle, options: Omit<AppOptions, 'db'> = {}) {
  const app = createApp({ db: database.db, ...options, httpPlugins: { logger: quietLogger, ...options.httpPlugins } });
  return {
    app,
    async query<T = any>(
      query: string,
      variables?: Record<string, unknown>,
      headers: Record<string, string> = {},
    ): Promise<GraphQLResponse<T>> {
      const response = await app.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      return (await response.json()) as GraphQLResponse<T>;
    },
    /** Runs a query and returns how many SQL statements it cost. */
    async countStatements(query: string, variables?: Record<string, unknown>) {
      const before = database.stats.statements;
      const result = await this.query(query, variables);
      return { result, statements: database.stats.statements - before };
    },
  };
}
