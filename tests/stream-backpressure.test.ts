import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { App } from '../src/app.js';
import { loadHttpConfig } from '../src/config.js';
import { createToken } from './helpers/auth.js';
import { createTestDatabase, type TestDatabase } from './helpers/db.js';
import { createArticle } from './helpers/factories.js';
import { appWithHttpPlugins, listenHttp } from './helpers/http.js';
import { heldArrayBuffers } from './helpers/memory.js';

// Subscription streams whose clients never read (finding 3): each event is ~1.5 MB, the cap 64 kB.
// Loopback's kernel buffers take a few MB of each stream first, so several events are published.
const CAP = 64 * 1024;
const SLOW_SSE = 4;
const SLOW_MULTIPART = 2;
const SLOW_WS = 2;
const MAX_EVENTS = 40;
const MORE_EVENTS = 6;
const EVENT_BYTES = 1_000_000;
const BODY = 'The council met again on Tuesday to weigh the harbour plans. '.repeat(80);
const ALIASES = Array.from({ length: 10 }, (_, i) => `b${i}: body`).join(' ');
const BIG = `subscription { articlePublished { slug section { articles(first: 30) { edges { node { ${ALIASES} } } } } } }`;

let database: TestDatabase;
let app: App;
let url: string;
let editor: Record<string, string>;
const sockets: Socket[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  editor = (await createToken(database.db, 'Backpressure desk', ['write:articles', 'read:drafts'])).headers;
  for (let i = 0; i < 30; i += 1) await createArticle(database.db, { slug: `held-${i}`, body: BODY, section: 'World' });
  app = appWithHttpPlugins(database, {
    responseCache: false,
    limits: { maxCost: 1_000_000 },
    subscriptions: { maxPerClient: 50, max: 100 },
  });
  url = await listenHttp(app, loadHttpConfig({ SUBSCRIPTION_MAX_BUFFERED_BYTES: String(CAP) }));
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
});

/** A raw HTTP subscription request whose socket is paused once the stream has begun: the client reads no event. */
async function unreadStream(accept: string, at = url): Promise<Socket> {
  const { port } = new URL(at);
  const body = JSON.stringify({ query: BIG });
  const socket = connect(Number(port), '127.0.0.1');
  socket.on('error', () => {});
  socket.write(
    `POST /graphql HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nAccept: ${accept}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
  await new Promise((resolve) => socket.once('data', resolve));
  socket.pause();
  sockets.push(socket);
  return socket;
}

/** A WebSocket that subscribes and then stops reading. */
async function unreadWebSocket(): Promise<Socket> {
  const ws = new WebSocket(url.replace('http:', 'ws:'), 'graphql-transport-ws');
  await new Promise((resolve) => ws.once('open', resolve));
  ws.send(JSON.stringify({ type: 'connection_init' }));
  await new Promise((resolve) => ws.once('message', resolve));
  ws.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: BIG } }));
  const socket = (ws as unknown as { _socket: Socket })._socket;
  socket.pause();
  socket.on('error', () => {});
  sockets.push(socket);
  return socket;
}

/** An SSE subscriber that reads every byte; `received` lists the slugs of its events. */
async function readingSubscriber(query: string, at = url): Promise<{ received: string[]; close(): Promise<void> }> {
  const response = await fetch(at, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ query }),
  });
  const text = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  // Its first bytes (a ping) come once it is subscribed.
  expect((await text.read()).done).toBe(false);
  const received: string[] = [];
  void (async () => {
    let buffer = '';
    for (;;) {
      const { done, value } = await text.read().catch(() => ({ done: true, value: '' }));
      if (done) return;
      buffer += value;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const slug = /"slug":"(held-[a-z]+-\d+)"/.exec(buffer.slice(0, end))?.[1];
        if (slug) received.push(slug);
        buffer = buffer.slice(end + 2);
      }
    }
  })();
  return { received, close: () => text.cancel() };
}

async function metric(name: string, labels: string, at = url): Promise<number> {
  const text = await (await fetch(at.replace('/graphql', '/metrics'))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

async function publishOne(i: number, at = url, tag = 'new'): Promise<void> {
  const gql = (query: string, variables: Record<string, unknown>) =>
    fetch(at, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...editor },
      body: JSON.stringify({ query, variables }),
    }).then((r) => r.json() as Promise<any>);
  const created = await gql(
    'mutation($input: CreateArticleInput!) { createArticle(input: $input) { ... on CreateArticleSuccess { article { id } } } }',
    {
      input: { title: `Held ${i}`, body: BODY, slug: `held-${tag}-${i}`, section: 'world' },
    },
  );
  const published = await gql('mutation($id: ID!) { publishArticle(id: $id) { __typename } }', {
    id: created.data.createArticle.article.id,
  });
  expect(published.data.publishArticle.__typename).toBe('PublishArticleSuccess');
}

describe('subscription streams whose clients stop reading (SUBSCRIPTION_MAX_BUFFERED_BYTES)', () => {
  it('closes every unread SSE, multipart and WebSocket stream and counts them; reading subscribers, of large events too, get every event', async () => {
    // Subscribers that read: one of small events, one of the same large events as the unread streams.
    const readers = await Promise.all(
      ['subscription { articlePublished { slug } }', BIG].map((query) => readingSubscriber(query)),
    );
    let published = 0;
    const caughtUp = async () => {
      for (let attempt = 0; attempt < 600 && readers.some((r) => r.received.length < published); attempt += 1)
        await new Promise((r) => setTimeout(r, 50));
      for (const reader of readers)
        expect(reader.received).toEqual(Array.from({ length: published }, (_, i) => `held-new-${i}`));
    };

    const slow = await Promise.all([
      ...Array.from({ length: SLOW_SSE }, () => unreadStream('text/event-stream')),
      ...Array.from({ length: SLOW_MULTIPART }, () =>
        unreadStream('multipart/mixed;subscriptionSpec="1.0",application/json'),
      ),
      ...Array.from({ length: SLOW_WS }, unreadWebSocket),
    ]);
    const closedStreams = async () =>
      (await metric('broadsheet_subscription_streams_unread_closed_total', 'transport="http"')) +
      (await metric('broadsheet_subscription_streams_unread_closed_total', 'transport="websocket"'));

    // Events until every unread stream is closed by the server (a paused client does not see the FIN).
    while ((await closedStreams()) < slow.length && published < MAX_EVENTS) await publishOne(published++);
    // The guard judges a marked stream at its sweep a whole interval later: on a loaded machine the
    // events can all be out before that sweep.
    for (let attempt = 0; attempt < 600 && (await closedStreams()) < slow.length; attempt += 1)
      await new Promise((r) => setTimeout(r, 50));
    expect(await metric('broadsheet_subscription_streams_unread_closed_total', 'transport="http"')).toBe(
      SLOW_SSE + SLOW_MULTIPART,
    );
    expect(await metric('broadsheet_subscription_streams_unread_closed_total', 'transport="websocket"')).toBe(SLOW_WS);
    // Resumed, each client reads what the kernel held for it, then the server's end of the stream.
    for (const socket of slow) socket.resume();
    await Promise.all(
      slow.map((socket) => (socket.destroyed ? undefined : new Promise((resolve) => socket.once('close', resolve)))),
    );
    await caughtUp();

    // Nothing accumulates for them any more: more events grow memory outside the heap by what the
    // readers' own events cost, not by what 8 unread streams of them would hold (~8 x 1.5 MB each).
    // What is held, not garbage not yet freed (heldArrayBuffers).
    const before = await heldArrayBuffers();
    for (let i = 0; i < MORE_EVENTS; i += 1) await publishOne(published++);
    await caughtUp();
    const grown = (await heldArrayBuffers()) - before;
    expect(grown).toBeLessThan((slow.length * MORE_EVENTS * EVENT_BYTES) / 4);
    expect(await closedStreams()).toBe(slow.length);
    for (const reader of readers) await reader.close();
  }, 180_000);
});

describe('all streams together (SUBSCRIPTION_MAX_BUFFERED_BYTES_TOTAL)', () => {
  it('closes the unread streams, those holding the most first, once all streams hold more than the total, and no reading one', async () => {
    // A server of its own: no per-stream cap to speak of, a total of 256 kB.
    const own = appWithHttpPlugins(database, {
      responseCache: false,
      limits: { maxCost: 1_000_000 },
      subscriptions: { maxPerClient: 50, max: 100 },
    });
    const at = await listenHttp(
      own,
      loadHttpConfig({
        SUBSCRIPTION_MAX_BUFFERED_BYTES: String(1024 * 1024 * 1024),
        SUBSCRIPTION_MAX_BUFFERED_BYTES_TOTAL: String(256 * 1024),
      }),
    );
    const reader = await readingSubscriber(BIG, at);
    const slow = await Promise.all(Array.from({ length: 3 }, () => unreadStream('text/event-stream', at)));
    let published = 0;
    while (
      (await metric('broadsheet_subscription_streams_unread_closed_total', 'transport="http"', at)) < slow.length &&
      published < MAX_EVENTS
    ) {
      await publishOne(published++, at, 'total');
    }
    for (
      let attempt = 0;
      attempt < 600 &&
      (await metric('broadsheet_subscription_streams_unread_closed_total', 'transport="http"', at)) < slow.length;
      attempt += 1
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await metric('broadsheet_subscription_streams_unread_closed_total', 'transport="http"', at)).toBe(
      slow.length,
    );
    for (let attempt = 0; attempt < 600 && reader.received.length < published; attempt += 1)
      await new Promise((r) => setTimeout(r, 50));
    expect(reader.received).toEqual(Array.from({ length: published }, (_, i) => `held-total-${i}`));
    await reader.close();
  }, 180_000);
});
