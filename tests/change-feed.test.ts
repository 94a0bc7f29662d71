import { createHash, randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/app.js';
import { createContentChanges } from '../src/changes.js';
import { recordContentChange } from '../src/content/after-write.js';
import { type ChangeFeed, startChangeFeed } from '../src/content/change-feed.js';
import { writeRecord } from '../src/content/importer.js';
import { latestContentChangeId, pruneContentChanges } from '../src/db/queries/content-changes.js';
import { type ArticleEvent, type ArticleEvents, createInProcessEvents, createRedisEvents } from '../src/events.js';
import { type LiveServer, startLiveServer } from './clients/helpers-subscriptions.js';
import { createToken } from './helpers/auth.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { quietLogger } from './helpers/logger.js';
import { runImportCli, type ServerProcess, startServerProcess } from './helpers/processes.js';
import { type Subscription, subscribe } from './helpers/sse.js';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';
const PUBLISHED = 'subscription { articlePublished { slug } }';
const UPDATED = 'subscription($id: ID!) { articleUpdated(id: $id) { slug title } }';
const LATEST = '{ articles(first: 20) { edges { node { slug } } } }';
const ID_OF = 'query($slug: String!) { article(slug: $slug) { id } }';

let processDb: TestDatabase;
let feedDb: TestDatabase;
let otherDb: TestDatabase;
const closing: (() => Promise<unknown>)[] = [];

beforeAll(async () => {
  [processDb, feedDb, otherDb] = await Promise.all([createTestDatabase(), createTestDatabase(), createTestDatabase()]);
});
afterAll(async () => {
  for (const close of closing.reverse()) await close().catch(() => {});
});

/** A GraphQL request over HTTP to a running server (any process). */
async function gql(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
  extensions?: object,
) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', ...headers },
    body: JSON.stringify({ query, variables, extensions }),
  });
  return (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
}

/** A subscription over server-sent events to a running server, through its port. */
function subscribeOver(url: string, query: string, variables: Record<string, unknown> = {}): Promise<Subscription> {
  const overHttp = { fetch: (_target: string, init: RequestInit) => fetch(url, init) } as unknown as App;
  return subscribe(overHttp, query, variables);
}

const slugsOf = (result: { data?: any }) =>
  (result.data?.articles.edges ?? []).map((e: { node: { slug: string } }) => e.node.slug) as string[];

/** Reads until `wanted` holds: a change made elsewhere reaches an instance shortly after its commit. */
async function eventually<T>(read: () => Promise<T>, wanted: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (wanted(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function metric(url: string, line: RegExp): Promise<number> {
  const text = await (await fetch(url.replace(/\/graphql$/, '/metrics'))).text();
  return Number(line.exec(text)?.[1] ?? 0);
}
const cacheHits = (url: string) => metric(url, /^broadsheet_response_cache_lookups_total\{result="hit"\} (\d+)/m);

const CREATE =
  'mutation($input: CreateArticleInput!) { createArticle(input: $input) { ... on CreateArticleSuccess { article { id } } } }';
const PUBLISH = 'mutation($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { __typename } }';

async function createDraft(
  send: (query: string, variables: Record<string, unknown>) => Promise<{ data?: any }>,
  slug: string,
): Promise<string> {
  const result = await send(CREATE, { input: { title: `Title ${slug}`, body: 'Body.', slug } });
  if (!result.data?.createArticle?.article) throw new Error(JSON.stringify(result));
  return result.data.createArticle.article.id as string;
}

/** Resolves once `count` has not moved for `quietMs` (at most `timeoutMs`). */
async function settled(count: () => number, quietMs = 500, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = count();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, quietMs));
    const now = count();
    if (now === last) return;
    last = now;
  }
}

describe('an import by the CLI, another process', () => {
  it("reaches a running server's response cache (the next read is fresh) and its open subscriptions", async () => {
    const server = await startServerProcess({ DATABASE_URL: processDb.url, REDIS_URL: undefined });
    closing.push(server.stop);
    const first = `feed-cli-${randomBytes(3).toString('hex')}`;
    const second = `${first}-more`;
    expect(
      await runImportCli(processDb.url, [
        {
          externalId: first,
          slug: first,
          title: 'First version',
          body: 'Imported.',
          publishedAt: '2026-11-01T00:00:00Z',
        },
      ]),
    ).toMatchObject({ code: 0 });
    expect(
      slugsOf(
        await eventually(
          () => gql(server.url, LATEST),
          (r) => slugsOf(r).includes(first),
        ),
      ),
    ).toContain(first);
    // The list is now answered from the cache.
    const hits = await cacheHits(server.url);
    expect(slugsOf(await gql(server.url, LATEST))).not.toContain(second);
    expect(await cacheHits(server.url)).toBe(hits + 1);

    const id = (await gql(server.url, ID_OF, { slug: first })).data.article.id;
    const updated = await subscribeOver(server.url, UPDATED, { id });
    const published = await subscribeOver(server.url, PUBLISHED);
    try {
      const run = await runImportCli(processDb.url, [
        {
          externalId: first,
          slug: first,
          title: 'Second version',
          body: 'Imported again.',
          publishedAt: '2026-11-01T00:00:00Z',
        },
        {
          externalId: second,
          slug: second,
          title: 'Another one',
          body: 'Imported.',
          publishedAt: '2026-11-02T00:00:00Z',
        },
      ]);
      expect(run).toMatchObject({ code: 0 });
      // Events that arrive while the import runs are queued: the wait starts once the CLI is done, so a
      // slow start of the CLI process on a loaded machine is not counted (it took over 20 s in one CI run).
      expect(await updated.next(20_000)).toEqual({
        data: { articleUpdated: { slug: first, title: 'Second version' } },
      });
      expect(await published.next(20_000)).toEqual({ data: { articlePublished: { slug: second } } });
      // Delivered once: the subscription has nothing more.
      expect(published.pending()).toEqual([]);
      expect(
        slugsOf(
          await eventually(
            () => gql(server.url, LATEST),
            (r) => slugsOf(r).includes(second),
          ),
        ),
      ).toContain(second);
    } finally {
      await Promise.all([updated.close(), published.close()]);
      await server.stop();
    }
  }, 180_000);
});

describe('two instances sharing one database and no Redis', () => {
  let editor: Record<string, string>;
  const instances: { server: LiveServer; events: ArticleEvents; feed: ChangeFeed }[] = [];

  beforeAll(async () => {
    editor = (await createToken(feedDb.db, 'Feed desk', ['write:articles', 'read:drafts'])).headers;
    for (let n = 0; n < 2; n += 1) {
      const events = createInProcessEvents();
      // This instance's port: its writes reach its listeners directly, others' through its feed.
      const changes = createContentChanges();
      const server = await startLiveServer(feedDb, {
        events,
        changes,
        httpPlugins: { nodeEnv: 'production', responseCache: { ttlMs: 60_000 }, logger: quietLogger },
      });
      // No polling here: a change missed by LISTEN is read because the connection came back.
      const feed = startChangeFeed({
        db: feedDb.db,
        pool: feedDb.pool,
        events,
        changes,
        retentionMs: 3_600_000,
        pollIntervalMs: 600_000,
      });
      await feed.ready;
      instances.push({ server, events, feed });
      closing.push(() => feed.close());
    }
  });

  it('a publication on A reaches subscribers on A and B once each, through the change feed', async () => {
    const [a, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
    const send = (query: string, variables: Record<string, unknown>) => a.server.query(query, variables, editor);
    const slug = `feed-two-${randomBytes(3).toString('hex')}`;
    const id = await createDraft(send, slug);
    const sentinelId = await createDraft(send, `${slug}-sentinel`);
    const onA = await subscribeOver(a.server.url, PUBLISHED);
    const onB = await subscribeOver(b.server.url, PUBLISHED);
    try {
      const cachedOnB = await b.server.query(LATEST);
      expect(slugsOf(cachedOnB)).not.toContain(slug);
      expect((await send(PUBLISH, { id })).data).toEqual({ publishArticle: { __typename: 'PublishArticleSuccess' } });
      expect(await onB.next(20_000)).toEqual({ data: { articlePublished: { slug } } });
      expect(await onA.next(20_000)).toEqual({ data: { articlePublished: { slug } } });
      // Published through A's bus by A itself: A's feed does not fire it again, B's fires it once.
      // A later publication is the next event on both, not a second copy of the first.
      await send(PUBLISH, { id: sentinelId });
      expect(await onB.next(20_000)).toEqual({ data: { articlePublished: { slug: `${slug}-sentinel` } } });
      expect(await onA.next(20_000)).toEqual({ data: { articlePublished: { slug: `${slug}-sentinel` } } });
      expect(slugsOf(await b.server.query(LATEST))).toContain(slug);
    } finally {
      await Promise.all([onA.close(), onB.close()]);
    }
  });

  it('an instance whose LISTEN connection is cut reads the changes committed meanwhile once it is back', async () => {
    const [, b] = instances as [(typeof instances)[0], (typeof instances)[0]];
    const slug = `feed-cut-${randomBytes(3).toString('hex')}`;
    await writeRecord(feedDb.db, {
      externalId: slug,
      slug,
      title: 'Before the cut',
      standfirst: null,
      body: 'Text.',
      section: null,
      publishedAt: new Date('2026-11-03T00:00:00Z'),
      status: 'PUBLISHED',
      summary: null,
      entities: [],
    });
    const id = (await b.server.query(ID_OF, { slug })).data.article.id;
    const updates = await subscribeOver(b.server.url, UPDATED, { id });
    const listeners = () =>
      sql<{
        pid: number;
      }>`select pid from pg_stat_activity where datname = current_database() and query ilike 'listen%' and pid <> pg_backend_pid()`.execute(
        feedDb.db,
      );
    try {
      const before = (await listeners()).rows.map((r) => r.pid);
      expect(before).toHaveLength(2);
      // B's listener is gone at the commit, so only reading on from its cursor can bring the change.
      await feedDb.db.transaction().execute(async (trx) => {
        await sql`select pg_terminate_backend(pid, 10000) from pg_stat_activity where pid = any(${before}::int[])`.execute(
          trx,
        );
        // pg_stat_activity is read once per transaction unless told otherwise.
        await sql`select pg_stat_clear_snapshot()`.execute(trx);
        expect(
          (
            await sql<{
              pid: number;
            }>`select pid from pg_stat_activity where query ilike 'listen%' and pid = any(${before}::int[])`.execute(
              trx,
            )
          ).rows,
        ).toEqual([]);
        const events: ArticleEvent[] = [];
        await writeRecord(
          trx,
          {
            externalId: slug,
            slug,
            title: 'Written while B was away',
            standfirst: null,
            body: 'Text.',
            section: null,
            publishedAt: new Date('2026-11-03T00:00:00Z'),
            status: 'PUBLISHED',
            summary: null,
            entities: [],
          },
          {},
          events,
        );
        await recordContentChange(trx, { articleIds: [], entityIds: [], bulk: true }, events);
      });
      expect(await updates.next(20_000)).toEqual({
        data: { articleUpdated: { slug, title: 'Written while B was away' } },
      });
      const after = (await eventually(listeners, (r) => r.rows.length === 2)).rows.map((r) => r.pid);
      expect(after.filter((pid) => before.includes(pid))).toEqual([]);
    } finally {
      await updates.close();
    }
  });

  it('an instance too far behind, or behind pruned changes, drops its whole cache instead', async () => {
    const events = createInProcessEvents();
    // This instance's port: its writes reach its listeners directly, others' through its feed.
    const changes = createContentChanges();
    const feed = startChangeFeed({
      db: feedDb.db,
      pool: feedDb.pool,
      events,
      changes,
      retentionMs: 3_600_000,
      maxBacklog: 2,
      pollIntervalMs: 600_000,
    });
    closing.push(() => feed.close());
    await feed.ready;
    const slug = `feed-backlog-${randomBytes(3).toString('hex')}`;
    const server = await startLiveServer(feedDb, {
      events,
      changes,
      httpPlugins: { nodeEnv: 'production', responseCache: { ttlMs: 60_000 }, logger: quietLogger },
    });
    const latest = await latestContentChangeId(feedDb.db);
    expect(slugsOf(await server.query(LATEST))).not.toContain(slug);
    // Three changes at once, past maxBacklog; written by "another process" (its origin differs).
    await feedDb.db.transaction().execute(async (trx) => {
      await writeRecord(trx, {
        externalId: slug,
        slug,
        title: 'Backlog',
        standfirst: null,
        body: 'Text.',
        section: null,
        publishedAt: new Date('2026-11-04T00:00:00Z'),
        status: 'PUBLISHED',
        summary: null,
        entities: [],
      });
      for (let n = 0; n < 3; n += 1) {
        await sql`insert into content_changes (origin, article_ids) values ('elsewhere', '{}')`.execute(trx);
      }
    });
    await feed.catchUp();
    expect(await latestContentChangeId(feedDb.db)).toBe(latest + 3);
    expect(slugsOf(await server.query(LATEST))).toContain(slug);

    // A change pruned before this instance read it leaves a hole: the whole cache goes too.
    const pruned = `${slug}-pruned`;
    expect(slugsOf(await server.query(LATEST))).not.toContain(pruned);
    await feedDb.db.transaction().execute(async (trx) => {
      await writeRecord(trx, {
        externalId: pruned,
        slug: pruned,
        title: 'Pruned',
        standfirst: null,
        body: 'Text.',
        section: null,
        publishedAt: new Date('2026-11-05T00:00:00Z'),
        status: 'PUBLISHED',
        summary: null,
        entities: [],
      });
      await sql`insert into content_changes (origin, article_ids) values ('elsewhere', '{}'), ('elsewhere', '{}')`.execute(
        trx,
      );
    });
    await sql`delete from content_changes where id = ${latest + 4}`.execute(feedDb.db);
    await feed.catchUp();
    expect(slugsOf(await server.query(LATEST))).toContain(pruned);
    // Changes older than the retention are pruned.
    await sql`update content_changes set created_at = now() - interval '2 hours' where origin = 'elsewhere'`.execute(
      feedDb.db,
    );
    expect(await pruneContentChanges(feedDb.db, 3_600_000)).toBe(4);
  });
});

describe('two deployments on one Redis with different REDIS_KEY_PREFIX', () => {
  it("see neither each other's events nor each other's cached answers; every key and channel carries its prefix", async () => {
    const token = randomBytes(4).toString('hex');
    const [prefixOne, prefixTwo] = [`bs-one-${token}:`, `bs-two-${token}:`];
    const probe = new Redis(REDIS_URL);
    closing.push(() => probe.quit());
    const deploy = async (database: TestDatabase, prefix: string) => {
      const events = createRedisEvents(REDIS_URL, prefix);
      // This instance's port: its writes reach its listeners directly, others' through its feed.
      const changes = createContentChanges();
      const redis = new Redis(REDIS_URL);
      const feed = startChangeFeed({ db: database.db, pool: database.pool, events, changes, retentionMs: 3_600_000 });
      closing.push(
        () => feed.close(),
        () => events.close(),
        () => redis.quit(),
      );
      await feed.ready;
      return startLiveServer(database, {
        events,
        changes,
        httpPlugins: {
          nodeEnv: 'production',
          responseCache: { ttlMs: 60_000 },
          redis,
          redisKeyPrefix: prefix,
          logger: quietLogger,
        },
      });
    };
    const one = await deploy(feedDb, prefixOne);
    const oneAgain = await deploy(feedDb, prefixOne);
    const two = await deploy(otherDb, prefixTwo);
    const editorOne = (await createToken(feedDb.db, 'Desk one', ['write:articles', 'read:drafts'])).headers;
    const editorTwo = (await createToken(otherDb.db, 'Desk two', ['write:articles', 'read:drafts'])).headers;
    const slug = `feed-prefix-${token}`;
    const idOne = await createDraft((q, v) => one.query(q, v, editorOne), slug);
    const idTwo = await createDraft((q, v) => two.query(q, v, editorTwo), `${slug}-two`);

    const onOneAgain = await subscribeOver(oneAgain.url, PUBLISHED);
    const onTwo = await subscribeOver(two.url, PUBLISHED);
    try {
      const channels = async (prefix: string) => (await probe.pubsub('CHANNELS', `${prefix}*`)) as string[];
      await eventually(
        () => channels(prefixTwo),
        (list) => list.length > 0,
      );
      await eventually(
        () => channels(prefixOne),
        (list) => list.length > 0,
      );
      expect(await channels(prefixOne)).toEqual([`${prefixOne}article:published`]);
      expect(await channels(prefixTwo)).toEqual([`${prefixTwo}article:published`]);
      expect(((await probe.pubsub('CHANNELS', `*${token}*`)) as string[]).sort()).toEqual([
        `${prefixOne}article:published`,
        `${prefixTwo}article:published`,
      ]);

      await one.query(PUBLISH, { id: idOne }, editorOne);
      expect(await onOneAgain.next(20_000)).toEqual({ data: { articlePublished: { slug } } });
      await two.query(PUBLISH, { id: idTwo }, editorTwo);
      // Deployment two's first event is its own: deployment one's never reached it.
      expect(await onTwo.next(20_000)).toEqual({ data: { articlePublished: { slug: `${slug}-two` } } });

      // The same query: deployment one caches its answer, shared by its instances; two has its own.
      // Work the publications set off in the background (the change feed's reads, the entity
      // refresh) settles first: it invalidates the cache, and a store racing with an invalidation is
      // refused (see createRedisResponseStore), so on a loaded machine one's answer could go uncached.
      await settled(() => feedDb.stats.statements);
      expect(slugsOf(await one.query(LATEST))).toContain(slug);
      // stored once one answers it from the cache
      const hitsBefore = await cacheHits(one.url);
      await eventually(
        async () => {
          await one.query(LATEST);
          return cacheHits(one.url);
        },
        (hits) => hits > hitsBefore,
      );
      await settled(() => feedDb.stats.statements);
      const statements = feedDb.stats.statements;
      expect(slugsOf(await oneAgain.query(LATEST))).toContain(slug);
      expect(feedDb.stats.statements).toBe(statements);
      expect(slugsOf(await two.query(LATEST))).toEqual([`${slug}-two`]);
      const keys = ((await probe.keys(`*${token}*`)) as string[]).sort();
      expect(keys.some((key) => key.startsWith(prefixOne))).toBe(true);
      expect(keys.some((key) => key.startsWith(prefixTwo))).toBe(true);
      expect(keys.filter((key) => !key.startsWith(prefixOne) && !key.startsWith(prefixTwo))).toEqual([]);
    } finally {
      await Promise.all([onOneAgain.close(), onTwo.close()]);
    }
  });
});

describe('two server processes share nothing but PostgreSQL and Redis', () => {
  let servers: ServerProcess[] = [];
  let editor: Record<string, string>;
  const prefix = `bs-shared-${randomBytes(4).toString('hex')}:`;

  beforeAll(async () => {
    editor = (await createToken(processDb.db, 'Shared desk', ['write:articles', 'read:drafts'])).headers;
    const env = { DATABASE_URL: processDb.url, REDIS_URL, REDIS_KEY_PREFIX: prefix, SCHEDULER_INTERVAL_MS: '200' };
    servers = [await startServerProcess(env), await startServerProcess(env)];
    for (const server of servers) closing.push(server.stop);
  }, 240_000);

  it('a persisted query registered on A runs on B', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const query = `{ articles(first: 1) { totalCount } } # ${prefix}`;
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };
    const hashOnly = (url: string) =>
      fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json' },
        body: JSON.stringify({ extensions: { persistedQuery } }),
      }).then((response) => response.json());
    expect((await hashOnly(b.url)).errors?.[0]?.message).toBe('PersistedQueryNotFound');
    expect((await gql(a.url, query, {}, {}, { persistedQuery })).data).toEqual({
      articles: { totalCount: expect.any(Number) },
    });
    expect(await hashOnly(b.url)).toEqual({ data: { articles: { totalCount: expect.any(Number) } } });
  });

  it("an answer cached by A is a cache hit on B, and a write on A is fresh on B's next read", async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const query = `{ articles(first: 5) { edges { node { slug } } } } # ${prefix} cached`;
    await gql(a.url, query);
    const hits = await cacheHits(b.url);
    await gql(b.url, query);
    expect(await cacheHits(b.url)).toBe(hits + 1);
    const slug = `feed-shared-${randomBytes(3).toString('hex')}`;
    const id = await createDraft((q, v) => gql(a.url, q, v, editor), slug);
    await gql(a.url, PUBLISH, { id }, editor);
    expect(slugsOf(await gql(b.url, query))).toContain(slug);
  });

  it("an import by the CLI reaches both instances' caches and subscribers, once on each", async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const slug = `feed-import-both-${randomBytes(3).toString('hex')}`;
    const query = `{ articles(first: 5) { edges { node { slug } } } } # ${prefix} import`;
    expect(slugsOf(await gql(a.url, query))).not.toContain(slug);
    const hits = await cacheHits(b.url);
    expect(slugsOf(await gql(b.url, query))).not.toContain(slug);
    expect(await cacheHits(b.url)).toBe(hits + 1);
    const sentinelId = await createDraft((q, v) => gql(a.url, q, v, editor), `${slug}-sentinel`);
    const onA = await subscribeOver(a.url, PUBLISHED);
    const onB = await subscribeOver(b.url, PUBLISHED);
    try {
      const probe = new Redis(REDIS_URL);
      await eventually(
        async () => Number(((await probe.pubsub('NUMSUB', `${prefix}article:published`)) as [string, number])[1]),
        (n) => n >= 2,
      );
      await probe.quit();
      const run = await runImportCli(
        processDb.url,
        [
          {
            externalId: slug,
            slug,
            title: 'Imported for both',
            body: 'Imported.',
            publishedAt: '2026-11-06T00:00:00Z',
          },
        ],
        {
          REDIS_URL,
          REDIS_KEY_PREFIX: prefix,
        },
      );
      expect(run).toMatchObject({ code: 0 });
      expect(await onA.next(20_000)).toEqual({ data: { articlePublished: { slug } } });
      expect(await onB.next(20_000)).toEqual({ data: { articlePublished: { slug } } });
      // Each instance fired it once: the next event on both is the next publication.
      await gql(b.url, PUBLISH, { id: sentinelId }, editor);
      expect(await onA.next(20_000)).toEqual({ data: { articlePublished: { slug: `${slug}-sentinel` } } });
      expect(await onB.next(20_000)).toEqual({ data: { articlePublished: { slug: `${slug}-sentinel` } } });
      expect(slugsOf(await gql(a.url, query))).toContain(slug);
      expect(slugsOf(await gql(b.url, query))).toContain(slug);
    } finally {
      await Promise.all([onA.close(), onB.close()]);
    }
  });

  it('a scheduled article is claimed once and announced once to subscribers on each instance', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const slug = `feed-scheduled-${randomBytes(3).toString('hex')}`;
    const id = await createDraft((q, v) => gql(a.url, q, v, editor), slug);
    const sentinelId = await createDraft((q, v) => gql(a.url, q, v, editor), `${slug}-sentinel`);
    const onA = await subscribeOver(a.url, PUBLISHED);
    const onB = await subscribeOver(b.url, PUBLISHED);
    try {
      const probe = new Redis(REDIS_URL);
      await eventually(
        async () => Number(((await probe.pubsub('NUMSUB', `${prefix}article:published`)) as [string, number])[1]),
        (n) => n >= 2,
      );
      await probe.quit();
      await gql(a.url, PUBLISH, { id, at: new Date(Date.now() + 1000).toISOString() }, editor);
      expect(await onA.next(20_000)).toEqual({ data: { articlePublished: { slug } } });
      expect(await onB.next(20_000)).toEqual({ data: { articlePublished: { slug } } });
      await gql(b.url, PUBLISH, { id: sentinelId }, editor);
      expect(await onA.next(20_000)).toEqual({ data: { articlePublished: { slug: `${slug}-sentinel` } } });
      expect(await onB.next(20_000)).toEqual({ data: { articlePublished: { slug: `${slug}-sentinel` } } });
      const { rows } = await sql<{
        n: string;
      }>`select count(*) as n from content_changes where events @> ${JSON.stringify([{ topic: 'article:published', payload: { articleId: Number(Buffer.from(id, 'base64').toString().split(':')[1]) } }])}::jsonb`.execute(
        processDb.db,
      );
      // The PUBLISH (scheduling) mutation announces nothing yet; the one claim announces it.
      expect(Number(rows[0]!.n)).toBe(1);
    } finally {
      await Promise.all([onA.close(), onB.close()]);
    }
  });
});
