import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPublicationScheduler } from '../src/content/scheduler.js';
import { createRedisEvents } from '../src/events.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle, globalId } from './helpers/factories.js';
import { observableEvents, subscribe } from './helpers/sse.js';

const REDIS_URL = process.env.TEST_REDIS_URL || 'redis://127.0.0.1:6379';

let database: TestDatabase;
let editor: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase();
  await createArticle(database.db, { slug: 'seed-sport', section: 'Sport' });
  await createArticle(database.db, { slug: 'seed-world', section: 'World' });
  editor = (await createToken(database.db, 'Live desk', ['write:articles', 'read:drafts'])).headers;
});

const PUBLISHED =
  'subscription($section: String) { articlePublished(section: $section) { slug status section { slug } } }';
const UPDATED = 'subscription($id: ID!) { articleUpdated(id: $id) { slug title version status } }';

async function createDraft(client: ReturnType<typeof createTestClient>, slug: string, section = 'world') {
  const result = await client.query(
    'mutation($input: CreateArticleInput!) { createArticle(input: $input) { ... on CreateArticleSuccess { article { id } } } }',
    { input: { title: `Title ${slug}`, body: 'Body.', slug, section } },
    editor,
  );
  return result.data.createArticle.article.id as string;
}

const publish = (client: ReturnType<typeof createTestClient>, id: string, at?: string) =>
  client.query(
    'mutation($id: ID!, $at: DateTime) { publishArticle(id: $id, at: $at) { __typename } }',
    { id, at },
    editor,
  );

describe('subscriptions in one instance', () => {
  it('articlePublished sends each article of the section as it is published, and nothing else', async () => {
    const events = observableEvents();
    const client = createTestClient(database, { events });
    const sport = await subscribe(client.app, PUBLISHED, { section: 'sport' });
    const all = await subscribe(client.app, PUBLISHED);
    expect(sport.status).toBe(200);
    const nextSport = sport.next();
    const nextAll = all.next();
    await events.listening('article:published', 2);
    const worldId = await createDraft(client, 'live-world');
    const sportId = await createDraft(client, 'live-sport', 'sport');
    expect((await publish(client, worldId)).data).toEqual({ publishArticle: { __typename: 'PublishArticleSuccess' } });
    await publish(client, sportId);
    expect(await nextSport).toEqual({
      data: { articlePublished: { slug: 'live-sport', status: 'PUBLISHED', section: { slug: 'sport' } } },
    });
    expect(await nextAll).toEqual({
      data: { articlePublished: { slug: 'live-world', status: 'PUBLISHED', section: { slug: 'world' } } },
    });
    expect(await all.next()).toEqual({
      data: { articlePublished: { slug: 'live-sport', status: 'PUBLISHED', section: { slug: 'sport' } } },
    });
    // Scheduling for later announces nothing yet.
    await publish(client, await createDraft(client, 'live-later'), new Date(Date.now() + 3_600_000).toISOString());
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(all.pending()).toEqual([]);
    await Promise.all([sport.close(), all.close()]);
  });

  it('refuses articlePublished for an unknown section', async () => {
    const client = createTestClient(database);
    const result = await client.query('subscription { articlePublished(section: "nowhere") { slug } }');
    expect(result.errors?.[0]).toMatchObject({
      message: 'No section has the slug "nowhere"',
      extensions: { code: 'BAD_USER_INPUT', argument: 'section' },
    });
  });

  it('articleUpdated sends the article after each change, fresh each time, and null when deleted', async () => {
    const events = observableEvents();
    const client = createTestClient(database, { events });
    const id = await createDraft(client, 'live-updated');
    const watch = await subscribe(client.app, UPDATED, { id }, editor);
    const first = watch.next();
    await events.listening(`article:updated:${Buffer.from(id, 'base64').toString().split(':')[1]}`);
    await client.query(
      'mutation($id: ID!) { updateArticle(input: { id: $id, expectedVersion: 1, title: "Second" }) { __typename } }',
      { id },
      editor,
    );
    expect(await first).toEqual({
      data: { articleUpdated: { slug: 'live-updated', title: 'Second', version: 2, status: 'DRAFT' } },
    });
    await client.query(
      'mutation($id: ID!) { updateArticle(input: { id: $id, expectedVersion: 2, title: "Third" }) { __typename } }',
      { id },
      editor,
    );
    expect(await watch.next()).toEqual({
      data: { articleUpdated: { slug: 'live-updated', title: 'Third', version: 3, status: 'DRAFT' } },
    });
    await client.query('mutation($id: ID!) { deleteArticle(id: $id) { __typename } }', { id }, editor);
    expect(await watch.next()).toEqual({ data: { articleUpdated: null } });
    await watch.close();
  });

  it('does not let the public subscribe to a draft (same answer as for no article at all)', async () => {
    const client = createTestClient(database);
    const id = await createDraft(client, 'live-secret');
    const draft = await client.query(UPDATED, { id });
    const missing = await client.query(UPDATED, { id: globalId('Article', 999999) });
    expect(draft.errors).toEqual([
      {
        message: 'No article with this id is visible to you',
        path: ['articleUpdated'],
        locations: expect.any(Array),
        extensions: { code: 'NOT_FOUND', argument: 'id' },
      },
    ]);
    expect(missing).toEqual(draft);
  });
});

describe('scheduled publications', () => {
  it('are announced once when due, even with two instances polling at the same moment', async () => {
    const events = observableEvents();
    const client = createTestClient(database, { events });
    const id = await createDraft(client, 'scheduled-soon');
    const watch = await subscribe(client.app, PUBLISHED);
    const first = watch.next();
    await events.listening('article:published');
    await publish(client, id, new Date(Date.now() + 800).toISOString());
    const instanceA = startPublicationScheduler({ db: database.db, events, intervalMs: 0 });
    const instanceB = startPublicationScheduler({ db: database.db, events, intervalMs: 0 });
    expect(await instanceA.tick()).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const claimed = await Promise.all([instanceA.tick(), instanceB.tick(), instanceA.tick()]);
    expect(claimed.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await first).toEqual({
      data: { articlePublished: { slug: 'scheduled-soon', status: 'PUBLISHED', section: { slug: 'world' } } },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(watch.pending()).toEqual([]);
    await watch.close();
  });

  it('the timer announces by itself', async () => {
    const events = observableEvents();
    const client = createTestClient(database, { events });
    const id = await createDraft(client, 'scheduled-timer');
    const watch = await subscribe(client.app, PUBLISHED);
    const next = watch.next(5000);
    await events.listening('article:published');
    await publish(client, id, new Date(Date.now() + 300).toISOString());
    const scheduler = startPublicationScheduler({ db: database.db, events, intervalMs: 100 });
    try {
      expect(await next).toEqual({
        data: { articlePublished: { slug: 'scheduled-timer', status: 'PUBLISHED', section: { slug: 'world' } } },
      });
    } finally {
      await scheduler.stop();
      await watch.close();
    }
  });
});

describe('across instances through Redis', () => {
  const prefix = `broadsheet-test-${randomBytes(4).toString('hex')}:`;
  const instanceA = createRedisEvents(REDIS_URL, prefix);
  const instanceB = createRedisEvents(REDIS_URL, prefix);
  const probe = new Redis(REDIS_URL);
  afterAll(async () => {
    await Promise.all([instanceA.close(), instanceB.close(), probe.quit()]);
  });

  async function subscribers(channel: string, count: number) {
    const deadline = Date.now() + 5000;
    for (;;) {
      const [, n] = (await probe.pubsub('NUMSUB', channel)) as [string, number];
      if (Number(n) >= count) return;
      if (Date.now() > deadline) throw new Error(`no subscriber on ${channel}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('a subscription on instance A receives a publication made through instance B', async () => {
    const clientA = createTestClient(database, { events: instanceA });
    const clientB = createTestClient(database, { events: instanceB });
    const id = await createDraft(clientB, 'across-redis', 'sport');
    const watch = await subscribe(clientA.app, PUBLISHED, { section: 'sport' });
    const next = watch.next();
    await subscribers(`${prefix}article:published`, 1);
    expect((await publish(clientB, id)).data).toEqual({ publishArticle: { __typename: 'PublishArticleSuccess' } });
    expect(await next).toEqual({
      data: { articlePublished: { slug: 'across-redis', status: 'PUBLISHED', section: { slug: 'sport' } } },
    });
    await watch.close();
  });

  it('a scheduled publication claimed by instance B reaches a subscriber on instance A', async () => {
    const clientA = createTestClient(database, { events: instanceA });
    const clientB = createTestClient(database, { events: instanceB });
    const id = await createDraft(clientB, 'across-redis-scheduled');
    const watch = await subscribe(clientA.app, UPDATED, { id }, editor);
    const next = watch.next();
    const articleId = Buffer.from(id, 'base64').toString().split(':')[1];
    await subscribers(`${prefix}article:updated:${articleId}`, 1);
    await publish(clientB, id, new Date(Date.now() + 300).toISOString());
    expect(await next).toMatchObject({
      data: { articleUpdated: { slug: 'across-redis-scheduled', status: 'SCHEDULED', version: 2 } },
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await startPublicationScheduler({ db: database.db, events: instanceB, intervalMs: 0 }).tick()).toBe(1);
    expect(await watch.next()).toEqual({
      data: {
        articleUpdated: {
          slug: 'across-redis-scheduled',
          title: 'Title across-redis-scheduled',
          version: 2,
          status: 'PUBLISHED',
        },
      },
    });
    await watch.close();
  });
});
