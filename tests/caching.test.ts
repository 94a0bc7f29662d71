import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { createMemoryResponseStore } from '../src/http/response-cache.js';
import { createToken } from './helpers/auth.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';
import { appWithHttpPlugins, get, post, send } from './helpers/http.js';
import { heldArrayBuffers } from './helpers/memory.js';

let database: TestDatabase;
const ids: Record<string, number> = {};
let entityId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  ids.a = (
    await createArticle(database.db, {
      slug: 'cache-a',
      title: 'Cache A',
      publishedAt: '2026-03-01T08:00:00Z',
      body: 'Ada Quill went home early.',
      entities: [{ name: 'Ada Quill', kind: 'PERSON' }],
    })
  ).id;
  ids.b = (
    await createArticle(database.db, { slug: 'cache-b', title: 'Cache B', publishedAt: '2026-03-02T08:00:00Z' })
  ).id;
  entityId = (
    await database.db.selectFrom('entities').select('id').where('slug', '=', 'ada-quill').executeTakeFirstOrThrow()
  ).id;
});

const ARTICLE_A = '{ article(slug: "cache-a") { title entities { entity { name } } } }';
const ARTICLE_B = '{ article(slug: "cache-b") { title } }';
const LIST = '{ articles(first: 10) { edges { node { slug } } } }';

async function statementsOf<T>(work: () => Promise<T>): Promise<{ result: T; statements: number }> {
  const before = database.stats.statements;
  const result = await work();
  return { result, statements: database.stats.statements - before };
}

async function rename(table: 'articles' | 'entities', id: number, value: string) {
  if (table === 'articles')
    await database.db.updateTable('articles').set({ title: value }).where('id', '=', id).execute();
  else await database.db.updateTable('entities').set({ name: value }).where('id', '=', id).execute();
}

function suite(name: string, makeApp: () => App | Promise<App>) {
  describe(name, () => {
    let app: App;
    beforeAll(async () => {
      app = await makeApp();
      await rename('articles', ids.a!, 'Cache A');
      await rename('articles', ids.b!, 'Cache B');
      await rename('entities', entityId, 'Ada Quill');
    });

    it('serves a repeated public GET from the cache, with Cache-Control and ETag, and 304 on If-None-Match', async () => {
      const first = await statementsOf(() => get(app, { query: ARTICLE_B }));
      expect(first.statements).toBeGreaterThan(0);
      expect(first.result.json).toEqual({ data: { article: { title: 'Cache B' } } });
      expect(first.result.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=60');
      const etag = first.result.headers.get('etag');
      expect(etag).toMatch(/^"[A-Za-z0-9_-]{32}"$/);
      const second = await statementsOf(() => get(app, { query: ARTICLE_B }));
      expect(second.statements).toBe(0);
      expect(second.result.json).toEqual(first.result.json);
      expect(second.result.headers.get('etag')).toBe(etag);
      const notModified = await get(app, { query: ARTICLE_B }, { 'if-none-match': etag! });
      expect(notModified.status).toBe(304);
      expect(notModified.text).toBe('');
    });

    it('does not cache requests with credentials, and marks them no-store', async () => {
      const { headers } = await createToken(database.db, `cache-editor-${randomBytes(3).toString('hex')}`, [
        'read:drafts',
      ]);
      await get(app, { query: ARTICLE_B }, headers);
      const again = await statementsOf(() => get(app, { query: ARTICLE_B }, headers));
      expect(again.result.json).toEqual({ data: { article: { title: 'Cache B' } } });
      expect(again.statements).toBeGreaterThan(0);
      expect(again.result.headers.get('cache-control')).toBe('no-store');
      const viaPost = await post(app, { query: ARTICLE_B });
      expect(viaPost.headers.get('cache-control')).toBe('no-store');
    });

    it('invalidateArticles drops the responses containing those articles, and only those', async () => {
      await post(app, { query: ARTICLE_A });
      await post(app, { query: ARTICLE_B });
      await rename('articles', ids.a!, 'Cache A, corrected');
      await rename('articles', ids.b!, 'Cache B, corrected');
      expect((await post(app, { query: ARTICLE_A })).json.data.article.title).toBe('Cache A');
      await app.ops.invalidation.invalidateArticles([ids.a!]);
      const fresh = await statementsOf(() => post(app, { query: ARTICLE_A }));
      expect(fresh.statements).toBeGreaterThan(0);
      expect(fresh.result.json).toEqual({
        data: { article: { title: 'Cache A, corrected', entities: [{ entity: { name: 'Ada Quill' } }] } },
      });
      expect((await post(app, { query: ARTICLE_B })).json.data.article.title).toBe('Cache B');
    });

    it('invalidateEntities drops the responses containing those entities', async () => {
      await post(app, { query: ARTICLE_A });
      await rename('entities', entityId, 'Ada Quill-Smith');
      expect((await post(app, { query: ARTICLE_A })).json.data.article.entities).toEqual([
        { entity: { name: 'Ada Quill' } },
      ]);
      await app.ops.invalidation.invalidateEntities([entityId]);
      expect((await post(app, { query: ARTICLE_A })).json.data.article.entities).toEqual([
        { entity: { name: 'Ada Quill-Smith' } },
      ]);
    });

    it('invalidateTypes drops lists, where a new article appears', async () => {
      await post(app, { query: LIST });
      const created = await createArticle(database.db, {
        slug: `cache-new-${randomBytes(3).toString('hex')}`,
        publishedAt: '2026-03-03T08:00:00Z',
      });
      expect(
        (await post(app, { query: LIST })).json.data.articles.edges.map((e: { node: { slug: string } }) => e.node.slug),
      ).not.toContain(created.slug);
      await app.ops.invalidation.invalidateTypes(['Article']);
      expect((await post(app, { query: LIST })).json.data.articles.edges[0]).toEqual({ node: { slug: created.slug } });
      await database.db.deleteFrom('articleEntities').where('articleId', '=', created.id).execute();
      await database.db.deleteFrom('summaries').where('articleId', '=', created.id).execute();
      await database.db.deleteFrom('articles').where('id', '=', created.id).execute();
      await app.ops.invalidation.invalidateTypes(['Article']);
    });

    it('is invalidated by the editorial mutations themselves', async () => {
      const { headers } = await createToken(database.db, `cache-desk-${randomBytes(3).toString('hex')}`, [
        'write:articles',
        'read:drafts',
      ]);
      const before = await post(app, { query: '{ article(slug: "cache-b") { id title version } }' });
      const { id, version } = before.json.data.article;
      expect((await post(app, { query: ARTICLE_B })).json.data.article.title).toBe(before.json.data.article.title);
      const update = await post(
        app,
        {
          query:
            'mutation($input: UpdateArticleInput!) { updateArticle(input: $input) { __typename ... on UpdateArticleSuccess { article { title } } } }',
          variables: { input: { id, expectedVersion: version, title: 'Cache B, edited by the desk' } },
        },
        headers,
      );
      expect(update.json).toEqual({
        data: {
          updateArticle: { __typename: 'UpdateArticleSuccess', article: { title: 'Cache B, edited by the desk' } },
        },
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect((await post(app, { query: ARTICLE_B })).json).toEqual({
        data: { article: { title: 'Cache B, edited by the desk' } },
      });
    });

    it('counts hits and misses in /metrics', async () => {
      const metrics = await send(app, '/metrics');
      expect(metrics.text).toMatch(/broadsheet_response_cache_lookups_total\{result="hit"\} [1-9]/);
      expect(metrics.text).toMatch(/broadsheet_response_cache_lookups_total\{result="miss"\} [1-9]/);
    });
  });
}

suite('in-memory response cache', () =>
  appWithHttpPlugins(database, { nodeEnv: 'production', responseCache: { ttlMs: 60_000 } }));

const redisUrl = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
const prefix = `bs-test-${randomBytes(4).toString('hex')}:`;
const clients: Redis[] = [];
const redis = () => {
  const client = new Redis(redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });
  clients.push(client);
  return client;
};
afterAll(async () => {
  if (clients[0]) {
    const keys = await clients[0].keys(`${prefix}*`);
    if (keys.length) await clients[0].del(...keys);
  }
  for (const client of clients) client.disconnect();
});

suite('Redis response cache', () =>
  appWithHttpPlugins(database, {
    nodeEnv: 'production',
    responseCache: { ttlMs: 60_000 },
    redis: redis(),
    redisKeyPrefix: prefix,
  }));

describe('Redis shared by instances', () => {
  it('keeps entries under the prefix, and one instance invalidates what another cached', async () => {
    const one = appWithHttpPlugins(database, {
      nodeEnv: 'production',
      responseCache: { ttlMs: 60_000 },
      redis: redis(),
      redisKeyPrefix: prefix,
    });
    const two = appWithHttpPlugins(database, {
      nodeEnv: 'production',
      responseCache: { ttlMs: 60_000 },
      redis: redis(),
      redisKeyPrefix: prefix,
    });
    await rename('articles', ids.b!, 'Shared B');
    await two.ops.invalidation.invalidateArticles([ids.b!]);
    expect((await post(one, { query: ARTICLE_B })).json.data.article.title).toBe('Shared B');
    // One stores its answer once it has sent it (one script: the entry and its index keys together);
    // on a loaded machine two could ask before the store landed (a CI run saw 1 statement here).
    const indexKey = `${prefix}rc:index:Article:${globalId('Article', ids.b!)}`;
    for (let attempt = 0; attempt < 200 && !(await clients[0]!.exists(indexKey)); attempt += 1)
      await new Promise((resolve) => setTimeout(resolve, 25));
    expect(await clients[0]!.keys(`${prefix}rc:index:Article:*`)).toContain(indexKey);
    const cached = await statementsOf(() => post(two, { query: ARTICLE_B }));
    expect(cached.statements).toBe(0);
    await rename('articles', ids.b!, 'Shared B, corrected');
    await two.ops.invalidation.invalidateArticles([ids.b!]);
    expect((await post(one, { query: ARTICLE_B })).json.data.article.title).toBe('Shared B, corrected');
  });
});

describe('Redis response cache bounded in bytes (RESPONSE_CACHE_MAX_BYTES per TTL window)', () => {
  it('stores at most about twice the cap of distinct anonymous answers, and answers every request right', async () => {
    const own = `${prefix}bounded:`;
    const maxBytes = 20_000;
    const app = appWithHttpPlugins(database, {
      nodeEnv: 'production',
      responseCache: { ttlMs: 60_000, maxBytes },
      redis: redis(),
      redisKeyPrefix: own,
    });
    const query = '{ article(slug: "cache-a") { title body entities { entity { name } } } }';
    const expected = (await post(app, { query })).json;
    expect(expected.data.article.title).toBeTypeOf('string');
    // Distinct requests an outsider can make at will: the same query with a variable it does not declare.
    for (let i = 0; i < 300; i += 1) {
      const answer = await get(app, { query, variables: JSON.stringify({ x: i }) });
      expect(answer.status).toBe(200);
      expect(answer.json).toEqual(expected);
    }
    const client = clients[0]!;
    let stored = 0;
    let entries = 0;
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${own}rc:result:*`, 'COUNT', 1000);
      cursor = next;
      for (const key of keys) {
        stored += await client.strlen(key);
        entries += 1;
      }
    } while (cursor !== '0');
    // Cached until the budget ran out, then no more: not all 300 (which would take 300 x the entry).
    expect(entries).toBeGreaterThan(0);
    expect(stored).toBeLessThanOrEqual(2 * maxBytes);
    expect(300 * (stored / entries)).toBeGreaterThan(4 * maxBytes);
    // Every key of the store carries the prefix: nothing was written outside it.
    const counters = await client.keys(`${own}rc:bytes:*`);
    expect(counters.length).toBeGreaterThan(0);
  });
});

describe('in-memory response cache bounded in bytes (RESPONSE_CACHE_MAX_BYTES)', () => {
  it('holds no more outside the heap than it counts, with other pooled buffers made between two stores', async () => {
    const store = createMemoryResponseStore({ maxBytes: 64_000_000, maxEntryBytes: 1_000_000 });
    const before = await heldArrayBuffers();
    let passing: Buffer[] = [];
    for (let i = 0; i < 5000; i += 1) {
      // A small answer, as distinct anonymous queries get (an alias makes each one new).
      const result = { data: { [`a${i}`]: { edges: [{ node: { title: `Article ${i}`, slug: `article-${i}` } }] } } };
      expect(await store.setIfCurrent('0', `key-${i}`, result, [{ typename: 'Article', id: i }], 60_000)).toBe(true);
      // What a request allocates from Buffer's shared pool besides (cursors, bodies), gone soon after.
      passing.push(Buffer.from('x'.repeat(3000)));
      if (passing.length > 20) passing = [];
    }
    passing = [];
    const held = (await heldArrayBuffers()) - before;
    const { bytes, entries } = store.usage();
    expect(entries).toBe(5000);
    // Pooled slices (Buffer.from) kept each a share of an 8 kB slab: 20.5 MB held for 2.6 MB counted.
    expect(held).toBeLessThan(bytes);
    expect(await store.get('key-4999')).toEqual({
      data: { a4999: { edges: [{ node: { title: 'Article 4999', slug: 'article-4999' } }] } },
    });
  });
});
