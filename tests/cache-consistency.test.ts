import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type {
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCommand } from '../scripts/start-command.js';
import { createApp } from '../src/app.js';
import { startChangeFeed } from '../src/content/change-feed.js';
import { createInProcessEvents } from '../src/events.js';
import type { HttpPluginOptions } from '../src/http/plugins.js';
import { createMemoryResponseStore } from '../src/http/response-cache.js';
import { createToken } from './helpers/auth.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';
import { get, post } from './helpers/http.js';
import { runImportCli as runImport } from './helpers/processes.js';

// Writes win over the public response cache: a read in flight when a write commits is not stored
// after the write's invalidation; cached "not found" answers go when an article is published;
// imports by the CLI (another process) reach the servers' caches. And the in-memory cache is
// bounded in bytes, which a flood of large distinct responses against the production heap cap holds.

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const redisClients: Redis[] = [];
const prefixes: string[] = [];

function redisOptions(): Pick<HttpPluginOptions, 'redis' | 'redisKeyPrefix'> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  redisClients.push(redis);
  const prefix = `bs-consistency-${randomBytes(4).toString('hex')}:`;
  prefixes.push(prefix);
  return { redis, redisKeyPrefix: prefix };
}

afterAll(async () => {
  const [first] = redisClients;
  for (const prefix of prefixes) {
    const keys = await first!.keys(`${prefix}*`);
    if (keys.length) await first!.del(...keys);
  }
  for (const client of redisClients) client.disconnect();
});

let database: TestDatabase;
let editor: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  editor = (await createToken(database.db, 'Consistency desk', ['write:articles', 'read:drafts'])).headers;
});

/**
 * A Kysely plugin that, once armed, holds the result of the next statement until released: the
 * statement has read the database, and its request has not finished. Deterministic, no timing.
 */
function createStatementHold() {
  let armed: { reached: () => void; released: Promise<void> } | undefined;
  const plugin: KyselyPlugin = {
    transformQuery: (args: PluginTransformQueryArgs): RootOperationNode => args.node,
    async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
      const hold = armed;
      if (hold) {
        armed = undefined;
        hold.reached();
        await hold.released;
      }
      return args.result;
    },
  };
  return {
    plugin,
    arm() {
      let release!: () => void;
      let reached!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
      armed = { reached, released };
      return { reached: reachedPromise, release };
    },
  };
}

const UNPUBLISH = 'mutation($id: ID!) { unpublishArticle(id: $id) { __typename } }';
const PUBLISH = 'mutation($id: ID!) { publishArticle(id: $id) { __typename } }';

function consistencySuite(name: string, cacheOptions: () => Partial<HttpPluginOptions>) {
  describe(name, () => {
    it('does not store a read that was in flight when unpublishArticle committed: the next read is fresh', async () => {
      const slug = `race-${randomBytes(3).toString('hex')}`;
      const article = await createArticle(database.db, {
        slug,
        title: 'Embargo lifted too early',
        publishedAt: '2026-02-01T08:00:00Z',
      });
      const hold = createStatementHold();
      const app = createApp({
        db: database.db.withPlugin(hold.plugin),
        httpPlugins: {
          nodeEnv: 'production',
          responseCache: { ttlMs: 60_000 },
          pool: database.pool,
          ...cacheOptions(),
        },
      });
      const query = { query: `{ article(slug: "${slug}") { title } }` };

      const held = hold.arm();
      const inFlight = get(app, query);
      await held.reached;
      const unpublished = await post(
        app,
        { query: UNPUBLISH, variables: { id: globalId('Article', article.id) } },
        editor,
      );
      expect(unpublished.json).toEqual({ data: { unpublishArticle: { __typename: 'UnpublishArticleSuccess' } } });
      held.release();
      // The read began before the write and answers what it read then: that is all it may do.
      expect((await inFlight).json).toEqual({ data: { article: { title: 'Embargo lifted too early' } } });

      const before = database.stats.statements;
      const next = await get(app, query);
      expect(next.json).toEqual({ data: { article: null } });
      expect(database.stats.statements - before).toBeGreaterThan(0);
    });

    it('drops cached "not found" answers (article, node, nodes) when an article is published', async () => {
      const slug = `null-${randomBytes(3).toString('hex')}`;
      const draft = await createArticle(database.db, {
        slug,
        title: 'Quorwyn Tallis named harbour master',
        status: 'DRAFT',
        publishedAt: null,
      });
      const app = createApp({
        db: database.db,
        httpPlugins: {
          nodeEnv: 'production',
          responseCache: { ttlMs: 60_000 },
          pool: database.pool,
          ...cacheOptions(),
        },
      });
      const id = globalId('Article', draft.id);
      const queries = {
        article: `{ article(slug: "${slug}") { title } }`,
        node: `{ node(id: "${id}") { ... on Article { title } } }`,
        nodes: `{ nodes(ids: ["${id}"]) { ... on Article { title } } }`,
      };
      const answers = async () => {
        const out: Record<string, unknown> = {};
        for (const [key, query] of Object.entries(queries)) out[key] = (await get(app, { query })).json.data;
        return out;
      };
      const hidden = { article: { article: null }, node: { node: null }, nodes: { nodes: [null] } };
      expect(await answers()).toEqual(hidden);
      // Cached: answered without the database.
      const before = database.stats.statements;
      expect(await answers()).toEqual(hidden);
      expect(database.stats.statements).toBe(before);

      expect((await post(app, { query: PUBLISH, variables: { id } }, editor)).json).toEqual({
        data: { publishArticle: { __typename: 'PublishArticleSuccess' } },
      });
      const title = 'Quorwyn Tallis named harbour master';
      expect(await answers()).toEqual({
        article: { article: { title } },
        node: { node: { title } },
        nodes: { nodes: [{ title }] },
      });
    });
  });
}

consistencySuite('in-memory response cache', () => ({}));
consistencySuite('Redis response cache', () => redisOptions());

const runImportCli = (lines: object[], env: Record<string, string | undefined>) => runImport(database.url, lines, env);

const LATEST = '{ articles(first: 10) { edges { node { slug } } } }';
const slugsOf = (response: { json: any }) =>
  response.json.data.articles.edges.map((e: { node: { slug: string } }) => e.node.slug);

describe('imports by the CLI, another process', () => {
  it('reach a server with the in-memory cache through the change feed', async () => {
    const app = createApp({
      db: database.db,
      httpPlugins: { nodeEnv: 'production', responseCache: { ttlMs: 60_000 }, pool: database.pool },
    });
    const relay = startChangeFeed({
      db: database.db,
      pool: database.pool,
      events: createInProcessEvents(),
      changes: app.changes,
      retentionMs: 3_600_000,
    });
    try {
      await relay.ready;
      const cached = await get(app, { query: LATEST });
      const slug = `imported-${randomBytes(3).toString('hex')}`;
      const run = await runImportCli(
        [
          {
            externalId: slug,
            slug,
            title: 'Imported late at night',
            body: 'Imported.',
            publishedAt: '2026-11-01T00:00:00Z',
          },
        ],
        { REDIS_URL: undefined },
      );
      expect(run).toMatchObject({ code: 0 });
      expect(slugsOf(cached)).not.toContain(slug);
      // The notification arrives on its own connection shortly after the import's commit.
      let latest: string[] = [];
      for (let attempt = 0; attempt < 100 && !latest.includes(slug); attempt += 1) {
        latest = slugsOf(await get(app, { query: LATEST }));
        if (!latest.includes(slug)) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(latest).toContain(slug);
    } finally {
      await relay.close();
    }
  }, 60_000);

  it('empty a response cache in Redis directly', async () => {
    const options = redisOptions();
    const app = createApp({
      db: database.db,
      httpPlugins: { nodeEnv: 'production', responseCache: { ttlMs: 60_000 }, pool: database.pool, ...options },
    });
    const cached = await get(app, { query: LATEST });
    const before = database.stats.statements;
    expect(slugsOf(await get(app, { query: LATEST }))).toEqual(slugsOf(cached));
    expect(database.stats.statements).toBe(before);
    const slug = `imported-${randomBytes(3).toString('hex')}`;
    const run = await runImportCli(
      [
        {
          externalId: slug,
          slug,
          title: 'Imported with Redis',
          body: 'Imported.',
          publishedAt: '2026-11-02T00:00:00Z',
        },
      ],
      {
        REDIS_URL,
        REDIS_KEY_PREFIX: options.redisKeyPrefix,
      },
    );
    expect(run).toMatchObject({ code: 0 });
    expect(slugsOf(await get(app, { query: LATEST }))).toContain(slug);
  }, 60_000);
});

describe('the in-memory cache is bounded in bytes', () => {
  it('keeps the least recently used entries within maxBytes, refuses one over maxEntryBytes, and refuses stale generations', async () => {
    const store = createMemoryResponseStore({ maxBytes: 64 * 1024, maxEntryBytes: 16 * 1024 });
    const result = (n: number) => ({ data: { text: 'x'.repeat(10_000), n } });
    for (let n = 0; n < 20; n += 1) {
      const { generation } = await store.lookup(`key-${n}`);
      expect(await store.setIfCurrent(generation, `key-${n}`, result(n), [{ typename: 'Query' }], 60_000)).toBe(true);
    }
    const usage = store.usage();
    expect(usage.bytes).toBeLessThanOrEqual(64 * 1024);
    expect(usage.entries).toBeGreaterThan(2);
    expect(usage.entries).toBeLessThan(20);
    expect(await store.get('key-0')).toBeUndefined();
    expect(await store.get('key-19')).toEqual(result(19));
    const { generation } = await store.lookup('big');
    expect(await store.setIfCurrent(generation, 'big', { data: { text: 'x'.repeat(20_000) } }, [], 60_000)).toBe(false);
    const { generation: seen } = await store.lookup('late');
    await store.invalidateAll();
    expect(await store.setIfCurrent(seen, 'late', result(1), [], 60_000)).toBe(false);
    expect(store.usage()).toEqual({ bytes: 0, entries: 0 });
  });

  describe('a real server under the production heap cap', () => {
    let child: ChildProcess | undefined;
    afterAll(() => {
      if (child && child.exitCode === null) child.kill('SIGTERM');
    });

    it('stays up and within RESPONSE_CACHE_MAX_BYTES through 300 anonymous list queries of about 0.5 MB differing only in a variable', async () => {
      const paragraph =
        'The harbour committee met again on tuesday to go over the accounts of the winter season. '.repeat(100);
      for (let i = 0; i < 60; i += 1) {
        await createArticle(database.db, {
          slug: `flood-${i}`,
          title: `Flood ${i}`,
          body: paragraph,
          section: null,
          publishedAt: `2020-01-01T00:${String(i).padStart(2, '0')}:00Z`,
        });
      }
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        NODE_ENV: 'production',
        DATABASE_URL: database.url,
        PORT: '0',
        HOST: '127.0.0.1',
        SEED_DEMO: 'false',
        LOG_LEVEL: 'info',
        SCHEDULER_INTERVAL_MS: '0',
      };
      delete env.REDIS_URL;
      delete env.RESPONSE_CACHE_MAX_BYTES;
      const started = spawn(process.execPath, startCommand(), {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child = started;
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /GraphQL API at (http:\/\/[^\s"]+)/.exec(output);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        };
        started.stdout!.on('data', onData);
        started.stderr!.on('data', onData);
        started.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
      });
      const query = 'query Flood { articles(first: 60) { edges { node { slug body } } } }';
      let bytes = 0;
      let next = 0;
      const worker = async () => {
        while (next < 300) {
          const n = next++;
          const params = new URLSearchParams({ query, variables: JSON.stringify({ pad: n }) });
          const response = await fetch(`${url}?${params}`, { headers: { accept: 'application/json' } });
          expect(response.status).toBe(200);
          bytes += (await response.arrayBuffer()).byteLength;
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
      expect(bytes / 300).toBeGreaterThan(450_000);
      expect(started.exitCode).toBeNull();
      const metrics = await (await fetch(url.replace('/graphql', '/metrics'))).text();
      const held = Number(/^broadsheet_response_cache_bytes (\d+)/m.exec(metrics)?.[1]);
      expect(held).toBeGreaterThan(10 * 1024 * 1024);
      expect(held).toBeLessThanOrEqual(32 * 1024 * 1024);
      const after = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ articles(first: 1) { edges { node { slug } } } }' }),
      });
      expect((await after.json()).data.articles.edges).toHaveLength(1);
    }, 240_000);
  });
});
