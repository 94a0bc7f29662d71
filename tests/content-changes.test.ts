import { beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { type ContentChange, createContentChanges } from '../src/changes.js';
import { startPublicationScheduler } from '../src/content/scheduler.js';
import { createInProcessEvents } from '../src/events.js';
import { createToken } from './helpers/auth.js';
import { createTestClient, createTestDatabase, type TestDatabase } from './helpers/db.js';
import { quietLogger } from './helpers/logger.js';

// The port committed content changes go through (src/changes.ts): one per app, and whoever
// listens to it stops listening when it is disposed or stopped.

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});

describe('the content changes port', () => {
  it('tells each subscription once, waits for them, moves lastChange, and forgets an unsubscribed listener', async () => {
    const changes = createContentChanges({ onListenerError: () => {} });
    const seen: ContentChange[] = [];
    let finished = false;
    const stop = changes.subscribe(async (change) => {
      await new Promise((resolve) => setTimeout(resolve, 20));
      seen.push(change);
      finished = true;
    });
    const failing = changes.subscribe(() => {
      throw new Error('a listener that fails does not stop the others');
    });
    const before = changes.lastChange();
    await new Promise((resolve) => setTimeout(resolve, 5));
    await changes.notify({ articleIds: [], entityIds: [] });
    expect(seen).toEqual([]);
    expect(changes.lastChange()).toBe(before);
    await changes.notify({ articleIds: [3], entityIds: [] });
    expect(finished).toBe(true);
    expect(seen).toEqual([{ articleIds: [3], entityIds: [] }]);
    expect(changes.lastChange()).toBeGreaterThan(before);
    expect(changes.listenerCount()).toBe(2);
    stop();
    failing();
    expect(changes.listenerCount()).toBe(0);
    await changes.notify({ articleIds: [4], entityIds: [] });
    expect(seen).toHaveLength(1);
  });

  it("an app's caches and feeds listen to its own port, and a disposed app leaves no listener on it", async () => {
    const changes = createContentChanges();
    const app = createApp({
      db: database.db,
      changes,
      httpPlugins: { logger: quietLogger, pool: database.pool, responseCache: { ttlMs: 60_000 } },
    });
    expect(app.changes).toBe(changes);
    // The response cache and the feeds and sitemaps.
    expect(changes.listenerCount()).toBe(2);
    await app.dispose();
    expect(changes.listenerCount()).toBe(0);
  });

  it("a mutation notifies its app's port, not another app's", async () => {
    const editor = (await createToken(database.db, 'Port desk', ['write:articles'])).headers;
    const one = createTestClient(database);
    const other = createTestClient(database);
    const heard: { one: ContentChange[]; other: ContentChange[] } = { one: [], other: [] };
    const stops = [
      one.app.changes.subscribe((change) => heard.one.push(change)),
      other.app.changes.subscribe((change) => heard.other.push(change)),
    ];
    try {
      const created = await one.query(
        'mutation ($input: CreateArticleInput!) { createArticle(input: $input) { __typename } }',
        { input: { title: 'Port story', body: 'Text.' } },
        editor,
      );
      expect(created.data).toEqual({ createArticle: { __typename: 'CreateArticleSuccess' } });
      expect(heard.one).toHaveLength(1);
      expect(heard.other).toEqual([]);
    } finally {
      for (const stop of stops) stop();
      await Promise.all([one.app.dispose(), other.app.dispose()]);
    }
  });

  it('a scheduler started with a timer listens to the port until it stops', async () => {
    const changes = createContentChanges();
    const scheduler = startPublicationScheduler({
      db: database.db,
      events: createInProcessEvents(),
      changes,
      intervalMs: 60_000,
    });
    expect(changes.listenerCount()).toBe(1);
    await scheduler.stop();
    expect(changes.listenerCount()).toBe(0);
  });
});
