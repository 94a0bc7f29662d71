import { createHash, randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type AddressInfo, connect, createServer as createNetServer, type Socket } from 'node:net';
import { parse } from 'graphql';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { DEFAULT_RATE_LIMITS, loadFeedsConfig, loadHttpPluginsConfig, type RateLimitSettings } from '../src/config.js';
import { MAX_TAGS } from '../src/content/taxonomy.js';
import { requestCost } from '../src/feeds/routes.js';
import { operationCost } from '../src/http/limits.js';
import { createMemoryBucketStore } from '../src/http/rate-limits.js';
import { schema } from '../src/schema/index.js';
import { createToken } from './helpers/auth.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle } from './helpers/factories.js';
import { appWithHttpPlugins, codes, listenHttp, type RawResponse } from './helpers/http.js';
import { recordingLogger } from './helpers/logger.js';

const DEFAULT_FEEDS = loadFeedsConfig({});
let database: TestDatabase;
let reader: Record<string, string>;
let editor: Record<string, string>;
const redisClients: Redis[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  for (let i = 0; i < 12; i += 1)
    await createArticle(database.db, { slug: `limited-${i}`, body: 'A paragraph of the body. '.repeat(20) });
  reader = (await createToken(database.db, 'front end', ['read:drafts'])).headers;
  editor = (await createToken(database.db, 'news desk', ['write:articles'])).headers;
});

afterAll(async () => {
  for (const client of redisClients) client.disconnect();
});

const SMALL = '{ article(slug: "limited-1") { title } }';
const PAGE = '{ articles(first: 10) { edges { node { title body } } } }';
const costOf = (query: string) => Math.max(1, operationCost(schema, parse(query), undefined));

const settings = (
  anonymous: number,
  refill = 0.001,
  others: Partial<RateLimitSettings['policies']> = {},
): RateLimitSettings => ({
  ...DEFAULT_RATE_LIMITS,
  policies: {
    anonymous: { burst: anonymous, refillPerSecond: refill },
    token: { burst: 5000, refillPerSecond: 0.001 },
    editor: { burst: 50_000, refillPerSecond: 0.001 },
    ...others,
  },
});

/** A peer of the given address, as node:http's request would show it to yoga's serverContext. */
const peer = (address: string, forwardedFor?: string) => ({
  req: {
    socket: { remoteAddress: address },
    headers: forwardedFor ? { 'x-forwarded-for': forwardedFor } : {},
  } as unknown as IncomingMessage,
});

async function ask(
  app: App,
  query: string,
  from = '198.51.100.7',
  headers: Record<string, string> = {},
  method: 'GET' | 'POST' = 'POST',
): Promise<RawResponse> {
  const init: RequestInit =
    method === 'POST'
      ? {
          method,
          headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
          body: JSON.stringify({ query }),
        }
      : { method, headers: { accept: 'application/graphql-response+json', ...headers } };
  const url =
    method === 'POST' ? 'http://localhost/graphql' : `http://localhost/graphql?${new URLSearchParams({ query })}`;
  const response = await app.fetch(url, init, peer(from));
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: text ? JSON.parse(text) : undefined };
}

/** The `r` (remaining) of a RateLimit field. */
const remainingOf = (response: RawResponse) => Number(/;r=(\d+)/.exec(response.headers.get('ratelimit') ?? '')?.[1]);

function newRedis(): Redis {
  const client = new Redis({ host: '127.0.0.1', port: 6379, maxRetriesPerRequest: 1 });
  redisClients.push(client);
  return client;
}
const uniquePrefix = () => `test-rl-${randomBytes(6).toString('hex')}:`;
const ready = (client: Redis) =>
  client.status === 'ready' ? Promise.resolve() : new Promise((resolve) => client.once('ready', resolve));

function suite(name: string, makeApp: (limits: RateLimitSettings) => Promise<App>) {
  describe(name, () => {
    it('labels every answer with RateLimit-Policy and RateLimit, spending each operation its cost', async () => {
      const app = await makeApp(settings(1000));
      const first = await ask(app, SMALL);
      expect(first.status).toBe(200);
      expect(first.headers.get('ratelimit-policy')).toBe('"anonymous";q=1000;w=1000000');
      expect(first.headers.get('ratelimit')).toMatch(/^"anonymous";r=\d+;t=\d+$/);
      expect(remainingOf(first)).toBe(1000 - costOf(SMALL));
      const page = await ask(app, PAGE);
      expect(page.status).toBe(200);
      expect(page.json.data.articles.edges).toHaveLength(10);
      expect(costOf(PAGE)).toBeGreaterThan(100);
      expect(remainingOf(page)).toBe(1000 - costOf(SMALL) - costOf(PAGE));
      expect(page.headers.get('retry-after')).toBeNull();
      // An answer refused before execution (a syntax error) carries them too, and spends one point.
      const broken = await ask(app, '{ article(');
      expect(broken.status).toBe(400);
      expect(remainingOf(broken)).toBe(1000 - costOf(SMALL) - costOf(PAGE) - 1);
    });

    it('refuses an operation whose cost exceeds what is left, before it runs, while a cheap one still passes', async () => {
      const pageCost = costOf(PAGE);
      const app = await makeApp(settings(pageCost + 50));
      const before = database.stats.statements;
      expect((await ask(app, PAGE)).status).toBe(200);
      const ran = database.stats.statements - before;
      const refusedAt = database.stats.statements;
      const refused = await ask(app, PAGE);
      expect(refused.status).toBe(429);
      expect(codes(refused)).toEqual(['RATE_LIMITED']);
      expect(refused.json.data).toBeUndefined();
      expect(database.stats.statements - refusedAt).toBe(0);
      expect(ran).toBeGreaterThan(0);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(pageCost - 50 - costOf(SMALL));
      expect(refused.headers.get('ratelimit')).toMatch(/^"anonymous";r=50;t=\d+$/);
      expect(refused.json.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', cost: pageCost, remaining: 50 });
      // 50 points left: a query of cost 1 fits.
      const small = await ask(app, SMALL);
      expect(small.status).toBe(200);
      expect(small.json.data.article).not.toBeNull();
    });

    it('spends the cost of a persisted query sent by its hash alone', async () => {
      const app = await makeApp(settings(1000));
      const hash = createHash('sha256').update(PAGE).digest('hex');
      const extensions = JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } });
      const send = (params: Record<string, string>) =>
        app.fetch(
          `http://localhost/graphql?${new URLSearchParams(params)}`,
          { headers: { accept: 'application/graphql-response+json' } },
          peer('192.0.2.60'),
        );
      const unknown = await send({ extensions });
      expect(unknown.status).toBe(404);
      expect(unknown.headers.get('ratelimit')).toMatch(/r=999;/);
      expect((await send({ query: PAGE, extensions })).headers.get('ratelimit')).toMatch(
        new RegExp(`r=${999 - costOf(PAGE)};`),
      );
      const byHash = await send({ extensions });
      expect(byHash.status).toBe(200);
      expect(((await byHash.json()) as { data: { articles: { edges: unknown[] } } }).data.articles.edges).toHaveLength(
        10,
      );
      expect(byHash.headers.get('ratelimit')).toMatch(new RegExp(`r=${999 - 2 * costOf(PAGE)};`));
    });

    it('limits GET, batches and APQ alike, and answers a flooding client from memory once it is out', async () => {
      const app = await makeApp(settings(3));
      expect((await ask(app, SMALL, '192.0.2.10', {}, 'GET')).status).toBe(200);
      const hash = createHash('sha256').update(SMALL).digest('hex');
      const apq = await app.fetch(
        'http://localhost/graphql',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: SMALL, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } }),
        },
        peer('192.0.2.10'),
      );
      expect(apq.status).toBe(200);
      const batch = await app.fetch(
        'http://localhost/graphql',
        {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify([{ query: SMALL }, { query: SMALL }]),
        },
        peer('192.0.2.10'),
      );
      const answers = (await batch.json()) as { errors?: { extensions: { code: string } }[] }[];
      expect(answers.map((answer) => answer.errors?.[0]?.extensions.code ?? 'ok')).toEqual(['ok', 'RATE_LIMITED']);
      const get = await ask(app, SMALL, '192.0.2.10', {}, 'GET');
      expect(get.status).toBe(429);
      expect(codes(get)).toEqual(['RATE_LIMITED']);
      expect(Number(get.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      // Another address is not affected.
      expect((await ask(app, SMALL, '192.0.2.11')).status).toBe(200);
    });

    it('spends the cost of answers the response cache gives, and refuses them alike', async () => {
      const app = await makeApp(settings(costOf(PAGE) * 2 + 5));
      expect((await ask(app, PAGE, '192.0.2.77', {}, 'GET')).status).toBe(200);
      const before = database.stats.statements;
      const cached = await ask(app, PAGE, '192.0.2.77', {}, 'GET');
      expect(cached.status).toBe(200);
      expect(database.stats.statements - before).toBe(0);
      expect(remainingOf(cached)).toBe(5);
      const refused = await ask(app, PAGE, '192.0.2.77', {}, 'GET');
      expect(refused.status).toBe(429);
      expect(codes(refused)).toEqual(['RATE_LIMITED']);
    });

    it('gives token holders and editors their own buckets and policies, apart from their address', async () => {
      const app = await makeApp(settings(2));
      const address = '203.0.113.40';
      expect((await ask(app, SMALL, address)).status).toBe(200);
      expect((await ask(app, SMALL, address)).status).toBe(200);
      expect((await ask(app, SMALL, address)).status).toBe(429);
      const partner = await ask(app, SMALL, address, reader);
      expect(partner.status).toBe(200);
      expect(partner.headers.get('ratelimit-policy')).toBe('"token";q=5000;w=5000000');
      expect(remainingOf(partner)).toBe(5000 - costOf(SMALL));
      const desk = await ask(app, PAGE, address, editor);
      expect(desk.status).toBe(200);
      expect(desk.headers.get('ratelimit-policy')).toBe('"editor";q=50000;w=50000000');
      expect(remainingOf(desk)).toBe(50_000 - costOf(PAGE));
      // A made-up token is refused (401) and spends its address's budget, never a bucket of its own.
      const forged = await ask(app, SMALL, '203.0.113.41', { authorization: `Bearer bs_${'x'.repeat(43)}` });
      expect(forged.status).toBe(401);
      expect(forged.headers.get('ratelimit-policy')).toBe('"anonymous";q=2;w=2000');
      expect(remainingOf(forged)).toBe(1);
    });

    it('spends feeds and sitemaps from the same bucket as GraphQL, at their cost (src/feeds/routes.ts requestCost)', async () => {
      const feedCost = requestCost('/feeds/rss.xml', DEFAULT_FEEDS);
      const app = await makeApp(settings(feedCost * 2 + costOf(SMALL)));
      const address = '203.0.113.50';
      const get = async (path: string) => {
        const response = await app.fetch(`http://localhost${path}`, {}, peer(address));
        await response.arrayBuffer();
        return response;
      };
      const first = await get('/feeds/rss.xml');
      expect(first.status).toBe(200);
      expect(first.headers.get('ratelimit')).toBe(
        `"anonymous";r=${feedCost + costOf(SMALL)};t=${Number(/;t=(\d+)/.exec(first.headers.get('ratelimit')!)?.[1])}`,
      );
      expect((await get('/feeds/feed.json')).status).toBe(200);
      // One GraphQL operation's worth left: the next feed is refused, and GraphQL still gets its due.
      const refused = await get('/feeds/atom.xml');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(refused.headers.get('ratelimit-policy')).toMatch(/^"anonymous";q=/);
      expect((await ask(app, SMALL, address)).status).toBe(200);
      expect((await get('/robots.txt')).status).toBe(429);
      // Another client is not affected.
      const other = await app.fetch('http://localhost/sitemaps/index.xml', {}, peer('203.0.113.51'));
      expect(other.status).toBe(200);
      expect(other.headers.get('ratelimit')).toMatch(/^"anonymous";r=\d+;t=\d+$/);
    });
  });
}

suite('in memory', async (limits) =>
  appWithHttpPlugins(database, { rateLimits: limits, responseCache: { ttlMs: 60_000 } }));
suite('in Redis', async (limits) => {
  const redis = newRedis();
  await ready(redis);
  return appWithHttpPlugins(database, {
    rateLimits: limits,
    redis,
    redisKeyPrefix: uniquePrefix(),
    responseCache: { ttlMs: 60_000 },
  });
});

describe('shared through Redis', () => {
  it('two instances spend from one budget', async () => {
    const prefix = uniquePrefix();
    const [redisA, redisB] = [newRedis(), newRedis()];
    await Promise.all([ready(redisA), ready(redisB)]);
    const limits = settings(costOf(PAGE) * 2 + 10);
    const a = appWithHttpPlugins(database, { rateLimits: limits, redis: redisA, redisKeyPrefix: prefix });
    const b = appWithHttpPlugins(database, { rateLimits: limits, redis: redisB, redisKeyPrefix: prefix });
    expect((await ask(a, PAGE)).status).toBe(200);
    const second = await ask(b, PAGE);
    expect(second.status).toBe(200);
    expect(remainingOf(second)).toBeLessThanOrEqual(10 + 1);
    expect((await ask(a, PAGE)).status).toBe(429);
    expect((await ask(b, PAGE)).status).toBe(429);
    // The bucket is one key, which expires once it would be full again.
    const keys = await redisA.keys(`${prefix}ratelimit:*`);
    expect(keys).toHaveLength(1);
    expect(await redisA.pttl(keys[0]!)).toBeGreaterThan(0);
  });

  it('fails open, with a metric and a log line, when Redis does not answer', async () => {
    // Nothing listens on port 1: the client never becomes ready.
    const down = new Redis({
      host: '127.0.0.1',
      port: 1,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => 1000,
    });
    down.on('error', () => {});
    redisClients.push(down);
    const { logger, lines } = recordingLogger('warn');
    const app = appWithHttpPlugins(database, {
      rateLimits: settings(1),
      redis: down,
      redisKeyPrefix: uniquePrefix(),
      logger,
    });
    for (let i = 0; i < 3; i += 1) expect((await ask(app, SMALL)).status).toBe(200);
    const metrics = await app.ops.metrics.registry.getSingleMetricAsString('broadsheet_rate_limit_checks_total');
    expect(metrics).toMatch(/result="failed_open"} 3/);
    expect(lines.filter((line) => line.msg.startsWith('rate limits:')).map((line) => line.msg)).toEqual([
      'rate limits: Redis did not answer; requests are let through unlimited until it does',
    ]);
  });
});

describe('Redis that does not answer in time', () => {
  it('lets the request through after RATE_LIMIT_REDIS_TIMEOUT_MS instead of waiting', async () => {
    // A proxy to the real Redis that stops forwarding its answers once told to: the client stays
    // connected and ready, and its commands go unanswered.
    let stalled = false;
    const sockets = new Set<Socket>();
    const proxy = createNetServer((client) => {
      const upstream = connect(6379, '127.0.0.1');
      sockets.add(client).add(upstream);
      client.on('data', (chunk) => upstream.write(chunk));
      upstream.on('data', (chunk) => {
        if (!stalled) client.write(chunk);
      });
      const end = () => {
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const redis = new Redis({
      host: '127.0.0.1',
      port: (proxy.address() as AddressInfo).port,
      maxRetriesPerRequest: 1,
    });
    redis.on('error', () => {});
    redisClients.push(redis);
    await ready(redis);
    const app = appWithHttpPlugins(database, {
      rateLimits: { ...settings(1), redisTimeoutMs: 50 },
      redis,
      redisKeyPrefix: uniquePrefix(),
    });
    expect((await ask(app, SMALL)).status).toBe(200);
    expect((await ask(app, SMALL)).status).toBe(429);
    stalled = true;
    // Another client: the one refused a moment ago is answered from memory, without Redis.
    expect((await ask(app, SMALL)).status).toBe(429);
    const answer = await ask(app, SMALL, '198.51.100.250');
    expect(answer.status).toBe(200);
    expect(answer.json.data.article).not.toBeNull();
    expect(answer.headers.get('ratelimit')).toBe('"anonymous";r=1;t=0');
    const metrics = await app.ops.metrics.registry.getSingleMetricAsString('broadsheet_rate_limit_checks_total');
    expect(metrics).toMatch(/result="failed_open"} 1/);
    redis.disconnect();
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => proxy.close(resolve));
  });
});

describe('other routes and transports', () => {
  it('spends one point, not its cost, for an operation the cost limit refuses', async () => {
    const limited = appWithHttpPlugins(database, { rateLimits: settings(1000), limits: { maxCost: 100 } });
    for (const [headers, policy] of [
      [{}, 'anonymous'],
      [editor, 'editor'],
    ] as const) {
      const refused = await ask(limited, PAGE, '192.0.2.90', headers);
      expect(refused.status).toBe(400);
      expect(codes(refused)).toEqual(['QUERY_TOO_COMPLEX']);
      expect(refused.headers.get('ratelimit')).toMatch(
        new RegExp(`^"${policy}";r=${policy === 'editor' ? 49_999 : 999};`),
      );
    }
  });

  it('lets other HTTP routes spend from the same buckets with checkRequest', async () => {
    const app = appWithHttpPlugins(database, { rateLimits: settings(5) });
    const limiter = app.ops.rateLimiter!;
    const request = new Request('http://localhost/feeds/rss.xml');
    const first = await limiter.checkRequest(request, peer('192.0.2.200'), 4);
    expect(first).toMatchObject({
      allowed: true,
      headers: { 'RateLimit-Policy': '"anonymous";q=5;w=5000', RateLimit: '"anonymous";r=1;t=4000' },
    });
    const second = await limiter.checkRequest(request, peer('192.0.2.200'), 4);
    expect(second.allowed).toBe(false);
    expect(second.refusal!.status).toBe(429);
    expect(second.refusal!.headers.get('retry-after')).toBe('3000');
    expect(await second.refusal!.json()).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED' } }] });
    // The GraphQL endpoint sees the same bucket: one point is left.
    expect((await ask(app, SMALL, '192.0.2.200')).status).toBe(200);
    expect((await ask(app, SMALL, '192.0.2.200')).status).toBe(429);
  });

  it('limits subscriptions over server-sent events before a stream opens', async () => {
    const app = appWithHttpPlugins(database, { rateLimits: settings(1) });
    expect((await ask(app, SMALL, '192.0.2.201')).status).toBe(200);
    const stream = await app.fetch(
      'http://localhost/graphql',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
        body: JSON.stringify({ query: 'subscription { articlePublished { title } }' }),
      },
      peer('192.0.2.201'),
    );
    expect(stream.status).toBe(429);
    expect(Number(stream.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await stream.text()).toContain('"code":"RATE_LIMITED"');
  });
});

describe('the client address', () => {
  it('is read through X-Forwarded-For only from a trusted proxy', async () => {
    const trusted = appWithHttpPlugins(database, {
      rateLimits: settings(1),
      subscriptions: { trustedProxies: ['127.0.0.1'] },
    });
    const url = await listenHttp(trusted);
    const from = (client: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
        body: JSON.stringify({ query: SMALL }),
      });
    expect((await from('198.51.100.1')).status).toBe(200);
    expect((await from('198.51.100.1')).status).toBe(429);
    // The proxy's right-most untrusted entry is the client; what it wrote to the left is its own say.
    expect((await from('10.9.9.9, 198.51.100.2')).status).toBe(200);
    expect((await from('10.9.9.8, 198.51.100.2')).status).toBe(429);

    const untrusted = appWithHttpPlugins(database, { rateLimits: settings(1) });
    const direct = await listenHttp(untrusted);
    const send = (client: string) =>
      fetch(direct, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
        body: JSON.stringify({ query: SMALL }),
      });
    expect((await send('198.51.100.3')).status).toBe(200);
    // Without a trusted proxy the header is ignored: both are the loopback peer.
    expect((await send('198.51.100.4')).status).toBe(429);
  });

  it('counts an IPv6 client by its /64', async () => {
    const app = appWithHttpPlugins(database, { rateLimits: settings(1) });
    expect((await ask(app, SMALL, '2001:db8:1:2::1')).status).toBe(200);
    expect((await ask(app, SMALL, '2001:db8:1:2:ffff::9')).status).toBe(429);
    expect((await ask(app, SMALL, '2001:db8:1:3::1')).status).toBe(200);
  });
});

describe('memory', () => {
  it('holds the buckets of a flood of fresh addresses within its bytes', async () => {
    const maxBytes = 50_000;
    const app = appWithHttpPlugins(database, { rateLimits: { ...settings(10), memoryBytes: maxBytes } });
    for (let i = 0; i < 800; i += 1) {
      const response = await ask(app, '{ __typename }', `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`);
      expect(response.status).toBe(200);
    }
    const usage = app.ops.rateLimiter!.memoryUsage()!;
    expect(usage.bytes).toBeLessThanOrEqual(maxBytes);
    expect(usage.buckets).toBeLessThan(800);
    expect(usage.buckets).toBeGreaterThan(100);
  });

  it('keeps 300 000 distinct clients in the same bytes, and forgets full buckets', async () => {
    const store = createMemoryBucketStore(150_000);
    const size = { burst: 100, refillPerSecond: 10 };
    for (let i = 0; i < 300_000; i += 1) await store.take(`client-${i}`, 1, size);
    expect(store.bytes).toBeLessThanOrEqual(150_000);
    // Tokens that would fill the bucket again leave no entry behind.
    const idle = createMemoryBucketStore(500_000, () => 0);
    await idle.take('a', 0, size);
    expect(idle.size).toBe(0);
  });
});

describe('configuration', () => {
  it('is off unless RATE_LIMITS is on, and reads each policy', () => {
    expect(loadHttpPluginsConfig({}, 'production').rateLimits).toBeUndefined();
    const on = loadHttpPluginsConfig(
      { RATE_LIMITS: 'on', RATE_LIMIT_EDITOR_BURST: '900000', RATE_LIMIT_ANONYMOUS_REFILL_PER_SECOND: '50' },
      'production',
    ).rateLimits!;
    expect(on.policies.editor).toEqual({
      burst: 900_000,
      refillPerSecond: DEFAULT_RATE_LIMITS.policies.editor.refillPerSecond,
    });
    expect(on.policies.anonymous).toEqual({ burst: DEFAULT_RATE_LIMITS.policies.anonymous.burst, refillPerSecond: 50 });
    expect(() => loadHttpPluginsConfig({ RATE_LIMITS: 'on', RATE_LIMIT_TOKEN_BURST: '0' }, 'production')).toThrow(
      /RATE_LIMIT_TOKEN_BURST/,
    );
  });
});

describe('the cost of lists without a size argument', () => {
  it('counts the most items a field declares (listsUpTo: an article may carry 50 tags), not the default factor of 10', () => {
    const tags = costOf('{ articles(first: 10) { edges { node { tags { name } } } } }');
    const section = costOf('{ articles(first: 10) { edges { node { section { name } } } } }');
    expect(tags - section).toBe(10 * (MAX_TAGS - 1));
  });
});
